import { describe, expect, it } from "vitest";
import { createServer } from "../../engine/server";
import { RespSession } from "../../engine/resp/session";
import { push, bulk } from "../../engine/reply";

const cmd = (...argv: string[]) => `*${argv.length}\r\n${argv.map((a) => `$${a.length}\r\n${a}\r\n`).join("")}`;

/** A session over an in-memory transport that records every write and how it closed. */
function open(config: Record<string, string> = {}, maxQueryBuffer?: number) {
  const server = createServer({ config });
  const client = server.connect();
  const t = { writes: [] as string[], ended: false, destroyed: false };
  const session = new RespSession(
    client,
    { write: (b) => void t.writes.push(b), end: () => void (t.ended = true), destroy: () => void (t.destroyed = true) },
    { maxQueryBuffer },
  );
  return { server, client, session, t };
}

describe("RespSession", () => {
  it("answers every command of a chunk in one write, in order", () => {
    const { session, t } = open();
    session.receive(cmd("SET", "k", "v") + cmd("GET", "k") + "PING\r\n" + cmd("GET", "nokey"));
    expect(t.writes).toEqual(["+OK\r\n$1\r\nv\r\n+PONG\r\n$-1\r\n"]);
    expect(t.ended || t.destroyed).toBe(false);
  });

  it("waits for the rest of a split command and writes nothing meanwhile", () => {
    const { session, t } = open();
    const s = cmd("ECHO", "hello");
    session.receive(s.slice(0, 9));
    expect(t.writes).toEqual([]);
    session.receive(s.slice(9));
    expect(t.writes).toEqual(["$5\r\nhello\r\n"]);
  });

  it("answers a protocol error after the earlier replies, then closes and ignores the rest", () => {
    const { server, session, t } = open();
    session.receive(cmd("SET", "a", "1") + "*1\r\nx\r\n" + cmd("SET", "b", "2"));
    expect(t.writes).toEqual(["+OK\r\n-ERR Protocol error: expected '$', got 'x'\r\n"]);
    expect(t.ended).toBe(true);
    expect(server.dbs[0].dict.get("b")).toBeUndefined();
    session.receive(cmd("PING"));
    expect(t.writes.length).toBe(1);
  });

  it("stops after a command that closes the connection once answered", () => {
    const { client, session, t } = open();
    session.receive(cmd("PING"));
    client.closeAfterReply = true;
    session.receive(cmd("ECHO", "last") + cmd("PING"));
    expect(t.writes).toEqual(["+PONG\r\n", "$4\r\nlast\r\n"]);
    expect(t.ended).toBe(true);
  });

  it("drops an HTTP request (POST / Host:) without a reply, even replies not yet sent", () => {
    for (const line of ["POST / HTTP/1.1\r\n", "Host: example.com\r\n", cmd("post"), cmd("HOST:", "x")]) {
      const { session, t } = open();
      session.receive(cmd("PING") + line + cmd("PING"));
      expect(t.writes, JSON.stringify(line)).toEqual([]);
      expect(t.destroyed).toBe(true);
    }
  });

  it("applies CONFIG-visible proto-max-bulk-len from the instance", () => {
    const { session, t } = open({ "proto-max-bulk-len": "1048576" });
    session.receive("*1\r\n$1048577\r\n");
    expect(t.writes).toEqual(["-ERR Protocol error: invalid bulk length\r\n"]);
  });

  it("holds clients to small requests before AUTH when a password is set", () => {
    const { session, t } = open({ requirepass: "secret" });
    session.receive("*11\r\n");
    expect(t.writes).toEqual(["-ERR Protocol error: unauthenticated multibulk length\r\n"]);
  });

  it("drops a connection whose query buffer passes the limit", () => {
    const { session, t } = open({}, 1000);
    session.receive(cmd("PING") + "*1\r\n$5000\r\n" + "x".repeat(990));
    expect(t.writes).toEqual([]);
    expect(t.destroyed).toBe(true);
  });

  it("writes pushes between reads on their own, coalesced per turn, and inline with replies", async () => {
    const { client, session, t } = open();
    client.push(push([bulk("message"), bulk("ch"), bulk("1")]));
    client.push(push([bulk("message"), bulk("ch"), bulk("2")]));
    expect(t.writes).toEqual([]);
    await Promise.resolve();
    expect(t.writes).toEqual(["*3\r\n$7\r\nmessage\r\n$2\r\nch\r\n$1\r\n1\r\n*3\r\n$7\r\nmessage\r\n$2\r\nch\r\n$1\r\n2\r\n"]);
    client.resp = 3;
    session.receive(cmd("PING"));
    expect(t.writes[1]).toBe("+PONG\r\n");
  });

  it("lets a killed client finish its own reply, and drops one killed from outside", () => {
    const a = open();
    a.client.onKill!();
    expect(a.t.destroyed).toBe(true);
    const b = open();
    b.server.execute = (c, argv) => {
      c.onKill!();
      return bulk(argv[0]);
    };
    b.session.receive(cmd("X") + cmd("Y"));
    expect(b.t.writes).toEqual(["$1\r\nX\r\n"]);
    expect(b.t.ended).toBe(true);
  });

  it("leaves the instance when the transport closes", () => {
    const { server, client, session } = open();
    expect(server.clients.has(client.id)).toBe(true);
    session.disconnected();
    expect(server.clients.has(client.id)).toBe(false);
  });
});
