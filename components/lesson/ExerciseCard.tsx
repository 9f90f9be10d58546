"use client";
/**
 * A graded exercise: its prompt, Start/Reset (a fresh instance with the exercise's setup),
 * Check (each goal with ✓/✗ and, when it fails, the check's own explanation), hints one at
 * a time and, last, the reference solution (recorded as shown).
 *
 * Grading reads state, not keystrokes. Once the learner has pressed Check on the active
 * exercise, the checks run again by themselves on every key change and every line a tab
 * sees, so fixing the state turns the card green without another click. A pass is latched
 * into progress: later changes to the keys do not take it back.
 */
import { useCallback, useEffect, useRef, useState } from "react";
import type { StateExercise } from "@/lessons/types";
import { resetOptionsFor, type CheckResult, type LessonSession } from "@/lessons/runtime/session";
import { restoreSnapshot, takeSnapshot, type Snapshot } from "@/lessons/runtime/snapshot";
import type { ExerciseProgress } from "@/lessons/runtime/progress";
import { describeStep } from "./ExampleBlock";
import { Prose } from "./Prose";
import { useRefocus } from "./use-refocus";
import styles from "./lesson.module.css";

export interface ExerciseCardProps {
  exercise: StateExercise;
  session: LessonSession | null;
  /** The module's config, applied with the exercise's own on Start/Reset. */
  moduleConfig?: Record<string, string>;
  progress: ExerciseProgress;
  /** This exercise's setup is the one applied on the instance. */
  active: boolean;
  onProgress(patch: ExerciseProgress): void;
  /** Called after Start/Reset applied the setup. */
  onStarted(): void;
  /** Called when Undo gave the learner their own keys back (no exercise is active then). */
  onStopped?(): void;
}

const KIND: Record<StateExercise["kind"], string> = { predict: "Predict", build: "Build", fix: "Fix", signature: "Watch it happen" };

