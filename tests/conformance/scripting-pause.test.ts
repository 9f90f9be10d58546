/**
 * CLIENT PAUSE WRITE and scripts, on the engine and on redis-server 7.0.15 side by side: a
 * script that declares flags counts as a write unless it is `no-writes` (its flags replace
 * EVAL's / FCALL's may-replicate flag, and EVAL_RO's / FCALL_RO's read-only one); a script
 * Redis cannot see up front (no shebang, unknown SHA or function, bad shebang) keeps the
 * command's own flags.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createHash } from "node:crypto";
import { loadLuaVm } from "../../engine/scripting-wasm/lua-wasm";
import { describePairMismatches, PausePair, type Step } from "../support/pause-pair";

let d: PausePair;
beforeAll(async () => {
  d = await PausePair.start();
  d.engine.setLuaVm(await loadLuaVm());
}, 30_000);
afterAll(async () => {
  await d?.stop();
});
beforeEach(async () => {
  await d.reset();
  await expectSame([
    ["adm", "SCRIPT", "FLUSH"],
    ["adm", "FUNCTION", "FLUSH"],
  ]);
});

async function expectSame(steps: readonly Step[]): Promise<void> {
  const ms = await d.run(steps);
  expect(ms, describePairMismatches(ms)).toEqual([]);
}

const NO_WRITES = "#!lua flags=no-writes\nreturn redis.call('GET', KEYS[1])";
const WRITES = "#!lua\nreturn redis.call('GET', KEYS[1])";
/** A well-formed SHA no script has. */
const UNKNOWN_SHA = "4d8e4a4e4b2d0b73c8e3b5f5b0d6e0c0f0d3b1a2";

describe("EVAL during a WRITE pause", () => {
  it("a no-writes shebang runs; a shebang without it, a compat script and a bad shebang wait", async () => {
    await expectSame([
      ["adm", "SET", "k", "v"],
      ["adm", "CLIENT", "PAUSE", "100000", "WRITE"],
      ["a", "EVAL", NO_WRITES, "1", "k"],
      ["a", "EVAL", "#!lua flags=no-writes,allow-stale\nreturn 1", "0"],
      ["b", "EVAL", WRITES, "1", "k"],
      ["c", "EVAL", "return redis.call('GET', KEYS[1])", "1", "k"],
      ["d", "EVAL", "#!lua flags=bogus\nreturn 1", "0"],
      ["e", "EVAL", "#!lua flags=allow-oom\nreturn 1", "0"],
      ["f", "EVAL_RO", WRITES, "1", "k"],
      ["g", "EVAL_RO", "return redis.call('GET', KEYS[1])", "1", "k"],
      ["g", "EVAL_RO", NO_WRITES, "1", "k"],
      ["adm", "CLIENT", "UNPAUSE"],
      ["adm", "GET", "k"],
    ]);
  });

  it("EVALSHA follows the cached script's flags; an unknown or malformed SHA waits", async () => {
    await expectSame([
      ["adm", "SET", "k", "v"],
      ["adm", "SCRIPT", "LOAD", NO_WRITES],
      ["adm", "SCRIPT", "LOAD", WRITES],
      ["adm", "SCRIPT", "LOAD", "return 1"],
      ["adm", "CLIENT", "PAUSE", "100000", "WRITE"],
      ["a", "EVALSHA", sha(NO_WRITES), "1", "k"],
      ["a", "EVALSHA", sha(NO_WRITES).toUpperCase(), "1", "k"],
      ["a", "EVALSHA_RO", sha(NO_WRITES), "1", "k"],
      ["b", "EVALSHA", sha(WRITES), "1", "k"],
      ["c", "EVALSHA", sha("return 1"), "0"],
      ["d", "EVALSHA", UNKNOWN_SHA, "0"],
      ["e", "EVALSHA", "abc", "0"],
      ["f", "EVALSHA_RO", sha(WRITES), "1", "k"],
      ["g", "EVALSHA_RO", UNKNOWN_SHA, "0"],
      ["adm", "CLIENT", "UNPAUSE"],
    ]);
  });

  it("EXEC with a queued no-writes script runs; with a writing one it waits", async () => {
    await expectSame([
      ["adm", "SET", "k", "v"],
      ["adm", "CLIENT", "PAUSE", "100000", "WRITE"],
      ["m", "MULTI"],
      ["m", "EVAL", NO_WRITES, "1", "k"],
      ["m", "EXEC"],
      ["n", "MULTI"],
      ["n", "EVAL", NO_WRITES, "1", "k"],
      ["n", "EVAL", WRITES, "1", "k"],
      ["n", "EXEC"],
      ["adm", "CLIENT", "UNPAUSE"],
    ]);
  });
});

describe("FCALL during a WRITE pause", () => {
  it("follows the function's flags; an unknown function waits on FCALL, not FCALL_RO", async () => {
    const lib = [
      "#!lua name=lib",
      "redis.register_function{function_name='ro', callback=function(keys) return redis.call('GET', keys[1]) end, flags={'no-writes'}}",
      "redis.register_function('rw', function(keys) return redis.call('GET', keys[1]) end)",
      "redis.register_function{function_name='oom', callback=function() return 1 end, flags={'allow-oom'}}",
    ].join("\n");
    await expectSame([
      ["adm", "SET", "k", "v"],
      ["adm", "FUNCTION", "LOAD", lib],
      ["adm", "CLIENT", "PAUSE", "100000", "WRITE"],
      ["a", "FCALL", "ro", "1", "k"],
      ["a", "FCALL", "RO", "1", "k"],
      ["a", "FCALL_RO", "ro", "1", "k"],
      ["b", "FCALL", "rw", "1", "k"],
      ["c", "FCALL_RO", "rw", "1", "k"],
      ["d", "FCALL", "oom", "0"],
      ["e", "FCALL", "nosuch", "0"],
      ["f", "FCALL_RO", "nosuch", "0"],
      ["adm", "CLIENT", "UNPAUSE"],
    ]);
  });
});

function sha(body: string): string {
  return createHash("sha1").update(body, "latin1").digest("hex");
}
