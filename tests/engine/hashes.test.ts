/**
 * The hash family through dispatch: replies, encodings and their conversions, key-change
 * events and dirty counts, random picks and HSCAN walks. Replies here were checked against
 * redis-server 7.0.15; tests/conformance/hashes*.test.ts compare them byte for byte too.
 */
import { describe, expect, it } from "vitest";
import { createServer } from "../../engine/server";
import { arr, bulk, int, map, NULL, OK, type Reply } from "../../engine/reply";
import { HashValue } from "../../engine/types/hash";
import { Rng } from "../../engine/rng";

function setup(config?: Record<string, string>) {
  const server = createServer({ config });
  const c = server.connect();
  const run = (...argv: string[]): Reply => c.execute(argv);
  const events: string[] = [];
  server.onKeyChange((e) => events.push(`${e.event}:${e.key}`));
  const enc = (key: string): string | undefined => {
    const r = run("OBJECT", "ENCODING", key);
    return r.t === "bulk" ? r.v : undefined;
  };
  return { server, c, run, events, enc };
}

const errorOf = (text: string): Reply => ({ t: "error", v: text });
const WRONGTYPE = errorOf("WRONGTYPE Operation against a key holding the wrong kind of value");
const NOT_INT = errorOf("ERR value is not an integer or out of range");
const SYNTAX = errorOf("ERR syntax error");
const strings = (r: Reply): string[] => {
  if (r.t !== "array" && r.t !== "map") throw new Error(`not an array: ${JSON.stringify(r)}`);
  return r.v.map((x) => (x.t === "bulk" ? x.v : JSON.stringify(x)));
};

describe("HSET / HMSET / HSETNX / HGET / HMGET", () => {
  it("counts new fields, overwrites in place and reads back binary values", () => {
    const { run } = setup();
    expect(run("HSET", "h", "a", "1", "b", "2")).toEqual(int(2));
    expect(run("HSET", "h", "a", "x", "c", "3")).toEqual(int(1));
    expect(run("HGET", "h", "a")).toEqual(bulk("x"));
    expect(run("HGET", "h", "zz")).toEqual(NULL);
    expect(run("HGET", "nokey", "a")).toEqual(NULL);
    const bin = "\x00\r\n\xff";
    expect(run("HSET", "h", bin, bin)).toEqual(int(1));
    expect(run("HMGET", "h", bin, "zz", "a")).toEqual(arr([bulk(bin), NULL, bulk("x")]));
    expect(run("HMGET", "nokey", "a")).toEqual(arr([NULL]));
    expect(run("HMSET", "h", "d", "4")).toEqual(OK);
    expect(strings(run("HKEYS", "h"))).toEqual(["a", "b", "c", bin, "d"]);
  });

  it("refuses an odd number of field/value arguments before touching the key", () => {
    const { run } = setup();
    expect(run("SET", "s", "v")).toEqual(OK);
    expect(run("HSET", "s", "a", "1", "b")).toEqual(errorOf("ERR wrong number of arguments for 'hset' command"));
    expect(run("HMSET", "s", "a", "1", "b")).toEqual(errorOf("ERR wrong number of arguments for 'hmset' command"));
    expect(run("HSET", "s", "a", "1")).toEqual(WRONGTYPE);
    expect(run("EXISTS", "h")).toEqual(int(0));
  });

  it("HSETNX writes only a missing field", () => {
    const { run } = setup();
    expect(run("HSETNX", "h", "a", "1")).toEqual(int(1));
    expect(run("HSETNX", "h", "a", "2")).toEqual(int(0));
    expect(run("HGET", "h", "a")).toEqual(bulk("1"));
  });

  it("answers WRONGTYPE on other types, and other commands refuse hashes", () => {
    const { run } = setup();
    run("SET", "s", "v");
    for (const argv of [["HGET", "s", "a"], ["HLEN", "s"], ["HGETALL", "s"], ["HDEL", "s", "a"], ["HSCAN", "s", "0"]]) {
      expect(run(...argv)).toEqual(WRONGTYPE);
    }
    run("HSET", "h", "a", "1");
    expect(run("GET", "h")).toEqual(WRONGTYPE);
    expect(run("TYPE", "h")).toEqual({ t: "simple", v: "hash" });
  });
});

