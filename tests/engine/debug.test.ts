/**
 * DEBUG through dispatch on a manual clock: OBJECT's fields (LRU and LFU stamps, idle time,
 * quicklist figures), that it looks without touching, SLEEP moving the instance clock,
 * SET-ACTIVE-EXPIRE stopping the expiry cycle, and enable-debug-command's refusal.
 * The differential suite (tests/conformance/debug.test.ts) compares the rest with Redis.
 */
import { describe, expect, it } from "vitest";
import { createServer } from "../../engine/server";
import { OK, type Reply } from "../../engine/reply";

function setup(config: Record<string, string> = { "enable-debug-command": "yes" }) {
  const server = createServer({ config });
  const c = server.connect();
  const run = (...argv: string[]): Reply => c.execute(argv);
  /** The DEBUG OBJECT line's fields as a map. */
  const fields = (key: string): Record<string, string> => {
    const r = run("DEBUG", "OBJECT", key);
    if (r.t !== "simple") throw new Error(JSON.stringify(r));
    return Object.fromEntries(r.v.replace("Value at:", "at:").split(" ").map((f) => f.split(":") as [string, string]));
  };
  return { server, c, run, fields };
}

const DEBUG_REFUSED: Reply = {
  t: "error",
  v: 'ERR DEBUG command not allowed. If the enable-debug-command option is set to "local", you can run it from a local connection, otherwise you need to set this option in the configuration file, and then restart the server.',
};

describe("DEBUG OBJECT", () => {
  it("reports a list's quicklist figures", () => {
    const { run, fields } = setup();
    run("CONFIG", "SET", "list-max-listpack-size", "3");
    run("RPUSH", "l", "a", "b", "c", "d", "e", "f", "g", "h");
    const f = fields("l");
    expect(f.encoding).toBe("quicklist");
    expect(f.refcount).toBe("1");
    expect(f.ql_nodes).toBe("3");
    expect(f.ql_avg_node).toBe("2.67");
    expect(f.ql_listpack_max).toBe("3");
    expect(f.ql_compressed).toBe("0");
    expect(f.ql_uncompressed_size).toBe(String(3 * 7 + 8 * 3));
    expect(f.serializedlength).toBe(String(1 + 3 * (1 + 1) + 3 * 7 + 8 * 3));
    expect(f.at).toMatch(/^0x[0-9a-f]+$/);
  });

  it("rounds ql_avg_node as printf does, ties to even", () => {
    const { run, fields } = setup();
    run("CONFIG", "SET", "list-max-listpack-size", "2");
    // Eight nodes of [a b], then every b removed but the last pair's: 9 elements in 8 nodes.
    run("RPUSH", "l", ..."abababababababac".split(""));
    expect(run("LREM", "l", "0", "b")).toEqual({ t: "int", v: 7 });
    expect(fields("l").ql_nodes).toBe("8");
    expect(fields("l").ql_avg_node).toBe("1.12"); // 1.125 exactly: Redis 7.0.15 prints 1.12
    for (let i = 0; i < 9; i++) run("RPUSH", "m", "v"); // 9 elements in 5 nodes
    expect(fields("m").ql_avg_node).toBe("1.80");
  });

  it("shows the LRU stamp and idle seconds on the instance clock, without touching the key", () => {
    const { server, run, fields } = setup();
    run("SET", "k", "hello");
    const stamp = Math.floor(server.now() / 1000) & 0xffffff;
    server.advance(5000);
    let f = fields("k");
    expect(f.lru).toBe(String(stamp));
    expect(f.lru_seconds_idle).toBe("5");
    server.advance(2000);
    f = fields("k");
    expect(f.lru_seconds_idle).toBe("7");
    expect(run("OBJECT", "IDLETIME", "k")).toEqual({ t: "int", v: 7 });
  });

  it("shows the LFU counter and minutes in the lru field under an LFU policy", () => {
    const { server, run, fields } = setup({ "enable-debug-command": "yes", "maxmemory-policy": "allkeys-lfu" });
    run("SET", "k", "v");
    const minutes = Math.floor(server.now() / 60000) & 0xffff;
    expect(fields("k").lru).toBe(String((minutes << 8) | 5));
  });

  it("shows a key whose TTL passed but that nothing has removed yet", () => {
    const { server, run, fields } = setup();
    run("DEBUG", "SET-ACTIVE-EXPIRE", "0");
    run("SET", "k", "v", "PX", "10");
    server.advance(1000);
    expect(fields("k").encoding).toBe("embstr");
    expect(server.stats.expiredKeys).toBe(0);
    expect(run("GET", "k")).toEqual({ t: "null" });
    expect(run("DEBUG", "OBJECT", "k")).toEqual({ t: "error", v: "ERR no such key" });
  });

  it("reports shared integers with refcount INT_MAX", () => {
    const { run, fields } = setup();
    run("SET", "small", "42");
    run("SET", "big", "123456");
    expect(fields("small").refcount).toBe("2147483647");
    expect(fields("big").refcount).toBe("1");
    expect(fields("small").serializedlength).toBe("2");
    expect(fields("big").serializedlength).toBe("5");
  });
});

