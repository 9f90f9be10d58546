/**
 * F-1 beyond the shared suite (course.test.ts): its examples also read the same all run in
 * order on one instance, and the figures its prose states about Redis are the engine's.
 */
import { describe, expect, it } from "vitest";
import { COMMAND_META } from "@/engine/commands/meta.generated";
import { module } from "@/lessons/f-1";
import { Playground } from "../support/lesson-sessions";
import { describeModule } from "./f-1-harness";

describe("F-1 What Redis is and why it exists", () => {
  describeModule(module);

  it("states the figures its prose gives about Redis as the command table and CONFIG GET give them", async () => {
    const prose = module.sections.map((s) => s.body).join("\n");
    // "GET is O(1)": the complexity redis-server 7.0.15's COMMAND DOCS states.
    expect(COMMAND_META.get.complexity).toBe("O(1)");
    expect(prose).toContain("(`GET` is O(1): constant time");
    // "strings up to 512 MB": the bulk length limit a string value can reach.
    expect(prose).toContain("strings up to 512 MB");
    const p = new Playground();
    try {
      expect(await p.run([{ run: "CONFIG GET proto-max-bulk-len" }])).toEqual([`1) "proto-max-bulk-len"\n2) "${512 * 1024 * 1024}"`]);
    } finally {
      p.dispose();
    }
  });
});
