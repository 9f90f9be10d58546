/**
 * Command docs for the console, read from the engine's command table: Tab completion, the grey
 * argument hint, and `HELP <command>` (answered here, as redis-cli answers it without asking
 * the server).
 *
 * The table module brings every command family with it, so it is loaded on first use rather
 * than with the page; until it is there, completion and hints simply offer nothing.
 */
import type * as Lookup from "@/engine/commands/lookup";

let loaded: typeof Lookup | null = null;
let loading: Promise<typeof Lookup> | null = null;

export function loadLookup(): Promise<typeof Lookup> {
  loading ??= import("@/engine/commands/lookup").then((m) => (loaded = m));
  return loading;
}

/** The lookup if it has been loaded, else null (and loading starts). */
export function lookupNow(): typeof Lookup | null {
  if (!loaded) void loadLookup().catch(() => {});
  return loaded;
}

/** What HELP prints: a command's syntax and facts, a group's commands, or how to use HELP. */
export async function helpLines(words: string[]): Promise<string> {
  const lookup = await loadLookup();
  if (words.length === 0) {
    return [
      "Help on commands comes from the playground's command table (redis-cli answers HELP itself too):",
      '      "help <command>"  syntax, summary, complexity and version of a command, e.g. help SET',
      '      "help @<group>"   the commands of a group, e.g. help @string',
      "      Tab               completes a command name; the grey text shows the arguments still to type",
    ].join("\n");
  }
  if (words[0].startsWith("@")) {
    const docs = lookup.groupDocs(words[0].slice(1).toLowerCase());
    if (!docs.length) return `No commands in group '${words[0].slice(1)}'.`;
    return docs.map((d) => describe(d)).join("\n\n");
  }
  const doc = lookup.commandDoc(words);
  if (!doc) return `No help for '${words.join(" ")}'.`;
  // A container (CLIENT, CONFIG …) is a list of subcommands: name them.
  const subs = words.length === 1 ? lookup.subcommandNames(words[0]) : [];
  return subs.length ? `${describe(doc)}\n  subcommands: ${subs.join(", ")}` : describe(doc);
}

function describe(d: Lookup.CommandDoc): string {
  return [
    `  ${d.name}${d.syntax ? ` ${d.syntax}` : ""}`,
    `  summary: ${d.summary}`,
    `  complexity: ${d.complexity || "—"}`,
    `  since: ${d.since}`,
    `  group: ${d.group}`,
  ].join("\n");
}

/**
 * Tab completion of the word being typed: command names for the first word, subcommands for
 * the second after a container (CLIENT, CONFIG …). Candidates keep the case the learner typed
 * in, as redis-cli's do. Empty when nothing fits or the docs are not loaded yet.
 */
export function completions(line: string): string[] {
  const lookup = lookupNow();
  if (!lookup) return [];
  const m = /^(\s*)(\S*)(?:(\s+)(\S*))?$/.exec(line);
  if (!m) return [];
  const [, lead, first, gap, second] = m;
  const caseLike = (typed: string, name: string) => (typed && typed[0] === typed[0].toLowerCase() && /[a-z]/.test(typed[0]) ? name.toLowerCase() : name);
  if (gap === undefined) {
    if (!first) return [];
    const up = first.toUpperCase();
    return lookup.commandNames().filter((n) => n.startsWith(up)).map((n) => lead + caseLike(first, n));
  }
  const subs = lookup.subcommandNames(first);
  const up = (second ?? "").toUpperCase();
  return subs.filter((n) => n.startsWith(up)).map((n) => `${lead}${first}${gap}${caseLike(second || first, n)}`);
}

/** The grey argument hint for what is typed so far, or "" (docs not loaded, unknown command). */
export function hintFor(line: string): string {
  if (!line.trim()) return "";
  return lookupNow()?.argumentHint(line) ?? "";
}
