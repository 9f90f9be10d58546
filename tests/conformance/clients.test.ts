/**
 * CLIENT PAUSE / UNPAUSE, CLIENT UNBLOCK, CLIENT TRACKINGINFO / GETREDIR and Pub/Sub
 * confirmations inside MULTI/EXEC, on the engine and on redis-server 7.0.15 side by side, with
 * several connections: what is held, when it is released and in which order, what a held
 * connection's pipelined commands do, what expiry does meanwhile. Whole byte streams are
 * compared per connection (tests/support/pause-pair.ts); pauses use short real waits.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { describePairMismatches, PausePair, PROBE_NAME, type Step } from "../support/pause-pair";

let d: PausePair;
beforeAll(async () => {
  d = await PausePair.start();
}, 30_000);
afterAll(async () => {
  await d?.stop();
});
beforeEach(async () => {
  await d.reset();
});

async function expectSame(steps: readonly Step[], mask?: (out: string) => string): Promise<void> {
  const ms = await d.run(steps, mask);
  expect(ms, describePairMismatches(ms)).toEqual([]);
}

/**
 * CLIENT LIST / CLIENT INFO lines: ids, addresses, fds, ages, idle times, buffer and memory
 * figures differ; and the lines are sorted, as Redis' clientsCron rotates its client list.
 */
const maskClientInfo = (out: string) => {
  const mask = (line: string) => line.replace(/\b(id|addr|laddr|fd|age|idle|qbuf|qbuf-free|argv-mem|multi-mem|rbs|rbp|obl|oll|omem|tot-mem)=\S*/g, "$1=<x>");
  // The bulk length follows the masked widths; the client lines sit between it and the end.
  const m = /^[$=](\d+)\r\n/.exec(out);
  if (!m) return out;
  const body = out.slice(m[0].length, m[0].length + Number(m[1]));
  const lines = body.split("\n").filter((line) => line && !line.includes(`name=${PROBE_NAME} `)).map(mask).sort();
  return `<clients>\r\n${lines.join("\n")}${out.slice(m[0].length + Number(m[1]))}`;
};
const clientList = (name: string, ...argv: string[]): Step => ({ mask: maskClientInfo, step: [name, "CLIENT", ...argv] });

/** Only the named fields of an INFO reply (the rest are process figures). */
const infoFields =
  (...fields: string[]) =>
  (out: string) =>
    out ? fields.map((f) => new RegExp(`${f.replace(/[|]/g, "\\|")}[:=][^\r]*`).exec(out)?.[0].replace(/usec=\d+,usec_per_call=[\d.]+,/, "") ?? `${f}:<absent>`).join(" ") : "";
const info = (name: string, section: string, ...fields: string[]): Step => ({ mask: infoFields(...fields), step: [name, "INFO", section] });

describe("CLIENT PAUSE arguments", () => {
  it("are checked as Redis checks them, the mode before the timeout", async () => {
    await expectSame([
      ["a", "CLIENT", "PAUSE"],
      ["a", "CLIENT", "PAUSE", "-1"],
      ["a", "CLIENT", "PAUSE", "abc"],
      ["a", "CLIENT", "PAUSE", "1.5"],
      ["a", "CLIENT", "PAUSE", "00010"],
      ["a", "CLIENT", "PAUSE", "+10"],
      ["a", "CLIENT", "PAUSE", ""],
      ["a", "CLIENT", "PAUSE", "99999999999999999999"],
      ["a", "CLIENT", "PAUSE", "10", "foo"],
      ["a", "CLIENT", "PAUSE", "abc", "foo"],
      ["a", "CLIENT", "PAUSE", "-1", "WRITE"],
      ["a", "CLIENT", "PAUSE", "abc", "all"],
      ["a", "CLIENT", "PAUSE", "10", "write", "extra"],
      ["a", "CLIENT", "UNPAUSE", "x"],
      ["a", "CLIENT", "UNPAUSE"],
      ["a", "CLIENT", "PAUSE", "0"],
      ["a", "CLIENT", "PAUSE", "0", "WRITE"],
      ["a", "SET", "k", "v"],
      // Past 2^63 ms the deadline wraps negative in 7.0: OK, and no pause at all.
      ["a", "CLIENT", "PAUSE", "9223372036854775807"],
      ["a", "SET", "k", "w"],
      ["a", "CLIENT", "PAUSE", "9223372036854775806", "WRITE"],
      ["b", "SET", "k", "x"],
      ["a", "GET", "k"],
    ]);
  });
});

