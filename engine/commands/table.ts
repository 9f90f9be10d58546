/**
 * The command table: the single source of truth about every command the engine knows.
 *
 * Each family file (strings.ts, keys.ts, …) declares its commands as CommandDefs: a name, a
 * summary we wrote, and a handler. This module joins them with the facts Redis declares for
 * the same command (meta.generated.ts: arity, flags, key specs, ACL categories, arguments).
 * Dispatch, COMMAND INFO/DOCS/GETKEYS, the REPL's completion and hints, and lesson
 * allow-lists all read the resulting table.
 */
import type { Client } from "../client";
import type { Reply } from "../reply";
import type { CommandMeta } from "./meta";
import { COMMAND_META } from "./meta.generated";

/** A handler parses argv fully (replying with Redis' exact error when it cannot), then acts. */
export type Handler = (c: Client, argv: string[]) => Reply;

export interface CommandDef {
  /** Lowercase name; for a subcommand, the part after the container ("setname"). */
  name: string;
  /** One sentence in our own words, shown in COMMAND DOCS, REPL hover and HELP. */
  summary: string;
  /** Absent on a container (CLIENT, CONFIG) unless the bare name does something (COMMAND). */
  handler?: Handler;
  subcommands?: CommandDef[];
}

export interface CommandStats {
  calls: number;
  usec: number;
  rejectedCalls: number;
  failedCalls: number;
}

export interface Command {
  /** Lowercase name: "get", or "setname" for CLIENT SETNAME. */
  readonly name: string;
  /** What Redis calls the command in errors and COMMAND: "get", "client|setname". */
  readonly fullname: string;
  readonly meta: CommandMeta;
  readonly summary: string;
  readonly handler?: Handler;
  readonly parent?: Command;
  readonly subcommands?: ReadonlyMap<string, Command>;
}

function build(def: CommandDef, meta: CommandMeta | undefined, parent?: Command): Command {
  const fullname = parent ? `${parent.name}|${def.name}` : def.name;
  if (!meta) throw new Error(`no Redis 7.0 metadata for command '${fullname}'`);
  const cmd: { -readonly [K in keyof Command]: Command[K] } = {
    name: def.name,
    fullname,
    meta,
    summary: def.summary,
    handler: def.handler,
    parent,
  };
  if (def.subcommands) {
    const subs = new Map<string, Command>();
    for (const s of def.subcommands) subs.set(s.name, build(s, meta.subcommands?.[s.name], cmd));
    cmd.subcommands = subs;
  }
  if (!cmd.handler && !cmd.subcommands) throw new Error(`command '${fullname}' has no handler`);
  return cmd;
}

export class CommandTable {
  private readonly byName = new Map<string, Command>();

  constructor(defs: readonly CommandDef[]) {
    for (const def of defs) {
      if (this.byName.has(def.name)) throw new Error(`command '${def.name}' defined twice`);
      this.byName.set(def.name, build(def, COMMAND_META[def.name]));
    }
  }

  /** Looks up a top-level command by lowercase name. */
  get(name: string): Command | undefined {
    return this.byName.get(name);
  }

  get size(): number {
    return this.byName.size;
  }

  all(): IterableIterator<Command> {
    return this.byName.values();
  }
}
