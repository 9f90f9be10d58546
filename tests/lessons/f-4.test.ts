/**
 * F-4 beyond the shared suite (course.test.ts): the figures its prose states are what CONFIG
 * GET reports, and its signature exercise stages the freeze in two tabs with the slow log
 * blaming only the sleeper.
 */
import { describe, expect, it } from "vitest";
import { module } from "@/lessons/f-4";
import type { StateExercise } from "@/lessons/types";
import { lessonSessions } from "../support/lesson-sessions";

const sessions = lessonSessions();

describe("F-4 The single-threaded event loop", () => {
  it("states the figures CONFIG GET reports", async () => {
    const session = await sessions.session([], module);
    const get = async (name: string) => (await session.run("main", `CONFIG GET ${name}`)).split("\n")[1];
    const want = { "slowlog-log-slower-than": "10000", "slowlog-max-len": "128", "busy-reply-threshold": "5000", "io-threads": "1", hz: "10", "latency-monitor-threshold": "0" };
    for (const [name, value] of Object.entries(want)) expect([name, await get(name)]).toEqual([name, `2) "${value}"`]);
    const prose = module.sections.map((s) => s.body).join("\n");
    for (const phrase of ["(10000, so 10 ms, by default)", "newest `slowlog-max-len` entries (128)", "(5000 ms by default)", "(10\nby default)", "(0, its default, turns it off)"])
      expect(prose).toContain(phrase);
  });

  it("stages the freeze in two tabs, and the slow log blames only the sleeper", async () => {
    const ex = module.exercises.find((e) => e.id === "f4-culprit") as StateExercise;
    const session = await sessions.session(ex.setup, module, ex);
    expect(session.engine.transcript("web").some((e) => e.kind === "reply" && e.text.includes("Welcome"))).toBe(true);
    const log = await session.run("main", "SLOWLOG GET");
    expect(log).toContain('"batch-job"');
    expect(log).toContain("(integer) 300000");
    expect(log).not.toContain('"web-1"');
  });
});
