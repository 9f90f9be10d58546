/**
 * F-11 beyond the shared suite (course.test.ts, which also replays its examples on real Redis,
 * the race staged with two connections): its one quiz, the facts its predict, fix and
 * signature exercises rest on, asked of both the engine and a real redis-server 7.0, and the
 * payroll tab's own transcript during the race.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { COMMAND_META } from "@/engine/commands/meta.generated";
import { module } from "@/lessons/f-11";
import type { StateExercise, Step } from "@/lessons/types";
import { lessonSessions } from "../support/lesson-sessions";
import { RealRedisTabs } from "../support/real-redis-tabs";

const sessions = lessonSessions();
const session = (steps: readonly Step[]) => sessions.session(steps);
let real: RealRedisTabs;
beforeAll(async () => {
  real = await RealRedisTabs.start();
});
afterAll(async () => {
  await real?.stop();
});

const exercise = (id: string) => module.exercises.find((e) => e.id === id) as StateExercise;

describe("F-11 Transactions and WATCH", () => {
  it("has its one quiz", () => {
    expect(module.exercises.filter((e) => e.kind === "quiz")).toHaveLength(1);
  });

  describe("the facts behind the exercises, on the engine and on real Redis alike", () => {
    const rollback: Step[] = [
      ...(exercise("f11-predict-rollback").setup ?? []),
      { run: "MULTI" },
      { run: "DECR stock" },
      { run: "INCR label" },
      { run: "SET sold:last lamp" },
      { run: "EXEC" },
      { run: "GET stock" },
    ];
    const ownWatch: Step[] = [
      ...(exercise("f11-predict-own-watch").setup ?? []),
      { run: "WATCH counter" },
      { run: "INCR counter" },
      { run: "MULTI" },
      { run: "INCR counter" },
      { run: "EXEC" },
    ];
    const cases: [string, Step[], Record<number, string>][] = [
      // stock is 4 after the failed transaction: the answer f11-predict-rollback expects.
      ["no rollback", rollback, { 6: "1) (integer) 4\n2) (error) ERR value is not an integer or out of range\n3) OK", 7: '"4"' }],
      // Your own write spoils your WATCH: f11-predict-own-watch's answer is nil.
      ["own write", ownWatch, { 5: "(nil)" }],
      // The transfer the fix exercise's setup ran half-succeeded.
      [
        "half-done transfer",
        exercise("f11-fix-transfer").setup ?? [],
        { 5: "1) (integer) 70\n2) (error) WRONGTYPE Operation against a key holding the wrong kind of value" },
      ],
      // The race: the first EXEC is aborted, the re-read sees the bonus, the retry commits.
      [
        "race",
        [...(exercise("f11-watch-race").setup ?? []), ...exercise("f11-watch-race").solution],
        { 3: '"100"', 8: "(nil)", 10: '"150"', 15: "1) OK\n2) OK" },
      ],
    ];
    it.each(cases)("%s", async (_name, steps, want) => {
      const s = await session(steps);
      const engineOut = s.engine.transcript("main").filter((e) => e.kind === "reply").map((e) => e.text);
      await real.reset();
      const realOut = await real.run(steps);
      for (const [i, text] of Object.entries(want)) {
        expect(`${i}: ${engineOut[Number(i)]}`).toBe(`${i}: ${text}`);
        expect(`${i}: ${realOut[Number(i)]}`).toBe(`${i}: ${text}`);
      }
      expect(engineOut).toEqual(realOut);
    });
  });

  it("shows the payroll tab's bonus in its own transcript during the race", async () => {
    const ex = exercise("f11-watch-race");
    const s = await session([...(ex.setup ?? []), ...ex.solution]);
    const payroll = s.engine.transcript("payroll").map((e) => (e.kind === "command" ? `> ${e.line}` : e.text));
    expect(payroll).toEqual(["> INCRBY acct:alice 50", "(integer) 150"]);
  });

  it("dates Redis Functions as the command table does", () => {
    const prose = module.sections.map((x) => x.body).join("\n");
    expect(prose).toContain("(or a Redis Function, 7.0)");
    expect([COMMAND_META.function.since, COMMAND_META.fcall.since]).toEqual(["7.0.0", "7.0.0"]);
  });
});
