// @vitest-environment jsdom
/**
 * The course map: all 39 modules in three phases; written ones link to their lesson with
 * "done/total", planned ones say "coming soon" and link nowhere; "continue" follows the
 * lesson opened last; unreadable saved progress gives a notice, never a crash.
 */
import { cleanup, render, screen, within } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { CourseMap } from "@/components/lesson/CourseMap";
import { allModules, courseOutline, isWritten } from "@/lessons";
import { PROGRESS_KEY } from "@/lessons/runtime/progress";

beforeEach(() => localStorage.clear());
afterEach(cleanup);

const items = () => screen.getAllByRole("listitem");

describe("the course map", () => {
  it("lists three phases and all 39 modules", () => {
    render(<CourseMap phases={courseOutline()} />);
    expect(screen.getAllByRole("heading", { level: 2 }).map((h) => h.textContent)).toEqual(["Foundation", "Practitioner", "Architect"]);
    expect(items()).toHaveLength(39);
  });

  it("links written modules with their progress, and coming-soon ones nowhere", () => {
    render(<CourseMap phases={courseOutline()} />);
    for (const m of allModules) {
      const li = items().find((el) => el.querySelector("span")?.textContent === m.id)!;
      expect(li, m.id).toBeTruthy();
      const link = within(li).queryByRole("link");
      if (isWritten(m)) {
        expect(link?.getAttribute("href")).toBe(`/learn/${m.id.toLowerCase()}`);
        expect(within(li).getByLabelText(`0 of ${m.exercises.length} exercises done`).textContent).toBe(`0/${m.exercises.length}`);
      } else {
        expect(link, `${m.id} is not written and must not link`).toBeNull();
        expect(within(li).getByText("coming soon")).toBeTruthy();
      }
    }
  });

  it("shows saved progress and continues where the learner left off", () => {
    const m = allModules.filter(isWritten)[0];
    if (!m) return expect(screen.queryByText(/Continue/)).toBeNull();
    const ex = m.exercises[0].id;
    localStorage.setItem(PROGRESS_KEY, JSON.stringify({ version: 1, modules: { [m.id]: { exercises: { [ex]: { done: true } } } }, last: m.id }));
    render(<CourseMap phases={courseOutline()} />);
    expect(screen.getByLabelText(`1 of ${m.exercises.length} exercises done`)).toBeTruthy();
    const cont = screen.getByRole("link", { name: /Continue where you left off/ });
    expect(cont.getAttribute("href")).toBe(`/learn/${m.id.toLowerCase()}`);
  });

  it("survives corrupt or old saved progress with a notice", () => {
    localStorage.setItem(PROGRESS_KEY, "{not json");
    render(<CourseMap phases={courseOutline()} />);
    expect(screen.getByRole("status").textContent).toMatch(/could not be read/);
    expect(items()).toHaveLength(39);
    cleanup();
    localStorage.setItem(PROGRESS_KEY, JSON.stringify({ version: 0, modules: [] }));
    render(<CourseMap phases={courseOutline()} />);
    expect(screen.getByRole("status").textContent).toMatch(/could not be read/);
  });
});
