/**
 * The lesson runtime and its verifier, on small fixture modules: a sound one passes, and a
 * broken one is caught (a check that already passes on the setup, a solution that fails, a
 * wrong answer with the wrong message, a mismatched example, a marker to nowhere). Also the
 * pieces the page relies on: client tabs, actors, transcripts, advanceMs, the StateReader.
 */
import { afterEach, describe, expect, it } from "vitest";
import { LocalEngine } from "@/engine/host/local";
import { custom, keyAbsent, stringIs, ttlBetween, clientSaw } from "@/lessons/checks";
import type { Module, StateExercise } from "@/lessons/types";
import { fixture, userExercise } from "./fixture";
import { LessonSession } from "@/lessons/runtime/session";
import { replayExamples, verifyExercise, verifyShape } from "@/lessons/runtime/verify";
import { splitMarkers } from "@/lessons/runtime/markers";
import { restoreSnapshot, takeSnapshot } from "@/lessons/runtime/snapshot";

const engines: LocalEngine[] = [];
afterEach(() => {
  while (engines.length) engines.pop()!.dispose();
});
const engine = () => {
  const e = new LocalEngine({ seed: 1 });
  engines.push(e);
  return e;
};

describe("the verifier on a sound module", () => {
  it("finds nothing wrong", async () => {
    expect(verifyShape(fixture)).toEqual([]);
    expect(await replayExamples(engine(), fixture)).toEqual({ mismatches: [], problems: [] });
    for (const ex of fixture.exercises) expect(await verifyExercise(engine(), fixture, ex)).toEqual([]);
  });
});

