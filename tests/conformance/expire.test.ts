/**
 * Differential tests for the expiry commands and for expiry itself (lazy and active), against
 * a real redis-server 7.0.15. Instants are absolute where a reply would show them, so both
 * sides agree to the millisecond; relative TTLs read back through the ttlSign exemption.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { Differential, describeMismatches, type Case } from "../support/differential";
import { exemptions } from "./exemptions";
import { Rng } from "../../engine/rng";

let d: Differential;
beforeAll(async () => {
  d = await Differential.start();
});
afterAll(async () => d?.stop());
beforeEach(async () => d.reset());

const expectSame = async (cases: (Case | string[])[]) => {
  const ms = await d.compare(cases);
  expect(ms, describeMismatches(ms)).toEqual([]);
};
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const sign = (cmd: string[]): Case => ({ cmd, norm: exemptions.ttlSign });
/** An absolute instant well in the future, in ms and in s, the same for both servers. */
const FUTURE_MS = 4_102_444_800_000; // 2100-01-01
const FUTURE_S = FUTURE_MS / 1000;

describe("EXPIRE, PEXPIRE, EXPIREAT, PEXPIREAT", () => {
  it("set TTLs that read back exactly", async () => {
    await expectSame([
      ["SET", "k", "v"],
      ["EXPIREAT", "k", String(FUTURE_S)],
      ["TTL", "nokey"],
      ["EXPIRETIME", "k"],
      ["PEXPIRETIME", "k"],
      ["PEXPIREAT", "k", String(FUTURE_MS + 1499)],
      ["EXPIRETIME", "k"],
      ["PEXPIREAT", "k", String(FUTURE_MS + 1500)],
      ["EXPIRETIME", "k"],
      ["PEXPIRETIME", "k"],
      ["EXPIRE", "k", "100"],
      ["TTL", "k"],
      sign(["PTTL", "k"]),
      sign(["EXPIRETIME", "k"]),
      ["PEXPIRE", "k", "1400"],
      ["TTL", "k"],
      ["PEXPIRE", "k", "1600"],
      ["TTL", "k"],
      ["EXPIRE", "nokey", "10"],
      ["PEXPIRE", "nokey", "10"],
      ["EXPIREAT", "nokey", "10"],
      ["PEXPIREAT", "nokey", "10"],
    ]);
  });

  it("delete the key for an instant not in the future", async () => {
    const cases: string[][] = [];
    for (const [cmd, arg] of [
      ["EXPIRE", "0"],
      ["EXPIRE", "-1"],
      ["PEXPIRE", "0"],
      ["PEXPIRE", "-100"],
      ["EXPIREAT", "1"],
      ["EXPIREAT", "0"],
      ["PEXPIREAT", "1000"],
      ["EXPIREAT", "-9223372036854775"],
      ["PEXPIREAT", "-9223372036854775808"],
      ["EXPIRE", "-9223372036854775"],
    ]) {
      cases.push(["SET", "k", "v"], [cmd, "k", arg], ["EXISTS", "k"]);
    }
    await expectSame(cases);
  });

  it("apply NX, XX, GT and LT", async () => {
    const at = (s: number) => ["EXPIREAT", "k", String(FUTURE_S + s)];
    await expectSame([
      ["SET", "k", "v"],
      [...at(100), "XX"],
      [...at(100), "GT"],
      [...at(100), "LT"],
      ["EXPIRETIME", "k"],
      ["PERSIST", "k"],
      [...at(100), "NX"],
      [...at(200), "NX"],
      [...at(200), "XX"],
      [...at(50), "GT"],
      [...at(200), "GT"],
      [...at(200), "gt"],
      [...at(300), "Gt"],
      [...at(300), "LT"],
      [...at(250), "lt", "xx"],
      [...at(250), "XX", "LT"],
      ["EXPIRETIME", "k"],
      ["EXPIRE", "k", "-1", "GT"],
      ["EXISTS", "k"],
      ["EXPIRE", "k", "-1", "LT"],
      ["EXISTS", "k"],
      ["SET", "k", "v"],
      ["EXPIREAT", "k", "1", "GT"],
      ["EXPIREAT", "k", "1", "NX", "NX"],
      ["EXISTS", "k"],
    ]);
  });

  it("check options before numbers, with Redis' messages", async () => {
    await expectSame([
      ["SET", "k", "v"],
      ["EXPIRE", "k", "abc", "NX", "XX"],
      ["EXPIRE", "k", "10", "NX", "GT"],
      ["EXPIRE", "k", "10", "NX", "LT"],
      ["EXPIRE", "k", "10", "xx", "gt", "lt"],
      ["EXPIRE", "k", "10", "GT", "LT"],
      ["PEXPIRE", "k", "abc", "foo"],
      ["EXPIREAT", "k", "10", "NX", "bar"],
      ["PEXPIREAT", "k", "10", "a\r\nb"],
      ["EXPIRE", "k", "10", "a\0b"],
      ["EXPIRE", "k", "10", ""],
      ["EXPIRE", "nokey", "abc"],
      ...["abc", "1.5", "", " 1", "1 ", "+1", "01", "-0", "0x10", "1e3", "9223372036854775808", "-9223372036854775809"].map(
        (n) => ["EXPIRE", "k", n],
      ),
      ["TTL", "k"],
      ["EXPIRE", "k"],
      ["PEXPIREAT", "k"],
      ["TTL"],
      ["TTL", "k", "k"],
      ["PERSIST"],
      ["EXPIRETIME"],
    ]);
  });

  it("refuse instants that overflow, and keep far ones exact", async () => {
    await expectSame([
      ["SET", "k", "v"],
      ["EXPIRE", "k", "9223372036854775807"],
      ["EXPIRE", "k", "9223372036854775"],
      ["EXPIRE", "k", "-9223372036854776"],
      ["PEXPIRE", "k", "9223372036854775807"],
      ["EXPIREAT", "k", "9223372036854776"],
      ["pexpire", "k", "9223372036854775000"],
      ["EXPIRE", "k", "9223370000000000"],
      ["TTL", "k"],
      ["EXPIREAT", "k", "9223372036854775"],
      ["EXPIRETIME", "k"],
      ["PEXPIRETIME", "k"],
      ["PEXPIREAT", "k", "9223372036854775807"],
      ["PEXPIRETIME", "k"],
      ["EXPIRETIME", "k"],
      ["PEXPIREAT", "k", "9007199254740993"],
      ["PEXPIRETIME", "k"],
      ["EXPIRETIME", "k"],
      ["PEXPIREAT", "k", "9223372036854775300"],
      ["EXPIRETIME", "k"],
      ["RENAME", "k", "k2"],
      ["PEXPIRETIME", "k2"],
      ["COPY", "k2", "k3", "DB", "2"],
      ["MOVE", "k2", "1"],
      ["SELECT", "1"],
      ["PEXPIRETIME", "k2"],
      ["SELECT", "2"],
      ["PEXPIRETIME", "k3"],
      ["EXISTS", "k2"],
    ]);
  });
});

