/**
 * Bitmap commands through dispatch: SETBIT, GETBIT, BITCOUNT, BITPOS, BITOP, BITFIELD and
 * BITFIELD_RO — replies, stored bytes and encodings, key-change events and dirty counts.
 * Expected replies were checked against redis-server 7.0.15; the differential suite
 * (tests/conformance/bitmaps.test.ts) compares them byte for byte as well.
 */
import { describe, expect, it } from "vitest";
import { createServer, type Server } from "../../engine/server";
import type { RedisObject } from "../../engine/object";
import { arr, bulk, int, NULL, type Reply } from "../../engine/reply";
import { fieldResult, type OverflowMode } from "../../engine/util/bits";
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
const NOT_INT = errorOf("ERR value is not an integer or out of range");
const SYNTAX = errorOf("ERR syntax error");
const WRONGTYPE = errorOf("WRONGTYPE Operation against a key holding the wrong kind of value");
const BIT_OFFSET = errorOf("ERR bit offset is not an integer or out of range");
const BIT_VALUE = errorOf("ERR bit is not an integer or out of range");
const BAD_TYPE = errorOf("ERR Invalid bitfield type. Use something like i16 u8. Note that u64 is not supported but i64 is.");
const ints = (...v: (number | bigint | null)[]): Reply => arr(v.map((x) => (x === null ? NULL : int(x))));

function encoding(server: Server, key: string): string | undefined {
  const r = server.connect().execute(["OBJECT", "ENCODING", key]);
  return r.t === "bulk" ? r.v : undefined;
}

/** A key of another type, for the WRONGTYPE branches (a stand-in if lists are not there yet). */
function plantList(server: Server, key: string): void {
  const r = server.connect().execute(["RPUSH", key, "x"]);
  if (r.t === "int") return;
  const o = { type: "list", enc: "quicklist", value: "", lru: 0, lfuCounter: 0, lfuMinutes: 0 } as unknown as RedisObject;
  server.dbs[0].add(key, o);
}

const dirty = (server: Server) => server.stats.dirty;

