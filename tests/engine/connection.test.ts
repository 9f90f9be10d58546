import { beforeEach, describe, expect, it } from "vitest";
import { createServer, type Server } from "../../engine/server";
import type { Client } from "../../engine/client";
import type { Reply } from "../../engine/reply";

let server: Server;
let c: Client;
const run = (...argv: string[]): Reply => c.execute(argv);
const int = (v: number) => ({ t: "int", v });
const bulk = (v: string) => ({ t: "bulk", v });
const simple = (v: string) => ({ t: "simple", v });
const error = (v: string) => ({ t: "error", v });
const OK = simple("OK");
const NOAUTH = error("NOAUTH Authentication required.");

/** CLIENT LIST / CLIENT INFO text, whether it came as a bulk (RESP2) or verbatim (RESP3) reply. */
const text = (r: Reply): string => {
  if (r.t !== "bulk" && r.t !== "verbatim") throw new Error(`not text: ${JSON.stringify(r)}`);
  return r.v;
};
/** One CLIENT LIST line as field → value. */
const fields = (line: string): Record<string, string> =>
  Object.fromEntries(line.trim().split(" ").map((kv) => [kv.slice(0, kv.indexOf("=")), kv.slice(kv.indexOf("=") + 1)]));

beforeEach(() => {
  server = createServer();
  c = server.connect();
});

describe("PING, ECHO, QUIT", () => {
  it("PING answers PONG or its argument; ECHO its argument, byte for byte", () => {
    expect(run("PING")).toEqual(simple("PONG"));
    expect(run("PING", "a\x00b")).toEqual(bulk("a\x00b"));
    expect(run("PING", "a", "b")).toEqual(error("ERR wrong number of arguments for 'ping' command"));
    expect(run("ECHO", "\r\n\xff")).toEqual(bulk("\r\n\xff"));
  });

  it("QUIT replies OK and asks the host to close the connection", () => {
    expect(c.closeAfterReply).toBe(false);
    expect(run("QUIT")).toEqual(OK);
    expect(c.closeAfterReply).toBe(true);
  });
});

describe("SELECT", () => {
  it("moves the connection to another database", () => {
    run("SET", "k", "zero");
    expect(run("SELECT", "15")).toEqual(OK);
    expect(c.db).toBe(server.dbs[15]);
    expect(run("GET", "k")).toEqual({ t: "null" });
  });

  it("refuses what is not a database index", () => {
    expect(run("SELECT", "16")).toEqual(error("ERR DB index is out of range"));
    expect(run("SELECT", "-1")).toEqual(error("ERR DB index is out of range"));
    expect(run("SELECT", "x")).toEqual(error("ERR value is not an integer or out of range"));
    expect(run("SELECT", "2147483648")).toEqual(error("ERR value is out of range, value must between -2147483648 and 2147483647"));
    expect(c.db).toBe(server.dbs[0]);
  });

  it("only allows database 0 in cluster mode", () => {
    server = createServer({ config: { "cluster-enabled": "yes" } });
    c = server.connect();
    expect(run("SELECT", "0")).toEqual(OK);
    expect(run("SELECT", "1")).toEqual(error("ERR SELECT is not allowed in cluster mode"));
  });
});

describe("HELLO", () => {
  it("switches the protocol and describes the server", () => {
    const r = run("HELLO", "3", "SETNAME", "tab1");
    expect(r).toEqual({
      t: "map",
      v: [
        bulk("server"), bulk("redis"), bulk("version"), bulk("7.0.15"), bulk("proto"), int(3), bulk("id"), int(c.id),
        bulk("mode"), bulk("standalone"), bulk("role"), bulk("master"), bulk("modules"), { t: "array", v: [] },
      ],
    });
    expect(c.resp).toBe(3);
    expect(c.name).toBe("tab1");
    run("HELLO", "2");
    expect(c.resp).toBe(2);
  });

  it("keeps the protocol when refused, but a name set before the refusal stays", () => {
    expect(run("HELLO", "3", "SETNAME", "early", "BOGUS")).toEqual(error("ERR Syntax error in HELLO option 'BOGUS'"));
    expect(c.resp).toBe(2);
    expect(c.name).toBe("early");
    expect(run("HELLO", "4")).toEqual(error("NOPROTO unsupported protocol version"));
    expect(run("HELLO", "x")).toEqual(error("ERR Protocol version is not an integer or out of range"));
  });
});

