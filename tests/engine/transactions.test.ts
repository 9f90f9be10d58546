import { describe, expect, it } from "vitest";
import { createServer } from "../../engine/server";
import type { Reply } from "../../engine/reply";

const s = (v: string): Reply => ({ t: "simple", v });
const e = (v: string): Reply => ({ t: "error", v });
const b = (v: string): Reply => ({ t: "bulk", v });
const i = (v: number): Reply => ({ t: "int", v });

function setup() {
  const server = createServer();
  return { server, a: server.connect(), c2: server.connect() };
}

describe("MULTI / EXEC", () => {
  it("queues commands and runs them in order, runtime errors not rolling back", () => {
    const { a } = setup();
    expect(a.execute(["MULTI"])).toEqual(s("OK"));
    expect(a.execute(["SET", "k", "x"])).toEqual(s("QUEUED"));
    expect(a.execute(["INCR", "k"])).toEqual(s("QUEUED"));
    expect(a.execute(["GET", "k"])).toEqual(s("QUEUED"));
    expect(a.execute(["EXEC"])).toEqual({
      t: "array",
      v: [s("OK"), e("ERR value is not an integer or out of range"), b("x")],
    });
    expect(a.execute(["EXEC"])).toEqual(e("ERR EXEC without MULTI"));
  });

  it("aborts with EXECABORT after a command rejected while queuing", () => {
    const { a } = setup();
    a.execute(["MULTI"]);
    expect(a.execute(["SET", "k"])).toEqual(e("ERR wrong number of arguments for 'set' command"));
    expect(a.execute(["NOSUCH"])).toEqual(e("ERR unknown command 'NOSUCH', with args beginning with: "));
    expect(a.execute(["SET", "k", "v"])).toEqual(s("QUEUED"));
    expect(a.execute(["EXEC"])).toEqual(e("EXECABORT Transaction discarded because of previous errors."));
    expect(a.execute(["EXISTS", "k"])).toEqual(i(0));
  });

  it("refuses nesting, WATCH inside MULTI, and EXEC/DISCARD without MULTI", () => {
    const { a } = setup();
    expect(a.execute(["DISCARD"])).toEqual(e("ERR DISCARD without MULTI"));
    a.execute(["MULTI"]);
    expect(a.execute(["MULTI"])).toEqual(e("ERR MULTI calls can not be nested"));
    expect(a.execute(["WATCH", "k"])).toEqual(e("ERR WATCH inside MULTI is not allowed"));
    a.execute(["SET", "k", "v"]);
    // Neither error dooms the transaction.
    expect(a.execute(["EXEC"])).toEqual({ t: "array", v: [s("OK")] });
    a.execute(["MULTI"]);
    expect(a.execute(["EXEC", "x"])).toEqual(
      e("EXECABORT Transaction discarded because of: wrong number of arguments for 'exec' command"),
    );
    expect(a.execute(["DISCARD"])).toEqual(e("ERR DISCARD without MULTI"));
  });

  it("counts queued commands when EXEC runs them, and EXEC as failed only for its own error", () => {
    const { server, a } = setup();
    a.execute(["MULTI"]);
    a.execute(["SET", "k", "x"]);
    a.execute(["INCR", "k"]);
    expect(server.stats.commands.get("set")).toBeUndefined();
    a.execute(["EXEC"]);
    expect(server.stats.commands.get("set")?.calls).toBe(1);
    expect(server.stats.commands.get("incr")?.failedCalls).toBe(1);
    expect(server.stats.commands.get("exec")).toMatchObject({ calls: 1, failedCalls: 0 });
    a.execute(["EXEC"]);
    expect(server.stats.commands.get("exec")).toMatchObject({ calls: 2, failedCalls: 1 });
  });

  it("shows multi= and flag x in CLIENT LIST, cmd=exec during EXEC", () => {
    const { a } = setup();
    a.execute(["MULTI"]);
    a.execute(["PING"]);
    a.execute(["CLIENT", "LIST"]);
    const r = a.execute(["EXEC"]) as { t: "array"; v: Reply[] };
    const line = (r.v[1] as { v: string }).v;
    expect(line).toMatch(/ flags=x .* multi=2 .* cmd=exec /);
  });

  it("serves blocked clients after EXEC, and BLPOP inside it does not block", () => {
    const { a, c2 } = setup();
    expect(c2.send(["BLPOP", "l", "0"])).toEqual({ t: "blocked" });
    let got: Reply | null = null;
    c2.onDeferredReply = (r) => (got = r);
    a.execute(["MULTI"]);
    a.execute(["BLPOP", "other", "0"]);
    a.execute(["RPUSH", "l", "1", "2"]);
    a.execute(["LLEN", "l"]);
    expect(a.execute(["EXEC"])).toEqual({ t: "array", v: [{ t: "nullarray" }, i(2), i(2)] });
    expect(got).toEqual({ t: "array", v: [b("l"), b("1")] });
  });
});

