import { beforeEach, describe, expect, it } from "vitest";
import { createServer, type KeyChange, type Server } from "../../engine/server";
import type { Client } from "../../engine/client";
import type { Reply } from "../../engine/reply";
import { encodeReply } from "../../engine/resp/encode";
import { SetValue } from "../../engine/types/set";
import { Rng } from "../../engine/rng";

let server: Server;
let c: Client;
let events: KeyChange[];
const run = (...argv: string[]): Reply => c.execute(argv);
const int = (v: number) => ({ t: "int", v });
const bulk = (v: string) => ({ t: "bulk", v });
const error = (v: string) => ({ t: "error", v });
const NULL = { t: "null" };
const WRONGTYPE = error("WRONGTYPE Operation against a key holding the wrong kind of value");

/** The bulk strings of a reply (array or set, or a SCAN page's second element), in reply order. */
function items(r: Reply): string[] {
  const list = r.t === "array" && r.v.length === 2 && r.v[1].t === "array" ? r.v[1] : r;
  if (list.t !== "array" && list.t !== "set") throw new Error(`not a list: ${JSON.stringify(r)}`);
  return list.v.map((x) => {
    if (x.t !== "bulk") throw new Error(`not a bulk: ${JSON.stringify(x)}`);
    return x.v;
  });
}
const sorted = (r: Reply): string[] => items(r).sort();
const enc = (key: string): Reply => run("OBJECT", "ENCODING", key);
const ascending = (xs: string[]): string[] => [...xs].sort((a, b) => (BigInt(a) < BigInt(b) ? -1 : BigInt(a) > BigInt(b) ? 1 : 0));
const evs = (): string[] => events.map((e) => `${e.key}:${e.event}`);

beforeEach(() => {
  server = createServer();
  c = server.connect();
  events = [];
  server.onKeyChange((e) => events.push(e));
});

describe("encodings", () => {
  it("keeps canonical 64-bit integers in an intset, in ascending numeric order", () => {
    expect(run("SADD", "s", "10", "-3", "9223372036854775807", "-9223372036854775808", "0", "2", "10")).toEqual(int(6));
    expect(enc("s")).toEqual(bulk("intset"));
    expect(items(run("SMEMBERS", "s"))).toEqual(["-9223372036854775808", "-3", "0", "2", "10", "9223372036854775807"]);
    // Numbers near 2^53 must not collapse into one another.
    run("SADD", "big", "9007199254740993", "9007199254740992", "9007199254740994");
    expect(items(run("SMEMBERS", "big"))).toEqual(["9007199254740992", "9007199254740993", "9007199254740994"]);
    expect(run("SISMEMBER", "big", "9007199254740993")).toEqual(int(1));
  });

  it("converts to a hashtable on the first member that is not a canonical integer", () => {
    for (const odd of ["-0", "007", "+1", " 1", "1 ", "9223372036854775808", "1.0", "a", ""]) {
      run("DEL", "s");
      run("SADD", "s", "1", "2");
      expect(enc("s")).toEqual(bulk("intset"));
      expect(run("SADD", "s", odd)).toEqual(int(1));
      expect(enc("s")).toEqual(bulk("hashtable"));
      expect(run("SISMEMBER", "s", odd)).toEqual(int(1));
      expect(sorted(run("SMEMBERS", "s"))).toEqual(["1", "2", odd].sort());
    }
  });

  it("creates a hashtable when the first member is not an integer, even if later ones are", () => {
    run("SADD", "s", "a", "1");
    expect(enc("s")).toEqual(bulk("hashtable"));
    run("SREM", "s", "a");
    expect(enc("s")).toEqual(bulk("hashtable")); // never converts back
  });

  it("converts once the intset grows past set-max-intset-entries, read live", () => {
    run("CONFIG", "SET", "set-max-intset-entries", "3");
    run("SADD", "s", "1", "2", "3");
    expect(enc("s")).toEqual(bulk("intset"));
    run("SADD", "s", "3");
    expect(enc("s")).toEqual(bulk("intset"));
    run("SADD", "s", "4");
    expect(enc("s")).toEqual(bulk("hashtable"));
    run("SREM", "s", "4", "3");
    expect(enc("s")).toEqual(bulk("hashtable"));
    run("CONFIG", "SET", "set-max-intset-entries", "0");
    run("SADD", "z", "5");
    expect(enc("z")).toEqual(bulk("hashtable"));
  });

  it("COPY keeps the encoding and makes an independent set", () => {
    run("SADD", "a", "3", "1", "2");
    run("SADD", "h", "x", "y");
    run("COPY", "a", "a2");
    run("COPY", "h", "h2");
    expect(enc("a2")).toEqual(bulk("intset"));
    expect(enc("h2")).toEqual(bulk("hashtable"));
    run("SADD", "a2", "z");
    run("SREM", "h2", "x");
    expect(items(run("SMEMBERS", "a"))).toEqual(["1", "2", "3"]);
    expect(sorted(run("SMEMBERS", "h"))).toEqual(["x", "y"]);
    expect(run("TYPE", "a")).toEqual({ t: "simple", v: "set" });
  });
});