describe("SETBIT and GETBIT", () => {
  it("sets bits MSB first, replies with the old bit and zero-pads as it grows", () => {
    const { server, run } = setup();
    expect(run("SETBIT", "k", "7", "1")).toEqual(int(0));
    expect(run("GET", "k")).toEqual(bulk("\x01"));
    expect(run("SETBIT", "k", "7", "1")).toEqual(int(1));
    expect(run("SETBIT", "k", "0", "1")).toEqual(int(0));
    expect(run("GET", "k")).toEqual(bulk("\x81"));
    expect(run("SETBIT", "k", "33", "1")).toEqual(int(0));
    expect(run("GET", "k")).toEqual(bulk("\x81\x00\x00\x00\x40"));
    expect(run("SETBIT", "k", "0", "0")).toEqual(int(1));
    expect(run("GET", "k")).toEqual(bulk("\x01\x00\x00\x00\x40"));
    expect(encoding(server, "k")).toBe("raw");
    expect(run("GETBIT", "k", "33")).toEqual(int(1));
    expect(run("GETBIT", "k", "32")).toEqual(int(0));
    expect(run("GETBIT", "k", "1000")).toEqual(int(0));
    expect(run("GETBIT", "nokey", "0")).toEqual(int(0));
  });

  it("works on binary values and leaves the other bytes alone", () => {
    const { run } = setup();
    run("SET", "k", "\x00\r\n\xff\x80");
    expect(run("SETBIT", "k", "8", "1")).toEqual(int(0));
    expect(run("SETBIT", "k", "31", "0")).toEqual(int(1));
    expect(run("GET", "k")).toEqual(bulk("\x00\x8d\n\xfe\x80"));
    expect(run("STRLEN", "k")).toEqual(int(5));
  });

  it("turns an int or embstr value into raw even when no bit changes", () => {
    const { server, run, events } = setup();
    run("SET", "n", "123");
    expect(encoding(server, "n")).toBe("int");
    expect(run("GETBIT", "n", "2")).toEqual(int(1)); // '1' is 0x31
    const before = dirty(server);
    events.length = 0;
    expect(run("SETBIT", "n", "0", "0")).toEqual(int(0));
    expect(encoding(server, "n")).toBe("raw");
    expect(run("GET", "n")).toEqual(bulk("123"));
    expect(events).toEqual([]);
    expect(dirty(server)).toBe(before);
    run("SET", "e", "hello");
    expect(encoding(server, "e")).toBe("embstr");
    run("SETBIT", "e", "0", "0");
    expect(encoding(server, "e")).toBe("raw");
  });

  it("reports a change only when a bit flips or the value grows", () => {
    const { server, run, events } = setup();
    run("SETBIT", "k", "7", "0"); // a new key counts even with a 0 bit
    run("SETBIT", "k", "7", "0");
    run("SETBIT", "k", "7", "1");
    run("SETBIT", "k", "7", "1");
    run("SETBIT", "k", "100", "0"); // grows
    expect(events).toEqual(["setbit:k", "setbit:k", "setbit:k"]);
    expect(dirty(server)).toBe(3);
    expect(run("STRLEN", "k")).toEqual(int(13));
  });

  it("refuses bad offsets and bit values before looking at the key", () => {
    const { server, run } = setup();
    plantList(server, "l");
    for (const off of ["-1", "4294967296", "x", "1.5", "", " 1", "#1", "99999999999999999999"]) {
      expect(run("SETBIT", "l", off, "1"), off).toEqual(BIT_OFFSET);
      expect(run("GETBIT", "l", off), off).toEqual(BIT_OFFSET);
    }
    for (const bit of ["2", "-1", "1.0", "x", "", "01"]) expect(run("SETBIT", "l", "0", bit), bit).toEqual(BIT_VALUE);
    expect(run("SETBIT", "l", "0", "1")).toEqual(WRONGTYPE);
    expect(run("GETBIT", "l", "0")).toEqual(WRONGTYPE);
    expect(run("GETBIT", "k", "4294967295")).toEqual(int(0));
  });

  it("limits offsets to proto-max-bulk-len bytes", () => {
    const { run } = setup({ "proto-max-bulk-len": "1mb" });
    expect(run("SETBIT", "k", String(8 * 1024 * 1024), "1")).toEqual(BIT_OFFSET);
    expect(run("SETBIT", "k", String(8 * 1024 * 1024 - 1), "1")).toEqual(int(0));
    expect(run("STRLEN", "k")).toEqual(int(1024 * 1024));
    expect(run("GETBIT", "k", String(8 * 1024 * 1024 - 1))).toEqual(int(1));
    expect(run("BITCOUNT", "k")).toEqual(int(1));
  });

  it("keeps a copied bitmap independent of the original", () => {
    const { run } = setup();
    run("SETBIT", "a", "0", "1");
    expect(run("COPY", "a", "b")).toEqual(int(1));
    run("SETBIT", "b", "1", "1");
    run("SETBIT", "a", "2", "1");
    expect(run("GET", "a")).toEqual(bulk("\xa0"));
    expect(run("GET", "b")).toEqual(bulk("\xc0"));
    run("APPEND", "a", "xy");
    run("SETBIT", "a", "31", "1");
    expect(run("GET", "a")).toEqual(bulk("\xa0xy\x01"));
    run("RENAME", "a", "c");
    run("SETBIT", "c", "0", "0");
    expect(run("GET", "c")).toEqual(bulk("\x20xy\x01"));
  });

  it("stores a string object whose value reads like any other, even through a spread copy", () => {
    const { server, run } = setup();
    run("SETBIT", "k", "6", "1");
    const o = server.dbs[0].dict.get("k")!;
    expect(o.type === "string" && o.value).toBe("\x02");
    const copy = { ...o };
    run("SETBIT", "k", "7", "1");
    expect(copy.type === "string" && copy.value).toBe("\x02");
    expect(o.type === "string" && o.value).toBe("\x03");
    // A writer that assigns the value replaces the bytes; bit commands then work on the new ones.
    if (o.type === "string") o.value = "\xff";
    expect(run("GETBIT", "k", "0")).toEqual(int(1));
    expect(run("SETBIT", "k", "0", "0")).toEqual(int(1));
    expect(run("GET", "k")).toEqual(bulk("\x7f"));
  });
});