describe("DEBUG SLEEP and SET-ACTIVE-EXPIRE", () => {
  it("moves the instance clock forward by the sleep", () => {
    const { server, run } = setup();
    run("SET", "k", "v", "EX", "10");
    const t0 = server.now();
    expect(run("DEBUG", "SLEEP", "2.5")).toEqual(OK);
    expect(server.now() - t0).toBe(2500);
    expect(run("TTL", "k")).toEqual({ t: "int", v: 8 });
    expect(run("DEBUG", "SLEEP", "abc")).toEqual(OK);
    expect(run("DEBUG", "SLEEP", "-3")).toEqual(OK);
    expect(run("DEBUG", "SLEEP", "inf")).toEqual(OK);
    expect(server.now() - t0).toBe(2500);
  });

  it("leaves expired keys alone while active expiry is off", () => {
    const { server, run } = setup();
    expect(run("DEBUG", "SET-ACTIVE-EXPIRE", "0")).toEqual(OK);
    for (let i = 0; i < 50; i++) run("SET", `k${i}`, "v", "PX", "100");
    server.advance(60_000);
    expect(run("DBSIZE")).toEqual({ t: "int", v: 50 });
    expect(run("DEBUG", "SET-ACTIVE-EXPIRE", "1")).toEqual(OK);
    server.advance(2_000);
    expect(run("DBSIZE")).toEqual({ t: "int", v: 0 });
    expect(server.stats.expiredKeys).toBe(50);
  });

  it("lists its subcommands and rejects unknown ones", () => {
    const { run } = setup();
    const help = run("DEBUG", "HELP");
    expect(help.t === "array" && help.v[0]).toEqual({ t: "simple", v: "DEBUG <subcommand> [<arg> [value] [opt] ...]. Subcommands are:" });
    expect(run("DEBUG", "object")).toEqual({
      t: "error",
      v: "ERR unknown subcommand or wrong number of arguments for 'object'. Try DEBUG HELP.",
    });
  });
});

describe("enable-debug-command", () => {
  it("refuses DEBUG unless enabled, before asking for authentication", () => {
    const { run, server } = setup({ requirepass: "pw" });
    expect(run("DEBUG", "HELP")).toEqual(DEBUG_REFUSED);
    expect(run("GET", "k")).toEqual({ t: "error", v: "NOAUTH Authentication required." });
    expect(server.stats.errors.get("ERR")).toBe(1);
  });

  it("lets only loopback clients in with 'local', and everyone in the playground profile", () => {
    const server = createServer({ config: { "enable-debug-command": "local" } });
    expect(server.connect({ addr: "127.0.0.1:5000" }).execute(["DEBUG", "SLEEP", "0"])).toEqual(OK);
    expect(server.connect({ addr: "10.0.0.7:5000" }).execute(["DEBUG", "SLEEP", "0"])).toEqual(DEBUG_REFUSED);
    const playground = createServer({ profile: "playground" });
    expect(playground.connect({ addr: "10.0.0.7:5000" }).execute(["DEBUG", "SLEEP", "0"])).toEqual(OK);
  });
});
