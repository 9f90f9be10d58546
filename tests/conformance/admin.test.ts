/**
 * Server commands against a real redis-server 7.0.15: TIME, DBSIZE, FLUSHDB, FLUSHALL, SWAPDB
 * and CONFIG. Every configuration parameter is read back, and CONFIG SET is probed with the
 * same values on both sides, parameter by parameter.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { Differential, describeMismatches, type Case } from "../support/differential";
import { decodeReply } from "../support/resp-client";
import { Gen, seeds } from "../support/random-commands";
import { exemptions } from "./exemptions";
import type { Reply } from "../../engine/reply";
import { Config } from "../../engine/config";

let d: Differential;
beforeAll(async () => {
  // The harness starts redis-server with --save '': the engine gets the same.
  d = await Differential.start({ config: { save: "" } });
});
afterAll(async () => d?.stop());
beforeEach(async () => d.reset());

async function check(cases: (Case | string[])[]): Promise<void> {
  const ms = await d.compare(cases);
  expect(ms, describeMismatches(ms)).toEqual([]);
}

const pairs = (cmd: string[]): Case => ({ cmd, norm: exemptions.unorderedPairs });

/** Parameters whose values depend on how the process was started (port, address, directory). */
const STARTUP = new Set(["port", "bind", "dir"]);

/** A CONFIG GET reply as name → value. */
function configMap(r: Reply): Map<string, string> {
  const m = new Map<string, string>();
  if (r.t !== "array" && r.t !== "map") throw new Error(`unexpected ${r.t}`);
  for (let i = 0; i < r.v.length; i += 2) m.set((r.v[i] as { v: string }).v, (r.v[i + 1] as { v: string }).v);
  return m;
}

async function realConfig(): Promise<Map<string, string>> {
  const s = await d.session();
  const raw = await s.real.call("CONFIG", "GET", "*");
  return configMap(decodeReply(raw.bytes, 0)!.reply);
}

describe("TIME and DBSIZE", () => {
  it("TIME answers seconds and microseconds close to the real server's", async () => {
    await check([{ cmd: ["TIME"], norm: exemptions.time }, ["TIME", "x"]]);
    const r = await d.engineOnly(["TIME"]);
    expect(r.t).toBe("array");
    const [secs, us] = (r as { v: readonly { v: string }[] }).v.map((x) => Number(x.v));
    expect(Math.abs(secs - Date.now() / 1000)).toBeLessThan(5);
    expect(us).toBeGreaterThanOrEqual(0);
    expect(us).toBeLessThan(1e6);
  });

  it("DBSIZE counts the selected database", async () => {
    await check([
      ["DBSIZE"], ["SET", "a", "1"], ["SET", "b", "2"], ["DBSIZE"], ["SELECT", "1"], ["DBSIZE"], ["SET", "c", "3"], ["DBSIZE"],
      ["DBSIZE", "x"],
    ]);
  });
});

describe("FLUSHDB and FLUSHALL", () => {
  it("take SYNC or ASYNC and refuse anything else", async () => {
    const fill = [["SET", "a", "1"], ["SET", "b", "2", "EX", "100"], ["SELECT", "2"], ["SET", "c", "3"], ["SELECT", "0"]];
    await check([
      ...fill, ["FLUSHDB", "foo"], ["FLUSHDB", "ASYNC", "SYNC"], ["FLUSHDB", ""], ["DBSIZE"], ["FLUSHDB"], ["DBSIZE"],
      ["SELECT", "2"], ["DBSIZE"], ["SELECT", "0"],
      ...fill, ["FLUSHDB", "async"], ["DBSIZE"], ...fill, ["FLUSHDB", "SYNC"], ["TTL", "b"],
      ...fill, ["FLUSHALL", "x"], ["FLUSHALL", "SYNC", "x"], ["FLUSHALL"], ["DBSIZE"], ["SELECT", "2"], ["DBSIZE"], ["SELECT", "0"],
      ...fill, ["FLUSHALL", "ASYNC"], ["DBSIZE"], ...fill, ["flushall", "sync"], ["EXISTS", "a", "b"],
    ]);
  });
});

