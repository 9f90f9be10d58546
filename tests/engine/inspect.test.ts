import { describe, expect, it } from "vitest";
import { createServer } from "../../engine/server";
import { inspectKey, inspectKeys, inspectStats } from "../../engine/inspect";

/** Runs the same scenario with and without the inspector reading, and returns what the learner sees. */
function scenario(withInspector: boolean) {
  const server = createServer();
  const c = server.connect();
  const peek = () => {
    if (!withInspector) return;
    inspectKeys(server, 0);
    inspectKey(server, 0, "a");
    inspectKey(server, 0, "gone");
    inspectKey(server, 0, "missing");
    inspectStats(server);
  };
  c.execute(["SET", "a", "1"]);
  c.execute(["SET", "gone", "x", "PX", "100"]);
  peek();
  server.advance(10_000);
  peek();
  const seen = {
    idle: c.execute(["OBJECT", "IDLETIME", "a"]),
    stats: inspectStats(server),
    dirty: server.stats.dirty,
    version: server.version,
  };
  return seen;
}

describe("inspection path", () => {
  it("leaves stats, idle time and expiry exactly as they would be without it", () => {
    const without = scenario(false);
    const withIt = scenario(true);
    expect(withIt).toEqual(without);
    expect(without.idle).toEqual({ t: "int", v: 10 });
  });

  it("shows an expired key that nothing has removed yet, without removing it", () => {
    const server = createServer({ config: { hz: "1" } });
    const c = server.connect();
    c.execute(["SET", "k", "v", "PX", "50"]);
    server.clock.setNow(server.now() + 60); // time passes, no timer runs
    const before = inspectStats(server);
    const k = inspectKey(server, 0, "k");
    expect(k).toMatchObject({ key: "k", type: "string", encoding: "embstr", expired: true, value: { type: "string", value: "v" }, length: 1 });
    expect(inspectKeys(server, 0).map((v) => v.key)).toEqual(["k"]);
    expect(inspectStats(server)).toEqual(before);
    expect(before.expiredKeys).toBe(0);
    expect(server.dbs[0].size).toBe(1);
    // A real read removes it and counts it, as Redis' lazy expiry does.
    expect(c.execute(["GET", "k"])).toEqual({ t: "null" });
    expect(inspectStats(server).expiredKeys).toBe(1);
  });

  it("reports type, encoding and TTL per key, sorted", () => {
    const server = createServer();
    const c = server.connect();
    c.execute(["SET", "b", "12345"]);
    c.execute(["SET", "a", "x".repeat(45), "EX", "100"]);
    expect(inspectKeys(server, 0)).toEqual([
      { key: "a", type: "string", encoding: "raw", ttlMs: 100_000, expired: false, memory: expect.any(Number) },
      { key: "b", type: "string", encoding: "int", ttlMs: null, expired: false, memory: expect.any(Number) },
    ]);
  });
});
