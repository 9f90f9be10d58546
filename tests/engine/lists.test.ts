/**
 * The list family through dispatch: replies, errors, key-change events (names, order, dirty
 * counts), the list settings a key keeps from its creation, COPY, and the inspector's view.
 * Replies here were checked against redis-server 7.0.15; the differential suite
 * (tests/conformance/lists.test.ts, random-lists.test.ts) compares them byte for byte.
 */
import { describe, expect, it } from "vitest";
import { createServer } from "../../engine/server";
import { inspectKey } from "../../engine/inspect";
import { encodeReply } from "../../engine/resp/encode";
import { arr, bulk, EMPTY_ARRAY, int, NULL, NULL_ARRAY, OK, type Reply } from "../../engine/reply";
import type { ListObject } from "../../engine/object";

function setup(config?: Record<string, string>) {
  const server = createServer({ config });
  const c = server.connect();
  const run = (...argv: string[]): Reply => c.execute(argv);
  const events: string[] = [];
  server.onKeyChange((e) => events.push(`${e.event}:${e.key}`));
  return { server, c, run, events };
}

const errorOf = (text: string): Reply => ({ t: "error", v: text });
const WRONGTYPE = errorOf("WRONGTYPE Operation against a key holding the wrong kind of value");
const NOT_INT = errorOf("ERR value is not an integer or out of range");
const SYNTAX = errorOf("ERR syntax error");
const bulks = (...xs: string[]) => arr(xs.map(bulk));
const ints = (...xs: number[]) => arr(xs.map((n) => int(n)));

describe("pushes and pops", () => {
  it("pushes at both ends and replies with the new length", () => {
    const { run } = setup();
    expect(run("RPUSH", "l", "b", "c")).toEqual(int(2));
    expect(run("LPUSH", "l", "a", "0")).toEqual(int(4));
    expect(run("LRANGE", "l", "0", "-1")).toEqual(bulks("0", "a", "b", "c"));
    expect(run("LPUSHX", "nokey", "a")).toEqual(int(0));
    expect(run("RPUSHX", "l", "d")).toEqual(int(5));
    expect(run("EXISTS", "nokey")).toEqual(int(0));
  });

  it("pops one element, a count of them, or none", () => {
    const { run } = setup();
    run("RPUSH", "l", "a", "b", "c", "d", "e");
    expect(run("LPOP", "l")).toEqual(bulk("a"));
    expect(run("RPOP", "l", "2")).toEqual(bulks("e", "d"));
    expect(run("LPOP", "l", "0")).toEqual(EMPTY_ARRAY);
    expect(run("LPOP", "l", "-1")).toEqual(errorOf("ERR value is out of range, must be positive"));
    expect(run("LPOP", "l", "1", "2")).toEqual(errorOf("ERR wrong number of arguments for 'lpop' command"));
    expect(run("LPOP", "l", "10")).toEqual(bulks("b", "c"));
    expect(run("EXISTS", "l")).toEqual(int(0));
    expect(run("LPOP", "l")).toEqual(NULL);
    expect(run("LPOP", "l", "0")).toEqual(NULL_ARRAY);
  });

  it("sends nulls as RESP2 and RESP3 each want them", () => {
    const { run, c } = setup();
    expect(encodeReply(run("LPOP", "x", "1"), 2)).toBe("*-1\r\n");
    expect(encodeReply(run("LPOP", "x"), 2)).toBe("$-1\r\n");
    run("HELLO", "3");
    expect(c.resp).toBe(3);
    expect(encodeReply(run("LPOP", "x", "1"), 3)).toBe("_\r\n");
  });

  it("answers WRONGTYPE for every command on a string", () => {
    const { run } = setup();
    run("SET", "s", "v");
    for (const cmd of [
      ["LPUSH", "s", "a"],
      ["RPUSHX", "s", "a"],
      ["LPOP", "s"],
      ["LRANGE", "s", "0", "1"],
      ["LINDEX", "s", "0"],
      ["LSET", "s", "0", "a"],
      ["LINSERT", "s", "BEFORE", "a", "b"],
      ["LREM", "s", "0", "a"],
      ["LTRIM", "s", "0", "1"],
      ["LLEN", "s"],
      ["LPOS", "s", "a"],
      ["LMOVE", "s", "d", "LEFT", "LEFT"],
      ["LMPOP", "1", "s", "LEFT"],
    ]) {
      expect(run(...cmd), cmd.join(" ")).toEqual(WRONGTYPE);
    }
    // Parse errors that Redis checks before the key come first.
    expect(run("LRANGE", "s", "x", "1")).toEqual(NOT_INT);
    expect(run("LINSERT", "s", "MIDDLE", "a", "b")).toEqual(SYNTAX);
    // ... and those it checks after the key come after.
    expect(run("LINDEX", "nokey", "x")).toEqual(NULL);
    expect(run("LSET", "nokey", "x", "v")).toEqual(errorOf("ERR no such key"));
  });
});

