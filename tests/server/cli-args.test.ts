import { describe, expect, it } from "vitest";
import { parseArgs } from "../../engine/node/main";

describe("npm run server arguments (redis-server style)", () => {
  it("defaults to port 6379 on 127.0.0.1 with the redis profile", () => {
    expect(parseArgs([])).toEqual({ port: 6379, bind: ["127.0.0.1"], profile: "redis", config: {} });
  });

  it("takes --name value pairs, joining several words up to the next --name", () => {
    const cli = parseArgs(["--port", "6380", "--save", "3600", "1", "300", "100", "--bind", "127.0.0.1", "::1", "--enable-debug-command", "yes", "--profile", "playground"]);
    expect(cli).toEqual({
      port: 6380,
      bind: ["127.0.0.1", "::1"],
      profile: "playground",
      config: { save: "3600 1 300 100", "enable-debug-command": "yes" },
    });
  });

  it("reads a name with no words after it as an empty value, as redis-server does for --save", () => {
    expect(parseArgs(["--save", "--appendonly", "no"]).config).toEqual({ save: "", appendonly: "no" });
    expect(parseArgs(["--save", ""]).config).toEqual({ save: "" });
  });

  it("refuses unknown parameters, stray words and bad ports", () => {
    expect(() => parseArgs(["--no-such-thing", "1"])).toThrow(/Bad directive/);
    expect(() => parseArgs(["6380"])).toThrow(/Bad directive/);
    expect(() => parseArgs(["--port", "70000"])).toThrow(/Invalid port/);
    expect(() => parseArgs(["--port", "x"])).toThrow(/Invalid port/);
    expect(() => parseArgs(["--profile", "nope"])).toThrow(/Unknown profile/);
  });
});