describe("WATCH", () => {
  it("aborts EXEC with a nil array when another client writes a watched key", () => {
    const { a, c2 } = setup();
    a.execute(["WATCH", "k", "j"]);
    c2.execute(["SET", "k", "1"]);
    expect(a.execute(["CLIENT", "LIST"])).toMatchObject({ v: expect.stringMatching(/flags=d /) });
    a.execute(["MULTI"]);
    a.execute(["SET", "k", "2"]);
    expect(a.execute(["EXEC"])).toEqual({ t: "nullarray" });
    expect(c2.execute(["GET", "k"])).toEqual(b("1"));
    // The next transaction starts clean.
    a.execute(["MULTI"]);
    expect(a.execute(["EXEC"])).toEqual({ t: "array", v: [] });
  });

  it("is per database and cleared by UNWATCH, DISCARD and RESET", () => {
    const { server, a, c2 } = setup();
    a.execute(["WATCH", "k"]);
    c2.execute(["SELECT", "1"]);
    c2.execute(["SET", "k", "1"]);
    a.execute(["MULTI"]);
    expect(a.execute(["EXEC"])).toEqual({ t: "array", v: [] });
    for (const clear of [["UNWATCH"], ["RESET"]]) {
      a.execute(["WATCH", "k"]);
      a.execute(clear);
      a.execute(["SET", "k", "x"]);
      a.execute(["MULTI"]);
      expect(a.execute(["EXEC"])).toEqual({ t: "array", v: [] });
    }
    a.execute(["WATCH", "k"]);
    a.execute(["MULTI"]);
    a.execute(["DISCARD"]);
    c2.execute(["SELECT", "0"]);
    c2.execute(["SET", "k", "y"]);
    a.execute(["MULTI"]);
    expect(a.execute(["EXEC"])).toEqual({ t: "array", v: [] });
    // Nothing left in the registry once everyone unwatched.
    a.execute(["WATCH", "k"]);
    a.close();
    expect((server.watches as unknown as { byDb: Map<unknown, Map<string, unknown>> }).byDb.get(server.dbs[0])?.size).toBe(0);
  });

  it("aborts when a watched key expires before EXEC, not when it was already expired", () => {
    const { server, a } = setup();
    a.execute(["SET", "k", "v", "PX", "100"]);
    a.execute(["WATCH", "k"]);
    server.advance(200);
    a.execute(["MULTI"]);
    expect(a.execute(["EXEC"])).toEqual({ t: "nullarray" });
    a.execute(["DEBUG", "SET-ACTIVE-EXPIRE", "0"]);
    a.execute(["SET", "k", "v", "PX", "100"]);
    server.advance(200);
    a.execute(["WATCH", "k"]);
    expect(a.execute(["GET", "k"])).toEqual({ t: "null" });
    a.execute(["MULTI"]);
    expect(a.execute(["EXEC"])).toEqual({ t: "array", v: [] });
  });

  it("is touched by FLUSHALL and SWAPDB only when the key exists on either side", () => {
    const { a, c2 } = setup();
    a.execute(["WATCH", "k"]);
    c2.execute(["FLUSHALL"]);
    a.execute(["MULTI"]);
    expect(a.execute(["EXEC"])).toEqual({ t: "array", v: [] });
    c2.execute(["SET", "k", "1"]);
    a.execute(["WATCH", "k"]);
    c2.execute(["FLUSHDB"]);
    a.execute(["MULTI"]);
    expect(a.execute(["EXEC"])).toEqual({ t: "nullarray" });
    a.execute(["WATCH", "k"]);
    c2.execute(["SELECT", "1"]);
    c2.execute(["SET", "k", "1"]);
    c2.execute(["SWAPDB", "0", "1"]);
    a.execute(["MULTI"]);
    expect(a.execute(["EXEC"])).toEqual({ t: "nullarray" });
  });
});
