/**
 * F-6 beyond the shared suite (course.test.ts): its examples replay in order on one instance,
 * the numbers its prose states are Redis 7.0's, and the HLL error its predict exercise is about
 * is the one redis-server 7.0.15 measures.
 */
import { describe, expect, it } from "vitest";
import { HLL_DENSE_SIZE, HLL_REGISTERS } from "@/engine/types/hyperloglog";
import { module } from "@/lessons/f-6";
import { bitsOf } from "@/lessons/f-6/exercises";
import { SPARSE_MAX_BYTES, STD_ERROR_PCT } from "@/lessons/f-6/sections";
import { Playground } from "../support/lesson-sessions";
import { describeModule } from "./f-1-harness";

describe("F-6 HyperLogLog, bitmaps, geospatial", () => {
  describeModule(module);

  it("states the numbers its prose explains, and they are Redis 7.0's", async () => {
    const prose = module.sections.map((s) => s.body).join("\n");
    // 16,384 six-bit registers plus the 16-byte header; 1.04/√16384 = 0.8125%.
    expect(HLL_REGISTERS).toBe(16384);
    expect(HLL_DENSE_SIZE).toBe(12304);
    expect(STD_ERROR_PCT).toBe("0.81");
    for (const text of ["16,384", "12,304", "0.81%", "12,288 bytes", "(default\n3,000 bytes)", "±85.05112878°", "52 bits"])
      expect(prose).toContain(text);
    const p = new Playground();
    try {
      const out = await p.run([
        { run: "CONFIG GET hll-sparse-max-bytes" },
        // "a day with a million possible users takes 125,000 bytes"; "offset 8,000,000 … a megabyte".
        { run: "SETBIT million 999999 1" },
        { run: "STRLEN million" },
        { run: "SETBIT eight 8000000 1" },
        { run: "STRLEN eight" },
        // "a run of 20 zeros ... about once in a million hashes": 2^20.
      ]);
      expect(out).toEqual([`1) "hll-sparse-max-bytes"\n2) "${SPARSE_MAX_BYTES}"`, "(integer) 0", "(integer) 125000", "(integer) 0", "(integer) 1000001"]);
      expect(prose).toContain("125,000 bytes");
      expect(prose).toContain("offset 8,000,000 allocates a megabyte");
    } finally {
      p.dispose();
    }
  });

  it("measures the HLL error the predict exercise is about, as redis-server 7.0.15 does", async () => {
    const ex = module.exercises.find((e) => e.id === "f6-predict-estimate");
    const p = new Playground();
    try {
      await p.run(ex && ex.kind !== "quiz" ? (ex.setup ?? []) : []);
      // Measured on redis-server 7.0.15 with the same setup: PFCOUNT 10089, SCARD 10000 (0.89%).
      expect(await p.run([{ run: "PFCOUNT visitors" }, { run: "SCARD visitors:exact" }, { run: "PFDEBUG ENCODING visitors" }])).toEqual([
        "(integer) 10089",
        "(integer) 10000",
        "dense",
      ]);
    } finally {
      p.dispose();
    }
  });

  it("decodes bitmap offsets the way SETBIT numbers them", () => {
    expect(bitsOf("\x11\x08")).toEqual([3, 7, 12]);
    expect(bitsOf("")).toEqual([]);
  });
});
