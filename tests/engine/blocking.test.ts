/**
 * Blocking commands through dispatch, on the manual clock: timeouts to the millisecond, FIFO
 * serving, several keys, disconnects, BLMOVE chains, CLIENT UNBLOCK, INFO and CLIENT LIST.
 */
import { describe, expect, it } from "vitest";
import { BLOCKED } from "../../engine/blocking";
import type { Client } from "../../engine/client";
import { createServer, type Server } from "../../engine/server";
import { arr, bulk, double, int, NULL, NULL_ARRAY, OK, type Reply } from "../../engine/reply";
import { encodeReply } from "../../engine/resp/encode";

const pair = (k: string, v: string): Reply => arr([bulk(k), bulk(v)]);
const errorOf = (v: string): Reply => ({ t: "error", v });

/** A connection that records the replies of its blocked commands. */
interface Conn {
  c: Client;
  /** Deferred replies, in arrival order. */
  got: Reply[];
  /** Sends as a connection would: the reply, or BLOCKED. */
  send(...argv: string[]): Reply | typeof BLOCKED;
  /** Runs now (blocking refused). */
  run(...argv: string[]): Reply;
}

function setup(config: Record<string, string> = {}): { server: Server; conn: () => Conn } {
  const server = createServer({ config });
  const conn = (): Conn => {
    const c = server.connect();
    const got: Reply[] = [];
    c.onDeferredReply = (r) => got.push(r);
    return { c, got, send: (...argv) => c.send(argv), run: (...argv) => c.execute(argv) };
  };
  return { server, conn };
}

const infoField = (x: Conn, section: string, field: string): string => {
  const r = x.run("INFO", section) as { v: string };
  return new RegExp(`^${field}:(.*)\r$`, "m").exec(r.v)![1];
};

describe("BLPOP / BRPOP with data", () => {
  it("pops at once from the first non-empty list, like LPOP / RPOP", () => {
    const { conn } = setup();
    const a = conn();
    a.run("RPUSH", "k2", "a", "b", "c");
    expect(a.send("BLPOP", "k1", "k2", "0")).toEqual(pair("k2", "a"));
    expect(a.send("BRPOP", "k1", "k2", "0")).toEqual(pair("k2", "c"));
    expect(a.send("BRPOP", "k2", "0")).toEqual(pair("k2", "b"));
    expect(a.run("EXISTS", "k2")).toEqual(int(0));
  });

  it("answers WRONGTYPE at the first existing key that is not a list, even after empty ones", () => {
    const { conn } = setup();
    const a = conn();
    a.run("SET", "s", "x");
    a.run("RPUSH", "l", "v");
    expect(a.send("BLPOP", "missing", "s", "l", "0")).toEqual(errorOf("WRONGTYPE Operation against a key holding the wrong kind of value"));
    expect(a.send("BLPOP", "l", "s", "0")).toEqual(pair("l", "v"));
  });
});

