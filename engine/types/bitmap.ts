/**
 * A string value that bit commands can change in place: SETBIT and BITFIELD write into a
 * growable byte buffer, the way Redis writes into its sds.
 *
 * Why: the engine keeps string values as immutable JS strings (one char per byte), so setting
 * one bit of a 128 KB bitmap would copy all 128 KB. Instead SETBIT turns the key's value into
 * a BitmapString once (dbUnshareStringValue in Redis also swaps in a private raw copy), and
 * every later write is O(1). The string form is built only when something reads `value`
 * (GET, APPEND, COPY, the inspector) and is kept until the next write, so a reader pays O(N)
 * once per change, as Redis' GET pays to send the bytes.
 *
 * It is a StringObject like any other: `value` is an accessor, so every reader of `o.value`
 * works unchanged and a writer that assigns `o.value` simply replaces the bytes. A copy (COPY's
 * newString(o.value, o.enc), or a spread) is a plain string object with the current text.
 * The encoding is always "raw", as SETBIT leaves it.
 */
import type { SdsRoom } from "../memory/alloc";
import type { StringObject } from "../object";
import { fromUint8, toUint8 } from "../util/bytes";

/** sdsMakeRoomFor's greedy growth: double while small, then 1 MB at a time. */
const GROW_STEP_LIMIT = 1024 * 1024;

export class BitmapString implements StringObject {
  readonly type = "string" as const;
  enc = "raw" as const;
  lru = 0;
  lfuCounter = 0;
  lfuMinutes = 0;
  /** The sds room the memory model counts (StringObject.sds). */
  sds?: SdsRoom;
  /** The bytes, valid up to `len`; null while only the text form exists. */
  private buf: Uint8Array | null;
  private len: number;
  /** The text form, or null when a write made it stale. */
  private text: string | null;
  declare value: string;

  /**
   * `value` is an own, enumerable accessor: a copy made with `{ ...o }` gets the current text
   * as a plain data property (and is a plain string object, not a BitmapString).
   */
  private static readonly VALUE: PropertyDescriptor = {
    enumerable: true,
    configurable: true,
    get(this: BitmapString): string {
      if (this.text === null) this.text = fromUint8(this.buf!.subarray(0, this.len));
      return this.text;
    },
    set(this: BitmapString, v: string): void {
      this.text = v;
      this.buf = null;
      this.len = v.length;
    },
  };

  private constructor(buf: Uint8Array | null, len: number, text: string | null) {
    this.buf = buf;
    this.len = len;
    this.text = text;
    Object.defineProperty(this, "value", BitmapString.VALUE);
  }

  /** A mutable copy of a string's bytes (the text is shared, not copied, until a write). */
  static fromString(s: string): BitmapString {
    return new BitmapString(null, s.length, s);
  }

  /** Takes ownership of `bytes` (BITOP's result): no copy is made. */
  static fromBytes(bytes: Uint8Array): BitmapString {
    return new BitmapString(bytes, bytes.length, null);
  }

  /** The length in bytes, without building the text. */
  get length(): number {
    return this.len;
  }

  /** A read-only view of the bytes (valid until the next write). */
  bytes(): Uint8Array {
    return this.writable().subarray(0, this.len);
  }

  byteAt(i: number): number {
    if (i >= this.len) return 0;
    return this.buf ? this.buf[i] : this.text!.charCodeAt(i);
  }

  /**
   * Zero-pads the value to at least `size` bytes (sdsgrowzero); returns how many bytes were
   * added. Marks the text stale only when it actually grew.
   */
  growZero(size: number): number {
    if (size <= this.len) return 0;
    const buf = this.writable();
    if (size > buf.length) {
      const cap = size < GROW_STEP_LIMIT ? size * 2 : size + GROW_STEP_LIMIT;
      const bigger = new Uint8Array(cap);
      bigger.set(buf.subarray(0, this.len));
      this.buf = bigger;
    }
    // Bytes past `len` are zero: a fresh buffer is zeroed and nothing writes beyond `len`.
    const added = size - this.len;
    this.len = size;
    this.text = null;
    return added;
  }

  /** The bytes for writing in place (BITFIELD): the text form is dropped as stale. */
  edit(): Uint8Array {
    const buf = this.writable();
    this.text = null;
    return buf;
  }

  /** Stores a byte inside the current length. */
  setByte(i: number, b: number): void {
    const buf = this.writable();
    if (buf[i] === b) return;
    buf[i] = b;
    this.text = null;
  }

  private writable(): Uint8Array {
    if (this.buf === null) this.buf = toUint8(this.text!);
    return this.buf;
  }
}

/** The bytes of any string object for reading: a buffer view or the string itself, O(1). */
export function readableBytes(o: StringObject): Uint8Array | string {
  return o instanceof BitmapString ? o.bytes() : o.value;
}
