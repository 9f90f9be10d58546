/**
 * Blocking commands through the EngineApi, in-thread and over the worker protocol: a blocked
 * exec() resolves when another connection pushes or the clock passes its timeout, later execs
 * of that connection wait behind it, other connections keep working, and closing the
 * connection rejects what was waiting.
 */
import { describe, expect, it } from "vitest";
import type { EngineApi, ExecResult } from "../../engine/host/api";
import { EngineHost } from "../../engine/host/host";
import { bothEngines, engineFixtures, tick, track } from "../support/engines";
import { arr, bulk, int, NULL_ARRAY, PONG } from "../../engine/reply";

const fixtures = engineFixtures();
const { cleanups } = fixtures;

describe.each(bothEngines(fixtures))("%s", (_name, make) => {
  it("a blocked exec resolves when another connection pushes; others keep working meanwhile", async () => {
    const engine: EngineApi = make();
    const a = await engine.open("a");
    const b = await engine.open("b");
    const waiting = track(engine.exec(a.id, ["BLPOP", "jobs", "0"]));
    await tick();
    expect(waiting.done()).toBe(false);
    expect((await engine.exec(b.id, ["PING"])).reply).toEqual(PONG);
    expect((await engine.exec(b.id, ["RPUSH", "jobs", "j1", "j2"])).reply).toEqual(int(2));
    const r: ExecResult = await waiting.p;
    expect(r.reply).toEqual(arr([bulk("jobs"), bulk("j1")]));
    expect(r.closed).toBe(false);
  });

  it("later execs of a blocked connection wait behind it, in order", async () => {
    const engine = make();
    const a = await engine.open("a");
    const b = await engine.open("b");
    const first = track(engine.exec(a.id, ["BRPOP", "q", "0"]));
    const second = track(engine.exec(a.id, ["LLEN", "q"]));
    const third = track(engine.exec(a.id, ["BLPOP", "q", "0"]));
    await tick();
    expect([first.done(), second.done(), third.done()]).toEqual([false, false, false]);
    await engine.exec(b.id, ["RPUSH", "q", "1", "2", "3"]);
    expect((await first.p).reply).toEqual(arr([bulk("q"), bulk("3")]));
    expect((await second.p).reply).toEqual(int(2));
    expect((await third.p).reply).toEqual(arr([bulk("q"), bulk("1")]));
  });

  it("the clock passing the timeout answers a null array", async () => {
    const engine = make();
    const a = await engine.open("a");
    const waiting = track(engine.exec(a.id, ["BZPOPMIN", "z", "5"]));
    await tick();
    await engine.advance(5000);
    await tick();
    expect(waiting.done()).toBe(false);
    await engine.advance(1);
    expect((await waiting.p).reply).toEqual(NULL_ARRAY);
  });

  it("closing a blocked connection rejects its waiting execs; the others are unaffected", async () => {
    const engine = make();
    const a = await engine.open("a");
    const b = await engine.open("b");
    const waiting = engine.exec(a.id, ["BLPOP", "q", "0"]);
    const queued = engine.exec(a.id, ["PING"]);
    await tick();
    await engine.close(a.id);
    await expect(waiting).rejects.toThrow(/closed/);
    await expect(queued).rejects.toThrow(/closed/);
    await engine.exec(b.id, ["RPUSH", "q", "v"]);
    expect((await engine.exec(b.id, ["LLEN", "q"])).reply).toEqual(int(1));
  });

  it("CLIENT KILL of a blocked connection rejects its exec and reports it closed", async () => {
    const engine = make();
    const closed: number[] = [];
    cleanups.push(engine.onClientClosed((id) => closed.push(id)));
    const a = await engine.open("a");
    const b = await engine.open("b");
    const waiting = engine.exec(a.id, ["BLMOVE", "s", "d", "LEFT", "RIGHT", "0"]);
    await tick();
    expect((await engine.exec(b.id, ["CLIENT", "KILL", "ID", String(a.id)])).reply).toEqual(int(1));
    await expect(waiting).rejects.toThrow(/closed/);
    expect(closed).toEqual([a.id]);
  });

  it("reports the served pops in the pushing command's key-change batch", async () => {
    const engine = make();
    const batches: { clientId?: number; events: string[] }[] = [];
    cleanups.push(engine.onKeyChange((b) => batches.push({ clientId: b.clientId, events: b.changes.map((c) => `${c.event} ${c.key}`) })));
    const a = await engine.open("a");
    const b = await engine.open("b");
    const waiting = engine.exec(a.id, ["BLPOP", "q", "0"]);
    await tick();
    await engine.exec(b.id, ["RPUSH", "q", "v"]);
    await waiting;
    expect(batches).toEqual([{ clientId: b.id, events: ["rpush q", "lpop q", "del q"] }]);
  });
});

describe("EngineHost", () => {
  it("an exec arriving right after the blocked one is answered still queues behind the earlier ones", async () => {
    const host = new EngineHost(() => {}, { seed: 1 });
    const a = host.call("open", ["a"]);
    const b = host.call("open", ["b"]);
    const blocked = host.call("exec", [a.id, ["BLPOP", "q", "0"]]);
    const queued = host.call("exec", [a.id, ["RPUSH", "q", "x"]]);
    expect(blocked).toBeInstanceOf(Promise);
    expect(queued).toBeInstanceOf(Promise);
    host.call("exec", [b.id, ["RPUSH", "q", "1", "2"]]);
    // Served synchronously; the queued exec has not run yet, so this one must wait for it.
    const later = host.call("exec", [a.id, ["LLEN", "q"]]);
    expect(later).toBeInstanceOf(Promise);
    expect((await blocked).reply).toEqual(arr([bulk("q"), bulk("1")]));
    expect((await queued).reply).toEqual(int(2));
    expect((await later).reply).toEqual(int(2));
    host.stop();
  });
});
