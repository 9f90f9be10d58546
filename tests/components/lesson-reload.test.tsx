// @vitest-environment jsdom
/**
 * A lesson survives a reload: its keys are saved with the exercise they belong to, and the page
 * brings them back instead of applying the exercise's setup over the learner's work. Setups that
 * keys alone cannot restore (a WATCH, a scripted client) are applied again, and the page says so.
 * Also: buttons that are disabled while they work give keyboard focus back afterwards.
 */
import { cleanup, render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { LocalEngine } from "@/engine/host/local";
import { LessonPage } from "@/components/lesson/LessonPage";
import { lessonDataKey, restorableFromKeys } from "@/components/lesson/lesson-data";
import { useRefocus } from "@/components/lesson/use-refocus";
import { loadProgress } from "@/lessons/runtime/progress";
import type { Module } from "@/lessons/types";
import { fixture, userExercise } from "../lessons/fixture";

const engines: LocalEngine[] = [];
beforeEach(() => localStorage.clear());
afterEach(() => {
  cleanup();
  while (engines.length) engines.pop()!.dispose();
});

/** Opens the lesson on a new engine, as a reload would (the old page is gone first). */
async function open(module: Module = fixture) {
  cleanup();
  const engine = new LocalEngine({ seed: 1 });
  engines.push(engine);
  render(<LessonPage moduleId={module.id} module={module} engine={engine} />);
  await waitFor(() => expect(screen.queryByText("Starting Redis…")).toBeNull());
  return { engine, user: userEvent.setup() };
}

const card = (title = "A user as a hash") => screen.getByRole("article", { name: `Exercise: ${title}` });
const saved = (id = fixture.id) => JSON.parse(localStorage.getItem(lessonDataKey(id)) ?? "null");
const savedKeys = (id = fixture.id): string[] => saved(id)?.data.dbs.flatMap((d: { keys: { key: string }[] }) => d.keys.map((k) => k.key)) ?? [];

async function type(user: ReturnType<typeof userEvent.setup>, line: string) {
  const input = screen.getAllByRole("textbox", { name: "Command" })[0];
  await user.type(input, `${line}{Enter}`);
}

async function startExercise(user: ReturnType<typeof userEvent.setup>, title?: string) {
  await user.click(within(card(title)).getByRole("button", { name: "Start exercise" }));
  // With keys of the learner's own, Start asks first; its confirm button has the focus.
  const c = within(card(title));
  await waitFor(() => expect(c.queryByRole("button", { name: "Clear and start" }) ?? c.queryByRole("button", { name: "Reset exercise" })).not.toBeNull());
  const confirm = c.queryByRole("button", { name: "Clear and start" });
  if (confirm) {
    expect(document.activeElement).toBe(confirm);
    await user.click(confirm);
  }
  await within(card(title)).findByRole("button", { name: "Reset exercise" });
}

describe("a lesson after a reload", () => {
  it("brings back the learner's work on the active exercise, without re-applying its setup", async () => {
    let { user, engine } = await open();
    await startExercise(user);
    // Half-way: the JSON string is gone, the hash not written yet, and a note of the learner's own.
    await type(user, "DEL user:1");
    await type(user, "SET draft 1");
    await waitFor(() => expect(savedKeys()).toEqual(["draft"]), { timeout: 4000 });
    expect(saved().exercise).toBe("user-hash");

    ({ user, engine } = await open());
    await screen.findByText("Restored your 1 key of the exercise “A user as a hash” from your last visit.");
    expect(await engine.inspectKey(0, "user:1")).toBeNull(); // the setup's string did not come back
    expect(await engine.inspectKey(0, "draft")).toMatchObject({ value: { type: "string", value: "1" } });
    expect(card().dataset.active).toBe("true");

    // The exercise carries on from there and passes.
    await type(user, "HSET user:1 name Ada");
    await user.click(within(card()).getByRole("button", { name: "Check" }));
    await waitFor(() => expect(within(card()).getByRole("status").textContent).toContain("Passed"));
    expect(loadProgress().progress.modules["X-1"].exercises["user-hash"].done).toBe(true);
  }, 15_000);

  it("keeps an instance the learner emptied empty", async () => {
    const { user } = await open();
    await startExercise(user);
    await type(user, "DEL user:1");
    await waitFor(() => expect(saved()?.exercise).toBe("user-hash"), { timeout: 4000 });
    await waitFor(() => expect(savedKeys()).toEqual([]), { timeout: 4000 });
    const { engine } = await open();
    await screen.findByText(/Restored your 0 keys of the exercise/);
    expect((await engine.inspectStats()).keys.reduce((a, b) => a + b, 0)).toBe(0);
  }, 15_000);

  it("restores free play's keys when no exercise is active", async () => {
    const { user } = await open();
    await type(user, "RPUSH todo a b");
    await waitFor(() => expect(savedKeys()).toEqual(["todo"]), { timeout: 4000 });
    expect(saved().exercise).toBeNull();
    const { engine } = await open();
    await screen.findByText("Restored your 1 key from your last visit.");
    expect(await engine.inspectKey(0, "todo")).toMatchObject({ type: "list" });
  }, 15_000);

  it("applies the setup when the saved keys belong to another exercise", async () => {
    localStorage.setItem(lessonDataKey("X-1"), JSON.stringify({ version: 1, exercise: "other", data: { format: "redis-playground-data", version: 1, complete: true, dbs: [] } }));
    localStorage.setItem("redis-playground:progress", JSON.stringify({ version: 1, modules: { "X-1": { exercises: {}, active: "user-hash" } } }));
    const { engine } = await open();
    await waitFor(async () => expect(await engine.inspectKey(0, "user:1")).toMatchObject({ type: "string" }));
    expect(screen.queryByLabelText("Lesson data")).toBeNull();
  });

  it("Reset lesson clears the keys and the active exercise, after asking, and a reload keeps it clear", async () => {
    const { user, engine } = await open();
    await startExercise(user);
    await type(user, "SET draft 1");
    await waitFor(() => expect(savedKeys()).toContain("draft"), { timeout: 4000 });
    await user.click(screen.getByRole("button", { name: "Reset lesson" }));
    const dialog = screen.getByRole("alertdialog", { name: "Reset the lesson?" });
    expect(document.activeElement).toBe(within(dialog).getByRole("button", { name: "Reset" }));
    await user.click(within(dialog).getByRole("button", { name: "Reset" }));
    await screen.findByText("The lesson was reset: a fresh instance with no keys.");
    expect((await engine.inspectStats()).keys.reduce((a, b) => a + b, 0)).toBe(0);
    expect(card().dataset.active).toBe("false");
    expect(loadProgress().progress.modules["X-1"].active).toBeUndefined();

    const again = await open();
    await new Promise((r) => setTimeout(r, 100));
    expect(screen.queryByLabelText("Lesson data")).toBeNull();
    expect((await again.engine.inspectStats()).keys.reduce((a, b) => a + b, 0)).toBe(0);
  }, 15_000);

  it("drops unreadable saved keys with a notice and starts fresh", async () => {
    localStorage.setItem(lessonDataKey("X-1"), "{not json");
    const { engine } = await open();
    await screen.findByText(/The keys saved for this lesson could not be restored \(it is unreadable\)/);
    expect((await engine.inspectStats()).keys.reduce((a, b) => a + b, 0)).toBe(0);
    expect(localStorage.getItem(lessonDataKey("X-1"))).toBeNull();
  });

  it("sets up again an exercise whose setup leaves a client WATCHing, and says why", async () => {
    const watching: Module = {
      ...fixture,
      id: "X-2",
      exercises: [{ ...userExercise, setup: [...(userExercise.setup ?? []), { run: "WATCH user:1" }] }],
    };
    expect(restorableFromKeys(watching.exercises[0] as typeof userExercise)).toBe(false);
    expect(restorableFromKeys(userExercise)).toBe(true);
    let { user, engine } = await open(watching);
    await startExercise(user);
    await type(user, "DEL user:1");
    await waitFor(() => expect(saved("X-2")?.exercise).toBe("user-hash"), { timeout: 4000 });
    ({ user, engine } = await open(watching));
    await screen.findByText(/was set up again: its setup leaves clients in a state/);
    expect(await engine.inspectKey(0, "user:1")).toMatchObject({ type: "string" });
  }, 15_000);
});

/** A button disabled while busy, as Run and Check are. */
function BusyButton({ busy, onMark }: { busy: boolean; onMark(mark: () => void): void }) {
  const focus = useRefocus<HTMLButtonElement>(busy);
  onMark(focus.mark);
  return (
    <button ref={focus.ref} type="button" disabled={busy}>
      Run
    </button>
  );
}

describe("keyboard focus in the lesson", () => {
  it("goes back to a button once the work that disabled it is done", () => {
    let mark = () => {};
    const { rerender } = render(<BusyButton busy={false} onMark={(m) => (mark = m)} />);
    const button = screen.getByRole("button", { name: "Run" });
    button.focus();
    mark();
    // What Chromium does to a focused button that becomes disabled (jsdom does not).
    button.blur();
    rerender(<BusyButton busy onMark={(m) => (mark = m)} />);
    expect(document.activeElement).toBe(document.body);
    rerender(<BusyButton busy={false} onMark={(m) => (mark = m)} />);
    expect(document.activeElement).toBe(button);
  });

  it("leaves focus alone when the learner moved on meanwhile", () => {
    let mark = () => {};
    const { rerender } = render(
      <>
        <BusyButton busy={false} onMark={(m) => (mark = m)} />
        <input aria-label="elsewhere" />
      </>,
    );
    mark();
    rerender(
      <>
        <BusyButton busy onMark={(m) => (mark = m)} />
        <input aria-label="elsewhere" />
      </>,
    );
    const other = screen.getByRole("textbox", { name: "elsewhere" });
    other.focus();
    rerender(
      <>
        <BusyButton busy={false} onMark={(m) => (mark = m)} />
        <input aria-label="elsewhere" />
      </>,
    );
    expect(document.activeElement).toBe(other);
  });

  it("keeps Run and Check usable from the keyboard in the lesson", async () => {
    const { user } = await open();
    const fig = screen.getByRole("figure", { name: "Example first" });
    const run = within(fig).getByRole("button", { name: "Run" });
    run.focus();
    await user.keyboard("{Enter}");
    await waitFor(() => expect(fig.dataset.state).toBe("matched"));
    await waitFor(() => expect(document.activeElement?.textContent).toBe("Run again"));

    await startExercise(user);
    const check = within(card()).getByRole("button", { name: "Check" });
    await user.click(check);
    await within(card()).findByText('"user:1" is a string; the exercise wants a hash.');
    await waitFor(() => expect(document.activeElement).toBe(check));
  });
});