describe("SADD, SREM, SISMEMBER, SMISMEMBER, SCARD", () => {
  it("count new members, emit one event per command, and count dirty per member", () => {
    const dirty = server.stats.dirty;
    expect(run("SADD", "s", "a", "b", "a")).toEqual(int(2));
    expect(run("SADD", "s", "a")).toEqual(int(0));
    expect(server.stats.dirty - dirty).toBe(2);
    expect(evs()).toEqual(["s:sadd"]);
    expect(run("SCARD", "s")).toEqual(int(2));
    expect(run("SREM", "s", "zz")).toEqual(int(0));
    expect(run("SREM", "s", "a", "a", "zz")).toEqual(int(1));
    expect(run("SREM", "s", "b", "c")).toEqual(int(1));
    expect(evs()).toEqual(["s:sadd", "s:srem", "s:srem", "s:del"]);
    expect(server.stats.dirty - dirty).toBe(4);
    expect(run("EXISTS", "s")).toEqual(int(0));
    expect(run("SCARD", "s")).toEqual(int(0));
    expect(run("SREM", "s", "a")).toEqual(int(0));
  });

  it("are binary safe", () => {
    const odd = "\x00\r\n\xff";
    run("SADD", "s", odd, "é");
    expect(run("SISMEMBER", "s", odd)).toEqual(int(1));
    expect(run("SMISMEMBER", "s", "é", "e", odd)).toEqual({ t: "array", v: [int(1), int(0), int(1)] });
    expect(run("SMISMEMBER", "nokey", "a", "b")).toEqual({ t: "array", v: [int(0), int(0)] });
    expect(run("SISMEMBER", "nokey", "a")).toEqual(int(0));
  });

  it("answer WRONGTYPE on other types", () => {
    run("SET", "str", "v");
    for (const cmd of [
      ["SADD", "str", "a"],
      ["SREM", "str", "a"],
      ["SISMEMBER", "str", "a"],
      ["SMISMEMBER", "str", "a"],
      ["SCARD", "str"],
      ["SMEMBERS", "str"],
      ["SPOP", "str"],
      ["SPOP", "str", "2"],
      ["SRANDMEMBER", "str"],
      ["SRANDMEMBER", "str", "2"],
      ["SSCAN", "str", "0", "BOGUS"],
      ["SINTER", "nokey", "str"],
      ["SINTERCARD", "2", "nokey", "str"],
      ["SUNION", "str"],
      ["SDIFF", "nokey", "str"],
      ["SINTERSTORE", "d", "str"],
      ["SMOVE", "str", "d", "a"],
    ]) {
      expect(run(...cmd), cmd.join(" ")).toEqual(WRONGTYPE);
    }
  });

  it("a key whose TTL passed is a new set", () => {
    run("SADD", "s", "a");
    run("PEXPIRE", "s", "100");
    server.advance(150);
    expect(run("SADD", "s", "1")).toEqual(int(1));
    expect(enc("s")).toEqual(bulk("intset"));
    expect(run("TTL", "s")).toEqual(int(-1));
  });
});