describe("positions", () => {
  it("reads, sets, inserts and trims by index", () => {
    const { run } = setup();
    run("RPUSH", "l", "a", "b", "c", "b");
    expect(run("LINDEX", "l", "-1")).toEqual(bulk("b"));
    expect(run("LINDEX", "l", "4")).toEqual(NULL);
    expect(run("LSET", "l", "1", "B")).toEqual(OK);
    expect(run("LSET", "l", "4", "x")).toEqual(errorOf("ERR index out of range"));
    expect(run("LINSERT", "l", "AFTER", "b", "z")).toEqual(int(5));
    expect(run("LINSERT", "l", "before", "nope", "z")).toEqual(int(-1));
    expect(run("LINSERT", "nokey", "before", "a", "z")).toEqual(int(0));
    expect(run("LRANGE", "l", "0", "-1")).toEqual(bulks("a", "B", "c", "b", "z"));
    expect(run("LTRIM", "l", "1", "-2")).toEqual(OK);
    expect(run("LRANGE", "l", "-100", "100")).toEqual(bulks("B", "c", "b"));
    expect(run("LTRIM", "l", "5", "1")).toEqual(OK);
    expect(run("EXISTS", "l")).toEqual(int(0));
  });

  it("removes by count from the head, the tail, or everywhere", () => {
    const { run } = setup();
    run("RPUSH", "l", "a", "x", "a", "x", "a");
    expect(run("LREM", "l", "-1", "a")).toEqual(int(1));
    expect(run("LREM", "l", "1", "x")).toEqual(int(1));
    expect(run("LRANGE", "l", "0", "-1")).toEqual(bulks("a", "a", "x"));
    expect(run("LREM", "l", "0", "a")).toEqual(int(2));
    expect(run("LREM", "l", "0", "x")).toEqual(int(1));
    expect(run("EXISTS", "l")).toEqual(int(0));
  });

  it("finds positions with LPOS, including RANK's LONG_MIN corner", () => {
    const { run } = setup();
    run("RPUSH", "l", "a", "b", "a", "a");
    expect(run("LPOS", "l", "a")).toEqual(int(0));
    expect(run("LPOS", "l", "a", "RANK", "-1")).toEqual(int(3));
    expect(run("LPOS", "l", "a", "RANK", "2", "COUNT", "0")).toEqual(ints(2, 3));
    expect(run("LPOS", "l", "a", "COUNT", "0", "MAXLEN", "3")).toEqual(ints(0, 2));
    expect(run("LPOS", "l", "zz", "COUNT", "1")).toEqual(EMPTY_ARRAY);
    // -LONG_MIN overflows in Redis: every match qualifies and COUNT never stops the walk.
    expect(run("LPOS", "l", "a", "RANK", "-9223372036854775808", "COUNT", "1")).toEqual(ints(3, 2, 0));
    expect(run("LPOS", "l", "a", "RANK", "0")).toEqual(
      errorOf("ERR RANK can't be zero: use 1 to start from the first match, 2 from the second ... or use negative to start from the end of the list"),
    );
    expect(run("LPOS", "l", "a", "COUNT", "x")).toEqual(errorOf("ERR COUNT can't be negative"));
    expect(run("LPOS", "l", "a", "MAXLEN", "-1")).toEqual(errorOf("ERR MAXLEN can't be negative"));
  });
});

