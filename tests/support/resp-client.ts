/**
 * A small raw RESP client for tests, scripts and benchmarks: it sends commands as RESP arrays
 * and hands back each reply both as raw bytes (for byte-exact comparison) and decoded into
 * the engine's Reply type.
 */
import net from "node:net";
import type { Reply } from "../../engine/reply";

export interface RawReply {
  bytes: string;
  reply: Reply;
}

/** Decodes one reply starting at `pos`; returns null when the buffer holds only part of it. */
export function decodeReply(buf: string, pos: number): { reply: Reply; end: number } | null {
  const eol = buf.indexOf("\r\n", pos);
  if (eol === -1) return null;
  const type = buf[pos];
  const line = buf.slice(pos + 1, eol);
  const next = eol + 2;
  const many = (n: number, start: number, make: (v: Reply[]) => Reply) => {
    const items: Reply[] = [];
    let p = start;
    for (let i = 0; i < n; i++) {
      const r = decodeReply(buf, p);
      if (!r) return null;
      items.push(r.reply);
      p = r.end;
    }
    return { reply: make(items), end: p };
  };
  switch (type) {
    case "+":
      return { reply: { t: "simple", v: line }, end: next };
    case "-":
      return { reply: { t: "error", v: line }, end: next };
    case ":": {
      const n = BigInt(line);
      const v = n >= BigInt(Number.MIN_SAFE_INTEGER) && n <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(n) : n;
      return { reply: { t: "int", v }, end: next };
    }
    case "$":
    case "=": {
      const len = Number(line);
      if (len < 0) return { reply: { t: "null" }, end: next };
      if (buf.length < next + len + 2) return null;
      const body = buf.slice(next, next + len);
      if (type === "=") return { reply: { t: "verbatim", format: body.slice(0, 3), v: body.slice(4) }, end: next + len + 2 };
      return { reply: { t: "bulk", v: body }, end: next + len + 2 };
    }
    case "*": {
      const n = Number(line);
      if (n < 0) return { reply: { t: "nullarray" }, end: next };
      return many(n, next, (v) => ({ t: "array", v }));
    }
    case "%":
      return many(Number(line) * 2, next, (v) => ({ t: "map", v }));
    case "~":
      return many(Number(line), next, (v) => ({ t: "set", v }));
    case ">":
      return many(Number(line), next, (v) => ({ t: "push", v }));
    case "_":
      return { reply: { t: "null" }, end: next };
    case ",":
      return { reply: { t: "double", v: line === "inf" ? Infinity : line === "-inf" ? -Infinity : Number(line) }, end: next };
    case "#":
      return { reply: { t: "bool", v: line === "t" }, end: next };
    case "(":
      return { reply: { t: "bignum", v: line }, end: next };
    default:
      throw new Error(`unexpected RESP type byte ${JSON.stringify(type)} in ${JSON.stringify(buf.slice(pos, pos + 40))}`);
  }
}

export function encodeCommand(argv: readonly string[]): string {
  let out = `*${argv.length}\r\n`;
  for (const a of argv) out += `$${Buffer.byteLength(a, "latin1")}\r\n${a}\r\n`;
  return out;
}

/** One TCP connection; replies are queued in order and matched to waiting callers. */
export class RespConnection {
  private buf = "";
  private waiting: ((r: RawReply) => void)[] = [];
  private ready: RawReply[] = [];
  private closedWaiters: (() => void)[] = [];
  closed = false;

  private constructor(private readonly socket: net.Socket) {
    socket.on("data", (chunk) => {
      this.buf += chunk.toString("latin1");
      for (;;) {
        const r = decodeReply(this.buf, 0);
        if (!r) break;
        const raw = { bytes: this.buf.slice(0, r.end), reply: r.reply };
        this.buf = this.buf.slice(r.end);
        const w = this.waiting.shift();
        if (w) w(raw);
        else this.ready.push(raw);
      }
    });
    socket.on("close", () => {
      this.closed = true;
      for (const w of this.closedWaiters) w();
    });
    socket.on("error", () => {});
  }

  static connect(port: number, host = "127.0.0.1"): Promise<RespConnection> {
    return new Promise((resolve, reject) => {
      const s = net.createConnection({ port, host }, () => resolve(new RespConnection(s)));
      s.setNoDelay(true);
      s.once("error", reject);
    });
  }

  /** Sends raw bytes (latin1) without waiting for anything. */
  write(bytes: string): void {
    this.socket.write(Buffer.from(bytes, "latin1"));
  }

  /** The next reply, or null if the connection closes first or `timeoutMs` passes. */
  next(timeoutMs = 5000): Promise<RawReply | null> {
    const r = this.ready.shift();
    if (r) return Promise.resolve(r);
    if (this.closed) return Promise.resolve(null);
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.waiting = this.waiting.filter((w) => w !== done);
        resolve(null);
      }, timeoutMs);
      const done = (raw: RawReply) => {
        clearTimeout(timer);
        resolve(raw);
      };
      this.waiting.push(done);
      this.closedWaiters.push(() => {
        clearTimeout(timer);
        resolve(null);
      });
    });
  }

  async call(...argv: string[]): Promise<RawReply> {
    this.write(encodeCommand(argv));
    const r = await this.next();
    if (!r) throw new Error(`no reply to ${argv.join(" ")}`);
    return r;
  }

  /** Resolves once the server has closed the connection (or after timeoutMs). */
  waitClosed(timeoutMs = 2000): Promise<boolean> {
    if (this.closed) return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve(false), timeoutMs);
      this.closedWaiters.push(() => {
        clearTimeout(timer);
        resolve(true);
      });
    });
  }

  close(): void {
    this.socket.destroy();
  }
}
