/**
 * DEBUG RELOAD through dispatch on a manual clock: what the differential suite cannot show.
 * The NOFLUSH duplicate that crashes real Redis (refused here, nothing changed), exact LRU idle
 * times and TTL cut-offs on a clock that moves only when told, the snapshot being detached
 * from later writes, the memory model and the UI's key-change events after a reload, and the
 * log lines. tests/conformance/debug-reload.test.ts compares everything else with Redis.
 */
import { describe, expect, it } from "vitest";
import { createServer, type KeyChange } from "../../engine/server";
import { OK, type Reply } from "../../engine/reply";

function setup(config: Record<string, string> = { "enable-debug-command": "yes" }) {
  const server = createServer({ config });
  const c = server.connect();
  const run = (...argv: string[]): Reply => c.execute(argv);
  return { server, c, run };
}

const bulk = (v: string): Reply => ({ t: "bulk", v });
const int = (v: number): Reply => ({ t: "int", v });

describe("DEBUG RELOAD NOFLUSH without MERGE", () => {
  it("refuses a key found in memory and in the file, where Redis would panic, and changes nothing", () => {
    const { server, run } = setup();
    run("SET", "a", "1");
    run("SET", "b", "x");
    const dirty = server.stats.dirty;
    const r = run("DEBUG", "RELOAD", "NOFLUSH");
    expect(r.t).toBe("error");
    expect((r as { v: string }).v).toMatch(/^ERR RDB has duplicated key 'a' in DB 0: Redis would panic here/);
    expect(server.persistence.file).toBeNull(); // not even saved
    expect(server.stats.dirty).toBe(dirty);
    expect(run("MGET", "a", "b")).toEqual({ t: "array", v: [bulk("1"), bulk("x")] });
    expect(server.recentLog().some((l) => l.level === "warning" && l.line === "RDB has duplicated key 'a' in DB 0")).toBe(true);
  });

  it("loads a file whose keys are all new, and ignores the file's expired keys when looking for clashes", () => {
    const { server, run } = setup();
    run("SET", "old", "v", "PX", "500");
    run("SELECT", "2");
    run("SET", "f", "file");
    expect(run("DEBUG", "RELOAD")).toEqual(OK);
    run("DEL", "f");
    run("SELECT", "0");
    server.advance(1000);
    run("DEBUG", "SET-ACTIVE-EXPIRE", "0");
    run("SET", "old", "mine"); // in the file too, but expired there: no clash
    expect(run("DEBUG", "RELOAD", "NOSAVE", "NOFLUSH")).toEqual(OK);
    expect(run("GET", "old")).toEqual(bulk("mine"));
    run("SELECT", "2");
    expect(run("GET", "f")).toEqual(bulk("file"));
    run("SELECT", "0");
    expect(server.persistence.lastLoadKeysExpired).toBe(1);
    expect(run("DEBUG", "RELOAD", "NOSAVE", "NOFLUSH")).toMatchObject({ t: "error" }); // f is back now
  });
});

describe("DEBUG RELOAD on the instance clock", () => {
  it("drops a key whose TTL passed a millisecond ago and keeps one due this millisecond", () => {
    const { server, run } = setup();
    run("DEBUG", "SET-ACTIVE-EXPIRE", "0");
    run("SET", "due", "v", "PX", "100");
    run("SET", "past", "v", "PX", "99");
    server.advance(100);
    expect(run("DEBUG", "RELOAD")).toEqual(OK);
    expect(run("EXISTS", "due")).toEqual(int(1));
    expect(run("EXISTS", "past")).toEqual(int(0));
    expect(run("PTTL", "due")).toEqual(int(0));
    expect(server.stats.expiredKeys).toBe(0); // skipped at load, not expired
  });

  it("keeps exact idle seconds under an LRU policy and starts them again otherwise", () => {
    const { server, run } = setup();
    run("SET", "k", "value");
    server.advance(10_000);
    run("CONFIG", "SET", "maxmemory-policy", "allkeys-lru");
    run("DEBUG", "RELOAD");
    expect(run("OBJECT", "IDLETIME", "k")).toEqual(int(10));
    server.advance(5_000);
    expect(run("OBJECT", "IDLETIME", "k")).toEqual(int(15));
    run("CONFIG", "SET", "maxmemory-policy", "volatile-random");
    run("DEBUG", "RELOAD");
    expect(run("OBJECT", "IDLETIME", "k")).toEqual(int(0));
  });

  it("saves the LFU counter decayed to the save instant and restarts its decay clock", () => {
    const { server, run } = setup();
    run("CONFIG", "SET", "maxmemory-policy", "allkeys-lfu");
    run("CONFIG", "SET", "lfu-log-factor", "0");
    run("SET", "k", "value");
    for (let i = 0; i < 10; i++) run("GET", "k");
    expect(run("OBJECT", "FREQ", "k")).toEqual(int(15));
    server.advance(3 * 60_000); // lfu-decay-time 1: three minutes take 3 off
    run("DEBUG", "RELOAD");
    expect(run("OBJECT", "FREQ", "k")).toEqual(int(12));
    server.advance(60_000);
    expect(run("OBJECT", "FREQ", "k")).toEqual(int(11));
  });
});

