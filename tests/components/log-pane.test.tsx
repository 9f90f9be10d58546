// @vitest-environment jsdom
/**
 * The server log pane: shown only when the engine API can read the log, and then it lists
 * what the instance logged, newest last, with Redis' level marks.
 */
import { cleanup, render, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it } from "vitest";
import { LocalEngine } from "@/engine/host/local";
import { Playground } from "@/components/playground/Playground";
import { formatLogLine } from "@/components/console/LogPane";

const engines: LocalEngine[] = [];
afterEach(() => {
  cleanup();
  while (engines.length) engines.pop()!.dispose();
});

describe("the server log pane", () => {
  it("is absent while the engine API cannot read the log", async () => {
    const engine = new LocalEngine({ seed: 1 });
    engines.push(engine);
    // readLog is optional in EngineApi (wrappers such as a lesson recorder may not forward it).
    Object.defineProperty(engine, "readLog", { value: undefined });
    render(<Playground engine={engine} />);
    await waitFor(() => expect((screen.getByRole("textbox", { name: "Command" }) as HTMLInputElement).disabled).toBe(false));
    expect(screen.queryByText("Server log")).toBeNull();
  });

  it("lists what the instance logged once opened", async () => {
    const engine = new LocalEngine({ seed: 1 });
    engines.push(engine);
    const user = userEvent.setup();
    render(<Playground engine={engine} />);
    await waitFor(() => expect((screen.getByRole("textbox", { name: "Command" }) as HTMLInputElement).disabled).toBe(false));
    engine.server.log("warning", "something to see");
    await user.click(screen.getByText("Server log"));
    await waitFor(() => expect(screen.getByRole("log", { name: "Server log" }).textContent).toContain("# something to see"));
  });

  it("formats a line with its time and Redis' level mark", () => {
    expect(formatLogLine({ at: Date.UTC(2024, 0, 1, 12, 30, 5, 250), level: "notice", line: "Ready" })).toBe("12:30:05.250 * Ready");
    expect(formatLogLine({ at: 0, level: "warning", line: "x" })).toBe("00:00:00.000 # x");
  });
});
