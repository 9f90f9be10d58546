/**
 * Two mailboxes in one SharedArrayBuffer between the engine and its Lua worker: one toward the
 * engine (redis.call requests, logs, the script's outcome), one toward the Lua worker (run and
 * compile requests, redis.call replies). A side that needs an answer now waits with
 * Atomics.wait (the Lua worker inside redis.call; the engine for a synchronous run); the
 * engine otherwise learns of a message through Atomics.waitAsync, so it keeps serving while a
 * script runs.
 *
 * A mailbox holds one chunk at a time (state 0 empty, 1 full): a message longer than the data
 * area goes in several chunks, the sender waiting for each to be taken. Every message is a
 * wire value (wire.ts).
 */
import { decodeWire, encodeWire, type WireValue } from "./wire";

/** Per-mailbox header, in Int32 slots. */
const H_STATE = 0;
const H_CHUNK = 1;
const H_TOTAL = 2;
const HEADER_SLOTS = 4;
/** Slot 8: the Lua worker sets it to 1 once its VM is loaded. */
const READY_SLOT = 8;
const CTRL_BYTES = 64;

export const TO_ENGINE = 0;
export const TO_LUA = 1;

/** The default data area per mailbox: a redis.call reply bigger than this goes in chunks. */
export const DEFAULT_CHUNK_BYTES = 1 << 20;

export class SabChannel {
  readonly ctrl: Int32Array;
  private readonly data: Uint8Array[];
  readonly chunkBytes: number;

  constructor(readonly sab: SharedArrayBuffer) {
    this.ctrl = new Int32Array(sab, 0, CTRL_BYTES / 4);
    this.chunkBytes = (sab.byteLength - CTRL_BYTES) >> 1;
    this.data = [new Uint8Array(sab, CTRL_BYTES, this.chunkBytes), new Uint8Array(sab, CTRL_BYTES + this.chunkBytes, this.chunkBytes)];
  }

  static create(chunkBytes = DEFAULT_CHUNK_BYTES): SabChannel {
    return new SabChannel(new SharedArrayBuffer(CTRL_BYTES + 2 * chunkBytes));
  }

  private slot(box: number, h: number): number {
    return box * HEADER_SLOTS + h;
  }

  /** Sends one message, waiting (Atomics.wait) while the mailbox is full. */
  send(box: number, message: WireValue): void {
    const bytes = encodeWire(message);
    const state = this.slot(box, H_STATE);
    let off = 0;
    do {
      while (Atomics.load(this.ctrl, state) !== 0) Atomics.wait(this.ctrl, state, 1, 50);
      const n = Math.min(this.chunkBytes, bytes.length - off);
      this.data[box].set(bytes.subarray(off, off + n));
      Atomics.store(this.ctrl, this.slot(box, H_CHUNK), n);
      Atomics.store(this.ctrl, this.slot(box, H_TOTAL), bytes.length);
      off += n;
      Atomics.store(this.ctrl, state, 1);
      Atomics.notify(this.ctrl, state);
    } while (off < bytes.length);
  }

  /** True when a message (its first chunk) waits in the mailbox. */
  hasMessage(box: number): boolean {
    return Atomics.load(this.ctrl, this.slot(box, H_STATE)) === 1;
  }

  /**
   * Takes the next message, waiting up to `timeoutMs` for it to arrive (Infinity: for ever);
   * undefined when none came in time. Once the first chunk is in, the rest follow promptly.
   */
  receive(box: number, timeoutMs = Infinity): WireValue | undefined {
    const state = this.slot(box, H_STATE);
    while (Atomics.load(this.ctrl, state) !== 1) {
      // A wait may end early (a notify meant for the other side of this mailbox): only a
      // timeout ends the receive.
      if (Atomics.wait(this.ctrl, state, 0, timeoutMs) === "timed-out") return undefined;
    }
    const total = Atomics.load(this.ctrl, this.slot(box, H_TOTAL));
    const out = new Uint8Array(total);
    let off = 0;
    for (;;) {
      const n = Atomics.load(this.ctrl, this.slot(box, H_CHUNK));
      out.set(this.data[box].subarray(0, n), off);
      off += n;
      Atomics.store(this.ctrl, state, 0);
      Atomics.notify(this.ctrl, state);
      if (off >= total) break;
      while (Atomics.load(this.ctrl, state) !== 1) Atomics.wait(this.ctrl, state, 0, 50);
    }
    return decodeWire(out);
  }

  /**
   * Resolves once a message waits in the mailbox (Atomics.waitAsync where the platform has
   * it, else a short poll), or when `cancelled()` turns true.
   */
  async whenMessage(box: number, cancelled: () => boolean): Promise<void> {
    const state = this.slot(box, H_STATE);
    while (!cancelled() && Atomics.load(this.ctrl, state) !== 1) await waitAsync(this.ctrl, state, 0, 100);
  }

  markReady(): void {
    Atomics.store(this.ctrl, READY_SLOT, 1);
    Atomics.notify(this.ctrl, READY_SLOT);
  }

  get ready(): boolean {
    return Atomics.load(this.ctrl, READY_SLOT) === 1;
  }

  /** Waits (blocking) up to `timeoutMs` for the worker to be ready. */
  waitReady(timeoutMs: number): boolean {
    if (!this.ready) Atomics.wait(this.ctrl, READY_SLOT, 0, timeoutMs);
    return this.ready;
  }

  /** Resolves when the worker is ready (or after `timeoutMs`). */
  async whenReady(timeoutMs: number): Promise<boolean> {
    // Bounded by rounds of 50 ms rather than the wall clock, which the engine does not read.
    for (let waited = 0; !this.ready && waited < timeoutMs; waited += 50) await waitAsync(this.ctrl, READY_SLOT, 0, 50);
    return this.ready;
  }
}

type WaitAsync = (a: Int32Array, i: number, v: number, t: number) => { async: boolean; value: Promise<string> | string };

/** Atomics.waitAsync, or a timer-based poll where it is missing (older Firefox). */
function waitAsync(ctrl: Int32Array, index: number, value: number, timeoutMs: number): Promise<unknown> {
  const wa = (Atomics as unknown as { waitAsync?: WaitAsync }).waitAsync;
  if (wa) {
    const r = wa(ctrl, index, value, timeoutMs);
    return r.async ? (r.value as Promise<string>) : Promise.resolve(r.value);
  }
  return new Promise((resolve) => globalThis.setTimeout(resolve, 1));
}