describe("BITCOUNT", () => {
  it("counts a whole value, byte ranges with negative indexes, and BIT ranges", () => {
    const { run } = setup();
    run("SET", "k", "foobar");
    expect(run("BITCOUNT", "k")).toEqual(int(26));
    expect(run("BITCOUNT", "k", "0", "0")).toEqual(int(4));
    expect(run("BITCOUNT", "k", "1", "1")).toEqual(int(6));
    expect(run("BITCOUNT", "k", "1", "1", "BYTE")).toEqual(int(6));
    expect(run("BITCOUNT", "k", "5", "30", "BIT")).toEqual(int(17));
    expect(run("BITCOUNT", "k", "-2", "-1")).toEqual(int(7));
    expect(run("BITCOUNT", "k", "0", "-1", "bit")).toEqual(int(26));
    expect(run("BITCOUNT", "k", "2", "1")).toEqual(int(0));
    expect(run("BITCOUNT", "k", "-100", "100")).toEqual(int(26));
    expect(run("BITCOUNT", "k", "3", "3", "BIT")).toEqual(int(0)); // 'f' = 0110 0110
    expect(run("BITCOUNT", "k", "1", "2", "BIT")).toEqual(int(2));
    // Extreme int64 indexes keep their exact order.
    expect(run("BITCOUNT", "k", "-9223372036854775807", "-9223372036854775808")).toEqual(int(0));
    expect(run("BITCOUNT", "k", "-9223372036854775808", "9223372036854775807")).toEqual(int(26));
  });

  it("answers 0 for a missing key before parsing anything, as Redis 7.0 does", () => {
    const { run } = setup();
    expect(run("BITCOUNT", "nokey")).toEqual(int(0));
    expect(run("BITCOUNT", "nokey", "0")).toEqual(int(0));
    expect(run("BITCOUNT", "nokey", "x", "y", "z")).toEqual(int(0));
  });

  it("checks arguments in Redis 7.0's order", () => {
    const { server, run } = setup();
    run("SET", "k", "abc");
    expect(run("BITCOUNT", "k", "0")).toEqual(SYNTAX);
    expect(run("BITCOUNT", "k", "0", "1", "BIT", "x")).toEqual(SYNTAX);
    expect(run("BITCOUNT", "k", "x", "1")).toEqual(NOT_INT);
    expect(run("BITCOUNT", "k", "0", "1.5")).toEqual(NOT_INT);
    expect(run("BITCOUNT", "k", "0", "1", "bits")).toEqual(SYNTAX);
    // A reversed negative range answers 0 before the unit is read.
    expect(run("BITCOUNT", "k", "-1", "-5", "foo")).toEqual(int(0));
    plantList(server, "l");
    expect(run("BITCOUNT", "l")).toEqual(WRONGTYPE);
    expect(run("BITCOUNT", "l", "x")).toEqual(WRONGTYPE);
  });

  it("reads int-encoded values as their decimal text", () => {
    const { run } = setup();
    run("SET", "n", "1234"); // 0x31 0x32 0x33 0x34
    expect(run("BITCOUNT", "n")).toEqual(int(3 + 3 + 4 + 3));
  });
});

