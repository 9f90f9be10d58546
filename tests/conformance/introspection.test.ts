/**
 * COMMAND against a real redis-server 7.0.15: COMMAND INFO (RESP2 and RESP3) and COMMAND DOCS
 * (RESP3, prose aside) for every command and subcommand the engine implements, whatever the
 * table holds when the suite runs; COMMAND GETKEYS / GETKEYSANDFLAGS on generated command
 * lines, both through the engine and — for every command Redis 7.0 has — through the key
 * spec evaluator directly, which cluster support will rely on.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { Differential, describeMismatches, type Case, type Mismatch } from "../support/differential";
import { decodeReply } from "../support/resp-client";
import { Gen, seeds } from "../support/random-commands";
import { exemptions } from "./exemptions";
import { encodeReply } from "../../engine/resp/encode";
import { keysReply } from "../../engine/commands/introspection";
import { COMMAND_META } from "../../engine/commands/meta.generated";
import { CommandTable, type Command, type CommandDef } from "../../engine/commands/table";
import type { ArgSpec } from "../../engine/commands/meta";
import { OK, type Reply } from "../../engine/reply";

let d: Differential;
beforeAll(async () => {
  d = await Differential.start();
  await d.both(["HELLO", "3"], "r3");
});
afterAll(async () => d?.stop());
beforeEach(async () => {
  for (const name of ["main", "r3"]) await d.session(name);
});

async function check(cases: (Case | string[])[]): Promise<void> {
  const ms = await d.compare(cases);
  expect(ms, describeMismatches(ms)).toEqual([]);
}

const engineCommands = (): Command[] => [...d.engine.commands.all()];
const realSubcommands = (cmd: Command): string[] => Object.keys(COMMAND_META[cmd.name].subcommands ?? {});
const complete = (cmd: Command): boolean => !cmd.subcommands || cmd.subcommands.size === realSubcommands(cmd).length;
const decode = (bytes: string): Reply => decodeReply(bytes, 0)!.reply;
const items = (r: Reply): readonly Reply[] => (r.t === "array" || r.t === "set" || r.t === "map" ? r.v : []);

describe("COMMAND INFO", () => {
  it("describes every implemented command and subcommand exactly, in RESP2 and RESP3", async () => {
    const cases: Case[] = [];
    for (const cmd of engineCommands()) {
      const names = [cmd.fullname, ...(cmd.subcommands ? [...cmd.subcommands.values()].map((s) => s.fullname) : [])];
      for (const name of names) {
        if (name === cmd.fullname && !complete(cmd)) continue; // compared field by field below
        for (const client of ["main", "r3"]) {
          cases.push({ cmd: ["COMMAND", "INFO", name], client, norm: exemptions.subcommandOrder });
          cases.push({ cmd: ["command", "info", name.toUpperCase()], client, norm: exemptions.subcommandOrder });
        }
      }
    }
    expect(cases.length).toBeGreaterThan(100);
    await check(cases);
  });

  it("describes a container whose subcommands are not all implemented yet, field by field", async () => {
    const partial = engineCommands().filter((c) => !complete(c));
    for (const cmd of partial) {
      for (const client of ["main", "r3"]) {
        const { engine, real } = await d.both(["COMMAND", "INFO", cmd.fullname], client);
        const resp = client === "r3" ? 3 : 2;
        const e = items(items(decode(engine))[0]);
        const r = items(items(decode(real))[0]);
        // Name, arity, flags, key range, ACL categories, tips, key specs: identical.
        for (let i = 0; i < 9; i++) expect(encodeReply(e[i], resp), `${cmd.fullname} field ${i}`).toBe(encodeReply(r[i], resp));
        // Each subcommand listed is one Redis lists, described the same way.
        const realSubs = new Map(items(r[9]).map((s) => [(items(s)[0] as { v: string }).v, encodeReply(s, resp)]));
        for (const s of items(e[9])) {
          const name = (items(s)[0] as { v: string }).v;
          expect(encodeReply(s, resp), name).toBe(realSubs.get(name));
        }
      }
    }
  });

  it("answers nil for unknown names and looks subcommands up by container|name", async () => {
    for (const client of ["main", "r3"]) {
      await check([
        ["GET", "nosuch", "client|nosuch", "get|x", "CLIENT|LIST", "config|get|x", "|", "", "client|"],
        ["COMMAND", "INFO", "nosuch"], ["COMMAND", "INFO", "get", "nosuch", "set"],
      ].map((a, i) => ({ cmd: i === 0 ? ["COMMAND", "INFO", ...a] : a, client })));
    }
  });
});

describe("COMMAND DOCS", () => {
  it("documents every implemented command like Redis, summaries aside (RESP3)", async () => {
    const norm = (r: Reply) => exemptions.subcommandOrder(exemptions.docsProse(r));
    const cases: Case[] = [];
    for (const cmd of engineCommands()) {
      const subs = cmd.subcommands ? [...cmd.subcommands.values()].map((s) => s.fullname) : [];
      if (complete(cmd)) cases.push({ cmd: ["COMMAND", "DOCS", cmd.fullname], client: "r3", norm });
      for (const s of subs) cases.push({ cmd: ["COMMAND", "DOCS", s], client: "r3", norm });
    }
    cases.push(
      { cmd: ["COMMAND", "DOCS", "get", "nosuch", "set", "client|list", "x|y"], client: "r3", norm },
      { cmd: ["COMMAND", "DOCS", "nosuch"], client: "r3", norm },
      { cmd: ["COMMAND", "DOCS", "GET"], client: "r3", norm },
    );
    await check(cases);
  });

  it("gives our own one-sentence summary for each command", async () => {
    const r = await d.engineOnly(["COMMAND", "DOCS", "get"], "r3");
    const doc = items(items(r)[1]);
    expect(doc[0]).toEqual({ t: "bulk", v: "summary" });
    expect(doc[1]).toEqual({ t: "bulk", v: d.engine.commands.get("get")!.summary });
  });
});

describe("COMMAND subcommands that depend only on Redis' rules", () => {
  it("LIST options, HELP and arity errors", async () => {
    await check([
      ["COMMAND", "LIST", "FILTERBY"], ["COMMAND", "LIST", "FILTERBY", "MODULE", "x"], ["COMMAND", "LIST", "FILTERBY", "ACLCAT", "x"],
      ["COMMAND", "LIST", "FILTERBY", "ACLCAT", "@connection"], ["COMMAND", "LIST", "FILTERBY", "foo", "x"], ["COMMAND", "LIST", "foo"],
      ["COMMAND", "LIST", "FILTERBY", "PATTERN", "a", "b"], ["COMMAND", "LIST", "FILTERBY", "PATTERN", "nosuch*"],
      ["COMMAND", "LIST", "FILTERBY", "PATTERN", "x", "FILTERBY", "PATTERN", "y"],
      ["COMMAND", "HELP"], ["command", "help", "x"], ["COMMAND", "COUNT", "x"], ["COMMAND", "foo"], ["COMMAND", "GETKEYS"],
      ["COMMAND", "GETKEYS", "get"], ["COMMAND", "GETKEYSANDFLAGS"],
    ]);
  });
});

// ---- Generated command lines ------------------------------------------------------------------

/** A plausible (sometimes wrong) command line for a command, from its documented arguments. */
function generate(g: Gen, fullname: string, args: readonly ArgSpec[] | undefined): string[] {
  const out = fullname.split("|");
  const gen = (list: readonly ArgSpec[] | undefined) => {
    for (const a of list ?? []) {
      if (a.flags?.includes("optional") && g.chance(0.5)) continue;
      const reps = a.flags?.includes("multiple") ? g.int(1, 3) : 1;
      for (let r = 0; r < reps; r++) {
        if (a.token && (r === 0 || a.flags?.includes("multiple_token"))) out.push(g.chance(0.9) ? a.token : a.token.toLowerCase());
        one(a);
      }
    }
  };
  const one = (a: ArgSpec) => {
    switch (a.type) {
      case "key":
        out.push(g.key());
        break;
      case "integer":
        out.push(g.chance(0.85) ? String(g.int(0, 4)) : g.num(-2, 9));
        break;
      case "double":
        out.push(String(g.int(0, 40) / 4));
        break;
      case "pure-token":
        break;
      case "oneof":
        if (a.arguments?.length) gen([{ ...g.pick(a.arguments), flags: [] }]);
        break;
      case "block":
        gen(a.arguments);
        break;
      default:
        out.push(g.pick(["v", "x", "STORE", "keys", "GET", "streams", "by", "limit", "0"]));
    }
  };
  gen(args);
  // Now and then a line with an argument too many or too few.
  if (g.chance(0.1)) out.push("extra");
  if (g.chance(0.05) && out.length > 2) out.pop();
  return out;
}

