/** What F-10 adds to the shared lesson suite: its numbers, and the signature exercise's measured saving. */
import { describe, expect, it } from "vitest";
import { DICT_ENTRY, ROBJ, jeSize, sdsHeader } from "@/engine/memory/alloc";
import { DEFAULT_SAMPLES } from "@/engine/memory/object-size";
import { module } from "@/lessons/f-10";
import { BIO } from "@/lessons/f-10/examples";
import { FIX_BIO, PROFILES, PROFILES_BEFORE, SAVING } from "@/lessons/f-10/exercises";
import { BUCKET, DICT_ENTRY_BYTES, EMBSTR_MAX, HASH_LP_ENTRIES, HASH_LP_VALUE, ROBJ_BYTES } from "@/lessons/f-10/sections";
import type { StateExercise } from "@/lessons/types";
import { Playground } from "../support/lesson-sessions";
import { describeModule } from "./f-1-harness";

const exercise = (id: string) => module.exercises.find((e) => e.id === id) as StateExercise;

describe("F-10 Memory layout and object encoding", () => {
  describeModule(module);

  it("states the numbers its prose explains, and the model and CONFIG GET agree", async () => {
    const prose = module.sections.map((s) => s.body).join("\n");
    expect([ROBJ_BYTES, DICT_ENTRY_BYTES]).toEqual([ROBJ, DICT_ENTRY]);
    // The embstr line: robj + sdshdr8 + 44 bytes + NUL is exactly one 64-byte class.
    expect(ROBJ + 3 + EMBSTR_MAX + 1).toBe(64);
    expect(jeSize(ROBJ + 3 + EMBSTR_MAX + 2)).toBe(80);
    // The size classes the prose lists.
    const classes = [...new Set(Array.from({ length: 256 }, (_, i) => jeSize(i + 1)))];
    expect(classes).toEqual([8, 16, 32, 48, 64, 80, 96, 112, 128, 160, 192, 224, 256]);
    expect(prose).toContain("8, 16, 32, 48,\n64, 80, 96, 112, 128 bytes, then 160, 192, 224, 256");
    expect(prose).toContain("16 + 3 + 44 + 1 = 64");
    expect(BUCKET).toBeLessThanOrEqual(HASH_LP_ENTRIES);
    expect(BIO.length).toBeGreaterThan(HASH_LP_VALUE);
    expect(FIX_BIO.length).toBeGreaterThan(HASH_LP_VALUE);
    const p = new Playground();
    try {
      expect(
        await p.run([
          { run: "CONFIG GET hash-max-listpack-entries" },
          { run: "CONFIG GET hash-max-listpack-value" },
          { run: "CONFIG GET active-defrag-cycle-min" },
          { run: "CONFIG GET active-defrag-cycle-max" },
          // "three string keys (seen:4200 and so on) would take 168"
          { run: "SET seen:4200 1717000000" },
          { run: "MEMORY USAGE seen:4200" },
        ]),
      ).toEqual([
        `1) "hash-max-listpack-entries"\n2) "${HASH_LP_ENTRIES}"`,
        `1) "hash-max-listpack-value"\n2) "${HASH_LP_VALUE}"`,
        '1) "active-defrag-cycle-min"\n2) "1"',
        '1) "active-defrag-cycle-max"\n2) "25"',
        "OK",
        `(integer) ${168 / 3}`,
      ]);
    } finally {
      p.dispose();
    }
  });

  it("measures the signature's baseline, and the solution's saving, as the exercise states them", async () => {
    const ex = exercise("f10-signature-profiles");
    const p = new Playground({ ...module.config, ...ex.config }, ex.pausedClock);
    try {
      await p.run(ex.setup ?? []);
      const users = (await p.reader.keys()).filter((k) => /^user:\d+$/.test(k.key));
      expect(users).toHaveLength(PROFILES);
      expect(new Set(users.map((k) => k.encoding))).toEqual(new Set(["hashtable"]));
      expect(users.reduce((n, k) => n + k.memory, 0)).toBe(PROFILES_BEFORE);
      await p.run(ex.solution);
      const after = (await p.reader.keys()).filter((k) => /^user:\d+$/.test(k.key));
      const total = after.reduce((n, k) => n + k.memory, 0);
      // Measured on redis-server 7.0.15 with the same profiles: used_memory grew by 392,400
      // bytes as hash tables and by 185,192 as listpacks (53% less; 60% in the model), each
      // including the same ~49 KB of client buffers.
      expect(1 - total / PROFILES_BEFORE).toBeGreaterThan(SAVING);
    } finally {
      p.dispose();
    }
  });

  it("states SDS headers, MEMORY USAGE's sampling and the defrag thresholds as the model and CONFIG GET have them", async () => {
    const prose = module.sections.map((s) => s.body).join("\n");
    // sdshdr8 up to 255 bytes, then sdshdr16 (5), and sdshdr64 (17) past 4 GB.
    expect([sdsHeader(255), sdsHeader(256), sdsHeader(2 ** 32)]).toEqual([3, 5, 17]);
    expect(DEFAULT_SAMPLES).toBe(5);
    for (const phrase of [
      "up to 255 bytes gets a 3-byte header; longer ones a wider header, up to 17 bytes past 4 GB",
      `measures a few elements (${DEFAULT_SAMPLES} by default)`,
      "fits in a 64-bit integer",
      "16 bytes more\nin total",
      "(over `active-defrag-ignore-bytes`, 100 MB)",
      "`active-defrag-threshold-lower`, 10%)",
      "(1% and 25%)",
    ])
      expect(prose).toContain(phrase);
    // "16 bytes more": the example's MEMORY USAGE of the 45-byte raw string against the 44-byte embstr.
    const usage = module.examples.find((e) => e.id === "f10-embstr-raw")!.expect.flatMap((r) => (r?.startsWith("(integer)") ? [Number(r.slice(10))] : []));
    expect(usage[1] - usage[0]).toBe(16);
    const p = new Playground();
    try {
      expect(await p.run([{ run: "CONFIG GET active-defrag-ignore-bytes" }, { run: "CONFIG GET active-defrag-threshold-lower" }])).toEqual([
        `1) "active-defrag-ignore-bytes"\n2) "${100 * 1024 * 1024}"`,
        '1) "active-defrag-threshold-lower"\n2) "10"',
      ]);
    } finally {
      p.dispose();
    }
  });
});
