/**
 * CLIENT PAUSE on the instance clock, through the EngineApi (in-thread and over the worker
 * protocol) and on a bare Server: held execs resolve when the pause ends (UNPAUSE or the
 * deadline passing on a manual clock), later execs of a held tab wait behind it, expiry stands
 * still meanwhile even across a long fast-forward, and the cases real Redis 7.0.15 cannot be
 * compared on (it crashes or hangs) behave as documented.
 */
import { describe, expect, it } from "vitest";
import type { EngineApi } from "../../engine/host/api";
import { createServer } from "../../engine/server";
import { bothEngines, engineFixtures, tick, track } from "../support/engines";
import { bulk, int, NULL, OK, PONG, type Reply } from "../../engine/reply";

const fixtures = engineFixtures();

describe.each(bothEngines(fixtures))("%s", (_name, make) => {
  it("a WRITE pause holds a tab's write and what it sends after, until another tab unpauses", async () => {
    const engine: EngineApi = make();
    const a = await engine.open("a");
    const b = await engine.open("b");
    expect((await engine.exec(b.id, ["CLIENT", "PAUSE", "100000", "WRITE"])).reply).toEqual(OK);
    const set = track(engine.exec(a.id, ["SET", "k", "1"]));
    const get = track(engine.exec(a.id, ["GET", "k"]));
    await tick();
    expect([set.done(), get.done()]).toEqual([false, false]);
    // Reads of other tabs go through; the held tab shows as blocked.
    expect((await engine.exec(b.id, ["GET", "k"])).reply).toEqual(NULL);
    const list = (await engine.exec(b.id, ["CLIENT", "LIST"])).reply as { v: string };
    expect(list.v).toMatch(/flags=b .*cmd=set/);
    expect((await engine.exec(b.id, ["CLIENT", "UNPAUSE"])).reply).toEqual(OK);
    expect((await set.p).reply).toEqual(OK);
    expect((await get.p).reply).toEqual(bulk("1"));
  });

  it("the deadline runs on the instance clock: advancing past it releases the held tab", async () => {
    const engine = make();
    const a = await engine.open("a");
    const b = await engine.open("b");
    await engine.exec(b.id, ["CLIENT", "PAUSE", "5000"]);
    const ping = track(engine.exec(a.id, ["PING"]));
    await engine.advance(5000);
    await tick();
    expect(ping.done()).toBe(false);
    await engine.advance(1);
    expect((await ping.p).reply).toEqual(PONG);
  });
});

describe("CLIENT PAUSE on a bare instance (manual clock)", () => {
  it("keeps expired keys in place while paused, even across a long fast-forward, and expires them after", () => {
    const s = createServer();
    const a = s.connect();
    a.execute(["SET", "e", "1", "PX", "100"]);
    a.execute(["SET", "live", "1"]);
    a.execute(["CLIENT", "PAUSE", "60000", "WRITE"]);
    s.advance(30_000);
    expect(a.execute(["GET", "e"])).toEqual(NULL);
    expect(a.execute(["DBSIZE"])).toEqual(int(2));
    expect(s.stats.expiredKeys).toBe(0);
    s.advance(30_001);
    expect(s.pause.active).toBe(false);
    s.advance(2000);
    expect(a.execute(["DBSIZE"])).toEqual(int(1));
    expect(s.stats.expiredKeys).toBe(1);
  });

  it("a later pause extends the deadline and strengthens the type, never the reverse", () => {
    const s = createServer();
    const a = s.connect();
    a.execute(["CLIENT", "PAUSE", "1000", "ALL"]);
    a.execute(["CLIENT", "PAUSE", "5000", "WRITE"]);
    expect(s.pause.current).toBe("all");
    s.advance(1001);
    expect(s.pause.current).toBe("all");
    s.advance(4000);
    expect(s.pause.active).toBe(false);
  });

  it("CLIENT UNBLOCK TIMEOUT leaves a held client held (7.0.15 crashes here) and answers 0", () => {
    const s = createServer();
    const admin = s.connect();
    const held = s.connect();
    const replies: Reply[] = [];
    held.onDeferredReply = (r) => replies.push(r);
    admin.execute(["CLIENT", "PAUSE", "100000", "WRITE"]);
    expect(held.send(["SET", "k", "v"]).t).toBe("blocked");
    expect(admin.execute(["CLIENT", "UNBLOCK", String(held.id), "TIMEOUT"])).toEqual(int(0));
    expect(s.pause.isHeld(held)).toBe(true);
    admin.execute(["CLIENT", "UNPAUSE"]);
    s.tick();
    expect(replies).toEqual([OK]);
  });

  it("RANDOMKEY gives up on a keyspace of expired volatile keys while paused (7.0.15 loops forever)", () => {
    const s = createServer();
    const a = s.connect();
    a.execute(["SET", "x", "1", "PX", "10"]);
    a.execute(["SET", "y", "1", "PX", "10"]);
    a.execute(["CLIENT", "PAUSE", "100000", "WRITE"]);
    s.advance(50);
    const r = a.execute(["RANDOMKEY"]);
    expect(r.t).toBe("bulk");
    expect(a.execute(["DBSIZE"])).toEqual(int(2));
  });

  it("a caller that cannot wait (Client.execute) is never held", () => {
    const s = createServer();
    const a = s.connect();
    a.execute(["CLIENT", "PAUSE", "100000"]);
    expect(a.execute(["SET", "k", "v"])).toEqual(OK);
  });

  it("a client that disconnects while held leaves blocked_clients", () => {
    const s = createServer();
    const a = s.connect();
    const b = s.connect();
    a.execute(["CLIENT", "PAUSE", "100000", "WRITE"]);
    b.send(["SET", "k", "v"]);
    expect(s.blocking.blockedClients).toBe(1);
    b.close();
    expect(s.blocking.blockedClients).toBe(0);
    a.execute(["CLIENT", "UNPAUSE"]);
    s.tick();
    expect(a.execute(["EXISTS", "k"])).toEqual(int(0));
  });
});