describe("SMOVE", () => {
  it("moves a member, creating and deleting keys as needed, with srem/del/sadd events", () => {
    run("SADD", "src", "1");
    events = [];
    expect(run("SMOVE", "src", "dst", "1")).toEqual(int(1));
    expect(evs()).toEqual(["src:srem", "src:del", "dst:sadd"]);
    expect(enc("dst")).toEqual(bulk("intset"));
    expect(run("EXISTS", "src")).toEqual(int(0));
    run("SADD", "src", "a", "b");
    run("SADD", "dst", "a");
    events = [];
    const dirty = server.stats.dirty;
    expect(run("SMOVE", "src", "dst", "a")).toEqual(int(1)); // already in dst: no sadd
    expect(evs()).toEqual(["src:srem"]);
    expect(server.stats.dirty - dirty).toBe(1);
    expect(enc("dst")).toEqual(bulk("hashtable"));
    expect(run("SMOVE", "src", "dst", "zz")).toEqual(int(0));
  });

  it("within one key only reports membership; a missing source answers 0 before type checks", () => {
    run("SADD", "s", "a");
    run("SET", "str", "v");
    events = [];
    expect(run("SMOVE", "s", "s", "a")).toEqual(int(1));
    expect(run("SMOVE", "s", "s", "b")).toEqual(int(0));
    expect(run("SMOVE", "nokey", "str", "a")).toEqual(int(0));
    expect(run("SMOVE", "s", "str", "a")).toEqual(WRONGTYPE);
    expect(events).toEqual([]);
  });
});

describe("SPOP", () => {
  it("pops one random member and deletes the emptied key", () => {
    run("SADD", "s", "a", "b");
    const first = run("SPOP", "s");
    expect(["a", "b"]).toContain((first as { v: string }).v);
    const second = run("SPOP", "s");
    expect(sorted({ t: "array", v: [first, second] })).toEqual(["a", "b"]);
    expect(evs()).toEqual(["s:sadd", "s:spop", "s:spop", "s:del"]);
    expect(run("SPOP", "s")).toEqual(NULL);
  });

  it("with a count >= size replies with the whole set (ascending if it rebuilds as an intset) and deletes it", () => {
    run("SADD", "s", "5", "x", "3", "1");
    run("SREM", "s", "x"); // a hashtable of integers
    events = [];
    const dirty = server.stats.dirty;
    expect(run("SPOP", "s", "10")).toEqual({ t: "set", v: [bulk("1"), bulk("3"), bulk("5")] });
    expect(evs()).toEqual(["s:spop", "s:del"]);
    expect(server.stats.dirty - dirty).toBe(3);
    expect(run("SPOP", "s", "3")).toEqual({ t: "set", v: [] });
    expect(run("SPOP", "s", "0")).toEqual({ t: "set", v: [] });
  });

  it("checks the count before the key", () => {
    expect(run("SPOP", "nokey", "-1")).toEqual(error("ERR value is out of range, must be positive"));
    expect(run("SPOP", "nokey", "x")).toEqual(error("ERR value is out of range, must be positive"));
    expect(run("SPOP", "nokey", "1", "2")).toEqual(error("ERR syntax error"));
  });

  it("pops a few members by drawing them (distinct, all from the set)", () => {
    const members = Array.from({ length: 60 }, (_, i) => `m${i}`);
    run("SADD", "s", ...members);
    const popped = items(run("SPOP", "s", "7"));
    expect(new Set(popped).size).toBe(7);
    for (const m of popped) expect(members).toContain(m);
    expect(run("SCARD", "s")).toEqual(int(53));
    for (const m of popped) expect(run("SISMEMBER", "s", m)).toEqual(int(0));
  });

  it("popping most of an intset replies in ascending order and keeps the rest", () => {
    run("SADD", "s", ...Array.from({ length: 30 }, (_, i) => String(i * 7 - 50)));
    const popped = items(run("SPOP", "s", "28")); // remaining 2: 2*5 <= 28, the remainder strategy
    expect(popped).toEqual(ascending(popped));
    expect(new Set(popped).size).toBe(28);
    const left = items(run("SMEMBERS", "s"));
    expect(left).toHaveLength(2);
    for (const m of left) expect(popped).not.toContain(m);
    expect(enc("s")).toEqual(bulk("intset"));
  });

  it("the remainder goes into a new set, which is an intset again when it holds only integers", () => {
    run("CONFIG", "SET", "set-max-intset-entries", "4");
    run("SADD", "s", ...Array.from({ length: 12 }, (_, i) => String(i)));
    expect(enc("s")).toEqual(bulk("hashtable"));
    run("EXPIRE", "s", "1000");
    items(run("SPOP", "s", "10"));
    expect(enc("s")).toEqual(bulk("intset"));
    expect(run("SCARD", "s")).toEqual(int(2));
    expect(run("TTL", "s")).toEqual(int(1000)); // overwritten in place: the TTL stays
  });
});

