"use client";
/**
 * The lesson's text: its sections (and sub-lesson parts) in Markdown, with each
 * `{{example:id}}` / `{{exercise:id}}` paragraph replaced by its runnable block or card.
 * Exercises no section places are listed at the end, so none is ever unreachable.
 */
import { useEffect, useRef, useState } from "react";
import type { Exercise, Module, Section } from "@/lessons/types";
import { markersOf, splitMarkers } from "@/lessons/runtime/markers";
import { moduleProgress, patchExercise, setActive, type Progress } from "@/lessons/runtime/progress";
import type { LessonSession } from "@/lessons/runtime/session";
import { ExampleBlock } from "./ExampleBlock";
import { ExerciseCard } from "./ExerciseCard";
import { QuizCard } from "./QuizCard";
import { Prose } from "./Prose";
import styles from "./lesson.module.css";

export interface LessonPaneProps {
  module: Module;
  session: LessonSession | null;
  /** The checks' code is here (else exercise cards wait for it). */
  canGrade?: boolean;
  progress: Progress;
  update(fn: (p: Progress) => Progress): void;
}

export function LessonPane({ module, session, canGrade = true, progress, update }: LessonPaneProps) {
  const mp = moduleProgress(progress, module.id);
  const parts = module.parts ?? [];
  const [partIdx, setPartIdx] = usePart(module, mp.active);
  const part = parts[partIdx];
  const placed = new Set(markersOf(module).filter((m) => m.kind === "exercise").map((m) => m.id));
  const unplaced = module.exercises.filter((e) => !placed.has(e.id));

  const exerciseCard = (ex: Exercise) => {
    const p = mp.exercises[ex.id] ?? {};
    const onProgress = (patch: typeof p) => update((pr) => patchExercise(pr, module.id, ex.id, patch));
    if (ex.kind === "quiz") return <QuizCard key={ex.id} quiz={ex} progress={p} onProgress={onProgress} />;
    return (
      <ExerciseCard
        key={ex.id}
        exercise={ex}
        session={canGrade ? session : null}
        moduleConfig={module.config}
        progress={p}
        active={mp.active === ex.id}
        onProgress={onProgress}
        onStarted={() => update((pr) => setActive(pr, module.id, ex.id))}
        onStopped={() => update((pr) => setActive(pr, module.id, undefined))}
      />
    );
  };

  const section = (s: Section) => (
    <section key={s.id} id={`s-${s.id}`} className={styles.section} aria-labelledby={`h-${s.id}`}>
      <h2 id={`h-${s.id}`}>{s.title}</h2>
      {splitMarkers(s.body).map((c, i) => {
        if (c.kind === "markdown") return <Prose key={i} text={c.text} />;
        if (c.kind === "example") {
          const ex = module.examples.find((e) => e.id === c.id);
          return ex ? <ExampleBlock key={i} example={ex} session={session} /> : <p key={i} className={styles.failure}>Missing example “{c.id}”.</p>;
        }
        const ex = module.exercises.find((e) => e.id === c.id);
        return ex ? exerciseCard(ex) : <p key={i} className={styles.failure}>Missing exercise “{c.id}”.</p>;
      })}
    </section>
  );

  return (
    <article className={styles.lesson} aria-label={`Lesson ${module.id}`}>
      <p className={styles.summary}>{module.summary}</p>
      <nav aria-label="Contents">
        <ol className={styles.toc}>
          {module.sections.map((s) => (
            <li key={s.id}>
              <a href={`#s-${s.id}`}>{s.title}</a>
            </li>
          ))}
          {parts.map((p, i) => (
            <li key={p.id}>
              <button type="button" className={styles.link} aria-current={i === partIdx ? "true" : undefined} onClick={() => setPartIdx(i)}>
                {p.title}
              </button>
            </li>
          ))}
        </ol>
      </nav>
      {module.sections.map(section)}
      {part && (
        <div key={part.id} id={`part-${part.id}`} className={styles.part}>
          <h2 className={styles.partTitle}>{part.title}</h2>
          {part.sections.map(section)}
          {partIdx + 1 < parts.length && (
            <p>
              <button type="button" className={styles.primary} onClick={() => setPartIdx(partIdx + 1)}>
                Next: {parts[partIdx + 1].title} →
              </button>
            </p>
          )}
        </div>
      )}
      {unplaced.length > 0 && (
        <section className={styles.section} aria-labelledby="h-more-exercises">
          <h2 id="h-more-exercises">Exercises</h2>
          {unplaced.map(exerciseCard)}
        </section>
      )}
    </article>
  );
}

/**
 * A module split into parts shows one part at a time (a sitting each). The part comes from
 * the address (#part-<id>, so a reload or a shared link keeps it), else the part holding the
 * active exercise, else the first; choosing one updates the address and scrolls to it.
 */
function usePart(module: Module, active: string | undefined): [number, (i: number) => void] {
  const parts = module.parts;
  const [idx, setIdx] = useState(0);
  const chosen = useRef(false);
  useEffect(() => {
    if (!parts?.length || chosen.current) return;
    const fromHash = parts.findIndex((p) => `#part-${p.id}` === window.location.hash);
    const withActive = parts.findIndex((p) => p.sections.some((s) => splitMarkers(s.body).some((c) => c.kind === "exercise" && c.id === active)));
    const i = fromHash >= 0 ? fromHash : withActive;
    if (i >= 0) setIdx(i);
  }, [parts, active]);
  const choose = (i: number) => {
    const p = parts?.[i];
    if (!p) return;
    chosen.current = true;
    setIdx(i);
    window.history.replaceState(null, "", `#part-${p.id}`);
    // After the part renders: bring its title into view.
    setTimeout(() => document.getElementById(`part-${p.id}`)?.scrollIntoView?.({ block: "start" }), 0);
  };
  return [idx, choose];
}
