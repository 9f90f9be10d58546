/**
 * The EngineApi, in-thread (LocalEngine) and over the real worker protocol (RemoteEngine and
 * serveEngine joined by a MessageChannel, as the page and the worker are).
 */
import { describe, expect, it } from "vitest";
import type { EngineApi, KeyChangeBatch } from "../../engine/host/api";
import { EngineHost, MAX_BATCH_CHANGES, type Scheduler } from "../../engine/host/host";
import { RemoteEngine } from "../../engine/host/remote";
import { engineFixtures } from "../support/engines";
import type { EngineEvent } from "../../engine/host/protocol";
import { bulk, push } from "../../engine/reply";

const { local, remote, cleanups } = engineFixtures();

/** Collects key-change batches in arrival order. */
function recordBatches(engine: EngineApi): KeyChangeBatch[] {
  const batches: KeyChangeBatch[] = [];
  cleanups.push(engine.onKeyChange((b) => batches.push(b)));
  return batches;
}

describe.each([
  ["LocalEngine", local],
  ["RemoteEngine over the worker protocol", remote],
])("%s", (_name, make) => {
  it("reports the instance: playground profile, 16 databases, a manual clock", async () => {
    const engine = make();
    const info = await engine.info();
    expect(info).toEqual({ profile: "playground", databases: 16, version: 0, clock: { now: info.clock.now, paused: true } });
  });

  it("opens connections and runs commands with typed replies and the client's state", async () => {
    const engine = make();
    const a = await engine.open("main");
    const b = await engine.open("other");
    expect(a.label).toBe("main");
    expect(b.id).not.toBe(a.id);
    const set = await engine.exec(a.id, ["SET", "k", "v\0\xff"]);
    expect(set).toMatchObject({ reply: { t: "simple", v: "OK" }, resp: 2, db: 0, closed: false, version: 1 });
    expect(set.ms).toBeGreaterThanOrEqual(0);
    expect((await engine.exec(b.id, ["GET", "k"])).reply).toEqual(bulk("v\0\xff"));
    expect((await engine.exec(a.id, ["NOSUCH"])).reply).toEqual({
      t: "error",
      v: "ERR unknown command 'NOSUCH', with args beginning with: ",
    });
  });

  it("delivers one key-change batch per writing command, before exec resolves", async () => {
    const engine = make();
    const batches = recordBatches(engine);
    const c = await engine.open();
    await engine.exec(c.id, ["MSET", "a", "1", "b", "2"]);
    expect(batches).toEqual([
      {
        version: 2,
        cause: "command",
        clientId: c.id,
        changes: [
          { db: 0, key: "a", event: "set" },
          { db: 0, key: "b", event: "set" },
        ],
        dropped: 0,
      },
    ]);
    await engine.exec(c.id, ["GET", "a"]);
    expect(batches).toHaveLength(1);
  });

  it("moves the clock and runs expiry on the way; inspection has no side effects", async () => {
    const engine = make();
    const batches = recordBatches(engine);
    const c = await engine.open();
    const t0 = (await engine.now()).now;
    await engine.exec(c.id, ["PSETEX", "temp", "1500", "x"]);
    await engine.exec(c.id, ["SET", "kept", "12345"]);
    const before = await engine.inspectStats();
    const keys = await engine.inspectKeys(0);
    expect(keys).toEqual([
      { key: "kept", type: "string", encoding: "int", ttlMs: null, expired: false, memory: expect.any(Number) },
      { key: "temp", type: "string", encoding: "embstr", ttlMs: 1500, expired: false, memory: expect.any(Number) },
    ]);
    expect(await engine.inspectKey(0, "kept")).toMatchObject({ key: "kept", value: { type: "string", value: "12345" } });
    expect(await engine.inspectKey(0, "nosuch")).toBeNull();
    expect(await engine.inspectStats()).toEqual(before);

    expect(await engine.advance(1000)).toEqual({ now: t0 + 1000, paused: true });
    expect((await engine.inspectKeys(0))[1].ttlMs).toBe(500);
    batches.length = 0;
    const { version } = await engine.info();
    await engine.advance(2000);
    // The active expiry cycle removed the key while the clock moved: one "clock" batch.
    expect(batches).toEqual([{ version: version + 1, cause: "clock", changes: [{ db: 0, key: "temp", event: "expired" }], dropped: 0 }]);
    expect((await engine.inspectKeys(0)).map((k) => k.key)).toEqual(["kept"]);
    expect((await engine.inspectStats()).expiredKeys).toBe(1);
  });

  it("pauses and resumes the clock", async () => {
    const engine = make();
    expect((await engine.resume()).paused).toBe(false);
    expect((await engine.pause()).paused).toBe(true);
  });

  it("closes connections: close(), QUIT, and reset()", async () => {
    const engine = make();
    const closedByEngine: number[] = [];
    cleanups.push(engine.onClientClosed((id) => closedByEngine.push(id)));
    const a = await engine.open();
    const b = await engine.open();
    const c = await engine.open();
    await engine.close(a.id);
    await engine.close(a.id);
    await expect(engine.exec(a.id, ["PING"])).rejects.toThrow(`connection ${a.id} is closed`);
    const quit = await engine.exec(b.id, ["QUIT"]);
    expect(quit).toMatchObject({ reply: { t: "simple", v: "OK" }, closed: true });
    await expect(engine.exec(b.id, ["PING"])).rejects.toThrow("is closed");
    await engine.exec(c.id, ["SET", "k", "v"]);
    const batches = recordBatches(engine);
    const info = await engine.reset({ profile: "redis" });
    expect(info).toMatchObject({ profile: "redis", version: 0 });
    expect(closedByEngine).toEqual([c.id]);
    expect(batches).toEqual([{ version: 0, cause: "reset", changes: [], dropped: 0 }]);
    expect(await engine.inspectKeys(0)).toEqual([]);
    await expect(engine.exec(c.id, ["PING"])).rejects.toThrow("is closed");
  });

  it("tells when the engine drops a connection (CLIENT KILL)", async () => {
    const engine = make();
    const closedByEngine: number[] = [];
    cleanups.push(engine.onClientClosed((id) => closedByEngine.push(id)));
    const a = await engine.open();
    const b = await engine.open();
    expect((await engine.exec(a.id, ["CLIENT", "KILL", "ID", String(b.id)])).reply).toEqual({ t: "int", v: 1 });
    expect(closedByEngine).toEqual([b.id]);
    await expect(engine.exec(b.id, ["PING"])).rejects.toThrow("is closed");
    const self = await engine.exec(a.id, ["CLIENT", "KILL", "ID", String(a.id), "SKIPME", "no"]);
    expect(self).toMatchObject({ reply: { t: "int", v: 1 }, closed: true });
  });

  it("rejects bad calls with a clear message", async () => {
    const engine = make();
    const c = await engine.open();
    await expect(engine.exec(c.id, [])).rejects.toThrow("non-empty argv");
    await expect(engine.advance(-1)).rejects.toThrow("milliseconds");
    await expect(engine.inspectKeys(16)).rejects.toThrow("no database 16");
  });

  it("stops answering after dispose()", async () => {
    const engine = make();
    engine.dispose();
    await expect(engine.info()).rejects.toThrow("stopped");
  });
});

