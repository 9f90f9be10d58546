/**
 * The `#!lua flags=...` first line of a script (Redis 7.0's evalExtractShebangFlags).
 *
 * A script without a shebang runs in "compat mode" (as before 7.0: it may write, and the
 * flag checks of scriptPrepareForRun do not apply). With one, the flags declare what it may
 * do. The shebang line is blanked before compiling, keeping its line feed so that error
 * line numbers stay the user's.
 */
import { E, shebangUnexpectedEngine, shebangUnexpectedFlag, shebangUnknownOption } from "../errors";
import type { Reply } from "../reply";
import { splitArgs } from "../resp/split-args";

export interface ScriptFlags {
  /** No shebang: pre-7.0 behaviour. */
  compat: boolean;
  noWrites: boolean;
  allowOom: boolean;
  allowStale: boolean;
  noCluster: boolean;
  allowCrossSlotKeys: boolean;
}

const FLAG_NAMES: Record<string, keyof ScriptFlags> = {
  "no-writes": "noWrites",
  "allow-oom": "allowOom",
  "allow-stale": "allowStale",
  "no-cluster": "noCluster",
  "allow-cross-slot-keys": "allowCrossSlotKeys",
};

export interface ParsedScript {
  flags: ScriptFlags;
  /** What the VM compiles: the body with the shebang line's text removed. */
  code: string;
}

export function parseShebang(body: string): ParsedScript | { error: Reply } {
  const flags: ScriptFlags = { compat: true, noWrites: false, allowOom: false, allowStale: false, noCluster: false, allowCrossSlotKeys: false };
  if (!body.startsWith("#!")) return { flags, code: body };
  const end = body.indexOf("\n");
  if (end === -1) return { error: E.SCRIPT_INVALID_SHEBANG };
  const parts = splitArgs(body.slice(0, end));
  if (!parts || parts.length === 0) return { error: E.SCRIPT_INVALID_ENGINE };
  if (parts[0] !== "#!lua") return { error: shebangUnexpectedEngine(parts[0]) };
  flags.compat = false;
  for (const part of parts.slice(1)) {
    if (!part.startsWith("flags=")) return { error: shebangUnknownOption(part) };
    const list = part.slice(6);
    // sdssplitlen of an empty string yields no flags at all.
    if (list === "") continue;
    for (const f of list.split(",")) {
      const key = FLAG_NAMES[f];
      if (!key) return { error: shebangUnexpectedFlag(f) };
      flags[key] = true;
    }
  }
  return { flags, code: body.slice(end) };
}
