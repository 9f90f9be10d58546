import { describe, expect, it } from "vitest";
import { createServer } from "../../engine/server";
import type { Client } from "../../engine/client";
import type { Reply } from "../../engine/reply";

/** A client whose pushes are collected as plain values. */
function listener(server: ReturnType<typeof createServer>): { c: Client; got: unknown[] } {
  const c = server.connect();
  const got: unknown[] = [];
  c.onPush = (r) => got.push(plain(r));
  return { c, got };
}

function plain(r: Reply): unknown {
  if ("v" in r && Array.isArray(r.v)) return (r.v as Reply[]).map(plain);
  if (r.t === "null" || r.t === "nullarray") return null;
  return "v" in r ? r.v : null;
}

describe("pubsub (engine)", () => {
  it("subscribe confirms each channel; all but the last come as pushes", () => {
    const s = createServer();
    const { c, got } = listener(s);
    const last = c.execute(["SUBSCRIBE", "a", "b", "a"]);
    expect(got).toEqual([["subscribe", "a", 1], ["subscribe", "b", 2]]);
    expect(last.t).toBe("push");
    expect(plain(last)).toEqual(["subscribe", "a", 2]);
  });

  it("publish fans out to channels and patterns and counts receivers", () => {
    const s = createServer();
    const a = listener(s);
    const b = listener(s);
    const p = s.connect();
    a.c.execute(["SUBSCRIBE", "news"]);
    b.c.execute(["PSUBSCRIBE", "n*"]);
    expect(p.execute(["PUBLISH", "news", "hi"])).toEqual({ t: "int", v: 2 });
    expect(a.got).toEqual([["message", "news", "hi"]]);
    expect(b.got).toEqual([["pmessage", "n*", "news", "hi"]]);
    expect(p.execute(["PUBLISH", "other", "x"])).toEqual({ t: "int", v: 0 });
  });

  it("RESP2 subscribed mode rejects other commands; PING replies as an array", () => {
    const s = createServer();
    const { c } = listener(s);
    c.execute(["SUBSCRIBE", "x"]);
    const r = c.execute(["GET", "k"]);
    expect(r.t).toBe("error");
    expect(plain(r)).toMatch(/^ERR Can't execute 'get': only \(P\|S\)SUBSCRIBE/);
    expect(plain(c.execute(["PING"]))).toEqual(["pong", ""]);
    c.execute(["UNSUBSCRIBE"]);
    expect(c.execute(["GET", "k"])).toEqual({ t: "null" });
  });

  it("unsubscribe with nothing subscribed answers with a null channel", () => {
    const s = createServer();
    const { c } = listener(s);
    expect(plain(c.execute(["PUNSUBSCRIBE"]))).toEqual(["punsubscribe", null, 0]);
  });

  it("disconnect and RESET drop every subscription", () => {
    const s = createServer();
    const a = listener(s);
    const b = listener(s);
    a.c.execute(["SUBSCRIBE", "c"]);
    a.c.execute(["SSUBSCRIBE", "s"]);
    b.c.execute(["PSUBSCRIBE", "*"]);
    a.c.close();
    b.c.execute(["RESET"]);
    const p = s.connect();
    expect(p.execute(["PUBLISH", "c", "m"])).toEqual({ t: "int", v: 0 });
    expect(p.execute(["SPUBLISH", "s", "m"])).toEqual({ t: "int", v: 0 });
    expect(p.execute(["PUBSUB", "NUMPAT"])).toEqual({ t: "int", v: 0 });
  });

  it("keyspace notifications follow notify-keyspace-events", () => {
    const s = createServer();
    const { c, got } = listener(s);
    c.execute(["PSUBSCRIBE", "__key*__:*"]);
    const w = s.connect();
    w.execute(["SET", "k", "v"]);
    expect(got).toEqual([]);
    w.execute(["CONFIG", "SET", "notify-keyspace-events", "KEA"]);
    w.execute(["SET", "k", "v"]);
    expect(got).toEqual([
      ["pmessage", "__key*__:*", "__keyspace@0__:k", "set"],
      ["pmessage", "__key*__:*", "__keyevent@0__:set", "k"],
    ]);
    got.length = 0;
    w.execute(["SET", "e", "v", "PX", "10"]);
    got.length = 0;
    s.advance(20);
    w.execute(["GET", "e"]);
    expect(got).toContainEqual(["pmessage", "__key*__:*", "__keyevent@0__:expired", "e"]);
  });
});
