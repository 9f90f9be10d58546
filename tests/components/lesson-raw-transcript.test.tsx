// @vitest-environment jsdom
/**
 * The lesson page records what the learner types in the console's raw RESP mode as raw in the
 * transcript (lessons/runtime/raw-input.ts follows the console's echo), so an exercise can
 * require raw mode: the same SET typed normally fails, typed as a frame in raw mode passes.
 */
import { cleanup, render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { LocalEngine } from "@/engine/host/local";
import { LessonPage } from "@/components/lesson/LessonPage";
import { custom } from "@/lessons/checks";
import type { Module } from "@/lessons/types";

const rawModule: Module = {
  id: "X-2",
  title: "Raw fixture",
  summary: "an exercise that wants raw mode",
  sections: [{ id: "s", title: "Raw", body: "Type it by hand.\n\n{{exercise:raw-set}}\n" }],
  examples: [],
  exercises: [
    {
      kind: "build",
      id: "raw-set",
      title: "A frame by hand",
      prompt: "Set k to v with a frame typed in raw mode.",
      solution: [{ raw: true, run: "*3\\r\\n$3\\r\\nSET\\r\\n$1\\r\\nk\\r\\n$1\\r\\nv" }],
      wrong: [{ why: "typed normally", steps: [{ run: "SET k v" }], expectMessage: "typed normally" }],
      hints: ["Raw RESP."],
      checks: [
        custom("k was set by a raw frame", async (s) => {
          const set = s.transcript("main").filter((e) => e.kind === "command" && /^SET k v$/i.test(e.line)).at(-1);
          if (!set || set.kind !== "command") return "k is not set yet.";
          return set.raw && set.bytes === "*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$1\r\nv\r\n" ? null : "SET k v was typed normally.";
        }),
      ],
    },
  ],
};

const engines: LocalEngine[] = [];
beforeEach(() => localStorage.clear());
afterEach(() => {
  cleanup();
  while (engines.length) engines.pop()!.dispose();
});

describe("raw mode on the lesson page", () => {
  it("fails the SET typed normally, and passes it typed as a frame in raw mode", async () => {
    const engine = new LocalEngine({ seed: 1 });
    engines.push(engine);
    render(<LessonPage moduleId={rawModule.id} module={rawModule} engine={engine} />);
    await waitFor(() => expect(screen.queryByText("Starting Redis…")).toBeNull());
    const user = userEvent.setup();
    const card = screen.getByRole("article", { name: "Exercise: A frame by hand" });
    await user.click(within(card).getByRole("button", { name: "Start exercise" }));
    await within(card).findByRole("button", { name: "Reset exercise" });
    const input = screen.getAllByRole("textbox", { name: "Command" })[0];
    await user.type(input, "SET k v{Enter}");
    await user.click(within(card).getByRole("button", { name: "Check" }));
    await within(card).findByText("SET k v was typed normally.");

    await user.click(screen.getByRole("checkbox", { name: "Raw RESP" }));
    // user.type reads "{" and "[" as key names; the frame has neither.
    await user.type(input, "*3\\r\\n$3\\r\\nSET\\r\\n$1\\r\\nk\\r\\n$1\\r\\nv{Enter}");
    await waitFor(() => expect(screen.getAllByRole("log").map((l) => l.textContent).join("\n")).toContain("+OK\\r\\n"));
    await user.click(within(card).getByRole("button", { name: "Check" }));
    await waitFor(() => expect(within(card).getByRole("status").textContent).toContain("Passed"), { timeout: 5000 });
  });
});
