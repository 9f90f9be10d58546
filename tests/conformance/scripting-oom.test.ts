/**
 * Scripts over maxmemory and read-only scripts' may-replicate calls, against redis-server 7.0.
 *
 * With `maxmemory 1` both servers are over the limit whatever they hold (policy noeviction):
 * - a script without a shebang runs, but its first call that may grow memory (denyoom) fails
 *   with OOM unless the script already wrote (it cannot stop half-way then);
 * - a shebang script that may write and lacks allow-oom is refused before it runs; allow-oom
 *   and no-writes scripts run; FCALL follows the function's flags the same way.
 * Read-only scripts (EVAL_RO, no-writes) treat PUBLISH and PFCOUNT (may-replicate) as writes.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { Differential, describeMismatches, type Case } from "../support/differential";

let d: Differential;
beforeAll(async () => {
  d = await Differential.start();
});
afterAll(async () => d?.stop());
beforeEach(async () => {
  await d.reset();
  await check([["SCRIPT", "FLUSH"], ["FUNCTION", "FLUSH"]]);
});
afterEach(async () => {
  await check([["CONFIG", "SET", "maxmemory", "0"], ["FUNCTION", "FLUSH"]]);
});

const ev = (body: string, keys: string[] = [], args: string[] = []): string[] => ["EVAL", body, String(keys.length), ...keys, ...args];

async function check(cases: (Case | string[])[]): Promise<void> {
  const ms = await d.compare(cases);
  expect(ms, describeMismatches(ms)).toEqual([]);
}

describe("scripts over maxmemory", () => {
  it("a compat script: its first denyoom call fails, after a write it may go on", async () => {
    await check([
      ["SET", "a", "0"],
      ["CONFIG", "SET", "maxmemory", "1"],
      ev("return redis.call('SET', 'a', '1')"),
      ev("return redis.call('INCR', 'n')"),
      ev("return redis.pcall('SET', 'a', '1')"),
      ev("local r = redis.pcall('SET', 'a', '1') return r.err"),
      ev("return redis.call('GET', 'a')"),
      ev("redis.call('DEL', 'nothing') return redis.call('SET', 'a', '2')"),
      ev("redis.call('DEL', 'nothing') redis.call('SET', 'b', '2') return redis.call('APPEND', 'b', 'x')"),
      ev("return redis.call('DEL', 'b')"),
      ["GET", "a"],
      ["SET", "c", "1"],
      ["CONFIG", "SET", "maxmemory", "0"],
      ev("return redis.call('SET', 'a', '3')"),
    ]);
  });

  it("shebang flags: refused up front unless allow-oom or no-writes", async () => {
    await check([
      ["SET", "a", "v"],
      ["CONFIG", "SET", "maxmemory", "1"],
      ev("#!lua\nreturn redis.call('SET', 'a', '1')"),
      ev("#!lua\nreturn redis.call('GET', 'a')"),
      ev("#!lua flags=allow-oom\nreturn redis.call('SET', 'a', '2')"),
      ev("#!lua flags=no-writes\nreturn redis.call('GET', 'a')"),
      ev("#!lua flags=no-writes,allow-oom\nreturn redis.call('GET', 'a')"),
      ["EVAL_RO", "#!lua flags=no-writes\nreturn redis.call('GET', 'a')", "0"],
      // Cached while under the limit, refused by EVALSHA over it.
      ["CONFIG", "SET", "maxmemory", "0"],
      ["SCRIPT", "LOAD", "#!lua\nreturn redis.call('SET', 'a', '3')"],
      ["CONFIG", "SET", "maxmemory", "1"],
      ["EVALSHA", "f2ce8581121d27c6c0d3021e348e4ffe35140acb", "0"],
      ["EVALSHA", "0000000000000000000000000000000000000000", "0"],
      ["GET", "a"],
    ]);
  });

  it("FCALL: the function's allow-oom and no-writes flags", async () => {
    const lib = [
      "#!lua name=oomlib",
      "redis.register_function('w', function(k, a) return redis.call('SET', k[1], a[1]) end)",
      "redis.register_function{function_name='wok', callback=function(k, a) return redis.call('SET', k[1], a[1]) end, flags={'allow-oom'}}",
      "redis.register_function{function_name='r', callback=function(k) return redis.call('GET', k[1]) end, flags={'no-writes'}}",
    ].join("\n");
    await check([
      ["FUNCTION", "LOAD", lib],
      ["SET", "k", "0"],
      ["CONFIG", "SET", "maxmemory", "1"],
      ["FCALL", "w", "1", "k", "1"],
      ["FCALL", "wok", "1", "k", "2"],
      ["FCALL", "r", "1", "k"],
      ["FCALL_RO", "r", "1", "k"],
      ["FCALL", "nosuch", "0"],
      ["GET", "k"],
    ]);
  });
});

describe("read-only scripts and may-replicate commands", () => {
  it("PUBLISH and PFCOUNT count as writes in EVAL_RO and no-writes scripts", async () => {
    await check([
      ["PFADD", "h", "a", "b"],
      ["EVAL_RO", "return redis.call('PFCOUNT', KEYS[1])", "1", "h"],
      ["EVAL_RO", "return redis.call('PUBLISH', 'ch', 'm')", "0"],
      ["EVAL_RO", "return redis.pcall('PUBLISH', 'ch', 'm')", "0"],
      ev("#!lua flags=no-writes\nreturn redis.call('PFCOUNT', KEYS[1])", ["h"]),
      ev("return redis.call('PFCOUNT', KEYS[1])", ["h"]),
      ev("return redis.call('PUBLISH', 'ch', 'm')"),
    ]);
  });

  it("EVAL_RO is not held by CLIENT PAUSE WRITE; its reads run", async () => {
    await check([
      ["SET", "a", "v"],
      ["CLIENT", "PAUSE", "10000", "WRITE"],
      ["EVAL_RO", "return redis.call('GET', KEYS[1])", "1", "a"],
      ["EVAL_RO", "return redis.call('PFCOUNT', KEYS[1])", "1", "a"],
      ["CLIENT", "UNPAUSE"],
    ]);
  });
});
