/**
 * F-8 beyond the shared suite (course.test.ts, which also replays its examples on real Redis):
 * what each subscriber tab receives, on the engine and on a real redis-server 7.0; the fact
 * the predict exercise rests on and the pubsub buffer limits the prose states, asked of both;
 * the message the signature exercise's setup loses.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { COMMAND_META } from "@/engine/commands/meta.generated";
import { module } from "@/lessons/f-8";
import type { StateExercise, Step } from "@/lessons/types";
import { lessonSessions, pushesOf, repliesOf } from "../support/lesson-sessions";
import { RealRedisTabs } from "../support/real-redis-tabs";

const sessions = lessonSessions();
let real: RealRedisTabs;
beforeAll(async () => {
  real = await RealRedisTabs.start();
});
afterAll(async () => {
  await real?.stop();
});

const example = (id: string) => module.examples.find((e) => e.id === id)!;

describe("F-8 Pub/Sub", () => {
  it("prints what the prose shows even when its examples run one after another on one instance", async () => {
    // The page runs examples on the learner's instance, whose tabs may still be subscribed
    // from an earlier example: each example starts from reset connections.
    const s = await sessions.session();
    for (const id of ["f8-first", "f8-three", "f8-any-db"]) {
      const out = (await s.runExample(example(id).steps)).map((o) => o.text);
      expect(out, id).toEqual(example(id).expect);
    }
  });

  it("has its one quiz", () => {
    expect(module.exercises.filter((e) => e.kind === "quiz")).toHaveLength(1);
  });

  it.each([
    ["f8-first", { A: ['1) "message"\n2) "orders"\n3) "order 17 paid"'] }],
    ["f8-three", Object.fromEntries(["A", "B", "C"].map((t) => [t, ['1) "message"\n2) "alerts"\n3) "disk almost full"']]))],
    ["f8-nobody", { A: ['1) "message"\n2) "chat:lobby"\n3) "hello"'] }],
    ["f8-pattern", { P: ['1) "pmessage"\n2) "orders:*"\n3) "orders:eu"\n4) "order 5 paid"', '1) "pmessage"\n2) "orders:*"\n3) "orders:us"\n4) "order 6 paid"'] }],
    ["f8-keyspace", { K: ["hset", "expire", "del"].map((ev) => `1) "message"\n2) "__keyspace@0__:cart:7"\n3) "${ev}"`) }],
    ["f8-expired", { W: ['1) "message"\n2) "__keyevent@0__:expired"\n3) "session:abc"'] }],
  ] as [string, Record<string, string[]>][])("example %s: each subscriber tab receives what the prose says, on both", async (id, want) => {
    const steps = example(id).steps;
    const s = await sessions.session(steps);
    await real.reset();
    await real.run(steps);
    for (const [tab, messages] of Object.entries(want)) {
      expect([tab, pushesOf(s, tab)]).toEqual([tab, messages]);
      expect([tab, await real.drain(tab)]).toEqual([tab, messages]);
    }
  });

  it("delivers PUBLISH prices up three times in the predict exercise's setup, on both", async () => {
    const ex = module.exercises.find((e) => e.id === "f8-predict-count") as StateExercise;
    const steps: Step[] = [...(ex.setup ?? []), { run: "PUBLISH prices up" }];
    const s = await sessions.session(steps);
    await real.reset();
    const realOut = await real.run(steps);
    expect(repliesOf(s)).toEqual(["(integer) 3"]);
    expect(realOut.at(-1)).toBe("(integer) 3");
    const tab2 = ['1) "message"\n2) "prices"\n3) "up"', '1) "pmessage"\n2) "price*"\n3) "prices"\n4) "up"'];
    expect(pushesOf(s, "tab2")).toEqual(tab2);
    expect(await real.drain("tab2")).toEqual(tab2);
  });

  it("states the pubsub output buffer limits as CONFIG GET gives them, on both", async () => {
    const prose = module.sections.map((x) => x.body).join("\n");
    expect(prose).toContain("32 MB at most,\nor 8 MB for 60 seconds");
    const limits = `pubsub ${32 * 1024 * 1024} ${8 * 1024 * 1024} 60`;
    const [reply] = await sessions.outputs([{ run: "CONFIG GET client-output-buffer-limit" }]);
    expect(reply).toContain(limits);
    await real.reset();
    expect(await real.line("main", "CONFIG GET client-output-buffer-limit")).toBe(reply);
  });

  it("shows the signature exercise's lost message: the setup's PUBLISH reaches two servers of three", async () => {
    const ex = module.exercises.find((e) => e.id === "f8-signature-fanout") as StateExercise;
    const s = await sessions.session([...(ex.setup ?? []), ...ex.solution]);
    expect(repliesOf(s)).toEqual(["(integer) 2", "(integer) 3", "(integer) 3"]);
    expect(pushesOf(s, "app3").map((t) => t.split("\n").at(-1))).toEqual(['3) "product:7"', '3) "product:9"']);
  });

  it("dates sharded Pub/Sub as the command table does", () => {
    const prose = module.sections.map((x) => x.body).join("\n");
    expect(prose).toContain("Version 7.0 also added **sharded Pub/Sub** (`SSUBSCRIBE`, `SPUBLISH`)");
    expect([COMMAND_META.ssubscribe.since, COMMAND_META.spublish.since, COMMAND_META.sunsubscribe.since]).toEqual(["7.0.0", "7.0.0", "7.0.0"]);
  });
});
