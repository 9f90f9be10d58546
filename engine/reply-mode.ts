/**
 * CLIENT REPLY ON|OFF|SKIP, applied where a command's reply leaves the engine: the RESP
 * session (TCP) and the browser host both ask `takeReplySuppressed` once per finished command,
 * so the two honour it the same way.
 */
import type { Client } from "./client";

/**
 * Whether the reply of the command that just finished must not be sent, and Redis'
 * resetClient step after it: a pending SKIP (set by CLIENT REPLY SKIP) now covers the next
 * command. Call it once per command, when its reply is final (for a command that blocked or
 * was held by CLIENT PAUSE, when its deferred reply comes).
 */
export function takeReplySuppressed(c: Client): boolean {
  const drop = c.replyOff || c.replySkip || c.dropReply;
  c.dropReply = false;
  c.replySkip = c.replySkipNext;
  c.replySkipNext = false;
  return drop;
}
