/**
 * FUNCTION DUMP / RESTORE payloads against redis-server 7.0.15: DUMP gives Redis' exact bytes
 * (RDB-encoded library code, LZF-compressed when rdbcompression saves, RDB version, CRC64),
 * a payload from either server restores on both, and bad payloads get Redis' errors.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { Differential, describeMismatches, type Case } from "../support/differential";
import { exemptions } from "./exemptions";

const list = (...args: string[]): Case => ({ cmd: ["FUNCTION", "LIST", ...args], norm: exemptions.functionList });

let d: Differential;
beforeAll(async () => {
  d = await Differential.start();
});
afterAll(async () => d?.stop());
beforeEach(async () => {
  await d.reset();
  await check([["FUNCTION", "FLUSH"], ["CONFIG", "SET", "rdbcompression", "yes"]]);
});

async function check(cases: (Case | string[])[]): Promise<void> {
  const ms = await d.compare(cases);
  expect(ms, describeMismatches(ms)).toEqual([]);
}

/** The payload of a RESP bulk reply. */
function bulkOf(resp: string): string {
  const m = /^\$(\d+)\r\n/.exec(resp);
  if (!m) throw new Error(`not a bulk: ${JSON.stringify(resp)}`);
  return resp.slice(m[0].length, m[0].length + Number(m[1]));
}

const lib = (name: string, body: string) => `#!lua name=${name}\n${body}`;
const SHORT = lib("s", "redis.register_function('h', function() return 1 end)");
const LONG = lib(
  "l",
  [
    "local function helper(keys, args)",
    "  local out = {}",
    "  for i = 1, #keys do out[#out + 1] = redis.call('GET', keys[i]) end",
    "  for i = 1, #args do out[#out + 1] = args[i] end",
    "  return out",
    "end",
    "redis.register_function('get_all', function(keys, args) return helper(keys, args) end)",
    "redis.register_function{function_name='get_all_ro', callback=function(keys, args) return helper(keys, args) end, flags={'no-writes'}}",
    "redis.register_function{function_name='described', description='returns its args, returns its args, returns its args', callback=function(keys, args) return args end}",
  ].join("\n"),
);
// Bytes outside ASCII and long repeats (LZF back references of every length).
const BINARY = lib("b", `local s = '${"\xe9\x00\xff".repeat(40)}${"abcdefgh".repeat(50)}' redis.register_function('bin', function() return #s end)`);

