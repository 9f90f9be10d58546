/**
 * Which of a module's examples can also be replayed on a real redis-server 7.0, and why the
 * others cannot. The test suite runs the portable ones on Debian's redis-server (started with
 * `--enable-debug-command yes`, so DEBUG works there as in the playground) and compares each
 * stored reply with what real Redis prints; the rest it lists with the reason given here.
 *
 * The decision is read from the example's steps alone, so a new example is classified the
 * moment it is written: an author never marks an example "portable" by hand.
 */
import { PARAMS } from "@/engine/config-params";
import { globMatch } from "@/engine/util/glob";
import { splitArgs } from "@/engine/resp/split-args";
import { utf8ToBytes } from "@/engine/util/bytes";
import type { Example, Module, ProgramOp, Step } from "../types";

/** The longest real wait an example may cost the suite (advanceMs steps and DEBUG SLEEPs). */
export const MAX_REAL_WAIT_MS = 3000;

/**
 * Parameters whose playground value a real server started with Redis' defaults does not
 * share: the playground profile's own defaults and its playground-only limits.
 * enable-debug-command is left out: the real server is started with it on.
 */
export const PLAYGROUND_ONLY_CONFIG: readonly { name: string; playground: string; redis: string | null }[] = PARAMS.filter(
  (p) => p.name !== "enable-debug-command" && (p.playgroundOnly || (p.playground !== undefined && p.playground !== p.default)),
).map((p) => ({ name: p.name, playground: p.playground ?? p.default, redis: p.playgroundOnly ? null : p.default }));

const argvOf = (line: string): string[] | null => splitArgs(utf8ToBytes(line));

/** Every instruction of a scripted client's program, every branch included. */
function programOps(ops: readonly ProgramOp[]): ProgramOp[] {
  return ops.flatMap((op) => ("run" in op && op.onReply ? [op, ...programOps(Object.values(op.onReply).flat())] : [op]));
}

/** The REPL lines a step may send (a raw step's bytes are not a REPL line) and the pauses it makes. */
function stepParts(step: Step): { lines: string[]; waits: number[] } {
  if ("advanceMs" in step) return { lines: [], waits: [step.advanceMs] };
  if ("actor" in step) {
    const ops = programOps([{ run: step.actor.run, onReply: step.actor.onReply }]);
    return { lines: ops.flatMap((o) => ("run" in o ? [o.run] : [])), waits: ops.flatMap((o) => ("waitMs" in o ? [o.waitMs] : [])) };
  }
  return { lines: step.raw ? [] : [step.run], waits: [] };
}

/** How long a step makes a real server (or the replayer) wait, in ms (every branch counted). */
function realWaitMs(step: Step): number {
  const { lines, waits } = stepParts(step);
  let ms = waits.reduce((a, b) => a + b, 0);
  for (const line of lines) {
    const argv = argvOf(line);
    if (argv && argv.length >= 3 && argv[0].toLowerCase() === "debug" && argv[1].toLowerCase() === "sleep") ms += Number(argv[2]) * 1000 || 0;
  }
  return ms;
}

/** Why a single line cannot be sent to a real server as it is, or null. */
function lineReason(line: string): string | null {
  const argv = argvOf(line);
  if (!argv || !argv.length) return null;
  const cmd = argv[0].toLowerCase();
  if (cmd === "help" || (argv.length === 1 && cmd === "clear")) return `"${line}" is answered by the REPL itself (as redis-cli does), not by the server`;
  if (cmd === "config" && argv.length >= 3 && ["get", "set"].includes(argv[1].toLowerCase())) {
    const names = argv[1].toLowerCase() === "get" ? argv.slice(2) : argv.slice(2).filter((_, i) => i % 2 === 0);
    for (const n of names)
      for (const p of PLAYGROUND_ONLY_CONFIG)
        if (globMatch(n, p.name, true))
          return p.redis === null
            ? `"${line}" touches ${p.name}, a playground-only limit real Redis does not have`
            : `"${line}" touches ${p.name}, whose playground default (${p.playground}) differs from Redis' (${p.redis})`;
  }
  return null;
}

/** Why this example, on its own, is playground-only; null when real Redis can replay it. */
export function playgroundOnlyReason(ex: Example): string | null {
  const wait = ex.steps.reduce((ms, s) => ms + realWaitMs(s), 0);
  if (wait > MAX_REAL_WAIT_MS) return `it waits ${wait / 1000} s of instance time (clock advances and DEBUG SLEEPs), more than a ${MAX_REAL_WAIT_MS / 1000} s real wait`;
  for (const s of ex.steps)
    for (const line of stepParts(s).lines) {
      const why = lineReason(line);
      if (why) return why;
    }
  return null;
}

export interface RealRedisPlan {
  /** Examples to replay on real Redis, in order; `fresh: false` ones continue the one before. */
  run: Example[];
  /** Examples left out, with the reason. */
  skipped: { example: string; reason: string }[];
}

/**
 * Splits a module's examples into those real Redis replays and those it cannot. An example
 * that continues (`fresh: false`) one left out is left out too: it needs the state that one built.
 */
export function realRedisPlan(module: Pick<Module, "examples">): RealRedisPlan {
  const plan: RealRedisPlan = { run: [], skipped: [] };
  let previous: { id: string; ran: boolean } | null = null;
  for (const ex of module.examples) {
    let reason = playgroundOnlyReason(ex);
    if (!reason && ex.fresh === false && previous && !previous.ran) reason = `it continues example "${previous.id}", which real Redis does not replay`;
    if (reason) plan.skipped.push({ example: ex.id, reason });
    else plan.run.push(ex);
    previous = { id: ex.id, ran: !reason };
  }
  return plan;
}
