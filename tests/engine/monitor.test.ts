import { describe, expect, it } from "vitest";
import { monitorLine, redactedArgv, reprArg } from "../../engine/monitor";
import type { Reply } from "../../engine/reply";
import { createServer } from "../../engine/server";

function setup() {
  const server = createServer();
  const mon = server.connect();
  const lines: string[] = [];
  mon.onPush = (r: Reply) => {
    if (r.t === "simple") lines.push(r.v);
  };
  return { server, mon, lines, a: server.connect() };
}

describe("MONITOR", () => {
  it("feeds other clients' commands after they ran, with db and address", () => {
    const { mon, lines, a } = setup();
    expect(mon.send(["MONITOR"])).toEqual({ t: "simple", v: "OK" });
    a.execute(["SET", "k", "v"]);
    a.execute(["SELECT", "2"]);
    a.execute(["CONFIG", "GET", "maxmemory"]);
    a.execute(["NOSUCH"]);
    expect(lines.map((l) => l.replace(/^\d+\.\d{6} /, ""))).toEqual([
      `[0 ${a.addr}] "SET" "k" "v"`,
      `[2 ${a.addr}] "SELECT" "2"`,
    ]);
  });

  it("flags the monitor O in CLIENT LIST, refuses keyspace commands, RESET ends it", () => {
    const { mon, lines, a } = setup();
    mon.send(["MONITOR"]);
    const info = mon.execute(["CLIENT", "INFO"]);
    expect(info.t === "verbatim" && info.v).toMatch(/ flags=O /);
    expect(mon.send(["GET", "k"])).toEqual({ t: "error", v: "ERR Replica can't interact with the keyspace" });
    mon.send(["RESET"]);
    lines.length = 0;
    a.execute(["PING"]);
    expect(lines).toEqual([]);
  });

  it("is refused to a client that wants one reply per command (inside EXEC)", () => {
    const { mon } = setup();
    mon.send(["MULTI"]);
    mon.send(["MONITOR"]);
    expect(mon.send(["EXEC"])).toEqual({ t: "array", v: [{ t: "error", v: "ERR MONITOR isn't allowed for DENY BLOCKING client" }] });
  });

  it("formats like sdscatrepr and redacts passwords as the commands parse them", () => {
    expect(reprArg('a"\\\n\r\t\x07\x08\0\xff ~')).toBe('"a\\"\\\\\\n\\r\\t\\a\\b\\x00\\xff ~"');
    expect(monitorLine(1700000000123.5, 3, "1.2.3.4:5", ["GET", "k"])).toBe('1700000000.123500 [3 1.2.3.4:5] "GET" "k"');
    expect(redactedArgv(["AUTH", "u", "p"])).toEqual(["AUTH", "(redacted)", "(redacted)"]);
    expect(redactedArgv(["AUTH", "a", "b", "c"])).toEqual(["AUTH", "a", "b", "c"]);
    expect(redactedArgv(["HELLO", "3", "SETNAME", "n", "AUTH", "u", "p"])).toEqual(["HELLO", "3", "SETNAME", "n", "AUTH", "(redacted)", "(redacted)"]);
    expect(redactedArgv(["HELLO", "4", "AUTH", "u", "p"])).toEqual(["HELLO", "4", "AUTH", "u", "p"]);
    expect(redactedArgv(["MIGRATE", "h", "1", "", "0", "5", "COPY", "AUTH2", "u", "p", "KEYS", "a"])).toEqual(["MIGRATE", "h", "1", "", "0", "5", "COPY", "AUTH2", "(redacted)", "(redacted)", "KEYS", "a"]);
  });
});

describe("CLIENT REPLY", () => {
  it("sets the state hosts read; RESET clears it; bad mode is a syntax error", () => {
    const { a } = setup();
    a.execute(["CLIENT", "REPLY", "OFF"]);
    expect(a.replyOff).toBe(true);
    a.execute(["CLIENT", "REPLY", "ON"]);
    expect(a.replyOff).toBe(false);
    a.execute(["CLIENT", "REPLY", "SKIP"]);
    expect(a.replySkipNext).toBe(true);
    a.execute(["RESET"]);
    expect(a.replySkipNext).toBe(false);
    expect(a.execute(["CLIENT", "REPLY", "x"])).toEqual({ t: "error", v: "ERR syntax error" });
  });
});
