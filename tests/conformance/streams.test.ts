/**
 * Streams on the engine and on redis-server 7.0, side by side: ID parsing and the monotonic
 * rule, trimming (exact and "~" by node), ranges, XREAD, consumer groups across sessions
 * (deliver, "crash", XPENDING, XCLAIM/XAUTOCLAIM with MIN-IDLE-TIME 0), XINFO, blocking
 * reads, and a seeded random sequence mixing streams with other types. IDs are explicit
 * except where a generated ID is normalised (exemptions.streamId).
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { Differential, describeMismatches, type Case, type Mismatch, type Pending } from "../support/differential";
import { Gen, seeds } from "../support/random-commands";
import { exemptions } from "./exemptions";

let d: Differential;
beforeAll(async () => {
  d = await Differential.start();
});
afterAll(async () => d?.stop());
beforeEach(async () => d.reset());

const ok = (ms: Mismatch[]) => expect(ms, describeMismatches(ms)).toEqual([]);
const compare = async (...cases: (string[] | Case)[]) => ok(await d.compare(cases));
const utf8 = (s: string) => Buffer.from(s, "utf8").toString("latin1");
const BIN = "b\x00\r\n\xff";

async function finish(...ps: Pending[]): Promise<void> {
  const ms: Mismatch[] = [];
  for (const p of ps) ms.push(...(await d.finish(p)));
  ok(ms);
}

describe("XADD and IDs", () => {
  it("parses IDs and enforces the monotonic rule", async () => {
    await compare(
      ["XADD", "s", "1-1", "f", "v"],
      ["XADD", "s", "1-1", "f", "v"],
      ["XADD", "s", "1-0", "f", "v"],
      ["XADD", "s", "1", "f", "v"],
      ["XADD", "s", "1-*", "f", "v"],
      ["XADD", "s", "2-*", "f", "v"],
      ["XADD", "s", "2-*", "f", "v"],
      ["XADD", "s", "0-0", "f", "v"],
      ["XADD", "s", "0", "f", "v"],
      ["XADD", "s", "0-*", "f", "v"],
      ["XADD", "t", "0-*", "f", "v"],
      ["XADD", "u", "0-0", "f", "v"],
      ["EXISTS", "u"],
      ["XADD", "s", "-", "f", "v"],
      ["XADD", "s", "+", "f", "v"],
      ["XADD", "s", "abc", "f", "v"],
      ["XADD", "s", "3-x", "f", "v"],
      ["XADD", "s", "3-", "f", "v"],
      ["XADD", "s", "-3", "f", "v"],
      ["XADD", "s", " 4", "f", "v"],
      ["XADD", "s", "+5", "f", "v"],
      ["XADD", "s", "6-+1", "f", "v"],
      ["XADD", "s", "7\x00-9", "f", "v"],
      ["XADD", "s", "18446744073709551615-18446744073709551614", "f", "v"],
      ["XADD", "s", "18446744073709551615-*", "f", "v"],
      ["XADD", "s", "18446744073709551615-*", "f", "v"],
      ["XADD", "s", "*", "f", "v"],
      ["XADD", "s2", "18446744073709551616-1", "f", "v"],
      ["XADD", "s2", "-18446744073709551615", "f", "v"],
      ["XADD", "s2", "9".repeat(130), "f", "v"],
      ["XRANGE", "s", "-", "+"],
      ["XRANGE", "s2", "-", "+"],
      ["XLEN", "s"],
      ["TYPE", "s"],
      ["OBJECT", "ENCODING", "s"],
    );
  });

  it("checks arity, options and types", async () => {
    await compare(
      ["XADD", "s", "1-1", "f"],
      ["XADD", "s", "1-1"],
      ["XADD", "s", "1-1", "f", "v", "g"],
      ["XADD", "s", "NOMKSTREAM", "1-1", "f", "v"],
      ["EXISTS", "s"],
      ["XADD", "s", "MAXLEN", "-1", "1-1", "f", "v"],
      ["XADD", "s", "MAXLEN", "x", "1-1", "f", "v"],
      ["XADD", "s", "MAXLEN", "1", "MINID", "1", "1-1", "f", "v"],
      ["XADD", "s", "LIMIT", "5", "1-1", "f", "v"],
      ["XADD", "s", "MAXLEN", "5", "LIMIT", "5", "1-1", "f", "v"],
      ["XADD", "s", "MAXLEN", "~", "5", "LIMIT", "-1", "1-1", "f", "v"],
      ["XADD", "s", "MINID", "x", "1-1", "f", "v"],
      ["XADD", "s", "MINID", "-", "1-1", "f", "v"],
      ["XADD", "s", "MAXLEN", "=", "1", "1-1", BIN, utf8("日本")],
      ["XADD", "s", "MAXLEN", "~", "1", "LIMIT", "0", "2-1", "a", ""],
      ["XADD", "s", "nomkstream", "maxlen", "1", "3-1", "a", "b"],
      ["XRANGE", "s", "-", "+"],
      ["SET", "str", "x"],
      ["XADD", "str", "1-1", "f", "v"],
      ["XLEN", "str"],
      ["XRANGE", "str", "-", "+"],
      ["XLEN", "nosuch"],
      ["XADD", "s", "MAXLEN"],
      ["XADD", "s", "MAXLEN", "1"],
      ["XADD", "s", "bogus", "f", "v"],
    );
  });
});

describe("ranges", () => {
  it("XRANGE / XREVRANGE with bounds, exclusive bounds and COUNT", async () => {
    const adds = Array.from({ length: 12 }, (_, i) => ["XADD", "s", `${Math.floor(i / 3) + 1}-${i % 3}`, "n", String(i)]);
    await compare(
      ...adds,
      ["XRANGE", "s", "-", "+"],
      ["XRANGE", "s", "2", "3"],
      ["XRANGE", "s", "2-1", "3-1"],
      ["XRANGE", "s", "(2-1", "(3-1"],
      ["XRANGE", "s", "(2", "+"],
      ["XRANGE", "s", "(-", "+"],
      ["XRANGE", "s", "-", "(+"],
      ["XRANGE", "s", "(18446744073709551615-18446744073709551615", "+"],
      ["XRANGE", "s", "-", "(0-0"],
      ["XRANGE", "s", "(", "+"],
      ["XRANGE", "s", "-", "+", "COUNT", "2"],
      ["XRANGE", "s", "-", "+", "COUNT", "0"],
      ["XRANGE", "s", "-", "+", "COUNT", "-3"],
      ["XRANGE", "s", "-", "+", "COUNT", "x"],
      ["XRANGE", "s", "-", "+", "COUNT"],
      ["XRANGE", "s", "-", "+", "FOO", "1"],
      ["XRANGE", "s", "x", "+"],
      ["XRANGE", "s", "3", "2"],
      ["XREVRANGE", "s", "+", "-"],
      ["XREVRANGE", "s", "3", "2", "COUNT", "4"],
      ["XREVRANGE", "s", "(3-1", "(2-1"],
      ["XREVRANGE", "s", "-", "+"],
      ["XREVRANGE", "s", "+", "-", "COUNT", "0"],
      ["XRANGE", "nosuch", "-", "+"],
      ["XRANGE", "nosuch", "-", "+", "COUNT", "0"],
      ["XDEL", "s", "2-1", "2-1", "9-9", "1-0"],
      ["XDEL", "s", "x"],
      ["XDEL", "s", "+"],
      ["XDEL", "nosuch", "1-1"],
      ["XRANGE", "s", "-", "+", "COUNT", "3"],
      ["XREVRANGE", "s", "+", "-", "COUNT", "3"],
      ["XLEN", "s"],
    );
  });
});

describe("trimming", () => {
  it("exact and approximate MAXLEN / MINID, with small nodes", async () => {
    await compare(["CONFIG", "SET", "stream-node-max-entries", "4"]);
    const adds = (key: string) => Array.from({ length: 15 }, (_, i) => ["XADD", key, `${i + 1}-0`, "f", String(i)]);
    await compare(
      ...adds("s"),
      ["XTRIM", "s", "MAXLEN", "~", "10"],
      ["XLEN", "s"],
      ["XTRIM", "s", "MAXLEN", "~", "9"],
      ["XTRIM", "s", "MAXLEN", "10"],
      ["XRANGE", "s", "-", "+", "COUNT", "1"],
      ["XTRIM", "s", "MINID", "~", "9"],
      ["XTRIM", "s", "MINID", "9"],
      ["XTRIM", "s", "MINID", "=", "9"],
      ["XRANGE", "s", "-", "+"],
      { cmd: ["XINFO", "STREAM", "s"], norm: idleNorm },
      ...adds("t"),
      ["XTRIM", "t", "MAXLEN", "~", "0", "LIMIT", "5"],
      ["XTRIM", "t", "MAXLEN", "~", "0", "LIMIT", "4"],
      ["XTRIM", "t", "MAXLEN", "0"],
      { cmd: ["XINFO", "STREAM", "t"], norm: idleNorm },
      ["XTRIM", "t"],
      ["XTRIM", "t", "LIMIT", "1"],
      ["XTRIM", "t", "MAXLEN", "1", "LIMIT", "1"],
      ["XTRIM", "t", "MAXLEN", "1", "MINID", "1"],
      ["XTRIM", "t", "MAXLEN", "-1"],
      ["XTRIM", "t", "FOO"],
      ["XTRIM", "nosuch", "MAXLEN", "1"],
      ["XTRIM", "nosuch", "FOO"],
      ["SET", "str", "x"],
      ["XTRIM", "str", "MAXLEN", "1"],
      ["XADD", "u", "MAXLEN", "2", "1-1", "a", "b"],
      ["XADD", "u", "MAXLEN", "2", "1-2", "a", "b"],
      ["XADD", "u", "MAXLEN", "2", "1-3", "a", "b"],
      ["XADD", "u", "MINID", "1-3", "1-4", "a", "b"],
      ["XRANGE", "u", "-", "+"],
      ["XDEL", "u", "1-3", "1-4"],
      { cmd: ["XINFO", "STREAM", "u"], norm: idleNorm },
      ["XADD", "u", "1-5", "a", "b"],
      { cmd: ["XINFO", "STREAM", "u"], norm: idleNorm },
    );
  });
});

describe("XSETID", () => {
  it("moves the last ID and the counters, with its checks", async () => {
    await compare(
      ["XSETID", "s", "5-5"],
      ["XADD", "s", "5-5", "a", "b"],
      ["XADD", "s", "6-0", "a", "b"],
      ["XSETID", "s", "5-9"],
      ["XSETID", "s", "6-0"],
      ["XSETID", "s", "7-0", "ENTRIESADDED", "1"],
      ["XSETID", "s", "7-0", "ENTRIESADDED", "-1"],
      ["XSETID", "s", "7-0", "ENTRIESADDED", "x"],
      ["XSETID", "s", "7-0", "MAXDELETEDID", "8-0"],
      ["XSETID", "s", "7-0", "MAXDELETEDID", "x"],
      ["XSETID", "s", "7-0", "ENTRIESADDED", "10", "MAXDELETEDID", "3-0"],
      ["XSETID", "s", "7-0", "FOO"],
      ["XSETID", "s", "x"],
      ["XSETID", "s", "-"],
      { cmd: ["XINFO", "STREAM", "s"], norm: idleNorm },
      ["XADD", "s", "7-0", "a", "b"],
      ["XADD", "s", "7-1", "a", "b"],
      ["SET", "str", "x"],
      ["XSETID", "str", "1-1"],
    );
  });
});

describe("XREAD", () => {
  it("reads after IDs from several streams, with its errors", async () => {
    await compare(
      ["XADD", "a", "1-1", "f", "1"],
      ["XADD", "a", "2-1", "f", "2"],
      ["XADD", "b", "3-1", "g", "3"],
      ["XREAD", "STREAMS", "a", "b", "0", "0"],
      ["XREAD", "COUNT", "1", "STREAMS", "a", "b", "0", "0"],
      ["XREAD", "STREAMS", "a", "b", "1-1", "3-1"],
      ["XREAD", "STREAMS", "a", "b", "2-1", "3-1"],
      ["XREAD", "STREAMS", "a", "b", "$", "$"],
      ["XREAD", "STREAMS", "a", "nosuch", "0", "0"],
      ["XREAD", "STREAMS", "a", "b", "0"],
      ["XREAD", "STREAMS", "a", ">"],
      ["XREAD", "STREAMS", "a", "-"],
      ["XREAD", "STREAMS", "a", "x"],
      ["XREAD", "COUNT", "x", "STREAMS", "a", "0"],
      ["XREAD", "COUNT", "-1", "STREAMS", "a", "0"],
      ["XREAD", "GROUP", "g", "c", "STREAMS", "a", "0"],
      ["XREAD", "NOACK", "STREAMS", "a", "0"],
      ["XREAD", "FOO", "STREAMS", "a", "0"],
      ["XREAD", "COUNT", "1"],
      ["XREAD", "BLOCK", "x", "STREAMS", "a", "0"],
      ["XREAD", "BLOCK", "-1", "STREAMS", "a", "0"],
      ["XREAD", "BLOCK", "10", "STREAMS", "a", "0"],
      ["SET", "str", "x"],
      ["XREAD", "STREAMS", "str", "0"],
      ["XREAD", "STREAMS", "str", "$"],
      ["XREAD", "STREAMS", "a", "str", "0", "0"],
      { cmd: ["HELLO", "3"], norm: exemptions.hello },
      ["XREAD", "STREAMS", "a", "b", "0", "0"],
      ["XRANGE", "a", "-", "+"],
    );
  });

  it("blocks until an XADD passes the ID, times out, and is refused inside MULTI", async () => {
    await compare(["XADD", "s", "5-0", "f", "v"]);
    const p1 = await d.start(["XREAD", "BLOCK", "0", "STREAMS", "s", "$"], "c1");
    const p2 = await d.start(["XREAD", "BLOCK", "0", "COUNT", "1", "STREAMS", "s", "t", "9-0", "0"], "c2");
    await compare(["XADD", "s", "6-0", "f", "w"]);
    await finish(p1);
    await compare(["XADD", "s", "10-0", "f", "x"], ["XADD", "s", "11-0", "f", "y"]);
    await finish(p2);
    const p3 = await d.start(["XREAD", "BLOCK", "0", "STREAMS", "t", "$"], "c3");
    await compare(["XADD", "t", "1-1", "a", "b"]);
    await finish(p3);
    const p4 = await d.start(["XREAD", "BLOCK", "50", "STREAMS", "s", "$"], "c4");
    await finish(p4);
    await compare(["MULTI"], ["XREAD", "BLOCK", "0", "STREAMS", "s", "$"], ["EXEC"]);
  });
});

describe("consumer groups", () => {
  it("XGROUP subcommands and their errors", async () => {
    await compare(
      ["XGROUP", "CREATE", "s", "g", "$"],
      ["XGROUP", "CREATE", "s", "g", "$", "MKSTREAM"],
      ["XGROUP", "CREATE", "s", "g", "$", "MKSTREAM"],
      ["XGROUP", "CREATE", "s", "g2", "0", "ENTRIESREAD", "-2"],
      ["XGROUP", "CREATE", "s", "g2", "0", "ENTRIESREAD", "x"],
      ["XGROUP", "CREATE", "s", "g2", "0", "FOO"],
      ["XGROUP", "CREATE", "s", "g2", "x"],
      ["XGROUP", "CREATE", "s", "g2", "0", "ENTRIESREAD", "3"],
      ["XGROUP", "SETID", "s", "g2", "0"],
      ["XGROUP", "SETID", "s", "g2", "$", "ENTRIESREAD", "2"],
      ["XGROUP", "SETID", "s", "g2", "$", "FOO"],
      ["XGROUP", "SETID", "s", "nog", "$"],
      ["XGROUP", "SETID", "nosuch", "g", "$"],
      ["XGROUP", "CREATECONSUMER", "s", "g", "alice"],
      ["XGROUP", "CREATECONSUMER", "s", "g", "alice"],
      ["XGROUP", "CREATECONSUMER", "s", "nog", "alice"],
      ["XGROUP", "DELCONSUMER", "s", "g", "bob"],
      ["XGROUP", "DELCONSUMER", "s", "g", "alice"],
      ["XGROUP", "DESTROY", "s", "g2"],
      ["XGROUP", "DESTROY", "s", "g2"],
      ["XGROUP", "DESTROY", "nosuch", "g2"],
      ["XGROUP", "FOO", "s", "g"],
      ["SET", "str", "x"],
      ["XGROUP", "CREATE", "str", "g", "$"],
      ["XINFO", "GROUPS", "s"],
      ["XINFO", "GROUPS", "nosuch"],
      ["XINFO", "GROUPS", "str"],
      ["XINFO", "CONSUMERS", "s", "nog"],
    );
  });

  it("XGROUP HELP and XINFO HELP, with their arity errors", async () => {
    await compare(
      ["XGROUP", "HELP"],
      ["XGROUP", "help"],
      ["XGROUP", "HELP", "extra"],
      ["XINFO", "HELP"],
      ["XINFO", "Help"],
      ["XINFO", "HELP", "extra"],
      ["XGROUP"],
      ["XINFO"],
    );
  });

  it("delivers, tracks pending entries, acknowledges, claims (two consumers)", async () => {
    const adds = Array.from({ length: 6 }, (_, i) => ["XADD", "s", `${i + 1}-0`, "f", String(i)]);
    await compare(...adds, ["XGROUP", "CREATE", "s", "g", "0"]);
    await compare(
      { cmd: ["XREADGROUP", "GROUP", "g", "alice", "COUNT", "2", "STREAMS", "s", ">"], client: "a" },
      { cmd: ["XREADGROUP", "GROUP", "g", "bob", "COUNT", "3", "STREAMS", "s", ">"], client: "b" },
      { cmd: ["XREADGROUP", "GROUP", "g", "alice", "STREAMS", "s", "0"], client: "a" },
      { cmd: ["XREADGROUP", "GROUP", "g", "alice", "COUNT", "1", "STREAMS", "s", "1-0"], client: "a" },
      ["XPENDING", "s", "g"],
      { cmd: ["XPENDING", "s", "g", "-", "+", "10"], norm: idleNorm },
      { cmd: ["XPENDING", "s", "g", "-", "+", "10", "bob"], norm: idleNorm },
      { cmd: ["XPENDING", "s", "g", "-", "+", "10", "nobody"], norm: idleNorm },
      { cmd: ["XPENDING", "s", "g", "(1-0", "(5-0", "10"], norm: idleNorm },
      { cmd: ["XPENDING", "s", "g", "IDLE", "0", "-", "+", "10"], norm: idleNorm },
      { cmd: ["XPENDING", "s", "g", "IDLE", "-", "+", "10"], norm: idleNorm },
      { cmd: ["XPENDING", "s", "g", "-", "+"], norm: idleNorm },
      { cmd: ["XPENDING", "s", "g", "-", "+", "x"], norm: idleNorm },
      { cmd: ["XPENDING", "s", "g", "x", "+", "1"], norm: idleNorm },
      ["XPENDING", "s", "nog"],
      ["XPENDING", "nosuch", "g"],
      ["XACK", "s", "g", "1-0", "9-0"],
      ["XACK", "s", "g", "x"],
      ["XACK", "s", "nog", "1-0"],
      ["XDEL", "s", "4-0"],
      { cmd: ["XREADGROUP", "GROUP", "g", "bob", "STREAMS", "s", "0"], client: "b" },
      ["XCLAIM", "s", "g", "carol", "0", "2-0", "3-0", "4-0", "JUSTID"],
      ["XCLAIM", "s", "g", "carol", "0", "5-0", "RETRYCOUNT", "7"],
      ["XCLAIM", "s", "g", "carol", "0", "6-0", "FORCE"],
      ["XCLAIM", "s", "g", "carol", "0", "6-0", "x"],
      ["XCLAIM", "s", "g", "carol", "x", "6-0"],
      ["XCLAIM", "s", "g", "carol", "0", "6-0", "IDLE", "x"],
      ["XCLAIM", "s", "g", "carol", "0", "6-0", "LASTID", "x"],
      ["XCLAIM", "s", "nog", "carol", "0", "6-0"],
      ["XCLAIM", "s", "g", "carol", "100000", "6-0"],
      ["XPENDING", "s", "g"],
      ["XDEL", "s", "2-0"],
      ["XAUTOCLAIM", "s", "g", "dave", "0", "0", "COUNT", "2"],
      ["XAUTOCLAIM", "s", "g", "dave", "0", "0", "COUNT", "2", "JUSTID"],
      ["XAUTOCLAIM", "s", "g", "dave", "0", "(3-0"],
      ["XAUTOCLAIM", "s", "g", "dave", "0", "0", "COUNT", "0"],
      ["XAUTOCLAIM", "s", "g", "dave", "x", "0"],
      ["XAUTOCLAIM", "s", "g", "dave", "0", "x"],
      ["XAUTOCLAIM", "s", "nog", "dave", "0", "0"],
      ["XAUTOCLAIM", "s", "g", "dave", "0", "0", "FOO"],
      ["XPENDING", "s", "g"],
      ["XINFO", "GROUPS", "s"],
      { cmd: ["XINFO", "CONSUMERS", "s", "g"], norm: idleNorm },
      ["XGROUP", "DELCONSUMER", "s", "g", "dave"],
      ["XPENDING", "s", "g"],
      { cmd: ["XREADGROUP", "GROUP", "g", "erin", "NOACK", "STREAMS", "s", ">"], client: "a" },
      ["XADD", "s", "7-0", "f", "7"],
      { cmd: ["XREADGROUP", "GROUP", "g", "erin", "NOACK", "STREAMS", "s", ">"], client: "a" },
      ["XINFO", "GROUPS", "s"],
      { cmd: ["XINFO", "STREAM", "s", "FULL"], norm: idleNorm },
      { cmd: ["XINFO", "STREAM", "s", "FULL", "COUNT", "1"], norm: idleNorm },
      { cmd: ["XINFO", "STREAM", "s", "FULL", "COUNT", "0"], norm: idleNorm },
      ["XINFO", "STREAM", "s", "FULL", "COUNT", "x"],
      ["XINFO", "STREAM", "s", "FULL", "FOO", "1"],
      ["XINFO", "STREAM", "s", "BAR"],
      ["XINFO", "STREAM", "nosuch"],
      ["XREADGROUP", "GROUP", "nog", "x", "STREAMS", "s", ">"],
      ["XREADGROUP", "GROUP", "g", "x", "STREAMS", "s", "$"],
      ["XREADGROUP", "GROUP", "g", "x", "STREAMS", "nosuch", ">"],
      ["XREADGROUP", "STREAMS", "s", ">"],
      ["XREADGROUP", "GROUP", "g", "x", "STREAMS", "s"],
    );
  });

  it("large PELs: scattered XACK, XDEL, XAUTOCLAIM walks and XPENDING ranges across many leaves", async () => {
    // 400 pending entries span several leaves of the PEL tree; deletions and acks hit the
    // middle of leaves and whole leaves, and XAUTOCLAIM follows its cursor to the end.
    const adds = Array.from({ length: 400 }, (_, i) => ["XADD", "s", `${i + 1}-0`, "f", String(i)]);
    await compare(...adds, ["XGROUP", "CREATE", "s", "g", "0"]);
    await compare(
      { cmd: ["XREADGROUP", "GROUP", "g", "alice", "COUNT", "250", "STREAMS", "s", ">"], client: "a" },
      { cmd: ["XREADGROUP", "GROUP", "g", "bob", "STREAMS", "s", ">"], client: "b" },
      ["XACK", "s", "g", ...Array.from({ length: 60 }, (_, i) => `${7 * i + 3}-0`)],
      ["XACK", "s", "g", ...Array.from({ length: 70 }, (_, i) => `${i + 100}-0`)],
      ["XDEL", "s", ...Array.from({ length: 40 }, (_, i) => `${9 * i + 5}-0`)],
      ["XPENDING", "s", "g"],
      { cmd: ["XPENDING", "s", "g", "-", "+", "30"], norm: idleNorm },
      { cmd: ["XPENDING", "s", "g", "(150-0", "+", "20", "alice"], norm: idleNorm },
      { cmd: ["XPENDING", "s", "g", "95", "175", "100", "bob"], norm: idleNorm },
    );
    const cases: (string[] | Case)[] = [];
    for (const start of ["0-0", "50-0", "123-0", "168-0", "240-0", "333-0", "399-0"]) {
      cases.push({ cmd: ["XAUTOCLAIM", "s", "g", "carol", "0", start, "COUNT", "25", "JUSTID"] });
    }
    cases.push(["XPENDING", "s", "g"], { cmd: ["XINFO", "STREAM", "s", "FULL", "COUNT", "0"], norm: idleNorm });
    cases.push(["XACK", "s", "g", ...Array.from({ length: 400 }, (_, i) => `${i + 1}-0`)], ["XPENDING", "s", "g"]);
    await compare(...cases);
  });

  it("tracks entries-read and lag through deletes", async () => {
    await compare(
      ["XADD", "s", "1-0", "a", "1"],
      ["XADD", "s", "2-0", "a", "2"],
      ["XADD", "s", "3-0", "a", "3"],
      ["XGROUP", "CREATE", "s", "g", "0"],
      ["XGROUP", "CREATE", "s", "h", "$"],
      ["XINFO", "GROUPS", "s"],
      ["XREADGROUP", "GROUP", "g", "c", "COUNT", "1", "STREAMS", "s", ">"],
      ["XINFO", "GROUPS", "s"],
      ["XDEL", "s", "2-0"],
      ["XINFO", "GROUPS", "s"],
      ["XREADGROUP", "GROUP", "g", "c", "COUNT", "1", "STREAMS", "s", ">"],
      ["XINFO", "GROUPS", "s"],
      ["XADD", "s", "4-0", "a", "4"],
      ["XINFO", "GROUPS", "s"],
      ["XGROUP", "SETID", "s", "h", "0"],
      ["XINFO", "GROUPS", "s"],
      ["XTRIM", "s", "MAXLEN", "0"],
      ["XINFO", "GROUPS", "s"],
      { cmd: ["XINFO", "STREAM", "s"], norm: idleNorm },
    );
  });

  it("blocks XREADGROUP until new entries arrive", async () => {
    await compare(["XGROUP", "CREATE", "s", "g", "$", "MKSTREAM"]);
    const p1 = await d.start(["XREADGROUP", "GROUP", "g", "a", "BLOCK", "0", "STREAMS", "s", ">"], "c1");
    const p2 = await d.start(["XREADGROUP", "GROUP", "g", "b", "BLOCK", "0", "STREAMS", "s", ">"], "c2");
    await compare(["XADD", "s", "1-0", "f", "v"]);
    await finish(p1);
    await compare(["XADD", "s", "2-0", "f", "v"]);
    await finish(p2);
    await compare(["XPENDING", "s", "g"]);
  });
});

/** Idle times and seen times in ms: both sides are measured at slightly different instants. */
const idleNorm = exemptions.streamTimes;