describe("moves", () => {
  it("moves between lists, creating the destination", () => {
    const { run } = setup();
    run("RPUSH", "src", "a", "b");
    expect(run("LMOVE", "src", "dst", "RIGHT", "LEFT")).toEqual(bulk("b"));
    expect(run("RPOPLPUSH", "src", "dst")).toEqual(bulk("a"));
    expect(run("EXISTS", "src")).toEqual(int(0));
    expect(run("LRANGE", "dst", "0", "-1")).toEqual(bulks("a", "b"));
    expect(run("LMOVE", "dst", "dst", "LEFT", "RIGHT")).toEqual(bulk("a"));
    expect(run("LRANGE", "dst", "0", "-1")).toEqual(bulks("b", "a"));
    expect(run("LMOVE", "dst", "x", "UP", "LEFT")).toEqual(SYNTAX);
  });

  it("pops from the first non-empty list with LMPOP", () => {
    const { run } = setup();
    run("RPUSH", "b", "1", "2", "3");
    expect(run("LMPOP", "2", "a", "b", "RIGHT", "COUNT", "2")).toEqual(arr([bulk("b"), bulks("3", "2")]));
    expect(run("LMPOP", "1", "a", "LEFT")).toEqual(NULL_ARRAY);
    expect(run("LMPOP", "0", "a", "LEFT")).toEqual(errorOf("ERR numkeys should be greater than 0"));
    expect(run("LMPOP", "1", "a", "LEFT", "COUNT", "0")).toEqual(errorOf("ERR count should be greater than 0"));
    expect(run("LMPOP", "3", "a", "b", "LEFT")).toEqual(SYNTAX);
  });
});

describe("events and dirty counts", () => {
  it("reports Redis' event names, with del after the pop that empties a list", () => {
    const { run, events, server } = setup();
    const dirty = () => server.stats.dirty;
    run("RPUSH", "l", "a", "b", "c");
    expect(dirty()).toBe(3);
    run("LPOP", "l", "2");
    expect(dirty()).toBe(5);
    run("LSET", "l", "0", "x");
    run("LINSERT", "l", "BEFORE", "x", "w");
    run("LREM", "l", "0", "w");
    run("LTRIM", "l", "0", "-1");
    run("LMOVE", "l", "m", "LEFT", "RIGHT");
    run("LMPOP", "1", "m", "LEFT");
    expect(events).toEqual([
      "rpush:l",
      "lpop:l",
      "lset:l",
      "linsert:l",
      "lrem:l",
      "ltrim:l",
      "rpush:m",
      "lpop:l",
      "del:l",
      "lpop:m",
      "del:m",
    ]);
    expect(dirty()).toBe(5 + 1 + 1 + 1 + 0 + 1 + 1);
  });

  it("reports nothing for commands that change nothing", () => {
    const { run, events, server } = setup();
    run("RPUSH", "l", "a");
    events.length = 0;
    const before = server.stats.dirty;
    run("LREM", "l", "0", "zz");
    run("LINSERT", "l", "AFTER", "zz", "q");
    run("LPUSHX", "nokey", "a");
    run("LPOP", "l", "0");
    run("LTRIM", "nokey", "0", "1");
    expect(events).toEqual([]);
    expect(server.stats.dirty).toBe(before);
  });
});

describe("list settings, COPY and the inspector", () => {
  it("keeps the node settings the list was created with", () => {
    const { run, server } = setup({ "list-max-listpack-size": "2" });
    run("RPUSH", "old", "a", "b", "c", "d", "e");
    run("CONFIG", "SET", "list-max-ziplist-size", "-2");
    run("RPUSH", "old", "f");
    run("RPUSH", "new", "a", "b", "c", "d", "e", "f");
    const ql = (key: string) => (server.dbs[0].dict.get(key) as ListObject).value;
    expect(ql("old").fill).toBe(2);
    expect(ql("old").nodes).toBe(3);
    expect(ql("new").fill).toBe(-2);
    expect(ql("new").nodes).toBe(1);
    expect(run("OBJECT", "ENCODING", "old")).toEqual(bulk("quicklist"));
  });

  it("copies a list so that the copies change independently", () => {
    const { run } = setup();
    run("RPUSH", "a", "1", "2");
    expect(run("COPY", "a", "b")).toEqual(int(1));
    run("RPUSH", "b", "3");
    run("LSET", "a", "0", "x");
    expect(run("LRANGE", "a", "0", "-1")).toEqual(bulks("x", "2"));
    expect(run("LRANGE", "b", "0", "-1")).toEqual(bulks("1", "2", "3"));
  });

  it("shows the elements to the inspector without touching the key", () => {
    const { run, server } = setup();
    run("RPUSH", "l", "a", "b", "c");
    const hits = server.stats.keyspaceHits;
    const view = inspectKey(server, 0, "l");
    expect(view?.value).toEqual({ type: "list", items: ["a", "b", "c"] });
    expect(view?.length).toBe(3);
    expect(view?.encoding).toBe("quicklist");
    expect(server.stats.keyspaceHits).toBe(hits);
  });
});
