/**
 * The streaming request parser: bytes from a connection in, argv arrays out, as Redis 7.0's
 * networking.c reads them (processInputBuffer → processMultibulkBuffer / processInlineBuffer).
 *
 * Bytes may arrive in any chunking: a command split across many chunks, many pipelined
 * commands in one chunk. The parser is pulled, one command at a time, because Redis runs each
 * command before it parses the next: an earlier command in the same chunk still gets its
 * reply when a later one is malformed, and a CONFIG SET proto-max-bulk-len applies to the
 * very next header.
 *
 * Faithful details, each checked against redis-server 7.0.15:
 * - A request starting with '*' is multibulk, anything else is an inline line (telnet).
 * - Header lines are found with strchr(): a NUL byte before the '\r' hides it, so the parser
 *   waits (until the 64 KB limit trips). Only the byte after '\r' is required, not checked.
 * - The two bytes after a bulk's payload are skipped without looking at them.
 * - `*0`, `*-1` (any count ≤ 0) and empty inline lines are skipped silently.
 * - Redis reads 16 KB at a time and checks the 64 KB line limits after each read; the parser
 *   replays a big chunk in 16 KB steps so a 70 KB inline line passes and a 100 KB one fails,
 *   as with Redis.
 * - A huge announced bulk allocates nothing: its bytes are kept as the chunks that came in
 *   and joined only once the whole payload is there.
 */
import { E, protoExpectedDollar } from "../errors";
import type { Reply } from "../reply";
import { splitArgs } from "./split-args";

/** PROTO_INLINE_MAX_SIZE: longest inline line, multibulk count or bulk header line. */
export const PROTO_INLINE_MAX_SIZE = 64 * 1024;
/** PROTO_IOBUF_LEN: how much Redis reads from a socket at once. */
export const PROTO_IOBUF_LEN = 16 * 1024;
/** PROTO_MBULK_BIG_ARG: bulks from this size on are read straight to their end. */
export const PROTO_MBULK_BIG_ARG = 32 * 1024;
/** The largest multibulk count Redis 7.0 accepts (INT_MAX). */
const MAX_MULTIBULK = 2147483647;
/** Before AUTH (when a password is set), requests are held to these sizes. */
const UNAUTH_MAX_MULTIBULK = 10;
const UNAUTH_MAX_BULK = 16384;
/** The smallest proto-max-bulk-len CONFIG accepts: bulks up to this size are always allowed. */
const MIN_MAX_BULK_LEN = 1024 * 1024;
const LLONG_MAX = BigInt("9223372036854775807");
const LLONG_MIN = BigInt("-9223372036854775808");

const CR = 13;
const LF = "\n";
const STAR = 42;
const DOLLAR = 36;

/** A malformed request: the reply Redis sends before closing, and the reason it logs. */
export class ProtocolError {
  constructor(
    readonly reply: Reply,
    readonly reason: string,
  ) {}
}

export interface ParserOptions {
  /**
   * proto-max-bulk-len, read at every bulk header longer than 1 MB, the lowest value CONFIG
   * allows (so CONFIG SET applies at once and short bulks pay nothing).
   */
  maxBulkLen?: () => number;
  /** Redis' authRequired(c): a password is set and this client has not authenticated yet. */
  authRequired?: () => boolean;
  /** Turns received bytes into a byte string (one char per byte); hosts pass a native one. */
  decode?: (bytes: Uint8Array) => string;
}

/** The two kinds of request (Redis' PROTO_REQ_INLINE and PROTO_REQ_MULTIBULK). */
const INLINE = 1;
const MULTIBULK = 2;

export class RequestParser {
  /** Received bytes not consumed yet start at `pos`; only those before `end` are "read". */
  private buf = "";
  private pos = 0;
  private end = 0;
  private reqtype = 0;
  /** Arguments still expected in the current multibulk request (0 when between requests). */
  private multibulk = 0;
  /** Length of the bulk being read, or -1 while its `$` header is awaited. */
  private bulk = -1;
  private argv: string[] = [];
  private argvBytes = 0;
  /** The chunks of a big bulk still arriving, kept as they came until it is complete. */
  private big: (string | Uint8Array)[] | null = null;
  private bigLen = 0;
  /** Set once a request was malformed: the parser then accepts nothing more. */
  error: ProtocolError | null = null;
  private readonly maxBulkLen: () => number;
  private readonly authRequired: () => boolean;
  private readonly decode: (bytes: Uint8Array) => string;

  constructor(options: ParserOptions = {}) {
    this.maxBulkLen = options.maxBulkLen ?? (() => 512 * 1024 * 1024);
    this.authRequired = options.authRequired ?? (() => false);
    this.decode = options.decode ?? latin1;
  }

  /** Bytes held for requests not complete yet (the query buffer plus parsed arguments). */
  get buffered(): number {
    return this.buf.length - this.pos + this.bigLen + this.argvBytes;
  }