describe("XINFO STREAM radix-tree-nodes", () => {
  // One entry per node, so every XADD adds a rax key; IDs chosen so keys part at many
  // different bytes (ms high and low bytes, the sequence), then removals from the head, the
  // tail and the middle make rax split and re-merge its compressed nodes.
  const info = (key: string): string[] => ["XINFO", "STREAM", key];
  const ms = [0n, 1n, 2n, 255n, 256n, 257n, 65535n, 65536n, 1n << 24n, (1n << 24n) + 1n, 1n << 40n, 1700000000000n, 1700000000001n, 1700000065536n, (1n << 63n) + 5n, (1n << 64n) - 1n];

  it("follows inserts that part at every byte position", async () => {
    const cases: string[][] = [["CONFIG", "SET", "stream-node-max-entries", "1"]];
    for (const m of ms)
      for (const seq of [0n, 1n, 256n, 1n << 40n]) {
        cases.push(["XADD", "s", `${m}-${seq}`, "f", "v"], info("s"));
      }
    await compare(...cases);
  });

  it("follows removals from the head, the tail and the middle", async () => {
    const cases: string[][] = [["CONFIG", "SET", "stream-node-max-entries", "2"]];
    const ids: string[] = [];
    for (const m of ms) for (const seq of [0n, 7n, 300n]) ids.push(`${m}-${seq}`);
    for (const id of ids) cases.push(["XADD", "s", id, "f", "v"]);
    cases.push(info("s"));
    // Middle nodes go when both their entries are deleted.
    for (let i = 10; i < 30; i += 3) cases.push(["XDEL", "s", ids[i], ids[i + 1]], info("s"));
    cases.push(["XDEL", "s", ids[ids.length - 1], ids[ids.length - 2]], info("s"));
    cases.push(["XTRIM", "s", "MAXLEN", "~", "20"], info("s"));
    cases.push(["XTRIM", "s", "MINID", "~", `${1n << 40n}-0`], info("s"));
    cases.push(["XTRIM", "s", "MAXLEN", "1"], info("s"));
    cases.push(["XDEL", "s", ids[ids.length - 3]], info("s"));
    await compare(...cases);
  });

  for (const seed of seeds(4, 7000)) {
    it(`random inserts and deletions (seed ${seed})`, async () => {
      const g = new Gen(seed);
      const cases: string[][] = [["CONFIG", "SET", "stream-node-max-entries", String(g.int(1, 3))]];
      let m = 0n;
      const live: string[] = [];
      for (let i = 0; i < 250; i++) {
        if (g.chance(0.6) || live.length === 0) {
          // Steps of every scale, so consecutive master IDs share prefixes of every length.
          m += g.pick([1n, 3n, 200n, 256n, 70000n, 1n << 30n, 1n << 45n]);
          const id = `${m}-${g.pick(["0", "1", "65536"])}`;
          live.push(id);
          cases.push(["XADD", "s", id, "f", "v"]);
        } else if (g.chance(0.8)) {
          const j = g.int(0, live.length - 1);
          cases.push(["XDEL", "s", live[j]]);
          live.splice(j, 1);
        } else {
          cases.push(["XTRIM", "s", "MAXLEN", ...(g.chance(0.5) ? ["~"] : []), String(g.int(0, live.length))]);
          live.splice(0, live.length - Number(cases[cases.length - 1].at(-1)));
        }
        if (i % 5 === 4) cases.push(info("s"));
      }
      cases.push(info("s"));
      await compare(...cases);
    });
  }
});

