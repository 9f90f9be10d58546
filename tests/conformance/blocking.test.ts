/**
 * Blocking commands on the engine and on redis-server 7.0, side by side: replies when there is
 * something to pop, argument errors, timeouts (short real waits), and several clients — some
 * blocked while others push — served in the same order with the same replies.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { Differential, describeMismatches, type Case, type Mismatch, type Pending } from "../support/differential";
import { exemptions } from "./exemptions";
import { Gen, seeds } from "../support/random-commands";
import { decodeReply } from "../support/resp-client";

let d: Differential;
beforeAll(async () => {
  d = await Differential.start();
});
afterAll(async () => d?.stop());
beforeEach(async () => d.reset());

const ok = (ms: Mismatch[]) => expect(ms, describeMismatches(ms)).toEqual([]);
const utf8 = (s: string) => Buffer.from(s, "utf8").toString("latin1");
const BIN = "b\x00\r\n\xff";

/** Runs the cases on both sides; a case's client is its session. */
const compare = async (...cases: (string[] | Case)[]) => ok(await d.compare(cases));

/** rdb_changes_since_last_save on each side: compared as deltas, since earlier tests add to it. */
async function dirty(): Promise<{ engine: number; real: number }> {
  const r = await d.both(["INFO", "persistence"]);
  const field = (bytes: string) => Number(/rdb_changes_since_last_save:(\d+)/.exec((decodeReply(bytes, 0)!.reply as { v: string }).v)![1]);
  return { engine: field(r.engine), real: field(r.real) };
}

/** Finishes started commands in order, expecting identical replies. */
async function finish(...ps: Pending[]): Promise<void> {
  const ms: Mismatch[] = [];
  for (const p of ps) ms.push(...(await d.finish(p)));
  ok(ms);
}

