/**
 * The engine's TCP server, started through its real CLI entry, used by real clients and
 * tools (redis-cli, redis-benchmark, ioredis, node-redis), and kept standing by clients that
 * misbehave.
 */
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import Redis from "ioredis";
import { createClient } from "redis";
import { Rng } from "../../engine/rng";
import { RespConnection, encodeCommand } from "../support/resp-client";
import { startRealRedis, type RunningRedis } from "../support/redis-server";
import { connectRaw, exchange, startEngineProcess, type EngineProcess } from "./support";

const run = promisify(execFile);

let engine: EngineProcess;
beforeAll(async () => {
  engine = await startEngineProcess();
});
afterAll(async () => {
  await engine?.stop();
});

/** Checks the engine still answers on a fresh connection. */
async function stillServing(): Promise<void> {
  const c = await RespConnection.connect(engine.port);
  expect((await c.call("PING")).bytes).toBe("+PONG\r\n");
  c.close();
  expect(engine.alive()).toBe(true);
}

describe("the CLI entry", () => {
  it("logs Redis-like lines and says when it is ready", () => {
    expect(engine.output()).toMatch(/^\d+:M \d\d [A-Z][a-z]{2} \d{4} \d\d:\d\d:\d\d\.\d{3} \* Ready to accept connections tcp$/m);
    expect(engine.output()).toContain(`Listening on 127.0.0.1:${engine.port}`);
  });

  it("refuses an unknown configuration parameter, as redis-server does", async () => {
    const r = await run(process.execPath, ["--import", "tsx", "engine/node/main.ts", "--port", "0", "--no-such-param", "1"]).catch((e) => e);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("Bad directive or wrong number of arguments");
  });
});

describe("redis-cli", () => {
  const cli = (...args: string[]) => run("redis-cli", ["-p", String(engine.port), ...args], { encoding: "latin1" });

  it("runs commands given as arguments", async () => {
    expect((await cli("PING")).stdout).toBe("PONG\n");
    expect((await cli("SET", "greeting", "héllo wörld")).stdout).toBe("OK\n");
    expect(Buffer.from((await cli("GET", "greeting")).stdout, "latin1").toString("utf8")).toBe("héllo wörld\n");
    expect((await cli("GET", "missing")).stdout).toBe("\n");
    expect((await cli("NOSUCH", "x")).stdout).toBe("ERR unknown command 'NOSUCH', with args beginning with: 'x' \n\n");
  });

  it("round-trips binary values with -x", async () => {
    const value = "a\x00b\r\nc\xff\x80";
    const child = execFile("redis-cli", ["-p", String(engine.port), "-x", "SET", "bin"]);
    child.stdin!.end(Buffer.from(value, "latin1"));
    await new Promise((resolve) => child.once("exit", resolve));
    const c = await RespConnection.connect(engine.port);
    expect((await c.call("GET", "bin")).bytes).toBe(`$${value.length}\r\n${value}\r\n`);
    c.close();
  });

  it("reads commands from stdin, one per line", async () => {
    const child = execFile("redis-cli", ["-p", String(engine.port)], { encoding: "latin1" });
    let out = "";
    child.stdout!.on("data", (d) => (out += d));
    child.stdin!.end('SET k1 "two words"\nGET k1\nECHO "a\\tb"\n');
    await new Promise((resolve) => child.once("exit", resolve));
    expect(out).toBe("OK\ntwo words\na\tb\n");
  });
});

describe("inline commands over a raw socket", () => {
  it("answers telnet-style lines, pipelined in one write", async () => {
    const r = await exchange(engine.port, ['SET t "x y"\r\nGET t\nPING\r\nECHO \'q\'\r\n']);
    expect(r).toEqual({ bytes: "+OK\r\n$3\r\nx y\r\n+PONG\r\n$1\r\nq\r\n", closed: false });
  });
});

describe("redis-benchmark", () => {
  it("completes a SET/GET run", async () => {
    const { stdout } = await run("redis-benchmark", ["-p", String(engine.port), "-t", "set,get", "-n", "2000", "-q"], { timeout: 60_000 });
    expect(stdout).toMatch(/SET: [\d.]+ requests per second/);
    expect(stdout).toMatch(/GET: [\d.]+ requests per second/);
  }, 60_000);
});