describe("random sequences", () => {
  const ids = ["0", "1", "1-0", "1-1", "2", "2-5", "3-0", "5", "(1-0", "(2", "-", "+", "$", ">", "x", "18446744073709551615-18446744073709551615"];
  let tick = 0;
  function step(g: Gen): string[] {
    const key = g.key(4);
    // XADD IDs mostly rise, so streams grow; sometimes one repeats or goes back.
    const addId = () => (g.chance(0.8) ? `${++tick >> 1}-${g.int(0, 2)}` : newId());
    const id = () => (g.chance(0.4) ? `${g.chance(0.2) ? "(" : ""}${g.int(0, (tick >> 1) + 1)}` : g.pick(ids));
    const newId = () => (g.chance(0.1) ? g.pick(["0-0", "x", "1-*", "0-*"]) : `${g.int(0, (tick >> 1) + 2)}-${g.int(0, 3)}`);
    const field = () => (g.chance(0.8) ? g.pick(["f", "g", "h"]) : g.value());
    switch (g.int(0, 18)) {
      case 0:
      case 1:
      case 2: {
        const opts = g.chance(0.3) ? g.pick([["MAXLEN", g.num(0, 5)], ["MAXLEN", "~", g.num(0, 5)], ["MINID", newId()], ["NOMKSTREAM"]]) : [];
        const fields = Array.from({ length: g.int(1, 3) }, () => [field(), g.value()]).flat();
        return ["XADD", key, ...opts, addId(), ...fields];
      }
      case 3:
        return ["XRANGE", key, id(), id(), ...(g.chance(0.4) ? ["COUNT", g.num(-1, 5)] : [])];
      case 4:
        return ["XREVRANGE", key, id(), id(), ...(g.chance(0.4) ? ["COUNT", g.num(-1, 5)] : [])];
      case 5:
        return ["XDEL", key, ...Array.from({ length: g.int(1, 3) }, newId)];
      case 6:
        return ["XTRIM", key, g.pick(["MAXLEN", "MINID"]), ...(g.chance(0.3) ? [g.pick(["~", "="])] : []), g.chance(0.5) ? g.num(0, 6) : newId()];
      case 7:
        return ["XLEN", key];
      case 8:
        return ["XREAD", ...(g.chance(0.3) ? ["COUNT", g.num(0, 3)] : []), "STREAMS", key, g.key(4), id(), id()];
      case 9:
      case 18:
        return ["XGROUP", "CREATE", key, g.pick(["g1", "g2"]), g.pick(["0", "$", "2-0", "x"]), ...(g.chance(0.5) ? ["MKSTREAM"] : [])];
      case 10:
        return ["XREADGROUP", "GROUP", g.pick(["g1", "g2"]), g.pick(["alice", "bob"]), ...(g.chance(0.3) ? ["COUNT", g.num(0, 3)] : []), "STREAMS", key, g.chance(0.7) ? ">" : id()];
      case 11:
        return ["XACK", key, g.pick(["g1", "g2"]), ...Array.from({ length: g.int(1, 3) }, newId)];
      case 12:
        return ["XPENDING", key, g.pick(["g1", "g2"]), ...(g.chance(0.5) ? ["-", "+", g.num(0, 5)] : [])];
      case 13:
        return ["XCLAIM", key, g.pick(["g1", "g2"]), g.pick(["alice", "carol"]), "0", newId(), newId(), ...(g.chance(0.3) ? ["JUSTID"] : [])];
      case 14:
        return ["XAUTOCLAIM", key, g.pick(["g1", "g2"]), g.pick(["bob", "carol"]), "0", id(), "COUNT", g.num(1, 3)];
      case 15:
        return ["XINFO", g.pick(["STREAM", "GROUPS"]), key];
      case 16:
        // Other types only on k3, so WRONGTYPE paths run while the other keys stay streams.
        return g.pick([["SET", "k3", "v"], ["DEL", key], ["LPUSH", "k3", "a"], ["XGROUP", "DESTROY", key, "g1"], ["XSETID", key, newId()]]);
      default:
        return ["XGROUP", g.pick(["CREATECONSUMER", "DELCONSUMER"]), key, g.pick(["g1", "g2"]), g.pick(["alice", "bob", "carol"])];
    }
  }

  for (const seed of seeds(6)) {
    it(`seed ${seed}`, async () => {
      const g = new Gen(seed);
      tick = 0;
      const cases: Case[] = [];
      if (seed % 2) cases.push({ cmd: ["CONFIG", "SET", "stream-node-max-entries", String(g.int(1, 5))] });
      for (let i = 0; i < 300; i++) {
        const cmd = step(g);
        cases.push({ cmd, norm: cmd[0] === "XPENDING" || cmd[0] === "XINFO" ? idleNorm : undefined });
      }
      ok(await d.compare(cases));
    });
  }
});
