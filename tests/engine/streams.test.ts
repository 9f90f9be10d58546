/**
 * Streams through dispatch on the manual clock: generated IDs, idle times, XCLAIM/XAUTOCLAIM
 * by idle time, blocking reads with timeouts, keyspace events, COPY and the inspector, and
 * the node structure (range walks across nodes and after deletions).
 */
import { beforeEach, describe, expect, it } from "vitest";
import { createServer, type Server } from "../../engine/server";
import type { Client } from "../../engine/client";
import type { Reply } from "../../engine/reply";
import { BLOCKED } from "../../engine/blocking";
import { encodeReply } from "../../engine/resp/encode";
import { inspectKey } from "../../engine/inspect";
import { parseId, string2ull } from "../../engine/commands/streams-common";
import { ID_MAX, ID_MIN, makeId, StreamValue } from "../../engine/types/stream";

let server: Server;
let c: Client;
let events: string[];
const run = (...argv: string[]): Reply => c.execute(argv);
const wire = (...argv: string[]): string => encodeReply(run(...argv), c.resp);
const bulk = (v: string) => ({ t: "bulk", v });
const int = (v: number) => ({ t: "int", v });

beforeEach(() => {
  server = createServer();
  c = server.connect();
  events = [];
  server.onKeyChange((e) => events.push(`${e.event}:${e.key}`));
});

describe("IDs", () => {
  it("reads numbers as string2ull does", () => {
    expect(string2ull("5")).toBe(5n);
    expect(string2ull("-5")).toBeNull();
    expect(string2ull("-0")).toBe(0n);
    expect(string2ull(" +7")).toBe(7n);
    expect(string2ull("18446744073709551615")).toBe((1n << 64n) - 1n);
    expect(string2ull("18446744073709551616")).toBeNull();
    expect(string2ull("")).toBeNull();
    expect(string2ull("1x")).toBeNull();
  });
  it("parses the ID forms", () => {
    expect(parseId("-", 0n, false)?.id).toBe(ID_MIN);
    expect(parseId("+", 0n, false)?.id).toBe(ID_MAX);
    expect(parseId("+", 0n, true)).toBeNull();
    expect(parseId("3", 9n, false)?.id).toBe(makeId(3n, 9n));
    expect(parseId("3-*", 0n, true, true)).toEqual({ id: makeId(3n, 0n), seqGiven: false });
    expect(parseId("3-*", 0n, true)).toBeNull();
    expect(parseId("4\x00junk", 0n, true)?.id).toBe(makeId(4n, 0n));
  });
  it("generates IDs from the instance clock, and the sequence within a millisecond", () => {
    server.advance(1_000);
    const now = Math.floor(server.now());
    expect(run("XADD", "s", "*", "f", "v")).toEqual(bulk(`${now}-0`));
    expect(run("XADD", "s", "*", "f", "v")).toEqual(bulk(`${now}-1`));
    server.advance(5);
    expect(run("XADD", "s", "*", "f", "v")).toEqual(bulk(`${now + 5}-0`));
    run("XADD", "s", `${now + 100}-0`, "f", "v");
    expect(run("XADD", "s", "*", "f", "v")).toEqual(bulk(`${now + 100}-1`));
  });
});

describe("structure", () => {
  it("walks ranges across nodes, both ways, skipping deleted entries", () => {
    const s = new StreamValue();
    for (let i = 1; i <= 50; i++) s.append(makeId(BigInt(i), 0n), ["n", String(i)], { maxEntries: 7, maxBytes: 4096 });
    expect(s.nodeCount).toBe(8);
    for (let i = 1; i <= 50; i += 3) s.delete(makeId(BigInt(i), 0n));
    const want = Array.from({ length: 50 }, (_, i) => i + 1).filter((i) => (i - 1) % 3 !== 0);
    expect(s.range(ID_MIN, ID_MAX).map((e) => Number(e.id >> 64n))).toEqual(want);
    expect(s.revRange(ID_MIN, ID_MAX).map((e) => Number(e.id >> 64n))).toEqual([...want].reverse());
    expect(s.range(makeId(10n, 0n), makeId(20n, 0n), 3).map((e) => Number(e.id >> 64n))).toEqual([11, 12, 14]);
    expect(s.revRange(makeId(10n, 0n), makeId(20n, 0n), 3).map((e) => Number(e.id >> 64n))).toEqual([20, 18, 17]);
    expect(s.length).toBe(want.length);
  });
  it("drops a node whose entries are all deleted", () => {
    const s = new StreamValue();
    for (let i = 1; i <= 4; i++) s.append(makeId(BigInt(i), 0n), ["a", "b"], { maxEntries: 2, maxBytes: 4096 });
    s.delete(makeId(1n, 0n));
    s.delete(makeId(2n, 0n));
    expect(s.nodeCount).toBe(1);
  });
});