describe("with something to pop, they answer at once", () => {
  it("BLPOP / BRPOP", async () => {
    await compare(
      ["RPUSH", "l", "a", BIN, utf8("é日"), "d"],
      ["SET", "s", "x"],
      ["BLPOP", "l", "0"],
      ["BRPOP", "l", "0"],
      ["BLPOP", "nokey", "l", "1"],
      ["BLPOP", "nokey", "s", "l", "0"],
      ["BRPOP", "l", "s", "0"],
      ["EXISTS", "l"],
      ["RPUSH", BIN, "v"],
      ["BRPOP", BIN, "0.5"],
      ["BLPOP", "l"],
      ["BLPOP"],
      ["BRPOP", "0"],
    );
  });

  it("BLMOVE / BRPOPLPUSH, with the destination's type checked", async () => {
    await compare(
      ["RPUSH", "l", "1", "2", "3", "4"],
      ["SET", "s", "x"],
      ["BLMOVE", "l", "d", "LEFT", "RIGHT", "0"],
      ["BLMOVE", "l", "d", "right", "left", "0"],
      ["BRPOPLPUSH", "l", "d", "0"],
      ["LRANGE", "d", "0", "-1"],
      ["BLMOVE", "l", "s", "LEFT", "RIGHT", "0"],
      ["BRPOPLPUSH", "l", "s", "0"],
      ["BLMOVE", "s", "d", "LEFT", "RIGHT", "0"],
      ["BRPOPLPUSH", "s", "d", "0"],
      ["BLMOVE", "l", "l", "LEFT", "RIGHT", "0"],
      ["BLMOVE", "l", "d", "LEFT", "RIGHT", "0"],
      ["EXISTS", "l"],
      ["BLMOVE", "d", "d", "RIGHT", "LEFT", "0"],
      ["LRANGE", "d", "0", "-1"],
      ["BLMOVE", "d", "x", "UP", "LEFT", "0"],
      ["BLMOVE", "d", "x", "LEFT", "DOWN", "0"],
      ["BLMOVE", "d", "x", "UP", "LEFT", "nope"],
      ["BLMOVE", "d", "x", "LEFT", "LEFT", "nope"],
      ["BLMOVE", "d", "x", "LEFT", "LEFT"],
      ["BRPOPLPUSH", "d", "x", "-1"],
      ["BRPOPLPUSH", "d", "x"],
    );
  });

  it("BLMPOP: numkeys, side and COUNT are checked before the timeout", async () => {
    await compare(
      ["RPUSH", "l", "1", "2", "3", "4", "5"],
      ["SET", "s", "x"],
      ["BLMPOP", "0", "1", "l", "LEFT"],
      ["BLMPOP", "0", "2", "nokey", "l", "RIGHT", "COUNT", "2"],
      ["BLMPOP", "0", "1", "l", "left", "count", "10"],
      ["EXISTS", "l"],
      ["BLMPOP", "0", "1", "s", "LEFT"],
      ["BLMPOP", "0", "0", "l", "LEFT"],
      ["BLMPOP", "0", "-1", "l", "LEFT"],
      ["BLMPOP", "0", "x", "l", "LEFT"],
      ["BLMPOP", "0", "2", "l", "LEFT"],
      ["BLMPOP", "0", "1", "l", "UP"],
      ["BLMPOP", "0", "1", "l", "LEFT", "COUNT"],
      ["BLMPOP", "0", "1", "l", "LEFT", "COUNT", "0"],
      ["BLMPOP", "0", "1", "l", "LEFT", "COUNT", "-3"],
      ["BLMPOP", "0", "1", "l", "LEFT", "COUNT", "1", "COUNT", "1"],
      ["BLMPOP", "0", "1", "l", "LEFT", "extra"],
      ["BLMPOP", "x", "0", "l", "LEFT"],
      ["BLMPOP", "x", "1", "l", "LEFT"],
      ["BLMPOP", "-1", "1", "l", "LEFT"],
      ["BLMPOP", "0", "1"],
    );
  });

  it("BZPOPMIN / BZPOPMAX / BZMPOP, scores as Redis prints them, in RESP2 and RESP3", async () => {
    const cases = [
      ["ZADD", "z", "1.1", "a", "2", "b", "-inf", "c", "1e300", "d", "0.5", BIN],
      ["SET", "s", "x"],
      ["BZPOPMIN", "z", "0"],
      ["BZPOPMAX", "nokey", "z", "0"],
      ["BZPOPMIN", "z", "s", "0"],
      ["BZPOPMIN", "s", "z", "0"],
      ["BZMPOP", "0", "2", "nokey", "z", "MIN", "COUNT", "1"],
      ["BZMPOP", "0", "1", "z", "max", "count", "10"],
      ["EXISTS", "z"],
      ["BZMPOP", "0", "0", "z", "MIN"],
      ["BZMPOP", "0", "1", "z", "LEFT"],
      ["BZMPOP", "0", "1", "z", "MIN", "COUNT", "0"],
      ["BZMPOP", "x", "1", "z", "MIN"],
      ["BZMPOP", "0", "1", "s", "MIN"],
      ["BZPOPMIN", "z", "x"],
      ["BZPOPMAX", "z"],
    ];
    await compare(...cases);
    await compare({ cmd: ["HELLO", "3"], norm: exemptions.hello }, ["DEL", "s"], ...cases);
  });
});

