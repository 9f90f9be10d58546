import js from "@eslint/js";
import globals from "globals";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["node_modules/", ".next/", "out/", "next-env.d.ts", "engine/commands/meta.generated.ts"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    // Scripts and browser-test drivers run directly under Node.
    files: ["**/*.mjs"],
    languageOptions: { globals: globals.node },
  },
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/no-non-null-assertion": "off",
      "no-constant-condition": ["error", { checkLoops: false }],
      "no-control-regex": "off",
    },
  },
  {
    // The engine is headless: no DOM frameworks, and no Node APIs outside engine/node/.
    files: ["engine/**/*.ts"],
    ignores: ["engine/node/**"],
    rules: {
      "no-restricted-imports": ["error", { patterns: ["node:*", "react", "react-dom", "next/*"] }],
    },
  },
  {
    // …and deterministic: time and randomness are injected. Only hosts (the Node server, the
    // Web Worker) read the wall clock to build the Clock they pass in.
    files: ["engine/**/*.ts"],
    ignores: ["engine/node/**", "engine/host/**"],
    rules: {
      "no-restricted-properties": ["error", { object: "Date", property: "now", message: "Take time from the instance's Clock." }, { object: "Math", property: "random", message: "Take randomness from the instance's Rng." }],
    },
  },
);
