/**
 * F-12's own assertions; the shared suite (course.test.ts) replays its examples and grades its
 * exercises. Here: the examples also read the same in order, the predict exercise's answer is
 * what acting it out on the clock gives, and the stampede exercise's scripted servers race for
 * the lock the way its prompt says.
 */
import { describe, expect, it } from "vitest";
import { module } from "@/lessons/f-12";
import { missesFor } from "@/lessons/f-12/exercises";
import type { StateExercise, Step } from "@/lessons/types";
import { lessonSessions, repliesOf } from "../support/lesson-sessions";
import { describeModule } from "./f-1-harness";

const { session } = lessonSessions();
const exercise = (id: string) => module.exercises.find((e): e is StateExercise => e.id === id && e.kind !== "quiz")!;

describe("F-12 Caching patterns", () => {
  describeModule(module);

  it("counts misses as cache-aside on a clock does: the predict exercise's answer", async () => {
    expect(missesFor([0, 20, 50, 70, 100, 140], 60)).toBe(3);
    // Acted out on a paused clock: GET, and on a miss SET ... EX 60.
    const s = await session([], module, exercise("f12-predict-hits"));
    let last = 0;
    let misses = 0;
    for (const t of [0, 20, 50, 70, 100, 140]) {
      await s.engine.advance((t - last) * 1000);
      last = t;
      const [got] = await s.steps([{ run: "GET cache:product:1" }]);
      if (got.text === "(nil)") {
        misses++;
        await s.steps([{ run: "SET cache:product:1 row EX 60" }]);
      }
    }
    expect(misses).toBe(3);
  });

  it("has B and C race for the lock right after the learner's next command", async () => {
    const ex = exercise("f12-stampede-lock");
    // The learner takes the lock first: both scripted servers are refused.
    const first = await session([...ex.setup!, { run: "SET lock:home main NX PX 5000" }], module, ex);
    expect(repliesOf(first, "B")).toEqual(["(nil)", "(nil)"]);
    expect(repliesOf(first, "C")).toEqual(["(nil)", "(nil)"]);
    // The learner looks first: B wins the lock, C is refused.
    const late = await session([...ex.setup!, { run: "GET cache:home" }] as Step[], module, ex);
    expect(repliesOf(late, "B")).toEqual(["(nil)", "OK"]);
    expect(repliesOf(late, "C")).toEqual(["(nil)", "(nil)"]);
    expect((await late.reader().key("lock:home"))?.value).toEqual({ type: "string", value: "B" });
  });

  it("passes a learner whose lock B won, when B (the holder) rebuilds the page", async () => {
    const ex = exercise("f12-stampede-lock");
    const s = await session([...ex.setup!, { run: "TTL cache:home" }], module, ex);
    await s.steps([
      { client: "B", run: "GET db:home" },
      { client: "B", run: "INCR dbhits" },
      { client: "B", run: 'SET cache:home "Welcome back!" EX 60' },
      { client: "B", run: "DEL lock:home" },
      { client: "C", run: "GET cache:home" },
    ]);
    expect((await s.check(ex.checks)).filter((r) => r.failure !== null)).toEqual([]);
  });

  it("fails a learner who queried from main while B held the lock, even if main also deletes it", async () => {
    const ex = exercise("f12-stampede-lock");
    const s = await session([...ex.setup!, { run: "GET db:home" }], module, ex);
    await s.steps([
      { run: "INCR dbhits" },
      { run: 'SET cache:home "Welcome back!" EX 60' },
      { run: "DEL lock:home" },
      { client: "B", run: "GET cache:home" },
      { client: "C", run: "GET cache:home" },
    ]);
    const failures = (await s.check(ex.checks)).flatMap((r) => (r.failure === null ? [] : [r.failure]));
    expect(failures).toEqual([expect.stringContaining("main queried the database without holding lock:home (B won it")]);
  });
});

describe("F-12's simulated stampede (scripted requesters, the runtime's query count)", () => {
  const ex = () => exercise("f12-refresh-early");
  const failures = async (steps: Step[]) => {
    const s = await session([...(ex().setup ?? []), ...steps], module, ex());
    return { s, failed: (await s.check(ex().checks)).flatMap((r) => (r.failure ? [r.failure] : [])) };
  };

  it("has the three servers miss together when left alone: three queries, one per server", async () => {
    const { s } = await failures([{ advanceMs: 31_000 }]);
    expect(s.reader().slowDb()).toEqual({ queries: 3, byClient: { B: 1, C: 1, D: 1 } });
    for (const c of ["B", "C", "D"]) expect(repliesOf(s, c)).toEqual(["(nil)", '"Welcome back!"', "OK"]);
  });

  it("sends nobody before 31 s, and serves all three from the cache after an early refresh", async () => {
    const { s, failed } = await failures([{ advanceMs: 30_999 }]);
    expect(repliesOf(s, "B")).toEqual([]);
    expect(failed[0]).toMatch(/not come yet/);
    const fixed = await failures([{ run: "GET db:home" }, { run: 'SET cache:home "Welcome back!" EX 60' }, { advanceMs: 31_000 }]);
    expect(fixed.failed).toEqual([]);
    for (const c of ["B", "C", "D"]) expect(repliesOf(fixed.s, c)).toEqual(['"Welcome back!"']);
  });

  it("grades the count only the runtime moves: a counter key the learner writes changes nothing", async () => {
    const { s, failed } = await failures([{ run: "SET dbhits 1" }, { run: "INCR queries" }, { run: "EXPIRE cache:home 60" }, { advanceMs: 31_000 }]);
    expect(s.reader().slowDb().queries).toBe(0);
    expect(failed).toEqual([expect.stringContaining("never queried")]);
  });
});

describe("F-12 accepts other correct solutions (review, issue 8)", () => {
  it.each([
    ["f12-predict-hits", [{ run: "SET answer 3" }]],
    ["f12-build-aside", [{ run: "HGETALL db:product:42" }, { run: "INCRBY dbhits 1" }, { run: 'HSET cache:product:42 stock 30 price 12 name "Blue mug"' }, { run: "PEXPIRE cache:product:42 280000" }]],
    ["f12-fix-stale", [{ run: "UNLINK cache:product:7" }]],
    ["f12-warm-jitter", [1, 2, 3, 4].flatMap((n, i) => [{ run: `COPY db:product:${n} cache:product:${n}` }, { run: `EXPIRE cache:product:${n} ${300 + 15 * i}` }])],
    ["f12-stampede-lock", [{ run: "SET lock:home main NX EX 5" }, { run: "GET db:home" }, { run: "INCR dbhits" }, { run: 'SET cache:home "Welcome back!" EX 60' }, { run: "DEL lock:home" }, { client: "C", run: "GET cache:home" }, { client: "B", run: "GET cache:home" }]],
  ] as [string, Step[]][])("%s", async (id, steps) => {
    const ex = exercise(id);
    const s = await session([...(ex.setup ?? []), ...steps], module, ex);
    expect((await s.check(ex.checks)).filter((r) => r.failure !== null)).toEqual([]);
  });
});
