import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { Differential, describeMismatches, type Case } from "../support/differential";
import { Gen, seeds } from "../support/random-commands";
import { exemptions } from "./exemptions";

let d: Differential;
beforeAll(async () => {
  d = await Differential.start({ config: { "enable-debug-command": "yes" } });
});
afterAll(async () => d?.stop());
beforeEach(async () => d.reset());

const A = (...cmd: string[]): Case => ({ cmd, client: "a" });
const B = (...cmd: string[]): Case => ({ cmd, client: "b" });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * INFO commandstats/errorstats come in hashtable order with timings: compare the counters
 * line by line, sorted, with the usec fields dropped.
 */
async function checkStats(): Promise<void> {
  for (const section of ["commandstats", "errorstats"]) {
    const r = await d.both(["INFO", section], "a");
    const lines = (text: string) =>
      text.split("\r\n").filter((l) => l.includes(":")).map((l) => l.replace(/usec=\d+,usec_per_call=[\d.]+,/, "")).sort();
    expect(lines(r.engine)).toEqual(lines(r.real));
    expect(lines(r.real).length).toBeGreaterThan(0);
  }
}

async function check(cases: Case[]): Promise<void> {
  const ms = await d.compare(cases);
  expect(ms, describeMismatches(ms)).toEqual([]);
}

describe("MULTI / EXEC / DISCARD", () => {
  it("queues, runs, and keeps going after runtime errors", async () => {
    await check([
      A("MULTI"), A("SET", "k", "a\x00\r\nb"), A("INCR", "k"), A("LPUSH", "k", "x"), A("GET", "k"),
      A("BLPOP", "l", "0"), A("SELECT", "3"), A("SET", "k", "1"), A("EXEC"),
      A("GET", "k"), A("SELECT", "0"), A("GET", "k"), A("EXEC"), A("DISCARD"),
    ]);
    await checkStats();
  });

  it("aborts after queuing errors; refuses nesting and WATCH inside", async () => {
    await check([
      A("MULTI"), A("MULTI"), A("WATCH", "k"), A("SET", "k", "1"), A("EXEC"),
      A("MULTI"), A("SET", "k", "2"), A("nosuch", "x"), A("GET"), A("DEBUG", "nosuch"), A("EXEC"), A("GET", "k"),
      A("MULTI"), A("SET", "k", "3"), A("EXEC", "x"), A("EXEC"), A("EXEC", "y"), A("GET", "k"),
      A("MULTI"), A("SET", "k", "4"), A("DISCARD"), A("GET", "k"), A("DISCARD", "x"),
      A("MULTI"), A("UNWATCH"), A("PING"), A("EXEC"),
    ]);
    await checkStats();
  });

  it("answers in RESP3 and with NOAUTH inside MULTI", async () => {
    await check([
      { ...A("HELLO", "3"), norm: exemptions.hello }, A("WATCH", "k"), B("SET", "k", "1"), A("MULTI"), A("HGETALL", "h"), A("EXEC"),
      A("MULTI"), A("HSET", "h", "f", "v"), A("HGETALL", "h"), A("ZADD", "z", "1.5", "m"), A("ZSCORE", "z", "m"), A("EXEC"),
      B("CONFIG", "SET", "requirepass", "pw"), { cmd: ["MULTI"], client: "c" }, { cmd: ["PING"], client: "c" },
      { cmd: ["AUTH", "pw"], client: "c" }, { cmd: ["MULTI"], client: "c" }, { cmd: ["EXEC"], client: "c" },
      { cmd: ["EXEC"], client: "d" }, { cmd: ["AUTH", "pw"], client: "d" }, { cmd: ["MULTI"], client: "d" }, { cmd: ["EXEC"], client: "d" },
      B("CONFIG", "SET", "requirepass", ""),
    ]);
  });

  it("serves blocked clients once EXEC is over", async () => {
    const p = await d.start(["BLPOP", "l", "5"], "b");
    await check([A("MULTI"), A("RPUSH", "l", "1", "2"), A("LPOP", "l"), A("EXEC")]);
    const ms = await d.finish(p);
    expect(ms, describeMismatches(ms)).toEqual([]);
    await check([B("LRANGE", "l", "0", "-1")]);
  });
});

