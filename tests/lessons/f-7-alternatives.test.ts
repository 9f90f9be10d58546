/**
 * F-7 graded on state, not on the commands typed: reasonable solutions other than the
 * reference pass (found in review, issue 8), and the raw-mode exercise passes when the frame
 * really is typed by hand, through the console's own raw runner (the page tells the recording
 * engine the bytes first, as lessons/runtime/raw-input.ts does), and only then.
 */
import { describe, expect, it } from "vitest";
import { unescapeTyped } from "@/components/console/resp-text";
import { newRawParser, runRaw } from "@/components/console/run-raw";
import { rawBytesOf } from "@/lessons/runtime/session";
import { module } from "@/lessons/f-7";
import type { StateExercise, Step } from "@/lessons/types";
import { lessonSessions } from "../support/lesson-sessions";

const { session } = lessonSessions();
const exercise = (id: string) => module.exercises.find((e): e is StateExercise => e.id === id && e.kind !== "quiz")!;

async function failuresOf(id: string, steps: Step[]): Promise<string[]> {
  const ex = exercise(id);
  const s = await session([...(ex.setup ?? []), ...steps], module, ex);
  return (await s.check(ex.checks)).flatMap((r) => (r.failure === null ? [] : [r.failure]));
}

describe("F-7 accepts other correct solutions", () => {
  it.each([
    ["f7-predict-bytes", [{ run: "SET answer '$7\\r\\nZürich\\r\\n'" }]],
    ["f7-predict-rtt", [{ run: "SET loop_ms 1000ms" }, { run: "SET pipe_ms 20" }]],
    ["f7-build-mset", [{ run: "MSETNX menu:tea 1.90 menu:juice 2.80 menu:espresso 2.20 menu:latte 3.10 menu:mocha 3.40" }, { run: "MGET menu:tea menu:latte" }]],
    ["f7-fix-frame", [{ run: "FLUSHDB" }, { run: "SET price:tea 3.50" }, { run: "SET price:coffee 2.80" }]],
    ["f7-resp3-map", [{ run: "HELLO 3 SETNAME me" }, { run: "HGETALL user:1" }, { run: "HELLO 2" }]],
  ] as [string, Step[]][])("%s", async (id, steps) => {
    expect(await failuresOf(id, steps)).toEqual([]);
  });

  it("f7-raw-memo, typed in raw mode as one frame", async () => {
    const ex = exercise("f7-raw-memo");
    const s = await session(ex.setup ?? [], module, ex);
    // Split over two lines, as a learner may type it: the frame is still one command.
    const lines = ["*3\\r\\n$3\\r\\nSET\\r\\n$4\\r\\nmemo", "$18\\r\\nbuy milk\\r\\ncall Ada"];
    const parser = newRawParser();
    let conn = { clientId: null as number | null, db: 0, resp: 2 as const };
    const texts: string[] = [];
    for (const typed of lines) {
      s.engine.noteRaw("main", rawBytesOf(typed));
      const out = await runRaw(s.engine, conn, parser, `${unescapeTyped(typed)}\r\n`, "main");
      conn = { ...conn, clientId: out.connection.clientId };
      texts.push(...out.output.map((o) => o.text));
    }
    expect(texts).toEqual(["(7 bytes buffered: the frame is not complete yet)", "+OK\\r\\n"]);
    expect((await s.check(ex.checks)).filter((r) => r.failure !== null)).toEqual([]);
    const set = s.engine.transcript("main").find((e) => e.kind === "command");
    expect(set).toEqual({ kind: "command", line: 'SET memo "buy milk\\r\\ncall Ada"', raw: true, bytes: "*3\r\n$3\r\nSET\r\n$4\r\nmemo\r\n$18\r\nbuy milk\r\ncall Ada\r\n" });
  });

  it("f7-raw-memo refuses the same bytes when the raw runner was not announced (typed normally)", async () => {
    const ex = exercise("f7-raw-memo");
    const s = await session(ex.setup ?? [], module, ex);
    const typed = "*3\\r\\n$3\\r\\nSET\\r\\n$4\\r\\nmemo\\r\\n$18\\r\\nbuy milk\\r\\ncall Ada";
    await runRaw(s.engine, { clientId: null, db: 0, resp: 2 }, newRawParser(), `${unescapeTyped(typed)}\r\n`, "main");
    expect((await s.check(ex.checks)).flatMap((r) => (r.failure ? [r.failure] : []))).toEqual([expect.stringContaining("typed normally")]);
  });
});
