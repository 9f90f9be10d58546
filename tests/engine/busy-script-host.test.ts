/**
 * Busy scripts through the host API, as the browser's engine worker runs them: the worker
 * protocol over a MessageChannel, a real scheduler and wall clock, and the Lua VM in a worker
 * of its own (a worker_thread here, a Web Worker in the browser; the engine side is the same
 * WorkerLuaVm). A runaway script never stops the host from answering: the inspector answers at
 * once, other connections wait until busy-reply-threshold and then get BUSY, SCRIPT KILL ends
 * the script, reset() ends even an unkillable one, and the playground profile's threshold is
 * 1000 ms.
 *
 * Waits are lower bounds (a reply cannot come before the threshold), never upper bounds
 * tighter than seconds.
 */
import { afterEach, describe, expect, it } from "vitest";
import { RemoteEngine } from "../../engine/host/remote";
import { serveEngine } from "../../engine/host/worker-host";
import { createNodeLuaVm } from "../../engine/node/lua-vm";
import type { ExecResult } from "../../engine/host/api";

const BUSY = "BUSY Redis is busy running a script. You can only call SCRIPT KILL or SHUTDOWN NOSAVE.";

const cleanups: (() => void)[] = [];
afterEach(() => {
  while (cleanups.length) cleanups.pop()!();
});

function engine(config: Record<string, string> = { "busy-reply-threshold": "200" }): RemoteEngine {
  const channel = new MessageChannel();
  const worker = serveEngine(channel.port2 as unknown as Parameters<typeof serveEngine>[0], {
    timeSource: () => Date.now(),
    scheduler: { setTimeout: (fn, ms) => setTimeout(fn, ms), clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>) },
    perfNow: () => performance.now(),
    initial: { config },
    lua: createNodeLuaVm(),
  });
  const api = new RemoteEngine(channel.port1 as unknown as ConstructorParameters<typeof RemoteEngine>[0]);
  cleanups.push(() => {
    api.dispose();
    worker.stop();
    channel.port1.close();
    channel.port2.close();
  });
  return api;
}

const text = (r: ExecResult) => {
  const reply = r.reply;
  return reply.t === "error" || reply.t === "simple" || reply.t === "bulk" ? reply.v : JSON.stringify(reply, (_k, v) => (typeof v === "bigint" ? String(v) : v));
};

