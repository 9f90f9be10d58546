/**
 * Command timing, the slow log, the latency monitor and the histograms, through dispatch with
 * an injected microsecond source (so durations are exact), plus the clock's hold and DEBUG
 * POPULATE / LOG.
 */
import { describe, expect, it } from "vitest";
import { Clock, manualClock } from "../../engine/clock";
import { LatencyHistogram } from "../../engine/latency/histogram";
import { createServer, type ServerOptions } from "../../engine/server";
import { bulk, int, type Reply } from "../../engine/reply";

/** A server whose every elapsedUs() read moves a fake monotonic clock by `stepUs`. */
function timed(stepUs: number, config: Record<string, string> = {}, extra: ServerOptions = {}) {
  let us = 0;
  const clock = new Clock(() => 0, { paused: true, startMs: Date.UTC(2024, 0, 1), elapsedUs: () => (us += stepUs) });
  const server = createServer({ clock, config: { "enable-debug-command": "yes", ...config }, ...extra });
  const c = server.connect();
  const run = (...argv: string[]): Reply => c.execute(argv);
  const text = (...argv: string[]): string => (run(...argv) as { v: string }).v;
  return { server, c, run, text };
}

const T0 = Date.UTC(2024, 0, 1) / 1000;

/** The elements of an array reply. */
function items(r: Reply): Reply[] {
  if (r.t !== "array") throw new Error(`expected an array, got ${r.t}`);
  return [...r.v];
}

describe("latency histogram", () => {
  it("reports percentiles as the highest value of a two-significant-digit bucket, in ns", () => {
    const h = new LatencyHistogram();
    h.record(9000);
    expect(h.valueAtPercentile(50)).toBe(9023);
    const g = new LatencyHistogram();
    for (const ns of [0, 1000, 1000, 5000, 50_000_000]) g.record(ns);
    expect(g.valueAtPercentile(0)).toBe(1); // 0 is clamped to 1 ns
    expect(g.valueAtPercentile(50)).toBe(1003);
    expect(g.valueAtPercentile(99)).toBe(50_069_503);
    expect(g.valueAtPercentile(100)).toBe(50_069_503);
  });

  it("gives LATENCY HISTOGRAM's cumulative buckets at powers of two", () => {
    const h = new LatencyHistogram();
    for (const ns of [1000, 5000, 9000, 25_000, 56_000, 2e9]) h.record(ns);
    expect(h.cumulative()).toEqual([
      [1, 1],
      [8, 2],
      [16, 3],
      [33, 4],
      [66, 5],
      [1082130, 6], // 2 s is clamped to 1 s, which falls in the level labelled 1082130 µs
    ]);
  });
});

describe("command timing", () => {
  it("feeds commandstats usec and latencystats from the clock's microsecond source", () => {
    const { text, run } = timed(7);
    run("SET", "a", "1");
    run("GET", "a");
    run("GET", "a");
    const stats = text("INFO", "commandstats");
    expect(stats).toContain("cmdstat_set:calls=1,usec=7,usec_per_call=7.00,rejected_calls=0,failed_calls=0");
    expect(stats).toContain("cmdstat_get:calls=2,usec=14,usec_per_call=7.00,");
    expect(text("INFO", "latencystats")).toContain("latency_percentiles_usec_get:p50=7.007,p99=7.007,p99.9=7.007");
    run("CONFIG", "SET", "latency-tracking-info-percentiles", "0 100");
    expect(text("INFO", "latencystats")).toContain("latency_percentiles_usec_get:p0=7.007,p100=7.007");
    run("CONFIG", "SET", "latency-tracking", "no");
    expect(text("INFO", "latencystats")).toBe("# Latencystats\r\n");
  });

  it("times DEBUG SLEEP as long as it held the instance, with no time source at all", () => {
    const server = createServer({ config: { "enable-debug-command": "yes", "slowlog-log-slower-than": "100000", "latency-monitor-threshold": "100" } });
    const c = server.connect({ name: "sleeper" });
    const before = server.now();
    expect(c.execute(["DEBUG", "SLEEP", "0.25"])).toEqual({ t: "simple", v: "OK" });
    expect(server.now() - before).toBe(250); // the paused clock moved on
    expect(server.takeHold()).toBe(250);
    expect(server.takeHold()).toBe(0);
    const log = items(c.execute(["SLOWLOG", "GET"]));
    expect(log).toHaveLength(1);
    expect(items(log[0]).slice(2, 4)).toEqual([int(250000), { t: "array", v: [bulk("DEBUG"), bulk("SLEEP"), bulk("0.25")] }]);
    expect(items(log[0])[5]).toEqual(bulk("sleeper"));
    const latest = items(c.execute(["LATENCY", "LATEST"]));
    expect(latest.map(items)).toEqual([[bulk("command"), int(Math.floor(before / 1000)), int(250), int(250)]]);
    expect((c.execute(["INFO", "commandstats"]) as { v: string }).v).toContain("cmdstat_debug:calls=1,usec=250000,");
  });

  it("records 'fast-command' and 'command' spikes by the command's flags, one sample per second", () => {
    const { run, server } = timed(30_000, { "latency-monitor-threshold": "20" });
    run("GET", "a"); // fast, 30 ms
    run("KEYS", "*"); // not fast, 30 ms
    run("DEBUG", "SLEEP", "0.1"); // 130 ms, same second as KEYS: raises that second's sample
    const events = server.latency.monitor.events;
    expect([...events.keys()]).toEqual(["fast-command", "command"]);
    expect(events.get("command")!.history()).toEqual([{ time: T0, latency: 130 }]);
    server.advance(1000);
    run("KEYS", "*");
    expect(events.get("command")!.history()).toEqual([
      { time: T0, latency: 130 },
      { time: T0 + 1, latency: 30 },
    ]);
    expect(events.get("command")!.max).toBe(130);
    expect(run("LATENCY", "RESET", "FAST-COMMAND", "nosuch")).toEqual(int(1));
  });

  it("records a slow expiry cycle as 'expire-cycle'", () => {
    const { run, server } = timed(5_000, { "latency-monitor-threshold": "1" });
    run("SET", "k", "v", "PX", "10");
    server.advance(500);
    expect(server.latency.monitor.events.get("expire-cycle")?.max).toBe(5);
    expect((run("LATENCY", "DOCTOR") as { v: string }).v).toContain("expire-cycle: 1 latency spikes (average 5ms, mean deviation 0ms, period 1.00 sec)");
  });

  it("draws LATENCY GRAPH as Redis' sparkline", () => {
    const { run, server } = timed(0, { "latency-monitor-threshold": "1" });
    run("DEBUG", "SLEEP", "0.01");
    server.advance(2000);
    run("DEBUG", "SLEEP", "0.04");
    server.advance(90_000);
    const graph = (run("LATENCY", "GRAPH", "command") as { v: string }).v;
    expect(graph).toBe(
      "command - high 40 ms, low 10 ms (all time high 40 ms)\n" +
        "-".repeat(80) +
        "\n" +
        // Four rows of bars (oldest sample left), a blank row, then each label top-down.
        [" #", " |", " |", "_|", "  ", "11", "mm"].join("\n") +
        "\n",
    );
  });
});

