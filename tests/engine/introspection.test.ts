import { beforeEach, describe, expect, it } from "vitest";
import { createServer, type Server } from "../../engine/server";
import type { Client } from "../../engine/client";
import type { Reply } from "../../engine/reply";
import { commandInfo } from "../../engine/commands/introspection";
import { getKeys, keysFromSpecs } from "../../engine/commands/keyspecs";
import { COMMAND_META } from "../../engine/commands/meta.generated";
import type { Command } from "../../engine/commands/table";

let server: Server;
let c: Client;
const run = (...argv: string[]): Reply => c.execute(argv);
const error = (v: string) => ({ t: "error", v });
const list = (r: Reply): readonly Reply[] => {
  if (r.t !== "array" && r.t !== "map" && r.t !== "set") throw new Error(`not a list: ${JSON.stringify(r)}`);
  return r.v;
};
const strings = (r: Reply): string[] => list(r).map((x) => (x as { v: string }).v);

/** Every command and subcommand name in the table, as COMMAND LIST spells them. */
function tableNames(s: Server): string[] {
  const out: string[] = [];
  for (const cmd of s.commands.all()) {
    out.push(cmd.fullname);
    for (const sub of cmd.subcommands?.values() ?? []) out.push(sub.fullname);
  }
  return out;
}

beforeEach(() => {
  server = createServer();
  c = server.connect();
});

describe("COMMAND, COMMAND COUNT, COMMAND LIST", () => {
  it("report exactly what the table holds", () => {
    expect(run("COMMAND", "COUNT")).toEqual({ t: "int", v: server.commands.size });
    const all = list(run("COMMAND"));
    expect(all.length).toBe(server.commands.size);
    expect(all).toEqual([...server.commands.all()].map(commandInfo));
    expect(run("COMMAND", "INFO")).toEqual(run("COMMAND"));
    expect(strings(run("COMMAND", "LIST"))).toEqual(tableNames(server));
  });

  it("LIST filters by ACL category and by pattern, case-insensitively", () => {
    const connection = strings(run("COMMAND", "LIST", "FILTERBY", "ACLCAT", "CONNECTION"));
    const expected = tableNames(server).filter((n) => {
      const [base, sub] = n.split("|");
      const cmd = sub ? server.commands.get(base)!.subcommands!.get(sub)! : server.commands.get(base)!;
      return cmd.meta.acl.includes("@connection");
    });
    expect(connection).toEqual(expected);
    expect(connection).toContain("client|setname");
    expect(connection).toContain("ping");
    expect(strings(run("COMMAND", "LIST", "FILTERBY", "PATTERN", "CONFIG*"))).toEqual([
      "config", "config|get", "config|set", "config|resetstat", "config|rewrite", "config|help",
    ]);
    expect(strings(run("COMMAND", "LIST", "FILTERBY", "MODULE", "json"))).toEqual([]);
    expect(run("COMMAND", "LIST", "FILTERBY", "NAME", "x")).toEqual(error("ERR syntax error"));
  });

  it("INFO follows the table as commands are looked up: by name, by container|sub, nil otherwise", () => {
    const r = list(run("COMMAND", "INFO", "GET", "config|get", "nosuch", "client|nosuch"));
    expect(strings({ t: "array", v: list(r[0]).slice(0, 1) })).toEqual(["get"]);
    expect((list(r[1])[0] as { v: string }).v).toBe("config|get");
    expect(r[2]).toEqual({ t: "null" });
    expect(r[3]).toEqual({ t: "null" });
  });

  it("DOCS carries our summary and Redis' facts", () => {
    const docs = list(run("COMMAND", "DOCS", "config"));
    expect((docs[0] as { v: string }).v).toBe("config");
    const fields = list(docs[1]);
    const get = (k: string) => fields[fields.findIndex((f) => (f as { v: string }).v === k) + 1];
    expect(get("summary")).toEqual({ t: "bulk", v: server.commands.get("config")!.summary });
    expect(get("group")).toEqual({ t: "bulk", v: "server" });
    expect(strings(get("subcommands")).filter((_, i) => i % 2 === 0)).toEqual([
      "config|get", "config|set", "config|resetstat", "config|rewrite", "config|help",
    ]);
    expect(list(run("COMMAND", "DOCS", "nosuch"))).toEqual([]);
  });

  it("every command in the table has a one-sentence summary of our own", () => {
    for (const cmd of server.commands.all()) {
      for (const x of [cmd, ...(cmd.subcommands?.values() ?? [])]) {
        expect(x.summary, x.fullname).toMatch(/^[A-Z].*\.$/);
      }
    }
  });
});

describe("COMMAND GETKEYS", () => {
  it("finds keys through the table and explains what it cannot", () => {
    expect(strings(run("COMMAND", "GETKEYS", "MSET", "a", "1", "b", "2"))).toEqual(["a", "b"]);
    expect(run("COMMAND", "GETKEYS", "nosuch", "x")).toEqual(error("ERR Invalid command specified"));
    expect(run("COMMAND", "GETKEYS", "ping", "x")).toEqual(error("ERR The command has no key arguments"));
    expect(run("COMMAND", "GETKEYS", "get", "a", "b")).toEqual(error("ERR Invalid number of arguments specified for command"));
    const withFlags = list(run("COMMAND", "GETKEYSANDFLAGS", "SET", "k", "v", "GET"));
    expect(withFlags).toEqual([{ t: "array", v: [{ t: "bulk", v: "k" }, { t: "set", v: ["RW", "access", "update"].map((v) => ({ t: "simple", v })) }] }]);
  });
});

/** A command as the table would build it, for any command Redis 7.0 has. */
const commandOf = (name: string): Command => ({ name, fullname: name, meta: COMMAND_META[name], summary: "" });
const positions = (name: string, line: string) => getKeys(commandOf(name), line.split(" ")).map((k) => k.pos);

describe("the key spec evaluator", () => {
  it("reads index, keyword, range and keynum specs", () => {
    expect(positions("mset", "mset a 1 b 2")).toEqual([1, 3]);
    expect(positions("zunionstore", "zunionstore d 2 a b WEIGHTS 1 2")).toEqual([1, 3, 4]);
    expect(positions("georadius", "georadius k 0 0 1 m STORE d")).toEqual([1, 7]);
    expect(positions("xread", "xread COUNT 1 STREAMS a b 0 0")).toEqual([4, 5]);
    expect(positions("migrate", "migrate h p  0 5 KEYS a b")).toEqual([7, 8]);
  });

  it("falls back to the command's own rules where specs are incomplete or ambiguous", () => {
    expect(positions("sort", "sort k BY w GET g LIMIT 0 1 STORE dst")).toEqual([1, 10]);
    expect(positions("eval", "eval s 0")).toEqual([]);
    expect(positions("zunionstore", "zunionstore d 3 a b")).toEqual([]);
    expect(getKeys(commandOf("set"), ["set", "k", "v"])[0].flags).toEqual(["OW", "update"]);
    expect(getKeys(commandOf("bitfield"), ["bitfield", "k", "GET", "u8", "0"])[0].flags).toEqual(["RO", "access"]);
  });

  it("refuses a spec it cannot evaluate instead of guessing", () => {
    const spec = COMMAND_META.zunionstore.keySpecs;
    expect(keysFromSpecs(spec, ["zunionstore", "d", "x", "a"])).toBeNull();
    expect(keysFromSpecs(spec, ["zunionstore", "d", "5", "a"])).toBeNull();
    expect(keysFromSpecs(COMMAND_META.sort.keySpecs, ["sort", "k"])).toBeNull();
  });
});
