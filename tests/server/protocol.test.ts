/**
 * Differential protocol tests: the same raw bytes go to a real redis-server 7.0 and to the
 * engine's TCP server (its real CLI entry), and what comes back — every byte, and whether the
 * connection was closed — must be the same.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startRealRedis, type RunningRedis } from "../support/redis-server";
import { exchange, startEngineProcess, type EngineProcess, type Exchange } from "./support";
import { startServer, type RunningTcpServer } from "../../engine/node/tcp";

const cmd = (...argv: string[]) => `*${argv.length}\r\n${argv.map((a) => `$${a.length}\r\n${a}\r\n`).join("")}`;

/** One input: the chunks sent, with a pause between each, on a fresh connection. */
type Input = string | string[];

const show = (x: Exchange) => `${JSON.stringify(x.bytes.length > 300 ? x.bytes.slice(0, 300) + "…" : x.bytes)} ${x.closed ? "(closed)" : "(open)"}`;

/** Sends every input to both servers (in parallel, each on its own connection) and lists differences. */
async function differences(realPort: number, enginePort: number, inputs: readonly Input[]): Promise<string[]> {
  const results = await Promise.all(
    inputs.map(async (input) => {
      const chunks = Array.isArray(input) ? input : [input];
      const [real, engine] = await Promise.all([exchange(realPort, chunks), exchange(enginePort, chunks)]);
      const label = JSON.stringify(chunks.map((c) => (c.length > 60 ? `${c.slice(0, 60)}…(${c.length} bytes)` : c)));
      return real.bytes === engine.bytes && real.closed === engine.closed ? null : `${label}\n  redis:  ${show(real)}\n  engine: ${show(engine)}`;
    }),
  );
  return results.filter((r): r is string => r !== null);
}

let real: RunningRedis;
let engine: EngineProcess;
beforeAll(async () => {
  [real, engine] = await Promise.all([startRealRedis(), startEngineProcess()]);
});
afterAll(async () => {
  await Promise.all([real?.stop(), engine?.stop()]);
});

describe("protocol errors, compared with redis-server", () => {
  it("malformed multibulk requests get Redis' error, then the connection closes", async () => {
    const diffs = await differences(real.port, engine.port, [
      "*abc\r\n",
      "*-0\r\n",
      "*01\r\n",
      "*+1\r\n",
      "*\r\n",
      "*2147483648\r\n",
      "*99999999999999999999\r\n",
      "*1\r\nx\r\n",
      "*1\r\n:1\r\n",
      "*1\r\n\r\n",
      "*2\r\n$1\r\na\r\n\xff\r\n",
      "*1\r\n$-1\r\n",
      "*1\r\n$abc\r\n",
      "*1\r\n$01\r\n",
      "*1\r\n$\r\n",
      "*1\r\n$536870913\r\n",
      "*1\r\n$9223372036854775808\r\n",
      cmd("PING") + "*x\r\n" + cmd("PING"),
      [cmd("ECHO", "a"), "*1\r\n$3\r\nEC", "HO\r\nq\r\n"],
    ]);
    expect(diffs, diffs.join("\n")).toEqual([]);
  });

  it("over-long lines are refused past 64 KB, as Redis' 16 KB reads see them", async () => {
    const diffs = await differences(real.port, engine.port, [
      "a".repeat(70_000),
      "PING\r\n" + "a".repeat(70_000),
      "ECHO " + "b".repeat(70_000) + "\r\n",
      "ECHO " + "b".repeat(100_000) + "\r\n",
      "ECHO " + "b".repeat(200_000) + "\r\n",
      "*" + "1".repeat(70_000),
      "*1\r\n$" + "1".repeat(70_000),
      "*2\r\n$3\r\nGET\r\n" + "x".repeat(70_000),
      "*1\x00" + "\r\n".repeat(40_000),
    ]);
    expect(diffs, diffs.join("\n")).toEqual([]);
  });

  it("quirks: skipped bytes after payloads, NUL bytes hiding line ends, counts ≤ 0", async () => {
    const diffs = await differences(real.port, engine.port, [
      "*1\r\n$4\r\nPINGxx" + cmd("PING"),
      "*1\rX$4\r\nPING\r\n",
      "*0\r\n*-1\r\n*-5\r\nPING\r\n",
      "*-9223372036854775808\r\nPING\r\n",
      "PING\x00\r\nPING\r\n",
      "*1\x00\r\n$4\r\nPING\r\n",
      "*1\r\n$4\x00\r\nPING\r\n",
      "*1\r\n\x00\r\n",
      "*2147483647\r\n",
      "*1\r\n$536870912\r\n",
    ]);
    expect(diffs, diffs.join("\n")).toEqual([]);
  });

  it("an HTTP request is dropped without a reply", async () => {
    const diffs = await differences(real.port, engine.port, [
      "POST / HTTP/1.1\r\nHost: x\r\n\r\n",
      "GET / HTTP/1.1\r\nHost: localhost\r\n\r\n",
      "PING\r\npost\r\nPING\r\n",
      cmd("PING") + cmd("Host:", "x"),
    ]);
    expect(diffs, diffs.join("\n")).toEqual([]);
  });
});

