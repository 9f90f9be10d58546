import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { Differential } from "../support/differential";
import { decodeReply } from "../support/resp-client";

let d: Differential;
beforeAll(async () => {
  d = await Differential.start();
});
afterAll(async () => d?.stop());
beforeEach(async () => d.reset());

/** Parses INFO text into { section: { field: value } }. */
function parse(text: string): Map<string, Map<string, string>> {
  const out = new Map<string, Map<string, string>>();
  let cur = new Map<string, string>();
  for (const line of text.split("\r\n")) {
    if (line.startsWith("# ")) out.set(line.slice(2), (cur = new Map()));
    else if (line.includes(":")) cur.set(line.slice(0, line.indexOf(":")), line.slice(line.indexOf(":") + 1));
  }
  return out;
}

async function both(...cmd: string[]) {
  const r = await d.both(cmd);
  const text = (bytes: string) => {
    const rep = decodeReply(bytes, 0)!.reply;
    if (rep.t !== "bulk" && rep.t !== "verbatim") throw new Error(`INFO replied ${rep.t}`);
    return rep.v;
  };
  return { engine: text(r.engine), real: text(r.real) };
}

describe("INFO", () => {
  it("selects the same sections, in the same order, as Redis 7.0", async () => {
    for (const args of [[], ["default"], ["all"], ["everything"], ["server"], ["keyspace", "server"], ["CLIENTS"], ["nosuch"], ["modules"], ["commandstats"]]) {
      const { engine, real } = await both("INFO", ...args);
      expect([...parse(engine).keys()], `INFO ${args.join(" ")}`).toEqual([...parse(real).keys()]);
      expect(engine.endsWith("\r\n") || engine === "", `INFO ${args.join(" ")} ends a line`).toBe(true);
      expect(engine === "").toBe(real === "");
    }
  });

  it("reports live keyspace and stats figures equal to Redis' after the same commands", async () => {
    for (const cmd of [["SET", "a", "1"], ["SET", "b", "2", "EX", "100"], ["GET", "a"], ["GET", "nope"], ["SELECT", "3"], ["SET", "c", "3"], ["NOSUCH"], ["GET"]]) {
      await d.both(cmd);
    }
    const { engine, real } = await both("INFO", "everything");
    const e = parse(engine);
    const r = parse(real);
    expect(e.get("Keyspace")).toEqual(
      new Map([...r.get("Keyspace")!].map(([k, v]) => [k, v.replace(/avg_ttl=\d+/, "avg_ttl=0")])),
    );
    for (const f of ["keyspace_hits", "keyspace_misses", "expired_keys", "evicted_keys", "total_error_replies"]) {
      expect(e.get("Stats")!.get(f), f).toBe(r.get("Stats")!.get(f));
    }
    expect(e.get("Errorstats")).toEqual(r.get("Errorstats"));
    expect(e.get("Clients")!.get("connected_clients")).toBe(r.get("Clients")!.get("connected_clients"));
    const calls = (m: Map<string, Map<string, string>>) =>
      new Map([...m.get("Commandstats")!].map(([k, v]) => [k, v.replace(/usec=\d+,usec_per_call=[\d.]+,/, "")]));
    expect(calls(e)).toEqual(calls(r));
    // Every field the engine reports exists in Redis' report, in the same section.
    for (const [section, fields] of e) {
      for (const f of fields.keys()) {
        if (section === "Keyspace" || section === "Commandstats" || section === "Latencystats" || section === "Errorstats") continue;
        expect(r.get(section)?.has(f), `${section}.${f}`).toBe(true);
      }
    }
  });
});
