/**
 * The instance's clock. The engine never reads the wall clock itself: a host passes a time
 * source (Date.now in the browser and in Node), and lessons can pause the clock or move it
 * forward. `Server.advance()` is what moves it forward while running every timer due on the
 * way; this class only keeps the arithmetic of "what time is it for this instance".
 */
export type TimeSource = () => number;

export interface ClockOptions {
  paused?: boolean;
  startMs?: number;
  /**
   * A monotonic microsecond counter for timing commands (INFO commandstats, SLOWLOG, LATENCY):
   * hosts pass `performance.now() * 1000`. Without one every command takes 0 µs, so tests
   * stay deterministic.
   */
  elapsedUs?: () => number;
}

export class Clock {
  private offset = 0;
  private frozenAt: number | null = null;
  /** A running clock never reads earlier than this (see hold). */
  private floor = -Infinity;
  /** Monotonic microseconds, for measuring how long a command ran (never instance time). */
  readonly elapsedUs: () => number;

  constructor(
    private readonly source: TimeSource,
    options: ClockOptions = {},
  ) {
    if (options.startMs !== undefined) this.offset = options.startMs - source();
    if (options.paused) this.frozenAt = this.source() + this.offset;
    this.elapsedUs = options.elapsedUs ?? (() => 0);
  }

  /** Milliseconds since the Unix epoch, as this instance sees them (may be fractional). */
  now(): number {
    if (this.frozenAt !== null) return this.frozenAt;
    const t = this.source() + this.offset;
    return t < this.floor ? this.floor : t;
  }

  /**
   * The instance was busy for `ms` (DEBUG SLEEP): its time is at least `ms` later from here on.
   * A paused clock simply moves on. A running clock jumps ahead and then stands still until
   * the wall catches up, so it is not left `ms` ahead for good once the host has held the
   * instance for that long in wall time (engine/host/busy.ts).
   */
  hold(ms: number): void {
    if (this.frozenAt !== null) this.frozenAt += ms;
    else this.floor = this.now() + ms;
  }

  get paused(): boolean {
    return this.frozenAt !== null;
  }

  pause(): void {
    if (this.frozenAt === null) this.frozenAt = this.now();
  }

  resume(): void {
    if (this.frozenAt === null) return;
    this.offset = this.frozenAt - this.source();
    this.frozenAt = null;
  }

  /** Jump to an absolute instant. Only Server.advance() should move time forward. */
  setNow(ms: number): void {
    if (this.frozenAt !== null) this.frozenAt = ms;
    else {
      this.offset = ms - this.source();
      this.floor = -Infinity;
    }
  }
}

/** A clock that only moves when told to: for tests and for lessons that fast-forward. */
export const manualClock = (startMs = Date.UTC(2024, 0, 1)): Clock =>
  new Clock(() => 0, { paused: true, startMs });
