import { beforeEach, describe, expect, it } from "vitest";
import { createServer, type KeyChange, type Server } from "../../engine/server";
import type { Client } from "../../engine/client";
import type { Reply } from "../../engine/reply";
import { Rng } from "../../engine/rng";
import { Clock } from "../../engine/clock";

let server: Server;
let c: Client;
let events: KeyChange[];
const run = (...argv: string[]): Reply => c.execute(argv);
const int = (v: number | bigint) => ({ t: "int", v });
const error = (v: string) => ({ t: "error", v });

beforeEach(() => {
  server = createServer();
  c = server.connect();
  events = [];
  server.onKeyChange((e) => events.push(e));
});

describe("EXPIRE family", () => {
  it("sets a TTL in seconds or milliseconds, relative or absolute, and emits expire", () => {
    const now = server.now();
    run("SET", "k", "v");
    events = [];
    expect(run("EXPIRE", "k", "100")).toEqual(int(1));
    expect(events).toEqual([{ db: 0, key: "k", event: "expire" }]);
    expect(run("PTTL", "k")).toEqual(int(100_000));
    expect(run("PEXPIRE", "k", "1500")).toEqual(int(1));
    expect(run("TTL", "k")).toEqual(int(2)); // 1.5 s rounds to 2
    expect(run("EXPIREAT", "k", String(now / 1000 + 50))).toEqual(int(1));
    expect(run("EXPIRETIME", "k")).toEqual(int(now / 1000 + 50));
    expect(run("PEXPIREAT", "k", String(now + 1234))).toEqual(int(1));
    expect(run("PEXPIRETIME", "k")).toEqual(int(now + 1234));
    expect(run("EXPIRETIME", "k")).toEqual(int(Math.round((now + 1234) / 1000)));
  });

  it("replies 0 for a missing key", () => {
    for (const cmd of ["EXPIRE", "PEXPIRE", "EXPIREAT", "PEXPIREAT"]) expect(run(cmd, "nokey", "100")).toEqual(int(0));
  });

  it("deletes the key at once for an instant not in the future, with a del event", () => {
    for (const [cmd, arg] of [
      ["EXPIRE", "0"],
      ["EXPIRE", "-10"],
      ["PEXPIRE", "0"],
      ["EXPIREAT", "1"],
      ["PEXPIREAT", String(server.now())],
    ]) {
      run("SET", "k", "v");
      events = [];
      const dirty = server.stats.dirty;
      expect(run(cmd, "k", arg)).toEqual(int(1));
      expect(events).toEqual([{ db: 0, key: "k", event: "del" }]);
      expect(server.stats.dirty - dirty).toBe(1);
      expect(run("EXISTS", "k")).toEqual(int(0));
    }
  });

  it("applies NX, XX, GT and LT (no TTL counts as infinite)", () => {
    run("SET", "k", "v");
    expect(run("EXPIRE", "k", "100", "XX")).toEqual(int(0));
    expect(run("EXPIRE", "k", "100", "GT")).toEqual(int(0));
    expect(run("EXPIRE", "k", "100", "NX")).toEqual(int(1));
    expect(run("EXPIRE", "k", "200", "NX")).toEqual(int(0));
    expect(run("EXPIRE", "k", "50", "GT")).toEqual(int(0));
    expect(run("EXPIRE", "k", "100", "GT")).toEqual(int(0)); // not greater
    expect(run("EXPIRE", "k", "150", "gt")).toEqual(int(1));
    expect(run("EXPIRE", "k", "150", "LT")).toEqual(int(0)); // not less
    expect(run("EXPIRE", "k", "120", "lt", "xx")).toEqual(int(1));
    expect(run("TTL", "k")).toEqual(int(120));
    run("PERSIST", "k");
    expect(run("EXPIRE", "k", "10", "LT")).toEqual(int(1)); // any TTL beats none
    run("PERSIST", "k");
    expect(run("EXPIRE", "k", "-1", "LT")).toEqual(int(1)); // and a past one deletes
    expect(run("EXISTS", "k")).toEqual(int(0));
  });

  it("checks the options before the number, with Redis' messages", () => {
    run("SET", "k", "v");
    const nxMix = error("ERR NX and XX, GT or LT options at the same time are not compatible");
    expect(run("EXPIRE", "k", "abc", "NX", "XX")).toEqual(nxMix);
    expect(run("EXPIRE", "k", "10", "nx", "gt")).toEqual(nxMix);
    expect(run("EXPIRE", "k", "10", "NX", "LT")).toEqual(nxMix);
    expect(run("EXPIRE", "k", "10", "XX", "GT", "LT")).toEqual(error("ERR GT and LT options at the same time are not compatible"));
    expect(run("EXPIRE", "k", "abc", "foo")).toEqual(error("ERR Unsupported option foo"));
    expect(run("EXPIRE", "k", "10", "a\0b")).toEqual(error("ERR Unsupported option a"));
    for (const bad of ["abc", "1.5", "", " 1", "+1", "01", "9223372036854775808"]) {
      expect(run("EXPIRE", "k", bad)).toEqual(error("ERR value is not an integer or out of range"));
    }
    expect(run("TTL", "k")).toEqual(int(-1));
  });

  it("refuses instants that overflow a signed 64-bit millisecond count", () => {
    run("SET", "k", "v");
    const bad = (cmd: string) => error(`ERR invalid expire time in '${cmd}' command`);
    expect(run("EXPIRE", "k", "9223372036854775807")).toEqual(bad("expire"));
    expect(run("EXPIRE", "k", "9223372036854775")).toEqual(bad("expire")); // ok once scaled, not once now is added
    expect(run("EXPIRE", "k", "-9223372036854776")).toEqual(bad("expire"));
    expect(run("PEXPIRE", "k", "9223372036854775807")).toEqual(bad("pexpire"));
    expect(run("EXPIREAT", "k", "9223372036854776")).toEqual(bad("expireat"));
    expect(run("expireat", "k", "9223372036854776")).toEqual(bad("expireat"));
    expect(run("EXISTS", "k")).toEqual(int(1));
    expect(run("EXPIRE", "k", "-9223372036854775")).toEqual(int(1)); // far past: allowed, deletes
    expect(run("EXISTS", "k")).toEqual(int(0));
  });

  it("keeps far-future instants exact to the millisecond", () => {
    run("SET", "k", "v");
    expect(run("PEXPIREAT", "k", "9223372036854775807")).toEqual(int(1));
    expect(run("PEXPIRETIME", "k")).toEqual(int(9223372036854775807n));
    expect(run("EXPIRETIME", "k")).toEqual(int(9223372036854776n)); // rounding, no wrap-around
    expect(run("PTTL", "k")).toEqual(int(9223372036854775807n - BigInt(server.now())));
    expect(run("PEXPIREAT", "k", "9007199254740993")).toEqual(int(1));
    expect(run("PEXPIRETIME", "k")).toEqual(int(9007199254740993n));
    expect(run("EXPIREAT", "k", "9223372036854775")).toEqual(int(1));
    expect(run("PEXPIRETIME", "k")).toEqual(int(9223372036854775000n));
    run("RENAME", "k", "k2");
    expect(run("PEXPIRETIME", "k2")).toEqual(int(9223372036854775000n));
    run("COPY", "k2", "k3");
    expect(run("PEXPIRETIME", "k3")).toEqual(int(9223372036854775000n));
  });
});

