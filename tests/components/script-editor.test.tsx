// @vitest-environment jsdom
/**
 * The Lua script editor through the learner's eyes: it loads only when opened, and Run sends
 * EVAL with the KEYS and ARGV fields through the shown console tab, so the line and its reply
 * appear in that tab's transcript. Monaco itself needs a real browser (tests/e2e); here a
 * textarea stands in for it behind the same props.
 */
import { screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import { splitArgs } from "@/engine/resp/split-args";
import { evalLine, quoteArg, splitField } from "@/components/editor/script-line";
import { LUA_API, commandSuggestions, inCommandName } from "@/components/editor/lua-completion";
import { renderPlayground, typed } from "./console-fixture";

const monacoLoads = vi.fn();
vi.mock("@/components/editor/MonacoLua", () => {
  monacoLoads();
  return {
    default: ({ value, onChange, onRun }: { value: string; onChange(v: string): void; onRun(): void }) => (
      <textarea
        aria-label="Lua script"
        value={value}
        onChange={(e) => onChange(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === "Enter" && e.ctrlKey) onRun();
        }}
      />
    ),
  };
});

describe("the script editor", () => {
  it("loads the editor only when opened, and runs EVAL in the shown tab", async () => {
    const { user, lines, run } = await renderPlayground();
    expect(monacoLoads).not.toHaveBeenCalled();
    expect(screen.queryByRole("textbox", { name: "Lua script" })).toBeNull();
    await user.click(screen.getByText("Lua script editor"));
    const script = await screen.findByRole("textbox", { name: "Lua script" });
    expect(monacoLoads).toHaveBeenCalledTimes(1);
    await user.clear(script);
    await user.type(script, typed("return {KEYS[1], ARGV[1]}"));
    const keys = screen.getByRole("textbox", { name: "KEYS (space-separated)" });
    const argv = screen.getByRole("textbox", { name: "ARGV (space-separated)" });
    await user.clear(keys);
    await user.type(keys, "user:1 other");
    await user.clear(argv);
    await user.type(argv, "hello");
    await user.click(screen.getByRole("button", { name: "Run in main" }));
    const line = '127.0.0.1:6379> EVAL "return {KEYS[1], ARGV[1]}" 2 user:1 other hello';
    await waitFor(() => expect(lines()).toContain(line));
    // The reply is whatever the instance answers to that EVAL, as if it had been typed.
    await waitFor(() => expect(lines().length).toBeGreaterThanOrEqual(lines().indexOf(line) + 2));
    const reply = lines()[lines().indexOf(line) + 1];
    await run('EVAL "return {KEYS[1], ARGV[1]}" 2 user:1 other hello');
    expect(lines().at(-1)).toBe(reply);
    // Ctrl+Enter runs too; the line joins the tab's history like a typed one.
    await user.click(script);
    await user.keyboard("{Control>}{Enter}{/Control}");
    await waitFor(() => expect(lines().filter((l) => l === line)).toHaveLength(3));
    const console_ = screen.getByRole("region", { name: "Redis console" });
    expect(within(console_).getByRole("textbox", { name: "Command" })).toBeTruthy();
  });
});

describe("the EVAL line", () => {
  it("quotes the script so redis-cli's parser reads back exactly the same arguments", () => {
    const script = "local s = \"say \\\"hi\\\"\"\nreturn redis.call('GET', KEYS[1])\t-- tab";
    expect(splitArgs(evalLine(script, ["a b", "c"], ["", "x\x00y"]))).toEqual(["EVAL", script, "2", "a b", "c", "", "x\x00y"]);
    expect(quoteArg("plain")).toBe("plain");
    expect(quoteArg("two words")).toBe('"two words"');
  });

  it("splits KEYS and ARGV fields by spaces, or by lines", () => {
    expect(splitField(" a  b ")).toEqual(["a", "b"]);
    expect(splitField("one value\nsecond")).toEqual(["one value", "second"]);
    expect(splitField("")).toEqual([]);
  });
});

describe("Lua completion", () => {
  it("offers the redis API, KEYS and ARGV, and command names inside redis.call's first string", () => {
    expect(LUA_API.map((s) => s.label)).toEqual(expect.arrayContaining(["redis.call", "redis.pcall", "KEYS", "ARGV", "redis.log"]));
    expect(inCommandName("local v = redis.call('IN")).toBe("IN");
    expect(inCommandName('redis.pcall("')).toBe("");
    expect(inCommandName("redis.call('GET', KEYS[1]")).toBeNull();
    const names = ["GET", "INCR", "INCRBY", "SET"];
    expect(commandSuggestions(names, "INC").map((s) => s.label)).toEqual(["INCR", "INCRBY"]);
    expect(commandSuggestions(names, "inc").map((s) => s.label)).toEqual(["incr", "incrby"]);
  });
});