describe("PERSIST and the TTL family on plain keys", () => {
  it("follow the -1/-2 rules", async () => {
    await expectSame([
      ["SET", "k", "v"],
      ...["TTL", "PTTL", "EXPIRETIME", "PEXPIRETIME"].flatMap((cmd) => [
        [cmd, "k"],
        [cmd, "nokey"],
      ]),
      ["PERSIST", "k"],
      ["PERSIST", "nokey"],
      ["EXPIREAT", "k", String(FUTURE_S)],
      ["PERSIST", "k"],
      ["PERSIST", "k"],
      ["TTL", "k"],
      ["SET", "k", "v", "EX", "100"],
      ["SET", "k", "w"],
      ["TTL", "k"],
    ]);
  });
});

describe("expiry over real time", () => {
  it("hides and reaps keys lazily once their time has passed", async () => {
    await expectSame([
      ["SET", "a", "v", "PX", "50"],
      ["SET", "b", "v"],
      ["PEXPIRE", "b", "50"],
      ["SET", "c", "v", "PX", "100000"],
    ]);
    await sleep(80);
    await expectSame([
      ["GET", "a"],
      ["TTL", "b"],
      ["EXISTS", "a", "b", "c"],
      ["TYPE", "a"],
      ["PERSIST", "b"],
      ["RENAME", "a", "x"],
      sign(["TTL", "c"]),
      ["DBSIZE"],
    ]);
  });

  it("removes expired keys actively, untouched, as the real cron does", async () => {
    // Interleaved so the sweep meets expired and live keys in every batch.
    const rng = new Rng(99);
    const setup: string[][] = [];
    for (let i = 0; i < 300; i++) {
      const kind = rng.below(3);
      if (kind === 0) setup.push(["SET", `k${i}`, "v", "PX", String(50 + rng.below(100))]);
      else if (kind === 1) setup.push(["SET", `k${i}`, "v", "PX", "1000000"]);
      else setup.push(["SET", `k${i}`, "v"]);
    }
    await expectSame(setup);
    await sleep(1_500);
    await expectSame([["DBSIZE"], { cmd: ["SCAN", "0", "COUNT", "1000"], norm: exemptions.scanPage }, ["DBSIZE"]]);
  });

  it("finds sparse expired keys over many cron runs", async () => {
    // One key in ten expires: each cycle stops after a batch or two (10% is "acceptable"),
    // so it takes about ten runs to sweep the table. Two seconds give both servers two sweeps.
    const setup: string[][] = [];
    for (let i = 0; i < 200; i++) setup.push(["SET", `s${i}`, "v", "PX", i % 10 ? "1000000" : "30"]);
    for (let i = 0; i < 20; i++) setup.push(["SET", `plain${i}`, "v"]);
    await expectSame(setup);
    await sleep(2_000);
    await expectSame([["DBSIZE"]]);
  });

  it("removes a large expired batch within a second or two", async () => {
    const setup: string[][] = [];
    for (let i = 0; i < 3000; i++) setup.push(["SET", `big${i}`, "v", "PX", "100"]);
    for (let i = 0; i < 100; i++) setup.push(["SET", `keep${i}`, "v", "EX", "1000"]);
    await expectSame(setup);
    await sleep(1_800);
    await expectSame([["DBSIZE"]]);
  });
});