describe("SLOWLOG bookkeeping", () => {
  it("keeps ids increasing across RESET and trims to slowlog-max-len", () => {
    const { run } = timed(0, { "slowlog-log-slower-than": "0", "slowlog-max-len": "2" });
    run("SET", "a", "1");
    run("SET", "b", "2");
    run("SET", "c", "3");
    expect(run("SLOWLOG", "LEN")).toEqual(int(2));
    run("SLOWLOG", "RESET");
    const log = items(run("SLOWLOG", "GET", "-1"));
    // The RESET itself is logged after it ran, with the next id.
    expect(log.map((e) => items(e)[0])).toEqual([int(4)]);
  });
});

describe("Clock.hold", () => {
  it("moves a paused clock on, and makes a running clock wait for the wall to catch up", () => {
    const paused = manualClock(1000);
    paused.hold(500);
    expect(paused.now()).toBe(1500);
    let wall = 10_000;
    const running = new Clock(() => wall);
    running.hold(300);
    expect(running.now()).toBe(10_300);
    wall += 100;
    expect(running.now()).toBe(10_300); // stands still while the wall catches up
    wall += 300;
    expect(running.now()).toBe(10_400); // then runs with it, not 300 ms ahead for good
  });
});

describe("DEBUG POPULATE and DEBUG LOG", () => {
  it("creates key:N = value:N, cut or zero-padded to size, skipping keys that exist", () => {
    const { run, server } = timed(0);
    run("SET", "key:1", "mine");
    const dirty = server.stats.dirty;
    expect(run("DEBUG", "POPULATE", "3")).toEqual({ t: "simple", v: "OK" });
    expect(run("GET", "key:0")).toEqual(bulk("value:0"));
    expect(run("GET", "key:1")).toEqual(bulk("mine"));
    expect(server.stats.dirty).toBe(dirty); // Redis counts no change for persistence
    run("DEBUG", "POPULATE", "2", "p", "10");
    expect(run("GET", "p:1")).toEqual(bulk("value:1\0\0\0"));
    run("DEBUG", "POPULATE", "1", "q", "3");
    expect(run("GET", "q:0")).toEqual(bulk("val"));
    run("DEBUG", "POPULATE", "1", "x".repeat(200));
    expect(run("EXISTS", "x".repeat(127))).toEqual(int(1));
    expect(run("DEBUG", "POPULATE", "-1")).toEqual({ t: "error", v: "ERR value is out of range, must be positive" });
    expect(run("DEBUG", "POPULATE", "1", "k", "x")).toEqual({ t: "error", v: "ERR value is out of range, must be positive" });
  });

  it("sends no keyspace notification for populated keys", () => {
    const { run, server } = timed(0, { "notify-keyspace-events": "KEA" });
    const sub = server.connect();
    const pushes: Reply[] = [];
    sub.onPush = (r) => pushes.push(r);
    sub.execute(["PSUBSCRIBE", "__key*__:*"]);
    run("DEBUG", "POPULATE", "3");
    expect(pushes).toEqual([]);
    run("SET", "other", "1");
    expect(pushes.length).toBeGreaterThan(0);
  });

  it("caps DEBUG POPULATE in the playground profile only", () => {
    const { run } = timed(0, {}, { profile: "playground" });
    expect(run("DEBUG", "POPULATE", "100000000")).toEqual({
      t: "error",
      v: "ERR DEBUG POPULATE is limited to 1000000 keys in the playground profile",
    });
  });

  it("writes DEBUG LOG to the instance log as a warning", () => {
    const lines: string[] = [];
    const { run } = timed(0, {}, { log: (level, line) => lines.push(`${level} ${line}`) });
    expect(run("DEBUG", "LOG", "hello there")).toEqual({ t: "simple", v: "OK" });
    expect(lines).toEqual(["warning DEBUG LOG: hello there"]);
  });
});