describe("FUNCTION DUMP", () => {
  it("gives Redis' bytes: short and long libraries, compressed or not", async () => {
    await check([["FUNCTION", "DUMP"], ["FUNCTION", "LOAD", SHORT], ["FUNCTION", "DUMP"]]);
    await check([["FUNCTION", "FLUSH"], ["FUNCTION", "LOAD", LONG], ["FUNCTION", "DUMP"]]);
    await check([["CONFIG", "SET", "rdbcompression", "no"], ["FUNCTION", "DUMP"], ["CONFIG", "SET", "rdbcompression", "yes"]]);
    await check([["FUNCTION", "FLUSH"], ["FUNCTION", "LOAD", BINARY], ["FUNCTION", "DUMP"], ["FCALL", "bin", "0"]]);
    await check([["FUNCTION", "FLUSH"], ["FUNCTION", "LOAD", lib("x", `redis.register_function('x', function() return '${"y".repeat(20000)}' end)`)], ["FUNCTION", "DUMP"]]);
  });

  it("a payload from either server restores on both", async () => {
    for (const code of [SHORT, LONG, BINARY]) {
      await check([["FUNCTION", "FLUSH"], ["FUNCTION", "LOAD", code]]);
      const { engine, real } = await d.both(["FUNCTION", "DUMP"]);
      for (const payload of [bulkOf(real), bulkOf(engine)]) {
        await check([
          ["FUNCTION", "FLUSH"],
          ["FUNCTION", "RESTORE", payload],
          list("WITHCODE"),
          ["FUNCTION", "RESTORE", payload],
          ["FUNCTION", "RESTORE", payload, "REPLACE"],
          ["FUNCTION", "RESTORE", payload, "FLUSH"],
        ]);
      }
    }
    // Several libraries in one payload (Redis orders them by its dict: compare by listing).
    await check([["FUNCTION", "FLUSH"], ["FUNCTION", "LOAD", SHORT], ["FUNCTION", "LOAD", LONG]]);
    const { engine, real } = await d.both(["FUNCTION", "DUMP"]);
    for (const payload of [bulkOf(real), bulkOf(engine)]) {
      await check([["FUNCTION", "FLUSH"], ["FUNCTION", "RESTORE", payload], list("LIBRARYNAME", "s"), list("LIBRARYNAME", "l")]);
    }
  });

  it("bad payloads: footer, checksum, opcode, truncated string, bad library", async () => {
    await check([["FUNCTION", "LOAD", SHORT]]);
    const good = bulkOf((await d.both(["FUNCTION", "DUMP"])).real);
    const body = good.slice(0, -10);
    const { crc64 } = await import("../../engine/scripting/function-dump");
    const seal = (b: string, ver = "\x0a\x00") => {
      const v = crc64(b + ver);
      let t = "";
      for (let i = 0; i < 8; i++) t += String.fromCharCode(Number((v >> BigInt(8 * i)) & 0xffn));
      return b + ver + t;
    };
    await check([
      ["FUNCTION", "FLUSH"],
      ["FUNCTION", "RESTORE", ""],
      ["FUNCTION", "RESTORE", "garbage"],
      ["FUNCTION", "RESTORE", good.slice(0, -1) + "\x00"],
      ["FUNCTION", "RESTORE", good.slice(1)],
      ["FUNCTION", "RESTORE", seal(body, "\x0b\x00")],
      ["FUNCTION", "RESTORE", seal(body, "\x09\x00")],
      ["FUNCTION", "RESTORE", seal("")],
      ["FUNCTION", "RESTORE", seal("\x00" + body.slice(1))],
      ["FUNCTION", "RESTORE", seal(body.slice(0, -3))],
      ["FUNCTION", "RESTORE", seal("\xf5")],
      ["FUNCTION", "RESTORE", seal("\xf5\x05#!lua")],
      ["FUNCTION", "RESTORE", seal("\xf5\x0e#!lua name=q\n")],
      ["FUNCTION", "RESTORE", seal("\xf5\x0e#!lua name=q\n\xf5\x0e#!lua name=q\n")],
      ["FUNCTION", "RESTORE", seal("\xf5\xc0\x05")],
      ["FUNCTION", "RESTORE", seal("\xf5\xc3\x02\x10\x00a")],
      ["FUNCTION", "RESTORE", seal(body + body)],
      list(),
      ["FUNCTION", "RESTORE", good],
      ["FUNCTION", "RESTORE", good, "bogus"],
      ["FUNCTION", "RESTORE", good, "APPEND", "x"],
      list(),
    ]);
  });

  it("joining: APPEND and REPLACE refuse a function another library has; FLUSH replaces all", async () => {
    const other = lib("t", "redis.register_function('h', function() return 2 end) redis.register_function('k', function() return 3 end)");
    await check([["FUNCTION", "LOAD", other]]);
    const payload = bulkOf((await d.both(["FUNCTION", "DUMP"])).real);
    await check([
      ["FUNCTION", "FLUSH"],
      ["FUNCTION", "LOAD", SHORT],
      ["FUNCTION", "RESTORE", payload],
      ["FUNCTION", "RESTORE", payload, "REPLACE"],
      list(),
      ["FUNCTION", "RESTORE", payload, "FLUSH"],
      list(),
      ["FCALL", "h", "0"],
      ["FUNCTION", "RESTORE", payload, "REPLACE"],
      ["FCALL", "k", "0"],
      ["FUNCTION", "RESTORE", payload, "APPEND"],
    ]);
  });
});
