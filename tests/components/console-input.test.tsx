// @vitest-environment jsdom
/**
 * The console's input through the learner's eyes: history that survives a reload (and a
 * corrupt saved history that does not crash anything), Tab completion, the grey argument hint,
 * HELP from the command table, and a pasted block run in order as a pipeline.
 */
import { cleanup, screen, waitFor } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { storageKeyFor } from "@/components/state/console-persistence";
import { renderPlayground } from "./console-fixture";

describe("history", () => {
  it("is kept per tab in localStorage and comes back after a reload", async () => {
    const first = await renderPlayground({ storageKey: "lesson-f1" });
    await first.run("SET a 1");
    await first.run("GET a");
    await first.user.click(screen.getByRole("button", { name: "New client tab" }));
    await first.run("PING");
    const saved = JSON.parse(localStorage.getItem(storageKeyFor("lesson-f1"))!);
    expect(saved).toEqual({
      v: 1,
      active: "tab-2",
      tabs: [
        { id: "main", label: "main", history: ["SET a 1", "GET a"] },
        { id: "tab-2", label: "tab 2", history: ["PING"] },
      ],
    });
    cleanup();

    const again = await renderPlayground({ storageKey: "lesson-f1" });
    expect(again.tabButtons().map((t) => t.textContent)).toEqual(["main", "tab 2"]);
    await again.user.click(again.tabButtons()[0]);
    await waitFor(() => expect(again.shown().input.disabled).toBe(false));
    const { input } = again.shown();
    await again.user.click(input);
    await again.user.keyboard("{ArrowUp}");
    expect(input.value).toBe("GET a");
    await again.user.keyboard("{ArrowUp}");
    expect(input.value).toBe("SET a 1");
    // Another playground instance has its own history.
    cleanup();
    const other = await renderPlayground({ storageKey: "lesson-f2" });
    await other.user.click(other.shown().input);
    await other.user.keyboard("{ArrowUp}");
    expect(other.shown().input.value).toBe("");
  });

  it.each([
    ["not JSON", "{oops"],
    ["another version", JSON.stringify({ v: 99, active: "main", tabs: [{ id: "main", label: "main", history: ["x"] }] })],
    ["wrong shapes", JSON.stringify({ v: 1, active: "main", tabs: [{ id: "main", label: 3, history: "x" }] })],
    ["no tabs", JSON.stringify({ v: 1, active: "main", tabs: [] })],
  ])("ignores a saved history that is %s", async (_, text) => {
    localStorage.setItem(storageKeyFor("corrupt"), text);
    const { run, lines, tabButtons, user, shown } = await renderPlayground({ storageKey: "corrupt" });
    expect(tabButtons().map((t) => t.textContent)).toEqual(["main"]);
    await run("PING");
    expect(lines()).toEqual(["127.0.0.1:6379> PING", "PONG"]);
    await user.keyboard("{ArrowUp}");
    expect(shown().input.value).toBe("PING");
    // …and replaces it with a good one.
    expect(JSON.parse(localStorage.getItem(storageKeyFor("corrupt"))!).tabs[0].history).toEqual(["PING"]);
  });
});

describe("completion, hints and HELP", () => {
  it("completes command names with Tab, cycling through candidates in the case typed", async () => {
    const { user, shown, run, lines } = await renderPlayground();
    const { input } = shown();
    await user.type(input, "HGETA");
    await waitFor(async () => {
      await user.keyboard("{Tab}");
      expect(input.value).toBe("HGETALL ");
    });
    await user.clear(input);
    await user.type(input, "incrb");
    await user.keyboard("{Tab}");
    expect(input.value).toBe("incrby");
    await user.keyboard("{Tab}");
    expect(input.value).toBe("incrbyfloat");
    await user.keyboard("{Tab}");
    expect(input.value).toBe("incrby");
    await user.clear(input);
    await user.type(input, "CLIENT SETN");
    await user.keyboard("{Tab}");
    expect(input.value).toBe("CLIENT SETNAME ");
    await user.clear(input);
    await run("ZZZ");
    expect(lines()[1]).toMatch(/^\(error\) ERR unknown command 'ZZZ'/);
  });

  it("shows redis-cli's argument hint for what is still to type", async () => {
    const { user, shown } = await renderPlayground();
    const { input } = shown();
    const hint = () => screen.queryByTestId("argument-hint")?.querySelectorAll("span")[1]?.textContent ?? null;
    await user.type(input, "SET");
    await waitFor(() => expect(hint()).toBe(" key value [NX|XX] [GET] [EX seconds|PX milliseconds|EXAT unix-time-seconds|PXAT unix-time-milliseconds|KEEPTTL]"));
    await user.type(input, " user:1 ");
    expect(hint()).toBe("value [NX|XX] [GET] [EX seconds|PX milliseconds|EXAT unix-time-seconds|PXAT unix-time-milliseconds|KEEPTTL]");
    await user.type(input, "v ");
    expect(hint()).toBe("[NX|XX] [GET] [EX seconds|PX milliseconds|EXAT unix-time-seconds|PXAT unix-time-milliseconds|KEEPTTL]");
    await user.clear(input);
    await user.type(input, "NOSUCHCMD ");
    expect(hint()).toBeNull();
  });

  it("answers HELP <command> itself from the command table, without sending it", async () => {
    const { engine, run, lines } = await renderPlayground();
    const calls = () => engine.server.stats.totalCommands;
    const before = calls();
    await run("HELP ZADD");
    expect(lines()).toHaveLength(2);
    expect(lines()[0]).toBe("127.0.0.1:6379> HELP ZADD");
    const help = lines()[1]!.split("\n");
    expect(help[0]).toBe("  ZADD key [NX|XX] [GT|LT] [CH] [INCR] score member [score member ...]");
    expect(help[1]).toMatch(/^ {2}summary: \S/);
    expect(help.slice(2)).toEqual([
      "  complexity: O(log(N)) for each item added, where N is the number of elements in the sorted set.",
      "  since: 1.2.0",
      "  group: sorted-set",
    ]);
    await run("help client list");
    expect(lines()[3]!.split("\n")[0]).toBe("  CLIENT LIST [TYPE NORMAL|MASTER|REPLICA|PUBSUB] [ID client-id [client-id ...]]");
    await run("HELP NOPE");
    expect(lines()[5]).toBe("No help for 'NOPE'.");
    await run("HELP config");
    expect(lines()[7]!.split("\n").at(-1)).toBe("  subcommands: GET, HELP, RESETSTAT, REWRITE, SET");
    expect(calls()).toBe(before);
  });
});

describe("paste", () => {
  it("runs a pasted block of lines in order, as one pipeline", async () => {
    const { paste, lines } = await renderPlayground();
    await paste("SET n 10\nINCR n\r\n\nGET n\n", 3);
    expect(lines()).toEqual([
      "127.0.0.1:6379> SET n 10",
      "OK",
      "127.0.0.1:6379> INCR n",
      "(integer) 11",
      "127.0.0.1:6379> GET n",
      '"11"',
      expect.stringMatching(/^pipeline: 3 commands sent together, 1 round trip/),
    ]);
  });
});