describe("the timeout argument", () => {
  it("is parsed as Redis 7.0 parses it", () => {
    const { conn } = setup();
    const a = conn();
    const notFloat = errorOf("ERR timeout is not a float or out of range");
    const negative = errorOf("ERR timeout is negative");
    for (const t of ["abc", "", " 1", "1 ", "nan", "1e5000", "1e-5000", "0x"]) expect(a.send("BLPOP", "k", t), t).toEqual(notFloat);
    for (const t of ["-1", "-0.5", "-0.003", "inf", "-inf", "1e400", "9.3e15"]) expect(a.send("BLPOP", "k", t), t).toEqual(negative);
  });

  it("times out at the first millisecond past the deadline, with a null array", () => {
    const { server, conn } = setup();
    const a = conn();
    expect(a.send("BLPOP", "k", "1.5")).toBe(BLOCKED);
    server.advance(1500);
    expect(a.got).toEqual([]);
    server.advance(1);
    expect(a.got).toEqual([NULL_ARRAY]);
    expect(a.c.blocked).toBeNull();
    // Each blocking command times out with the same null array (*-1, or _ in RESP3).
    for (const cmd of [
      ["BRPOPLPUSH", "x", "y", "0.25"],
      ["BLMOVE", "x", "y", "LEFT", "RIGHT", "0.25"],
      ["BLMPOP", "0.25", "1", "x", "LEFT"],
      ["BZPOPMIN", "x", "0.25"],
      ["BZMPOP", "0.25", "1", "x", "MAX"],
    ]) {
      a.got.length = 0;
      expect(a.send(...cmd)).toBe(BLOCKED);
      server.advance(251);
      expect(a.got, cmd.join(" ")).toEqual([NULL_ARRAY]);
    }
    expect(encodeReply(NULL_ARRAY, 2)).toBe("*-1\r\n");
  });

  it("takes hex floats and fractions, rounding up to whole milliseconds", () => {
    const { server, conn } = setup();
    const a = conn();
    expect(a.send("BLPOP", "k", "0x1p1")).toBe(BLOCKED); // 2 s
    server.advance(2000);
    expect(a.got).toEqual([]);
    server.advance(1);
    expect(a.got).toEqual([NULL_ARRAY]);
    expect(a.send("BLPOP", "k", "0.0011")).toBe(BLOCKED); // 1.1 ms → 2 ms
    server.advance(2);
    expect(a.got).toHaveLength(1);
    server.advance(1);
    expect(a.got).toEqual([NULL_ARRAY, NULL_ARRAY]);
    expect(a.send("BLPOP", "k", "1e-400")).toBe(BLOCKED); // the tiniest positive wait is 1 ms
    server.advance(2);
    expect(a.got).toHaveLength(3);
  });

  it("waits forever for 0, and for a negative fraction of a millisecond (it rounds up to 0)", () => {
    const { server, conn } = setup();
    const a = conn();
    const b = conn();
    const c = conn();
    expect(a.send("BLPOP", "k", "0")).toBe(BLOCKED);
    expect(b.send("BLPOP", "k", "-0.0009")).toBe(BLOCKED);
    expect(c.send("BLPOP", "k", "-1e-400")).toBe(BLOCKED);
    expect(infoField(conn(), "clients", "clients_in_timeout_table")).toBe("0");
    server.advance(365 * 24 * 3600 * 1000);
    expect([a.got, b.got, c.got]).toEqual([[], [], []]);
    expect(infoField(conn(), "clients", "blocked_clients")).toBe("3");
  });
});