describe("the timeout", () => {
  it("is refused with Redis' errors", async () => {
    const cases: string[][] = [];
    for (const t of ["abc", "", " 1", "1 ", "nan", "1e5000", "1e-5000", "0x", "1,5", "inf", "-inf", "+inf", "1e400", "9.3e15", "-1", "-0.5", "-0.003"]) {
      cases.push(["BLPOP", "k", t], ["BZPOPMIN", "k", t], ["BLMPOP", t, "1", "k", "LEFT"], ["BRPOPLPUSH", "k", "d", t]);
    }
    await compare(...cases);
  });

  it("ends the wait with a null array, whichever command waited, after a short real wait", async () => {
    const cases = [
      ["BLPOP", "k", "0.05"],
      ["BRPOP", "k", "k2", "0.01"],
      ["BLMOVE", "k", "d", "LEFT", "LEFT", "0.01"],
      ["BRPOPLPUSH", "k", "d", "0.02"],
      ["BLMPOP", "0.01", "2", "k", "k2", "RIGHT", "COUNT", "3"],
      ["BZPOPMIN", "k", "0.01"],
      ["BZPOPMAX", "k", "0x1p-7"],
      ["BZMPOP", "0.01", "1", "k", "MAX"],
      // Under a millisecond rounds up to one.
      ["BLPOP", "k", "0.0001"],
      ["BLPOP", "k", "1e-400"],
      ["EXISTS", "k", "d"],
    ];
    await compare(...cases);
    await compare({ cmd: ["HELLO", "3"], norm: exemptions.hello }, ...cases);
  });

  it("ends one client's wait while others keep theirs", async () => {
    const a = await d.start(["BLPOP", "k", "0.15"], "a");
    const b = await d.start(["BLPOP", "k", "0"], "b");
    await compare({ cmd: ["RPUSH", "other", "x"], client: "c" });
    await finish(a);
    await compare({ cmd: ["RPUSH", "k", "v"], client: "c" });
    await finish(b);
  });
});