describe("SRANDMEMBER", () => {
  it("without a count replies with one member, or nil", () => {
    run("SADD", "s", "a");
    expect(run("SRANDMEMBER", "s")).toEqual(bulk("a"));
    expect(run("SRANDMEMBER", "nokey")).toEqual(NULL);
  });

  it("a count >= size replies with the whole set in its order", () => {
    run("SADD", "s", "30", "-2", "7");
    expect(run("SRANDMEMBER", "s", "3")).toEqual({ t: "array", v: [bulk("-2"), bulk("7"), bulk("30")] });
    expect(run("SRANDMEMBER", "s", "100")).toEqual({ t: "array", v: [bulk("-2"), bulk("7"), bulk("30")] });
    expect(run("SRANDMEMBER", "s", "0")).toEqual({ t: "array", v: [] });
    expect(run("SRANDMEMBER", "nokey", "5")).toEqual({ t: "array", v: [] });
  });

  it("a positive count gives distinct members, a negative one allows repeats", () => {
    const members = Array.from({ length: 20 }, (_, i) => `m${i}`);
    run("SADD", "s", ...members);
    for (const n of [1, 2, 6, 7, 15, 19]) {
      const got = items(run("SRANDMEMBER", "s", String(n)));
      expect(got).toHaveLength(n);
      expect(new Set(got).size).toBe(n);
      for (const m of got) expect(members).toContain(m);
    }
    run("DEL", "s");
    run("SADD", "s", "only");
    expect(items(run("SRANDMEMBER", "s", "-5"))).toEqual(["only", "only", "only", "only", "only"]);
  });

  it("rejects counts outside -LONG_MAX..LONG_MAX and non-integers", () => {
    run("SADD", "s", "a");
    expect(run("SRANDMEMBER", "s", "-9223372036854775808")).toEqual(
      error("ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807"),
    );
    expect(run("SRANDMEMBER", "s", "1.5")).toEqual(error("ERR value is not an integer or out of range"));
    expect(run("SRANDMEMBER", "s", "1", "2")).toEqual(error("ERR syntax error"));
  });

  it("draws fairly from both encodings", () => {
    for (const [key, members] of [
      ["ints", ["1", "2", "3", "4"]],
      ["strs", ["a", "b", "c", "d"]],
    ] as const) {
      run("SADD", key, ...members);
      const counts = new Map<string, number>();
      for (const m of items(run("SRANDMEMBER", key, "-4000"))) counts.set(m, (counts.get(m) ?? 0) + 1);
      expect([...counts.keys()].sort()).toEqual([...members]);
      for (const n of counts.values()) expect(n).toBeGreaterThan(850);
    }
  });
});