describe("SWAPDB", () => {
  it("refuses bad indexes with each argument's own text", async () => {
    const idx = ["a", "1.5", "-1", "16", "99999999999999999999", "2147483648", "-2147483649", "", "0x1", "+1"];
    await check([
      ["SWAPDB"], ["SWAPDB", "0"], ["SWAPDB", "0", "1", "2"],
      ...idx.flatMap((i) => [["SWAPDB", i, "0"], ["SWAPDB", "0", i], ["SWAPDB", i, i]]),
      ["SWAPDB", "0", "0"], ["SWAPDB", "15", "15"],
    ]);
  });

  it("exchanges keys and TTLs; connections keep their database number", async () => {
    await check([
      { cmd: ["SELECT", "1"], client: "one" },
      ["SET", "k", "zero"], ["SET", "t", "x", "EX", "500"], { cmd: ["SET", "k", "one"], client: "one" },
      { cmd: ["SET", "only1", "v"], client: "one" },
      ["SWAPDB", "0", "1"],
      ["GET", "k"], ["EXISTS", "only1", "t"], { cmd: ["GET", "k"], client: "one" },
      { cmd: ["TTL", "t"], client: "one" }, ["DBSIZE"], { cmd: ["DBSIZE"], client: "one" },
      ["SWAPDB", "1", "0"], ["GET", "k"], ["TTL", "t"],
      ["SWAPDB", "0", "15"], ["DBSIZE"], ["SELECT", "15"], ["GET", "k"],
    ]);
  });
});

describe("CONFIG GET", () => {
  it("knows every parameter redis-server 7.0.15 has, with the same defaults", async () => {
    const real = await realConfig();
    const engine = configMap(await d.engineOnly(["CONFIG", "GET", "*"]));
    const names = (m: Map<string, string>) => [...m.keys()].sort();
    expect(names(engine)).toEqual(names(real));
    for (const [k, v] of real) if (!STARTUP.has(k)) expect(`${k}=${engine.get(k)}`).toBe(`${k}=${v}`);
  });

  it("answers each parameter by its exact name, alias or spelling", async () => {
    const names = [...(await realConfig()).keys()].filter((k) => !STARTUP.has(k));
    await check([
      ...names.map((n) => ["CONFIG", "GET", n]),
      ...names.slice(0, 40).map((n) => ["CONFIG", "GET", n.toUpperCase()]),
      ["CONFIG", "GET", "nosuch"], ["CONFIG", "GET", ""], ["CONFIG", "GET", "hz", "hz"], ["CONFIG", "GET", "HZ", "hz"],
      ["CONFIG", "GET", "hz", "HZ"], ["CONFIG", "GET"],
      // Hidden debugging parameters: found by exact name only.
      ...["use-exit-on-panic", "rdb-key-save-delay", "key-load-delay", "watchdog-period", "loading-process-events-interval-bytes"]
        .flatMap((n) => [["CONFIG", "GET", n], ["CONFIG", "GET", n.toUpperCase()]]),
      pairs(["CONFIG", "GET", "*delay*"]), pairs(["CONFIG", "GET", "*panic*"]), pairs(["CONFIG", "GET", "loading-*"]),
      ["CONFIG", "SET", "rdb-key-save-delay", "-5"], ["CONFIG", "GET", "rdb-key-save-delay"], ["CONFIG", "SET", "rdb-key-save-delay", "0"],
      ["CONFIG", "SET", "loading-process-events-interval-bytes", "5"], ["CONFIG", "SET", "use-exit-on-panic", "x"],
      ["CONFIG", "SET", "watchdog-period", "0"], ["CONFIG", "GET", "watchdog-period"],
    ]);
  });

  it("matches glob patterns against names and aliases", async () => {
    const patterns = [
      ["*max*"], ["maxmemory*", "hz"], ["*ignore*", "replica-ignore-maxmemory"], ["replica-ignore-maxmemory", "*ignore*"],
      ["HZ", "h?"], ["H?"], ["[h]z"], ["*IGNORE*"], ["*-ziplist-*"], ["hash-max-*-entries"], ["[a-c]*"], ["*[^a-z-]*"],
      ["save", "appendonly"], ["slave*"], ["*lfu*", "lfu-log-factor"], ["\\h\\z"], ["tls-*"], ["*", "nosuch"], ["?"], ["[]"],
    ];
    const notStartup = (r: Reply): Reply => {
      if (r.t !== "array" && r.t !== "map") return r;
      const v: Reply[] = [];
      for (let i = 0; i < r.v.length; i += 2) {
        if (!STARTUP.has((r.v[i] as { v: string }).v)) v.push(r.v[i], r.v[i + 1]);
      }
      return { ...r, v } as Reply;
    };
    const cases: Case[] = patterns.map((p) => ({ cmd: ["CONFIG", "GET", ...p], norm: (r) => exemptions.unorderedPairs(notStartup(r)) }));
    await check([...cases, { cmd: ["HELLO", "3"], norm: exemptions.hello }, ...cases]);
  });
});