describe("several clients", () => {
  it("are served first come, first served, one element each", async () => {
    const a = await d.start(["BLPOP", "k", "0"], "a");
    const b = await d.start(["BRPOP", "k", "0"], "b");
    const c = await d.start(["BLPOP", "k", "0"], "c");
    await compare({ cmd: ["RPUSH", "k", "1", "2"], client: "d" });
    await finish(a, b);
    await d.settle();
    expect(c.answered).toEqual({ engine: false, real: false });
    await compare({ cmd: ["LPUSH", "k", "3", "4", "5"], client: "d" });
    await finish(c);
    await compare({ cmd: ["LRANGE", "k", "0", "-1"], client: "d" });
  });

  it("a client waiting on several keys is served once, from the key that got data", async () => {
    const a = await d.start(["BLPOP", "k1", "k2", "k1", "0"], "a");
    await compare({ cmd: ["RPUSH", "k2", "v"], client: "b" });
    await finish(a);
    await compare({ cmd: ["RPUSH", "k1", "w"], client: "b" }, { cmd: ["LLEN", "k1"], client: "b" }, { cmd: ["EXISTS", "k2"], client: "b" });
  });

  it("BLMOVE chains: each served move feeds the next waiter", async () => {
    const a = await d.start(["BLMOVE", "s1", "s2", "RIGHT", "LEFT", "0"], "a");
    const b = await d.start(["BRPOPLPUSH", "s2", "s3", "0"], "b");
    const c = await d.start(["BLMPOP", "0", "1", "s3", "LEFT", "COUNT", "5"], "c");
    await compare({ cmd: ["RPUSH", "s1", "x", "y"], client: "d" });
    await finish(a, b, c);
    await compare(["LRANGE", "s1", "0", "-1"], ["EXISTS", "s2", "s3"]);
  });

  it("a served BLMOVE whose destination became another type answers WRONGTYPE; the next waiter gets the element", async () => {
    await compare(["CONFIG", "RESETSTAT"]);
    const a = await d.start(["BLMOVE", "src", "dst", "LEFT", "RIGHT", "0"], "a");
    const b = await d.start(["BLPOP", "src", "0"], "b");
    await compare({ cmd: ["SET", "dst", "str"], client: "c" }, { cmd: ["RPUSH", "src", "v1", "v2"], client: "c" });
    await finish(a, b);
    await compare(["LRANGE", "src", "0", "-1"], ["GET", "dst"]);
    // The failed call and its error are counted as Redis counts them (INFO itself aside: the
    // harness' own INFO calls reach only the real server).
    const stats = async (section: string) => {
      const r = await d.both(["INFO", section]);
      const lines = (bytes: string) => {
        const rep = decodeReply(bytes, 0)!.reply as { v: string };
        return rep.v
          .split("\r\n")
          .filter((l) => l.includes(":") && !l.startsWith("cmdstat_info:"))
          .map((l) => l.replace(/usec=\d+,usec_per_call=[\d.]+,/, ""))
          .sort();
      };
      expect(lines(r.engine), section).toEqual(lines(r.real));
    };
    await stats("commandstats");
    await stats("errorstats");
  });

  it("a client that hangs up while blocked is forgotten", async () => {
    await d.start(["BLPOP", "k", "0"], "a");
    const b = await d.start(["BRPOP", "k", "0"], "b");
    await d.close("a");
    await d.settle();
    await compare({ cmd: ["RPUSH", "k", "1", "2"], client: "c" });
    await finish(b);
    await compare(["LRANGE", "k", "0", "-1"]);
  });

  it("a list waiter ignores the key coming back as a sorted set, and a set waiter a list", async () => {
    const a = await d.start(["BLPOP", "k", "0"], "a");
    const b = await d.start(["BZPOPMIN", "k", "0"], "b");
    await compare({ cmd: ["ZADD", "k", "1", "m", "2", "n"], client: "c" });
    await finish(b);
    await d.settle();
    expect(a.answered).toEqual({ engine: false, real: false });
    await compare({ cmd: ["DEL", "k"], client: "c" }, { cmd: ["RPUSH", "k", "v"], client: "c" });
    await finish(a);
  });

  it("waiters are woken by RENAME, COPY and MOVE creating their key", async () => {
    await compare(["RPUSH", "src", "1", "2", "3"]);
    const a = await d.start(["BLPOP", "c", "0"], "a");
    await compare(["COPY", "src", "c"]);
    await finish(a);
    const b = await d.start(["BRPOP", "r", "0"], "b");
    await compare(["RENAME", "src", "r"]);
    await finish(b);
    await compare({ cmd: ["SELECT", "3"], client: "c3" });
    const c = await d.start(["BLMPOP", "0", "1", "r", "LEFT", "COUNT", "9"], "c3");
    await compare(["MOVE", "r", "3"]);
    await finish(c);
  });

  it("sorted-set waiters are served in order, in RESP3 too", async () => {
    await compare({ cmd: ["HELLO", "3"], client: "a", norm: exemptions.hello });
    const a = await d.start(["BZPOPMIN", "z", "0"], "a");
    const b = await d.start(["BZMPOP", "0", "2", "y", "z", "MAX", "COUNT", "2"], "b");
    const c = await d.start(["BZPOPMAX", "y", "z", "0"], "c");
    await compare({ cmd: ["ZADD", "z", "1.1", "a", "2", "b", "3", "c", "4", "d"], client: "d" });
    await finish(a, b, c);
    await compare(["ZRANGE", "z", "0", "-1", "WITHSCORES"]);
  });

  it("count their changes for the next save as Redis does: served list pops and moves do not count", async () => {
    const before = await dirty();
    const waits = [
      ["BLPOP", "q", "0"],
      ["BLMOVE", "q", "d", "LEFT", "LEFT", "0"],
      ["BRPOPLPUSH", "q", "d", "0"],
      ["BLMPOP", "0", "1", "q", "RIGHT", "COUNT", "2"],
      ["BZPOPMIN", "z", "0"],
      ["BZMPOP", "0", "1", "z", "MAX", "COUNT", "3"],
    ];
    for (const cmd of waits) {
      const p = await d.start(cmd, "a");
      await compare({ cmd: cmd[0].startsWith("BZ") ? ["ZADD", "z", "1", "m", "2", "n"] : ["RPUSH", "q", "x", "y"], client: "b" });
      await finish(p);
      await compare({ cmd: ["DEL", "q", "z"], client: "b" });
    }
    const after = await dirty();
    expect(after.engine - before.engine).toBe(after.real - before.real);
  });

  it("INFO counts the blocked clients and those with a timeout", async () => {
    await d.start(["BLPOP", "k", "0"], "a");
    await d.start(["BZPOPMIN", "z", "30"], "b");
    const r = await d.both(["INFO", "clients"]);
    const fields = (bytes: string) =>
      (decodeReply(bytes, 0)!.reply as { v: string }).v.split("\r\n").filter((l) => /^(blocked_clients|clients_in_timeout_table):/.test(l));
    expect(fields(r.engine)).toEqual(["blocked_clients:2", "clients_in_timeout_table:1"]);
    expect(fields(r.engine)).toEqual(fields(r.real));
  });
});

