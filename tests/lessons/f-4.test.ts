/**
 * F-4 beyond the shared suite (course.test.ts): the figures its prose states are what CONFIG
 * GET reports, and its signature exercise stages the freeze in two tabs with the slow log
 * blaming only the sleeper.
 */
import { describe, expect, it } from "vitest";
import { SCAN_DEFAULT_COUNT } from "@/engine/commands/scan-args";
import { module } from "@/lessons/f-4";
import type { StateExercise } from "@/lessons/types";
import { LocalEngine } from "@/engine/host/local";
import { LessonSession } from "@/lessons/runtime/session";
import { lessonSessions } from "../support/lesson-sessions";
import { RealRedisTabs } from "../support/real-redis-tabs";

const sessions = lessonSessions();

describe("F-4 The single-threaded event loop", () => {
  it("states the figures CONFIG GET reports", async () => {
    const session = await sessions.session([], module);
    const get = async (name: string) => (await session.run("main", `CONFIG GET ${name}`)).split("\n")[1];
    const want = { "slowlog-log-slower-than": "10000", "slowlog-max-len": "128", "busy-reply-threshold": "1000", "io-threads": "1", hz: "10", "latency-monitor-threshold": "0" };
    for (const [name, value] of Object.entries(want)) expect([name, await get(name)]).toEqual([name, `2) "${value}"`]);
    const prose = module.sections.map((s) => s.body).join("\n");
    for (const phrase of ["(10000, so 10 ms, by default)", "newest `slowlog-max-len` entries (128)", "(5000 ms by default; this playground sets 1000", "(10\nby default)", "(0, its default, turns it off)"])
      expect(prose).toContain(phrase);
  });

  it("grades the wait itself: a GET sent while batch sleeps waits, and its reply says how long", async () => {
    const ex = module.exercises.find((e) => e.id === "f4-make-wait") as StateExercise;
    // The browser's worker has a scheduler, so DEBUG SLEEP holds the instance for real.
    const scheduler = { setTimeout: (fn: () => void, ms: number) => setTimeout(fn, ms), clearTimeout: (h: unknown) => clearTimeout(h as ReturnType<typeof setTimeout>) };
    const held = new LocalEngine({ seed: 1, scheduler });
    const session = new LessonSession(held);
    try {
      await session.startExercise(module, ex);
      await session.steps([{ client: "batch", run: "DEBUG SLEEP 0.4" }, { client: "web", run: "GET greeting", concurrent: true }]);
      // The last of web's replies: the setup's own GET ran at once.
      const reply = session.engine.transcript("web").filter((t) => t.kind === "reply").at(-1);
      expect(reply?.kind === "reply" && reply.waitedMs).toBeGreaterThanOrEqual(300);
      expect((await session.check(ex.checks)).map((r) => r.failure)).toEqual([null]);
    } finally {
      held.dispose();
    }
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

  it("states the real server's defaults and SCAN's default COUNT as the redis profile and the engine have them", async () => {
    const prose = module.sections.map((s) => s.body).join("\n");
    // The `redis` profile is every default exactly as redis-server 7.0 (differentially tested).
    const engine = new LocalEngine({ seed: 1, initial: { profile: "redis" } });
    try {
      const session = new LessonSession(engine);
      const names = ["busy-reply-threshold", "lazyfree-lazy-eviction", "lazyfree-lazy-expire", "lazyfree-lazy-server-del", "lazyfree-lazy-user-del", "io-threads", "hz"];
      const out = (await session.steps(names.map((n) => ({ run: `CONFIG GET ${n}` })))).map((o) => o.text.split("\n")[1]);
      expect(out).toEqual(['2) "5000"', '2) "no"', '2) "no"', '2) "no"', '2) "no"', '2) "1"', '2) "10"']);
    } finally {
      engine.dispose();
    }
    for (const phrase of ["(5000 ms by default;", "All are `no` by default in 7.0", "With `io-threads` above 1", `the default is ${SCAN_DEFAULT_COUNT}.`])
      expect(prose).toContain(phrase);
    expect(SCAN_DEFAULT_COUNT).toBe(10);
  });

  it("hands UNLINK's values of more than 64 elements to the background thread, as redis-server 7.0.15 does", async () => {
    // The engine frees nothing in the background, so the threshold is asked of the real server:
    // its lazyfreed_objects counts only the 65-member set.
    expect(module.sections.map((s) => s.body).join("\n")).toContain("hands big values (more than 64 elements) to the\nbackground thread");
    const real = await RealRedisTabs.start([]);
    try {
      const members = (n: number) => Array.from({ length: n }, (_, i) => `m${i}`).join(" ");
      const lazyfreed = async () => Number(/lazyfreed_objects:(\d+)/.exec(await real.line("main", "INFO memory"))![1]);
      expect(await real.line("main", `SADD s64 ${members(64)}`)).toBe("(integer) 64");
      expect(await real.line("main", `SADD s65 ${members(65)}`)).toBe("(integer) 65");
      expect(await lazyfreed()).toBe(0);
      expect(await real.line("main", "UNLINK s64")).toBe("(integer) 1");
      expect(await lazyfreed()).toBe(0);
      expect(await real.line("main", "UNLINK s65")).toBe("(integer) 1");
      await expect.poll(lazyfreed).toBe(1);
    } finally {
      await real.stop();
    }
  });
});