describe("WATCH", () => {
  it("is invalidated by another client's write, delete, or any type's write", async () => {
    await check([
      B("SET", "k", "1"), A("WATCH", "k", "j"), B("SET", "other", "1"), A("MULTI"), A("GET", "k"), A("EXEC"),
      A("WATCH", "k"), B("DEL", "k"), A("MULTI"), A("GET", "k"), A("EXEC"),
      A("WATCH", "h"), B("HSET", "h", "f", "1"), A("WATCH", "more"), A("MULTI"), A("EXEC"),
      A("WATCH", "k"), B("DEL", "nope"), B("EXPIRE", "k", "100"), A("MULTI"), A("EXEC"),
      A("WATCH", "s"), B("SADD", "s", "x"), A("UNWATCH"), A("MULTI"), A("EXEC"),
      A("WATCH", "k"), B("SELECT", "1"), B("SET", "k", "x"), A("MULTI"), A("EXEC"),
      A("WATCH", "k"), A("SET", "k", "own"), A("MULTI"), A("EXEC"),
      A("WATCH", "k"), A("RESET"), B("SELECT", "0"), B("SET", "k", "y"), A("MULTI"), A("EXEC"),
      A("WATCH", "k"), B("SET", "k", "z"), A("EXEC", "x"), A("MULTI"), A("EXEC"),
      A("WATCH", "k"), A("MULTI"), A("DISCARD"), B("SET", "k", "w"), A("MULTI"), A("EXEC"),
    ]);
  });

  it("is invalidated by FLUSHALL/FLUSHDB/SWAPDB only for keys that exist", async () => {
    await check([
      A("WATCH", "k"), B("FLUSHALL"), A("MULTI"), A("EXEC"),
      B("SET", "k", "1"), A("WATCH", "k"), B("FLUSHDB"), A("MULTI"), A("EXEC"),
      A("WATCH", "k"), B("SELECT", "1"), B("SET", "k", "1"), B("SWAPDB", "0", "1"), A("MULTI"), A("EXEC"),
      A("WATCH", "k"), B("SWAPDB", "2", "3"), A("MULTI"), A("EXEC"),
      A("WATCH", "k"), B("SWAPDB", "0", "0"), A("MULTI"), A("EXEC"),
      A("WATCH", "k"), B("SWAPDB", "0", "5"), A("MULTI"), A("EXEC"),
    ]);
  });

  it("aborts when a watched key expires before EXEC", async () => {
    await check([A("SET", "k", "1", "PX", "60"), A("WATCH", "k")]);
    await sleep(120);
    await check([A("MULTI"), A("EXEC")]);
    // Already expired when watched: its lazy deletion changes nothing, a later write does.
    await check([A("DEBUG", "SET-ACTIVE-EXPIRE", "0"), A("SET", "k", "1", "PX", "30")]);
    await sleep(80);
    await check([A("WATCH", "k"), A("MULTI"), A("EXEC"), A("WATCH", "k"), A("GET", "k"), A("MULTI"), A("EXEC")]);
    await check([A("SET", "k", "1", "PX", "30")]);
    await sleep(80);
    await check([A("WATCH", "k"), B("SET", "k", "2"), A("MULTI"), A("EXEC")]);
    await check([A("SET", "k", "1", "PX", "30")]);
    await sleep(80);
    await check([A("WATCH", "k"), B("FLUSHALL"), A("MULTI"), A("EXEC"), A("DEBUG", "SET-ACTIVE-EXPIRE", "1")]);
  });
});

describe("random interleavings of two clients", () => {
  const cmds = (g: Gen): string[] => {
    const k = g.key(4);
    switch (g.int(0, 16)) {
      case 0: return ["MULTI"];
      case 1: case 2: return ["EXEC"];
      case 3: return ["DISCARD"];
      case 4: return ["WATCH", k, ...(g.chance(0.3) ? [g.key(4)] : [])];
      case 5: return ["UNWATCH"];
      case 6: return ["SET", k, g.value()];
      case 7: return ["INCR", k];
      case 8: return ["DEL", k];
      case 9: return ["GET", k];
      case 10: return ["RPUSH", k, g.value()];
      case 11: return ["SADD", k, g.value()];
      case 12: return ["SELECT", String(g.int(0, 1))];
      case 13: return g.pick([["FLUSHDB"], ["SWAPDB", "0", "1"], ["nosuch"], ["GET"], ["EXEC", "x"]]);
      case 14: return ["EXPIRE", k, "100"];
      case 15: return ["HSET", k, "f", g.value()];
      default: return ["LPOP", k];
    }
  };
  for (const seed of seeds(6)) {
    it(`seed ${seed}`, async () => {
      await d.reset();
      const g = new Gen(seed);
      const cases: Case[] = [];
      for (let n = 0; n < 250; n++) cases.push({ cmd: cmds(g), client: g.pick(["a", "b"]) });
      const ms = await d.compare(cases);
      expect(ms, `seed ${seed}\n${describeMismatches(ms)}`).toEqual([]);
    });
  }
});