describe("commands", () => {
  it("emits the keyspace events Redis 7.0 emits", () => {
    run("CONFIG", "SET", "notify-keyspace-events", "KEA");
    run("XADD", "s", "1-1", "a", "b");
    run("XADD", "s", "MAXLEN", "1", "1-2", "a", "b");
    run("XDEL", "s", "1-2");
    run("XTRIM", "s", "MAXLEN", "0");
    run("XSETID", "s", "5-0");
    run("XGROUP", "CREATE", "s", "g", "$");
    run("XGROUP", "SETID", "s", "g", "0");
    run("XGROUP", "CREATECONSUMER", "s", "g", "c");
    run("XGROUP", "DELCONSUMER", "s", "g", "c");
    run("XGROUP", "DESTROY", "s", "g");
    expect(events).toEqual([
      "xadd:s",
      "xadd:s",
      "xtrim:s",
      "xdel:s",
      "xsetid:s",
      "xgroup-create:s",
      "xgroup-setid:s",
      "xgroup-createconsumer:s",
      "xgroup-delconsumer:s",
      "xgroup-destroy:s",
    ]);
    expect(run("EXISTS", "s")).toEqual(int(1)); // an empty stream stays
  });

  it("copies a stream with its groups, and shows it in the inspector", () => {
    run("XADD", "s", "1-1", "a", "b");
    run("XGROUP", "CREATE", "s", "g", "0");
    run("XREADGROUP", "GROUP", "g", "c", "STREAMS", "s", ">");
    run("COPY", "s", "t");
    run("XACK", "s", "g", "1-1");
    expect(wire("XPENDING", "t", "g")).toBe("*4\r\n:1\r\n$3\r\n1-1\r\n$3\r\n1-1\r\n*1\r\n*2\r\n$1\r\nc\r\n$1\r\n1\r\n");
    expect(wire("XPENDING", "s", "g")).toBe("*4\r\n:0\r\n$-1\r\n$-1\r\n*-1\r\n");
    expect(inspectKey(server, 0, "t")).toMatchObject({ type: "stream", encoding: "stream", length: 1, value: { type: "stream", entries: [["1-1", ["a", "b"]]] } });
    expect(run("TYPE", "t")).toEqual({ t: "simple", v: "stream" });
  });

  it("measures idle times on the instance clock and claims by them", () => {
    run("XADD", "s", "1-0", "a", "1");
    run("XADD", "s", "2-0", "a", "2");
    run("XGROUP", "CREATE", "s", "g", "0");
    run("XREADGROUP", "GROUP", "g", "alice", "STREAMS", "s", ">");
    server.advance(500);
    expect(wire("XPENDING", "s", "g", "-", "+", "10")).toBe(
      "*2\r\n*4\r\n$3\r\n1-0\r\n$5\r\nalice\r\n:500\r\n:1\r\n*4\r\n$3\r\n2-0\r\n$5\r\nalice\r\n:500\r\n:1\r\n",
    );
    expect(wire("XPENDING", "s", "g", "IDLE", "600", "-", "+", "10")).toBe("*0\r\n");
    expect(wire("XCLAIM", "s", "g", "bob", "600", "1-0", "JUSTID")).toBe("*0\r\n");
    expect(wire("XCLAIM", "s", "g", "bob", "400", "1-0", "JUSTID")).toBe("*1\r\n$3\r\n1-0\r\n");
    server.advance(100);
    expect(wire("XAUTOCLAIM", "s", "g", "bob", "550", "0", "JUSTID")).toBe("*3\r\n$3\r\n0-0\r\n*1\r\n$3\r\n2-0\r\n*0\r\n");
    expect(wire("XPENDING", "s", "g", "-", "+", "10")).toBe(
      "*2\r\n*4\r\n$3\r\n1-0\r\n$3\r\nbob\r\n:100\r\n:1\r\n*4\r\n$3\r\n2-0\r\n$3\r\nbob\r\n:0\r\n:1\r\n", // JUSTID leaves the counts
    );
    server.advance(42);
    expect(wire("XINFO", "CONSUMERS", "s", "g")).toBe(
      "*2\r\n*6\r\n$4\r\nname\r\n$5\r\nalice\r\n$7\r\npending\r\n:0\r\n$4\r\nidle\r\n:642\r\n*6\r\n$4\r\nname\r\n$3\r\nbob\r\n$7\r\npending\r\n:2\r\n$4\r\nidle\r\n:42\r\n",
    );
  });
});

describe("blocking reads", () => {
  const got: Reply[] = [];
  const conn = () => {
    const b = server.connect();
    b.onDeferredReply = (r) => got.push(r);
    return b;
  };
  beforeEach(() => {
    got.length = 0;
  });

  it("XREAD BLOCK waits for an entry past its ID, then times out on the clock", () => {
    const b = conn();
    expect(b.send(["XREAD", "BLOCK", "100", "STREAMS", "s", "$"])).toBe(BLOCKED);
    run("XADD", "s", "1-0", "f", "v");
    expect(got.map((r) => encodeReply(r, 2))).toEqual(["*1\r\n*2\r\n$1\r\ns\r\n*1\r\n*2\r\n$3\r\n1-0\r\n*2\r\n$1\r\nf\r\n$1\r\nv\r\n"]);
    expect(b.send(["XREAD", "BLOCK", "100", "STREAMS", "s", "5-0"])).toBe(BLOCKED);
    run("XADD", "s", "2-0", "f", "v"); // not past 5-0: still waiting
    expect(got).toHaveLength(1);
    server.advance(101);
    expect(got[1]).toEqual({ t: "nullarray" });
  });

  it("XREADGROUP BLOCK is told when its group is destroyed", () => {
    run("XGROUP", "CREATE", "s", "g", "$", "MKSTREAM");
    const b = conn();
    expect(b.send(["XREADGROUP", "GROUP", "g", "c", "BLOCK", "0", "STREAMS", "s", ">"])).toBe(BLOCKED);
    run("XGROUP", "DESTROY", "s", "g");
    expect(got[0]).toEqual({ t: "error", v: "NOGROUP the consumer group this client was blocked on no longer exists" });
  });
});
