/**
 * F-2 beyond the shared suite (course.test.ts): its examples replay in order on one instance,
 * and the numbers its prose explains are the engine's and CONFIG GET's.
 */
import { describe, expect, it } from "vitest";
import { EMBSTR_LIMIT } from "@/engine/object";
import { module } from "@/lessons/f-2";
import { Playground } from "../support/lesson-sessions";
import { describeModule } from "./f-1-harness";

describe("F-2 Strings, numbers, binary safety", () => {
  describeModule(module);

  it("states the numbers its prose explains", async () => {
    // 16-byte object header + 3-byte sdshdr8 + the bytes + NUL fill jemalloc's 64-byte class.
    expect(16 + 3 + EMBSTR_LIMIT + 1).toBe(64);
    const prose = module.sections.map((s) => s.body).join("\n");
    expect(prose).toContain("16 + 3 + 44 + 1 = 64");
    // "up to 512 MB per value" (F-1 says it too): the bulk length limit.
    expect(prose).toContain("512 MB");
    const p = new Playground();
    try {
      expect(await p.run([{ run: "CONFIG GET proto-max-bulk-len" }])).toEqual([`1) "proto-max-bulk-len"\n2) "${512 * 1024 * 1024}"`]);
    } finally {
      p.dispose();
    }
  });
});
