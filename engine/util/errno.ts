/**
 * C's errno, where a Redis 7.0 reply depends on a value left in it by an earlier command.
 *
 * SORT converts each element with strtod and then tests `errno == ERANGE` without clearing
 * errno first. So an ERANGE left behind by an earlier strtod/strtold (another SORT of
 * "1e400", INCRBYFLOAT or HINCRBYFLOAT of "1e5000", ZADD of a huge score, …) makes a later
 * SORT of perfectly good numbers fail, until something clears errno: a command that sets
 * errno = 0 before its own conversion (string2ld, getDoubleFromObject) and succeeds, or a
 * new connection (Redis' accept loop ends on EAGAIN, overwriting errno). Other system calls
 * could overwrite it too; they are not modelled.
 *
 * Families call setErrnoRange after a conversion that sets or clears errno; SORT reads it.
 */
import type { Server } from "../server";

/**
 * Per instance: where the connection count stood when ERANGE was left in errno. A later
 * count (or a statistics object replaced by CONFIG RESETSTAT, after which the count can no
 * longer tell) means a connection may have been accepted since: errno counts as cleared.
 */
const erangeLeft = new WeakMap<Server, { stats: object; connections: number }>();

/** Records what a strtod/strtold call left in errno: ERANGE (true) or not (false). */
export function setErrnoRange(server: Server, erange: boolean): void {
  if (erange) erangeLeft.set(server, { stats: server.stats, connections: server.stats.totalConnections });
  else erangeLeft.delete(server);
}

/** True when errno still holds an ERANGE that nothing has cleared since. */
export function errnoIsRange(server: Server): boolean {
  const at = erangeLeft.get(server);
  return at !== undefined && at.stats === server.stats && at.connections === server.stats.totalConnections;
}