describe("client libraries", () => {
  it("ioredis connects, sets, gets (binary too) and pipelines", async () => {
    const r = new Redis({ port: engine.port, host: "127.0.0.1", lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    r.on("error", () => {});
    try {
      await r.connect();
      expect(await r.set("io:k", "v")).toBe("OK");
      expect(await r.get("io:k")).toBe("v");
      const bin = Buffer.from([0, 13, 10, 255, 128]);
      await r.set("io:bin", bin);
      expect(await r.getBuffer("io:bin")).toEqual(bin);
      const results = await r.pipeline().set("io:a", "1").get("io:a").get("io:none").exec();
      expect(results).toEqual([[null, "OK"], [null, "1"], [null, null]]);
    } finally {
      r.disconnect();
    }
  });

  it("node-redis connects (RESP3 by default), sets, gets and pipelines", async () => {
    const c = createClient({ socket: { port: engine.port, host: "127.0.0.1", reconnectStrategy: false } });
    c.on("error", () => {});
    try {
      await c.connect();
      expect(await c.set("nr:k", "v")).toBe("OK");
      expect(await c.get("nr:k")).toBe("v");
      expect(await c.get("nr:none")).toBeNull();
      expect(await c.multi().set("nr:a", "1").get("nr:a").execAsPipeline()).toEqual(["OK", "1"]);
    } finally {
      c.destroy();
    }
  });
});

describe("RESP3", () => {
  let real: RunningRedis;
  beforeAll(async () => {
    real = await startRealRedis();
  });
  afterAll(async () => real?.stop());

  it("HELLO 3 switches the connection to RESP3, as with redis-server", async () => {
    const sides = await Promise.all([RespConnection.connect(engine.port), RespConnection.connect(real.port)]);
    const replies = await Promise.all(
      sides.map(async (c) => {
        // The connection id differs between servers: blank it out, compare the rest.
        const hello = (await c.call("HELLO", "3")).bytes.replace(/\$2\r\nid\r\n:\d+\r\n/, "$2\r\nid\r\n:0\r\n");
        const rest = [];
        for (const argv of [["GET", "resp3:none"], ["SET", "resp3:k", "v"], ["GET", "resp3:k"], ["PING"]]) rest.push((await c.call(...argv)).bytes);
        c.close();
        return { hello, rest };
      }),
    );
    expect(replies[0]).toEqual(replies[1]);
    expect(replies[0].rest[0]).toBe("_\r\n");
  });
});

describe("timers", () => {
  it("the server cron runs on the real clock: active expiry removes keys nobody touches", async () => {
    const c = await RespConnection.connect(engine.port);
    await c.call("SELECT", "9");
    expect((await c.call("SET", "ttl:k", "v", "PX", "50")).bytes).toBe("+OK\r\n");
    expect((await c.call("DBSIZE")).bytes).toBe(":1\r\n");
    // DBSIZE counts expired keys until something deletes them: only the cron can here.
    const deadline = Date.now() + 5000;
    let size = "";
    while (Date.now() < deadline && (size = (await c.call("DBSIZE")).bytes) !== ":0\r\n") await new Promise((r) => setTimeout(r, 50));
    expect(size).toBe(":0\r\n");
    c.close();
  });
});

describe("connections closed by the server", () => {
  let real: RunningRedis;
  beforeAll(async () => {
    real = await startRealRedis();
  });
  afterAll(async () => real?.stop());

  it("CLIENT KILL from another connection closes the target, as with redis-server", async () => {
    for (const port of [engine.port, real.port]) {
      const [killer, victim] = await Promise.all([RespConnection.connect(port), RespConnection.connect(port)]);
      const id = (await victim.call("CLIENT", "ID")).reply;
      expect(id.t).toBe("int");
      const r = await killer.call("CLIENT", "KILL", "ID", String((id as { v: number }).v));
      expect(r.bytes, `port ${port}`).toBe(":1\r\n");
      expect(await victim.waitClosed(), `port ${port}`).toBe(true);
      expect((await killer.call("PING")).bytes).toBe("+PONG\r\n");
      killer.close();
    }
  });
});

describe("misbehaving clients", () => {
  it("one client sending garbage does not disturb another", async () => {
    const good = await RespConnection.connect(engine.port);
    const rng = new Rng(7);
    const garbage = async (n: number) => {
      let bytes = "";
      for (let i = 0; i < 3000; i++) bytes += String.fromCharCode(rng.below(256));
      if (n % 3 === 0) bytes = "*" + bytes;
      if (n % 3 === 1) bytes = "*2\r\n$3\r\nSET\r\n" + bytes;
      return exchange(engine.port, [bytes], 100, 0);
    };
    const bad = Promise.all(Array.from({ length: 30 }, (_, n) => garbage(n)));
    for (let i = 0; i < 200; i++) {
      expect((await good.call("SET", `g${i}`, `v${i}`)).bytes).toBe("+OK\r\n");
      expect((await good.call("GET", `g${i}`)).bytes).toBe(`$${String(`v${i}`).length}\r\nv${i}\r\n`);
    }
    await bad;
    good.close();
    await stillServing();
  });

  it("a 512 MB bulk announced and never sent holds nothing up", async () => {
    const hog = await connectRaw(engine.port);
    hog.write("*3\r\n$3\r\nSET\r\n$3\r\nbig\r\n$536870912\r\n");
    hog.write(Buffer.alloc(1 << 20, 97));
    const other = await RespConnection.connect(engine.port);
    expect((await other.call("ECHO", "still here")).bytes).toBe("$10\r\nstill here\r\n");
    hog.destroy();
    expect((await other.call("GET", "big")).bytes).toBe("$-1\r\n");
    other.close();
    await stillServing();
  });

  it("clients vanishing mid-command or before reading their replies do no harm", async () => {
    for (let i = 0; i < 20; i++) {
      const s = await connectRaw(engine.port);
      if (i % 2) s.write("*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$10\r\nabc");
      else s.write(encodeCommand(["ECHO", "x".repeat(100_000)]).repeat(20));
      s.destroy();
    }
    await stillServing();
  });

  it("many clients at once each get their own replies", async () => {
    const conns = await Promise.all(Array.from({ length: 60 }, () => RespConnection.connect(engine.port)));
    await Promise.all(
      conns.map(async (c, n) => {
        c.write(Array.from({ length: 50 }, (_, i) => encodeCommand(["SET", `m${n}:${i}`, `${n}-${i}`])).join(""));
        for (let i = 0; i < 50; i++) expect((await c.next())?.bytes).toBe("+OK\r\n");
        for (let i = 0; i < 50; i += 7) expect((await c.call("GET", `m${n}:${i}`)).bytes).toBe(`$${`${n}-${i}`.length}\r\n${n}-${i}\r\n`);
        c.close();
      }),
    );
    await stillServing();
  });
});
