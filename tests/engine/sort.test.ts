/**
 * SORT and SORT_RO through dispatch, and the C-library pieces they rest on (strtod, strcoll,
 * pqsort, errno). Replies were checked against redis-server 7.0.15; tests/conformance/sort.test.ts
 * compares them byte for byte as well.
 */
import { describe, expect, it } from "vitest";
import { createServer } from "../../engine/server";
import { arr, bulk, int, NULL, type Reply } from "../../engine/reply";
import { cStrtod, strcollC, binaryCompare } from "../../engine/commands/sort-util";
import { pqsort } from "../../engine/util/pqsort";
import { errnoIsRange, setErrnoRange } from "../../engine/util/errno";
import { Rng } from "../../engine/rng";

function setup(config?: Record<string, string>) {
  const server = createServer({ config });
  const c = server.connect();
  const run = (...argv: string[]): Reply => c.execute(argv);
  const events: string[] = [];
  server.onKeyChange((e) => events.push(`${e.event}:${e.key}`));
  return { server, c, run, events };
}

const errorOf = (text: string): Reply => ({ t: "error", v: text });
const SYNTAX = errorOf("ERR syntax error");
const NOT_DOUBLE = errorOf("ERR One or more scores can't be converted into double");
const list = (...xs: string[]): Reply => arr(xs.map(bulk));

describe("SORT parsing", () => {
  it("parses every option before the key, with Redis' errors", () => {
    const { run } = setup();
    run("SET", "s", "v");
    expect(run("SORT", "s", "BOGUS")).toEqual(SYNTAX);
    expect(run("SORT", "s", "LIMIT", "1")).toEqual(SYNTAX);
    expect(run("SORT", "s", "LIMIT", "x", "1")).toEqual(errorOf("ERR value is not an integer or out of range"));
    expect(run("SORT_RO", "s", "STORE", "d")).toEqual(SYNTAX);
    expect(run("SORT", "s")).toEqual(errorOf("WRONGTYPE Operation against a key holding the wrong kind of value"));
    expect(run("SORT", "nokey")).toEqual(arr([]));
  });
});

describe("SORT on lists", () => {
  it("sorts numerically, by bytes with ALPHA, in either direction, within a LIMIT", () => {
    const { run } = setup();
    run("RPUSH", "l", "10", "9", "1.5", "-2", "b");
    expect(run("SORT", "l")).toEqual(NOT_DOUBLE);
    run("LREM", "l", "0", "b");
    expect(run("SORT", "l")).toEqual(list("-2", "1.5", "9", "10"));
    expect(run("SORT", "l", "DESC", "LIMIT", "1", "2")).toEqual(list("9", "1.5"));
    expect(run("SORT", "l", "ALPHA")).toEqual(list("-2", "1.5", "10", "9"));
    expect(run("SORT", "l", "LIMIT", "-3", "2")).toEqual(list("-2", "1.5"));
    expect(run("SORT", "l", "LIMIT", "2", "-1")).toEqual(list("9", "10"));
    expect(run("SORT", "l", "LIMIT", "9", "1")).toEqual(arr([]));
    expect(run("SORT", "l", "BY", "nosort", "DESC", "LIMIT", "1", "2")).toEqual(list("1.5", "9"));
  });

  it("breaks numeric ties by the elements' bytes", () => {
    const { run } = setup();
    run("RPUSH", "l", "1.0", "01", "1", "1e0");
    expect(run("SORT", "l")).toEqual(list("01", "1", "1.0", "1e0"));
  });
});

describe("BY and GET", () => {
  it("sorts by weights in other keys or hash fields and fetches values per element", () => {
    const { run, server } = setup();
    run("RPUSH", "ids", "1", "2", "3");
    run("MSET", "w_1", "30", "w_2", "10", "name_2", "two");
    run("HSET", "u_3", "age", "20", "nick", "c");
    expect(run("SORT", "ids", "BY", "w_*")).toEqual(list("3", "2", "1"));
    expect(run("SORT", "ids", "BY", "u_*->age", "DESC")).toEqual(list("3", "2", "1"));
    const misses = server.stats.keyspaceMisses;
    expect(run("SORT", "ids", "BY", "nosort", "GET", "#", "GET", "name_*", "GET", "u_*->nick")).toEqual(
      arr([bulk("1"), NULL, NULL, bulk("2"), bulk("two"), NULL, bulk("3"), NULL, bulk("c")]),
    );
    // Every pattern lookup is a read: name_1, name_3, u_1, u_2 missed.
    expect(server.stats.keyspaceMisses - misses).toBe(4);
    expect(run("SORT", "ids", "GET", "nostar")).toEqual(arr([NULL, NULL, NULL]));
  });
});

