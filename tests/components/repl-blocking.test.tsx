// @vitest-environment jsdom
/**
 * A blocking command in the console, through the user's eyes: the tab shows it is waiting,
 * another tab keeps working and pushes, and the first tab then prints what it got.
 */
import { cleanup, render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it } from "vitest";
import { LocalEngine } from "@/engine/host/local";
import { EngineProvider } from "@/components/engine/EngineProvider";
import { Repl } from "@/components/console/Repl";

const engines: LocalEngine[] = [];
afterEach(() => {
  cleanup();
  while (engines.length) engines.pop()!.dispose();
});

describe("a blocked console tab", () => {
  it("shows it is waiting while the other tab keeps working, then prints the popped element", async () => {
    const engine = new LocalEngine({ seed: 1 });
    engines.push(engine);
    const user = userEvent.setup();
    render(
      <EngineProvider engine={engine}>
        <div data-testid="a">
          <Repl tab="a" />
        </div>
        <div data-testid="b">
          <Repl tab="b" />
        </div>
      </EngineProvider>,
    );
    const tab = (id: string) => {
      const root = within(screen.getByTestId(id));
      const region = root.getByRole("region", { name: "Redis console" });
      const input = root.getByRole("textbox", { name: "Command" }) as HTMLInputElement;
      const lines = () => Array.from(root.getByRole("log", { name: "Console output" }).querySelectorAll("pre")).map((p) => p.textContent);
      return { region, input, lines };
    };
    const a = tab("a");
    const b = tab("b");
    await waitFor(() => expect(a.input.disabled || b.input.disabled).toBe(false));

    await user.type(a.input, "BLPOP jobs 0{Enter}");
    await waitFor(() => expect(a.region.dataset.waiting).toBe("true"));
    expect(within(a.region).getByRole("status").textContent).toMatch(/^waiting/);

    await user.type(b.input, "RPUSH jobs first second{Enter}");
    await waitFor(() => expect(b.lines()).toEqual(["127.0.0.1:6379> RPUSH jobs first second", "(integer) 2"]));
    await waitFor(() => expect(a.region.dataset.waiting).toBe("false"));
    expect(a.lines()).toEqual(["127.0.0.1:6379> BLPOP jobs 0", '1) "jobs"\n2) "first"']);
    expect(within(a.region).queryByRole("status")).toBeNull();
  });
});