describe("HDEL / HLEN / HSTRLEN / HEXISTS", () => {
  it("deletes fields and the key with its last field, reporting hdel then del", () => {
    const { run, events, server } = setup();
    run("HSET", "h", "a", "1", "b", "22", "c", "333");
    events.length = 0;
    const dirty = server.stats.dirty;
    expect(run("HDEL", "h", "a", "a", "zz")).toEqual(int(1));
    expect(run("HLEN", "h")).toEqual(int(2));
    expect(run("HSTRLEN", "h", "c")).toEqual(int(3));
    expect(run("HSTRLEN", "h", "a")).toEqual(int(0));
    expect(run("HEXISTS", "h", "b")).toEqual(int(1));
    expect(run("HEXISTS", "h", "a")).toEqual(int(0));
    expect(run("HDEL", "h", "b", "c", "d")).toEqual(int(2));
    expect(run("EXISTS", "h")).toEqual(int(0));
    expect(events).toEqual(["hdel:h", "hdel:h", "del:h"]);
    expect(server.stats.dirty - dirty).toBe(3);
    expect(run("HDEL", "h", "a")).toEqual(int(0));
    expect(run("HLEN", "h")).toEqual(int(0));
  });
});

describe("HINCRBY / HINCRBYFLOAT", () => {
  it("adds integers, refusing non-integer values and overflow", () => {
    const { run, events } = setup();
    expect(run("HINCRBY", "h", "n", "5")).toEqual(int(5));
    expect(run("HINCRBY", "h", "n", "-10")).toEqual(int(-5));
    run("HSET", "h", "s", "007", "max", "9223372036854775807");
    expect(run("HINCRBY", "h", "s", "1")).toEqual(errorOf("ERR hash value is not an integer"));
    expect(run("HINCRBY", "h", "max", "1")).toEqual(errorOf("ERR increment or decrement would overflow"));
    expect(run("HINCRBY", "h", "max", "-1")).toEqual(int(9223372036854775806n));
    expect(run("HINCRBY", "h", "n", "x")).toEqual(NOT_INT);
    expect(run("HINCRBY", "nokey", "n", "x")).toEqual(NOT_INT);
    expect(run("EXISTS", "nokey")).toEqual(int(0));
    expect(events.filter((e) => e.startsWith("hincrby:"))).toEqual(["hincrby:h", "hincrby:h", "hincrby:h"]);
  });

  it("adds floats in long double and stores the printed text", () => {
    const { run, events } = setup();
    expect(run("HINCRBYFLOAT", "h", "f", "10.5")).toEqual(bulk("10.5"));
    expect(run("HINCRBYFLOAT", "h", "f", "0.1")).toEqual(bulk("10.6"));
    expect(run("HGET", "h", "f")).toEqual(bulk("10.6"));
    expect(run("HINCRBYFLOAT", "h", "f", "inf")).toEqual(errorOf("ERR value is NaN or Infinity"));
    expect(run("HINCRBYFLOAT", "h", "f", "x")).toEqual(errorOf("ERR value is not a valid float"));
    run("HSET", "h", "s", "abc", "big", "1e4932");
    expect(run("HINCRBYFLOAT", "h", "s", "1")).toEqual(errorOf("ERR hash value is not a float"));
    expect(run("HINCRBYFLOAT", "h", "big", "1e4932")).toEqual(errorOf("ERR increment would produce NaN or Infinity"));
    expect(run("HINCRBYFLOAT", "new", "f", "-inf")).toEqual(errorOf("ERR value is NaN or Infinity"));
    expect(run("EXISTS", "new")).toEqual(int(0));
    expect(events.filter((e) => e.startsWith("hincrbyfloat:"))).toEqual(["hincrbyfloat:h", "hincrbyfloat:h"]);
  });
});

