/**
 * A lesson proves itself: these functions replay a module's examples and exercises on a real
 * instance and list what is wrong with it, in words an author can act on. The test suite
 * runs them on every written module of the course (and on a broken fixture, to show they
 * catch what they should); an author can run them on a module in progress.
 *
 * Each returns a list of problems; an empty list means the lesson holds.
 */
import type { EngineApi } from "@/engine/host/api";
import type { Example, Module, QuizExercise, Section, StateExercise, Step } from "../types";
import { markersOf } from "./markers";
import { LessonSession, resetOptionsFor } from "./session";

export interface ExampleMismatch {
  example: string;
  /** Index among the example's RunSteps. */
  step: number;
  line: string;
  expected: string;
  actual: string;
}

const runSteps = (steps: readonly Step[]) => steps.filter((s) => "run" in s).length;

/**
 * Replays every example, each on a fresh instance unless it has `fresh: false`, in which case
 * it continues where the previous example left the instance. Returns the replies that differ
 * from `expect` and the examples whose `expect` does not have one entry per RunStep.
 */
export async function replayExamples(
  engine: EngineApi,
  module: Pick<Module, "examples" | "config">,
): Promise<{ mismatches: ExampleMismatch[]; problems: string[] }> {
  const mismatches: ExampleMismatch[] = [];
  const problems: string[] = [];
  const session = new LessonSession(engine);
  let first = true;
  for (const ex of module.examples) {
    if (ex.expect.length !== runSteps(ex.steps)) {
      problems.push(`example "${ex.id}" has ${runSteps(ex.steps)} REPL lines but ${ex.expect.length} expected replies`);
    }
    if (first || ex.fresh !== false) await session.reset(resetOptionsFor(module));
    first = false;
    mismatches.push(...(await compareExample(session, ex)));
  }
  return { mismatches, problems };
}

/** Runs one example in a session as it stands and compares each reply with `expect`. */
export async function compareExample(session: LessonSession, ex: Example): Promise<ExampleMismatch[]> {
  const out: ExampleMismatch[] = [];
  const outputs = await session.steps(ex.steps);
  outputs.forEach((o, i) => {
    const expected = ex.expect[i];
    if (expected === null || expected === undefined) return;
    if (o.text !== expected) out.push({ example: ex.id, step: i, line: o.line, expected, actual: o.text });
  });
  return out;
}

/** Failure messages of the checks after running `steps` on the exercise's fresh instance. */
async function failuresAfter(session: LessonSession, module: Pick<Module, "config"> | undefined, ex: StateExercise, steps: readonly Step[]) {
  await session.startExercise(module, ex);
  await session.steps(steps);
  return session.check(ex.checks);
}

/**
 * The contract of a state exercise: the untouched setup fails at least one check, setup plus
 * solution passes all, and each wrong answer fails with a message containing its
 * `expectMessage`. A quiz needs a correct option, a wrong one and an explanation for each.
 */
export async function verifyExercise(
  engine: EngineApi,
  module: Pick<Module, "config"> | undefined,
  ex: StateExercise | QuizExercise,
): Promise<string[]> {
  const problems: string[] = [];
  const where = `exercise "${ex.id}"`;
  if (ex.kind === "quiz") {
    if (!ex.options.some((o) => o.correct)) problems.push(`${where}: no option is marked correct`);
    if (!ex.options.some((o) => !o.correct)) problems.push(`${where}: every option is correct; a quiz needs a wrong one`);
    for (const o of ex.options) if (!o.explain.trim()) problems.push(`${where}: option "${o.text}" has no explanation`);
    return problems;
  }
  if (ex.hints.length < 1) problems.push(`${where}: has no hint`);
  if (ex.checks.length < 1) problems.push(`${where}: has no check`);
  const session = new LessonSession(engine);

  const onSetup = await failuresAfter(session, module, ex, []);
  if (onSetup.every((r) => r.failure === null)) {
    problems.push(`${where}: the untouched setup already passes every check (a learner could pass by doing nothing)`);
  }

  const onSolution = await failuresAfter(session, module, ex, ex.solution);
  for (const r of onSolution) {
    if (r.failure !== null) problems.push(`${where}: the reference solution fails "${r.describe}": ${r.failure}`);
  }

  for (const w of ex.wrong) {
    const results = await failuresAfter(session, module, ex, w.steps);
    const failures = results.flatMap((r) => (r.failure === null ? [] : [r.failure]));
    if (!failures.length) problems.push(`${where}: the wrong answer "${w.why}" passes every check`);
    else if (!failures.some((f) => f.includes(w.expectMessage))) {
      problems.push(`${where}: the wrong answer "${w.why}" fails, but with ${JSON.stringify(failures)}, none containing ${JSON.stringify(w.expectMessage)}`);
    }
  }
  return problems;
}