describe("AUTH and requirepass", () => {
  it("without a password, AUTH with a username succeeds and the short form explains why it cannot", () => {
    expect(run("AUTH", "default", "anything")).toEqual(OK);
    expect(run("AUTH", "pw")).toEqual(
      error("ERR AUTH <password> called without any password configured for the default user. Are you sure your configuration is correct?"),
    );
    expect(run("AUTH", "bob", "pw")).toEqual(error("WRONGPASS invalid username-password pair or user is disabled."));
  });

  it("with requirepass, new connections must authenticate; existing ones stay in", () => {
    expect(run("CONFIG", "SET", "requirepass", "s3cret")).toEqual(OK);
    expect(run("PING")).toEqual(simple("PONG"));
    const guest = server.connect();
    expect(guest.authenticated).toBe(false);
    expect(guest.execute(["GET", "k"])).toEqual(NOAUTH);
    expect(guest.execute(["nosuch"]).t).toBe("error");
    expect(guest.execute(["HELLO", "3"])).toEqual(
      error(
        "NOAUTH HELLO must be called with the client already authenticated, otherwise the HELLO AUTH <user> <pass> option can be used to authenticate the client and select the RESP protocol version at the same time",
      ),
    );
    expect(guest.resp).toBe(2);
    expect(guest.execute(["AUTH", "wrong"])).toEqual(error("WRONGPASS invalid username-password pair or user is disabled."));
    expect(guest.execute(["AUTH", "s3cret"])).toEqual(OK);
    expect(guest.execute(["GET", "k"])).toEqual({ t: "null" });
    // RESET logs the connection out again.
    expect(guest.execute(["RESET"])).toEqual(simple("RESET"));
    expect(guest.execute(["PING"])).toEqual(NOAUTH);
    expect(guest.execute(["HELLO", "3", "AUTH", "default", "s3cret"]).t).toBe("map");
    expect(guest.resp).toBe(3);
    // Clearing the password lets everyone in at once.
    const late = server.connect();
    run("CONFIG", "SET", "requirepass", "");
    expect(late.execute(["PING"])).toEqual(simple("PONG"));
  });

  it("counts refused commands as rejected", () => {
    run("CONFIG", "SET", "requirepass", "pw");
    const guest = server.connect();
    const before = server.stats.rejectedCalls;
    guest.execute(["GET", "k"]);
    expect(server.stats.rejectedCalls).toBe(before + 1);
    expect(server.stats.commands.get("get")?.rejectedCalls).toBe(1);
  });
});

describe("RESET", () => {
  it("brings back database 0, RESP2, no name; keeps CLIENT NO-EVICT as 7.0 does", () => {
    run("SELECT", "3");
    run("HELLO", "3", "SETNAME", "x");
    run("CLIENT", "NO-EVICT", "on");
    expect(run("RESET")).toEqual(simple("RESET"));
    expect(c.db).toBe(server.dbs[0]);
    expect(c.resp).toBe(2);
    expect(run("CLIENT", "GETNAME")).toEqual({ t: "null" });
    expect(fields(text(run("CLIENT", "INFO"))).flags).toBe("e");
  });
});

