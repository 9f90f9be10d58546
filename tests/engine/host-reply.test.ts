/**
 * CLIENT REPLY and Pub/Sub inside MULTI through the EngineApi (in-thread and over the worker
 * protocol): a suppressed reply is reported as such (the REPL shows nothing), pushes stop while
 * replies are off, a deferred reply obeys SKIP, and an EXEC that subscribes carries its
 * confirmations in its reply, as Redis 7.0 sends them.
 */
import { describe, expect, it } from "vitest";
import type { EngineApi } from "../../engine/host/api";
import { bothEngines, engineFixtures, tick, track } from "../support/engines";
import { arr, bulk, int, OK, push, type Reply } from "../../engine/reply";

const fixtures = engineFixtures();

describe.each(bothEngines(fixtures))("%s", (_name, make) => {
  it("CLIENT REPLY OFF / SKIP: the result says suppressed and pushes stop, as over TCP", async () => {
    const engine = make();
    const a = await engine.open("a");
    const b = await engine.open("b");
    const pushes: Reply[] = [];
    engine.onPush(a.id, (r) => pushes.push(r));
    // RESP3, so the subscribed tab may still run CLIENT REPLY.
    await engine.exec(a.id, ["HELLO", "3"]);
    await engine.exec(a.id, ["SUBSCRIBE", "ch"]);
    expect(pushes).toHaveLength(0);
    await engine.exec(b.id, ["PUBLISH", "ch", "one"]);
    await tick();
    expect(pushes).toHaveLength(1);
    const off = await engine.exec(a.id, ["CLIENT", "REPLY", "OFF"]);
    expect(off.suppressed).toBe(true);
    await engine.exec(b.id, ["PUBLISH", "ch", "two"]);
    await tick();
    expect(pushes).toHaveLength(1);
    const on = await engine.exec(a.id, ["CLIENT", "REPLY", "ON"]);
    expect(on.suppressed).toBeUndefined();
    expect(on.reply).toEqual(OK);
    const c = await engine.open("c");
    const skip = await engine.exec(c.id, ["CLIENT", "REPLY", "SKIP"]);
    expect(skip.suppressed).toBe(true);
    const skipped = await engine.exec(c.id, ["SET", "k", "v"]);
    expect([skipped.suppressed, skipped.reply]).toEqual([true, OK]);
    const shown = await engine.exec(c.id, ["GET", "k"]);
    expect([shown.suppressed, shown.reply]).toEqual([undefined, bulk("v")]);
  });

  it("a skipped reply that comes later (BLPOP) is still suppressed", async () => {
    const engine = make();
    const a = await engine.open("a");
    const b = await engine.open("b");
    await engine.exec(a.id, ["CLIENT", "REPLY", "SKIP"]);
    const pop = track(engine.exec(a.id, ["BLPOP", "l", "0"]));
    await engine.exec(b.id, ["RPUSH", "l", "x"]);
    expect((await pop.p).suppressed).toBe(true);
    expect((await engine.exec(a.id, ["PING"])).suppressed).toBeUndefined();
  });

  it("EXEC of queued SUBSCRIBEs: every confirmation inside the reply, none pushed apart", async () => {
    const engine: EngineApi = make();
    const a = await engine.open("a");
    const pushes: Reply[] = [];
    engine.onPush(a.id, (r) => pushes.push(r));
    await engine.exec(a.id, ["MULTI"]);
    await engine.exec(a.id, ["SUBSCRIBE", "c1", "c2"]);
    await engine.exec(a.id, ["PING"]);
    const r = await engine.exec(a.id, ["EXEC"]);
    const conf = (ch: string, n: number) => push([bulk("subscribe"), bulk(ch), int(n)]);
    expect(r.reply).toEqual(arr([conf("c1", 1), conf("c2", 2), arr([bulk("pong"), bulk("")])]));
    await tick();
    expect(pushes).toEqual([]);
  });
});
