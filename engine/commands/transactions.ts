/**
 * MULTI, EXEC, DISCARD, WATCH, UNWATCH. The queue itself is filled by Server.execute (see
 * engine/multi.ts): these handlers open, run, drop the transaction and manage WATCHes.
 */
import type { Client } from "../client";
import { E } from "../errors";
import { discardTransaction, runCaptured } from "../multi";
import { NULL_ARRAY, OK, type Reply } from "../reply";
import type { CommandDef } from "./table";

/** execCommand: runs the queue as one unit, unless a WATCHed key changed or queuing failed. */
function exec(c: Client): Reply {
  const m = c.multi;
  if (!m) return E.EXEC_WITHOUT_MULTI;
  // A watched key that was alive at WATCH time and has expired since counts as changed.
  if (c.server.watches.anyExpired(c)) c.dirtyCas = true;
  if (m.dirty || c.dirtyCas) {
    const reply = m.dirty ? E.EXECABORT : NULL_ARRAY;
    discardTransaction(c);
    return reply;
  }
  // Our own writes inside the transaction must not count against us.
  c.server.watches.unwatchAll(c);
  const deny = c.denyBlocking;
  // Blocking commands answer as if timed out; waiters are served once EXEC is over.
  c.denyBlocking = true;
  m.executing = true;
  let reply: Reply;
  try {
    // Pushes to this client while its queue runs go inside the EXEC reply (engine/multi.ts).
    reply = runCaptured(c, m.queue, (argv) => c.server.execute(c, argv) as Reply);
  } finally {
    c.denyBlocking = deny;
    m.executing = false;
    // The queued commands ran through call(), not processCommand: CLIENT LIST still says exec.
    c.lastCommand = "exec";
    // A queued RESET or MULTI cannot happen (they run at once), so this is still our state.
    if (c.multi === m) discardTransaction(c);
  }
  return reply;
}

export const transactionCommands: CommandDef[] = [
  {
    name: "multi",
    summary: "Starts a transaction: the following commands are queued until EXEC or DISCARD.",
    handler: (c) => {
      if (c.multi) return E.MULTI_NESTED;
      c.multi = { queue: [], dirty: false, executing: false };
      return OK;
    },
  },
  {
    name: "exec",
    summary: "Runs every queued command of the transaction and replies with all their replies.",
    handler: exec,
  },
  {
    name: "discard",
    summary: "Drops the transaction's queued commands and stops watching every key.",
    handler: (c) => {
      if (!c.multi) return E.DISCARD_WITHOUT_MULTI;
      discardTransaction(c);
      return OK;
    },
  },
  {
    name: "watch",
    summary: "Makes the next EXEC fail if any of these keys changes before it runs.",
    handler: (c, argv) => {
      if (c.multi) return E.WATCH_IN_MULTI;
      // Already doomed: watching more changes nothing.
      if (c.dirtyCas) return OK;
      for (let i = 1; i < argv.length; i++) c.server.watches.watch(c, c.db, argv[i]);
      return OK;
    },
  },
  {
    name: "unwatch",
    summary: "Stops watching every key, so the next EXEC runs whatever changed.",
    handler: (c) => {
      c.server.watches.unwatchAll(c);
      c.dirtyCas = false;
      return OK;
    },
  },
];
