/**
 * Active expiry: Redis 7.0's activeExpireCycle (expire.c), run by the cron at hz, plus what
 * lets Server.advance() fast-forward through idle time without changing the outcome.
 *
 * Redis removes an expired key in two ways: lazily, when a command touches it, and actively,
 * here. Each cron tick the slow cycle visits up to 16 databases; in each it samples keys with
 * a TTL, 20 at a time (more with active-expire-effort), deletes those already past, and samples
 * again while more than 10% of a batch had expired, until 25% of the tick's time is used. When
 * a cycle runs out of time, the next one visits every database, and a short "fast" cycle runs
 * before the event loop sleeps. A lone expired key among many may wait several ticks before
 * the sweep reaches it; real Redis behaves the same way.
 *
 * Time is modelled, not measured: sampling a key costs EXPIRE_US_PER_KEY microseconds, so the
 * same keyspace and clock always give the same result.
 */
import type { Db } from "./db";

/** Redis' ACTIVE_EXPIRE_CYCLE_KEYS_PER_LOOP, _FAST_DURATION (µs), _SLOW_TIME_PERC, _ACCEPTABLE_STALE. */
const KEYS_PER_LOOP = 20;
const FAST_DURATION_US = 1000;
const SLOW_TIME_PERC = 25;
const ACCEPTABLE_STALE = 10;
/** Redis' CRON_DBS_PER_CALL. */
const DBS_PER_CALL = 16;
/** Modelled cost of sampling one key (and deleting it when expired). */
const EXPIRE_US_PER_KEY = 1;

/** What the cycle needs from the instance. */
export interface ExpireHost {
  readonly dbs: readonly Db[];
  /** The instance clock in ms (may be fractional). */
  now(): number;
  effectiveHz(): number;
  effort(): number;
  readonly stats: { expiredStalePerc: number; expiredTimeCapReachedCount: number };
}

interface Params {
  keysPerLoop: number;
  fastDurationUs: number;
  slowTimePerc: number;
  acceptableStale: number;
}

/** Redis rescales active-expire-effort 1..10 to 0..9 and widens each limit with it. */
function params(effortConfig: number): Params {
  const effort = effortConfig - 1;
  return {
    keysPerLoop: KEYS_PER_LOOP + (KEYS_PER_LOOP / 4) * effort,
    fastDurationUs: FAST_DURATION_US + (FAST_DURATION_US / 4) * effort,
    slowTimePerc: SLOW_TIME_PERC + 2 * effort,
    acceptableStale: ACCEPTABLE_STALE - effort,
  };
}

export class ActiveExpire {
  /** The static state Redis keeps between calls. */
  private currentDb = 0;
  private timelimitExit = false;
  private lastFastCycleUs = -Infinity;
  /** Keys sampled so far, all cycles together: advance() measures its work with it. */
  samples = 0;

  constructor(private readonly host: ExpireHost) {}

  /** True when the last cycle ran out of time: beforeSleep then runs a fast cycle. */
  get wantsFastCycle(): boolean {
    return this.timelimitExit;
  }

  /** activeExpireCycle(ACTIVE_EXPIRE_CYCLE_SLOW or _FAST). */
  cycle(fast: boolean): void {
    const host = this.host;
    const p = params(host.effort());
    const startUs = host.now() * 1000;
    const stats = host.stats;
    if (fast) {
      // Redis compares a fraction (0..1) with a percentage here, so in practice a fast cycle
      // runs only after a slow one hit its time limit. Kept as is.
      if (!this.timelimitExit && stats.expiredStalePerc < p.acceptableStale) return;
      if (startUs < this.lastFastCycleUs + p.fastDurationUs * 2) return;
      this.lastFastCycleUs = startUs;
    }
    const dbs = host.dbs;
    let dbsPerCall = DBS_PER_CALL;
    if (dbsPerCall > dbs.length || this.timelimitExit) dbsPerCall = dbs.length;
    // C integer arithmetic: perc * 1000000 / hz / 100 microseconds.
    let timelimit = Math.floor(Math.floor((p.slowTimePerc * 1000000) / host.effectiveHz()) / 100);
    this.timelimitExit = false;
    if (timelimit <= 0) timelimit = 1;
    if (fast) timelimit = p.fastDurationUs;

    const now = Math.floor(host.now());
    let iteration = 0;
    let elapsedUs = 0;
    let totalSampled = 0;
    let totalExpired = 0;
    for (let j = 0; j < dbsPerCall && !this.timelimitExit; j++) {
      const db = dbs[this.currentDb % dbs.length];
      this.currentDb++;
      let expired = 0;
      let sampled = 0;
      do {
        iteration++;
        const n = db.expires.size;
        if (n === 0) break;
        const { keys, next } = db.expires.sweep(db.expiresCursor, Math.min(n, p.keysPerLoop));
        db.expiresCursor = next;
        expired = 0;
        sampled = 0;
        for (const key of keys) {
          const when = db.expires.get(key);
          // activeExpireCycleTryExpire: strictly past, as keyIsExpired.
          if (when !== undefined && now > when) {
            db.deleteExpired(key);
            expired++;
          }
          sampled++;
        }
        totalExpired += expired;
        totalSampled += sampled;
        this.samples += sampled;
        elapsedUs += sampled * EXPIRE_US_PER_KEY;
        // Redis looks at the clock once every 16 iterations.
        if ((iteration & 0xf) === 0 && elapsedUs > timelimit) {
          this.timelimitExit = true;
          stats.expiredTimeCapReachedCount++;
          break;
        }
      } while (sampled === 0 || Math.floor((expired * 100) / sampled) > p.acceptableStale);
    }
    const perc = totalSampled ? totalExpired / totalSampled : 0;
    stats.expiredStalePerc = perc * 0.05 + stats.expiredStalePerc * 0.95;
  }