/** What can be checked without an instance: unique ids, markers that resolve, expect lengths. */
export function verifyShape(module: Module): string[] {
  const problems: string[] = [];
  const dupes = (what: string, ids: string[]) => {
    const seen = new Set<string>();
    for (const id of ids) {
      if (seen.has(id)) problems.push(`${what} id "${id}" is used twice`);
      seen.add(id);
    }
  };
  dupes("example", module.examples.map((e) => e.id));
  dupes("exercise", module.exercises.map((e) => e.id));
  dupes("section", [...module.sections, ...(module.parts ?? []).flatMap((p) => p.sections)].map((s) => s.id));
  dupes("part", (module.parts ?? []).map((p) => p.id));
  const examples = new Set(module.examples.map((e) => e.id));
  const exercises = new Set(module.exercises.map((e) => e.id));
  for (const m of markersOf(module)) {
    const known = m.kind === "example" ? examples : exercises;
    if (!known.has(m.id)) problems.push(`section "${m.section}" places ${m.kind} "${m.id}", which the module does not define`);
  }
  if (module.exercises.filter((e) => e.kind === "quiz").length > 1) problems.push("a module has at most one quiz");
  for (const ex of module.examples) {
    const n = runSteps(ex.steps);
    if (ex.expect.length !== n) problems.push(`example "${ex.id}" has ${n} REPL lines but ${ex.expect.length} expected replies`);
  }
  return problems;
}

/** Prose words of some sections, not counting code blocks, markers, tables' pipes and Markdown marks. */
export function proseWords(sections: readonly Section[]): number {
  return sections
    .map((s) => s.body)
    .join("\n")
    .replace(/```[\s\S]*?```/g, " ")
    .replace(/\{\{[^}]*\}\}/g, " ")
    .replace(/[|`*#>-]/g, " ")
    .split(/\s+/)
    .filter((w) => /[A-Za-z0-9]/.test(w)).length;
}

/** The bounds on a sitting's prose: about 1,200–2,500 words. */
export const WORDS_PER_SITTING = { min: 1200, max: 2500 } as const;

/**
 * The course's rules for a finished module (issue 8): 1,200–2,500 words per sitting (per part
 * when the module is split), at least five examples and five exercises, a ramp of predict,
 * build, fix and signature, every example and exercise placed exactly once in the prose, a
 * plausible wrong answer for each graded exercise (verifyExercise asks for its hints), exactly
 * one correct option per quiz.
 */
export function verifyCourseRules(module: Module): string[] {
  const problems: string[] = [];
  const sittings = module.parts?.length ? module.parts.map((p) => ({ id: `part "${p.id}"`, sections: p.sections })) : [{ id: "the module", sections: module.sections }];
  for (const s of sittings) {
    const n = proseWords(s.sections);
    if (n < WORDS_PER_SITTING.min || n > WORDS_PER_SITTING.max) problems.push(`${s.id} has ${n} words of prose, outside ${WORDS_PER_SITTING.min}–${WORDS_PER_SITTING.max}`);
  }
  if (module.examples.length < 5) problems.push(`${module.examples.length} examples; a module has at least five`);
  const graded = module.exercises.filter((e) => e.kind !== "quiz").length;
  if (graded < 5) problems.push(`${graded} graded exercises (a quiz does not count); a module has at least five`);
  const kinds = new Set(module.exercises.map((e) => e.kind));
  for (const k of ["predict", "build", "fix", "signature"] as const) if (!kinds.has(k)) problems.push(`no ${k} exercise in the ramp`);
  const placed = markersOf(module).map((m) => `${m.kind} "${m.id}"`);
  const ids = [...module.examples.map((e) => `example "${e.id}"`), ...module.exercises.map((e) => `exercise "${e.id}"`)];
  for (const id of ids) {
    const n = placed.filter((p) => p === id).length;
    if (n !== 1) problems.push(`${id} is placed ${n} times in the prose; it should be placed once`);
  }
  for (const ex of module.exercises) {
    if (ex.kind === "quiz") {
      const correct = ex.options.filter((o) => o.correct).length;
      if (correct !== 1) problems.push(`quiz "${ex.id}" has ${correct} correct options; it should have one`);
    } else if (!ex.wrong.length) problems.push(`exercise "${ex.id}" has no plausible wrong answer`);
  }
  return problems;
}

/**
 * Running every example of the module, one after another in one playground (as a learner who
 * presses every Run button does), must not pass any state exercise: each keeps a failing check.
 */
export async function verifyExamplesGradeNothing(engine: EngineApi, module: Pick<Module, "examples" | "exercises" | "config">): Promise<string[]> {
  const session = new LessonSession(engine);
  await session.reset(resetOptionsFor(module));
  for (const ex of module.examples) await session.runExample(ex.steps);
  const problems: string[] = [];
  for (const ex of module.exercises) {
    if (ex.kind === "quiz") continue;
    const results = await session.check(ex.checks);
    if (results.every((r) => r.failure === null)) problems.push(`exercise "${ex.id}" passes after running the examples alone`);
  }
  return problems;
}

/**
 * For modules whose examples are written to read the same in any order: replays them all on
 * one instance, never resetting, and returns the replies that differ from `expect`.
 */
export async function replayInSequence(engine: EngineApi, module: Pick<Module, "examples" | "config">): Promise<ExampleMismatch[]> {
  const session = new LessonSession(engine);
  await session.reset(resetOptionsFor(module));
  const out: ExampleMismatch[] = [];
  for (const ex of module.examples) out.push(...(await compareExample(session, ex)));
  return out;
}