describe("SINTER, SUNION, SDIFF and their STORE forms", () => {
  it("SINTER walks the smallest set: ascending when it is an intset", () => {
    run("SADD", "ints", "9", "3", "7", "1");
    run("SADD", "mixed", "1", "3", "7", "9", "x", "y");
    expect(items(run("SINTER", "mixed", "ints"))).toEqual(["1", "3", "7", "9"]);
    expect(run("SINTER", "ints", "nokey")).toEqual({ t: "set", v: [] });
    expect(items(run("SINTER", "ints", "ints"))).toEqual(["1", "3", "7", "9"]);
  });

  it("SINTERSTORE builds an intset result, replaces any type, and deletes dst when empty", () => {
    run("SADD", "a", "1", "2", "x");
    run("SADD", "b", "1", "2", "x", "y");
    run("SET", "dst", "v");
    run("EXPIRE", "dst", "100");
    events = [];
    expect(run("SINTERSTORE", "dst", "a", "b")).toEqual(int(3));
    expect(enc("dst")).toEqual(bulk("hashtable"));
    expect(run("TTL", "dst")).toEqual(int(-1));
    run("SREM", "a", "x");
    expect(run("SINTERSTORE", "dst", "a", "b")).toEqual(int(2));
    expect(enc("dst")).toEqual(bulk("intset"));
    expect(run("SINTERSTORE", "dst", "a", "nokey")).toEqual(int(0));
    expect(run("SINTERSTORE", "dst", "a", "nokey")).toEqual(int(0));
    expect(evs()).toEqual(["dst:sinterstore", "a:srem", "dst:sinterstore", "dst:del"]);
    expect(run("EXISTS", "dst")).toEqual(int(0));
  });

  it("SINTERCARD counts, stops at LIMIT, and checks its arguments", () => {
    run("SADD", "a", "1", "2", "3", "4");
    run("SADD", "b", "2", "3", "4", "5");
    expect(run("SINTERCARD", "2", "a", "b")).toEqual(int(3));
    expect(run("SINTERCARD", "2", "a", "b", "LIMIT", "2")).toEqual(int(2));
    expect(run("SINTERCARD", "2", "a", "b", "limit", "0")).toEqual(int(3));
    expect(run("SINTERCARD", "2", "a", "nokey")).toEqual(int(0));
    expect(run("SINTERCARD", "1", "a", "b")).toEqual(error("ERR syntax error"));
    expect(run("SINTERCARD", "0", "a")).toEqual(error("ERR numkeys should be greater than 0"));
    expect(run("SINTERCARD", "x", "a")).toEqual(error("ERR numkeys should be greater than 0"));
    expect(run("SINTERCARD", "3", "a", "b")).toEqual(error("ERR Number of keys can't be greater than number of args"));
    expect(run("SINTERCARD", "1", "a", "LIMIT", "-1")).toEqual(error("ERR LIMIT can't be negative"));
    expect(run("SINTERCARD", "1", "a", "LIMIT")).toEqual(error("ERR syntax error"));
  });

  it("SUNION replies ascending while the union fits an intset", () => {
    run("SADD", "a", "5", "1");
    run("SADD", "b", "3", "x");
    run("SREM", "b", "x");
    expect(items(run("SUNION", "a", "b", "nokey"))).toEqual(["1", "3", "5"]);
    run("CONFIG", "SET", "set-max-intset-entries", "2");
    expect(run("SUNIONSTORE", "u", "a", "b")).toEqual(int(3));
    expect(enc("u")).toEqual(bulk("hashtable"));
    expect(run("SUNIONSTORE", "u", "nokey")).toEqual(int(0));
    expect(run("EXISTS", "u")).toEqual(int(0));
  });

  it("SDIFF's second algorithm leaves an all-integer result in a hashtable", () => {
    run("SADD", "a", "x", "1", "2", "3", "4", "5", "6", "7", "8", "9");
    run("SADD", "b", "x");
    run("SADD", "c", "1");
    // 3 sets of which the first is big: (10*3)/2 = 15 > 12, so copy-then-remove.
    expect(run("SDIFFSTORE", "d", "a", "b", "c")).toEqual(int(8));
    expect(enc("d")).toEqual(bulk("hashtable"));
    // 2 sets: 10 <= 11, so walk-and-probe, which only adds the result.
    expect(run("SDIFFSTORE", "d", "a", "b")).toEqual(int(9));
    expect(enc("d")).toEqual(bulk("intset"));
    expect(items(run("SDIFF", "a", "b"))).toEqual(["1", "2", "3", "4", "5", "6", "7", "8", "9"]);
    expect(run("SDIFF", "a", "a")).toEqual({ t: "set", v: [] });
    expect(run("SDIFF", "nokey", "a")).toEqual({ t: "set", v: [] });
    expect(sorted(run("SDIFF", "a", "nokey"))).toEqual(["1", "2", "3", "4", "5", "6", "7", "8", "9", "x"]);
  });
});

