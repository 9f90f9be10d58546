/**
 * INFO's shape against redis-server 7.0.15: for no argument, `default`, `all` and
 * `everything`, the same sections holding the same field names in the same order as Redis'
 * (values dropped by the infoShape exemption; tests/conformance/info.test.ts compares the
 * live figures and tests/engine/info-consistency.test.ts checks figures against each other).
 * The same traffic runs on both sides first, so the per-command sections name the same
 * entries.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { Differential, describeMismatches } from "../support/differential";
import { exemptions } from "./exemptions";

let d: Differential;
beforeAll(async () => {
  d = await Differential.start();
});
afterAll(async () => d?.stop());
beforeEach(async () => d.reset());

const TRAFFIC = [
  ["SET", "a", "1"], ["SET", "b", "2", "EX", "100"], ["GET", "a"], ["LPUSH", "l", "x"], ["SELECT", "2"], ["SET", "c", "3"],
  ["NOSUCH"], ["INCR", "c", "x"], ["GET", "l"], ["SELECT", "0"], ["LPOP", "a"],
];

describe("INFO field names and order", () => {
  for (const args of [[], ["default"], ["all"], ["everything"]]) {
    it(`INFO ${args.join(" ") || "(no argument)"} lists Redis' sections and fields, in Redis' order`, async () => {
      for (const cmd of TRAFFIC) await d.both(cmd);
      const mismatches = await d.compare([{ cmd: ["INFO", ...args], norm: exemptions.infoShape }]);
      expect(mismatches, describeMismatches(mismatches)).toEqual([]);
    });
  }
});
