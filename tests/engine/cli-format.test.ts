/**
 * The REPL's reply formatting against the real redis-cli 7.0.15: each reply is fetched from a
 * real redis-server over a raw RESP connection, decoded into our Reply type and formatted; the
 * same command is then run by redis-cli (--no-raw forces its terminal format) and its stdout
 * must equal our text byte for byte.
 */
import { execFileSync } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { formatCliOutput, formatCliReply, printsRaw } from "../../engine/resp/cli-format";
import { bytesToUtf8, utf8ToBytes } from "../../engine/util/bytes";
import { arr, bool, bulk, double, int, map, NULL, push, set, simple, verbatim, type Reply } from "../../engine/reply";
import { RespConnection, decodeReply } from "../support/resp-client";
import { startRealRedis, type RunningRedis } from "../support/redis-server";

let real: RunningRedis;
let conn2: RespConnection;
let conn3: RespConnection;

beforeAll(async () => {
  real = await startRealRedis(["--enable-debug-command", "yes"]);
  conn2 = await RespConnection.connect(real.port);
  conn3 = await RespConnection.connect(real.port);
  await conn3.call("HELLO", "3");
  await setup();
});

afterAll(async () => {
  conn2?.close();
  conn3?.close();
  await real?.stop();
});

/** Binary values are stored over RESP (argv of a child process cannot carry arbitrary bytes). */
async function setup(): Promise<void> {
  const c = conn2;
  await c.call("SET", "bin", "nul\0 crlf\r\n tab\t bell\x07 bs\b quote\" backslash\\ del\x7f esc\x1b high\xff");
  await c.call("SET", "utf8", utf8ToBytes("héllo wörld ✓ 😀"));
  await c.call("SET", "empty", "");
  await c.call("SET", "num", "42");
  await c.call("SET", "max", "9223372036854775807");
  await c.call("SET", "min", "-9223372036854775808");
  await c.call("SET", "all256", Array.from({ length: 256 }, (_, b) => String.fromCharCode(b)).join(""));
  await c.call("RPUSH", "l11", ..."abcdefghijk".split(""));
  await c.call("RPUSH", "l120", ...Array.from({ length: 120 }, (_, i) => `e${i}`));
  await c.call("HSET", "h", "f1", "v1", "f2", utf8ToBytes("vé"));
  await c.call("SADD", "iset", "3", "1", "2");
  await c.call("ZADD", "z", "1.1", "a", "2", "b", "-inf", "c", "1e300", "d");
  for (let i = 1; i <= 12; i++) await c.call("XADD", "s", `${i}-1`, "f", `v${i}`, "g", "w");
}

async function realReply(argv: string[], resp: 2 | 3): Promise<Reply> {
  const raw = await (resp === 3 ? conn3 : conn2).call(...argv);
  return decodeReply(raw.bytes, 0)!.reply;
}

function redisCli(argv: string[], resp: 2 | 3): string {
  const args = ["-p", String(real.port), "--no-raw", ...(resp === 3 ? ["-3"] : []), ...argv];
  return execFileSync("redis-cli", args, { encoding: "latin1", input: "" });
}

async function compare(argv: string[], resp: 2 | 3, normalise: (s: string) => string = (s) => s) {
  const ours = normalise(formatCliOutput(argv, await realReply(argv, resp), resp));
  const theirs = normalise(redisCli(argv, resp));
  expect(ours, `${resp === 3 ? "RESP3 " : ""}${argv.join(" ")}`).toBe(theirs);
  return ours;
}

const both = async (argv: string[]) => {
  await compare(argv, 2);
  await compare(argv, 3);
};