describe("serving blocked clients", () => {
  it("serves after the pushing command completes: the push replies with the length it made", () => {
    const { conn } = setup();
    const a = conn();
    const b = conn();
    expect(a.send("BLPOP", "k", "0")).toBe(BLOCKED);
    expect(b.send("LPUSH", "k", "x", "y", "z")).toEqual(int(3));
    expect(a.got).toEqual([pair("k", "z")]);
    expect(b.run("LRANGE", "k", "0", "-1")).toEqual(arr([bulk("y"), bulk("x")]));
  });

  it("serves waiters first come, first served, one element each, while elements last", () => {
    const { conn } = setup();
    const [a, b, c, d] = [conn(), conn(), conn(), conn()];
    expect(a.send("BLPOP", "k", "0")).toBe(BLOCKED);
    expect(b.send("BRPOP", "k", "0")).toBe(BLOCKED);
    expect(c.send("BLPOP", "k", "0")).toBe(BLOCKED);
    expect(d.send("RPUSH", "k", "1", "2")).toEqual(int(2));
    expect(a.got).toEqual([pair("k", "1")]);
    expect(b.got).toEqual([pair("k", "2")]);
    expect(c.got).toEqual([]);
    expect(d.run("EXISTS", "k")).toEqual(int(0));
    expect(d.send("RPUSH", "k", "3", "4")).toEqual(int(2));
    expect(c.got).toEqual([pair("k", "3")]);
    expect(d.run("LRANGE", "k", "0", "-1")).toEqual(arr([bulk("4")]));
  });

  it("serves a client waiting on several keys from the key that got data, once", () => {
    const { conn } = setup();
    const a = conn();
    const b = conn();
    expect(a.send("BLPOP", "k1", "k2", "k1", "0")).toBe(BLOCKED);
    b.run("RPUSH", "k2", "v");
    expect(a.got).toEqual([pair("k2", "v")]);
    // It left k1's queue too: a later push there stays.
    b.run("RPUSH", "k1", "w");
    expect(a.got).toHaveLength(1);
    expect(b.run("LLEN", "k1")).toEqual(int(1));
  });

  it("serves from the first key that became ready, when several do at once (SWAPDB)", () => {
    const { conn } = setup();
    const a = conn();
    const b = conn();
    b.run("SELECT", "1");
    b.run("RPUSH", "k2", "two");
    b.run("RPUSH", "k1", "one");
    expect(a.send("BLPOP", "k1", "k2", "0")).toBe(BLOCKED);
    expect(b.send("SWAPDB", "0", "1")).toEqual(OK);
    // Both keys are ready: one serves, the other keeps its element. (Redis picks by its hash
    // table order here; the engine by the order the waits were filed in.)
    expect(a.got).toEqual([pair("k1", "one")]);
    expect(a.run("LRANGE", "k2", "0", "-1")).toEqual(arr([bulk("two")]));
  });

  it("forgets a client that disconnects while blocked", () => {
    const { conn } = setup();
    const a = conn();
    const b = conn();
    expect(a.send("BLPOP", "k", "5")).toBe(BLOCKED);
    a.c.close();
    expect(infoField(b, "clients", "blocked_clients")).toBe("0");
    expect(infoField(b, "clients", "clients_in_timeout_table")).toBe("0");
    b.run("RPUSH", "k", "v");
    expect(a.got).toEqual([]);
    expect(b.run("LLEN", "k")).toEqual(int(1));
  });

  it("leaves a list waiter alone when the key comes back as a sorted set", () => {
    const { conn } = setup();
    const a = conn();
    const b = conn();
    expect(a.send("BLPOP", "k", "0")).toBe(BLOCKED);
    b.run("ZADD", "k", "1", "m");
    expect(a.got).toEqual([]);
    b.run("DEL", "k");
    b.run("RPUSH", "k", "v");
    expect(a.got).toEqual([pair("k", "v")]);
  });

  it("wakes waiters when RENAME, MOVE or COPY create the key", () => {
    const { conn } = setup();
    const [a, b] = [conn(), conn()];
    b.run("RPUSH", "src", "1", "2", "3");
    expect(a.send("BLPOP", "r", "0")).toBe(BLOCKED);
    b.run("COPY", "src", "r");
    expect(a.got).toEqual([pair("r", "1")]);
    expect(a.send("BRPOP", "n", "0")).toBe(BLOCKED);
    b.run("RENAME", "r", "n");
    expect(a.got[1]).toEqual(pair("n", "3"));
    const c = conn();
    c.run("SELECT", "2");
    expect(c.send("BLPOP", "n", "0")).toBe(BLOCKED);
    b.run("MOVE", "n", "2");
    expect(c.got).toEqual([pair("n", "2")]);
  });

  it("does not block inside a caller that cannot wait: null array, or null bulk for the moves", () => {
    const { conn } = setup();
    const a = conn();
    expect(a.run("BLPOP", "k", "0")).toEqual(NULL_ARRAY);
    expect(a.run("BLMPOP", "0", "1", "k", "LEFT")).toEqual(NULL_ARRAY);
    expect(a.run("BZPOPMAX", "k", "0")).toEqual(NULL_ARRAY);
    expect(a.run("BLMOVE", "k", "d", "LEFT", "LEFT", "0")).toEqual(NULL);
    expect(a.run("BRPOPLPUSH", "k", "d", "0")).toEqual(NULL);
    expect(a.c.blocked).toBeNull();
  });

  it("refuses a command from a client that is still blocked (its host holds it back)", () => {
    const { conn } = setup();
    const a = conn();
    expect(a.send("BLPOP", "k", "0")).toBe(BLOCKED);
    expect(() => a.send("PING")).toThrow(/blocked/);
  });
});

