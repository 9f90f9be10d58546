/**
 * The runtime features the modules asked for (issue 8): raw-mode commands marked in the
 * transcript with their frame's bytes (F-7), replies carrying their engine time and wait, and
 * steps sent concurrently (F-4), scripted clients whose programs branch on replies, pause on
 * the clock and run interleaved, and the simulated slow database's query count (F-12).
 */
import { afterEach, describe, expect, it } from "vitest";
import { LocalEngine } from "@/engine/host/local";
import { createPlaygroundStore } from "@/components/state/playground-store";
import { storeTabs } from "@/components/lesson/store-tabs";
import { LessonSession } from "@/lessons/runtime/session";
import { followRawInput } from "@/lessons/runtime/raw-input";
import { branchOf, playPrograms } from "@/lessons/runtime/programs";
import { isDbQuery } from "@/lessons/runtime/slow-db";
import { playgroundOnlyReason } from "@/lessons/runtime/portability";
import type { Reply } from "@/engine/reply";
import type { ProgramOp, Step, TranscriptEntry } from "@/lessons/types";

const engines: LocalEngine[] = [];
afterEach(() => {
  while (engines.length) engines.pop()!.dispose();
});
/** With a scheduler (as the browser's worker has), DEBUG SLEEP holds the instance for real. */
const scheduler = { setTimeout: (fn: () => void, ms: number) => setTimeout(fn, ms), clearTimeout: (h: unknown) => clearTimeout(h as ReturnType<typeof setTimeout>) };
async function session(opts: { held?: boolean; paused?: boolean } = {}): Promise<LessonSession> {
  const e = new LocalEngine({ seed: 1, ...(opts.held ? { scheduler } : {}) });
  engines.push(e);
  const s = new LessonSession(e);
  await s.reset({ paused: opts.paused });
  return s;
}
const commands = (t: TranscriptEntry[]) => t.flatMap((e) => (e.kind === "command" ? [e] : []));
const replies = (t: TranscriptEntry[]) => t.flatMap((e) => (e.kind === "reply" ? [e] : []));

describe("raw mode in the transcript", () => {
  it("marks a raw step's commands raw, each with its own frame's bytes; a typed line is not", async () => {
    const s = await session();
    const out = await s.steps([{ raw: true, run: "*1\\r\\n$4\\r\\nPING\\r\\n*2\\r\\n$3\\r\\nGET\\r\\n$1\\r\\nk" }, { run: "PING" }, { raw: true, run: "PING" }]);
    expect(out.map((o) => o.text)).toEqual(["+PONG\\r\\n\n$-1\\r\\n", "PONG", "+PONG\\r\\n"]);
    expect(commands(s.engine.transcript())).toEqual([
      { kind: "command", line: "PING", raw: true, bytes: "*1\r\n$4\r\nPING\r\n" },
      { kind: "command", line: "GET k", raw: true, bytes: "*2\r\n$3\r\nGET\r\n$1\r\nk\r\n" },
      { kind: "command", line: "PING" },
      // An inline command typed in raw mode is raw too; its bytes say it was inline.
      { kind: "command", line: "PING", raw: true, bytes: "PING\r\n" },
    ]);
  });

  it("keeps a frame split over two raw lines as one command, and starts afresh after a protocol error", async () => {
    const s = await session();
    const out = await s.steps([
      { raw: true, run: "*2\\r\\n$4\\r\\nECHO" },
      { raw: true, run: "$2\\r\\nhi" },
      { raw: true, run: "*1\\r\\nx4\\r\\nPING" },
      { raw: true, run: "*1\\r\\n$4\\r\\nPING" },
    ]);
    expect(out.map((o) => o.text)).toEqual([
      "(4 bytes buffered: the frame is not complete yet)",
      "$2\\r\\nhi\\r\\n",
      "-ERR Protocol error: expected '$', got 'x'\\r\\n\nConnection closed by the server (protocol error). The next line opens a new connection.",
      "+PONG\\r\\n",
    ]);
    expect(commands(s.engine.transcript()).map((c) => [c.line, c.raw, c.bytes])).toEqual([
      ["ECHO hi", true, "*2\r\n$4\r\nECHO\r\n$2\r\nhi\r\n"],
      ["PING", true, "*1\r\n$4\r\nPING\r\n"],
    ]);
  });

  it("follows raw lines the console echoes into the playground's store, and not the session's own echo", async () => {
    const e = new LocalEngine({ seed: 1 });
    engines.push(e);
    const store = createPlaygroundStore();
    const s = new LessonSession(e, storeTabs(store));
    await s.reset();
    const stop = followRawInput(store, s);
    store.getState().patchTab("main", { raw: true });
    // What Repl.tsx does for a raw line: echo it, then send its bytes through runRaw.
    const typed = async (line: string, argv: string[]) => {
      store.getState().appendLines("main", [{ kind: "input", text: `RESP> ${line}` }]);
      await s.engine.exec(store.getState().tabs.main.clientId!, argv);
    };
    await s.steps([{ run: "PING" }]);
    await typed("*1\\r\\n$4\\r\\nPING", ["PING"]);
    // A raw step shows its own echo in the (raw) tab: told twice, the engine would take the
    // echo's copy for the next frame and miss the GET below.
    await s.steps([{ raw: true, run: "*2\\r\\n$4\\r\\nECHO\\r\\n$1\\r\\na" }]);
    await typed("*2\\r\\n$3\\r\\nGET\\r\\n$1\\r\\nx", ["GET", "x"]);
    stop();
    expect(commands(s.engine.transcript()).map((c) => [c.line, c.bytes])).toEqual([
      ["PING", undefined],
      ["PING", "*1\r\n$4\r\nPING\r\n"],
      ["ECHO a", "*2\r\n$4\r\nECHO\r\n$1\r\na\r\n"],
      ["GET x", "*2\r\n$3\r\nGET\r\n$1\r\nx\r\n"],
    ]);
  });
});