describe("formatCliReply matches redis-cli 7.0", () => {
  it("prints status replies bare, integers and nil", async () => {
    await both(["PING"]);
    await both(["SET", "x", "1"]);
    await both(["GET", "nosuchkey"]);
    await both(["STRLEN", "bin"]);
    // Only commands without side effects: each one runs twice (our connection, then redis-cli).
    await both(["TTL", "nosuchkey"]);
    await both(["INCRBY", "num", "0"]);
    await both(["GET", "max"]);
    await both(["INCRBY", "max", "0"]);
    await both(["INCRBY", "min", "0"]);
    await both(["TYPE", "h"]);
  });

  it("quotes bulk strings with redis-cli's escapes, bytes as \\xHH (UTF-8 included)", async () => {
    expect(await compare(["GET", "bin"], 2)).toBe(
      '"nul\\x00 crlf\\r\\n tab\\t bell\\a bs\\b quote\\" backslash\\\\ del\\x7f esc\\x1b high\\xff"\n',
    );
    expect(await compare(["GET", "utf8"], 2)).toBe('"h\\xc3\\xa9llo w\\xc3\\xb6rld \\xe2\\x9c\\x93 \\xf0\\x9f\\x98\\x80"\n');
    await both(["GET", "all256"]);
    await both(["GET", "empty"]);
    await both(["ECHO", "plain text with spaces"]);
    await both(["HGET", "h", "f2"]);
  });

  it("prints errors with (error)", async () => {
    await both(["NOSUCHCOMMAND", "a", "b"]);
    await both(["GET"]);
    await both(["LPUSH", "bin", "x"]);
    await both(["INCR", "bin"]);
    await both(["CONFIG", "NOSUCHSUB"]);
  });

  it("numbers array elements with aligned indexes, nested arrays indented", async () => {
    await both(["LRANGE", "l11", "0", "-1"]);
    await both(["LRANGE", "l120", "0", "-1"]);
    await both(["LRANGE", "nosuchkey", "0", "-1"]);
    await both(["XRANGE", "s", "-", "+"]);
    await both(["COMMAND", "INFO", "get", "set"]);
    await both(["COMMAND", "DOCS", "get"]);
    await both(["MGET", "num", "nosuchkey", "empty"]);
  });

  it("shows RESP3 maps, sets, doubles, booleans and verbatim text like redis-cli", async () => {
    await both(["HGETALL", "h"]);
    await both(["HGETALL", "nosuchkey"]);
    await both(["SMEMBERS", "iset"]);
    await both(["SMEMBERS", "nosuchkey"]);
    await both(["ZRANGE", "z", "0", "-1", "WITHSCORES"]);
    await both(["ZSCORE", "z", "a"]);
    await both(["ZSCORE", "z", "c"]);
    await both(["ZSCORE", "z", "d"]);
    await both(["ZINCRBY", "z", "0", "a"]);
    await both(["XINFO", "STREAM", "s"]);
    await both(["CLIENT", "TRACKINGINFO"]);
    await both(["CONFIG", "GET", "maxmemory*"]);
    // HELLO replies carry the connection id, which differs between the two connections. Each
    // connection keeps its protocol: HELLO 2 on the RESP2 one, HELLO 3 on the RESP3 one.
    await compare(["HELLO", "2"], 2, (s) => s.replace(/("id"\n +\d+\) \(integer\) )\d+/, "$1N"));
    await compare(["HELLO", "3"], 3, (s) => s.replace(/"id" => \(integer\) \d+/, '"id" => (integer) N'));
  });

  it("formats every DEBUG PROTOCOL reply type as redis-cli does", async () => {
    for (const type of ["string", "integer", "double", "null", "array", "set", "map", "true", "false", "verbatim"]) {
      await both(["DEBUG", "PROTOCOL", type]);
    }
    // redis-cli 7.0 exits on a RESP3 big number ("Unknown reply type: 13"); RESP2 sends a bulk.
    await compare(["DEBUG", "PROTOCOL", "bignum"], 2);
    expect(formatCliReply({ t: "bignum", v: "12345" }, 3)).toBe("(big number) 12345\n");
  });

  it("prints INFO, CLIENT LIST and the doctors raw, as redis-cli does", async () => {
    await both(["INFO", "keyspace"]);
    await both(["info", "nosuchsection"]);
    await both(["CLIENT", "LIST", "ID", "999999"]);
    await both(["CLIENT", "LIST", "badarg"]);
    await both(["LATENCY", "DOCTOR"]);
    await both(["MEMORY", "DOCTOR"]);
    expect(printsRaw(["client", "LIST"])).toBe(true);
    expect(printsRaw(["CLIENT", "INFO"])).toBe(false);
    expect(printsRaw(["LATENCY", "DOCTOR", "extra"])).toBe(false);
    expect(printsRaw(["CLUSTER", "INFO"])).toBe(true);
    expect(printsRaw(["GET", "info"])).toBe(false);
  });

  it("formats RESP3 push messages as redis-cli's subscribe mode prints them", async () => {
    // redis-cli stays subscribed until killed: collect what it printed by then.
    let printed = "";
    try {
      execFileSync("redis-cli", ["-p", String(real.port), "--no-raw", "-3", "SUBSCRIBE", "ch"], {
        encoding: "latin1",
        input: "",
        timeout: 1000,
      });
    } catch (e) {
      printed = (e as { stdout: string }).stdout;
    }
    const banner = "Reading messages... (press Ctrl-C to quit)\n";
    expect(printed.startsWith(banner)).toBe(true);
    const sub = await RespConnection.connect(real.port);
    try {
      await sub.call("HELLO", "3");
      const pushReply = decodeReply((await sub.call("SUBSCRIBE", "ch")).bytes, 0)!.reply;
      expect(pushReply.t).toBe("push");
      expect(formatCliReply(pushReply, 3)).toBe(printed.slice(banner.length));
    } finally {
      sub.close();
    }
  });
});

