/**
 * What remains of the F-1 family's replay harness once the shared suite (course.test.ts) took
 * over the lesson contract: the one invariant F-1, F-2, F-5 and F-6 add to it. Their examples
 * are written to read the same run fresh or one after another, so they must also replay, all
 * on one instance in order, to their stored replies.
 *
 * `Playground` and `stateExercises` are re-exported for module test files written against the
 * old harness; new ones use tests/support/lesson-sessions.ts.
 */
import { expect, it } from "vitest";
import { LocalEngine } from "@/engine/host/local";
import { replayInSequence } from "@/lessons/runtime/verify";
import type { Exercise, Module, StateExercise } from "@/lessons/types";

export { Playground } from "../support/lesson-sessions";

export const stateExercises = (m: Module): StateExercise[] => m.exercises.filter((e: Exercise): e is StateExercise => e.kind !== "quiz");

/** The in-order replay (and no example marked fresh or chained, since order must not matter). */
export function describeModule(m: Module) {
  it("replays every example, all in order on one instance, to its stored replies", async () => {
    expect(m.examples.filter((ex) => ex.fresh !== undefined).map((ex) => ex.id)).toEqual([]);
    const engine = new LocalEngine({ seed: 1 });
    try {
      expect(await replayInSequence(engine, m)).toEqual([]);
    } finally {
      engine.dispose();
    }
  });
}