describe("STORE", () => {
  it("stores a list with a sortstore event, or deletes the key for an empty result", () => {
    const { run, events, server } = setup();
    run("RPUSH", "l", "3", "1", "2");
    run("SET", "dst", "x", "EX", "100");
    events.length = 0;
    const dirty = server.stats.dirty;
    expect(run("SORT", "l", "STORE", "dst")).toEqual(int(3));
    expect(run("LRANGE", "dst", "0", "-1")).toEqual(list("1", "2", "3"));
    expect(run("TTL", "dst")).toEqual(int(-1));
    expect(server.stats.dirty - dirty).toBe(3);
    expect(run("SORT", "nokey", "STORE", "dst")).toEqual(int(0));
    expect(run("EXISTS", "dst")).toEqual(int(0));
    expect(events).toEqual(["sortstore:dst", "del:dst"]);
    expect(run("SORT", "l", "GET", "nothing_*", "STORE", "dst")).toEqual(int(3));
    expect(run("LRANGE", "dst", "0", "-1")).toEqual(list("", "", ""));
  });
});

describe("strtod as SORT uses it", () => {
  it("reads C strings fully, with ERANGE for overflow and inexact underflow", () => {
    const ok = (s: string, v: number) => expect(cStrtod(s)).toEqual({ value: v, complete: true, erange: false });
    ok("1.5", 1.5);
    ok("  -2e3", -2000);
    ok("0x10", 16);
    ok("0x1.8p1", 3);
    ok("", 0);
    ok("7\x00junk", 7);
    ok("-inf", -Infinity);
    ok(".5", 0.5);
    ok("0x1p-1070", 2 ** -1070);
    expect(cStrtod("1e400").erange).toBe(true);
    expect(cStrtod("1e-310")).toMatchObject({ complete: true, erange: true });
    expect(cStrtod("1e-400").erange).toBe(true);
    expect(cStrtod("2.2250738585072014e-308").erange).toBe(false);
    for (const bad of ["x", "1x", "1e", "0x", " ", "+", ".", "5 ", "1_0"]) expect(cStrtod(bad).complete).toBe(false);
    expect(Number.isNaN(cStrtod("nan").value)).toBe(true);
    // ERANGE is reported even when trailing junk then fails the element: errno keeps it.
    expect(cStrtod("1e400x")).toEqual({ value: Infinity, complete: false, erange: true });
  });

  it("keeps ERANGE in errno until a conversion or a new connection clears it", () => {
    const server = createServer();
    expect(errnoIsRange(server)).toBe(false);
    setErrnoRange(server, true);
    expect(errnoIsRange(server)).toBe(true);
    setErrnoRange(server, false);
    expect(errnoIsRange(server)).toBe(false);
    setErrnoRange(server, true);
    server.connect();
    expect(errnoIsRange(server)).toBe(false);
  });
});

describe("strcoll and byte order", () => {
  it("strcoll stops at a NUL; the binary compare does not", () => {
    expect(strcollC("a\x00z", "a\x00b")).toBe(0);
    expect(strcollC("a", "a\x00b")).toBe(0);
    expect(strcollC("a", "ab")).toBeLessThan(0);
    expect(strcollC("\xff", "a")).toBeGreaterThan(0);
    expect(binaryCompare("a\x00b", "a\x00z")).toBeLessThan(0);
    expect(binaryCompare("a", "a\x00")).toBeLessThan(0);
  });
});

describe("pqsort", () => {
  it("puts the requested range where a full sort would, for any range", () => {
    const rng = new Rng(7);
    for (let trial = 0; trial < 300; trial++) {
      const n = rng.below(120);
      const a = Array.from({ length: n }, () => rng.below(20));
      const sorted = [...a].sort((x, y) => x - y);
      const lo = n ? rng.below(n) : 0;
      const hi = n ? lo + rng.below(n - lo) : -1;
      const b = [...a];
      pqsort(b, (x, y) => x - y, lo, hi);
      expect(b.slice(lo, hi + 1)).toEqual(sorted.slice(lo, hi + 1));
      expect([...b].sort((x, y) => x - y)).toEqual(sorted);
    }
  });
});
