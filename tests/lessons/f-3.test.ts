/**
 * F-3 beyond the shared suite (course.test.ts): it is split into an intro and one part per
 * type, each part a sitting of its own with its own examples and ramp of exercises, no quiz,
 * and the thresholds its prose states are what CONFIG GET reports, with boundary values
 * measured right.
 */
import { describe, expect, it } from "vitest";
import { COMMAND_META } from "@/engine/commands/meta.generated";
import { OPTIMIZATION_LEVEL } from "@/engine/types/quicklist";
import { SetValue } from "@/engine/types/set";
import { module } from "@/lessons/f-3";
import { LAMP_64, LAMP_65 } from "@/lessons/f-3/hashes";
import { markersOf } from "@/lessons/runtime/markers";
import { WORDS_PER_SITTING, proseWords } from "@/lessons/runtime/verify";
import { lessonSessions } from "../support/lesson-sessions";
import { RealRedisTabs } from "../support/real-redis-tabs";

const parts = module.parts ?? [];
const sessions = lessonSessions();

describe("F-3 Lists, hashes, sets, sorted sets and their encodings", () => {
  it("is split into an intro and one part per type", () => {
    expect(parts.map((p) => p.id)).toEqual(["f-3-intro", "f-3-lists", "f-3-hashes", "f-3-sets", "f-3-zsets"]);
    expect(module.sections).toEqual([]);
  });

  it.each(parts.map((p) => [p.id, p] as const))("part %s has its length, ≥5 examples and a ramp of ≥5 exercises", (_id, part) => {
    const n = proseWords(part.sections);
    expect(n).toBeGreaterThanOrEqual(WORDS_PER_SITTING.min);
    expect(n).toBeLessThanOrEqual(WORDS_PER_SITTING.max);
    const marks = markersOf({ sections: part.sections });
    const prefix = { "f-3-intro": "f-3-intro-", "f-3-lists": "f-3-list-", "f-3-hashes": "f-3-hash-", "f-3-sets": "f-3-set-", "f-3-zsets": "f-3-zset-" }[part.id]!;
    expect(marks.filter((m) => m.kind === "example").length).toBeGreaterThanOrEqual(5);
    const exIds = marks.filter((m) => m.kind === "exercise").map((m) => m.id);
    expect(exIds.length).toBeGreaterThanOrEqual(5);
    for (const m of marks) expect(m.id.startsWith(prefix)).toBe(true);
    const kinds = exIds.map((id) => module.exercises.find((e) => e.id === id)!.kind);
    // The intro ramps without a signature exercise: each type's part has its own encoding flip.
    const ramp = part.id === "f-3-intro" ? ["predict", "build", "fix"] : ["predict", "build", "fix", "signature"];
    for (const k of ramp) expect(kinds).toContain(k);
  });

  it("has no quiz", () => {
    expect(module.exercises.filter((ex) => ex.kind === "quiz")).toEqual([]);
  });

  it("states the thresholds CONFIG GET reports, and measures its boundary values right", async () => {
    const session = await sessions.session([], module);
    const get = async (name: string) => (await session.run("main", `CONFIG GET ${name}`)).split("\n")[1].replace(/^2\) "|"$/g, "");
    const want = {
      "hash-max-listpack-entries": "512",
      "hash-max-listpack-value": "64",
      "set-max-intset-entries": "512",
      "zset-max-listpack-entries": "128",
      "zset-max-listpack-value": "64",
      "list-max-listpack-size": "-2",
    };
    for (const [name, value] of Object.entries(want)) expect([name, await get(name)]).toEqual([name, value]);
    const prose = parts.flatMap((p) => p.sections.map((s) => s.body)).join("\n");
    for (const phrase of [
      "more than 512 fields, or a field or value longer than 64 bytes",
      "more than 512 members, or any member that is not an integer",
      "more than 128 members, or a member longer than 64 bytes",
      "8 KB",
    ])
      expect(prose).toContain(phrase);
    expect([LAMP_64.length, LAMP_65.length]).toEqual([64, 65]);
  });

  it("states every other figure of its parts as CONFIG GET, the engine and the command table have them", async () => {
    const partProse = (id: string) => parts.find((p) => p.id === id)!.sections.map((s) => s.body).join("\n");
    const session = await sessions.session([], module);
    const get = async (name: string) => (await session.run("main", `CONFIG GET ${name}`)).split("\n")[1].replace(/^2\) "|"$/g, "");
    const [hashEntries, hashValue, setEntries, zsetEntries, zsetValue] = await Promise.all(
      ["hash-max-listpack-entries", "hash-max-listpack-value", "set-max-intset-entries", "zset-max-listpack-entries", "zset-max-listpack-value"].map(get),
    );
    const hashes = partProse("f-3-hashes");
    for (const phrase of [
      `fields (${hashEntries} by default)`,
      `bytes (${hashValue} by default)`,
      `Typing ${Number(hashEntries) + 1} fields`,
      `exactly the same at ${hashEntries}`,
      `a field name of ${Number(hashValue) + 1} bytes`,
      `the limits ${hashEntries} and ${hashValue}`,
    ])
      expect(hashes).toContain(phrase);

    const sets = partProse("f-3-sets");
    for (const phrase of [`members (${setEntries} by default)`, `a set of up to ${setEntries} of them`, "in 2, 4 or 8 bytes", "a member above 32,767", "`SINTERCARD`, new in Redis 7.0"])
      expect(sets).toContain(phrase);
    expect(COMMAND_META.sintercard.since).toBe("7.0.0");
    // The intset widens from 2 to 4 bytes past 32,767 (INT16_MAX) and to 8 past INT32_MAX.
    const widths = ["32767", "32768", "2147483648"].map((big) => {
      const v = SetValue.empty();
      v.add("1", 512);
      v.add(big, 512);
      return v.intsetWidth;
    });
    expect(widths).toEqual([2, 4, 8]);

    const zsets = partProse("f-3-zsets");
    for (const phrase of [`members (${zsetEntries} by default)`, `bytes (${zsetValue})`, `the ${hashEntries} of hashes and sets`, "17 significant digits", "Integers up to 2^53 are exact", "(about 9 × 10^15)", "1970 is about 1.8 × 10^12", "for about two more centuries"])
      expect(zsets).toContain(phrase);
    expect(setEntries).toBe(hashEntries);
    // 2^53 is where doubles stop holding every integer; Redis 7.0 prints %.17g.
    expect(2 ** 53).toBe(Number.MAX_SAFE_INTEGER + 1);
    expect((2 ** 53 / 1e15).toFixed(0)).toBe("9");
    // Milliseconds since 1970 now, and the year 2^53 microseconds reaches.
    expect((Date.UTC(2026, 0, 1) / 1e12).toFixed(1)).toBe("1.8");
    expect(Math.floor(1970 + 2 ** 53 / 1e6 / 86400 / 365.25)).toBe(2255);
    expect(await session.run("main", "ZADD d 1.1 m")).toBe("(integer) 1");
    const score = (await session.run("main", "ZSCORE d m")).replace(/"/g, "");
    expect(score.replace(/^0\.|\./, "").length).toBe(17);

    const lists = partProse("f-3-lists");
    // list-max-listpack-size -1..-5 cap a node at 4, 8, 16, 32, 64 KB.
    expect(OPTIMIZATION_LEVEL.map((b) => b / 1024)).toEqual([4, 8, 16, 32, 64]);
    for (const phrase of ["`-2`, the default, means 8 KB per node (`-1` is 4 KB and `-5` is 64 KB)", "It is 0, off, by\ndefault", "`LMPOP`, new in\nRedis 7.0, pops"])
      expect(lists).toContain(phrase);
    expect(await get("list-max-listpack-size")).toBe("-2");
    expect(await get("list-compress-depth")).toBe("0");
    expect([COMMAND_META.lmpop.since, COMMAND_META.blmpop.since]).toEqual(["7.0.0", "7.0.0"]);
  });

  it("has redis-server 7.0.15 start with the thresholds the parts state", async () => {
    const real = await RealRedisTabs.start([]);
    try {
      const want = { "hash-max-listpack-entries": 512, "hash-max-listpack-value": 64, "set-max-intset-entries": 512, "zset-max-listpack-entries": 128, "zset-max-listpack-value": 64, "list-max-listpack-size": -2, "list-compress-depth": 0 };
      for (const [name, value] of Object.entries(want)) expect(await real.line("main", `CONFIG GET ${name}`)).toBe(`1) "${name}"\n2) "${value}"`);
    } finally {
      await real.stop();
    }
  });
});