describe("BITPOS", () => {
  it("finds the first set or clear bit, with byte and bit ranges", () => {
    const { run } = setup();
    run("SET", "k", "\xff\xf0\x00");
    expect(run("BITPOS", "k", "0")).toEqual(int(12));
    expect(run("BITPOS", "k", "1")).toEqual(int(0));
    run("SET", "k", "\x00\xff\xf0");
    expect(run("BITPOS", "k", "1", "0")).toEqual(int(8));
    expect(run("BITPOS", "k", "1", "2")).toEqual(int(16));
    expect(run("BITPOS", "k", "1", "2", "-1", "BYTE")).toEqual(int(16));
    expect(run("BITPOS", "k", "1", "7", "15", "BIT")).toEqual(int(8));
    expect(run("BITPOS", "k", "1", "7", "-3", "bit")).toEqual(int(8));
    expect(run("BITPOS", "k", "0", "8", "19", "BIT")).toEqual(int(-1));
    expect(run("BITPOS", "k", "0", "8", "20", "BIT")).toEqual(int(20));
    expect(run("BITPOS", "k", "1", "0", "6", "BIT")).toEqual(int(-1));
    expect(run("BITPOS", "k", "1", "3", "2")).toEqual(int(-1));
  });

  it("treats the value as zero padded unless an end is given", () => {
    const { run } = setup();
    run("SET", "k", "\xff\xff\xff");
    expect(run("BITPOS", "k", "0")).toEqual(int(24));
    expect(run("BITPOS", "k", "0", "1")).toEqual(int(24));
    expect(run("BITPOS", "k", "0", "0", "-1")).toEqual(int(-1));
    expect(run("BITPOS", "k", "0", "2", "-1", "BIT")).toEqual(int(-1));
    run("SET", "z", "\x00\x00");
    expect(run("BITPOS", "z", "1")).toEqual(int(-1));
    expect(run("BITPOS", "z", "0", "1")).toEqual(int(8));
    run("SET", "e", "");
    expect(run("BITPOS", "e", "0")).toEqual(int(-1));
    expect(run("BITPOS", "e", "1")).toEqual(int(-1));
  });

  it("answers for a missing key before parsing the range; checks the rest in order", () => {
    const { server, run } = setup();
    expect(run("BITPOS", "nokey", "1")).toEqual(int(-1));
    expect(run("BITPOS", "nokey", "0", "x", "y", "z")).toEqual(int(0));
    expect(run("BITPOS", "nokey", "2")).toEqual(errorOf("ERR The bit argument must be 1 or 0."));
    expect(run("BITPOS", "nokey", "x")).toEqual(NOT_INT);
    run("SET", "k", "abc");
    expect(run("BITPOS", "k", "0", "1", "x", "foo")).toEqual(SYNTAX);
    expect(run("BITPOS", "k", "0", "1", "x", "bit")).toEqual(NOT_INT);
    expect(run("BITPOS", "k", "0", "x", "2", "foo")).toEqual(NOT_INT);
    expect(run("BITPOS", "k", "0", "1", "2", "bit", "x")).toEqual(SYNTAX);
    plantList(server, "l");
    expect(run("BITPOS", "l", "1")).toEqual(WRONGTYPE);
    expect(run("BITPOS", "l", "3")).toEqual(errorOf("ERR The bit argument must be 1 or 0."));
  });
});