describe("a WRITE pause", () => {
  it("holds writes and may-replicate commands, lets reads through, answers rejections at once", async () => {
    await expectSame([
      ["adm", "SET", "k", "1"],
      ["adm", "PFADD", "h", "a", "b"],
      ["adm", "CLIENT", "PAUSE", "100000", "WRITE"],
      ["a", "GET", "k"],
      ["a", "SET", "k", "2"],
      // Pipelined behind a held command: waits too, in order.
      ["a", "GET", "k"],
      ["a", "NOSUCH"],
      ["b", "NOSUCH"],
      ["b", "SET", "k"],
      ["b", "GET", "k"],
      ["b", "PFCOUNT", "h"],
      ["c", "PUBLISH", "ch", "m"],
      ["d", "SPUBLISH", "ch", "m"],
      ["e", "EXISTS", "k"],
      ["e", "DBSIZE"],
      ["e", "CLIENT", "UNPAUSE", "x"],
      info("adm", "clients", "blocked_clients"),
      clientList("adm", "LIST"),
      clientList("adm", "INFO"),
      // Released in the order they were held, each with its pipeline.
      ["adm", "CLIENT", "UNPAUSE"],
      ["adm", "GET", "k"],
      info("adm", "clients", "blocked_clients"),
      info("adm", "commandstats", "cmdstat_set", "cmdstat_pfcount", "cmdstat_publish", "cmdstat_get"),
    ]);
  });

  it("holds a held client's commands while others' writes wait behind it", async () => {
    await expectSame([
      ["adm", "CLIENT", "PAUSE", "100000", "WRITE"],
      ["a", "SET", "k", "a"],
      ["b", "SET", "k", "b"],
      ["a", "GET", "k"],
      ["a", "APPEND", "k", "!"],
      ["adm", "CLIENT", "UNPAUSE"],
      ["adm", "GET", "k"],
    ]);
  });

  it("holds a write queued in MULTI before it is queued, and an EXEC with writes", async () => {
    await expectSame([
      ["adm", "SET", "k", "1"],
      ["adm", "CLIENT", "PAUSE", "100000", "WRITE"],
      ["m", "MULTI"],
      ["m", "GET", "k"],
      ["m", "SET", "x", "1"],
      clientList("adm", "LIST"),
      ["adm", "CLIENT", "UNPAUSE"],
      ["m", "EXEC"],
      ["m2", "MULTI"],
      ["m2", "SET", "x", "2"],
      ["m2", "NOSUCH"],
      ["m3", "MULTI"],
      ["m3", "GET", "x"],
      ["m3", "PING"],
      ["adm", "CLIENT", "PAUSE", "100000", "WRITE"],
      ["m2", "EXEC"],
      ["m3", "EXEC"],
      ["m4", "MULTI"],
      ["m4", "PFCOUNT", "h"],
      ["adm", "CLIENT", "PAUSE", "100000", "WRITE"],
      ["m4", "EXEC"],
      info("adm", "clients", "blocked_clients"),
      ["adm", "CLIENT", "UNPAUSE"],
      ["adm", "GET", "x"],
    ]);
  });

  it("ends at its deadline, which a later pause only extends", async () => {
    await expectSame([
      ["adm", "CLIENT", "PAUSE", "1000", "WRITE"],
      ["adm", "CLIENT", "PAUSE", "50", "WRITE"],
      ["a", "SET", "k", "1"],
      { wait: 300 },
      ["b", "GET", "k"],
      { wait: 1100 },
      ["b", "GET", "k"],
    ]);
  });

  it("stops expiry: an expired key reads as missing but stays until the pause ends", async () => {
    await expectSame([
      ["a", "SET", "e", "1", "PX", "100"],
      ["a", "SET", "live", "1"],
      ["adm", "CLIENT", "PAUSE", "1500", "WRITE"],
      { wait: 250 },
      ["a", "GET", "e"],
      ["a", "DBSIZE"],
      ["a", "KEYS", "*"],
      ["a", "SCAN", "0"],
      ["a", "EXISTS", "e"],
      ["a", "TTL", "e"],
      ["a", "TYPE", "e"],
      ["a", "DBSIZE"],
      // avg_ttl is the active expiry cycle's running estimate: only the counts are compared.
      { mask: (out) => /keys=\d+,expires=\d+/.exec(out)?.[0] ?? out, step: ["a", "INFO", "keyspace"] },
      info("a", "stats", "expired_keys"),
      { wait: 1700 },
      ["a", "DBSIZE"],
      info("a", "stats", "expired_keys"),
    ]);
  });
});

