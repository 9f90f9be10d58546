/** What F-5 adds to the shared lesson suite: the numbers its prose states, checked against the playground. */
import { describe, expect, it } from "vitest";
import { module } from "@/lessons/f-5";
import { EXPIRE_SAMPLE, EXPIRE_STALE_PCT, EXPIRE_TIME_PCT, EVICTION_POOL, HZ, MAXMEMORY_SAMPLES, PLAYGROUND_MAXMEMORY } from "@/lessons/f-5/sections";
import { Playground } from "../support/lesson-sessions";
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
});
