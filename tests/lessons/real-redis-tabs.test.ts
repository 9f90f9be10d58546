/**
 * The real-Redis replayer and the portability decision the shared suite rests on: they must be
 * able to fail. A wrong stored reply is reported, RESP3 renders after HELLO 3, a subscriber tab
 * keeps its messages, actors and repeats play as on the engine, and reset() leaves nothing of
 * the last example behind (subscribers, config, data).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MAX_REAL_WAIT_MS, PLAYGROUND_ONLY_CONFIG, playgroundOnlyReason, realRedisPlan } from "@/lessons/runtime/portability";
import type { Example, Step } from "@/lessons/types";
import { lessonSessions, pushesOf } from "../support/lesson-sessions";
import { RealRedisTabs } from "../support/real-redis-tabs";

const sessions = lessonSessions();
let real: RealRedisTabs;
beforeAll(async () => {
  real = await RealRedisTabs.start();
});
afterAll(async () => {
  await real?.stop();
});

describe("RealRedisTabs", () => {
  it("reports a stored reply real Redis does not give, and passes the right one", async () => {
    const examples: Example[] = [
      { id: "good", steps: [{ run: "SET a 1" }, { run: "INCR a" }], expect: ["OK", "(integer) 2"] },
      { id: "bad", steps: [{ run: "SET b x" }, { run: "STRLEN b" }, { run: "TIME" }], expect: ["OK", "(integer) 2", null] },
    ];
    expect(await real.replayExamples(examples)).toEqual([{ example: "bad", step: 1, line: "STRLEN b", expected: "(integer) 2", real: "(integer) 1" }]);
  });

  it("continues a chained example on the state the one before left, and starts a fresh one empty", async () => {
    const examples: Example[] = [
      { id: "one", steps: [{ run: "SET k v" }], expect: ["OK"] },
      { id: "two", fresh: false, steps: [{ run: "GET k" }], expect: ['"v"'] },
      { id: "three", steps: [{ run: "EXISTS k" }], expect: ["(integer) 0"] },
    ];
    expect(await real.replayExamples(examples)).toEqual([]);
  });

  it("renders a tab's replies in RESP3 after HELLO 3, and the other tabs' in RESP2", async () => {
    await real.reset();
    const out = await real.run([
      { run: "HSET h f 1" },
      { client: "three", run: "HELLO 3" },
      { client: "three", run: "HGETALL h" },
      { run: "HGETALL h" },
      { client: "three", run: "RESET" },
      { client: "three", run: "HGETALL h" },
    ]);
    expect(out[1]).toMatch(/^1# "server" => "redis"/);
    expect(out.slice(2)).toEqual(['1# "f" => "1"', '1) "f"\n2) "1"', "RESET", '1) "f"\n2) "1"']);
  });

  it("prints what the REPL prints on the engine, RESP3 tabs and their pushes included", async () => {
    const steps: Example["steps"] = [
      { client: "r3", run: "HELLO 3" },
      { client: "r3", run: "SUBSCRIBE ch" },
      { run: "ZADD z 1.1 a 2 b" },
      { run: "SADD s 3 1 2" },
      { run: "HSET h f v" },
      { run: "PUBLISH ch hello" },
      ...["ZSCORE z a", "ZRANGE z 0 -1 WITHSCORES", "SMEMBERS s", "HGETALL h", "OBJECT ENCODING s", "3 INCR n", "GET nope", "LPUSH h x"].flatMap((line) => [
        { run: line },
        { client: "r3", run: "RESET" },
        { client: "r3", run: "HELLO 3" },
        { client: "r3", run: line },
      ]),
    ];
    const engine = await sessions.session();
    const onEngine = (await engine.steps(steps)).map((o) => `${o.client}> ${o.line}\n${o.text}`);
    await real.reset();
    const runs = steps.flatMap((s) => ("run" in s ? [s] : []));
    const onReal = (await real.run(steps)).map((text, i) => `${runs[i].client ?? "main"}> ${runs[i].run}\n${text}`);
    // HELLO's reply carries the server's id and version: the conformance suite compares it, not this.
    const notHello = (t: string) => !t.includes("> HELLO 3\n");
    expect(onReal.filter(notHello)).toEqual(onEngine.filter(notHello));
    expect(onReal.filter(notHello).join("\n")).toContain('main> ZSCORE z a\n"1.1000000000000001"');
    expect(onReal.filter(notHello).join("\n")).toContain('r3> ZSCORE z a\n(double) 1.1000000000000001');
    expect(await real.drain("r3")).toEqual(pushesOf(engine, "r3"));
  });

  it("keeps a subscriber's messages apart from its replies, in RESP2 and RESP3", async () => {
    await real.reset();
    const out = await real.run([
      { client: "s", run: "SUBSCRIBE news sport" },
      { client: "p", run: "HELLO 3" },
      { client: "p", run: "PSUBSCRIBE n*" },
      { run: "PUBLISH news hi" },
      { client: "s", run: "PING" },
    ]);
    expect(out[0]).toBe('1) "subscribe"\n2) "news"\n3) (integer) 1\n1) "subscribe"\n2) "sport"\n3) (integer) 2');
    expect(out.slice(3)).toEqual(["(integer) 2", '1) "pong"\n2) ""']);
    expect(await real.drain("s")).toEqual(['1) "message"\n2) "news"\n3) "hi"']);
    expect(await real.drain("p")).toEqual(['1) "pmessage"\n2) "n*"\n3) "news"\n4) "hi"']);
  });

  it("plays an actor after its tab's next command, and repeats a line with a count", async () => {
    await real.reset();
    const out = await real.run([
      { run: "SET n 0" },
      { actor: { client: "B", when: "afterNextCommand", run: "INCRBY n 10" } },
      { client: "B", run: "PING" },
      { run: "GET n" },
      { run: "PING" },
      { run: "3 INCR n" },
    ]);
    expect(out).toEqual(["OK", "PONG", '"0"', "PONG", "(integer) 11\n(integer) 12\n(integer) 13"]);
    await real.reset();
    const actorAfterMain = await real.run([{ actor: { client: "B", when: "afterNextCommand", run: "SET x 1" } }, { run: "EXISTS x" }, { run: "EXISTS x" }]);
    expect(actorAfterMain).toEqual(["(integer) 0", "(integer) 1"]);
  });

  it("types raw lines as the engine's raw mode does: frames, a split frame, an inline command, a protocol error", async () => {
    const steps: Step[] = [
      { raw: true, run: "*3\\r\\n$3\\r\\nSET\\r\\n$1\\r\\nk\\r\\n$5\\r\\na\\r\\nbc\\r\\n*2\\r\\n$3\\r\\nGET\\r\\n$1\\r\\nk" },
      { raw: true, run: "*2\\r\\n$6\\r\\nSTRLEN" },
      { raw: true, run: "$1\\r\\nk" },
      { raw: true, run: "INCR n" },
      { raw: true, run: "*1\\r\\nx4\\r\\nPING" },
      { raw: true, run: "*1\\r\\n$4\\r\\nPING" },
      { run: "GET k" },
    ];
    const engine = await sessions.session();
    const onEngine = (await engine.steps(steps)).map((o) => o.text);
    await real.reset();
    const onReal = await real.run(steps);
    expect(onReal).toEqual(onEngine);
    expect(onReal[0]).toBe("+OK\\r\\n\n$5\\r\\na\\r\\nbc\\r\\n");
    expect(onReal[4]).toMatch(/^-ERR Protocol error: expected '\$', got 'x'\\r\\n\nConnection closed/);
  });

  it("sends a concurrent step while the one before is still waiting for its reply", async () => {
    // Played one after the other, BLPOP would wait forever: the LPUSH has to go out meanwhile.
    const steps: Step[] = [
      { client: "worker", run: "BLPOP q 0" },
      { client: "app", run: "LPUSH q job", concurrent: true },
      { run: "LLEN q" },
    ];
    await real.reset();
    const onReal = await real.run(steps);
    const engine = await sessions.session();
    expect(onReal).toEqual((await engine.steps(steps)).map((o) => o.text));
    expect(onReal).toEqual(['1) "q"\n2) "job"', "(integer) 1", "(integer) 0"]);
  });

  it("plays requesters' programs interleaved, branching on replies, and counts their database queries", async () => {
    const aside = (client: string): Step => ({
      actor: { client, when: "afterNextCommand", run: "GET cache:p", onReply: { nil: [{ run: "GET db:p" }, { waitMs: 20 }, { run: "SET cache:p page EX 60" }] } },
    });
    const steps: Step[] = [{ run: "SET db:p page" }, aside("B"), aside("C"), aside("D"), { run: "PING" }, aside("E"), { run: "PING" }, { run: "GET cache:p" }];
    await real.reset();
    const onReal = await real.run(steps);
    const engine = await sessions.session();
    expect(onReal).toEqual((await engine.steps(steps)).map((o) => o.text));
    // B, C and D missed together (three queries); E came after the refill and hit.
    expect(real.slowDb()).toEqual({ queries: 3, byClient: { B: 1, C: 1, D: 1 } });
    expect(engine.reader().slowDb()).toEqual(real.slowDb());
  });

  it("plays an afterClock actor once that much time has passed", async () => {
    await real.reset();
    const out = await real.run([{ actor: { client: "B", when: "afterClock", ms: 100, run: "SET late 1" } }, { run: "EXISTS late" }, { advanceMs: 150 }, { run: "EXISTS late" }]);
    expect(out).toEqual(["(integer) 0", "(integer) 1"]);
  });

  it("resets to a fresh state: no subscriber left, config as started, data and slow log gone", async () => {
    await real.reset();
    await real.run([{ client: "s", run: "SUBSCRIBE c" }, { run: "CONFIG SET hash-max-listpack-entries 4" }, { run: "SET k v" }, { run: "DEBUG SLEEP 0.02" }]);
    await real.reset({ "zset-max-listpack-entries": "7" });
    expect(
      await real.run([
        { run: "PUBLISH c x" },
        { run: "CONFIG GET hash-max-listpack-entries" },
        { run: "CONFIG GET zset-max-listpack-entries" },
        { run: "DBSIZE" },
        { run: "SLOWLOG LEN" },
      ]),
    ).toEqual(["(integer) 0", '1) "hash-max-listpack-entries"\n2) "512"', '1) "zset-max-listpack-entries"\n2) "7"', "(integer) 0", "(integer) 0"]);
  });
});

describe("which examples real Redis replays", () => {
  const ex = (id: string, steps: Example["steps"], fresh?: boolean): Example => ({ id, steps, expect: steps.filter((s) => "run" in s).map(() => null), fresh });

  it("runs plain lines, DEBUG and short waits; leaves out long waits, the REPL's own HELP and playground config", () => {
    expect(playgroundOnlyReason(ex("plain", [{ run: "SET a 1" }, { run: "DEBUG OBJECT a" }, { run: "CONFIG GET hash-*" }]))).toBeNull();
    expect(playgroundOnlyReason(ex("short", [{ advanceMs: 1000 }, { run: "DEBUG SLEEP 0.5" }, { advanceMs: MAX_REAL_WAIT_MS - 1500 }]))).toBeNull();
    expect(playgroundOnlyReason(ex("long", [{ advanceMs: 2000 }, { run: "DEBUG SLEEP 1.5" }]))).toMatch(/waits 3.5 s/);
    expect(playgroundOnlyReason(ex("help", [{ run: "HELP SET" }]))).toMatch(/answered by the REPL/);
    expect(playgroundOnlyReason(ex("mem", [{ run: "CONFIG GET max*" }]))).toMatch(/maxmemory, whose playground default \(67108864\)/);
    expect(playgroundOnlyReason(ex("setmem", [{ run: "CONFIG SET hz 20 maxmemory 1mb" }]))).toMatch(/maxmemory/);
    expect(playgroundOnlyReason(ex("actor", [{ actor: { client: "b", when: "afterNextCommand", run: "CONFIG GET maxmemory" } }]))).toMatch(/maxmemory/);
  });

  it("knows the playground's own config from the parameter table, not from a hand list", () => {
    const names = PLAYGROUND_ONLY_CONFIG.map((p) => p.name);
    expect(names).toContain("maxmemory");
    expect(names).not.toContain("enable-debug-command");
    expect(PLAYGROUND_ONLY_CONFIG.filter((p) => p.redis === null).length).toBeGreaterThan(0);
  });

  it("leaves out an example that continues one left out", () => {
    const plan = realRedisPlan({
      examples: [ex("a", [{ run: "SET a 1" }]), ex("b", [{ advanceMs: 60_000 }]), ex("c", [{ run: "GET a" }], false), ex("d", [{ run: "GET a" }], false), ex("e", [{ run: "GET a" }])],
    });
    expect(plan.run.map((e) => e.id)).toEqual(["a", "e"]);
    expect(plan.skipped.map((s) => `${s.example}: ${s.reason}`)).toEqual([
      "b: it waits 60 s of instance time (clock advances and DEBUG SLEEPs), more than a 3 s real wait",
      'c: it continues example "b", which real Redis does not replay',
      'd: it continues example "c", which real Redis does not replay',
    ]);
  });
});
