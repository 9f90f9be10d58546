"use client";
/**
 * The course map: three phases, every module of the syllabus. Written modules link to their
 * lesson with the learner's progress (exercises done / total); planned ones say "coming soon"
 * and link nowhere. "Continue" leads to the lesson opened last (or the first one).
 */
import Link from "next/link";
import type { ModuleSummary, courseOutline } from "@/lessons";
import { doneCount } from "@/lessons/runtime/progress";
import { useProgress } from "./useProgress";
import styles from "./course-map.module.css";

export const lessonHref = (id: string) => `/learn/${id.toLowerCase()}`;

/** A summary's `code` spans as <code>; the rest as text (summaries are one line). */
function Summary({ text }: { text: string }) {
  return (
    <p className={styles.summary}>
      {text.split("`").map((part, i) => (i % 2 ? <code key={i}>{part}</code> : part))}
    </p>
  );
}

/** The map is given the course outline (plain data) by the page, not the lessons themselves. */
export function CourseMap({ phases }: { phases: ReturnType<typeof courseOutline> }) {
  const { progress, notice, dismissNotice } = useProgress();
  const written = phases.flatMap((p) => p.modules).filter((m) => m.exercises !== null);
  const last = written.find((m) => m.id === progress.last);
  const next: ModuleSummary | undefined = last ?? written[0];

  return (
    <div className={styles.map}>
      {notice && (
        <p className={styles.notice} role="status">
          {notice}{" "}
          <button type="button" className={styles.dismiss} onClick={dismissNotice}>
            Dismiss
          </button>
        </p>
      )}
      {next && (
        <p className={styles.continue}>
          <Link href={lessonHref(next.id)} className={styles.cta}>
            {last ? "Continue where you left off" : "Start the course"}: {next.id} {next.title} →
          </Link>
        </p>
      )}
      {phases.map((phase) => (
        <section key={phase.id} className={styles.phase} aria-labelledby={`phase-${phase.id}`}>
          <h2 id={`phase-${phase.id}`}>{phase.title}</h2>
          <ol className={styles.modules}>
            {phase.modules.map((m) => {
              if (m.exercises === null) {
                return (
                  <li key={m.id} className={styles.module} data-written="false">
                    <span className={styles.id}>{m.id}</span>
                    <span className={styles.name}>{m.title}</span>
                    <span className={styles.soon}>coming soon</span>
                    <Summary text={m.summary} />
                  </li>
                );
              }
              const total = m.exercises.length;
              const done = doneCount(progress, m.id, m.exercises);
              return (
                <li key={m.id} className={styles.module} data-written="true" data-complete={done === total ? "true" : "false"}>
                  <span className={styles.id}>{m.id}</span>
                  <Link href={lessonHref(m.id)} className={styles.name}>
                    {m.title}
                  </Link>
                  <span className={styles.progress} aria-label={`${done} of ${total} exercises done`}>
                    {done}/{total}
                  </span>
                  <Summary text={m.summary} />
                </li>
              );
            })}
          </ol>
        </section>
      ))}
    </div>
  );
}
