/**
 * The instance's clock. The engine never reads the wall clock itself: a host passes a time
 * source (Date.now in the browser and in Node), and lessons can pause the clock or move it
 * forward. `Server.advance()` is what moves it forward while running every timer due on the
 * way; this class only keeps the arithmetic of "what time is it for this instance".
 */
export type TimeSource = () => number;

export class Clock {
  private offset = 0;
  private frozenAt: number | null = null;

  constructor(
    private readonly source: TimeSource,
    options: { paused?: boolean; startMs?: number } = {},
  ) {
    if (options.startMs !== undefined) this.offset = options.startMs - source();
    if (options.paused) this.frozenAt = this.source() + this.offset;
  }

  /** Milliseconds since the Unix epoch, as this instance sees them (may be fractional). */
  now(): number {
    return this.frozenAt ?? this.source() + this.offset;
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
    else this.offset = ms - this.source();
  }
}

/** A clock that only moves when told to: for tests and for lessons that fast-forward. */
export const manualClock = (startMs = Date.UTC(2024, 0, 1)): Clock =>
  new Clock(() => 0, { paused: true, startMs });
