// @vitest-environment jsdom
/**
 * The lesson page on a fixture module: prose from Markdown with the markers replaced by a
 * runnable example and exercise cards, the playground beside it on the lesson's own
 * instance, Run putting the lines into the REPL tab with expected beside actual, progress
 * saved in localStorage.
 */
import { cleanup, render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { LocalEngine } from "@/engine/host/local";
import { LessonPage } from "@/components/lesson/LessonPage";
import { loadProgress } from "@/lessons/runtime/progress";
import { markdownTexts, toView } from "@/lessons/runtime/view";
import { fixture } from "../lessons/fixture";
import { allModules, isWritten } from "@/lessons";

const engines: LocalEngine[] = [];
beforeEach(() => {
  localStorage.clear();
  window.history.replaceState(null, "", "/");
});
afterEach(() => {
  cleanup();
  while (engines.length) engines.pop()!.dispose();
});

async function setup() {
  const engine = new LocalEngine({ seed: 1 });
  engines.push(engine);
  render(<LessonPage moduleId={fixture.id} module={fixture} engine={engine} />);
  // The playground appears once the lesson's instance is ready.
  await waitFor(() => expect(screen.queryByText("Starting Redis…")).toBeNull());
  return { engine, user: userEvent.setup() };
}

const consoleText = () => screen.getAllByRole("log").map((l) => l.textContent).join("\n");

describe("the lesson page", () => {
  it("renders the sections, the example, the exercise and the unplaced quiz", async () => {
    await setup();
    expect(screen.getByRole("heading", { level: 1 }).textContent).toBe("X-1 Fixture");
    expect(screen.getByRole("heading", { name: "One" })).toBeTruthy();
    expect(screen.getByText("Prose.")).toBeTruthy();
    expect(screen.queryByText(/\{\{/)).toBeNull();
    expect(screen.getByRole("figure", { name: "Example first" })).toBeTruthy();
    expect(screen.getByRole("article", { name: "Exercise: A user as a hash" })).toBeTruthy();
    expect(screen.getByRole("article", { name: "Quiz: Quiz" })).toBeTruthy();
    expect(screen.getByLabelText("exercises done").textContent).toBe("0/2 exercises");
    expect(screen.getByRole("separator", { name: /Resize/ })).toBeTruthy();
  });

  it("runs an example in the REPL tab and shows that it matched", async () => {
    const { user } = await setup();
    const fig = screen.getByRole("figure", { name: "Example first" });
    await user.click(within(fig).getByRole("button", { name: "Run" }));
    await waitFor(() => expect(within(fig).getByRole("status").textContent).toMatch(/^✓/));
    expect(fig.dataset.state).toBe("matched");
    await waitFor(() => expect(consoleText()).toContain("127.0.0.1:6379> INCR a"));
    // The next example expects a fresh instance; in the learner's playground "a" exists, and
    // the block shows the difference rather than hiding it.
    const fresh = screen.getByRole("figure", { name: "Example fresh" });
    await user.click(within(fresh).getByRole("button", { name: "Run" }));
    await waitFor(() => expect(fresh.dataset.state).toBe("differs"));
    expect(within(fresh).getByLabelText("actual reply").textContent).toBe("(integer) 1");
    expect(within(fresh).getByLabelText("expected reply").textContent).toBe("(integer) 0");
  });

  it("grades an exercise on the lesson's instance and saves progress", async () => {
    const { user } = await setup();
    const card = screen.getByRole("article", { name: "Exercise: A user as a hash" });
    await user.click(within(card).getByRole("button", { name: "Start exercise" }));
    await within(card).findByRole("button", { name: "Reset exercise" });
    await user.click(within(card).getByRole("button", { name: "Check" }));
    await within(card).findByText('"user:1" is a string; the exercise wants a hash.');
    expect(loadProgress().progress.modules["X-1"].active).toBe("user-hash");

    const input = screen.getAllByRole("textbox", { name: "Command" })[0];
    await user.type(input, "DEL user:1{Enter}");
    await user.type(input, "HSET user:1 name Ada{Enter}");
    await waitFor(() => expect(within(card).getByRole("status").textContent).toContain("Passed"), { timeout: 5000 });
    await waitFor(() => expect(screen.getByLabelText("exercises done").textContent).toBe("1/2 exercises"));
    expect(loadProgress().progress.modules["X-1"].exercises["user-hash"]).toEqual({ done: true });
    expect(loadProgress().progress.last).toBe("X-1");
  });

  it("never passes an exercise by running an example", async () => {
    const { user } = await setup();
    const card = screen.getByRole("article", { name: "Exercise: A user as a hash" });
    await user.click(within(card).getByRole("button", { name: "Start exercise" }));
    await within(card).findByRole("button", { name: "Reset exercise" });
    await user.click(within(card).getByRole("button", { name: "Check" }));
    await within(card).findByText('"user:1" is a string; the exercise wants a hash.');
    const fig = screen.getByRole("figure", { name: "Example hash-user" });
    await user.click(within(fig).getByRole("button", { name: "Run" }));
    await waitFor(() => expect(fig.dataset.state).not.toBe("idle"));
    await new Promise((r) => setTimeout(r, 200));
    expect(within(card).queryByText(/Passed/)).toBeNull();
    expect(card.dataset.done).toBe("false");
    expect(loadProgress().progress.modules["X-1"]?.exercises["user-hash"]?.done).toBeUndefined();
  });

  it("asks before Start clears the learner's keys, and can undo it", async () => {
    const { user, engine } = await setup();
    const input = screen.getAllByRole("textbox", { name: "Command" })[0];
    await user.type(input, "SET mine 1{Enter}");
    await waitFor(() => expect(consoleText()).toContain("OK"));
    const card = screen.getByRole("article", { name: "Exercise: A user as a hash" });
    await user.click(within(card).getByRole("button", { name: "Start exercise" }));
    const dialog = await within(card).findByRole("alertdialog", { name: "Start the exercise?" });
    expect(dialog.textContent).toContain("the key in your playground will be cleared");
    await user.click(within(dialog).getByRole("button", { name: "Cancel" }));
    expect(within(card).queryByRole("alertdialog")).toBeNull();
    expect(within(card).getByRole("button", { name: "Start exercise" })).toBeTruthy();
    await user.click(within(card).getByRole("button", { name: "Start exercise" }));
    await user.click(await within(card).findByRole("button", { name: "Clear and start" }));
    await within(card).findByRole("button", { name: "Reset exercise" });
    expect(await engine.inspectKey(0, "mine")).toBeNull();

    // Undo brings the learner's key back and leaves no exercise active.
    await user.click(within(card).getByRole("button", { name: /Undo: put it back/ }));
    await within(card).findByRole("button", { name: "Start exercise" });
    expect(await engine.inspectKey(0, "mine")).toMatchObject({ value: { type: "string", value: "1" } });
    expect(await engine.inspectKey(0, "user:1")).toBeNull();
    expect(loadProgress().progress.modules["X-1"].active).toBeUndefined();
  });

  it("loads a written module by id, and says so for an unknown one", async () => {
    const written = allModules.filter(isWritten)[0];
    const engine = new LocalEngine({ seed: 1 });
    engines.push(engine);
    render(<LessonPage moduleId="Z-9" title="Nothing" engine={engine} />);
    expect(screen.getByText("Loading the lesson…")).toBeTruthy();
    await screen.findByText("There is no lesson “Z-9”.");
    cleanup();
    if (!written) return;
    render(<LessonPage moduleId={written.id} engine={engine} />);
    await waitFor(() => expect(screen.getByRole("heading", { level: 1 }).textContent).toBe(`${written.id} ${written.title}`));
    await waitFor(() => expect(screen.queryByText("Starting Redis…")).toBeNull());
  });

  it("renders at once from the server's plain view and prose; grading waits for the checks' code", async () => {
    const engine = new LocalEngine({ seed: 1 });
    engines.push(engine);
    const view = toView(fixture);
    expect(structuredClone(view)).toEqual(view); // plain data: a server page can send it
    const prose = markdownTexts(fixture).map((t, i) => <div key={i} data-testid="server-prose">{t.trim()}</div>);
    // X-1 has no folder, so its code never arrives: the page stays on the view.
    render(<LessonPage moduleId="X-1" title="Fixture" view={view} prose={prose} engine={engine} />);
    expect(screen.getByRole("heading", { level: 1 }).textContent).toBe("X-1 Fixture");
    expect(screen.getAllByTestId("server-prose").map((e) => e.textContent)).toContain("Prose.");
    await waitFor(() => expect(screen.queryByText("Starting Redis…")).toBeNull());
    const card = screen.getByRole("article", { name: "Exercise: A user as a hash" });
    expect((within(card).getByRole("button", { name: "Check" }) as HTMLButtonElement).disabled).toBe(true);
    const fig = screen.getByRole("figure", { name: "Example first" });
    expect((within(fig).getByRole("button", { name: "Run" }) as HTMLButtonElement).disabled).toBe(false);
  });

  it("shows a module with parts one part at a time, with the part in the address", async () => {
    const engine = new LocalEngine({ seed: 1 });
    engines.push(engine);
    const parted = {
      ...fixture,
      sections: [{ id: "intro", title: "Intro", body: "Before the parts." }],
      parts: [
        { id: "one", title: "Part one", sections: [{ id: "p1", title: "First", body: "In part one.\n\n{{example:first}}" }] },
        { id: "two", title: "Part two", sections: [{ id: "p2", title: "Second", body: "In part two.\n\n{{exercise:user-hash}}" }] },
      ],
    };
    const user = userEvent.setup();
    render(<LessonPage moduleId={parted.id} module={parted} engine={engine} />);
    await screen.findByText("In part one.");
    expect(screen.getByText("Before the parts.")).toBeTruthy();
    expect(screen.queryByText("In part two.")).toBeNull();
    await user.click(screen.getByRole("button", { name: "Next: Part two →" }));
    await screen.findByText("In part two.");
    expect(screen.queryByText("In part one.")).toBeNull();
    expect(window.location.hash).toBe("#part-two");
    expect(screen.getByRole("article", { name: "Exercise: A user as a hash" })).toBeTruthy();
    await user.click(within(screen.getByRole("navigation", { name: "Contents" })).getByRole("button", { name: "Part one" }));
    await screen.findByText("In part one.");
  });
});