describe("a script running in its own Lua worker, through the host API", () => {
  it("keeps the host responsive: BUSY after the threshold, SCRIPT KILL ends the script", async () => {
    const api = engine();
    const a = await api.open("a");
    const b = await api.open("b");
    await api.exec(a.id, ["SET", "k", "v"]);
    // The first script also waits for the Lua worker to boot: done before timing anything.
    await api.exec(a.id, ["EVAL", "return 1", "0"]);
    const start = performance.now();
    let settled = false;
    const spinning = api.exec(a.id, ["EVAL", "while true do end", "0"]);
    void spinning.finally(() => (settled = true));
    // The inspector is never held: it answers while the script spins.
    const keys = await api.inspectKeys(0);
    expect(keys.map((k) => k.key)).toEqual(["k"]);
    expect(settled).toBe(false);
    // Another connection waits for the threshold, then gets BUSY.
    const ping = await api.exec(b.id, ["PING"]);
    expect(performance.now() - start).toBeGreaterThanOrEqual(190);
    expect(text(ping)).toBe(BUSY);
    expect(text(await api.exec(b.id, ["SCRIPT", "KILL"]))).toBe("OK");
    expect(text(await spinning)).toBe("ERR Script killed by user with SCRIPT KILL... script: 694a5fe1ddb97a4c6a1bf299d9537c7d3d0f84e7, on @user_script:1.");
    expect(text(await api.exec(b.id, ["SCRIPT", "KILL"]))).toBe("NOTBUSY No scripts in execution right now.");
    // The fresh Lua worker runs the next script.
    expect(text(await api.exec(a.id, ["EVAL", "return redis.call('GET', KEYS[1])", "1", "k"]))).toBe("v");
    const log = (await api.readLog!()).map((l) => l.line);
    expect(log.some((l) => l.startsWith("Slow script detected: still in execution after"))).toBe(true);
    expect(log).toContain("Lua script killed by user with SCRIPT KILL.");
  }, 20_000);

  it("a script that finishes in time returns its result; waiting execs then run in order", async () => {
    const api = engine({ "busy-reply-threshold": "5000", "slowlog-log-slower-than": "10000" });
    const a = await api.open("a");
    const b = await api.open("b");
    const c = await api.open("c");
    const batches: string[][] = [];
    api.onKeyChange((batch) => batches.push(batch.changes.map((ch) => `${ch.key}:${ch.event}`)));
    const order: string[] = [];
    const pa = api.exec(a.id, ["EVAL", "local i = 0 while i < 20000000 do i = i + 1 end redis.call('SET', KEYS[1], 'done') return i", "1", "k"]);
    void pa.then(() => order.push("a"));
    const pb = api.exec(b.id, ["APPEND", "k", "+b"]);
    void pb.then(() => order.push("b"));
    const pc = api.exec(c.id, ["APPEND", "k", "+c"]);
    void pc.then(() => order.push("c"));
    expect(text(await pa)).toBe('{"t":"int","v":20000000}');
    expect(text(await pb)).toBe('{"t":"int","v":6}');
    expect(text(await pc)).toBe('{"t":"int","v":8}');
    expect(order).toEqual(["a", "b", "c"]);
    expect(text(await api.exec(a.id, ["GET", "k"]))).toBe("done+b+c");
    // The script's write was reported in a key-change batch.
    expect(batches.flat()).toContain("k:set");
    // Its whole run is its duration: SLOWLOG has it (the playground logs from 10 ms).
    const slow = JSON.stringify((await api.exec(a.id, ["SLOWLOG", "GET", "10"])).reply, (_k, v) => (typeof v === "bigint" ? String(v) : v));
    expect(slow).toContain('"v":"EVAL"');
  }, 20_000);

  it("FUNCTION KILL ends a function; SCRIPT KILL is refused with the function's BUSY text", async () => {
    const api = engine();
    const a = await api.open("a");
    const b = await api.open("b");
    await api.exec(a.id, ["FUNCTION", "LOAD", "#!lua name=spinlib\nredis.register_function('spin', function() while true do end end)"]);
    const spinning = api.exec(a.id, ["FCALL", "spin", "0"]);
    expect(text(await api.exec(b.id, ["SCRIPT", "KILL"]))).toBe("BUSY Redis is busy running a script. You can only call FUNCTION KILL or SHUTDOWN NOSAVE.");
    const stats = (await api.exec(b.id, ["FUNCTION", "STATS"])).reply;
    expect(JSON.stringify(stats)).toContain('"v":"spin"');
    expect(text(await api.exec(b.id, ["FUNCTION", "KILL"]))).toBe("OK");
    expect(text(await spinning)).toBe("ERR Script killed by user with SCRIPT KILL... script: spin, on @user_function:2.");
  }, 20_000);

  it("a script that wrote is UNKILLABLE; SHUTDOWN NOSAVE starts a fresh instance", async () => {
    const api = engine();
    const a = await api.open("a");
    const b = await api.open("b");
    const spinning = api.exec(a.id, ["EVAL", "redis.call('SET', 'x', '1') while true do end", "0"]);
    expect(text(await api.exec(b.id, ["SCRIPT", "KILL"]))).toMatch(/^UNKILLABLE Sorry the script already executed write commands/);
    expect(text(await api.exec(b.id, ["SHUTDOWN"]))).toBe(BUSY);
    // SHUTDOWN NOSAVE: the playground starts a fresh instance; every connection closes.
    const closed: number[] = [];
    api.onClientClosed((id) => closed.push(id));
    const spinningEnds = expect(spinning).rejects.toThrow(/closed/);
    await expect(api.exec(b.id, ["SHUTDOWN", "NOSAVE"])).rejects.toThrow(/closed/);
    await spinningEnds;
    expect(closed.sort()).toEqual([a.id, b.id].sort());
    const c = await api.open("c");
    expect(text(await api.exec(c.id, ["EVAL", "return 'fresh'", "0"]))).toBe("fresh");
    expect(text(await api.exec(c.id, ["EXISTS", "x"]))).toBe('{"t":"int","v":0}');
  }, 20_000);

  it("inside MULTI/EXEC a script runs in one go; a runaway one there ends at the threshold", async () => {
    const api = engine();
    const a = await api.open("a");
    await api.exec(a.id, ["MULTI"]);
    await api.exec(a.id, ["EVAL", "return redis.call('INCR', KEYS[1])", "1", "n"]);
    await api.exec(a.id, ["EVAL", "return redis.call('INCR', KEYS[1])", "1", "n"]);
    expect(text(await api.exec(a.id, ["EXEC"]))).toBe('{"t":"array","v":[{"t":"int","v":1},{"t":"int","v":2}]}');
    await api.exec(a.id, ["MULTI"]);
    await api.exec(a.id, ["EVAL", "while true do end", "0"]);
    const exec = text(await api.exec(a.id, ["EXEC"]));
    expect(exec).toContain("busy-reply-threshold");
    // The Lua worker was replaced: the next script runs.
    expect(text(await api.exec(a.id, ["EVAL", "return redis.call('GET', KEYS[1])", "1", "n"]))).toBe("2");
  }, 20_000);

  it("an allocation bomb ends with an error and the next script runs", async () => {
    const api = engine();
    const a = await api.open("a");
    const bomb = "local t = {} local s = string.rep('x', 1024 * 1024) for i = 1, 100000 do t[i] = s .. i end return #t";
    expect(text(await api.exec(a.id, ["EVAL", bomb, "0"]))).toMatch(/^ERR /);
    expect(text(await api.exec(a.id, ["EVAL", "return 'alive'", "0"]))).toBe("alive");
  }, 30_000);

  it("the playground profile answers BUSY after 1000 ms (CONFIG GET shows it)", async () => {
    const api = engine({});
    const a = await api.open("a");
    expect(JSON.stringify((await api.exec(a.id, ["CONFIG", "GET", "busy-reply-threshold"])).reply)).toContain('"v":"1000"');
    expect(JSON.stringify((await api.exec(a.id, ["CONFIG", "GET", "lua-time-limit"])).reply)).toContain('"v":"1000"');
  });
});
