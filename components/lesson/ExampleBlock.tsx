"use client";
/**
 * A runnable example in the prose: its lines and the replies the prose promises. Run plays
 * the steps in the learner's playground (the lines appear in the REPL tabs they name) and
 * puts what came back beside what was expected, so a difference is visible, not hidden —
 * usually it means the learner's own keys changed the outcome.
 */
import { useState } from "react";
import type { Example, Step } from "@/lessons/types";
import type { LessonSession } from "@/lessons/runtime/session";
import { useRefocus } from "./use-refocus";
import styles from "./lesson.module.css";

export function describeStep(s: Step): string {
  if ("run" in s) return s.client && s.client !== "main" ? `[${s.client}] ${s.run}` : s.run;
  if ("advanceMs" in s) return `⏩ advance the clock ${s.advanceMs >= 1000 ? `${s.advanceMs / 1000} s` : `${s.advanceMs} ms`}`;
  return `⚑ after ${s.actor.after ?? "main"}'s next command, ${s.actor.client} runs: ${s.actor.run}`;
}

export function ExampleBlock({ example, session }: { example: Example; session: LessonSession | null }) {
  const [actual, setActual] = useState<string[] | null>(null);
  const [running, setRunning] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const focus = useRefocus<HTMLButtonElement>(running);

  async function run() {
    if (!session) return;
    focus.mark();
    setRunning(true);
    setError(null);
    try {
      const out = await session.runExample(example.steps);
      setActual(out.map((o) => o.text));
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setRunning(false);
    }
  }

  let runIndex = -1;
  const matched = actual?.every((a, i) => example.expect[i] == null || example.expect[i] === a);
  return (
    <figure className={styles.example} aria-label={`Example ${example.id}`} data-state={actual ? (matched ? "matched" : "differs") : "idle"}>
      <div className={styles.exampleHead}>
        <span className={styles.exampleLabel}>Example</span>
        <button ref={focus.ref} type="button" className={styles.button} onClick={run} disabled={!session || running}>
          {running ? "Running…" : actual ? "Run again" : "Run"}
        </button>
      </div>
      <ol className={styles.exampleSteps}>
        {example.steps.map((s, i) => {
          if (!("run" in s)) return <li key={i} className={styles.stepNote}>{describeStep(s)}</li>;
          runIndex++;
          const expected = example.expect[runIndex];
          const got = actual?.[runIndex];
          const same = got === undefined || expected == null || got === expected;
          return (
            <li key={i} className={styles.step} data-match={got === undefined ? undefined : same ? "yes" : "no"}>
              <pre className={styles.stepLine}>{describeStep(s)}</pre>
              {expected != null && <pre className={styles.expected} aria-label="expected reply">{expected}</pre>}
              {expected == null && <pre className={styles.expected}>(varies)</pre>}
              {got !== undefined && !same && (
                <pre className={styles.actual} aria-label="actual reply">
                  {got}
                </pre>
              )}
            </li>
          );
        })}
      </ol>
      {actual && (
        <p className={styles.exampleStatus} role="status">
          {matched ? "✓ Your playground printed what the lesson shows." : "✗ Your playground printed something else (your own keys may differ); the actual reply is shown under the expected one."}
        </p>
      )}
      {error && <p className={styles.failure}>{error}</p>}
      {example.note && <figcaption className={styles.note}>{example.note}</figcaption>}
    </figure>
  );
}