/** Values that exercise every parser: types, units, bounds, sign, spacing, enums, specials. */
const PROBES = [
  "abc", "", "yes", "NO", "0", "1", "-1", "007", "+5", " 5", "1kb", "1K", "2Mb", "3g", "1.5", "99999999999999999999",
  "18446744073709551615", "9223372036854775807", "9223372036854775808", "2147483648", "-2147483649", "4294967296", "0777",
  "5%", "100%", "101%", "-5%", "0 0", "100 5 60 10", "100  5", "1 2 3", "normal 1 2 3", "replica 1kb 2mb 10", "pubsub 1 1 -1",
  "master 1 1 1", "0 200 800", "0 200 5000", "127.0.0.1", "{title}", "{port} x", "{{x", "{nope}", "KEA", "Kx$", "AKEm", "q",
  "50 99", "50 101", "everysec", "ALWAYS", "allkeys-lru", "volatile-ttl", "nosave now", "save nosave", "default", "relative",
  "local0", "a/b", "host.name", "a_b", "\x00", "é", "x".repeat(300),
];

/**
 * Values that would reconfigure the real process in ways a test must not (listening sockets,
 * file limits, client eviction, OOM score): only refused values are sent for these. `bind`
 * and `dir` are not probed: what they accept depends on the host's addresses and files.
 */
const INVALID_ONLY = new Set(["port", "tls-port", "maxclients", "maxmemory-clients", "oom-score-adj", "oom-score-adj-values"]);

describe("CONFIG SET", () => {
  it("parses, validates and stores every parameter as Redis does", async () => {
    const real = await realConfig();
    const mismatches = [];
    // For the parameters only refused values may reach, a scratch configuration tells which.
    const scratch = new Config("redis");
    let probed = 0;
    for (const [name, original] of real) {
      if (STARTUP.has(name) && !INVALID_ONLY.has(name)) continue;
      for (const probe of PROBES) {
        if (INVALID_ONLY.has(name) && scratch.trySet(name, probe) === null) continue;
        const set = await d.both(["CONFIG", "SET", name, probe]);
        probed++;
        if (INVALID_ONLY.has(name) && set.real.startsWith("+")) throw new Error(`${name} accepted ${JSON.stringify(probe)}`);
        // A start-up parameter's value differs by construction; only the refusal is compared.
        const get = STARTUP.has(name) ? { engine: "", real: "" } : await d.both(["CONFIG", "GET", name]);
        if (set.engine !== set.real || get.engine !== get.real) {
          mismatches.push({ client: "main", cmd: ["CONFIG", "SET", name, probe], engine: set.engine + get.engine, real: set.real + get.real });
        }
        if (set.real.startsWith("+")) await d.both(["CONFIG", "SET", name, original]);
      }
    }
    expect(mismatches, describeMismatches(mismatches)).toEqual([]);
    expect(probed).toBeGreaterThan(PROBES.length * 150);
  });

  it("sets several parameters at once, all or nothing, with Redis' order of checks", async () => {
    await check([
      ["CONFIG", "SET"], ["CONFIG", "SET", "hz"], ["CONFIG", "SET", "hz", "5", "port"],
      ["CONFIG", "SET", "hz", "20", "maxmemory-samples", "7"], ["CONFIG", "GET", "hz"], ["CONFIG", "GET", "maxmemory-samples"],
      ["CONFIG", "SET", "hz", "5", "maxmemory", "abc"], ["CONFIG", "GET", "hz"],
      ["CONFIG", "SET", "hz", "5", "hz", "6"], ["CONFIG", "SET", "hz", "5", "HZ", "6"], ["CONFIG", "SET", "HZ", "abc"],
      ["CONFIG", "SET", "databases", "5"], ["CONFIG", "SET", "DATABASES", "5"], ["CONFIG", "SET", "hz", "5", "databases", "5"],
      ["CONFIG", "SET", "databases", "5", "nosuch", "1"], ["CONFIG", "SET", "nosuch", "1", "databases", "5"],
      ["CONFIG", "SET", "hz", "5", "nosuch", "1"], ["CONFIG", "SET", "hz", "5", "dynamic-hz", "x"], ["CONFIG", "GET", "hz"],
      ["CONFIG", "SET", "hash-max-ziplist-entries", "1", "hash-max-listpack-entries", "2"], pairs(["CONFIG", "GET", "hash-max-*"]),
      ["CONFIG", "SET", "hash-max-listpack-entries", "7", "hash-max-ziplist-entries", "bad"], pairs(["CONFIG", "GET", "hash-max-*"]),
      ["CONFIG", "SET", "dir", "/tmp"], ["CONFIG", "SET", "dbfilename", "x.rdb"], ["CONFIG", "SET", "replicaof", "no", "one"],
      ["CONFIG", "SET", "hz", "600"], ["CONFIG", "GET", "hz"], ["CONFIG", "SET", "hz", "0"], ["CONFIG", "GET", "hz"],
      ["CONFIG", "SET", "hz", "10", "maxmemory-samples", "5", "hash-max-listpack-entries", "512"],
    ]);
  });
});

