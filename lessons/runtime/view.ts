/**
 * A module without its functions: everything the lesson page shows (prose, examples, exercise
 * prompts, hints, each check's description) as plain data a server page can hand to the
 * browser. The page renders the lesson from it at once; the checks' code arrives with the
 * module's own chunk (lessons/load.ts) and grading waits for it.
 */
import type { Check, Exercise, Module, StateExercise } from "../types";
import { allSections, splitMarkers } from "./markers";

export type CheckView = Pick<Check, "describe">;
export type ExerciseView = Exclude<Exercise, StateExercise> | (Omit<StateExercise, "checks"> & { checks: CheckView[] });
export type ModuleView = Omit<Module, "exercises"> & { exercises: ExerciseView[] };

export function toView(m: Module): ModuleView {
  return {
    ...m,
    exercises: m.exercises.map((e) => (e.kind === "quiz" ? e : { ...e, checks: e.checks.map((c) => ({ describe: c.describe })) })),
  };
}

/** A view as a module whose checks cannot grade yet (they say so if asked). */
export function fromView(v: ModuleView): Module {
  return {
    ...v,
    exercises: v.exercises.map((e) =>
      e.kind === "quiz"
        ? e
        : { ...e, checks: e.checks.map((c) => ({ describe: c.describe, test: async () => "The checks are still loading; try again in a moment." })) },
    ),
  };
}

/** Every Markdown text the page renders, each once, in page order (server and client agree). */
export function markdownTexts(m: Pick<Module, "sections" | "parts"> & { exercises: ExerciseView[] | Exercise[] }): string[] {
  const out = new Set<string>();
  for (const s of allSections(m)) for (const c of splitMarkers(s.body)) if (c.kind === "markdown") out.add(c.text);
  for (const e of m.exercises) {
    out.add(e.prompt);
    if (e.kind !== "quiz") for (const h of e.hints) out.add(h);
  }
  return [...out];
}
