/**
 * Differential tests for SLOWLOG, LATENCY and the timing figures of INFO against a real
 * redis-server 7.0: help texts, errors, which commands get logged and how (trimmed, redacted,
 * EXEC left out, the commands it runs kept), slowlog-max-len, the latency monitor's events
 * from DEBUG SLEEP, LATENCY HISTOGRAM's shape in RESP2 and RESP3, INFO latencystats.
 *
 * Both servers start with the slow log off (-1), so nothing is logged before a test turns it
 * on and ids stay in step. Timings themselves (durations, seconds, buckets) differ between the
 * two by nature and are masked by the exemptions named in each case.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { Differential, describeMismatches, type Case } from "../support/differential";
import { exemptions } from "./exemptions";

let d: Differential;
beforeAll(async () => {
  d = await Differential.start({ config: { "slowlog-log-slower-than": "-1", "enable-debug-command": "yes" } });
});
afterAll(async () => d?.stop());
beforeEach(async () => {
  await d.reset();
  await d.compare([
    ["CONFIG", "SET", "slowlog-log-slower-than", "-1", "slowlog-max-len", "128", "latency-monitor-threshold", "0"],
    ["CONFIG", "SET", "latency-tracking", "yes", "latency-tracking-info-percentiles", "50 99 99.9"],
    ["SLOWLOG", "RESET"],
    ["LATENCY", "RESET"],
  ]);
});

async function expectSame(cases: (Case | string[])[]): Promise<void> {
  const ms = await d.compare(cases);
  expect(ms, describeMismatches(ms)).toEqual([]);
}

const slowGet = (...args: string[]): Case => ({ cmd: ["SLOWLOG", "GET", ...args], norm: exemptions.slowlogEntries });
const logAll = ["CONFIG", "SET", "slowlog-log-slower-than", "0"];

describe("SLOWLOG", () => {
  it("answers HELP and argument errors exactly", async () => {
    await expectSame([
      ["SLOWLOG", "HELP"],
      ["slowlog", "help"],
      ["SLOWLOG"],
      ["SLOWLOG", "nosuch"],
      ["SLOWLOG", "GET", "-2"],
      ["SLOWLOG", "GET", "abc"],
      ["SLOWLOG", "GET", "1.5"],
      ["SLOWLOG", "GET", "99999999999999999999"],
      ["SLOWLOG", "GET", "1", "2"],
      ["SLOWLOG", "LEN", "x"],
      ["SLOWLOG", "RESET", "x"],
      ["SLOWLOG", "HELP", "x"],
      ["SLOWLOG", "LEN"],
      slowGet(),
      slowGet("-1"),
      slowGet("0"),
    ]);
  });

  it("logs every command at slowlog-log-slower-than 0, newest first, with the client's name", async () => {
    await expectSame([
      logAll,
      ["SLOWLOG", "RESET"],
      ["SET", "a", "1"],
      ["GET", "a"],
      ["CLIENT", "SETNAME", "learner"],
      ["INCR", "a"],
      ["NOSUCH", "x"], // unknown: never runs, never logged
      ["GET"], // wrong arity: the same
      ["SLOWLOG", "LEN"],
      slowGet(),
      slowGet("2"),
      slowGet("0"),
      slowGet("-1"),
      ["SLOWLOG", "LEN"],
      { cmd: ["SET", "b", "2"], client: "other" },
      slowGet("3"),
      ["SLOWLOG", "RESET"],
      slowGet(),
      ["SLOWLOG", "LEN"],
    ]);
  });

  it("trims long commands to 32 arguments and long arguments to 128 bytes", async () => {
    const many = Array.from({ length: 40 }, (_, i) => `m${i}`);
    await expectSame([
      logAll,
      ["SLOWLOG", "RESET"],
      ["SADD", "s", ...many],
      ["RPUSH", "l", ...many.slice(0, 31)],
      ["SADD", "t", ...many.slice(0, 30)],
      ["SET", "big", "x".repeat(129)],
      ["SET", "edge", "y".repeat(128)],
      ["SET", "x".repeat(300), "\x00\xff".repeat(100)],
      ["SET", "n", "12345678901234567890"],
      slowGet("-1"),
    ]);
  });

  it("leaves EXEC out but logs the commands it runs; queued commands are not logged when queued", async () => {
    await expectSame([
      logAll,
      ["SLOWLOG", "RESET"],
      ["MULTI"],
      ["SET", "a", "1"],
      ["INCR", "a"],
      ["EXEC"],
      ["MULTI"],
      ["DISCARD"],
      slowGet("-1"),
    ]);
  });

  it("redacts AUTH and HELLO AUTH passwords", async () => {
    await expectSame([
      logAll,
      ["SLOWLOG", "RESET"],
      ["AUTH", "secret"],
      ["AUTH", "user", "secret"],
      ["AUTH", "a", "b", "c"],
      { cmd: ["HELLO", "2", "AUTH", "default", "anything"], norm: exemptions.hello },
      { cmd: ["HELLO", "2", "AUTH", "default", "pw", "SETNAME", "n1"], norm: exemptions.hello },
      slowGet("-1"),
    ]);
  });

  it("honours slowlog-max-len and slowlog-log-slower-than -1 and above", async () => {
    await expectSame([
      ["CONFIG", "SET", "slowlog-log-slower-than", "0", "slowlog-max-len", "3"],
      ["SLOWLOG", "RESET"],
      ["SET", "a", "1"],
      ["SET", "b", "2"],
      ["SET", "c", "3"],
      ["SET", "d", "4"],
      ["SLOWLOG", "LEN"],
      slowGet("-1"),
      ["CONFIG", "SET", "slowlog-max-len", "1"],
      ["SLOWLOG", "LEN"],
      slowGet(),
      ["CONFIG", "SET", "slowlog-max-len", "0"],
      ["SLOWLOG", "LEN"],
      ["CONFIG", "SET", "slowlog-max-len", "128", "slowlog-log-slower-than", "-1"],
      ["SET", "e", "5"],
      ["SLOWLOG", "LEN"],
      // A command faster than 10 s is not logged by either server.
      ["CONFIG", "SET", "slowlog-log-slower-than", "10000000"],
      ["SET", "f", "6"],
      ["SLOWLOG", "LEN"],
      // DEBUG SLEEP 0.2 takes 200 ms on both: logged above 100 ms.
      ["CONFIG", "SET", "slowlog-log-slower-than", "100000"],
      ["DEBUG", "SLEEP", "0.2"],
      ["SLOWLOG", "LEN"],
      slowGet(),
    ]);
  });
});

describe("LATENCY", () => {
  it("answers HELP, errors and empty reports exactly", async () => {
    await expectSame([
      ["LATENCY", "HELP"],
      ["LATENCY"],
      ["LATENCY", "nosuch"],
      ["LATENCY", "HISTORY"],
      ["LATENCY", "HISTORY", "a", "b"],
      ["LATENCY", "GRAPH"],
      ["LATENCY", "LATEST", "x"],
      ["LATENCY", "DOCTOR", "x"],
      ["LATENCY", "HISTORY", "command"],
      ["LATENCY", "GRAPH", "command"],
      ["LATENCY", "LATEST"],
      ["LATENCY", "RESET"],
      ["LATENCY", "RESET", "command", "nosuch"],
      ["LATENCY", "DOCTOR"],
      ["CONFIG", "SET", "latency-monitor-threshold", "100"],
      ["LATENCY", "DOCTOR"],
    ]);
  });

  it("records DEBUG SLEEP as a 'command' spike and reports it in every view", async () => {
    const samples = exemptions.latencySamples;
    const text = exemptions.latencyText;
    await expectSame([
      ["CONFIG", "SET", "latency-monitor-threshold", "20"],
      ["SET", "a", "1"], // far below the threshold: no event
      { cmd: ["LATENCY", "LATEST"], norm: samples },
      ["DEBUG", "SLEEP", "0.05"],
      { cmd: ["LATENCY", "LATEST"], norm: samples },
      { cmd: ["LATENCY", "HISTORY", "command"], norm: samples },
      ["LATENCY", "HISTORY", "Command"], // looked up exactly
      { cmd: ["LATENCY", "GRAPH", "command"], norm: text },
      { cmd: ["LATENCY", "DOCTOR"], norm: text },
      ["CONFIG", "SET", "slowlog-log-slower-than", "-1"],
      { cmd: ["LATENCY", "DOCTOR"], norm: text },
      ["CONFIG", "SET", "slowlog-log-slower-than", "1000000"],
      { cmd: ["LATENCY", "DOCTOR"], norm: text },
      ["LATENCY", "RESET", "COMMAND"], // reset compares without case
      ["LATENCY", "LATEST"],
      ["LATENCY", "HISTORY", "command"],
    ]);
  });

  it("answers LATENCY HISTOGRAM in Redis' shape, in RESP2 and RESP3", async () => {
    const h = exemptions.latencyHistogram;
    await d.both(["HELLO", "3"], "r3", exemptions.hello);
    const cases: (Case | string[])[] = [["SET", "a", "1"], ["SET", "b", "2"], ["GET", "a"], ["CONFIG", "GET", "maxmemory"], ["CONFIG", "SET", "maxmemory", "0"]];
    for (const client of ["main", "r3"]) {
      cases.push(
        { cmd: ["LATENCY", "HISTOGRAM", "set", "GET", "nosuch", "config|get"], norm: h, client },
        { cmd: ["LATENCY", "HISTOGRAM", "config"], norm: h, client },
        { cmd: ["LATENCY", "HISTOGRAM", "a|b|c", "lpush"], norm: h, client },
        { cmd: ["LATENCY", "HISTOGRAM"], norm: h, client },
      );
    }
    cases.push(["CONFIG", "RESETSTAT"], { cmd: ["LATENCY", "HISTOGRAM", "set"], norm: h });
    await expectSame(cases);
  });
});

describe("INFO timing sections", () => {
  it("lists the same commands in latencystats and commandstats, honouring the percentiles config", async () => {
    const info = (...s: string[]): Case => ({ cmd: ["INFO", ...s], norm: exemptions.infoTimings });
    await expectSame([
      ["SET", "a", "1"],
      ["GET", "a"],
      ["SLOWLOG", "LEN"],
      info("latencystats"),
      info("commandstats"),
      ["CONFIG", "SET", "latency-tracking-info-percentiles", "0 12.5 100"],
      info("latencystats"),
      ["CONFIG", "SET", "latency-tracking-info-percentiles", ""],
      info("latencystats"),
      ["CONFIG", "SET", "latency-tracking", "no"],
      info("latencystats"),
      ["CONFIG", "SET", "latency-tracking", "yes"],
      info("latencystats"),
    ]);
  });
});

// Last in the file: the harness checks blocked clients with INFO clients on the real server
// only, which its slow log records, so the two logs' ids differ from here on.
describe("SLOWLOG and blocked commands", () => {
  it("logs a blocked command once a push serves it, never one that timed out", async () => {
    const norm = exemptions.slowlogWithoutProbe;
    await expectSame([logAll, ["SLOWLOG", "RESET"]]);
    const timedOut = await d.start(["BLPOP", "nothing", "0.05"], "a");
    expect(await d.finish(timedOut)).toEqual([]);
    const served = await d.start(["BLPOP", "k", "0"], "b");
    await expectSame([{ cmd: ["RPUSH", "k", "x"], client: "c" }]);
    expect(await d.finish(served)).toEqual([]);
    await expectSame([
      { cmd: ["SLOWLOG", "GET", "-1"], norm },
      { cmd: ["LATENCY", "HISTOGRAM", "blpop", "rpush"], norm: exemptions.latencyHistogram },
    ]);
  });
});