// Pauses here last seconds, not milliseconds: every step's sync takes a while on a loaded
// machine, and a pause must not run out on one server before the steps that rely on it ran.
describe("an ALL pause", () => {
  it("holds every command, CLIENT UNPAUSE included, but answers rejections; WRITE then ALL gives ALL", async () => {
    await expectSame([
      // Real Redis ends a pause at its next cron tick after the deadline (up to 100 ms
      // late): the checks below stay well away from the deadline.
      ["adm", "CLIENT", "PAUSE", "4000", "WRITE"],
      ["adm", "CLIENT", "PAUSE", "100", "ALL"],
      ["b", "PING"],
      ["c", "NOSUCH"],
      ["c", "GET"],
      ["c", "CLIENT", "PAUSE", "10", "bad"],
      ["adm", "CLIENT", "UNPAUSE"],
      ["e", "QUIT"],
      { wait: 100 },
      { wait: 4200 },
      ["b", "PING"],
      ["adm", "PING"],
    ]);
  });

  it("never holds a MONITOR, which may even unpause it", async () => {
    // Monitor lines carry a timestamp and the client's address.
    const maskMonitor = (out: string) => out.replace(/\+\d+\.\d+ \[(\d+) [^\]]+\]/g, "+<ts> [$1 <addr>]");
    await expectSame(
      [
        ["b", "PING"],
        ["m", "MONITOR"],
        ["adm", "CLIENT", "PAUSE", "100000", "ALL"],
        ["m", "PING"],
        ["b", "GET", "k"],
        ["m", "CLIENT", "UNPAUSE"],
        ["b", "PING"],
      ],
      maskMonitor,
    );
  });

  it("holds a RESP2 subscriber's PING, and MULTI itself", async () => {
    await expectSame([
      ["s", "SUBSCRIBE", "ch"],
      ["adm", "CLIENT", "PAUSE", "2500"],
      ["s", "PING"],
      ["s", "GET", "k"],
      ["m", "MULTI"],
      { wait: 2700 },
      ["m", "SET", "k", "v"],
      ["m", "EXEC"],
    ]);
  });
});

describe("held clients and other commands", () => {
  it("CLIENT UNBLOCK ... ERROR on a held client sends -UNBLOCKED yet its command still runs (7.0.15)", async () => {
    await expectSame([
      ["adm", "CLIENT", "PAUSE", "100000", "WRITE"],
      ["a", "SET", "k", "2"],
      ["a", "GET", "k"],
      ["adm", "CLIENT", "UNBLOCK", "$id:a", "ERROR"],
      clientList("adm", "LIST"),
      info("adm", "clients", "blocked_clients"),
      ["adm", "CLIENT", "UNPAUSE"],
      ["a", "GET", "k"],
      info("adm", "errorstats", "errorstat_UNBLOCKED"),
      info("adm", "commandstats", "cmdstat_set", "cmdstat_client|unblock"),
    ]);
  });

  it("a held client that hangs up or is killed is gone, its command never runs", async () => {
    await expectSame([
      ["adm", "SET", "k", "0"],
      ["adm", "CLIENT", "PAUSE", "100000", "WRITE"],
      ["a", "SET", "k", "a"],
      ["b", "SET", "k", "b"],
      ["c", "SET", "k", "c"],
      info("adm", "clients", "blocked_clients"),
      ["adm", "CLIENT", "KILL", "ID", "$id:b"],
      info("adm", "clients", "blocked_clients"),
    ]);
    await d.close("a");
    await expectSame([
      info("adm", "clients", "blocked_clients"),
      ["adm", "CLIENT", "UNPAUSE"],
      ["adm", "GET", "k"],
    ]);
  });

  it("CLIENT REPLY SKIP / OFF apply to a held or blocked command's reply when it comes", async () => {
    await expectSame([
      ["a", "CLIENT", "REPLY", "SKIP"],
      ["adm", "CLIENT", "PAUSE", "100000", "WRITE"],
      ["a", "SET", "k", "v"],
      ["a", "GET", "k"],
      ["adm", "CLIENT", "UNPAUSE"],
      ["b", "CLIENT", "REPLY", "SKIP"],
      ["b", "BLPOP", "l", "0"],
      ["b", "PING", "after"],
      ["adm", "RPUSH", "l", "x"],
      ["c", "CLIENT", "REPLY", "OFF"],
      ["c", "BLPOP", "l", "0"],
      ["adm", "RPUSH", "l", "y"],
      ["c", "CLIENT", "REPLY", "ON"],
      ["c", "LLEN", "l"],
    ]);
  });

  it("blocked clients count with held ones; a held BLPOP blocks once released", async () => {
    await expectSame([
      ["w", "BLPOP", "l", "0"],
      ["adm", "CLIENT", "PAUSE", "100000", "WRITE"],
      ["a", "BLPOP", "l", "0"],
      ["b", "RPUSH", "l", "1", "2"],
      info("adm", "clients", "blocked_clients"),
      ["adm", "CLIENT", "UNPAUSE"],
      info("adm", "clients", "blocked_clients"),
      ["adm", "LLEN", "l"],
    ]);
  });
});