describe("DEBUG RELOAD's file and side effects", () => {
  it("keeps the file apart from later writes, so NOSAVE restores the saved dataset", () => {
    const { run } = setup();
    run("RPUSH", "l", "a", "b");
    run("HSET", "h", "f", "v");
    run("SADD", "s", "1", "2");
    run("ZADD", "z", "1", "m");
    run("XADD", "x", "1-1", "f", "v");
    run("XGROUP", "CREATE", "x", "g", "0");
    run("DEBUG", "RELOAD");
    run("RPUSH", "l", "c");
    run("HSET", "h", "f", "changed");
    run("SADD", "s", "3");
    run("ZADD", "z", "2", "m");
    run("XADD", "x", "2-1", "f", "v");
    run("XREADGROUP", "GROUP", "g", "c1", "STREAMS", "x", ">");
    expect(run("DEBUG", "RELOAD", "NOSAVE")).toEqual(OK);
    expect(run("LRANGE", "l", "0", "-1")).toEqual({ t: "array", v: [bulk("a"), bulk("b")] });
    expect(run("HGET", "h", "f")).toEqual(bulk("v"));
    expect(run("SCARD", "s")).toEqual(int(2));
    expect(run("ZSCORE", "z", "m")).toMatchObject({ v: 1 });
    expect(run("XLEN", "x")).toEqual(int(1));
    expect((run("XPENDING", "x", "g") as { v: readonly Reply[] }).v[0]).toEqual(int(0));
    // Loading the same file twice gives two independent copies.
    expect(run("DEBUG", "RELOAD", "NOSAVE")).toEqual(OK);
    expect(run("XLEN", "x")).toEqual(int(1));
  });

  it("leaves the memory model where it was, and tells the UI every database changed", () => {
    // No latency histograms, which DEBUG's first call would add to used_memory.
    const { server, run } = setup({ "enable-debug-command": "yes", "latency-tracking": "no" });
    for (let i = 0; i < 50; i++) run("HSET", `h${i}`, "f", "v".repeat(i));
    run("SELECT", "4");
    run("SET", "s", "x".repeat(100));
    const before = server.memory.used();
    const changes: KeyChange[] = [];
    server.onKeyChange((ch) => changes.push(ch));
    const version = server.version;
    run("DEBUG", "RELOAD");
    expect(server.memory.used()).toBe(before);
    expect(server.version).toBeGreaterThan(version);
    expect(changes.filter((ch) => ch.event === "flushdb")).toHaveLength(server.dbs.length);
    expect(changes.filter((ch) => ch.event === "reload").map((ch) => ch.db)).toEqual([0, 4]);
    expect(changes.every((ch) => ch.key === "")).toBe(true);
  });

  it("sends no keyspace event and logs what Redis logs", () => {
    const { server, run } = setup();
    const sub = server.connect();
    run("CONFIG", "SET", "notify-keyspace-events", "KEA");
    sub.execute(["PSUBSCRIBE", "*"]);
    const pushes: Reply[] = [];
    sub.onPush = (r: Reply) => pushes.push(r);
    run("SET", "k", "v");
    const seen = pushes.length;
    run("DEBUG", "RELOAD");
    expect(pushes.length).toBe(seen);
    const lines = server.recentLog().map((l) => l.line);
    const from = lines.indexOf("DB saved on disk");
    expect(lines.slice(from)).toEqual([
      "DB saved on disk",
      "Loading RDB produced by version 7.0.15",
      "RDB age 0 seconds",
      expect.stringMatching(/^RDB memory usage when created \d+\.\d\d Mb$/),
      "Done loading RDB, keys loaded: 1, keys expired: 0.",
      "DB reloaded by DEBUG RELOAD",
    ]);
  });
});