/** A table holding every command Redis 7.0 has, for evaluating key specs of any of them. */
const noop = () => OK;
const fullTable = new CommandTable(
  Object.entries(COMMAND_META).map(([name, m]): CommandDef => ({
    name,
    summary: "",
    handler: noop,
    subcommands: m.subcommands ? Object.keys(m.subcommands).map((s) => ({ name: s, summary: "", handler: noop })) : undefined,
  })),
);
function lookup(argv: string[]): Command | undefined {
  const base = fullTable.get(argv[0].toLowerCase());
  if (!base?.subcommands || argv.length < 2) return base;
  return base.subcommands.get(argv[1].toLowerCase());
}

describe("COMMAND GETKEYS and GETKEYSANDFLAGS", () => {
  it("hand-written edge cases", async () => {
    const lines = [
      ["get", "k"], ["GET", "k", "x"], ["nosuch", "k"], ["ping", "x"], ["set", "k", "v"], ["set", "k", "v", "GET"], ["set", "k"],
      ["set", "k", "v", "get", "EX", "1"], ["mset", "a", "1", "b", "2"], ["mset", "a", "1", "b"], ["client", "list"], ["client", "nosuch"],
      ["client"], ["config", "get", "x"], ["del", "a", "b", "c"], ["exists", "a"], ["rename", "a", "b"], ["copy", "a", "b", "DB", "1"],
      ["object", "encoding", "k"], ["object", "help"], ["lcs", "a", "b"], ["expire", "k", "1"], ["msetnx", "a", "1"], ["mget", "a"],
      ["getex", "k", "PERSIST"], ["move", "k", "1"], ["keys", "*"], ["scan", "0"], ["touch", "a", "b"], ["command", "info"],
    ];
    const cases: { cmd: string[]; client?: string }[] = [];
    for (const l of lines) {
      cases.push({ cmd: ["COMMAND", "GETKEYS", ...l] }, { cmd: ["COMMAND", "GETKEYSANDFLAGS", ...l] });
      cases.push({ cmd: ["COMMAND", "GETKEYSANDFLAGS", ...l], client: "r3" });
    }
    // Only commands the engine has: for the others it rightly answers "Invalid command".
    await check(cases.filter((c) => c.cmd[2] === "nosuch" || d.engine.commands.get(c.cmd[2].toLowerCase()) !== undefined));
  });

  for (const seed of seeds(2)) {
    it(`generated lines for every implemented command (seed ${seed})`, async () => {
      const g = new Gen(seed);
      const cases: Case[] = [];
      for (const cmd of engineCommands()) {
        const targets = cmd.subcommands ? [...cmd.subcommands.values()] : [cmd];
        for (const t of targets) {
          for (let i = 0; i < 6; i++) {
            const line = generate(g, t.fullname, t.meta.arguments);
            cases.push({ cmd: ["COMMAND", g.chance(0.5) ? "GETKEYS" : "GETKEYSANDFLAGS", ...line], client: g.pick(["main", "r3"]) });
          }
        }
      }
      await check(cases);
    });
  }

  for (const seed of seeds(2, 2000)) {
    it(`the key spec evaluator agrees with Redis on every 7.0 command (seed ${seed})`, async () => {
      const g = new Gen(seed);
      const mismatches: Mismatch[] = [];
      let withKeys = 0;
      const s = await d.session("r3");
      for (const cmd of fullTable.all()) {
        const targets = cmd.subcommands ? [...cmd.subcommands.values()] : [cmd];
        for (const t of targets) {
          for (let i = 0; i < 5; i++) {
            const line = generate(g, t.fullname, t.meta.arguments);
            // COMMAND GETKEYSANDFLAGS itself needs a command and at least one argument.
            if (line.length < 2) continue;
            const real = (await s.real.call("COMMAND", "GETKEYSANDFLAGS", ...line)).bytes;
            const engine = encodeReply(keysReply(lookup(line), line, true), 3);
            if (engine !== real) mismatches.push({ client: "evaluator", cmd: line, engine, real });
            if (real.startsWith("*") && real !== "*0\r\n") withKeys++;
          }
        }
      }
      expect(mismatches, describeMismatches(mismatches)).toEqual([]);
      // Most generated lines are well formed enough for Redis to find keys in them.
      expect(withKeys).toBeGreaterThan(600);
    });
  }
});
