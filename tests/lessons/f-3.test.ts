/**
 * F-3 beyond the shared suite (course.test.ts): it is split into an intro and one part per
 * type, each part a sitting of its own with its own examples and ramp of exercises, no quiz,
 * and the thresholds its prose states are what CONFIG GET reports, with boundary values
 * measured right.
 */
import { describe, expect, it } from "vitest";
import { module } from "@/lessons/f-3";
import { LAMP_64, LAMP_65 } from "@/lessons/f-3/hashes";
import { markersOf } from "@/lessons/runtime/markers";
import { WORDS_PER_SITTING, proseWords } from "@/lessons/runtime/verify";
import { lessonSessions } from "../support/lesson-sessions";

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
});
