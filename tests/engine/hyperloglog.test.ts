/**
 * HyperLogLog through dispatch: replies, the exact bytes of the string Redis stores, the
 * sparse→dense promotion, corruption handling and key-change events. Expected bytes were
 * taken from redis-server 7.0.15; tests/conformance/hyperloglog.test.ts compares the rest
 * with the real server directly.
 */
import { describe, expect, it } from "vitest";
import { createServer } from "../../engine/server";
import { bulk, int, OK, simple, type Reply } from "../../engine/reply";
import { HllString } from "../../engine/types/hyperloglog";

function setup(config?: Record<string, string>) {
  const server = createServer({ config });
  const c = server.connect();
  const run = (...argv: string[]): Reply => c.execute(argv);
  const events: string[] = [];
  server.onKeyChange((e) => events.push(`${e.event}:${e.key}`));
  return { server, run, events };
}

const errorOf = (text: string): Reply => ({ t: "error", v: text });
const WRONGTYPE = errorOf("WRONGTYPE Operation against a key holding the wrong kind of value");
const NOT_HLL = errorOf("WRONGTYPE Key is not a valid HyperLogLog string value.");
const CORRUPT = errorOf("INVALIDOBJ Corrupted HLL object detected");

/** The 16-byte header of a sparse HLL whose cached cardinality is stale. */
const SPARSE_STALE = "HYLL\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x80";
const names = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}${i}`);
const valueOf = (r: Reply): string => {
  if (r.t !== "bulk") throw new Error(`expected a bulk reply, got ${JSON.stringify(r)}`);
  return r.v;
};
const num = (r: Reply): number => {
  if (r.t !== "int") throw new Error(`expected an integer reply, got ${JSON.stringify(r)}`);
  return Number(r.v);
};

describe("PFADD", () => {
  it("creates an empty sparse HLL: one XZERO opcode for all 16384 registers", () => {
    const { run } = setup();
    expect(run("PFADD", "h")).toEqual(int(1));
    expect(run("GET", "h")).toEqual(bulk(SPARSE_STALE + "\x7f\xff"));
    expect(run("PFADD", "h")).toEqual(int(0));
    expect(run("TYPE", "h")).toEqual(simple("string"));
    expect(run("OBJECT", "ENCODING", "h")).toEqual(bulk("raw"));
  });

  it("writes the same sparse opcodes as Redis and replies 1 only when a register grows", () => {
    const { run } = setup();
    expect(run("PFADD", "h", "a", "b", "c")).toEqual(int(1));
    expect(run("GET", "h")).toEqual(bulk(SPARSE_STALE + "\x60\xf3\x80\x50\xb1\x84\x4b\xfb\x80\x42\x5a"));
    expect(run("PFDEBUG", "DECODE", "h")).toEqual(bulk("Z:8436 v:1,1 Z:4274 v:2,1 Z:3068 v:1,1 Z:603"));
    expect(run("PFADD", "h", "a", "c")).toEqual(int(0));
    expect(run("PFCOUNT", "h")).toEqual(int(3));
  });

  it("refuses keys of other types, and strings that are not HLLs", () => {
    const { run } = setup();
    run("SET", "s", "not an hll");
    run("SET", "n", "42");
    expect(run("PFADD", "s", "a")).toEqual(NOT_HLL);
    expect(run("PFADD", "n", "a")).toEqual(NOT_HLL);
    expect(run("PFCOUNT", "s")).toEqual(NOT_HLL);
    expect(run("PFMERGE", "d", "s")).toEqual(NOT_HLL);
    expect(run("EXISTS", "d")).toEqual(int(0));
    // A dense HLL must be exactly 12304 bytes.
    run("SET", "short", "HYLL\x00" + "\x00".repeat(20));
    expect(run("PFCOUNT", "short")).toEqual(NOT_HLL);
  });

  it("answers WRONGTYPE for a key of another type", () => {
    const { run } = setup();
    run("LPUSH", "l", "a");
    const isList = run("TYPE", "l");
    if (isList.t === "simple" && isList.v === "list") {
      expect(run("PFADD", "l", "a")).toEqual(WRONGTYPE);
      expect(run("PFCOUNT", "l")).toEqual(WRONGTYPE);
      expect(run("PFCOUNT", "l", "x")).toEqual(WRONGTYPE);
    }
    expect(run("PFADD", "l2", "a")).toEqual(int(1));
  });
});

describe("representations", () => {
  it("stays sparse up to hll-sparse-max-bytes, then becomes 12304 bytes of dense registers", () => {
    const { run } = setup({ "hll-sparse-max-bytes": "200" });
    let promotedAt = -1;
    for (let i = 0; i < 500 && promotedAt < 0; i++) {
      run("PFADD", "h", `e${i}`);
      const len = num(run("STRLEN", "h"));
      if (len > 200) {
        expect(len).toBe(12304);
        promotedAt = i;
      }
    }
    expect(promotedAt).toBeGreaterThan(10);
    expect(run("PFDEBUG", "ENCODING", "h")).toEqual(simple("dense"));
    expect(valueOf(run("GET", "h")).charCodeAt(4)).toBe(0);
  });

  it("turns dense at once when a register needs a value above 32", () => {
    const { run } = setup();
    // The 8 little-endian bytes of 16048431967: its hash sets register 14662 to 36.
    const run36 = "\x5f\xa3\x8f\xbc\x03\x00\x00\x00";
    run("PFADD", "h", "a");
    expect(run("PFADD", "h", run36)).toEqual(int(1));
    expect(run("STRLEN", "h")).toEqual(int(12304));
    const regs = run("PFDEBUG", "GETREG", "h");
    expect(regs.t === "array" && regs.v[14662]).toEqual(int(36));
  });

  it("estimates large cardinalities within HyperLogLog's error", () => {
    const { run } = setup();
    const n = 100_000;
    for (let at = 0; at < n; at += 5000) run("PFADD", "big", ...names(`m${at}-`, 5000));
    const est = num(run("PFCOUNT", "big"));
    expect(Math.abs(est - n) / n).toBeLessThan(0.02);
  });

  it("keeps each HLL independent after COPY and readable after RENAME", () => {
    const { run } = setup();
    run("PFADD", "a", ...names("x", 100));
    expect(run("COPY", "a", "b")).toEqual(int(1));
    run("PFADD", "b", ...names("y", 100));
    expect(num(run("PFCOUNT", "a"))).toBeLessThan(num(run("PFCOUNT", "b")));
    run("RENAME", "b", "c");
    expect(num(run("PFCOUNT", "c"))).toBeGreaterThan(150);
  });

  it("gives copies made by spreading the object the same bytes", () => {
    const { server, run } = setup();
    run("PFADD", "h", "a", "b");
    const o = server.dbs[0].dict.get("h");
    expect(o).toBeInstanceOf(HllString);
    const copy = { ...o! } as { value: string };
    expect(copy.value).toBe(valueOf(run("GET", "h")));
  });
});

describe("PFCOUNT", () => {
  it("caches the cardinality in the header and reuses it until the HLL changes", () => {
    const { run, events } = setup();
    run("PFADD", "h", "a", "b", "c");
    events.length = 0;
    expect(run("PFCOUNT", "h")).toEqual(int(3));
    expect(valueOf(run("GET", "h")).slice(8, 16)).toBe("\x03\x00\x00\x00\x00\x00\x00\x00");
    // Rewriting the cache is a change to the string, but not one with a keyspace event.
    expect(events).toEqual([":h"]);
    expect(run("PFCOUNT", "h")).toEqual(int(3));
    expect(events).toEqual([":h"]);
    // A forged cache with its top bit clear is believed, as Redis believes it.
    run("SETRANGE", "h", "8", "\x2a");
    expect(run("PFCOUNT", "h")).toEqual(int(42));
    run("PFADD", "h", "d");
    expect(valueOf(run("GET", "h")).charCodeAt(15)).toBe(0x80);
    expect(run("PFCOUNT", "h")).toEqual(int(4));
  });

  it("counts the union of several keys without storing it", () => {
    const { run } = setup();
    run("PFADD", "a", ...names("x", 100));
    run("PFADD", "b", ...names("x", 200));
    const before = valueOf(run("GET", "a"));
    const u = num(run("PFCOUNT", "a", "b", "missing"));
    expect(Math.abs(u - 200)).toBeLessThan(10);
    expect(valueOf(run("GET", "a"))).toBe(before);
    expect(run("EXISTS", "missing")).toEqual(int(0));
  });

  it("reports a corrupt sparse HLL", () => {
    const { run } = setup();
    run("SET", "bad", SPARSE_STALE + "\x7f\xfe"); // covers 16383 registers
    expect(run("PFCOUNT", "bad")).toEqual(CORRUPT);
    expect(run("PFCOUNT", "bad", "x")).toEqual(CORRUPT);
    expect(run("PFMERGE", "d", "bad")).toEqual(CORRUPT);
    // Adding to a register the opcodes do cover still works, as in Redis.
    expect(run("PFADD", "bad", "a")).toEqual(int(1));
    expect(run("OBJECT", "ENCODING", "bad")).toEqual(bulk("raw"));
  });
});

describe("PFMERGE", () => {
  it("stores the union, sparse when every input is sparse, and reports a pfadd event", () => {
    const { run, events } = setup();
    run("PFADD", "a", ...names("x", 50));
    run("PFADD", "b", ...names("y", 50));
    events.length = 0;
    expect(run("PFMERGE", "m", "a", "b")).toEqual(OK);
    expect(events).toEqual(["pfadd:m"]);
    expect(run("PFDEBUG", "ENCODING", "m")).toEqual(simple("sparse"));
    expect(num(run("PFCOUNT", "m"))).toBe(num(run("PFCOUNT", "a", "b")));
    run("PFADD", "big", ...names("z", 5000));
    expect(run("PFMERGE", "m", "big")).toEqual(OK);
    expect(run("PFDEBUG", "ENCODING", "m")).toEqual(simple("dense"));
    expect(run("PFMERGE", "empty")).toEqual(OK);
    expect(run("GET", "empty")).toEqual(bulk(SPARSE_STALE + "\x7f\xff"));
  });
});

describe("PFDEBUG", () => {
  it("answers its subcommands with Redis' texts", () => {
    const { run } = setup();
    expect(run("PFDEBUG", "GETREG", "nosuch")).toEqual(errorOf("ERR The specified key does not exist"));
    run("PFADD", "h", "a");
    expect(run("PFDEBUG", "what", "h")).toEqual(errorOf("ERR Unknown PFDEBUG subcommand 'what'"));
    expect(run("PFDEBUG", "ENCODING", "h")).toEqual(simple("sparse"));
    const regs = run("PFDEBUG", "GETREG", "h");
    expect(regs.t === "array" && regs.v.length).toBe(16384);
    expect(regs.t === "array" && regs.v.filter((r) => r.t === "int" && r.v !== 0).length).toBe(1);
    // GETREG converts to dense as a side effect.
    expect(run("PFDEBUG", "ENCODING", "h")).toEqual(simple("dense"));
    expect(run("PFDEBUG", "DECODE", "h")).toEqual(errorOf("ERR HLL encoding is not sparse"));
    expect(run("PFDEBUG", "TODENSE", "h")).toEqual(int(0));
  });
});
