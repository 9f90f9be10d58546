import js from "@eslint/js";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["node_modules/", ".next/", "out/", "next-env.d.ts", "engine/commands/meta.generated.ts"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/no-non-null-assertion": "off",
      "no-constant-condition": ["error", { checkLoops: false }],
      "no-control-regex": "off",
    },
  },
  {
    // The engine is pure: no wall clock, no DOM, no Node APIs outside engine/node/.
    files: ["engine/**/*.ts"],
    ignores: ["engine/node/**"],
    rules: {
      "no-restricted-imports": ["error", { patterns: ["node:*", "react", "react-dom", "next/*"] }],
      "no-restricted-properties": ["error", { object: "Date", property: "now", message: "Take time from the instance's Clock." }, { object: "Math", property: "random", message: "Take randomness from the instance's Rng." }],
    },
  },
);