describe("encodings", () => {
  it("a hash starts as a listpack and converts past hash-max-listpack-entries, never back", () => {
    const { run, enc } = setup({ "hash-max-listpack-entries": "2" });
    run("HSET", "h", "a", "1", "b", "2");
    expect(enc("h")).toBe("listpack");
    // Duplicate fields in one call count once.
    run("HSET", "d", "a", "1", "a", "2", "a", "3");
    expect(enc("d")).toBe("listpack");
    run("HSET", "h", "c", "3");
    expect(enc("h")).toBe("hashtable");
    run("HDEL", "h", "a", "b");
    expect(enc("h")).toBe("hashtable");
    run("CONFIG", "SET", "hash-max-listpack-entries", "100");
    run("HSET", "h", "x", "1");
    expect(enc("h")).toBe("hashtable");
  });

  it("converts for a long field or value, checked before HSET writes and inside the counters", () => {
    const { run, enc } = setup({ "hash-max-listpack-value": "4" });
    run("HSET", "a", "f", "1234");
    expect(enc("a")).toBe("listpack");
    run("HSET", "b", "f", "12345", "f", "1");
    expect(enc("b")).toBe("hashtable");
    run("HSETNX", "c", "f", "1");
    run("HSETNX", "c", "f", "123456");
    expect(enc("c")).toBe("listpack");
    run("HINCRBY", "c", "fffff", "1");
    expect(enc("c")).toBe("hashtable");
    run("HINCRBYFLOAT", "e", "f", "0.5");
    expect(enc("e")).toBe("listpack");
    run("HINCRBYFLOAT", "e", "f", "0.125");
    expect(enc("e")).toBe("hashtable");
  });

  it("the ziplist alias sets the same threshold", () => {
    const { run, enc } = setup();
    expect(run("CONFIG", "SET", "hash-max-ziplist-entries", "1")).toEqual(OK);
    run("HSET", "h", "a", "1", "b", "2");
    expect(enc("h")).toBe("hashtable");
  });

  it("COPY keeps the encoding and makes an independent value", () => {
    const { run, enc } = setup({ "hash-max-listpack-entries": "1" });
    run("HSET", "h", "a", "1", "b", "2");
    run("HSET", "s", "a", "1");
    run("COPY", "h", "h2");
    run("COPY", "s", "s2");
    expect(enc("h2")).toBe("hashtable");
    expect(enc("s2")).toBe("listpack");
    run("HSET", "s2", "a", "changed");
    expect(run("HGET", "s", "a")).toEqual(bulk("1"));
  });
});

describe("HGETALL / HKEYS / HVALS", () => {
  it("reply in listpack order, as a map under RESP3", () => {
    const { run } = setup();
    run("HSET", "h", "c", "3", "a", "1", "b", "2");
    run("HDEL", "h", "a");
    run("HSET", "h", "c", "33", "a", "11");
    expect(strings(run("HGETALL", "h"))).toEqual(["c", "33", "b", "2", "a", "11"]);
    expect(run("HGETALL", "h").t).toBe("map");
    expect(strings(run("HVALS", "h"))).toEqual(["33", "2", "11"]);
    expect(run("HGETALL", "nokey")).toEqual(map([]));
    expect(run("HKEYS", "nokey")).toEqual(arr([]));
  });
});

describe("HSCAN", () => {
  it("returns a listpack in one call with cursor 0 whatever the cursor or COUNT", () => {
    const { run } = setup();
    run("HSET", "h", "f1", "v1", "f2", "v2", "g", "v3");
    const all = arr([bulk("0"), arr(["f1", "v1", "f2", "v2", "g", "v3"].map(bulk))]);
    expect(run("HSCAN", "h", "0")).toEqual(all);
    expect(run("HSCAN", "h", "99", "COUNT", "1")).toEqual(all);
    expect(run("HSCAN", "h", "0", "MATCH", "f*")).toEqual(arr([bulk("0"), arr(["f1", "v1", "f2", "v2"].map(bulk))]));
    expect(run("HSCAN", "nokey", "0", "COUNT", "0")).toEqual(arr([bulk("0"), arr([])]));
    expect(run("HSCAN", "h", "0", "COUNT", "0")).toEqual(SYNTAX);
    expect(run("HSCAN", "h", "x")).toEqual(errorOf("ERR invalid cursor"));
    expect(run("HSCAN", "h", "0", "TYPE", "hash")).toEqual(SYNTAX);
  });

  it("walks a hashtable: every field present throughout is returned, even with writes in between", () => {
    const { run } = setup({ "hash-max-listpack-entries": "4" });
    for (let i = 0; i < 100; i++) run("HSET", "h", `f${i}`, `${i}`);
    const seen = new Set<string>();
    let cursor = "0";
    let step = 0;
    do {
      const r = run("HSCAN", "h", cursor, "COUNT", "7");
      if (r.t !== "array" || r.v[0].t !== "bulk") throw new Error("bad page");
      cursor = r.v[0].v;
      const items = strings(r.v[1]);
      expect(items.length).toBeLessThanOrEqual(14);
      for (let i = 0; i < items.length; i += 2) seen.add(items[i]);
      // Churn: delete some late fields, add new ones.
      run("HDEL", "h", `f${99 - step}`);
      run("HSET", "h", `new${step}`, "x");
      step++;
    } while (cursor !== "0");
    for (let i = 0; i < 100 - step; i++) expect(seen.has(`f${i}`)).toBe(true);
  });
});