describe("CLIENT", () => {
  it("ID, SETNAME and GETNAME", () => {
    expect(run("CLIENT", "ID")).toEqual(int(c.id));
    expect(run("CLIENT", "SETNAME", "a b")).toEqual(error("ERR Client names cannot contain spaces, newlines or special characters."));
    expect(run("CLIENT", "SETNAME", "worker-1")).toEqual(OK);
    expect(run("CLIENT", "GETNAME")).toEqual(bulk("worker-1"));
    expect(run("CLIENT", "SETNAME", "")).toEqual(OK);
    expect(run("CLIENT", "GETNAME")).toEqual({ t: "null" });
  });

  it("LIST shows every connection with ages and idle times from the instance clock", () => {
    const other = server.connect({ addr: "10.0.0.7:5555", name: "other" });
    other.execute(["SELECT", "2"]);
    server.advance(90_000);
    run("PING");
    server.advance(5_000);
    const lines = text(run("CLIENT", "LIST")).split("\n");
    expect(lines.at(-1)).toBe("");
    const [me, them] = lines.slice(0, -1).map(fields);
    expect(Object.keys(me)).toEqual([
      "id", "addr", "laddr", "fd", "name", "age", "idle", "flags", "db", "sub", "psub", "ssub", "multi", "qbuf", "qbuf-free",
      "argv-mem", "multi-mem", "rbs", "rbp", "obl", "oll", "omem", "tot-mem", "events", "cmd", "user", "redir", "resp",
    ]);
    expect(me).toMatchObject({ id: String(c.id), age: "95", idle: "0", cmd: "client|list", qbuf: "26", "argv-mem": "10", db: "0" });
    expect(them).toMatchObject({ addr: "10.0.0.7:5555", name: "other", age: "95", idle: "95", cmd: "select", db: "2", qbuf: "0" });
  });

  it("LIST records NULL for an unknown command and the command itself for an arity error", () => {
    const other = server.connect();
    other.execute(["nosuch"]);
    expect(fields(text(run("CLIENT", "LIST", "ID", String(other.id)))).cmd).toBe("NULL");
    other.execute(["GET"]);
    expect(fields(text(run("CLIENT", "LIST", "ID", String(other.id)))).cmd).toBe("get");
    other.execute(["CLIENT", "nosuch"]);
    expect(fields(text(run("CLIENT", "LIST", "ID", String(other.id)))).cmd).toBe("NULL");
  });

  it("LIST filters by type and id; INFO describes the caller in RESP3 as verbatim text", () => {
    const other = server.connect();
    expect(text(run("CLIENT", "LIST", "TYPE", "pubsub"))).toBe("");
    expect(text(run("CLIENT", "LIST", "TYPE", "normal")).split("\n").length).toBe(3);
    expect(run("CLIENT", "LIST", "TYPE", "bogus")).toEqual(error("ERR Unknown client type 'bogus'"));
    const byId = text(run("CLIENT", "LIST", "ID", String(other.id), "999", String(other.id)));
    expect(byId.split("\n").filter(Boolean).map((l) => fields(l).id)).toEqual([String(other.id), String(other.id)]);
    expect(run("CLIENT", "LIST", "ID", "x")).toEqual(error("ERR Invalid client ID"));
    run("HELLO", "3");
    const info = run("CLIENT", "INFO");
    expect(info.t).toBe("verbatim");
    expect(fields(text(info))).toMatchObject({ resp: "3", cmd: "client|info" });
  });

  it("KILL closes the matching connections through the host's hook", () => {
    const killed: number[] = [];
    const a = server.connect({ addr: "10.0.0.1:1" });
    const b = server.connect({ addr: "10.0.0.2:2" });
    a.onKill = () => killed.push(a.id);
    b.onKill = () => killed.push(b.id);
    expect(run("CLIENT", "KILL", "10.0.0.1:1")).toEqual(OK);
    expect(killed).toEqual([a.id]);
    expect(a.closed).toBe(true);
    expect(server.clients.has(a.id)).toBe(false);
    expect(run("CLIENT", "KILL", "10.0.0.1:1")).toEqual(error("ERR No such client"));
    expect(run("CLIENT", "KILL", "TYPE", "normal")).toEqual(int(1));
    expect(killed).toEqual([a.id, b.id]);
    expect(c.closeAfterReply).toBe(false);
    expect(run("CLIENT", "KILL", "ID", String(c.id), "SKIPME", "no")).toEqual(int(1));
    expect(c.closeAfterReply).toBe(true);
  });

  it("HELP lists the subcommands", () => {
    const r = run("CLIENT", "HELP");
    expect(r.t).toBe("array");
    expect((r as { v: readonly Reply[] }).v[0]).toEqual(simple("CLIENT <subcommand> [<arg> [value] [opt] ...]. Subcommands are:"));
  });
});