describe("closing after a reply, compared with redis-server", () => {
  it("QUIT answers +OK and closes; nothing after it runs", async () => {
    const diffs = await differences(real.port, engine.port, [
      "QUIT\r\n",
      "QUIT\r\nPING\r\n",
      cmd("SET", "quit:k", "1") + cmd("QUIT") + cmd("SET", "quit:k", "2"),
      [cmd("PING"), cmd("quit"), cmd("PING")],
      "PING\r\nQUIT extra\r\nPING\r\n",
    ]);
    expect(diffs, diffs.join("\n")).toEqual([]);
    // The command after QUIT really did not run.
    expect((await exchange(engine.port, [cmd("GET", "quit:k")])).bytes).toBe("$1\r\n1\r\n");
  });
});

describe("inline commands, compared with redis-server", () => {
  it("telnet-style lines run like multibulk requests", async () => {
    const diffs = await differences(real.port, engine.port, [
      "PING\r\n",
      "PING\n",
      "ping hello\r\n",
      "\r\n\n  \r\nPING\r\n",
      'ECHO "a\\x00b\\r\\n\\t\\\\ \\"q\\""\r\n',
      "ECHO 'it\\'s'\r\n",
      'SET k "v w"\r\nGET k\r\n',
      'set a ""\r\nget a\r\n',
      '""\r\n',
      "nosuchcommand a b\r\n",
      "GET\r\n",
      "$3\r\n",
      ["PI", "NG\r\n", "ECHO x\r", "\n"],
      'ECHO "unbalanced\r\n',
      'ECHO "a"b\r\n',
      "ECHO 'x\r\nPING\r\n",
      "ECHO \xe9\xff\r\n",
      "PING\r\r\n",
    ]);
    expect(diffs, diffs.join("\n")).toEqual([]);
  });
});

describe("before AUTH, compared with redis-server", () => {
  let realAuth: RunningRedis;
  let engineAuth: RunningTcpServer;
  beforeAll(async () => {
    [realAuth, engineAuth] = await Promise.all([
      startRealRedis(["--requirepass", "secret"]),
      startServer({ port: 0, config: { requirepass: "secret" } }),
    ]);
  });
  afterAll(async () => {
    await Promise.all([realAuth?.stop(), engineAuth?.close()]);
  });

  it("requests are held to 10 arguments and 16 KB bulks", async () => {
    const diffs = await differences(realAuth.port, engineAuth.port, [
      "*11\r\n",
      "*12\r\n$4\r\nPING\r\n",
      "*1\r\n$16385\r\n",
      "*1\r\n$-1\r\n",
      "*2147483648\r\n",
    ]);
    expect(diffs, diffs.join("\n")).toEqual([]);
  });
});
