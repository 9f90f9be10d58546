/**
 * Scripted clients' programs (ActorStep with onReply, ProgramOp): the same player drives them
 * on the engine (RecordingEngine) and on a real redis-server (tests/support/real-redis-tabs.ts),
 * so a lesson's scripted requesters behave alike on both.
 *
 * Actors that fall due together run interleaved: one instruction of each in turn, in the
 * order they were armed. That is what makes a stampede: three app servers that miss at the
 * same moment all read the cache before any of them refills it. A `waitMs` parks only its own
 * client; when every client left is parked, time moves to the earliest wake-up (on the engine
 * the instance clock advances; on real Redis the player sleeps).
 */
import type { Reply } from "@/engine/reply";
import type { OnReply, ProgramOp } from "../types";

export interface ProgramIo {
  /** Runs one REPL line in a client's tab; the typed reply of its last command (null if none). */
  run(client: string, line: string): Promise<Reply | null>;
  /** The current time, ms (the instance clock, or a real one). */
  now(): Promise<number>;
  /** Lets time pass until `t` (the clock of now()). */
  waitUntil(t: number): Promise<void>;
}

/** One client's program running longer than this is a mistake (a branch nested without end). */
export const MAX_PROGRAM_STEPS = 1000;

/** Which branch a reply takes. */
export function branchOf(on: OnReply, reply: Reply): ProgramOp[] {
  const nil = reply.t === "null" || reply.t === "nullarray";
  if (nil && on.nil) return on.nil;
  if (reply.t === "simple" && reply.v === "OK" && on.ok) return on.ok;
  if (reply.t === "error" && on.error) return on.error;
  return on.else ?? [];
}

/** Plays the programs of `clients` (each starting with its actor's own line) to the end, interleaved. */
export async function playPrograms(clients: readonly { client: string; run: string; onReply?: OnReply }[], io: ProgramIo): Promise<void> {
  const threads = clients.map((c) => ({ client: c.client, todo: [{ run: c.run, onReply: c.onReply }] as ProgramOp[], readyAt: -Infinity, steps: 0 }));
  let turn = 0;
  for (;;) {
    const live = threads.filter((t) => t.todo.length);
    if (!live.length) return;
    const now = live.some((t) => t.readyAt > -Infinity) ? await io.now() : -Infinity;
    let pick = -1;
    for (let i = 0; i < threads.length && pick < 0; i++) {
      const j = (turn + i) % threads.length;
      if (threads[j].todo.length && threads[j].readyAt <= now) pick = j;
    }
    if (pick < 0) {
      await io.waitUntil(Math.min(...live.map((t) => t.readyAt)));
      continue;
    }
    turn = pick + 1;
    const t = threads[pick];
    if (++t.steps > MAX_PROGRAM_STEPS) throw new Error(`scripted client ${t.client} ran more than ${MAX_PROGRAM_STEPS} instructions; does a branch nest without end?`);
    const op = t.todo.shift()!;
    if ("waitMs" in op) {
      t.readyAt = (await io.now()) + op.waitMs;
      continue;
    }
    const reply = await io.run(t.client, op.run);
    if (op.onReply && reply) t.todo.unshift(...branchOf(op.onReply, reply));
  }
}