describe("BLMOVE and BRPOPLPUSH", () => {
  it("moves at once when the source has elements", () => {
    const { conn } = setup();
    const a = conn();
    a.run("RPUSH", "s", "1", "2");
    expect(a.send("BLMOVE", "s", "d", "LEFT", "RIGHT", "0")).toEqual(bulk("1"));
    expect(a.send("BRPOPLPUSH", "s", "d", "0")).toEqual(bulk("2"));
    expect(a.run("LRANGE", "d", "0", "-1")).toEqual(arr([bulk("2"), bulk("1")]));
    expect(a.send("BLMOVE", "d", "d", "LEFT", "RIGHT", "0")).toEqual(bulk("2"));
  });

  it("checks the sides, then the timeout, then the source type", () => {
    const { conn } = setup();
    const a = conn();
    a.run("SET", "str", "x");
    expect(a.send("BLMOVE", "s", "d", "UP", "LEFT", "x")).toEqual(errorOf("ERR syntax error"));
    expect(a.send("BLMOVE", "s", "d", "LEFT", "RIGHT", "x")).toEqual(errorOf("ERR timeout is not a float or out of range"));
    expect(a.send("BLMOVE", "str", "d", "LEFT", "RIGHT", "0")).toEqual(errorOf("WRONGTYPE Operation against a key holding the wrong kind of value"));
    // Nothing to move yet: the destination's type is only looked at when served.
    expect(a.send("BRPOPLPUSH", "s", "str", "0")).toBe(BLOCKED);
  });

  it("chains: each served move can make the next waiter's key ready", () => {
    const { conn } = setup();
    const [a, b, c, d] = [conn(), conn(), conn(), conn()];
    expect(a.send("BLMOVE", "s1", "s2", "RIGHT", "LEFT", "0")).toBe(BLOCKED);
    expect(b.send("BRPOPLPUSH", "s2", "s3", "0")).toBe(BLOCKED);
    expect(c.send("BLPOP", "s3", "0")).toBe(BLOCKED);
    expect(d.send("RPUSH", "s1", "x")).toEqual(int(1));
    expect(a.got).toEqual([bulk("x")]);
    expect(b.got).toEqual([bulk("x")]);
    expect(c.got).toEqual([pair("s3", "x")]);
    expect(d.run("KEYS", "*")).toEqual(arr([]));
  });

  it("answers WRONGTYPE when served if the destination became another type, and keeps the element", () => {
    const { conn } = setup();
    const [a, b, c] = [conn(), conn(), conn()];
    b.run("CONFIG", "RESETSTAT");
    expect(a.send("BLMOVE", "src", "dst", "LEFT", "RIGHT", "0")).toBe(BLOCKED);
    expect(c.send("BLPOP", "src", "0")).toBe(BLOCKED);
    b.run("SET", "dst", "str");
    b.run("RPUSH", "src", "v");
    expect(a.got).toEqual([errorOf("WRONGTYPE Operation against a key holding the wrong kind of value")]);
    // The element went to the next waiter instead.
    expect(c.got).toEqual([pair("src", "v")]);
    const stats = (b.run("INFO", "commandstats") as { v: string }).v;
    expect(stats).toMatch(/cmdstat_blmove:calls=1,usec=\d+,usec_per_call=[\d.]+,rejected_calls=0,failed_calls=1/);
    expect((b.run("INFO", "errorstats") as { v: string }).v).toContain("errorstat_WRONGTYPE:count=1");
  });
});