describe("CONFIG RESETSTAT, REWRITE, HELP", () => {
  it("answer as a server without a config file", async () => {
    await check([
      ["CONFIG", "RESETSTAT"], ["CONFIG", "RESETSTAT", "x"], ["CONFIG", "REWRITE"], ["CONFIG", "REWRITE", "x"], ["CONFIG", "HELP"],
      ["config", "help", "x"], ["CONFIG", "foo"], ["CONFIG"],
    ]);
  });
});

describe("random server command sequences", () => {
  for (const seed of seeds(4)) {
    it(`seed ${seed}`, async () => {
      const g = new Gen(seed);
      const cases: Case[] = [];
      const clients = ["c1", "c2"];
      for (let i = 0; i < 300; i++) {
        const client = g.pick(clients);
        const pick = g.int(0, 11);
        let cmd: string[];
        let norm = undefined;
        if (pick <= 2) cmd = ["SET", g.key(), g.value(), ...(g.chance(0.3) ? ["EX", String(g.int(10, 1000))] : [])];
        else if (pick === 3) cmd = ["GET", g.key()];
        else if (pick === 4) cmd = ["SELECT", String(g.int(0, 3))];
        else if (pick === 5) cmd = ["DBSIZE"];
        else if (pick === 6) cmd = g.chance(0.7) ? ["FLUSHDB", ...(g.chance(0.5) ? [g.pick(["ASYNC", "sync", "x"])] : [])] : ["FLUSHALL"];
        else if (pick === 7) cmd = ["SWAPDB", g.chance(0.9) ? String(g.int(0, 3)) : g.num(), g.chance(0.9) ? String(g.int(0, 3)) : g.num()];
        else if (pick === 8) {
          cmd = ["CONFIG", "SET", g.pick(["hz", "maxmemory-samples", "lfu-log-factor", "hash-max-listpack-entries", "maxmemory-policy"]),
            g.chance(0.7) ? String(g.int(-2, 600)) : g.pick(["allkeys-lru", "noeviction", "x", "1kb"])];
        } else if (pick === 9) {
          cmd = ["CONFIG", "GET", g.pick(["hz", "maxmemory*", "*samples*", "lfu-*", "hash-max-*", "HZ", "nosuch"])];
          norm = exemptions.unorderedPairs;
        } else if (pick === 10) cmd = ["TTL", g.key()];
        else cmd = ["EXISTS", g.key(), g.key()];
        cases.push({ cmd, client, norm });
      }
      // Back to the defaults, so later tests start from the same configuration.
      cases.push({
        cmd: ["CONFIG", "SET", "hz", "10", "maxmemory-samples", "5", "lfu-log-factor", "10", "hash-max-listpack-entries", "512",
          "maxmemory-policy", "noeviction"],
      });
      const ms = await d.compare(cases);
      expect(ms, `seed ${seed}\n${describeMismatches(ms)}`).toEqual([]);
    });
  }
});
