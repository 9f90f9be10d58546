/**
 * A tiny module for the runtime's and the lesson page's tests: a section with an example and
 * an exercise placed by markers, chained and fresh examples, a fix exercise with a wrong
 * answer, and a quiz.
 */
import { hashHas } from "@/lessons/checks";
import type { Module, StateExercise } from "@/lessons/types";

export const userExercise: StateExercise = {
  kind: "fix",
  id: "user-hash",
  title: "A user as a hash",
  prompt: "Turn `user:1` into a hash.",
  setup: [{ run: `SET user:1 "{\\"name\\":\\"Ada\\"}"` }],
  solution: [{ run: "DEL user:1" }, { run: "HSET user:1 name Ada" }],
  wrong: [{ why: "left as JSON", steps: [{ run: "SET user:1 other" }], expectMessage: "the exercise wants a hash" }],
  hints: ["A hash holds fields."],
  checks: [hashHas("user:1", { name: "Ada" })],
};

export const fixture: Module = {
  id: "X-1",
  title: "Fixture",
  summary: "a tiny module for the runtime's tests",
  sections: [{ id: "s1", title: "One", body: "Prose.\n\n{{example:first}}\n\nMore.\n\n{{exercise:user-hash}}\n\n{{example:fresh}}\n\n{{example:hash-user}}\n" }],
  examples: [
    { id: "first", steps: [{ run: "SET a 1" }, { run: "GET a" }, { run: "INCR a" }], expect: ["OK", '"1"', "(integer) 2"] },
    { id: "fresh", steps: [{ run: "EXISTS a" }], expect: ["(integer) 0"] },
    { id: "continued", fresh: false, steps: [{ run: "SET a x" }, { run: "GET a" }], expect: ["OK", '"x"'] },
    { id: "builds", fresh: false, steps: [{ run: "TYPE a" }], expect: ["string"] },
    // Builds the state the exercise asks for: running it must not grade the exercise.
    { id: "hash-user", steps: [{ run: "DEL user:1" }, { run: "HSET user:1 name Ada" }], expect: ["(integer) 0", "(integer) 1"] },
  ],
  exercises: [
    userExercise,
    {
      kind: "quiz",
      id: "quiz",
      title: "Quiz",
      prompt: "Where does Redis keep data?",
      options: [
        { text: "In memory", correct: true, explain: "Yes." },
        { text: "Only on disk", correct: false, explain: "No." },
      ],
    },
  ],
};