describe("BLMPOP", () => {
  it("parses numkeys, side and COUNT before the timeout", () => {
    const { conn } = setup();
    const a = conn();
    expect(a.send("BLMPOP", "x", "0", "k", "LEFT")).toEqual(errorOf("ERR numkeys should be greater than 0"));
    expect(a.send("BLMPOP", "x", "2", "k", "LEFT")).toEqual(errorOf("ERR syntax error"));
    expect(a.send("BLMPOP", "x", "1", "k", "LEFT", "COUNT", "0")).toEqual(errorOf("ERR count should be greater than 0"));
    expect(a.send("BLMPOP", "x", "1", "k", "LEFT")).toEqual(errorOf("ERR timeout is not a float or out of range"));
  });

  it("pops up to COUNT elements, now or when served", () => {
    const { conn } = setup();
    const [a, b] = [conn(), conn()];
    b.run("RPUSH", "k", "1", "2", "3");
    expect(a.send("BLMPOP", "0", "2", "none", "k", "RIGHT", "COUNT", "2")).toEqual(arr([bulk("k"), arr([bulk("3"), bulk("2")])]));
    b.run("DEL", "k");
    expect(a.send("BLMPOP", "0", "1", "k", "LEFT", "COUNT", "5")).toBe(BLOCKED);
    b.run("RPUSH", "k", "a", "b");
    expect(a.got).toEqual([arr([bulk("k"), arr([bulk("a"), bulk("b")])])]);
  });
});

describe("BZPOPMIN / BZPOPMAX / BZMPOP", () => {
  it("pop at once, or when a sorted set appears, with the key first", () => {
    const { conn } = setup();
    const [a, b] = [conn(), conn()];
    b.run("ZADD", "z", "1", "one", "2", "two", "3", "three");
    expect(a.send("BZPOPMIN", "none", "z", "0")).toEqual(arr([bulk("z"), bulk("one"), double(1)]));
    expect(a.send("BZPOPMAX", "z", "0")).toEqual(arr([bulk("z"), bulk("three"), double(3)]));
    expect(a.send("BZMPOP", "0", "1", "z", "MIN", "COUNT", "9")).toEqual(arr([bulk("z"), arr([arr([bulk("two"), double(2)])])]));
    expect(a.send("BZPOPMIN", "z", "0")).toBe(BLOCKED);
    b.run("ZADD", "z", "5", "five", "4", "four");
    expect(a.got).toEqual([arr([bulk("z"), bulk("four"), double(4)])]);
    expect(a.send("BZMPOP", "0", "2", "y", "z", "MAX", "COUNT", "3")).toEqual(arr([bulk("z"), arr([arr([bulk("five"), double(5)])])]));
    expect(a.send("BZMPOP", "0", "2", "y", "z", "MAX", "COUNT", "3")).toBe(BLOCKED);
    b.run("ZADD", "y", "1", "a", "2", "b");
    expect(a.got[1]).toEqual(arr([bulk("y"), arr([arr([bulk("b"), double(2)]), arr([bulk("a"), double(1)])])]));
  });

  it("answers WRONGTYPE for a key that is not a sorted set, and ignores list pushes while waiting", () => {
    const { conn } = setup();
    const [a, b] = [conn(), conn()];
    b.run("RPUSH", "l", "x");
    expect(a.send("BZPOPMIN", "l", "0")).toEqual(errorOf("WRONGTYPE Operation against a key holding the wrong kind of value"));
    expect(a.send("BZPOPMIN", "q", "0")).toBe(BLOCKED);
    b.run("RPUSH", "q", "x");
    expect(a.got).toEqual([]);
    b.run("DEL", "q");
    b.run("ZADD", "q", "7", "m");
    expect(a.got).toEqual([arr([bulk("q"), bulk("m"), double(7)])]);
  });

  it("parses BZMPOP's numkeys, side and COUNT before the timeout", () => {
    const { conn } = setup();
    const a = conn();
    expect(a.send("BZMPOP", "x", "0", "z", "MIN")).toEqual(errorOf("ERR numkeys should be greater than 0"));
    expect(a.send("BZMPOP", "x", "1", "z", "LEFT")).toEqual(errorOf("ERR syntax error"));
    expect(a.send("BZMPOP", "x", "1", "z", "MIN")).toEqual(errorOf("ERR timeout is not a float or out of range"));
  });
});