describe("formatCliReply on typed replies", () => {
  it("turns RESP3-only types into what RESP2 carries", () => {
    const m = map([bulk("k"), double(1.5), bulk("t"), bool(true)]);
    expect(formatCliReply(m, 2)).toBe('1) "k"\n2) "1.5"\n3) "t"\n4) (integer) 1\n');
    expect(formatCliReply(m, 3)).toBe('1# "k" => (double) 1.5\n2# "t" => (true)\n');
    expect(formatCliReply(set([simple("a")]), 2)).toBe("1) a\n");
    expect(formatCliReply(verbatim("two\nlines"), 2)).toBe('"two\\nlines"\n');
    expect(formatCliReply(verbatim("two\nlines"), 3)).toBe("two\nlines\n");
    expect(formatCliReply(push([]), 3)).toBe("(empty push)\n");
    expect(formatCliReply({ t: "nullarray" }, 2)).toBe("(nil)\n");
    expect(formatCliReply(double(Infinity), 3)).toBe("(double) inf\n");
    expect(formatCliReply(int(-5n), 2)).toBe("(integer) -5\n");
    expect(formatCliReply(arr([arr([NULL, arr([])])]), 2)).toBe("1) 1) (nil)\n   2) (empty array)\n");
  });

  it("cuts status and error texts at a NUL byte, as printf's %s does", () => {
    expect(formatCliReply({ t: "error", v: "ERR bad\0tail" }, 2)).toBe("(error) ERR bad\n");
    expect(formatCliReply(simple("OK\0x"), 2)).toBe("OK\n");
  });

  it("utf8ToBytes / bytesToUtf8 round-trip and handle invalid bytes", () => {
    const text = "a é ✓ 😀";
    const bytes = utf8ToBytes(text);
    expect(bytes.length).toBe(1 + 1 + 2 + 1 + 3 + 1 + 4);
    expect(bytesToUtf8(bytes)).toBe(text);
    expect(utf8ToBytes("plain")).toBe("plain");
    expect(bytesToUtf8("\xff")).toBe("\ufffd");
    const big = "é".repeat(100_000);
    expect(bytesToUtf8(utf8ToBytes(big))).toBe(big);
  });
});
