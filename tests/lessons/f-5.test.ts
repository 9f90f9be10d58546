/** What F-5 adds to the shared lesson suite: the numbers its prose states, checked against the playground. */
import { describe, expect, it } from "vitest";
import { COMMAND_META } from "@/engine/commands/meta.generated";
import { module } from "@/lessons/f-5";
import { EXPIRE_SAMPLE, EXPIRE_STALE_PCT, EXPIRE_TIME_PCT, EVICTION_POOL, HZ, MAXMEMORY_SAMPLES, PLAYGROUND_MAXMEMORY } from "@/lessons/f-5/sections";
import { Playground } from "../support/lesson-sessions";
import { RealRedisTabs } from "../support/real-redis-tabs";
import { describeModule } from "./f-1-harness";

describe("F-5 TTL, expiry and eviction", () => {
  describeModule(module);

  it("states the numbers its prose explains, and the playground agrees", async () => {
    const prose = module.sections.map((s) => s.body).join("\n");
    for (const text of [
      `${HZ} times a second`,
      `samples ${EXPIRE_SAMPLE} keys`,
      `more than ${EXPIRE_STALE_PCT}%`,
      `(${EXPIRE_TIME_PCT}% of CPU time)`,
      `(default\n${MAXMEMORY_SAMPLES})`,
      `best ${EVICTION_POOL} candidates`,
      "models\n64 MB",
    ])
      expect(prose).toContain(text);
    // Redis 7.0's expire.c and evict.c constants.
    expect([EXPIRE_SAMPLE, EXPIRE_STALE_PCT, EXPIRE_TIME_PCT, EVICTION_POOL]).toEqual([20, 10, 25, 16]);
    const p = new Playground();
    try {
      expect(await p.run([{ run: "CONFIG GET hz" }, { run: "CONFIG GET maxmemory-samples" }, { run: "CONFIG GET maxmemory" }])).toEqual([
        `1) "hz"\n2) "${HZ}"`,
        `1) "maxmemory-samples"\n2) "${MAXMEMORY_SAMPLES}"`,
        `1) "maxmemory"\n2) "${PLAYGROUND_MAXMEMORY}"`,
      ]);
      expect(PLAYGROUND_MAXMEMORY).toBe(64 * 1024 * 1024);
    } finally {
      p.dispose();
    }
  });

  it("states TTL's special replies, its rounding and the versions of its options as the engine and the command table have them", async () => {
    const prose = module.sections.map((s) => s.body).join("\n");
    for (const phrase of [
      "`TTL` replied **-2**, which means \"no such key\". Its sibling **-1** means \"the key exists but\nhas no TTL\"",
      "1,600 milliseconds were reported as 2 seconds",
      "Redis 7.0 added\n`EXPIRETIME` and `PEXPIRETIME`",
      "Redis 7.0 also gave `EXPIRE` and its relatives four options",
      "`KEEPTTL` (Redis 6.0 and later)",
    ])
      expect(prose).toContain(phrase);
    type Arg = { name: string; token?: string; since?: string; arguments?: Arg[] };
    const find = (args: readonly Arg[] | undefined, token: string): Arg | undefined =>
      args?.flatMap((a) => (a.token === token ? [a] : [find(a.arguments, token)].filter((x): x is Arg => !!x)))[0];
    const meta = COMMAND_META as unknown as Record<string, { since: string; arguments?: Arg[] }>;
    expect([meta.expiretime.since, meta.pexpiretime.since]).toEqual(["7.0.0", "7.0.0"]);
    expect(find(meta.set.arguments, "KEEPTTL")?.since).toBe("6.0.0");
    for (const cmd of ["expire", "pexpire", "expireat", "pexpireat"]) {
      const condition = meta[cmd].arguments?.find((a) => find(a.arguments, "GT"));
      expect([cmd, condition?.since, condition?.arguments?.map((a) => a.token)]).toEqual([cmd, "7.0.0", ["NX", "XX", "GT", "LT"]]);
    }
    const p = new Playground(undefined, true);
    try {
      expect(await p.run([{ run: "TTL nothing" }, { run: "SET forever v" }, { run: "TTL forever" }, { run: "SET lock v PX 1600" }, { run: "TTL lock" }])).toEqual([
        "(integer) -2",
        "OK",
        "(integer) -1",
        "OK",
        "(integer) 2",
      ]);
    } finally {
      p.dispose();
    }
  });

  it("has redis-server 7.0.15 agree on hz, maxmemory-samples and the real default of maxmemory", async () => {
    const real = await RealRedisTabs.start([]);
    try {
      expect(await real.line("main", "CONFIG GET hz")).toBe(`1) "hz"\n2) "${HZ}"`);
      expect(await real.line("main", "CONFIG GET maxmemory-samples")).toBe(`1) "maxmemory-samples"\n2) "${MAXMEMORY_SAMPLES}"`);
      expect(await real.line("main", "CONFIG GET maxmemory")).toBe('1) "maxmemory"\n2) "0"');
      expect(module.sections.map((s) => s.body).join("\n")).toContain("a real server's default of 0 means no limit");
    } finally {
      await real.stop();
    }
  });
});