/**
 * Seeded random sequences: four sessions on a small keyspace of lists, sorted sets and
 * strings; some sessions block (timeout 0) while the others push, pop, move, rename and
 * overwrite. After every step the blocked sessions each server has served must match, reply
 * for reply. Some seeds lower the encoding thresholds.
 */
describe("random sequences", () => {
  const SESSIONS = ["s0", "s1", "s2", "s3"];

  function blockingCommand(g: Gen): string[] {
    // Two more keys than the other commands use: they are often empty, so the command waits.
    const keys = () => Array.from({ length: g.int(1, 3) }, () => g.key(6));
    const side = () => g.pick(["LEFT", "RIGHT", "left"]);
    switch (g.int(0, 7)) {
      case 0:
        return ["BLPOP", ...keys(), "0"];
      case 1:
        return ["BRPOP", ...keys(), "0"];
      case 2:
        return ["BLMOVE", g.key(6), g.key(4), side(), side(), "0"];
      case 3:
        return ["BRPOPLPUSH", g.key(6), g.key(4), "0"];
      case 4: {
        const ks = keys();
        return ["BLMPOP", "0", String(ks.length), ...ks, side(), ...(g.chance(0.5) ? ["COUNT", String(g.int(1, 4))] : [])];
      }
      case 5:
        return ["BZPOPMIN", ...keys(), "0"];
      case 6:
        return ["BZPOPMAX", ...keys(), "0"];
      default: {
        const ks = keys();
        return ["BZMPOP", "0", String(ks.length), ...ks, g.pick(["MIN", "MAX"]), ...(g.chance(0.5) ? ["COUNT", String(g.int(1, 4))] : [])];
      }
    }
  }

  function otherCommand(g: Gen): string[] {
    const k = g.key(4);
    const score = () => g.pick(["1", "2.5", "-1", "0", "1e3", "inf", "-inf", "3", "0.1"]);
    switch (g.int(0, 13)) {
      case 0:
      case 1:
        return ["RPUSH", k, ...Array.from({ length: g.int(1, 3) }, () => g.value())];
      case 2:
        return ["LPUSH", k, ...Array.from({ length: g.int(1, 3) }, () => g.value())];
      case 3:
      case 4:
        return ["ZADD", k, ...Array.from({ length: g.int(1, 3) }, () => [score(), g.value()]).flat()];
      case 5:
        return [g.pick(["LPUSHX", "RPUSHX"]), k, g.value()];
      case 6:
        return ["LMOVE", k, g.key(4), g.pick(["LEFT", "RIGHT"]), g.pick(["LEFT", "RIGHT"])];
      case 7:
        return g.pick([["LPOP", k], ["RPOP", k, "2"], ["ZPOPMIN", k], ["ZPOPMAX", k, "2"]]);
      case 8:
        return g.chance(0.5) ? ["SET", k, g.value()] : ["DEL", k];
      case 9:
        return g.pick([["RENAME", k, g.key(4)], ["COPY", k, g.key(4)], ["RPOPLPUSH", k, g.key(4)]]);
      case 10:
        return ["LRANGE", k, "0", "-1"];
      case 11:
        return ["ZRANGE", k, "0", "-1", "WITHSCORES"];
      case 12:
        return ["OBJECT", "ENCODING", k];
      default:
        return ["TYPE", k];
    }
  }

  /** The keys a blocking command waits on, and the type that serves it. */
  function waitsOn(cmd: readonly string[]): { keys: string[]; type: "list" | "zset" } {
    const name = cmd[0];
    const type = name.startsWith("BZ") ? "zset" : "list";
    if (name === "BLMOVE" || name === "BRPOPLPUSH") return { keys: [cmd[1]], type };
    if (name === "BLMPOP" || name === "BZMPOP") return { keys: cmd.slice(3, 3 + Number(cmd[2])), type };
    return { keys: cmd.slice(1, -1), type };
  }

  /** Gives a waiting session what it waits for, clearing the key of another type first. */
  function feed(g: Gen, p: Pending): string[][] {
    const { keys, type } = waitsOn(p.cmd);
    const k = g.pick(keys);
    const push = type === "list" ? ["RPUSH", k, g.value(), g.value()] : ["ZADD", k, String(g.int(-3, 3)), g.value(), "1.5", g.value()];
    return g.chance(0.4) ? [["DEL", k], push] : [push];
  }

  for (const seed of seeds(8, 7300)) {
    it(`seed ${seed}`, async () => {
      const g = new Gen(seed);
      const mismatches: Mismatch[] = [];
      if (seed % 2) {
        ok(await d.compare([["CONFIG", "SET", "list-max-listpack-size", "2"], ["CONFIG", "SET", "zset-max-listpack-entries", "2"]]));
      }
      if (seed % 3 === 0) ok(await d.compare([{ cmd: ["HELLO", "3"], client: "s1", norm: exemptions.hello }]));
      const blocked = new Map<string, Pending>();
      let served = 0;
      const dirtyBefore = await dirty();
      /** Compares the replies of blocked sessions either server has answered since the last step. */
      const collect = async () => {
        await d.settle();
        for (const [s, p] of blocked) {
          if (!p.answered.engine && !p.answered.real) continue;
          blocked.delete(s);
          served++;
          mismatches.push(...(await d.finish(p)));
        }
      };
      for (let step = 0; step < 300 && !mismatches.length; step++) {
        const free = SESSIONS.filter((s) => !blocked.has(s));
        const client = g.pick(free);
        if (free.length > 1 && g.chance(0.4)) {
          const p = await d.start(blockingCommand(g), client);
          if (p.answered.engine || p.answered.real) mismatches.push(...(await d.finish(p)));
          else blocked.set(client, p);
        } else if (blocked.size && g.chance(0.5)) {
          const cmds = feed(g, g.pick([...blocked.values()]));
          mismatches.push(...(await d.compare(cmds.map((cmd) => ({ cmd, client })))));
        } else {
          mismatches.push(...(await d.compare([{ cmd: otherCommand(g), client }])));
        }
        await collect();
      }
      // What is left on each key, whichever type it ended up with.
      for (const k of ["k0", "k1", "k2", "k3", "k4", "k5"]) {
        const cases = [["TYPE", k], ["LRANGE", k, "0", "-1"], ["ZRANGE", k, "0", "-1", "WITHSCORES"], ["GET", k]];
        mismatches.push(...(await d.compare(cases.map((cmd) => ({ cmd, client: "check" })))));
      }
      expect(mismatches, `seed ${seed}\n${describeMismatches(mismatches)}`).toEqual([]);
      const dirtyAfter = await dirty();
      expect(dirtyAfter.engine - dirtyBefore.engine, "rdb_changes_since_last_save").toBe(dirtyAfter.real - dirtyBefore.real);
      // The sequence did exercise waiting: sessions blocked and were served later.
      expect(served, "blocked sessions served").toBeGreaterThanOrEqual(8);
    });
  }
});