  /** Adds received bytes (a byte string, or raw bytes). */
  push(chunk: string | Uint8Array): void {
    if (this.error || chunk.length === 0) return;
    if (this.big) {
      this.big.push(chunk);
      this.bigLen += chunk.length;
      return;
    }
    const s = typeof chunk === "string" ? chunk : this.decode(chunk);
    if (this.pos >= this.buf.length) {
      this.buf = s;
      this.end = 0;
    } else {
      this.buf = this.buf.slice(this.pos) + s;
      this.end -= this.pos;
    }
    this.pos = 0;
  }

  /**
   * The next complete command (argv as byte strings), or null: more bytes are needed, or the
   * request was malformed — then `error` says how, and the connection should close.
   */
  next(): string[] | null {
    for (;;) {
      if (this.error) return null;
      if (this.big && !this.finishBig()) return null;
      if (this.pos >= this.end && !this.read()) return null;
      if (this.reqtype === 0) this.reqtype = this.buf.charCodeAt(this.pos) === STAR ? MULTIBULK : INLINE;
      const argv = this.reqtype === INLINE ? this.inline() : this.multibulkStep();
      if (argv === null) {
        if (this.error) {
          this.buf = "";
          this.pos = this.end = 0;
          this.argv = [];
          this.argvBytes = 0;
          return null;
        }
        if (this.read()) continue;
        return null;
      }
      this.reqtype = 0;
      this.multibulk = 0;
      this.bulk = -1;
      this.argv = [];
      this.argvBytes = 0;
      if (argv.length) return argv;
    }
  }

  private fail(reply: Reply, reason: string): null {
    this.error = new ProtocolError(reply, reason);
    return null;
  }

  /** Makes the next 16 KB of what was pushed visible, as one read(2) by Redis; false if none. */
  private read(): boolean {
    if (this.end >= this.buf.length) return false;
    this.end = Math.min(this.end + PROTO_IOBUF_LEN, this.buf.length);
    return true;
  }

  /** Where the header line at pos ends: its '\r', once the byte after it was read too; else -1. */
  private lineEnd(pos: number): number {
    const cr = this.buf.indexOf("\r", pos);
    return cr === -1 || cr + 2 > this.end ? -1 : cr;
  }

  /**
   * strchr() stops at a NUL byte, so Redis does not see a '\r' that comes after one: such a
   * line counts as unterminated. Only checked when a header looks malformed, since a NUL
   * always makes it so.
   */
  private hidesEnd(pos: number, cr: number): boolean {
    for (let i = pos; i < cr; i++) if (this.buf.charCodeAt(i) === 0) return true;
    return false;
  }

  private inline(): string[] | null {
    const buf = this.buf;
    const start = this.pos;
    let nl = buf.indexOf(LF, start);
    if (nl !== -1 && nl < this.end) {
      for (let i = start; i < nl; i++) {
        if (buf.charCodeAt(i) === 0) {
          nl = -1;
          break;
        }
      }
    }
    if (nl === -1 || nl >= this.end) {
      if (this.end - start > PROTO_INLINE_MAX_SIZE) return this.fail(E.PROTO_TOO_BIG_INLINE, "too big inline request");
      return null;
    }
    const stop = nl > start && buf.charCodeAt(nl - 1) === CR ? nl - 1 : nl;
    const argv = splitArgs(buf.slice(start, stop));
    if (argv === null) return this.fail(E.PROTO_UNBALANCED_QUOTES, "unbalanced quotes in inline request");
    this.pos = nl + 1;
    return argv;
  }

