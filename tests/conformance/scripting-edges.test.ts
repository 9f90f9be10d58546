/**
 * Corners of Redis 7.0 scripting, against redis-server 7.0: RESP3 nulls inside arrays are
 * nil holes under redis.setresp(3); KEYS/ARGV are not globals inside
 * a function, and a library's redis table at load time has only register_function, log, the
 * LOG_* levels and the version.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { Differential, describeMismatches, type Case } from "../support/differential";
import { exemptions } from "./exemptions";

let d: Differential;
beforeAll(async () => {
  d = await Differential.start();
});
afterAll(async () => d?.stop());
beforeEach(async () => {
  await d.reset();
  await check([["SCRIPT", "FLUSH"], ["FUNCTION", "FLUSH"]]);
});

async function check(cases: (Case | string[])[]): Promise<void> {
  const ms = await d.compare(cases);
  expect(ms, describeMismatches(ms)).toEqual([]);
}

const ev = (body: string, keys: string[] = [], args: string[] = []): string[] => ["EVAL", body, String(keys.length), ...keys, ...args];

describe("RESP3 nulls inside replies under redis.setresp(3)", () => {
  it("are nil holes in the Lua table (false under RESP2)", async () => {
    await check([
      ["SET", "a", "1"],
      ["SET", "c", "3"],
      ev("redis.setresp(3) local r = redis.call('MGET', 'a', 'b', 'c') return {type(r[1]), type(r[2]), type(r[3])}"),
      ev("redis.setresp(3) local r = redis.call('MGET', 'a', 'b', 'c') return r"),
      ev("redis.setresp(3) local r = redis.call('MGET', 'b', 'a') return r[2]"),
      ev("redis.setresp(3) local r = redis.pcall('MGET', 'a', 'b', 'c') return r[3]"),
      ev("local r = redis.call('MGET', 'a', 'b', 'c') return {type(r[1]), type(r[2]), type(r[3])}"),
      ev("redis.setresp(3) return redis.call('GET', 'nokey') == nil"),
      ev("redis.setresp(3) local r = redis.call('HMGET', 'nohash', 'f') return type(r[1])"),
      ev("redis.setresp(3) local r = redis.call('MGET', 'a', 'c') return r"),
    ]);
  });
});

describe("functions", () => {
  it("KEYS and ARGV are not globals inside a function", async () => {
    const lib = [
      "#!lua name=kv",
      "redis.register_function('k', function(keys, args) return KEYS[1] end)",
      "redis.register_function('a', function(keys, args) return ARGV[1] end)",
      "redis.register_function('ok', function(keys, args) return {keys[1], args[1]} end)",
    ].join("\n");
    await check([["FUNCTION", "LOAD", lib], ["FCALL", "k", "1", "x"], ["FCALL", "a", "0", "y"], ["FCALL", "ok", "1", "x", "y"]]);
  });

  it("what a library's redis table has while it loads", async () => {
    const load = (name: string, body: string) => ["FUNCTION", "LOAD", `#!lua name=${name}\n${body}`];
    await check([
      load("l1", "redis.call('SET', 'x', '1')"),
      load("l2", "redis.pcall('GET', 'x')"),
      load("l4", "redis.log(redis.LOG_NOTICE, 'loading') redis.register_function('f', function() return 1 end)"),
      load("l5", "redis.setresp(3)"),
      load("l6", "local t = redis.sha1hex('x') redis.register_function('g', function() return 1 end)"),
      load("l7", "return redis.error_reply('x')"),
      load("l8", "local v = redis.REDIS_VERSION redis.register_function('h', function() return v end)"),
      load("l10", "redis.set_repl(redis.REPL_ALL)"),
      load("l11", "redis.replicate_commands()"),
      { cmd: ["FUNCTION", "LIST"], norm: exemptions.functionList },
      ["FCALL", "h", "0"],
    ]);
  });
});

describe("SHUTDOWN's refusals (the way out of an unkillable script)", () => {
  it("options and ABORT, as 7.0 checks them", async () => {
    await check([
      ["SHUTDOWN", "ABORT"],
      ["SHUTDOWN", "FOO"],
      ["SHUTDOWN", "SAVE", "NOSAVE"],
      ["SHUTDOWN", "NOW", "ABORT"],
      ["SHUTDOWN", "NOSAVE", "NOSAVE", "EXTRA"],
      ["MULTI"],
      ["SHUTDOWN", "NOSAVE"],
      ["EXEC"],
      ["EVAL", "return redis.call('SHUTDOWN', 'NOSAVE')", "0"],
    ]);
  });
});
