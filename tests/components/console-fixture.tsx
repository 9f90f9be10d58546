/**
 * Shared setup for the console's component tests: a Playground on an in-thread LocalEngine
 * (manual clock), and helpers that act through what the learner sees — the shown tab's input,
 * its transcript, the tab bar.
 */
import { act, cleanup, render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, expect } from "vitest";
import { LocalEngine, type LocalEngineOptions } from "@/engine/host/local";
import { Playground } from "@/components/playground/Playground";

const engines: LocalEngine[] = [];
afterEach(() => {
  cleanup();
  while (engines.length) engines.pop()!.dispose();
  localStorage.clear();
});

// A literal "{" or "[" is special to user-event's type(): double it.
export const typed = (s: string) => s.replace(/[{[]/g, (c) => c + c);

export async function renderPlayground(props: { storageKey?: string; dataKey?: string } = {}, options: LocalEngineOptions = {}) {
  const engine = new LocalEngine({ seed: 1, ...options });
  engines.push(engine);
  const user = userEvent.setup();
  const view = render(<Playground engine={engine} {...props} />);
  await waitFor(() => expect((screen.getByRole("textbox", { name: "Command" }) as HTMLInputElement).disabled).toBe(false));

  /** The shown tab's console. */
  const shown = () => {
    const region = screen.getByRole("region", { name: "Redis console" });
    const input = within(region).getByRole("textbox", { name: "Command" }) as HTMLInputElement;
    return { region, input };
  };
  /** A tab's console by id, shown or not. */
  const panel = (id: string) => {
    const root = view.container.querySelector(`[data-tab="${id}"]`) as HTMLElement;
    const region = root.querySelector('section[aria-label="Redis console"]') as HTMLElement;
    const lines = () => Array.from(region.querySelectorAll('[aria-label="Console output"] pre')).map((p) => p.textContent);
    return { root, region, lines };
  };
  const lines = () => Array.from(shown().region.querySelectorAll('[aria-label="Console output"] pre')).map((p) => p.textContent);
  /** Types a line into the shown tab, presses Enter and waits until it has run. */
  const run = async (line: string) => {
    const { region, input } = shown();
    const before = Number(region.dataset.ran);
    await user.type(input, `${typed(line)}{Enter}`);
    await waitFor(() => expect(Number(region.dataset.ran)).toBe(before + 1));
  };
  /** Pastes text into the shown tab's input and waits until `count` lines have run. */
  const paste = async (text: string, count: number) => {
    const { region, input } = shown();
    const before = Number(region.dataset.ran);
    await user.click(input);
    await user.paste(text);
    await waitFor(() => expect(Number(region.dataset.ran)).toBe(before + count));
  };
  const tabButtons = () => screen.getAllByRole("tab");
  const advance = (ms: number) => act(() => engine.advance(ms).then(() => {}));
  return { engine, user, view, shown, panel, lines, run, paste, tabButtons, advance };
}
