/**
 * F-2 beyond the shared suite (course.test.ts): its examples replay in order on one instance,
 * and the numbers its prose explains are the engine's and CONFIG GET's.
 */
import { describe, expect, it } from "vitest";
import { COMMAND_META } from "@/engine/commands/meta.generated";
import { ROBJ, jeSize, sdsHeader } from "@/engine/memory/alloc";
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

  it("states the object layout and the int range as the memory model and the engine have them", async () => {
    const prose = module.sections.map((s) => s.body).join("\n");
    // The robj header, the sdshdr8 length header of a short string, the allocator class.
    expect([ROBJ, sdsHeader(EMBSTR_LIMIT), jeSize(ROBJ + sdsHeader(EMBSTR_LIMIT) + EMBSTR_LIMIT + 1)]).toEqual([16, 3, 64]);
    for (const phrase of [
      "(16 bytes on a 64-bit build)",
      "other values of up to 44 bytes",
      "packs the 16-byte header, a 3-byte length header",
      "64-byte size class",
      "canonical text of a 64-bit integer",
      "(deprecated since Redis 6.2 in favour of `SET … GET`)",
    ])
      expect(prose).toContain(phrase);
    expect(COMMAND_META.getset.deprecatedSince).toBe("6.2.0");
    const p = new Playground();
    try {
      // "a signed 64-bit number": the int encoding holds exactly the int64 range.
      expect(
        await p.run([
          { run: "SET a 9223372036854775807" },
          { run: "OBJECT ENCODING a" },
          { run: "SET b -9223372036854775808" },
          { run: "OBJECT ENCODING b" },
          { run: "SET c 9223372036854775808" },
          { run: "OBJECT ENCODING c" },
          { run: `SET d ${"x".repeat(EMBSTR_LIMIT)}` },
          { run: "OBJECT ENCODING d" },
          { run: `SET e ${"x".repeat(EMBSTR_LIMIT + 1)}` },
          { run: "OBJECT ENCODING e" },
        ]),
      ).toEqual(["OK", '"int"', "OK", '"int"', "OK", '"embstr"', "OK", '"embstr"', "OK", '"raw"']);
    } finally {
      p.dispose();
    }
  });
});
