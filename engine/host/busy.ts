/**
 * "The instance is busy until wall time T": how a host makes a held instance hold its clients.
 *
 * Redis runs one command at a time, so while DEBUG SLEEP sleeps every other client's command
 * waits in its socket and runs afterwards. The engine itself never blocks (in the browser it
 * lives in a worker that must keep answering the side-effect-free inspector); instead a
 * command asks for a hold (Server.takeHold) and the host closes this gate until the wall
 * clock reaches the end of it. Work offered meanwhile waits in arrival order and runs when the
 * gate opens; it knows how long it waited, which the UI shows. A script running in its own
 * Lua worker closes the same gate with an open-ended hold (holdOpenEnded) until it ends or
 * busy-reply-threshold passes.
 */
export interface GateScheduler {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export class BusyGate {
  private until = -Infinity;
  private readonly queue: ((waitedMs: number) => void)[] = [];
  private readonly arrived: number[] = [];
  private timer: unknown = null;
  /** Holds with no end time (a script running in its Lua worker), until each is released. */
  private openEnded = 0;

  /** `now` is a monotonic millisecond clock (performance.now). */
  constructor(
    private readonly now: () => number,
    private readonly scheduler: GateScheduler,
  ) {}

  /** True while the instance is held. */
  get busy(): boolean {
    return this.openEnded > 0 || this.now() < this.until;
  }

  /** Milliseconds until the hold ends (0 when free). */
  get remainingMs(): number {
    return Math.max(0, this.until - this.now());
  }

  /** Holds the instance `ms` longer from now (a hold already running is extended, not shortened). */
  holdFor(ms: number): void {
    if (!(ms > 0)) return;
    this.until = Math.max(this.until, this.now() + ms);
    this.arm();
  }

  /**
   * Runs `fn` now when the gate is open and nothing waits before it, else once the hold ends,
   * after what was offered earlier. `fn` receives how long it waited, in ms.
   */
  whenFree(fn: (waitedMs: number) => void): void {
    if (!this.busy && this.queue.length === 0) {
      fn(0);
      return;
    }
    this.queue.push(fn);
    this.arrived.push(this.now());
    this.arm();
  }

  /** True while work waits for the gate to open. */
  get waiting(): boolean {
    return this.queue.length > 0;
  }

  /**
   * Holds the instance until releaseOpenEnded (a script running in its own worker, a Lua
   * worker restarting): nothing offered runs meanwhile.
   */
  holdOpenEnded(): void {
    this.openEnded++;
    if (this.timer !== null) {
      this.scheduler.clearTimeout(this.timer);
      this.timer = null;
    }
  }

  /** Ends one open-ended hold; what waits runs at the next turn once no hold remains. */
  releaseOpenEnded(): void {
    if (this.openEnded > 0) this.openEnded--;
    if (this.queue.length) this.arm();
  }

  /** Ends the hold now (the instance was replaced): what waits runs at the next turn. */
  endHold(): void {
    this.until = -Infinity;
    this.openEnded = 0;
    if (this.queue.length) this.arm();
    else if (this.timer !== null) {
      this.scheduler.clearTimeout(this.timer);
      this.timer = null;
    }
  }

  private arm(): void {
    if (this.timer !== null) this.scheduler.clearTimeout(this.timer);
    this.timer = null;
    if (this.openEnded > 0) return;
    this.timer = this.scheduler.setTimeout(() => this.release(), this.remainingMs);
  }

  /** The hold ended: run what waited, in order, until one of them holds the instance again. */
  private release(): void {
    this.timer = null;
    while (this.queue.length) {
      if (this.busy) {
        this.arm();
        return;
      }
      const fn = this.queue.shift()!;
      const at = this.arrived.shift()!;
      fn(Math.max(0, this.now() - at));
    }
  }
}
