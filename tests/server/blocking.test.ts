/**
 * Blocking commands over TCP, against the engine started through its CLI entry: a client
 * blocks while another pushes, commands pipelined behind a blocking one wait for it,
 * timeouts run on real time with nothing else happening, and a blocked client that hangs up
 * is forgotten.
 */
import { execFile } from "node:child_process";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { RespConnection, encodeCommand } from "../support/resp-client";
import { startEngineProcess, type EngineProcess } from "./support";

let engine: EngineProcess;
let admin: RespConnection;
beforeAll(async () => {
  engine = await startEngineProcess();
  admin = await RespConnection.connect(engine.port);
});
afterAll(async () => {
  admin?.close();
  await engine?.stop();
});
beforeEach(async () => {
  await admin.call("FLUSHALL");
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Waits until the engine reports `n` blocked clients. */
async function blockedClients(n: number): Promise<void> {
  const deadline = Date.now() + 3000;
  for (;;) {
    const info = (await admin.call("INFO", "clients")).bytes;
    if (info.includes(`blocked_clients:${n}\r\n`)) return;
    if (Date.now() > deadline) throw new Error(`expected ${n} blocked clients:\n${info}`);
    await sleep(5);
  }
}

describe("a blocked client and a pusher", () => {
  it("redis-cli BLPOP waits until another client pushes, then prints what it got", async () => {
    const started = Date.now();
    const cli = new Promise<string>((resolve, reject) =>
      execFile("redis-cli", ["-p", String(engine.port), "BLPOP", "jobs", "0"], (err, stdout) => (err ? reject(err) : resolve(stdout))),
    );
    await blockedClients(1);
    await sleep(100);
    expect((await admin.call("RPUSH", "jobs", "job-1", "job-2")).bytes).toBe(":2\r\n");
    expect(await cli).toBe("jobs\njob-1\n");
    expect(Date.now() - started).toBeGreaterThanOrEqual(100);
    expect((await admin.call("LRANGE", "jobs", "0", "-1")).bytes).toBe("*1\r\n$5\r\njob-2\r\n");
  });

  it("commands pipelined behind a blocking one wait for its reply, then run in order", async () => {
    const c = await RespConnection.connect(engine.port);
    c.write(encodeCommand(["BLPOP", "q", "0"]) + encodeCommand(["PING"]) + encodeCommand(["ECHO", "after"]));
    await blockedClients(1);
    // Nothing comes back while it waits, not even the PING's reply.
    expect(await c.next(200)).toBeNull();
    // More commands sent meanwhile wait too.
    c.write(encodeCommand(["LLEN", "q"]));
    expect(await c.next(100)).toBeNull();
    await admin.call("RPUSH", "q", "a", "b");
    expect((await c.next())!.bytes).toBe("*2\r\n$1\r\nq\r\n$1\r\na\r\n");
    expect((await c.next())!.bytes).toBe("+PONG\r\n");
    expect((await c.next())!.bytes).toBe("$5\r\nafter\r\n");
    expect((await c.next())!.bytes).toBe(":1\r\n");
    c.close();
  });

  it("a pipeline can block again: each blocking command waits its turn", async () => {
    const c = await RespConnection.connect(engine.port);
    c.write(encodeCommand(["BRPOP", "q", "0"]) + encodeCommand(["BLPOP", "q", "0"]) + encodeCommand(["PING"]));
    await blockedClients(1);
    await admin.call("RPUSH", "q", "1");
    expect((await c.next())!.bytes).toBe("*2\r\n$1\r\nq\r\n$1\r\n1\r\n");
    await blockedClients(1);
    expect(await c.next(100)).toBeNull();
    await admin.call("RPUSH", "q", "2");
    expect((await c.next())!.bytes).toBe("*2\r\n$1\r\nq\r\n$1\r\n2\r\n");
    expect((await c.next())!.bytes).toBe("+PONG\r\n");
    c.close();
  });

  it("BLMOVE hands elements along a chain of waiting clients", async () => {
    const a = await RespConnection.connect(engine.port);
    const b = await RespConnection.connect(engine.port);
    a.write(encodeCommand(["BLMOVE", "in", "mid", "LEFT", "RIGHT", "0"]));
    await blockedClients(1);
    b.write(encodeCommand(["BZPOPMIN", "scores", "other", "0"]));
    await blockedClients(2);
    await admin.call("RPUSH", "in", "x");
    expect((await a.next())!.bytes).toBe("$1\r\nx\r\n");
    expect((await admin.call("LRANGE", "mid", "0", "-1")).bytes).toBe("*1\r\n$1\r\nx\r\n");
    await admin.call("ZADD", "scores", "2.5", "m");
    expect((await b.next())!.bytes).toBe("*3\r\n$6\r\nscores\r\n$1\r\nm\r\n$3\r\n2.5\r\n");
    a.close();
    b.close();
  });
});

describe("timeouts on real time", () => {
  it("a 0.2 s BLPOP answers a null array after 0.2 s, with nothing else happening", async () => {
    const c = await RespConnection.connect(engine.port);
    const started = Date.now();
    c.write(encodeCommand(["BLPOP", "nothing", "0.2"]));
    const r = await c.next(3000);
    const took = Date.now() - started;
    expect(r!.bytes).toBe("*-1\r\n");
    expect(took).toBeGreaterThanOrEqual(195);
    expect(took).toBeLessThan(1500);
    // RESP3 says null with _.
    await c.call("HELLO", "3");
    c.write(encodeCommand(["BZPOPMAX", "nothing", "0.05"]));
    expect((await c.next(3000))!.bytes).toBe("_\r\n");
    c.close();
  });
});

describe("what the server sees", () => {
  it("forgets a blocked client that hangs up", async () => {
    const c = await RespConnection.connect(engine.port);
    c.write(encodeCommand(["BLPOP", "q", "30"]));
    await blockedClients(1);
    expect((await admin.call("INFO", "clients")).bytes).toContain("clients_in_timeout_table:1\r\n");
    c.close();
    await blockedClients(0);
    await admin.call("RPUSH", "q", "kept");
    expect((await admin.call("LLEN", "q")).bytes).toBe(":1\r\n");
  });

  it("CLIENT LIST shows flag b, and CLIENT UNBLOCK ends the wait", async () => {
    const c = await RespConnection.connect(engine.port);
    const id = String(((await c.call("CLIENT", "ID")).reply as { v: number }).v);
    c.write(encodeCommand(["BRPOPLPUSH", "src", "dst", "0"]));
    await blockedClients(1);
    const list = (await admin.call("CLIENT", "LIST", "ID", id)).bytes;
    expect(list).toMatch(/ flags=b .* cmd=brpoplpush /);
    expect((await admin.call("CLIENT", "UNBLOCK", id, "ERROR")).bytes).toBe(":1\r\n");
    expect((await c.next())!.bytes).toBe("-UNBLOCKED client unblocked via CLIENT UNBLOCK\r\n");
    expect((await c.call("PING")).bytes).toBe("+PONG\r\n");
    c.close();
  });
});
