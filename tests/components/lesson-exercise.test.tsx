// @vitest-environment jsdom
/**
 * An exercise card through the learner's eyes: start it, check (a specific failure message),
 * fix the state, check again (passed, latched as done), hints one at a time, then the
 * solution, recorded as shown. The engine is the in-thread LocalEngine.
 */
import { act, cleanup, render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { useState } from "react";
import { afterEach, describe, expect, it } from "vitest";
import { LocalEngine } from "@/engine/host/local";
import { ExerciseCard } from "@/components/lesson/ExerciseCard";
import { QuizCard } from "@/components/lesson/QuizCard";
import { LessonSession } from "@/lessons/runtime/session";
import type { ExerciseProgress } from "@/lessons/runtime/progress";
import { fixture, userExercise } from "../lessons/fixture";

const engines: LocalEngine[] = [];
afterEach(() => {
  cleanup();
  while (engines.length) engines.pop()!.dispose();
});

function Harness({ session, log }: { session: LessonSession; log: ExerciseProgress[] }) {
  const [progress, setProgress] = useState<ExerciseProgress>({});
  const [active, setActive] = useState(false);
  return (
    <ExerciseCard
      exercise={userExercise}
      session={session}
      progress={progress}
      active={active}
      onStarted={() => setActive(true)}
      onProgress={(patch) =>
        setProgress((p) => {
          const next = { ...p, ...patch };
          log.push(next);
          return next;
        })
      }
    />
  );
}

function setup() {
  const engine = new LocalEngine({ seed: 1 });
  engines.push(engine);
  const session = new LessonSession(engine);
  const log: ExerciseProgress[] = [];
  render(<Harness session={session} log={log} />);
  const card = screen.getByRole("article", { name: "Exercise: A user as a hash" });
  return { session, log, card, user: userEvent.setup() };
}

describe("the exercise card", () => {
  it("check → failure message → fix → pass, latched as done", async () => {
    const { session, log, card, user } = setup();
    await user.click(within(card).getByRole("button", { name: "Start exercise" }));
    await within(card).findByRole("button", { name: "Reset exercise" });
    expect(await session.reader().key("user:1")).toMatchObject({ type: "string" });

    await user.click(within(card).getByRole("button", { name: "Check" }));
    const results = await within(card).findByRole("list", { name: "Check results" });
    expect(within(results).getByText(/is a hash with name=Ada/).closest("li")!.dataset.pass).toBe("false");
    expect(within(results).getByText('"user:1" is a string; the exercise wants a hash.')).toBeTruthy();
    expect(within(card).queryByText(/Passed/)).toBeNull();

    // The learner fixes the state (as if typed in the REPL).
    await act(async () => {
      await session.run("main", "DEL user:1");
      await session.run("main", "HSET user:1 name Ada");
    });
    await user.click(within(card).getByRole("button", { name: "Check" }));
    await waitFor(() => expect(within(card).getByRole("status").textContent).toContain("Passed"));
    expect(within(card).getByText(/is a hash with name=Ada/).closest("li")!.dataset.pass).toBe("true");
    expect(within(card).getByLabelText("completed").textContent).toContain("done");
    expect(log.at(-1)).toMatchObject({ done: true });
    expect(card.dataset.done).toBe("true");
  });

  it("re-grades by itself after a first Check when the state changes", async () => {
    const { session, card, user } = setup();
    await user.click(within(card).getByRole("button", { name: "Start exercise" }));
    await within(card).findByRole("button", { name: "Reset exercise" });
    await user.click(within(card).getByRole("button", { name: "Check" }));
    await within(card).findByText('"user:1" is a string; the exercise wants a hash.');
    await act(async () => {
      await session.run("main", "DEL user:1");
      await session.run("main", "HSET user:1 name Ada");
    });
    await waitFor(() => expect(within(card).getByRole("status").textContent).toContain("Passed"));
  });

  it("reset re-runs the setup on a fresh instance", async () => {
    const { session, card, user } = setup();
    await user.click(within(card).getByRole("button", { name: "Start exercise" }));
    await within(card).findByRole("button", { name: "Reset exercise" });
    await act(async () => {
      await session.run("main", "SET other 1");
      await session.run("main", "DEL user:1");
    });
    await user.click(within(card).getByRole("button", { name: "Reset exercise" }));
    await waitFor(async () => expect(await session.reader().key("user:1")).not.toBeNull());
    expect(await session.reader().key("other")).toBeNull();
  });

  it("reveals hints one at a time, then the solution, recorded as shown", async () => {
    const { log, card, user } = setup();
    expect(within(card).queryByRole("list", { name: "Hints" })).toBeNull();
    expect(within(card).queryByRole("button", { name: "Show solution" })).toBeNull();
    await user.click(within(card).getByRole("button", { name: "Show a hint" }));
    expect(within(card).getByRole("list", { name: "Hints" }).textContent).toContain("A hash holds fields.");
    await user.click(within(card).getByRole("button", { name: "Show solution" }));
    expect(within(card).getByLabelText("Solution").textContent).toBe("DEL user:1\nHSET user:1 name Ada");
    expect(log.at(-1)).toEqual({ hints: 1, solutionShown: true });
  });
});

describe("the quiz card", () => {
  it("explains a wrong choice and completes on the right one", async () => {
    const quiz = fixture.exercises.find((e) => e.kind === "quiz")!;
    if (quiz.kind !== "quiz") throw new Error("fixture");
    function Q() {
      const [p, setP] = useState<ExerciseProgress>({});
      return <QuizCard quiz={quiz} progress={p} onProgress={(patch) => setP((x) => ({ ...x, ...patch }))} />;
    }
    render(<Q />);
    const user = userEvent.setup();
    await user.click(screen.getByRole("radio", { name: "Only on disk" }));
    expect(screen.getByRole("status").textContent).toBe("✗ Not quite. No.");
    await user.click(screen.getByRole("radio", { name: "In memory" }));
    expect(screen.getByRole("status").textContent).toBe("✓ Right. Yes.");
    expect(screen.getByLabelText("completed")).toBeTruthy();
  });
});
