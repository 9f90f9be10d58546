/**
 * A read-only view of the command table for the REPL: names for Tab completion, redis-cli-style
 * argument hints, and what `HELP <command>` prints.
 *
 * It reads the same table dispatch uses (our summaries joined with Redis 7.0's own argument
 * facts), so the console can never describe a command differently from how the engine runs it.
 * Nothing here touches a server instance. The page loads this module lazily: it pulls in every
 * command family, which the first paint does not need.
 */
import { commandTable } from "./index";
import type { ArgSpec } from "./meta";
import type { Command } from "./table";
import { splitArgs } from "../resp/split-args";

export interface CommandDoc {
  /** As redis-cli's help shows it: "SET", "CLIENT LIST". */
  name: string;
  summary: string;
  /** The arguments after the name, in the docs' notation ("key value [NX|XX] …"). */
  syntax: string;
  complexity: string;
  since: string;
  group: string;
}

/** One argument in the docs' notation: optional in [], alternatives with |, repeats with "...". */
function argSyntax(a: ArgSpec): string {
  let s: string;
  if (a.type === "pure-token") s = a.token ?? a.name;
  else if (a.type === "oneof") {
    s = (a.arguments ?? []).map(argSyntax).join("|");
    // Required alternatives of several words need a bracket to show where they end.
    if (!(a.flags ?? []).includes("optional") && s.includes(" ")) s = `<${s}>`;
  }
  else if (a.type === "block") s = (a.arguments ?? []).map(argSyntax).join(" ");
  else s = a.display_text ?? a.name;
  const flags = a.flags ?? [];
  const tokened = a.token && a.type !== "pure-token";
  if (flags.includes("multiple")) {
    const unit = s;
    if (tokened && flags.includes("multiple_token")) s = `${a.token} ${unit} [${a.token} ${unit} ...]`;
    else if (tokened) s = `${a.token} ${unit} [${unit} ...]`;
    else s = `${unit} [${unit} ...]`;
  } else if (tokened) {
    s = `${a.token} ${s}`;
  }
  return flags.includes("optional") ? `[${s}]` : s;
}

function docOf(cmd: Command): CommandDoc {
  const name = cmd.parent ? `${cmd.parent.name} ${cmd.name}`.toUpperCase() : cmd.name.toUpperCase();
  return {
    name,
    summary: cmd.summary,
    syntax: (cmd.meta.arguments ?? []).map(argSyntax).join(" "),
    complexity: cmd.meta.complexity ?? "",
    since: cmd.meta.since,
    group: cmd.meta.group,
  };
}

/** The command a line names: a container's subcommand when the second word is one. */
function resolve(words: readonly string[]): Command | undefined {
  if (!words.length) return undefined;
  const top = commandTable.get(words[0].toLowerCase());
  if (!top) return undefined;
  if (top.subcommands && words.length > 1) {
    const sub = top.subcommands.get(words[1].toLowerCase());
    if (sub) return sub;
  }
  return top;
}

let sortedNames: string[] | null = null;

/** Every top-level command name, uppercase, sorted: the completion candidates. */
export function commandNames(): readonly string[] {
  sortedNames ??= Array.from(commandTable.all(), (c) => c.name.toUpperCase()).sort();
  return sortedNames;
}

/** A container's subcommand names, uppercase, sorted ("CLIENT" → ["CACHING", …]). */
export function subcommandNames(container: string): readonly string[] {
  const top = commandTable.get(container.toLowerCase());
  return top?.subcommands ? Array.from(top.subcommands.keys(), (n) => n.toUpperCase()).sort() : [];
}

/** Docs for "SET", "client list", "CLIENT" … or undefined for an unknown name. */
export function commandDoc(words: readonly string[]): CommandDoc | undefined {
  const cmd = resolve(words);
  return cmd && docOf(cmd);
}

/** Every command of a group ("string", "list", …), as `HELP @group` lists them. */
export function groupDocs(group: string): CommandDoc[] {
  const out: CommandDoc[] = [];
  for (const cmd of commandTable.all()) {
    if (cmd.meta.group === group) out.push(docOf(cmd));
    for (const sub of cmd.subcommands?.values() ?? []) if (sub.meta.group === group) out.push(docOf(sub));
  }
  return out.sort((a, b) => (a.name < b.name ? -1 : 1));
}

/**
 * The grey hint redis-cli 7.0 shows after what was typed: the command's syntax with one word
 * dropped per argument already typed, stopping at the first optional part (from there on it
 * cannot know which options were meant). Null when the line names no known command.
 */
export function argumentHint(line: string): string | null {
  const words = splitArgs(line);
  if (!words || words.length === 0) return null;
  const cmd = resolve(words);
  if (!cmd) return null;
  const consumed = cmd.parent ? 2 : 1;
  let hint = docOf(cmd).syntax;
  if (!hint) return null;
  // A word still being typed (no trailing space) counts as typed.
  let toRemove = words.length - consumed;
  while (toRemove > 0 && hint.length && hint[0] !== "[") {
    if (hint[0] === " ") toRemove--;
    hint = hint.slice(1);
  }
  if (!hint.length) return null;
  return /\s$/.test(line) ? hint : ` ${hint}`;
}