describe("timing in the transcript, and concurrent steps", () => {
  it("gives every reply its engine time and its wait (0 when it ran at once)", async () => {
    const s = await session();
    await s.steps([{ run: "SET k v" }]);
    const [r] = replies(s.engine.transcript());
    expect(r.waitedMs).toBe(0);
    expect(r.ms).toBeGreaterThanOrEqual(0);
  });

  it("sends a concurrent step while the one before sleeps: its reply waits, and reports it", async () => {
    const s = await session({ held: true });
    const started = performance.now();
    const out = await s.steps([
      { run: "SET k v" },
      { client: "A", run: "DEBUG SLEEP 0.4" },
      { client: "B", run: "GET k", concurrent: true },
      { client: "C", run: "GET k", concurrent: true },
      { run: "GET k" },
    ]);
    expect(performance.now() - started).toBeGreaterThanOrEqual(350);
    expect(out.map((o) => `${o.client}: ${o.text}`)).toEqual(["main: OK", "A: OK", 'B: "v"', 'C: "v"', 'main: "v"']);
    for (const tab of ["B", "C"]) expect(replies(s.engine.transcript(tab))[0].waitedMs).toBeGreaterThanOrEqual(300);
    // main's GET was sent after every step in flight had answered: it ran at once.
    expect(replies(s.engine.transcript()).at(-1)!.waitedMs).toBeLessThan(50);
  });

  it("without `concurrent`, the same steps run one after another and nothing waits", async () => {
    const s = await session({ held: true });
    await s.steps([{ client: "A", run: "DEBUG SLEEP 0.2" }, { client: "B", run: "GET k" }]);
    expect(replies(s.engine.transcript("B"))[0].waitedMs).toBeLessThan(50);
  });
});

/** Plain cache-aside, no lock: what each scripted app server runs. */
const asideOf = (client: string, when: Step = { advanceMs: 0 }): Step[] => [
  { actor: { client, when: "afterNextCommand", run: "GET cache:p", onReply: { nil: [{ run: "GET db:p" }, { run: "SET cache:p page EX 60" }] } } },
  when,
];