  /**
   * How many cron ticks, from the one due at `firstAt` on, would find nothing expired and so
   * can be skipped with skipIdleTicks (at most `maxTicks`). When `exact`, 0 where skipping
   * would not be exact: the last cycle ran out of time, or sampling alone would hit the limit.
   */
  idleTicks(firstAt: number, period: number, maxTicks: number, horizon: ExpiryHorizon, exact = true): number {
    if (exact && this.timelimitExit) return 0;
    const earliest = horizon.earliest();
    let idle = maxTicks;
    if (earliest !== Infinity) {
      // A tick at time T finds a key expired when floor(T) > when, i.e. T >= when + 1.
      const firstBusy = Math.max(0, Math.ceil((Math.floor(earliest) + 1 - firstAt) / period));
      idle = Math.min(idle, firstBusy);
    }
    if (idle === 0 || !exact) return idle;
    const p = params(this.host.effort());
    const timelimit = Math.floor(Math.floor((p.slowTimePerc * 1000000) / this.host.effectiveHz()) / 100);
    let perTickUs = 0;
    for (const db of this.dbsPerTick()) perTickUs += Math.min(db.expires.size, p.keysPerLoop) * EXPIRE_US_PER_KEY;
    return perTickUs > Math.max(1, timelimit) ? 0 : idle;
  }

  /**
   * Applies `ticks` idle cycles at once: the same database rotation, sweep positions and
   * stale-keys average as running them one by one, without sampling key by key. Moving the
   * sweep costs up to one pass over each table; `exact` false leaves it where it is.
   */
  skipIdleTicks(ticks: number, exact = true): void {
    const dbs = this.host.dbs;
    const p = params(this.host.effort());
    const perCall = Math.min(DBS_PER_CALL, dbs.length);
    const visitsTotal = ticks * perCall;
    for (let d = 0; d < dbs.length; d++) {
      const db = dbs[d];
      const n = db.expires.size;
      if (n === 0 || !exact) continue;
      const offset = (((d - this.currentDb) % dbs.length) + dbs.length) % dbs.length;
      const visits = offset < visitsTotal ? Math.floor((visitsTotal - 1 - offset) / dbs.length) + 1 : 0;
      // Each visit samples min(n, keysPerLoop) keys, expires none, and stops: the sweep
      // moves that far round the table.
      const steps = Number((BigInt(visits) * BigInt(Math.min(n, p.keysPerLoop))) % BigInt(n));
      if (steps) db.expiresCursor = db.expires.sweep(db.expiresCursor, steps).next;
    }
    this.currentDb += visitsTotal;
    this.host.stats.expiredStalePerc *= 0.95 ** ticks;
  }

  /** The databases one slow cycle visits (no time limit pending). */
  private dbsPerTick(): Db[] {
    const dbs = this.host.dbs;
    const out: Db[] = [];
    const perCall = Math.min(DBS_PER_CALL, dbs.length);
    for (let j = 0; j < perCall; j++) out.push(dbs[(this.currentDb + j) % dbs.length]);
    return out;
  }
}

/**
 * The expiry instants present when a fast-forward starts, in order. Only timers run during
 * advance(), and they only remove keys, so the first entry still present is the earliest
 * expiry left: everything before it is idle time.
 */
export class ExpiryHorizon {
  private readonly entries: { db: Db; key: string; when: number }[] = [];
  private next = 0;

  constructor(dbs: readonly Db[]) {
    for (const db of dbs) {
      if (!db.expires.size) continue;
      for (const [key, when] of db.expires.entries()) this.entries.push({ db, key, when });
    }
    this.entries.sort((a, b) => a.when - b.when);
  }

  /**
   * Deletes, as expired, every key still set to expire before `nowMs` (strictly past, as the
   * cycle decides): the shortcut advance() takes once it has spent its sampling budget.
   */
  reapDue(nowMs: number): void {
    const e = this.entries;
    for (; this.next < e.length && e[this.next].when < nowMs; this.next++) {
      const { db, key, when } = e[this.next];
      if (db.expires.get(key) === when) db.deleteExpired(key);
    }
  }

  /** The earliest expiry instant still set, or Infinity. */
  earliest(): number {
    const e = this.entries;
    while (this.next < e.length) {
      const { db, key, when } = e[this.next];
      if (db.expires.get(key) === when) return when;
      this.next++;
    }
    return Infinity;
  }
}