describe("TTL family and PERSIST", () => {
  it("report -2 for a missing key and -1 without a TTL", () => {
    run("SET", "k", "v");
    for (const cmd of ["TTL", "PTTL", "EXPIRETIME", "PEXPIRETIME"]) {
      expect(run(cmd, "nokey")).toEqual(int(-2));
      expect(run(cmd, "k")).toEqual(int(-1));
    }
  });

  it("count down with the clock, rounding seconds to the nearest", () => {
    run("SET", "k", "v", "EX", "10");
    server.advance(4_400);
    expect(run("TTL", "k")).toEqual(int(6)); // 5.6 s
    expect(run("PTTL", "k")).toEqual(int(5_600));
    server.advance(5_100);
    expect(run("TTL", "k")).toEqual(int(1)); // 0.5 s rounds up
    server.advance(500);
    expect(run("PTTL", "k")).toEqual(int(0)); // due this very millisecond: not yet expired
    expect(run("EXISTS", "k")).toEqual(int(1));
    server.advance(1);
    expect(run("PTTL", "k")).toEqual(int(-2));
  });

  it("PERSIST removes a TTL once and emits persist", () => {
    run("SET", "k", "v", "EX", "10");
    events = [];
    expect(run("PERSIST", "k")).toEqual(int(1));
    expect(events).toEqual([{ db: 0, key: "k", event: "persist" }]);
    expect(run("PERSIST", "k")).toEqual(int(0));
    expect(run("PERSIST", "nokey")).toEqual(int(0));
    expect(run("TTL", "k")).toEqual(int(-1));
  });
});