describe("scripted clients' programs", () => {
  it("branches on the reply: nil, ok, error, else", () => {
    const on = { nil: [{ run: "a" }], ok: [{ run: "b" }], error: [{ run: "c" }], else: [{ run: "d" }] };
    expect(branchOf(on, { t: "null" })).toEqual([{ run: "a" }]);
    expect(branchOf(on, { t: "nullarray" })).toEqual([{ run: "a" }]);
    expect(branchOf(on, { t: "simple", v: "OK" })).toEqual([{ run: "b" }]);
    expect(branchOf(on, { t: "error", v: "ERR x" })).toEqual([{ run: "c" }]);
    expect(branchOf(on, { t: "bulk", v: "x" })).toEqual([{ run: "d" }]);
    expect(branchOf({ nil: [{ run: "a" }] }, { t: "bulk", v: "x" })).toEqual([]);
  });

  it("runs requesters due together interleaved, so all three miss: a stampede the slow database counts", async () => {
    const s = await session();
    const requesters: Step[] = ["B", "C", "D"].map((client) => ({
      actor: { client, when: "afterNextCommand", run: "GET cache:p", onReply: { nil: [{ run: "GET db:p" }, { run: "SET cache:p page EX 60" }] } },
    }));
    await s.steps([{ run: "SET db:p page" }, ...requesters, { run: "PING" }]);
    expect(s.reader().slowDb()).toEqual({ queries: 3, byClient: { B: 1, C: 1, D: 1 } });
    expect(replies(s.engine.transcript("D")).map((r) => r.text)).toEqual(["(nil)", '"page"', "OK"]);
  });

  it("takes the other branch on a hit: no query", async () => {
    const s = await session();
    await s.steps([{ run: "SET cache:p page" }, ...asideOf("B"), { run: "PING" }]);
    expect(s.reader().slowDb()).toEqual({ queries: 0, byClient: {} });
    expect(replies(s.engine.transcript("B")).map((r) => r.text)).toEqual(['"page"']);
  });

  it("parks a client on waitMs (moving the instance clock) while the others go on", async () => {
    const s = await session({ paused: true });
    const t0 = await s.reader().now();
    await s.steps([
      { actor: { client: "B", when: "afterNextCommand", run: "SET lock L NX PX 5000", onReply: { ok: [{ waitMs: 100 }, { run: "SET cache:p page" }, { run: "DEL lock" }] } } },
      { actor: { client: "C", when: "afterNextCommand", run: "SET lock L NX PX 5000", onReply: { nil: [{ waitMs: 50 }, { run: "GET cache:p" }, { waitMs: 100 }, { run: "GET cache:p" }] } } },
      { run: "PING" },
    ]);
    // C looks at 50 ms (B still working) and again at 150 ms (B done at 100 ms).
    expect(replies(s.engine.transcript("C")).map((r) => r.text)).toEqual(["(nil)", "(nil)", '"page"']);
    expect((await s.reader().now()) - t0).toBe(150);
  });

  it("plays an afterClock actor once the clock passes its time, after an advance or a command", async () => {
    const s = await session({ paused: true });
    await s.steps([{ actor: { client: "B", when: "afterClock", ms: 1000, run: "INCR n" } }, { advanceMs: 999 }, { run: "GET n" }]);
    expect(s.engine.transcript("B")).toEqual([]);
    await s.steps([{ advanceMs: 1 }]);
    expect(replies(s.engine.transcript("B")).map((r) => r.text)).toEqual(["(integer) 1"]);
    expect(s.engine.pendingActors()).toEqual([]);
  });

  it("counts only reads of db:* keys by tabs and scripted clients, not writes, errors, or the checker", async () => {
    const s = await session();
    await s.steps([{ run: "SET db:a 1" }, { run: "GET db:a" }, { client: "B", run: "MGET x db:a db:b" }, { run: "HGETALL db:a" }, { run: "GET other" }]);
    await s.reader().command(["GET", "db:a"]);
    expect(s.reader().slowDb()).toEqual({ queries: 2, byClient: { main: 1, B: 1 } });
    expect(isDbQuery(["GET", "db:a"], { t: "simple", v: "QUEUED" })).toBe(false);
    await s.reset();
    expect(s.reader().slowDb().queries).toBe(0);
  });

  it("stops a program that runs away", async () => {
    // Nested 2,000 deep: each reply takes the `else` branch into the next level.
    const deep = (d: number): ProgramOp => (d ? { run: "x", onReply: { else: [deep(d - 1)] } } : { run: "x" });
    const io = { run: async (): Promise<Reply> => ({ t: "int", v: 1 }), now: async () => 0, waitUntil: async () => {} };
    await expect(playPrograms([{ client: "B", ...(deep(2000) as { run: string }) }], io)).rejects.toThrow(/client B ran more than 1000 instructions/);
    // The cap is per client: many one-line actors due together (F-10 arms 1,100) all run.
    let ran = 0;
    const counting = { ...io, run: async (): Promise<Reply> => (ran++, { t: "int", v: 1 }) };
    await playPrograms(Array.from({ length: 1500 }, (_, i) => ({ client: `c${i}`, run: "x" })), counting);
    expect(ran).toBe(1500);
  });

  it("counts an actor's pauses and DEBUG SLEEPs in every branch as real waits for the real-Redis replay", () => {
    const ex = (ms: number) => ({
      id: "x",
      expect: [],
      steps: [{ actor: { client: "B", when: "afterNextCommand" as const, run: "GET k", onReply: { nil: [{ waitMs: ms }], else: [{ run: "DEBUG SLEEP 1" }] } } }],
    });
    expect(playgroundOnlyReason(ex(1000))).toBeNull();
    expect(playgroundOnlyReason(ex(2500))).toMatch(/waits 3.5 s/);
  });
});