describe("SSCAN", () => {
  it("returns an intset whole with cursor 0, whatever the cursor", () => {
    run("SADD", "s", "3", "1", "20", "2");
    expect(run("SSCAN", "s", "5", "COUNT", "1")).toEqual({
      t: "array",
      v: [bulk("0"), { t: "array", v: [bulk("1"), bulk("2"), bulk("3"), bulk("20")] }],
    });
    expect(items(run("SSCAN", "s", "0", "MATCH", "2*"))).toEqual(["2", "20"]);
  });

  it("walks a hashtable with a cursor, visiting every member once", () => {
    const members = Array.from({ length: 57 }, (_, i) => `m${i}`);
    run("SADD", "s", ...members);
    const seen: string[] = [];
    let cursor = "0";
    let calls = 0;
    do {
      const r = run("SSCAN", "s", cursor, "COUNT", "5");
      if (r.t !== "array" || r.v[0].t !== "bulk") throw new Error("bad reply");
      cursor = r.v[0].v;
      seen.push(...items(r));
      calls++;
    } while (cursor !== "0");
    expect(seen.sort()).toEqual([...members].sort());
    expect(calls).toBe(12);
    expect(sorted(run("SSCAN", "s", "0", "MATCH", "m1?", "COUNT", "100"))).toEqual(
      ["m10", "m11", "m12", "m13", "m14", "m15", "m16", "m17", "m18", "m19"],
    );
  });

  it("checks the cursor first, the key second and options last", () => {
    run("SADD", "s", "a");
    expect(run("SSCAN", "s", "x")).toEqual(error("ERR invalid cursor"));
    expect(run("SSCAN", "nokey", "0", "BOGUS")).toEqual({ t: "array", v: [bulk("0"), { t: "array", v: [] }] });
    expect(run("SSCAN", "s", "0", "BOGUS")).toEqual(error("ERR syntax error"));
    expect(run("SSCAN", "s", "0", "COUNT", "0")).toEqual(error("ERR syntax error"));
    expect(run("SSCAN", "s", "0", "COUNT", "x")).toEqual(error("ERR value is not an integer or out of range"));
    expect(run("SSCAN", "s", "0", "TYPE", "set")).toEqual(error("ERR syntax error"));
    expect(items(run("SSCAN", "s", "0", "COUNT\0junk", "5"))).toEqual(["a"]);
  });
});

describe("RESP3 shapes", () => {
  it("SMEMBERS and the algebra reply sets; SRANDMEMBER with a count an array", () => {
    run("HELLO", "3");
    run("SADD", "s", "2", "1");
    expect(encodeReply(run("SMEMBERS", "s"), 3)).toBe("~2\r\n$1\r\n1\r\n$1\r\n2\r\n");
    expect(encodeReply(run("SUNION", "s"), 3)).toBe("~2\r\n$1\r\n1\r\n$1\r\n2\r\n");
    expect(encodeReply(run("SRANDMEMBER", "s", "5"), 3)).toBe("*2\r\n$1\r\n1\r\n$1\r\n2\r\n");
    expect(encodeReply(run("SPOP", "nokey", "5"), 3)).toBe("~0\r\n");
    expect(encodeReply(run("SRANDMEMBER", "nokey", "5"), 3)).toBe("*0\r\n");
  });
});

describe("SetValue (the structure)", () => {
  it("adds, removes, picks and clones without touching argv", () => {
    const s = SetValue.forMember("1");
    expect(s.encoding).toBe("intset");
    expect(s.add("1", 512)).toBe(true);
    expect(s.add("1", 512)).toBe(false);
    expect(s.add("-1", 512)).toBe(true);
    expect([...s]).toEqual(["-1", "1"]);
    const copy = s.clone();
    expect(s.add("a", 512)).toBe(true);
    expect(s.encoding).toBe("hashtable");
    expect(copy.encoding).toBe("intset");
    expect(copy.size).toBe(2);
    expect(s.remove("-1")).toBe(true);
    expect(s.remove("-1")).toBe(false);
    expect(s.toView(1)).toHaveLength(1);
    const rng = new Rng(1);
    for (let i = 0; i < 20; i++) expect(["1", "a"]).toContain(s.random(rng));
  });

  it("handles big sets with O(1) membership and picks", () => {
    const s = SetValue.empty("hashtable");
    for (let i = 0; i < 100_000; i++) s.add(`m${i}`, 512);
    const rng = new Rng(2);
    for (let i = 0; i < 90_000; i++) s.remove(s.random(rng));
    expect(s.size).toBe(10_000);
    let present = 0;
    for (let i = 0; i < 100_000; i++) if (s.has(`m${i}`)) present++;
    expect(present).toBe(10_000);
    let n = 0;
    s.scan(0, 1_000_000, () => n++);
    expect(n).toBe(10_000);
  });
});
