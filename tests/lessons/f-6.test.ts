/**
 * F-6 beyond the shared suite (course.test.ts): its examples replay in order on one instance,
 * the numbers its prose states are Redis 7.0's, and the HLL error its predict exercise is about
 * is the one redis-server 7.0.15 measures.
 */
import { describe, expect, it } from "vitest";
import { COMMAND_META } from "@/engine/commands/meta.generated";
import { GEO_STEP_MAX, geoDistance } from "@/engine/types/geohash";
import { HLL_DENSE_SIZE, HLL_HDR_SIZE, HLL_Q, HLL_REGISTERS } from "@/engine/types/hyperloglog";
import { module } from "@/lessons/f-6";
import { bitsOf } from "@/lessons/f-6/exercises";
import { SPARSE_MAX_BYTES, STD_ERROR_PCT } from "@/lessons/f-6/sections";
import { Playground } from "../support/lesson-sessions";
import { RealRedisTabs } from "../support/real-redis-tabs";
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

  it("states the HLL hash split, the header, the geohash width and the versions as the engine and the command table have them", () => {
    const prose = module.sections.map((s) => s.body).join("\n");
    // 14 index bits + 50 bits read for the zero run = a 64-bit hash.
    expect(Math.log2(HLL_REGISTERS) + HLL_Q).toBe(64);
    expect(HLL_HDR_SIZE).toBe(16);
    for (const phrase of ["hashed to 64 bits. 14 of those bits", "a 16-byte header", "of 20 zeros turns up about once in a million hashes", "geohash** of 52 bits\n(26 per coordinate)"])
      expect(prose).toContain(phrase);
    // A run of 20 zeros has probability 2^-20, about one in a million.
    expect(Math.round(2 ** 20 / 1e6)).toBe(1);
    expect(GEO_STEP_MAX).toBe(26);
    // "`BIT` (new in Redis 7.0)"; GEORADIUS "deprecated since Redis 6.2".
    type Arg = { name: string; since?: string; arguments?: Arg[] };
    const unit = (args: readonly Arg[] | undefined): Arg | undefined => args?.map((a) => (a.name === "index_unit" ? a : unit(a.arguments))).find(Boolean);
    const meta = COMMAND_META as unknown as Record<string, { arguments?: Arg[]; deprecatedSince?: string }>;
    expect([unit(meta.bitcount.arguments)?.since, unit(meta.bitpos.arguments)?.since]).toEqual(["7.0.0", "7.0.0"]);
    expect(prose).toContain("unless you add `BIT` (new\nin Redis 7.0)");
    expect([meta.georadius.deprecatedSince, meta.georadiusbymember.deprecatedSince]).toEqual(["6.2.0", "6.2.0"]);
    expect(prose).toContain("still work but are deprecated since\nRedis 6.2.");
    // "about 15 cm": GEOADD's 2.2945 48.8584 against the GEOPOS the example stores, on Redis' sphere.
    expect(Math.round(geoDistance(2.2945, 48.8584, 2.29449838399887085, 48.85839918237243751) * 100)).toBe(15);
    expect(prose).toContain("the difference is about 15 cm");
  });

  it("has redis-server 7.0.15 agree on the HLL's registers, dense size and sparse limit", async () => {
    const real = await RealRedisTabs.start();
    try {
      expect(await real.line("main", "CONFIG GET hll-sparse-max-bytes")).toBe(`1) "hll-sparse-max-bytes"\n2) "${SPARSE_MAX_BYTES}"`);
      expect(await real.line("main", "PFADD h a b c")).toBe("(integer) 1");
      expect(await real.line("main", "PFDEBUG TODENSE h")).toBe("(integer) 1");
      expect(await real.line("main", "STRLEN h")).toBe(`(integer) ${HLL_DENSE_SIZE}`);
      expect((await real.line("main", "PFDEBUG GETREG h")).split("\n")).toHaveLength(HLL_REGISTERS);
    } finally {
      await real.stop();
    }
  });
});