describe("BITOP", () => {
  it("combines values of different lengths, zero padding the shorter ones", () => {
    const { server, run } = setup();
    run("SET", "a", "\xf0\x0f\xaa");
    run("SET", "b", "\xff\x01");
    expect(run("BITOP", "AND", "d", "a", "b")).toEqual(int(3));
    expect(run("GET", "d")).toEqual(bulk("\xf0\x01\x00"));
    expect(encoding(server, "d")).toBe("raw");
    expect(run("BITOP", "or", "d", "a", "b", "nokey")).toEqual(int(3));
    expect(run("GET", "d")).toEqual(bulk("\xff\x0f\xaa"));
    expect(run("BITOP", "XOR", "d", "a", "b", "a")).toEqual(int(3));
    expect(run("GET", "d")).toEqual(bulk("\xff\x01\x00"));
    expect(run("BITOP", "NOT", "d", "a")).toEqual(int(3));
    expect(run("GET", "d")).toEqual(bulk("\x0f\xf0\x55"));
    expect(run("BITOP", "AND", "d", "a", "nokey")).toEqual(int(3));
    expect(run("GET", "d")).toEqual(bulk("\x00\x00\x00"));
    // The destination may be a source.
    expect(run("BITOP", "NOT", "a", "a")).toEqual(int(3));
    expect(run("GET", "a")).toEqual(bulk("\x0f\xf0\x55"));
  });

  it("replaces the destination (dropping its TTL) and deletes it for an empty result", () => {
    const { server, run, events } = setup();
    run("SET", "a", "x");
    run("SET", "d", "old", "EX", "100");
    events.length = 0;
    expect(run("BITOP", "OR", "d", "a")).toEqual(int(1));
    expect(run("TTL", "d")).toEqual(int(-1));
    expect(run("BITOP", "AND", "d", "nokey", "other")).toEqual(int(0));
    expect(run("EXISTS", "d")).toEqual(int(0));
    expect(run("BITOP", "AND", "d", "nokey")).toEqual(int(0));
    run("SET", "e", "");
    expect(run("BITOP", "NOT", "x", "e")).toEqual(int(0));
    expect(events).toEqual(["set:d", "del:d", "set:e"]);
    expect(encoding(server, "x")).toBeUndefined();
  });

  it("refuses unknown operations, NOT with several keys and non-string sources", () => {
    const { server, run } = setup();
    plantList(server, "l");
    run("SET", "a", "x");
    expect(run("BITOP", "NAND", "d", "a")).toEqual(SYNTAX);
    expect(run("BITOP", "DIFF", "d", "a", "a")).toEqual(SYNTAX); // Redis 8.2, not 7.0
    expect(run("BITOP", "NOT", "d", "a", "a")).toEqual(errorOf("ERR BITOP NOT must be called with a single source key."));
    expect(run("BITOP", "AND", "d", "a", "l")).toEqual(WRONGTYPE);
    expect(run("BITOP", "AND", "l", "a")).toEqual(int(1)); // the destination's type does not matter
    expect(run("GET", "l")).toEqual(bulk("x"));
    expect(run("BITOP", "AND\0junk", "d", "a")).toEqual(int(1)); // compared as a C string
  });
});

