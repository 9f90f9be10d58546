/**
 * The script editor's Run as one redis-cli line: `EVAL "<script>" <numkeys> <keys…> <args…>`,
 * each argument quoted the way redis-cli's own parser reads it back (double quotes with \n, \r,
 * \t, \" and \\ escapes), so the console echoes exactly what a learner could have typed.
 */

/** Quotes one argument when it needs it; plain words stay bare. */
export function quoteArg(s: string): string {
  if (s !== "" && !/[\s"'\\\x00-\x1f\x7f]/.test(s)) return s;
  const named: Record<string, string> = { "\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t" };
  return `"${s.replace(/[\\"\x00-\x1f\x7f]/g, (c) => named[c] ?? `\\x${c.charCodeAt(0).toString(16).padStart(2, "0")}`)}"`;
}

/** Splits a KEYS or ARGV field: one item per line, or space-separated on one line. */
export function splitField(text: string): string[] {
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== "");
  if (lines.length > 1) return lines.map((l) => l.trim());
  return text.trim() ? text.trim().split(/\s+/) : [];
}

export function evalLine(script: string, keys: string[], args: string[]): string {
  return ["EVAL", quoteArg(script), String(keys.length), ...keys.map(quoteArg), ...args.map(quoteArg)].join(" ");
}