describe("CLIENT UNBLOCK, TRACKINGINFO and GETREDIR", () => {
  it("UNBLOCK's arguments and replies", async () => {
    await expectSame([
      ["a", "CLIENT", "UNBLOCK", "abc", "foo"],
      ["a", "CLIENT", "UNBLOCK", "abc"],
      ["a", "CLIENT", "UNBLOCK", "999", "timeout", "x"],
      ["a", "CLIENT", "UNBLOCK"],
      ["a", "CLIENT", "UNBLOCK", "999"],
      ["a", "CLIENT", "UNBLOCK", "$id:a"],
      ["b", "BLPOP", "l", "0"],
      ["a", "CLIENT", "UNBLOCK", "$id:b", "TIMEOUT"],
      ["b", "BLPOP", "l", "0"],
      ["a", "CLIENT", "UNBLOCK", "$id:b", "error"],
      ["b", "XREAD", "BLOCK", "0", "STREAMS", "s", "$"],
      ["a", "CLIENT", "UNBLOCK", "$id:b"],
      ["a", "CLIENT", "UNBLOCK", "$id:b"],
      info("a", "errorstats", "errorstat_UNBLOCKED"),
    ]);
  });

  it("TRACKINGINFO and GETREDIR with tracking off, in RESP2 and RESP3", async () => {
    await expectSame([
      ["a", "CLIENT", "TRACKINGINFO"],
      ["a", "CLIENT", "GETREDIR"],
      ["a", "CLIENT", "TRACKINGINFO", "x"],
      ["a", "CLIENT", "GETREDIR", "x"],
      { mask: (out) => out.replace(/:\d+\r\n\$4\r\nmode/, ":<id>\r\n$4\r\nmode"), step: ["a", "HELLO", "3"] },
      ["a", "CLIENT", "TRACKINGINFO"],
      ["a", "CLIENT", "GETREDIR"],
    ]);
  });
});

describe("Pub/Sub inside MULTI/EXEC", () => {
  const hello3 = (name: string): Step => ({ mask: (out) => out.replace(/:\d+\r\n\$4\r\nmode/, ":<id>\r\n$4\r\nmode"), step: [name, "HELLO", "3"] });

  it("RESP2: confirmations, and messages a client publishes to itself, come inside the EXEC reply", async () => {
    await expectSame([
      ["a", "MULTI"],
      ["a", "SUBSCRIBE", "c1", "c2"],
      ["a", "PSUBSCRIBE", "p*"],
      ["a", "PING"],
      ["a", "EXEC"],
      ["a", "PING"],
      ["p", "PUBLISH", "c1", "hello"],
      // Named: with no names Redis walks a hash table, in no fixed order.
      ["a", "UNSUBSCRIBE", "c1", "c2"],
      ["a", "PUNSUBSCRIBE"],
      ["b", "MULTI"],
      ["b", "SUBSCRIBE", "ch"],
      ["b", "PUBLISH", "ch", "hi"],
      ["b", "EXEC"],
      ["c", "MULTI"],
      ["c", "UNSUBSCRIBE"],
      ["c", "SSUBSCRIBE", "s1"],
      ["c", "SUBSCRIBE", "x"],
      ["c", "EXEC"],
    ]);
  });

  it("RESP3: push frames inside the EXEC array, keyspace events to oneself included", async () => {
    await expectSame([
      hello3("b"),
      ["b", "SUBSCRIBE", "c0"],
      ["b", "MULTI"],
      ["b", "SUBSCRIBE", "c1", "c2"],
      ["b", "UNSUBSCRIBE", "c1"],
      ["b", "SET", "x", "1"],
      ["b", "PUBLISH", "c2", "yo"],
      ["b", "EXEC"],
      ["b", "MULTI"],
      // UNSUBSCRIBE with no names walks a hash table: leave it one channel, so order is fixed.
      ["b", "UNSUBSCRIBE", "c0"],
      ["b", "UNSUBSCRIBE"],
      ["b", "PUNSUBSCRIBE"],
      ["b", "EXEC"],
      ["adm", "CONFIG", "SET", "notify-keyspace-events", "KEA"],
      ["b", "PSUBSCRIBE", "__key*__:*"],
      ["b", "MULTI"],
      ["b", "SET", "k", "v"],
      ["b", "DEL", "k", "nokey"],
      ["b", "EXEC"],
      ["b", "CLIENT", "REPLY", "SKIP"],
      ["b", "MULTI"],
      ["b", "SET", "k", "w"],
      ["b", "EXEC"],
      ["b", "PING"],
    ]);
  });
});
