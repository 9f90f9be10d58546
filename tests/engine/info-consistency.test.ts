/**
 * INFO's figures agree with each other and with the commands that report the same thing:
 * Keyspace with DBSIZE, used_memory with MEMORY STATS, total_commands_processed with the
 * commands run, errorstats and cmdstat_* with what happened. (Field names and order against
 * real Redis: tests/conformance/info-fields.test.ts; live values against real Redis:
 * tests/conformance/info.test.ts.)
 */
import { describe, expect, it } from "vitest";
import { createServer } from "../../engine/server";
import type { Reply } from "../../engine/reply";
import type { Profile } from "../../engine/config";

function setup(profile: Profile = "redis") {
  const server = createServer({ profile });
  const c = server.connect();
  const run = (...argv: string[]): Reply => c.execute(argv);
  const info = (...args: string[]): Map<string, string> => {
    const r = run("INFO", ...args);
    if (r.t !== "bulk" && r.t !== "verbatim") throw new Error(JSON.stringify(r));
    return new Map(
      r.v.split("\r\n").filter((l) => l.includes(":")).map((l) => [l.slice(0, l.indexOf(":")), l.slice(l.indexOf(":") + 1)]),
    );
  };
  const int = (r: Reply): number => {
    if (r.t !== "int") throw new Error(JSON.stringify(r));
    return Number(r.v);
  };
  return { server, run, info, int };
}

/** MEMORY STATS' flat key/value list as a map. */
function stats(r: Reply): Map<string, Reply> {
  if (r.t !== "map" && r.t !== "array") throw new Error(JSON.stringify(r));
  const m = new Map<string, Reply>();
  for (let i = 0; i + 1 < r.v.length; i += 2) m.set((r.v[i] as { v: string }).v, r.v[i + 1]);
  return m;
}

describe("INFO consistency", () => {
  for (const profile of ["redis", "playground"] as const) {
    it(`keyspace counts equal DBSIZE in every database (${profile})`, () => {
      const { run, info, int } = setup(profile);
      const counts = [3, 0, 5, 1];
      counts.forEach((n, db) => {
        run("SELECT", String(db));
        for (let i = 0; i < n; i++) run("SET", `k${i}`, "v", ...(i % 2 ? ["EX", "100"] : []));
      });
      const ks = info("keyspace");
      counts.forEach((n, db) => {
        run("SELECT", String(db));
        const size = int(run("DBSIZE"));
        expect(size).toBe(n);
        if (n === 0) expect(ks.has(`db${db}`)).toBe(false);
        else expect(ks.get(`db${db}`)).toBe(`keys=${size},expires=${Math.floor(n / 2)},avg_ttl=0`);
      });
    });

    it(`used_memory equals MEMORY STATS total.allocated and moves with the data (${profile})`, () => {
      const { run, info } = setup(profile);
      // No latency histograms, which a command's first call adds to used_memory.
      run("CONFIG", "SET", "latency-tracking", "no");
      const check = () => {
        const used = Number(info("memory").get("used_memory"));
        expect(stats(run("MEMORY", "STATS")).get("total.allocated")).toEqual({ t: "int", v: used });
        return used;
      };
      const empty = check();
      run("RPUSH", "l", ...Array.from({ length: 1000 }, (_, i) => `element-${i}`));
      const full = check();
      expect(full).toBeGreaterThan(empty + 10_000);
      run("DEL", "l");
      expect(check()).toBe(empty);
    });
  }

  it("total_commands_processed counts every command run, INFO itself included", () => {
    const { run, info } = setup();
    const before = Number(info("stats").get("total_commands_processed"));
    run("SET", "a", "1");
    run("GET", "a");
    run("INCR", "a");
    // INFO is counted after it replies: the next INFO sees the previous one.
    expect(Number(info("stats").get("total_commands_processed"))).toBe(before + 1 + 3);
    // An unknown command or a wrong arity is rejected before it runs: not processed.
    run("NOSUCH");
    run("GET");
    expect(Number(info("stats").get("total_commands_processed"))).toBe(before + 1 + 3 + 1);
  });

  it("errorstats, total_error_replies and cmdstat_* follow the errors", () => {
    const { run, info } = setup();
    run("SET", "s", "x");
    run("INCR", "s"); // ERR not an integer: a failed call
    run("LPUSH", "s", "y"); // WRONGTYPE: a failed call
    run("LPUSH", "s", "y");
    run("NOSUCH"); // ERR unknown command: rejected, no cmdstat
    run("GET"); // ERR wrong number of arguments: a rejected call of GET
    const all = info("everything");
    expect(all.get("errorstat_ERR")).toBe("count=3");
    expect(all.get("errorstat_WRONGTYPE")).toBe("count=2");
    expect(all.get("total_error_replies")).toBe("5");
    const calls = (name: string) => all.get(`cmdstat_${name}`)?.replace(/usec=\d+,usec_per_call=[\d.]+,/, "");
    expect(calls("set")).toBe("calls=1,rejected_calls=0,failed_calls=0");
    expect(calls("incr")).toBe("calls=1,rejected_calls=0,failed_calls=1");
    expect(calls("lpush")).toBe("calls=2,rejected_calls=0,failed_calls=2");
    expect(calls("get")).toBe("calls=0,rejected_calls=1,failed_calls=0");
    expect(all.has("cmdstat_nosuch")).toBe(false);
  });

  it("keyspace_hits and keyspace_misses count the lookups", () => {
    const { run, info } = setup();
    run("SET", "a", "1");
    run("GET", "a");
    run("GET", "a");
    run("GET", "missing");
    run("MGET", "a", "missing", "missing2");
    const s = info("stats");
    expect(s.get("keyspace_hits")).toBe("3");
    expect(s.get("keyspace_misses")).toBe("3");
  });

  it("the playground's limits are visible: maxmemory in INFO memory, the reply cap in CONFIG GET", () => {
    const { run, info } = setup("playground");
    expect(info("memory").get("maxmemory")).toBe("67108864");
    expect(info("memory").get("maxmemory_human")).toBe("64.00M");
    const r = run("CONFIG", "GET", "playground-*");
    expect(r.t === "map" || r.t === "array" ? r.v.map((x) => (x as { v: string }).v) : r).toEqual([
      "playground-max-reply-elements",
      "100000",
    ]);
  });
});