describe("the verifier catches a bad lesson", () => {
  it("a check that already passes on the setup", async () => {
    const bad: StateExercise = { ...userExercise, checks: [keyAbsent("nothing-here")], wrong: [] };
    const problems = await verifyExercise(engine(), fixture, bad);
    expect(problems).toEqual([expect.stringContaining("the untouched setup already passes every check")]);
  });

  it("a reference solution that fails", async () => {
    const bad: StateExercise = { ...userExercise, solution: [{ run: "HSET user:1 name Ada" }], wrong: [] };
    const problems = await verifyExercise(engine(), fixture, bad);
    expect(problems).toEqual([expect.stringContaining(`the reference solution fails "\\"user:1\\" is a hash with name=Ada"`.replace(/\\"/g, '"'))]);
    expect(problems[0]).toContain("the exercise wants a hash");
  });

  it("a wrong answer that passes, or fails with another message", async () => {
    const passes: StateExercise = { ...userExercise, wrong: [{ why: "same as solution", steps: userExercise.solution, expectMessage: "x" }] };
    expect(await verifyExercise(engine(), fixture, passes)).toEqual([expect.stringContaining('"same as solution" passes every check')]);
    const otherMessage: StateExercise = { ...userExercise, wrong: [{ why: "json", steps: [], expectMessage: "no such words" }] };
    expect(await verifyExercise(engine(), fixture, otherMessage)).toEqual([expect.stringContaining("none containing")]);
  });

  it("an exercise without hints, a quiz without a correct option", async () => {
    expect(await verifyExercise(engine(), fixture, { ...userExercise, hints: [] })).toEqual([expect.stringContaining("has no hint")]);
    const quiz = fixture.exercises[1];
    if (quiz.kind !== "quiz") throw new Error("fixture");
    const noneRight = { ...quiz, options: quiz.options.map((o) => ({ ...o, correct: false })) };
    expect(await verifyExercise(engine(), fixture, noneRight)).toEqual([expect.stringContaining("no option is marked correct")]);
  });

  it("an example whose reply differs, or whose expect has the wrong length", async () => {
    const bad: Module = {
      ...fixture,
      examples: [
        { id: "off", steps: [{ run: "SET a 1" }, { run: "INCR a" }], expect: ["OK", "(integer) 1"] },
        { id: "short", steps: [{ run: "PING" }, { run: "PING" }], expect: ["PONG"] },
        // Without fresh: false, the previous example's keys are gone.
        { id: "not-chained", steps: [{ run: "GET a" }], expect: ['"2"'] },
      ],
    };
    const r = await replayExamples(engine(), bad);
    expect(r.mismatches).toEqual([
      { example: "off", step: 1, line: "INCR a", expected: "(integer) 1", actual: "(integer) 2" },
      { example: "not-chained", step: 0, line: "GET a", expected: '"2"', actual: "(nil)" },
    ]);
    expect(r.problems).toEqual(['example "short" has 2 REPL lines but 1 expected replies']);
    expect(verifyShape(bad)).toContain('example "short" has 2 REPL lines but 1 expected replies');
  });

  it("duplicate ids and markers to nowhere", () => {
    const bad: Module = {
      ...fixture,
      sections: [{ id: "s1", title: "One", body: "{{example:nope}}" }, { id: "s1", title: "Two", body: "x" }],
      exercises: [userExercise, userExercise],
    };
    expect(verifyShape(bad)).toEqual([
      'exercise id "user-hash" is used twice',
      'section id "s1" is used twice',
      'section "s1" places example "nope", which the module does not define',
    ]);
  });
});

describe("the session", () => {
  it("runs lines in named client tabs and renders replies as the REPL does", async () => {
    const s = new LessonSession(engine());
    const out = await s.steps([
      { run: "SET k v" },
      { client: "B", run: "SELECT 2" },
      { client: "B", run: "GET k" },
      { run: "GET k" },
      { run: "RPUSH l a b" },
      { run: "LRANGE l 0 -1" },
      { run: "FOO" },
    ]);
    expect(out.map((o) => [o.client, o.text])).toEqual([
      ["main", "OK"],
      ["B", "OK"],
      ["B", "(nil)"],
      ["main", '"v"'],
      ["main", "(integer) 2"],
      ["main", '1) "a"\n2) "b"'],
      ["main", "(error) ERR unknown command 'FOO', with args beginning with: "],
    ]);
    const t = s.reader().transcript("B");
    expect(t.map((e) => (e.kind === "command" ? `> ${e.line}` : e.text))).toEqual(["> SELECT 2", "OK", "> GET k", "(nil)"]);
  });

  it("plays an actor after the next command of its trigger client", async () => {
    const s = new LessonSession(engine());
    await s.steps([
      { run: "SET balance 100" },
      { run: "WATCH balance" },
      { actor: { client: "B", when: "afterNextCommand", run: "INCRBY balance 10" } },
      { run: "MULTI" },
      { run: "DECRBY balance 30" },
    ]);
    const out = await s.steps([{ run: "EXEC" }, { run: "GET balance" }]);
    expect(out.map((o) => o.text)).toEqual(["(nil)", '"110"']);
    expect(s.reader().transcript("B").map((e) => (e.kind === "command" ? e.line : e.text))).toEqual(["INCRBY balance 10", "(integer) 110"]);
    const saw = clientSaw("main", "(nil)", "EXEC was refused", "EXEC went through");
    expect(await saw.test(s.reader())).toBeNull();
  });

  it("keeps a tab's history across reconnects and renames", async () => {
    const s = new LessonSession(engine());
    await s.steps([{ client: "tab 2", run: "SET k 1" }, { client: "tab 2", run: "QUIT" }, { client: "tab 2", run: "GET k" }]);
    const lines = (label: string) => s.reader().transcript(label).map((e) => (e.kind === "command" ? `> ${e.line}` : e.text));
    expect(lines("tab 2")).toEqual(["> SET k 1", "OK", "> QUIT", "OK", "> GET k", '"1"']);
    const id = s.tabs.connection("tab 2")!.clientId!;
    s.engine.relabel(id, "web-2");
    expect(lines("web-2")).toEqual(["> GET k", '"1"']);
    expect(lines("tab 2")).toEqual(["> SET k 1", "OK", "> QUIT", "OK"]);
  });

  it("records pushes in a subscriber's transcript", async () => {
    const s = new LessonSession(engine());
    await s.steps([{ client: "sub", run: "SUBSCRIBE news" }, { run: "PUBLISH news hello" }]);
    const t = s.reader().transcript("sub");
    expect(t.at(-1)).toMatchObject({ kind: "push", text: '1) "message"\n2) "news"\n3) "hello"' });
  });

  it("moves the clock with advanceMs; expired keys read as absent", async () => {
    const s = new LessonSession(engine());
    await s.steps([{ run: "SET t x EX 10" }]);
    expect(await ttlBetween("t", 9, 10).test(s.reader())).toBeNull();
    await s.steps([{ advanceMs: 5000 }]);
    expect(await ttlBetween("t", 9, 10).test(s.reader())).toBe('"t" expires in 5 s: too soon.');
    await s.steps([{ advanceMs: 5001 }]);
    expect(await s.reader().key("t")).toBeNull();
  });

  it("answers command() on a private client that no tab sees, and survives reset", async () => {
    const s = new LessonSession(engine());
    await s.steps([{ run: "SET a 1" }]);
    const r = await s.reader().command(["GET", "a"]);
    expect(r).toEqual({ t: "bulk", v: "1" });
    expect(s.reader().transcript("main")).toHaveLength(2);
    expect(s.reader().transcript("checker")).toEqual([]);
    await s.reset();
    expect(s.reader().transcript("main")).toEqual([]);
    expect(await s.reader().command(["EXISTS", "a"])).toEqual({ t: "int", v: 0 });
  });

  it("grades checks and turns a throwing check into a failure", async () => {
    const s = new LessonSession(engine());
    await s.steps([{ run: "SET a 1" }]);
    const results = await s.check([
      stringIs("a", "1"),
      stringIs("a", "2"),
      custom("boom", async () => {
        throw new Error("bad check");
      }),
    ]);
    expect(results).toEqual([
      { describe: '"a" holds "1"', failure: null },
      { describe: '"a" holds "2"', failure: '"a" holds "1", not the value the exercise asks for.' },
      { describe: "boom", failure: "This check could not run: bad check" },
    ]);
  });
});

describe("snapshots (undo of Start)", () => {
  it("brings back every type, in its db, with its TTL", async () => {
    const s = new LessonSession(engine());
    await s.steps([
      { run: "SET s héllo" },
      { run: "RPUSH l a b a" },
      { run: "HSET h f 1 g 2" },
      { run: "SADD st 3 1 2" },
      { run: "ZADD z 1.1 a -inf b" },
      { run: "XADD x 1-1 k v" },
      { run: "SET t x PX 5000" },
      { run: "SELECT 3" },
      { run: "SET other 1" },
    ]);
    const before = async () => {
      const out: unknown[] = [];
      for (const db of [0, 3]) for (const k of await s.engine.inspectKeys(db)) out.push(await s.engine.inspectKey(db, k.key));
      return out;
    };
    const was = await before();
    const snap = await takeSnapshot(s.engine);
    expect(snap).toMatchObject({ complete: true, count: 8 });
    await s.reset();
    expect(await s.engine.inspectKeys(0)).toEqual([]);
    await restoreSnapshot(s.engine.inner, snap);
    expect(await before()).toEqual(was);
    expect(s.reader().transcript("restore")).toEqual([]);
  });
});

describe("markers", () => {
  it("splits prose at markers on their own line, not inside code fences or sentences", () => {
    expect(splitMarkers("a\n\n{{example:x}}\n\nsee {{example:y}} here\n```\n{{exercise:z}}\n```\n  {{exercise:w}}  ")).toEqual([
      { kind: "markdown", text: "a\n" },
      { kind: "example", id: "x" },
      { kind: "markdown", text: "\nsee {{example:y}} here\n```\n{{exercise:z}}\n```" },
      { kind: "exercise", id: "w" },
    ]);
  });
});
