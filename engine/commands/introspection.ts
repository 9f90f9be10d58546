/**
 * COMMAND and its subcommands, answered from the command table itself: what the engine
 * implements is exactly what COMMAND reports, with the facts Redis 7.0 declares for each
 * command (meta.generated.ts) and our own summaries.
 */
import type { Client } from "../client";
import { E } from "../errors";
import { arr, bulk, int, map, NULL, set, simple, type Reply } from "../reply";
import { globMatch } from "../util/glob";
import { is } from "./args";
import { helpReply } from "./clients";
import { commandHasKeys, getKeys } from "./keyspecs";
import type { ArgSpec, KeySpec } from "./meta";
import type { Command, CommandDef, CommandTable } from "./table";

// ---- COMMAND INFO ------------------------------------------------------------------------------

function keySpecReply(ks: KeySpec): Reply {
  const fields: Reply[] = [];
  if (ks.notes !== undefined) fields.push(bulk("notes"), bulk(ks.notes));
  fields.push(bulk("flags"), set(ks.flags.map(simple)));
  const { type: bsType, ...bsSpec } = ks.begin_search;
  fields.push(bulk("begin_search"), map([bulk("type"), bulk(bsType), bulk("spec"), specReply(bsSpec)]));
  const { type: fkType, ...fkSpec } = ks.find_keys;
  fields.push(bulk("find_keys"), map([bulk("type"), bulk(fkType), bulk("spec"), specReply(fkSpec)]));
  return map(fields);
}

/** A spec's parameters in the order Redis declares them (the generated facts keep it). */
const specReply = (spec: Record<string, string | number>): Reply =>
  map(Object.entries(spec).flatMap(([k, v]) => [bulk(k), typeof v === "number" ? int(v) : bulk(v)]));

/** One COMMAND INFO entry: name, arity, flags, legacy key range, ACL, tips, key specs, subcommands. */
export function commandInfo(cmd: Command): Reply {
  const m = cmd.meta;
  return arr([
    bulk(cmd.fullname),
    int(m.arity),
    set(m.flags.map(simple)),
    int(m.firstKey),
    int(m.lastKey),
    int(m.step),
    set(m.acl.map(simple)),
    set(m.tips.map(bulk)),
    // Redis 7.0 sends the key specs as a set, and the subcommands as an array, or an empty
    // set when there are none.
    set(m.keySpecs.map(keySpecReply)),
    cmd.subcommands ? arr([...cmd.subcommands.values()].map(commandInfo)) : set([]),
  ]);
}

// ---- COMMAND DOCS ------------------------------------------------------------------------------

function argReply(a: ArgSpec): Reply {
  const f: Reply[] = [bulk("name"), bulk(a.name), bulk("type"), bulk(a.type)];
  if (a.display_text !== undefined) f.push(bulk("display_text"), bulk(a.display_text));
  if (a.key_spec_index !== undefined) f.push(bulk("key_spec_index"), int(a.key_spec_index));
  if (a.token !== undefined) f.push(bulk("token"), bulk(a.token));
  if (a.since !== undefined) f.push(bulk("since"), bulk(a.since));
  if (a.deprecated_since !== undefined) f.push(bulk("deprecated_since"), bulk(a.deprecated_since));
  if (a.flags?.length) f.push(bulk("flags"), set(a.flags.map(simple)));
  if (a.type === "oneof" || a.type === "block") f.push(bulk("arguments"), arr((a.arguments ?? []).map(argReply)));
  return map(f);
}

/** One COMMAND DOCS entry, its fields in Redis' order. History is prose and is not kept. */
export function commandDocs(cmd: Command): Reply {
  const m = cmd.meta;
  const f: Reply[] = [bulk("summary"), bulk(cmd.summary)];
  if (m.since) f.push(bulk("since"), bulk(m.since));
  f.push(bulk("group"), bulk(m.group));
  if (m.complexity !== undefined) f.push(bulk("complexity"), bulk(m.complexity));
  if (m.docFlags?.length) f.push(bulk("doc_flags"), set(m.docFlags.map(simple)));
  if (m.deprecatedSince !== undefined) f.push(bulk("deprecated_since"), bulk(m.deprecatedSince));
  if (m.replacedBy !== undefined) f.push(bulk("replaced_by"), bulk(m.replacedBy));
  if (m.arguments?.length) f.push(bulk("arguments"), arr(m.arguments.map(argReply)));
  if (cmd.subcommands) {
    f.push(bulk("subcommands"), map([...cmd.subcommands.values()].flatMap((s) => [bulk(s.fullname), commandDocs(s)])));
  }
  return map(f);
}

// ---- Lookups -------------------------------------------------------------------------------------

/** server.c lookupCommandBySds: "get", or "config|get" for a subcommand; any case. */
export function commandByName(table: CommandTable, name: string): Command | undefined {
  const parts = name.toLowerCase().split("|");
  if (parts.length > 2) return undefined;
  const base = table.get(parts[0]);
  if (parts.length === 1) return base;
  return base?.subcommands?.get(parts[1]);
}

