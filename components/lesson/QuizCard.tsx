"use client";
/**
 * A quiz, for what cannot be graded on state: pick an option, read why it is right or
 * wrong. Choosing a correct option completes the exercise.
 */
import type { QuizExercise } from "@/lessons/types";
import type { ExerciseProgress } from "@/lessons/runtime/progress";
import { Prose } from "./Prose";
import styles from "./lesson.module.css";

export function QuizCard({
  quiz,
  progress,
  onProgress,
}: {
  quiz: QuizExercise;
  progress: ExerciseProgress;
  onProgress(patch: ExerciseProgress): void;
}) {
  const choice = progress.choice !== undefined && progress.choice < quiz.options.length ? progress.choice : null;
  const chosen = choice === null ? null : quiz.options[choice];
  return (
    <article className={styles.card} aria-label={`Quiz: ${quiz.title}`} data-done={progress.done ? "true" : "false"}>
      <header className={styles.cardHead}>
        <span className={styles.badge}>Quiz</span>
        <h3 className={styles.cardTitle}>{quiz.title}</h3>
        {progress.done && (
          <span className={styles.done} aria-label="completed">
            ✓ done
          </span>
        )}
      </header>
      <Prose text={quiz.prompt} />
      <fieldset className={styles.options}>
        <legend className={styles.visuallyHidden}>Choose one answer</legend>
        {quiz.options.map((o, i) => (
          <label key={i} className={styles.option} data-chosen={choice === i ? (o.correct ? "right" : "wrong") : undefined}>
            <input
              type="radio"
              name={`quiz-${quiz.id}`}
              checked={choice === i}
              onChange={() => onProgress(o.correct ? { choice: i, done: true } : { choice: i })}
            />{" "}
            {o.text}
          </label>
        ))}
      </fieldset>
      {chosen && (
        <div className={chosen.correct ? styles.passed : styles.failure} role="status">
          {chosen.correct ? "✓ Right. " : "✗ Not quite. "}
          {chosen.explain}
        </div>
      )}
    </article>
  );
}
