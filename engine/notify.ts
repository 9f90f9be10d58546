/**
 * Keyspace notifications (Redis' notify.c): a key change, reported through the write funnel
 * with its class and event name, is published on `__keyspace@<db>__:<key>` (message: the
 * event) and `__keyevent@<db>__:<event>` (message: the key), as notify-keyspace-events asks.
 */
import { NOTIFY } from "./config-special";
import type { Server } from "./server";

/** The class letters the write funnel passes, as notify-keyspace-events flag bits. */
const CLASS_BITS: Record<string, number> = {
  g: NOTIFY.GENERIC,
  $: NOTIFY.STRING,
  l: NOTIFY.LIST,
  s: NOTIFY.SET,
  h: NOTIFY.HASH,
  z: NOTIFY.ZSET,
  x: NOTIFY.EXPIRED,
  e: NOTIFY.EVICTED,
  t: NOTIFY.STREAM,
  m: NOTIFY.KEY_MISS,
  d: NOTIFY.MODULE,
  n: NOTIFY.NEW,
};

/** notifyKeyspaceEvent: nothing unless the event's class is enabled (and K or E is). */
export function notifyKeyspaceEvent(server: Server, cls: string, event: string, key: string, dbid: number): void {
  if (!event) return;
  const flags = server.config.num("notify-keyspace-events");
  if (!flags || !(flags & (CLASS_BITS[cls] ?? 0))) return;
  if (flags & NOTIFY.KEYSPACE) server.pubsub.publish(`__keyspace@${dbid}__:${key}`, event);
  if (flags & NOTIFY.KEYEVENT) server.pubsub.publish(`__keyevent@${dbid}__:${event}`, key);
}