describe("what other commands see of a blocked client", () => {
  it("INFO clients counts blocked clients and those with a timeout; CLIENT LIST shows flag b", () => {
    const { conn } = setup();
    const [a, b, c] = [conn(), conn(), conn()];
    expect(a.send("BLPOP", "q", "k", "q", "0")).toBe(BLOCKED);
    expect(b.send("BZPOPMIN", "z", "10")).toBe(BLOCKED);
    expect(infoField(c, "clients", "blocked_clients")).toBe("2");
    expect(infoField(c, "clients", "clients_in_timeout_table")).toBe("1");
    const list = (c.run("CLIENT", "LIST") as { v: string }).v.split("\n");
    const line = list.find((l) => l.startsWith(`id=${a.c.id} `))!;
    expect(line).toContain(" flags=b ");
    expect(line).toContain(" cmd=blpop ");
    expect(line).toContain(" argv-mem=9 ");
    expect(line).toContain(" qbuf=0 ");
  });

  it("counts the blocked command once, when it blocks", () => {
    const { conn } = setup();
    const [a, b] = [conn(), conn()];
    expect(a.send("BLPOP", "k", "0")).toBe(BLOCKED);
    expect((b.run("INFO", "commandstats") as { v: string }).v).toMatch(/cmdstat_blpop:calls=1,/);
    b.run("RPUSH", "k", "v");
    expect((b.run("INFO", "commandstats") as { v: string }).v).toMatch(/cmdstat_blpop:calls=1,.*failed_calls=0/);
  });

  it("CLIENT UNBLOCK ends a wait as a timeout or an -UNBLOCKED error", () => {
    const { conn } = setup();
    const [a, b] = [conn(), conn()];
    b.run("CONFIG", "RESETSTAT");
    const id = String(a.c.id);
    expect(b.run("CLIENT", "UNBLOCK", id)).toEqual(int(0));
    expect(a.send("BLPOP", "k", "0")).toBe(BLOCKED);
    expect(b.run("CLIENT", "UNBLOCK", id)).toEqual(int(1));
    expect(a.got).toEqual([NULL_ARRAY]);
    expect(a.send("BZPOPMIN", "k", "0")).toBe(BLOCKED);
    expect(b.run("CLIENT", "UNBLOCK", id, "ERROR")).toEqual(int(1));
    expect(a.got[1]).toEqual(errorOf("UNBLOCKED client unblocked via CLIENT UNBLOCK"));
    expect(b.run("CLIENT", "UNBLOCK", id, "later")).toEqual(errorOf("ERR CLIENT UNBLOCK reason should be TIMEOUT or ERROR"));
    expect(b.run("CLIENT", "UNBLOCK", "x", "later")).toEqual(errorOf("ERR CLIENT UNBLOCK reason should be TIMEOUT or ERROR"));
    expect(b.run("CLIENT", "UNBLOCK", "x")).toEqual(errorOf("ERR value is not an integer or out of range"));
    expect(b.run("CLIENT", "UNBLOCK", id, "timeout", "x")).toEqual(
      errorOf("ERR unknown subcommand or wrong number of arguments for 'UNBLOCK'. Try CLIENT HELP."),
    );
    // Both unblocked commands count as failed; the CLIENT UNBLOCK that sent an error too.
    const stats = (b.run("INFO", "commandstats") as { v: string }).v;
    expect(stats).toMatch(/cmdstat_blpop:calls=1,.*failed_calls=1/);
    expect(stats).toMatch(/cmdstat_bzpopmin:calls=1,.*failed_calls=1/);
    expect(stats).toMatch(/cmdstat_client\|unblock:calls=\d+,.*failed_calls=5/);
    expect((b.run("INFO", "errorstats") as { v: string }).v).toContain("errorstat_UNBLOCKED:count=1");
  });
});
