import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { Differential, describeMismatches } from "../support/differential";

let d: Differential;
beforeAll(async () => {
  d = await Differential.start();
});
afterAll(async () => d?.stop());
beforeEach(async () => d.reset());

describe("dispatch", () => {
  it("answers unknown commands, wrong arity and PING exactly as Redis", async () => {
    const ms = await d.compare([
      ["PING"],
      ["ping", "hello"],
      ["PING", "a", "b"],
      ["nosuchcommand", "a", "b"],
      ["nosuch", "x".repeat(200)],
      ["GET"],
      ["SET", "k", "v"],
      ["GET", "k"],
      ["ECHO", "a\r\nb\x00c"],
    ]);
    expect(ms, describeMismatches(ms)).toEqual([]);
  });
});