export function ExerciseCard({ exercise, session, moduleConfig, progress, active, onProgress, onStarted, onStopped }: ExerciseCardProps) {
  const [results, setResults] = useState<CheckResult[] | null>(null);
  const [busy, setBusy] = useState<"start" | "check" | null>(null);
  const [showSolution, setShowSolution] = useState(false);
  const checking = useRef(false);
  const hints = progress.hints ?? 0;
  const passed = results !== null && results.every((r) => r.failure === null);

  // The latest props for the grading callback, so it (and the subscriptions using it) stay
  // the same across renders.
  const latest = useRef({ done: progress.done, onProgress });
  latest.current = { done: progress.done, onProgress };

  const check = useCallback(async () => {
    if (!session || checking.current) return;
    checking.current = true;
    try {
      const r = await session.check(exercise.checks);
      setResults(r);
      if (r.every((x) => x.failure === null) && !latest.current.done) latest.current.onProgress({ done: true });
    } finally {
      checking.current = false;
    }
  }, [session, exercise]);

  // After a first Check, re-grade on every key change and every transcript line.
  const watching = active && results !== null;
  useEffect(() => {
    if (!session || !watching) return;
    let timer: ReturnType<typeof setTimeout> | null = null;
    const again = () => {
      // An example's own changes never grade an exercise (the learner's next change will).
      if (session.inExample) return;
      if (timer) clearTimeout(timer);
      timer = setTimeout(() => void check(), 50);
    };
    const off1 = session.engine.onKeyChange(again);
    const off2 = session.engine.onTranscript(again);
    return () => {
      off1();
      off2();
      if (timer) clearTimeout(timer);
    };
  }, [session, watching, check]);

  /** Keys the learner would lose, when Start asks first (null: not asking). */
  const [confirming, setConfirming] = useState<number | null>(null);
  const startFocus = useRefocus<HTMLButtonElement>(busy !== null || confirming !== null);
  const checkFocus = useRefocus<HTMLButtonElement>(busy !== null);

  async function requestStart() {
    if (!session) return;
    startFocus.mark();
    if (!active) {
      // Starting replaces the instance: say so first if the learner has keys of their own.
      const keys = (await session.engine.inspectStats()).keys.reduce((a, b) => a + b, 0);
      if (keys > 0) return setConfirming(keys);
    }
    await start();
  }

  /** The learner's keys from before Start, while Undo is offered. */
  const [undo, setUndo] = useState<Snapshot | null>(null);

  async function start(keep = false) {
    if (!session) return;
    setConfirming(null);
    setBusy("start");
    try {
      const snap = keep ? await takeSnapshot(session.engine) : null;
      await session.startExercise({ config: moduleConfig }, exercise);
      setUndo(snap);
      setResults(null);
      onStarted();
    } finally {
      setBusy(null);
    }
  }

  async function undoStart() {
    if (!session || !undo) return;
    setBusy("start");
    try {
      await session.reset(resetOptionsFor({ config: moduleConfig }));
      await restoreSnapshot(session.engine.inner, undo);
      setUndo(null);
      setResults(null);
      onStopped?.();
    } finally {
      setBusy(null);
    }
  }

  async function onCheck() {
    checkFocus.mark();
    setBusy("check");
    try {
      await check();
    } finally {
      setBusy(null);
    }
  }

  return (
    <article
      className={styles.card}
      aria-label={`Exercise: ${exercise.title}`}
      data-active={active ? "true" : "false"}
      data-done={progress.done ? "true" : "false"}
    >
      <header className={styles.cardHead}>
        <span className={styles.badge}>{KIND[exercise.kind]}</span>
        <h3 className={styles.cardTitle}>{exercise.title}</h3>
        {progress.done && (
          <span className={styles.done} aria-label="completed">
            ✓ done{progress.solutionShown ? " (solution shown)" : ""}
          </span>
        )}
      </header>
      <Prose text={exercise.prompt} />
      <div className={styles.actions}>
        <button ref={startFocus.ref} type="button" className={styles.button} onClick={() => void requestStart()} disabled={!session || busy !== null || confirming !== null}>
          {active ? "Reset exercise" : "Start exercise"}
        </button>
        <button ref={checkFocus.ref} type="button" className={styles.primary} onClick={onCheck} disabled={!session || busy !== null}>
          {busy === "check" ? "Checking…" : "Check"}
        </button>
      </div>
      {confirming !== null && (
        <div className={styles.confirm} role="alertdialog" aria-label="Start the exercise?">
          <p>
            Starting gives this exercise a fresh instance: the {confirming === 1 ? "key" : `${confirming} keys`} in
            your playground will be cleared.
          </p>
          <div className={styles.actions}>
            <button type="button" className={styles.primary} autoFocus onClick={() => void start(true)}>
              Clear and start
            </button>
            <button type="button" className={styles.button} onClick={() => setConfirming(null)}>
              Cancel
            </button>
          </div>
        </div>
      )}
      {undo && active && (
        <p className={styles.hintText}>
          Your {undo.count === 1 ? "key was" : `${undo.count} keys were`} cleared.{" "}
          <button type="button" className={styles.link} onClick={() => void undoStart()} disabled={busy !== null}>
            Undo: put {undo.count === 1 ? "it" : "them"} back{undo.complete ? "" : " (the part that could be copied)"}
          </button>
        </p>
      )}
      {!active && confirming === null && <p className={styles.hintText}>Start applies the exercise&apos;s setup on a fresh instance (your keys in this lesson are cleared).</p>}
      {results && (
        <ul className={styles.results} aria-label="Check results">
          {results.map((r, i) => (
            <li key={i} data-pass={r.failure === null ? "true" : "false"}>
              <span aria-hidden="true">{r.failure === null ? "✓" : "✗"}</span> {r.describe}
              {r.failure !== null && <div className={styles.failure}>{r.failure}</div>}
            </li>
          ))}
        </ul>
      )}
      {passed && (
        <p className={styles.passed} role="status">
          Passed — well done.
        </p>
      )}
      {hints > 0 && (
        <ol className={styles.hints} aria-label="Hints">
          {exercise.hints.slice(0, hints).map((h, i) => (
            <li key={i}>
              <Prose text={h} />
            </li>
          ))}
        </ol>
      )}
      <div className={styles.actions}>
        {hints < exercise.hints.length && (
          <button type="button" className={styles.link} onClick={() => onProgress({ hints: hints + 1 })}>
            {hints === 0 ? "Show a hint" : `Another hint (${exercise.hints.length - hints} left)`}
          </button>
        )}
        {hints >= exercise.hints.length && !showSolution && (
          <button
            type="button"
            className={styles.link}
            onClick={() => {
              setShowSolution(true);
              if (!progress.solutionShown) onProgress({ solutionShown: true });
            }}
          >
            Show solution
          </button>
        )}
      </div>
      {showSolution && (
        <pre className={styles.solution} aria-label="Solution" data-lines={JSON.stringify(exercise.solution.filter((s) => "run" in s).map((s) => ("run" in s ? { client: s.client ?? "main", run: s.run } : null)))}>
          {exercise.solution.map(describeStep).join("\n")}
        </pre>
      )}
    </article>
  );
}
