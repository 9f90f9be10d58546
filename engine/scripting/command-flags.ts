/**
 * Whether an EVAL/EVALSHA(_RO) or FCALL(_RO) counts as a write before it runs (Redis 7.0's
 * getCommandFlags with evalGetCommandFlags / fcallGetCommandFlags and scriptFlagsToCmdFlags).
 *
 * A script that declares flags (a shebang, or a function's flags) replaces the command's own
 * write / may-replicate flags: it is a write unless it says `no-writes`, even when called
 * through EVAL_RO or FCALL_RO (which then refuse it when it runs). A script Redis cannot find
 * up front (unknown SHA or function, a malformed SHA, a bad shebang) or one without a shebang
 * keeps the command's flags. CLIENT PAUSE WRITE asks this (engine/pause.ts).
 */
import type { Server } from "../server";
import { functionsState } from "./functions";
import { scriptState } from "./scripts";
import { sha1hex } from "./sha1";
import { parseShebang, type ScriptFlags } from "./shebang";

const EVALS = new Set(["eval", "eval_ro", "evalsha", "evalsha_ro"]);
const FCALLS = new Set(["fcall", "fcall_ro"]);

/**
 * True / false when the script's declared flags decide whether the command writes; undefined
 * when the command's own flags stand.
 */
export function scriptDeclaresWrite(server: Server, name: string, argv: readonly string[]): boolean | undefined {
  if (argv.length < 2) return undefined;
  if (FCALLS.has(name)) {
    const fn = functionsState(server).functions.get(argv[1].toLowerCase());
    return fn ? !fn.flags.includes("no-writes") : undefined;
  }
  if (!EVALS.has(name)) return undefined;
  const flags = evalFlags(server, name.startsWith("evalsha"), argv[1]);
  if (!flags || flags.compat) return undefined;
  return !flags.noWrites;
}

function evalFlags(server: Server, bySha: boolean, arg: string): ScriptFlags | undefined {
  if (bySha && arg.length !== 40) return undefined;
  const cached = scriptState(server).cache.get(bySha ? arg.toLowerCase() : sha1hex(arg));
  if (cached) return cached.flags;
  if (bySha) return undefined;
  const parsed = parseShebang(arg);
  return "error" in parsed ? undefined : parsed.flags;
}
