/**
 * The simulated slow database of the caching lessons (F-12 and later): keys named `db:*` stand
 * for database rows, and reading one is a database query. The runtime counts the queries of
 * every tab and scripted client (not the checker's reads, not inspection), so an exercise can
 * grade "the database was queried once" on a count the learner cannot type into being: an
 * `INCR dbhits` proves nothing, a counter only the runtime moves does.
 *
 * One command is one query however many rows it reads (one round trip to the database). Reads
 * queued in MULTI or made by a script are not seen here; the lessons use plain reads.
 */
import type { Reply } from "@/engine/reply";
import type { SlowDbCount } from "../types";

/** The commands that fetch a value, and where their keys are (1: the first argument; "all": every argument). */
const READS: Record<string, 1 | "all"> = {
  get: 1,
  getex: 1,
  getrange: 1,
  mget: "all",
  hget: 1,
  hmget: 1,
  hgetall: 1,
  hvals: 1,
  lrange: 1,
  lindex: 1,
  smembers: 1,
  zrange: 1,
  zscore: 1,
  xrange: 1,
};

export const DB_PREFIX = "db:";

/** True when argv, answered with `reply`, read a `db:*` key (a query reached the database). */
export function isDbQuery(argv: readonly string[], reply: Reply): boolean {
  if (argv.length < 2 || reply.t === "error" || (reply.t === "simple" && reply.v === "QUEUED")) return false;
  const where = READS[argv[0].toLowerCase()];
  if (!where) return false;
  const keys = where === "all" ? argv.slice(1) : [argv[1]];
  return keys.some((k) => k.startsWith(DB_PREFIX));
}

/** Counts queries per client label. */
export class SlowDbCounter {
  private counts = new Map<string, number>();

  note(label: string, argv: readonly string[], reply: Reply): void {
    if (isDbQuery(argv, reply)) this.counts.set(label, (this.counts.get(label) ?? 0) + 1);
  }

  reset(): void {
    this.counts.clear();
  }

  read(): SlowDbCount {
    const byClient = Object.fromEntries(this.counts);
    return { queries: [...this.counts.values()].reduce((a, b) => a + b, 0), byClient };
  }
}
