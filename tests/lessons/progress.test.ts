/**
 * Saved progress: versioned, sanitised field by field, and never a crash — whatever storage
 * holds or however it fails.
 */
import { describe, expect, it } from "vitest";
import {
  PROGRESS_KEY,
  doneCount,
  emptyProgress,
  loadProgress,
  patchExercise,
  saveProgress,
  setActive,
} from "@/lessons/runtime/progress";

function memory(initial?: string) {
  const m = new Map<string, string>();
  if (initial !== undefined) m.set(PROGRESS_KEY, initial);
  return { getItem: (k: string) => m.get(k) ?? null, setItem: (k: string, v: string) => void m.set(k, v), m };
}

const throwing = {
  getItem: () => {
    throw new Error("SecurityError");
  },
  setItem: () => {
    throw new Error("QuotaExceededError");
  },
};

describe("progress", () => {
  it("round-trips through storage", () => {
    const s = memory();
    let p = patchExercise(emptyProgress(), "F-1", "a", { done: true });
    p = patchExercise(p, "F-1", "b", { hints: 2 });
    p = setActive({ ...p, last: "F-1" }, "F-1", "b");
    expect(saveProgress(p, s)).toBe(true);
    expect(loadProgress(s)).toEqual({ progress: p, notice: null });
    expect(doneCount(p, "F-1", ["a", "b", "c"])).toBe(1);
    expect(setActive(p, "F-1", undefined).modules["F-1"].active).toBeUndefined();
  });

  it("starts empty without a notice when nothing is saved or storage is missing", () => {
    expect(loadProgress(memory())).toEqual({ progress: emptyProgress(), notice: null });
    expect(loadProgress(null)).toEqual({ progress: emptyProgress(), notice: null });
    expect(saveProgress(emptyProgress(), null)).toBe(false);
  });

  it("drops unreadable JSON or another version with a notice", () => {
    for (const bad of ["{oops", "null", "[]", '"x"', JSON.stringify({ version: 2, modules: {} }), JSON.stringify({ modules: {} })]) {
      const r = loadProgress(memory(bad));
      expect(r.progress, bad).toEqual(emptyProgress());
      expect(r.notice, bad).toMatch(/could not be read/);
    }
  });

  it("keeps what is sound in a partly corrupt entry", () => {
    const raw = {
      version: 1,
      last: 42,
      modules: {
        "F-1": { exercises: { a: { done: true, hints: -3, choice: "x" }, b: "junk", c: { hints: 2.5, solutionShown: "yes" } }, active: 7 },
        "F-2": "junk",
        "F-3": { exercises: null },
      },
    };
    expect(loadProgress(memory(JSON.stringify(raw)))).toEqual({
      progress: { version: 1, modules: { "F-1": { exercises: { a: { done: true }, c: {} } } } },
      notice: null,
    });
  });

  it("never throws when storage itself throws", () => {
    expect(loadProgress(throwing).progress).toEqual(emptyProgress());
    expect(loadProgress(throwing).notice).toMatch(/could not be read/);
    expect(saveProgress(emptyProgress(), throwing)).toBe(false);
  });
});
