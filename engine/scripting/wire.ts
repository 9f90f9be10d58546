/**
 * A compact binary form for what crosses between the engine and the Lua worker: argv, typed
 * Replies, script outcomes — plain values (null, booleans, numbers, bigints, strings, arrays,
 * plain objects). Byte strings stay one byte per char, so a bulk reply costs its length plus
 * five bytes; no RESP text is made or re-parsed on the way.
 */

const T_NULL = 0;
const T_FALSE = 1;
const T_TRUE = 2;
const T_NUMBER = 3;
const T_BIGINT = 4;
/** A string whose chars are all bytes (< 256): one byte each. */
const T_BYTES = 5;
/** Any other string: two bytes per UTF-16 unit. */
const T_WIDE = 6;
const T_ARRAY = 7;
const T_OBJECT = 8;

export type WireValue = null | undefined | boolean | number | bigint | string | readonly WireValue[] | { readonly [k: string]: WireValue };

class Writer {
  buf = new Uint8Array(256);
  view = new DataView(this.buf.buffer);
  len = 0;

  private room(n: number): void {
    if (this.len + n <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.len + n) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.buf.subarray(0, this.len));
    this.buf = next;
    this.view = new DataView(next.buffer);
  }

  u8(v: number): void {
    this.room(1);
    this.buf[this.len++] = v;
  }

  u32(v: number): void {
    this.room(4);
    this.view.setUint32(this.len, v);
    this.len += 4;
  }

  f64(v: number): void {
    this.room(8);
    this.view.setFloat64(this.len, v);
    this.len += 8;
  }

  str(s: string): void {
    let narrow = true;
    for (let i = 0; i < s.length; i++) {
      if (s.charCodeAt(i) > 255) {
        narrow = false;
        break;
      }
    }
    this.u8(narrow ? T_BYTES : T_WIDE);
    this.u32(s.length);
    if (narrow) {
      this.room(s.length);
      for (let i = 0; i < s.length; i++) this.buf[this.len++] = s.charCodeAt(i);
    } else {
      this.room(s.length * 2);
      for (let i = 0; i < s.length; i++) {
        this.view.setUint16(this.len, s.charCodeAt(i));
        this.len += 2;
      }
    }
  }

  value(v: WireValue): void {
    if (v === null || v === undefined) this.u8(T_NULL);
    else if (v === false) this.u8(T_FALSE);
    else if (v === true) this.u8(T_TRUE);
    else if (typeof v === "number") {
      this.u8(T_NUMBER);
      this.f64(v);
    } else if (typeof v === "bigint") {
      this.u8(T_BIGINT);
      this.str(v.toString());
    } else if (typeof v === "string") this.str(v);
    else if (Array.isArray(v)) {
      this.u8(T_ARRAY);
      this.u32(v.length);
      for (const x of v) this.value(x);
    } else {
      const entries = Object.entries(v as Record<string, WireValue>).filter(([, x]) => x !== undefined);
      this.u8(T_OBJECT);
      this.u32(entries.length);
      for (const [k, x] of entries) {
        this.str(k);
        this.value(x);
      }
    }
  }
}

class Reader {
  pos = 0;
  private readonly view: DataView;
  constructor(private readonly buf: Uint8Array) {
    this.view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  }

  private u32(): number {
    const v = this.view.getUint32(this.pos);
    this.pos += 4;
    return v;
  }

  private strBody(tag: number): string {
    const n = this.u32();
    let s = "";
    if (tag === T_BYTES) {
      // Chunks keep String.fromCharCode's argument count well under engine limits.
      for (let i = 0; i < n; i += 8192) s += String.fromCharCode(...this.buf.subarray(this.pos + i, this.pos + Math.min(n, i + 8192)));
      this.pos += n;
    } else {
      const units: number[] = [];
      for (let i = 0; i < n; i++) units.push(this.view.getUint16(this.pos + i * 2));
      this.pos += n * 2;
      for (let i = 0; i < n; i += 8192) s += String.fromCharCode(...units.slice(i, i + 8192));
    }
    return s;
  }

  value(): WireValue {
    const tag = this.buf[this.pos++];
    switch (tag) {
      case T_NULL:
        return null;
      case T_FALSE:
        return false;
      case T_TRUE:
        return true;
      case T_NUMBER: {
        const v = this.view.getFloat64(this.pos);
        this.pos += 8;
        return v;
      }
      case T_BIGINT:
        return BigInt(this.strBody(this.buf[this.pos++]));
      case T_BYTES:
      case T_WIDE:
        return this.strBody(tag);
      case T_ARRAY: {
        const n = this.u32();
        const out: WireValue[] = new Array(n);
        for (let i = 0; i < n; i++) out[i] = this.value();
        return out;
      }
      case T_OBJECT: {
        const n = this.u32();
        const out: Record<string, WireValue> = {};
        for (let i = 0; i < n; i++) {
          const k = this.strBody(this.buf[this.pos++]);
          out[k] = this.value();
        }
        return out;
      }
      default:
        throw new Error(`bad wire tag ${tag} at ${this.pos - 1}`);
    }
  }
}

export function encodeWire(v: WireValue): Uint8Array {
  const w = new Writer();
  w.value(v);
  return w.buf.subarray(0, w.len);
}

export function decodeWire(bytes: Uint8Array): WireValue {
  return new Reader(bytes).value();
}
