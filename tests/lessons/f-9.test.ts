/**
 * F-9 beyond the shared suite (course.test.ts): the stream node limits its prose states are
 * what CONFIG GET reports, and its signature exercise runs on a paused clock with the crash
 * staged in worker-1's tab.
 */
import { describe, expect, it } from "vitest";
import { module } from "@/lessons/f-9";
import type { StateExercise } from "@/lessons/types";
import { lessonSessions } from "../support/lesson-sessions";

const sessions = lessonSessions();

describe("F-9 Streams and consumer groups", () => {
  it("states the stream node limits CONFIG GET reports", async () => {
    const session = await sessions.session([], module);
    expect(await session.run("main", "CONFIG GET stream-node-max-entries")).toBe('1) "stream-node-max-entries"\n2) "100"');
    expect(await session.run("main", "CONFIG GET stream-node-max-bytes")).toBe('1) "stream-node-max-bytes"\n2) "4096"');
    const prose = module.sections.map((s) => s.body).join("\n");
    expect(prose).toContain("up to 100\nentries or 4096 bytes");
    expect(prose).toContain("(100 by default)");
  });

  it("keeps the signature exercise on a paused clock, with the crash staged in worker-1's tab", async () => {
    const ex = module.exercises.find((e) => e.id === "f9-recover") as StateExercise;
    expect(ex.pausedClock).toBe(true);
    const session = await sessions.session(ex.setup, module, ex);
    expect(session.engine.transcript("worker-1").some((e) => e.kind === "reply" && e.text.includes('"3-0"'))).toBe(true);
    const pending = await session.run("main", "XPENDING renders encoders - + 10");
    expect(pending).toContain("(integer) 300000");
  });

  it("states what 7.0 added to streams, and BLOCK's unit, as the engine answers", async () => {
    const prose = module.sections.map((s) => s.body).join("\n");
    for (const phrase of ["Redis 7.0 also accepts `<ms>-*`", "new in 7.0, its `lag`", "`XREAD BLOCK 5000 STREAMS chat $` waits up to five\nseconds", "`BLOCK 0` waits forever"])
      expect(prose).toContain(phrase);
    const session = await sessions.session([], module);
    expect(await session.run("main", "XADD s 5-* f v")).toBe('"5-0"');
    expect(await session.run("main", "XADD s 5-* f v")).toBe('"5-1"');
    expect(await session.run("main", "XGROUP CREATE s g 0")).toBe("OK");
    const groups = await session.run("main", "XINFO GROUPS s");
    // The lag field, 2 entries not yet delivered to the group.
    expect(groups).toMatch(/"lag"\n\s*\d+\) \(integer\) 2/);
  });
});