  private multibulkStep(): string[] | null {
    const buf = this.buf;
    if (this.multibulk === 0) {
      let cr = this.lineEnd(this.pos);
      const n = cr === -1 ? NaN : string2ll(buf, this.pos + 1, cr);
      if (Number.isNaN(n) && cr !== -1 && this.hidesEnd(this.pos, cr)) cr = -1;
      if (cr === -1) {
        if (this.end - this.pos > PROTO_INLINE_MAX_SIZE) return this.fail(E.PROTO_TOO_BIG_MBULK_COUNT, "too big mbulk count string");
        return null;
      }
      if (Number.isNaN(n) || n > MAX_MULTIBULK) return this.fail(E.PROTO_INVALID_MBULK_LEN, "invalid mbulk count");
      if (n > UNAUTH_MAX_MULTIBULK && this.authRequired()) return this.fail(E.PROTO_UNAUTH_MBULK_LEN, "unauth mbulk count");
      this.pos = cr + 2;
      if (n <= 0) return this.argv;
      this.multibulk = n;
    }
    const argv = this.argv;
    while (this.multibulk) {
      if (this.bulk === -1) {
        const pos = this.pos;
        let cr = this.lineEnd(pos);
        const dollar = cr !== -1 && buf.charCodeAt(pos) === DOLLAR;
        const n = dollar ? string2ll(buf, pos + 1, cr) : NaN;
        if (Number.isNaN(n) && cr !== -1 && this.hidesEnd(pos, cr)) cr = -1;
        if (cr === -1) {
          if (this.end - pos > PROTO_INLINE_MAX_SIZE) return this.fail(E.PROTO_TOO_BIG_BULK_COUNT, "too big bulk count string");
          return null;
        }
        if (!dollar) return this.fail(protoExpectedDollar(buf[pos]), "expected $ but got something else");
        // proto-max-bulk-len cannot be set below 1 MB, so only longer bulks need to ask.
        if (Number.isNaN(n) || n < 0 || (n > MIN_MAX_BULK_LEN && n > this.maxBulkLen())) {
          return this.fail(E.PROTO_INVALID_BULK_LEN, "invalid bulk length");
        }
        if (n > UNAUTH_MAX_BULK && this.authRequired()) return this.fail(E.PROTO_UNAUTH_BULK_LEN, "unauth bulk length");
        this.pos = cr + 2;
        this.bulk = n;
        // Redis reads a big argument straight to its end rather than 16 KB at a time.
        if (n >= PROTO_MBULK_BIG_ARG) this.end = Math.max(this.end, Math.min(buf.length, this.pos + n + 2));
      }
      const len = this.bulk;
      if (this.end - this.pos < len + 2) {
        if (len >= PROTO_MBULK_BIG_ARG && buf.length - this.pos < len + 2) {
          // Keep the chunks as they come; nothing is allocated for what was only announced.
          this.big = [buf.slice(this.pos)];
          this.bigLen = buf.length - this.pos;
          this.buf = "";
          this.pos = this.end = 0;
        }
        return null;
      }
      const arg = buf.slice(this.pos, this.pos + len);
      // A slice shares its chunk's memory: an argument that ends up stored (a key, a value)
      // would keep the whole chunk alive. Copy it when that would waste much.
      argv.push(len >= 13 && buf.length - len > (len > 1024 ? len : 1024) ? detach(arg) : arg);
      this.argvBytes += len;
      this.pos += len + 2;
      this.bulk = -1;
      this.multibulk--;
    }
    return argv;
  }

  /** Once a big bulk's bytes have all arrived, makes them (and what follows) the buffer again. */
  private finishBig(): boolean {
    const parts = this.big!;
    if (this.bigLen < this.bulk + 2) return false;
    let all: string;
    if (parts.every((p) => typeof p === "string")) {
      all = (parts as string[]).join("");
    } else {
      // Join the raw bytes first and decode once: one copy, and hosts may decode big byte
      // runs off the JS heap (Node makes an external string).
      const bytes = new Uint8Array(this.bigLen);
      let at = 0;
      for (const p of parts) {
        if (typeof p === "string") for (let i = 0; i < p.length; i++) bytes[at++] = p.charCodeAt(i);
        else {
          bytes.set(p, at);
          at += p.length;
        }
      }
      parts.length = 0;
      all = this.decode(bytes);
    }
    this.big = null;
    this.bigLen = 0;
    // The bulk is now whole at the start of the buffer; multibulkStep takes it from here.
    this.buf = all;
    this.pos = 0;
    this.end = this.bulk + 2;
    return true;
  }
}

/**
 * Redis' string2ll over buf[start, stop): an optional '-', then digits with no leading zero
 * (a lone "0" aside), within a signed 64-bit range. NaN when it is not one.
 */
export function string2ll(buf: string, start: number, stop: number): number {
  const len = stop - start;
  if (len <= 0 || len >= 21) return NaN;
  let i = start;
  if (len === 1 && buf.charCodeAt(i) === 48) return 0;
  const negative = buf.charCodeAt(i) === 45;
  if (negative && ++i === stop) return NaN;
  let c = buf.charCodeAt(i++);
  if (c < 49 || c > 57) return NaN;
  let v = c - 48;
  while (i < stop) {
    c = buf.charCodeAt(i++);
    if (c < 48 || c > 57) return NaN;
    v = v * 10 + (c - 48);
  }
  if (len >= 16) {
    // Past 2^53 doubles are not exact: decide overflow (and round once) with BigInt.
    const b = BigInt(buf.slice(start, stop));
    if (b > LLONG_MAX || b < LLONG_MIN) return NaN;
    return Number(b);
  }
  return negative ? -v : v;
}

/**
 * A copy of a string that no longer shares memory with the string it was sliced from. V8
 * flattens a concatenation into fresh memory when it is sliced; the slice then points there.
 */
function detach(s: string): string {
  return (s + " ").slice(0, -1);
}

/** Raw bytes → byte string, without Node (TextDecoder's "latin1" is really windows-1252). */
function latin1(bytes: Uint8Array): string {
  let out = "";
  for (let i = 0; i < bytes.length; i += 0x2000) {
    out += String.fromCharCode.apply(null, bytes.subarray(i, i + 0x2000) as unknown as number[]);
  }
  return out;
}
