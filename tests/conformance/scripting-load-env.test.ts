/**
 * What a function library sees while FUNCTION LOAD runs it, against redis-server 7.0.15: 7.0
 * gives the load run no globals but its `redis` table (register_function, log, LOG_*,
 * REDIS_VERSION*), so calling, indexing or assigning into a standard global there fails with
 * the nonexistent-global error, at its line. The functions themselves see every global when
 * called. (A bare read such as `local t = type` is not caught here: see functions-lua.ts.)
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { Differential, describeMismatches, type Case } from "../support/differential";

let d: Differential;
beforeAll(async () => {
  d = await Differential.start();
});
afterAll(async () => d?.stop());
beforeEach(async () => {
  await d.reset();
  await check([["FUNCTION", "FLUSH"]]);
});

async function check(cases: (Case | string[])[]): Promise<void> {
  const ms = await d.compare(cases);
  expect(ms, describeMismatches(ms)).toEqual([]);
}

const load = (...lines: string[]): string[] => ["FUNCTION", "LOAD", "REPLACE", ["#!lua name=z", ...lines].join("\n")];
const REG = "redis.register_function('z', function() return 1 end)";

describe("globals at FUNCTION LOAD", () => {
  it("standard functions and libraries are missing while the library loads", async () => {
    await check([
      load("local x = string.format('%d', 1)", REG),
      load("local t = {}", "for k in pairs(t) do end", REG),
      load("", "", "  tostring(1)", REG),
      load("local n = tonumber('1')", REG),
      load("local ok = pcall(function() end)", REG),
      load("local s = cjson.encode({})", REG),
      load("local m = math.floor(1.5)", REG),
      load("local v = table.concat({'a'})", REG),
      load("KEYS[1] = 1", REG),
      load("local a = ARGV[1]", REG),
      load("_G.x = 1", REG),
      load("local function helper() return type(1) end", "helper()", REG),
      load("local m = setmetatable({}, {})", REG),
      load("error('boom')", REG),
      load("assert(false)", REG),
      load("local s = select('#', 1, 2)", REG),
      load("local r = bit.band(1, 3)", REG),
    ]);
  });

  it("the load-time redis table still works; the functions see every global when called", async () => {
    await check([
      load("local v = redis.REDIS_VERSION", "redis.log(redis.LOG_NOTICE, 'loading')", "redis.register_function('z', function() return {type(1), tostring(2), string.rep('a', 3), math.floor(1.5), cjson.encode({1})} end)"),
      ["FCALL", "z", "0"],
      load("local helper = function(x) return tostring(x) end", "redis.register_function('z', function(keys, args) return helper(#args) end)"),
      ["FCALL", "z", "0", "a", "b"],
      load("local x = redis.call('PING')", REG),
      load("local x = redis.setresp(3)", REG),
    ]);
  });
});

describe("KEYS and ARGV inside a function", () => {
  it("do not exist: indexing or returning them fails at their line", async () => {
    await check([
      load("redis.register_function('f', function(keys, args)", "  return KEYS", "end)", "redis.register_function('g', function(keys, args)", "  return ARGV", "end)"),
      ["FCALL", "f", "0"],
      ["FCALL", "f", "1", "x"],
      ["FCALL", "g", "0", "a"],
      load("redis.register_function('f', function(keys, args)", "", "  return KEYS[1]", "end)", "redis.register_function('g', function(keys, args) return {keys[1], args[1]} end)"),
      ["FCALL", "f", "1", "x"],
      ["FCALL", "g", "1", "x", "y"],
      ["FCALL_RO", "f", "1", "x"],
    ]);
  });
});

