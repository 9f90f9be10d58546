/**
 * Prints the written course as JSON for the browser tests (tests/e2e/lessons.mjs), which run
 * under plain Node and cannot import the lessons' TypeScript: each written module with its
 * state exercises (title, steps of the reference solution, the size of its setup, and the
 * sub-lesson part that shows the card). Checks stay out: the browser grades with the site's own copy of them.
 *
 *   npx tsx tests/e2e/course-data.ts
 */
import { allModules, isWritten, type Module } from "@/lessons/index";

/** The part of a split module (F-3) whose prose places the exercise's card, if any. */
function partOf(module: Module, exerciseId: string): string | null {
  const marker = `{{exercise:${exerciseId}}}`;
  const part = module.parts?.find((p) => p.sections.some((s) => s.body.includes(marker)));
  return part?.id ?? null;
}

const modules = allModules.filter(isWritten).map((m) => ({
  id: m.id,
  title: m.title,
  parts: (m.parts ?? []).map((p) => ({ id: p.id, title: p.title })),
  exercises: m.exercises.flatMap((e) =>
    e.kind === "quiz"
      ? []
      : [{ id: e.id, kind: e.kind, title: e.title, part: partOf(m, e.id), setupSteps: e.setup?.length ?? 0, solution: e.solution }],
  ),
}));

process.stdout.write(`${JSON.stringify({ modules })}\n`);