describe("BITFIELD", () => {
  it("reads and writes integers at any width and offset", () => {
    const { run } = setup();
    expect(run("BITFIELD", "k", "INCRBY", "i5", "100", "1", "GET", "u4", "0")).toEqual(ints(1, 0));
    expect(run("BITFIELD", "b", "SET", "u8", "0", "255", "GET", "u8", "0", "SET", "i8", "#1", "-1", "GET", "u16", "0")).toEqual(
      ints(0, 255, 0, 65535),
    );
    expect(run("GET", "b")).toEqual(bulk("\xff\xff"));
    expect(run("BITFIELD", "c", "SET", "u5", "7", "23")).toEqual(ints(0));
    expect(run("GET", "c")).toEqual(bulk("\x01\x70"));
    expect(run("BITFIELD", "c", "GET", "u4", "#3", "GET", "i4", "#2", "GET", "u63", "0", "GET", "i64", "0")).toEqual(
      ints(0, 7, 0x0170n << 47n, 0x0170n << 48n),
    );
  });

  it("handles 64-bit signed fields and 63-bit unsigned ones exactly", () => {
    const { run } = setup();
    expect(run("BITFIELD", "k", "SET", "i64", "0", "-9223372036854775808", "GET", "i64", "0", "GET", "u63", "0")).toEqual(
      ints(0, -9223372036854775808n, 4611686018427387904n),
    );
    expect(run("BITFIELD", "k", "INCRBY", "i64", "0", "-1")).toEqual(ints(9223372036854775807n));
    expect(run("BITFIELD", "k", "OVERFLOW", "SAT", "INCRBY", "i64", "0", "1")).toEqual(ints(9223372036854775807n));
    expect(run("BITFIELD", "k", "OVERFLOW", "FAIL", "INCRBY", "i64", "0", "1")).toEqual(ints(null));
    expect(run("BITFIELD", "k", "SET", "u63", "1", "9223372036854775807")).toEqual(ints(9223372036854775807n));
    expect(run("GET", "k")).toEqual(bulk("\x7f" + "\xff".repeat(7))); // bit 0 is not part of the u63 at 1
  });

  it("applies OVERFLOW to the operations after it", () => {
    const { run } = setup();
    const step = () => run("BITFIELD", "k", "INCRBY", "u2", "100", "1", "OVERFLOW", "SAT", "INCRBY", "u2", "102", "1");
    expect(step()).toEqual(ints(1, 1));
    expect(step()).toEqual(ints(2, 2));
    expect(step()).toEqual(ints(3, 3));
    expect(step()).toEqual(ints(0, 3));
    expect(run("BITFIELD", "k", "OVERFLOW", "FAIL", "INCRBY", "u2", "102", "1", "OVERFLOW", "WRAP", "INCRBY", "u2", "102", "1")).toEqual(
      ints(null, 0),
    );
    expect(run("BITFIELD", "s", "OVERFLOW", "SAT", "SET", "i8", "0", "200", "SET", "i8", "0", "-200", "GET", "i8", "0")).toEqual(
      ints(0, 127, -128),
    );
    // SET of a negative value into an unsigned field: taken as a huge uint64.
    expect(run("BITFIELD", "u", "OVERFLOW", "SAT", "SET", "u8", "0", "-1", "OVERFLOW", "WRAP", "SET", "u8", "0", "-2", "GET", "u8", "0")).toEqual(
      ints(0, 255, 254),
    );
  });

  it("creates and grows the key before writing, even when FAIL refuses every write", () => {
    const { server, run, events } = setup();
    expect(run("BITFIELD", "k", "OVERFLOW", "FAIL", "SET", "u8", "8", "1000")).toEqual(ints(null));
    expect(run("GET", "k")).toEqual(bulk("\0\0"));
    expect(events).toEqual([]);
    expect(dirty(server)).toBe(0);
    run("SET", "s", "a");
    events.length = 0;
    expect(run("BITFIELD", "s", "SET", "u8", "0", "97", "SET", "u8", "0", "98", "SET", "u8", "0", "97")).toEqual(ints(97, 97, 98));
    expect(events).toEqual(["setbit:s"]);
    expect(dirty(server)).toBe(1 + 2); // SET, then two real changes
    expect(run("BITFIELD", "s", "SET", "u8", "16", "0")).toEqual(ints(0)); // grows: a change
    expect(dirty(server)).toBe(4);
    expect(run("BITFIELD", "s", "INCRBY", "u8", "0", "0")).toEqual(ints(97));
    expect(dirty(server)).toBe(4);
  });

  it("parses everything before touching the key, with Redis' errors", () => {
    const { server, run } = setup();
    plantList(server, "l");
    expect(run("BITFIELD", "k")).toEqual(arr([]));
    expect(run("BITFIELD", "l")).toEqual(WRONGTYPE);
    expect(run("BITFIELD", "l", "GET", "u8", "0")).toEqual(WRONGTYPE);
    expect(run("BITFIELD", "l", "SET", "u8", "0", "1")).toEqual(WRONGTYPE);
    for (const type of ["u64", "i65", "i0", "u", "x8", "I8", "i08", "i+8", "", "u-1"]) {
      expect(run("BITFIELD", "l", "GET", type, "0"), type).toEqual(BAD_TYPE);
    }
    expect(run("BITFIELD", "k", "GET", "i8\0junk", "0")).toEqual(ints(0)); // the width is a C string
    for (const off of ["-1", "#-1", "x", "#", "##1", "#536870912", "4294967296"]) {
      expect(run("BITFIELD", "l", "GET", "i8", off), off).toEqual(BIT_OFFSET);
    }
    expect(run("BITFIELD", "k", "GET", "u8", "4294967290", "GET", "i8", "#536870911")).toEqual(ints(0, 0));
    expect(run("BITFIELD", "k", "GET", "i8", "#1152921504606846976")).toEqual(BIT_OFFSET); // wraps negative
    expect(run("BITFIELD", "l", "SET", "i8", "0", "x")).toEqual(NOT_INT);
    expect(run("BITFIELD", "l", "INCRBY", "i8", "0", "99999999999999999999")).toEqual(NOT_INT);
    expect(run("BITFIELD", "l", "OVERFLOW", "foo")).toEqual(errorOf("ERR Invalid OVERFLOW type specified"));
    expect(run("BITFIELD", "l", "OVERFLOW")).toEqual(SYNTAX);
    expect(run("BITFIELD", "l", "GET", "i8")).toEqual(SYNTAX);
    expect(run("BITFIELD", "l", "SET", "i8", "0")).toEqual(SYNTAX);
    expect(run("BITFIELD", "l", "FOO", "i8", "0")).toEqual(SYNTAX);
    expect(run("BITFIELD", "l", "GET", "i8", "0", "OVERFLOW", "bad", "GET", "x", "0")).toEqual(
      errorOf("ERR Invalid OVERFLOW type specified"),
    );
  });

  it("BITFIELD_RO only reads", () => {
    const { server, run } = setup();
    run("SET", "k", "\x80");
    expect(run("BITFIELD_RO", "k", "GET", "i8", "0", "OVERFLOW", "SAT", "GET", "u1", "0")).toEqual(ints(-128, 1));
    const ro = errorOf("ERR BITFIELD_RO only supports the GET subcommand");
    expect(run("BITFIELD_RO", "k", "SET", "i8", "0", "1")).toEqual(ro);
    expect(run("BITFIELD_RO", "nokey", "INCRBY", "i8", "0", "1")).toEqual(ro);
    expect(run("EXISTS", "nokey")).toEqual(int(0));
    plantList(server, "l");
    expect(run("BITFIELD_RO", "l", "SET", "i8", "0", "1")).toEqual(ro);
    expect(run("BITFIELD_RO", "l", "GET", "i8", "0")).toEqual(WRONGTYPE);
    expect(run("BITFIELD_RO", "nokey", "GET", "i8", "0")).toEqual(ints(0));
  });
});