describe("HRANDFIELD", () => {
  it("parses count and WITHVALUES first, with Redis' range errors", () => {
    const { run } = setup();
    run("HSET", "h", "a", "1");
    expect(run("HRANDFIELD", "h", "x")).toEqual(NOT_INT);
    expect(run("HRANDFIELD", "h", "-9223372036854775808")).toEqual(
      errorOf("ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807"),
    );
    expect(run("HRANDFIELD", "h", "4611686018427387904", "WITHVALUES")).toEqual(errorOf("ERR value is out of range"));
    expect(run("HRANDFIELD", "nokey", "1", "x")).toEqual(SYNTAX);
    expect(run("HRANDFIELD", "nokey")).toEqual(NULL);
    expect(run("HRANDFIELD", "nokey", "3")).toEqual(arr([]));
    expect(run("HRANDFIELD", "h", "0")).toEqual(arr([]));
  });

  it("returns the whole hash in order when the count covers it", () => {
    const { run } = setup();
    run("HSET", "h", "c", "3", "a", "1", "b", "2");
    expect(strings(run("HRANDFIELD", "h", "5", "WITHVALUES"))).toEqual(["c", "3", "a", "1", "b", "2"]);
  });

  it("picks distinct fields for a positive count and allows repeats for a negative one", () => {
    for (const config of [{}, { "hash-max-listpack-entries": "4" }] as Record<string, string>[]) {
      const { run, enc } = setup(config);
      const fields: string[] = [];
      for (let i = 0; i < 30; i++) fields.push(`f${i}`);
      for (const f of fields) run("HSET", "h", f, `v-${f}`);
      expect(enc("h")).toBe(Object.keys(config).length ? "hashtable" : "listpack");
      for (const count of [1, 5, 9, 10, 11, 20, 29]) {
        const got = strings(run("HRANDFIELD", "h", String(count)));
        expect(got).toHaveLength(count);
        expect(new Set(got).size).toBe(count);
        for (const f of got) expect(fields).toContain(f);
      }
      const pairs = strings(run("HRANDFIELD", "h", "-50", "WITHVALUES"));
      expect(pairs).toHaveLength(100);
      for (let i = 0; i < pairs.length; i += 2) expect(pairs[i + 1]).toBe(`v-${pairs[i]}`);
      const single = run("HRANDFIELD", "h");
      expect(single.t === "bulk" && fields.includes(single.v)).toBe(true);
    }
  });

  it("keeps listpack order in a small sample of a listpack", () => {
    const { run } = setup();
    const fields: string[] = [];
    for (let i = 0; i < 60; i++) fields.push(`f${String(i).padStart(2, "0")}`);
    for (const f of fields) run("HSET", "h", f, "v");
    for (let k = 0; k < 20; k++) {
      const got = strings(run("HRANDFIELD", "h", "5"));
      expect([...got].sort()).toEqual(got);
    }
  });

  it("nests field/value pairs under RESP3", () => {
    const { run } = setup();
    run("HSET", "h", "a", "1");
    run("HELLO", "3");
    expect(run("HRANDFIELD", "h", "-2", "WITHVALUES")).toEqual(arr([arr([bulk("a"), bulk("1")]), arr([bulk("a"), bulk("1")])]));
    expect(run("HRANDFIELD", "h", "1", "WITHVALUES")).toEqual(arr([arr([bulk("a"), bulk("1")])]));
  });

  it("refuses a sample too large for the playground instead of freezing", () => {
    const { run } = setup();
    run("HSET", "h", "a", "1");
    const r = run("HRANDFIELD", "h", "-9223372036854775807");
    expect(r.t).toBe("error");
  });
});

describe("HashValue", () => {
  it("keeps insertion order, updates in place, and clones deeply", () => {
    const h = new HashValue();
    expect(h.set("b", "1")).toBe(true);
    expect(h.set("a", "2")).toBe(true);
    expect(h.set("b", "3")).toBe(false);
    expect(h.toView(10)).toEqual([["b", "3"], ["a", "2"]]);
    expect(h.toView(1)).toEqual([["b", "3"]]);
    const copy = h.clone();
    copy.set("c", "4");
    expect(h.size).toBe(2);
    expect(copy.size).toBe(3);
    expect(h.random(new Rng(1))[0]).toMatch(/^[ab]$/);
  });
});
