/**
 * The course, in order. Empty for now: the modules (F-1 …) arrive with the lesson work. The
 * types are the shape DESIGN.md describes, so pages and tests can be written against them.
 */

/** A REPL line in a client tab, a move of the instance clock, or another client's action. */
export type Step =
  | { client?: string; run: string }
  | { advanceMs: number }
  | { actor: { client: string; when: "afterNextCommand"; run: string } };

export interface Example {
  id: string;
  title: string;
  steps: Step[];
}

export interface Exercise {
  id: string;
  prompt: string;
  setup?: Step[];
  solution: Step[];
  wrong?: Step[][];
  hints: string[];
}

export interface Module {
  id: string;
  title: string;
  summary: string;
  examples: Example[];
  exercises: Exercise[];
}

export interface Phase {
  id: string;
  title: string;
  modules: Module[];
}

export const course: Phase[] = [];