describe("active expiry on the instance clock", () => {
  /** 1000 keys with TTLs spread over 0-30 s (seeded), plus 100 keys without a TTL. */
  function populate(s: Server, seed = 7): number[] {
    const cl = s.connect();
    const rng = new Rng(seed);
    const ttls: number[] = [];
    for (let i = 0; i < 1000; i++) {
      const ttl = 1 + rng.below(30_000);
      ttls.push(ttl);
      cl.execute(["SET", `t${i}`, "v", "PX", String(ttl)]);
    }
    for (let i = 0; i < 100; i++) cl.execute(["SET", `p${i}`, "v"]);
    return ttls;
  }
  const physical = (s: Server) => s.dbs[0].size;

  it("removes every expired key within the window, touching none of them", () => {
    populate(server);
    events = [];
    server.advance(60_000);
    expect(physical(server)).toBe(100);
    expect(server.stats.expiredKeys).toBe(1000);
    expect(events.filter((e) => e.event === "expired")).toHaveLength(1000);
    expect(server.stats.keyspaceHits + server.stats.keyspaceMisses).toBe(0);
  });

  it("never removes a key before its time", () => {
    const ttls = populate(server);
    const start = server.now();
    for (let step = 0; step < 30; step++) {
      server.advance(1_000);
      const elapsed = server.now() - start;
      for (let i = 0; i < 1000; i++) {
        // A key is due once the clock is strictly past its instant.
        if (ttls[i] >= elapsed) expect(server.dbs[0].dict.has(`t${i}`)).toBe(true);
      }
      // ...and the cycle keeps up. It stops sampling once under 10% of a batch is expired,
      // so some due keys linger for a few seconds, as in Redis, but not many.
      const due = ttls.filter((t) => t < elapsed).length;
      expect(physical(server) - 100 - (1000 - due)).toBeLessThan(150);
    }
  });

  it("counts lazy and active removals alike", () => {
    populate(server);
    server.advance(15_000);
    // Touch everything that is due: those still present are reaped lazily.
    for (let i = 0; i < 1000; i++) c.execute(["EXISTS", `t${i}`]);
    const afterLazy = server.stats.expiredKeys;
    server.advance(45_000);
    expect(server.stats.expiredKeys).toBe(1000);
    expect(afterLazy).toBeGreaterThan(0);
    expect(afterLazy).toBeLessThan(1000);
  });

  it("gives the same keyspace whether the clock moves in one step or many", () => {
    const other = createServer();
    populate(server);
    populate(other);
    const checkpoints = [2_000, 9_000, 20_000, 60_000];
    let at = 0;
    for (const cp of checkpoints) {
      server.advance(cp - at); // one step per checkpoint
      for (let t = at; t < cp; t += 7) other.advance(Math.min(7, cp - t)); // many odd steps
      at = cp;
      expect(physical(other)).toBe(physical(server));
      expect(other.stats.expiredKeys).toBe(server.stats.expiredKeys);
      expect([...other.dbs[0].dict.keys()].sort()).toEqual([...server.dbs[0].dict.keys()].sort());
    }
  });

  it("still matches step-by-step when the idle stretches are long", () => {
    const a = createServer();
    const b = createServer();
    for (const s of [a, b]) {
      const cl = s.connect();
      for (let i = 0; i < 300; i++) cl.execute(["SET", `k${i}`, "v", "PX", String(5_000 + (i % 10) * 20_000 + i)]);
      for (let i = 0; i < 50; i++) cl.execute(["SET", `late${i}`, "v", "PX", String(3_600_000 + i)]);
    }
    // Checkpoints just after groups fall due, while the sweep is still collecting them: the
    // keys left then depend on where the sweep stands, which skipped ticks must keep exact.
    let at = 0;
    for (const cp of [5_150, 25_130, 25_260, 45_200, 65_110, 250_000]) {
      a.advance(cp - at);
      for (; at < cp; at += 10) b.advance(Math.min(10, cp - at));
      at = cp;
      expect([...a.dbs[0].dict.keys()].sort()).toEqual([...b.dbs[0].dict.keys()].sort());
      expect(a.stats.expiredKeys).toBe(b.stats.expiredKeys);
    }
    expect(a.dbs[0].size).toBe(50);
  });

  it("makes up for cron runs a host missed by ticking late, as a real server runs them while you wait", () => {
    let wall = Date.UTC(2024, 0, 1);
    const live = createServer({ clock: new Clock(() => wall) });
    const manual = createServer();
    for (const s of [live, manual]) {
      const cl = s.connect();
      // Every 10th key expires: a batch of 20 then holds 10% expired, so each cycle stops
      // after one batch and only the number of cycles decides how many get collected.
      for (let i = 0; i < 400; i++) cl.execute(["SET", `k${i}`, "v", "PX", i % 10 ? "1000000" : "50"]);
    }
    wall += 1_500;
    live.tick(); // one late tick: 15 cron runs were due
    manual.advance(1_500);
    expect(live.stats.expiredKeys).toBeGreaterThan(20);
    expect(live.stats.expiredKeys).toBe(manual.stats.expiredKeys);
    expect([...live.dbs[0].dict.keys()]).toEqual([...manual.dbs[0].dict.keys()]);
    // A host that slept for an hour catches up on two seconds' worth, not an hour's.
    wall += 3_600_000;
    const t0 = performance.now();
    live.tick();
    expect(performance.now() - t0).toBeLessThan(500);
    expect(live.nextTimerAt()).toBeGreaterThan(wall);
  });

  it("returns promptly from a very large advance", () => {
    populate(server);
    const cl = server.connect();
    for (let i = 0; i < 200; i++) cl.execute(["SET", `far${i}`, "v", "EX", String(86_400 * (1 + i))]);
    for (let i = 0; i < 100; i++) cl.execute(["SET", `never${i}`, "v", "EX", String(86_400 * 1000)]);
    const t0 = performance.now();
    const moved = server.advance(10 * 365 * 86_400_000);
    expect(performance.now() - t0).toBeLessThan(3_000);
    expect(moved).toBe(366 * 86_400_000); // capped at a year and a day
    expect(physical(server)).toBe(200); // 100 plain keys + 100 that outlive the cap
    expect(server.stats.expiredKeys).toBe(1200);
  });

  it("stays prompt when a big keyspace expires key by key across a long fast-forward", () => {
    // Each lone expired key waits for the sweep to come round, as in Redis: quadratic work,
    // which advance() caps before it turns into seconds.
    const cl = server.connect();
    for (let i = 0; i < 20_000; i++) cl.execute(["SET", `k${i}`, "v", "EX", String(1 + Math.floor((i * 31_536_000) / 20_000))]);
    const t0 = performance.now();
    server.advance(366 * 86_400_000);
    expect(performance.now() - t0).toBeLessThan(3_000);
    expect(server.stats.expiredKeys).toBe(20_000);
    expect(physical(server)).toBe(0);
  });

  it("expires a large batch within a few ticks, at a rate bounded by the time budget", () => {
    const cl = server.connect();
    for (let i = 0; i < 100_000; i++) cl.execute(["SET", `k${i}`, "v", "PX", "50"]);
    server.advance(100); // first cron tick
    const firstTick = server.stats.expiredKeys;
    expect(firstTick).toBeGreaterThan(20_000); // 25 ms of a 100 ms tick, plus a fast cycle
    expect(firstTick).toBeLessThan(40_000);
    expect(server.stats.expiredTimeCapReachedCount).toBeGreaterThan(0);
    server.advance(1_000);
    expect(physical(server)).toBe(0);
  });

  it("expires with higher effort in bigger batches", () => {
    const cl = server.connect();
    cl.execute(["CONFIG", "SET", "active-expire-effort", "10"]);
    for (let i = 0; i < 100_000; i++) cl.execute(["SET", `k${i}`, "v", "PX", "50"]);
    server.advance(100);
    expect(server.stats.expiredKeys).toBeGreaterThan(40_000); // 43% of the tick
  });
});