/** Every command and subcommand, containers first, as COMMAND LIST walks them. */
function* everyCommand(table: CommandTable): Generator<Command> {
  for (const cmd of table.all()) {
    yield cmd;
    if (cmd.subcommands) yield* cmd.subcommands.values();
  }
}

const COMMAND_HELP = [
  "COMMAND <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
  "(no subcommand)",
  "    Return details about all Redis commands.",
  "COUNT",
  "    Return the total number of commands in this Redis server.",
  "LIST",
  "    Return a list of all commands in this Redis server.",
  "INFO [<command-name> ...]",
  "    Return details about multiple Redis commands.",
  "    If no command names are given, documentation details for all",
  "    commands are returned.",
  "DOCS [<command-name> ...]",
  "    Return documentation details about multiple Redis commands.",
  "    If no command names are given, documentation details for all",
  "    commands are returned.",
  "GETKEYS <full-command>",
  "    Return the keys from a full Redis command.",
  "GETKEYSANDFLAGS <full-command>",
  "    Return the keys and the access flags from a full Redis command.",
  "HELP",
  "    Prints this help.",
];

/** COMMAND GETKEYS / GETKEYSANDFLAGS: the keys of the command written after the subcommand. */
function getKeysReply(c: Client, argv: string[], withFlags: boolean): Reply {
  const args = argv.slice(2);
  return keysReply(c.server.lookup(args), args, withFlags);
}

/** The GETKEYS reply for `args` (a full command line) once its command has been looked up. */
export function keysReply(cmd: Command | undefined, args: string[], withFlags: boolean): Reply {
  if (!cmd) return E.GETKEYS_INVALID_COMMAND;
  if (!commandHasKeys(cmd)) return E.GETKEYS_NO_KEYS;
  const arity = cmd.meta.arity;
  if ((arity > 0 && arity !== args.length) || args.length < -arity) return E.GETKEYS_BAD_ARITY;
  const keys = getKeys(cmd, args);
  if (!keys.length) return cmd.meta.flags.includes("no_mandatory_keys") ? arr([]) : E.GETKEYS_BAD_ARGS;
  return arr(keys.map((k) => (withFlags ? arr([bulk(args[k.pos]), set(k.flags.map(simple))]) : bulk(args[k.pos]))));
}

export const introspectionCommands: CommandDef[] = [
  {
    name: "command",
    summary: "Describes the commands this server knows: COMMAND alone lists them all.",
    handler: (c) => arr([...c.server.commands.all()].map(commandInfo)),
    subcommands: [
      {
        name: "count",
        summary: "Counts the commands this server knows (subcommands not included).",
        handler: (c) => int(c.server.commands.size),
      },
      {
        name: "info",
        summary: "Describes the named commands (all when none is named); nil for unknown names.",
        handler: (c, argv) => {
          if (argv.length === 2) return arr([...c.server.commands.all()].map(commandInfo));
          return arr(argv.slice(2).map((n) => {
            const cmd = commandByName(c.server.commands, n);
            return cmd ? commandInfo(cmd) : NULL;
          }));
        },
      },
      {
        name: "docs",
        summary: "Documents the named commands (all when none is named); unknown names are left out.",
        handler: (c, argv) => {
          const cmds = argv.length === 2
            ? [...c.server.commands.all()]
            : argv.slice(2).flatMap((n) => commandByName(c.server.commands, n) ?? []);
          return map(cmds.flatMap((cmd) => [bulk(cmd.fullname), commandDocs(cmd)]));
        },
      },
      {
        name: "list",
        summary: "Lists command names, optionally filtered by module, ACL category or pattern.",
        handler: (c, argv) => {
          let filter: ((cmd: Command) => boolean) | null = null;
          for (let i = 2; i < argv.length; i += 3) {
            if (!is(argv[i], "filterby") || argv.length - 1 - i !== 2) return E.SYNTAX;
            const kind = argv[i + 1];
            const arg = argv[i + 2];
            if (is(kind, "module")) filter = () => false; // no modules are loaded
            else if (is(kind, "aclcat")) {
              const cat = `@${arg.toLowerCase()}`;
              filter = (cmd) => cmd.meta.acl.includes(cat);
            } else if (is(kind, "pattern")) filter = (cmd) => globMatch(arg, cmd.fullname, true);
            else return E.SYNTAX;
          }
          const names: Reply[] = [];
          for (const cmd of everyCommand(c.server.commands)) if (!filter || filter(cmd)) names.push(bulk(cmd.fullname));
          return arr(names);
        },
      },
      {
        name: "getkeys",
        summary: "Shows which arguments of a full command line are keys.",
        handler: (c, argv) => getKeysReply(c, argv, false),
      },
      {
        name: "getkeysandflags",
        summary: "Shows which arguments of a full command line are keys, with how each is accessed.",
        handler: (c, argv) => getKeysReply(c, argv, true),
      },
      {
        name: "help",
        summary: "Lists the COMMAND subcommands.",
        handler: () => helpReply(COMMAND_HELP),
      },
    ],
  },
];