describe("LocalEngine specifics", () => {
  it("forwards pushes to the client's listeners only", async () => {
    const engine = local();
    const a = await engine.open();
    const b = await engine.open();
    const got: unknown[] = [];
    const off = engine.onPush(a.id, (r) => got.push(r));
    engine.onPush(b.id, () => got.push("wrong client"));
    const msg = push([bulk("message"), bulk("ch"), bulk("hi")]);
    engine.server.clients.get(a.id)!.push(msg);
    expect(got).toEqual([msg]);
    off();
    engine.server.clients.get(a.id)!.push(msg);
    expect(got).toHaveLength(1);
  });

  it("hands out copies, never the engine's own objects", async () => {
    const engine = local();
    const c = await engine.open();
    const r = await engine.exec(c.id, ["PING"]);
    expect(r.reply).toEqual({ t: "simple", v: "PONG" });
    expect(Object.isFrozen(r.reply)).toBe(false); // the engine's shared PONG is frozen
  });

  it("caps a batch and counts what it left out", async () => {
    const engine = local();
    const batches = recordBatches(engine);
    const c = await engine.open();
    const args: string[] = [];
    for (let i = 0; i < MAX_BATCH_CHANGES + 5; i++) args.push(`k${i}`, "v");
    await engine.exec(c.id, ["MSET", ...args]);
    expect(batches[0].changes).toHaveLength(MAX_BATCH_CHANGES);
    expect(batches[0].dropped).toBe(5);
  });
});

describe("RemoteEngine specifics", () => {
  it("rejects pending and later calls once the worker has failed", async () => {
    const channel = new MessageChannel(); // nobody answers on port2
    const engine = new RemoteEngine(channel.port1 as unknown as ConstructorParameters<typeof RemoteEngine>[0]);
    cleanups.push(() => {
      engine.dispose();
      channel.port1.close();
      channel.port2.close();
    });
    const pending = engine.info();
    engine.fail(new Error("the engine worker failed: boom"));
    await expect(pending).rejects.toThrow("boom");
    await expect(engine.open()).rejects.toThrow("boom");
  });
});

describe("EngineHost timers", () => {
  it("sleeps until the next timer, then runs it and reports expiries as a timer batch", () => {
    let wall = 1_000_000;
    const armed: { fn: () => void; ms: number; cleared: boolean }[] = [];
    const scheduler: Scheduler = {
      setTimeout: (fn, ms) => {
        const t = { fn, ms, cleared: false };
        armed.push(t);
        return t;
      },
      clearTimeout: (t) => {
        (t as { cleared: boolean }).cleared = true;
      },
    };
    const events: EngineEvent[] = [];
    const host = new EngineHost((e) => events.push(e), { timeSource: () => wall, scheduler, seed: 1 });
    const c = host.call("open", ["t"]);
    host.call("exec", [c.id, ["PSETEX", "k", "250", "v"]]);
    const live = () => armed.filter((t) => !t.cleared);
    const { version } = host.call("info", []);
    // The cron runs at hz (10 per second in Redis' default): the host sleeps 100 ms.
    expect(live()).toHaveLength(1);
    expect(live()[0].ms).toBe(100);
    events.length = 0;
    for (let i = 0; i < 4; i++) {
      wall += 100;
      const t = live()[0];
      t.cleared = true;
      t.fn();
    }
    expect(events).toEqual([
      { type: "keys", batch: { version: version + 1, cause: "timer", changes: [{ db: 0, key: "k", event: "expired" }], dropped: 0 } },
    ]);
    expect(live()).toHaveLength(1);
    // A paused clock has nothing due: the host stops waking up.
    host.call("pause", []);
    expect(live()).toHaveLength(0);
    host.stop();
  });
});