describe("BITFIELD arithmetic", () => {
  /** The same overflow rules with every value as a BigInt: the reference for the fast path. */
  function reference(signed: boolean, bits: number, old: number, operand: number, incr: boolean, mode: OverflowMode) {
    const r = fieldResult(signed, bits, BigInt(old), BigInt(operand), incr, mode);
    return r === null ? null : Number(r);
  }

  it("the plain-number path agrees with the BigInt path on random inputs", () => {
    const rng = new Rng(42);
    const pick = <T>(xs: readonly T[]): T => xs[rng.below(xs.length)];
    let checked = 0;
    for (let i = 0; i < 20_000; i++) {
      const signed = rng.below(2) === 1;
      const bits = 1 + rng.below(32);
      const lo = signed ? -(2 ** (bits - 1)) : 0;
      const old = lo + rng.below(2 ** bits);
      const operand = pick([
        () => rng.below(2 ** bits) - 2 ** (bits - 1),
        () => rng.below(5) - 2,
        () => pick([2 ** 53 - 1, -(2 ** 53 - 1), 2 ** 32, -(2 ** 32), 2 ** 31, -(2 ** 31) - 1]),
        () => Math.floor((rng.next() - 0.5) * 2 ** 40),
      ])();
      const incr = rng.below(2) === 1;
      const mode = pick(["wrap", "sat", "fail"] as const);
      const fast = fieldResult(signed, bits, old, operand, incr, mode);
      expect(fast === null ? null : Number(fast), JSON.stringify({ signed, bits, old, operand, incr, mode })).toBe(
        reference(signed, bits, old, operand, incr, mode),
      );
      checked++;
    }
    expect(checked).toBe(20_000);
  });
});
