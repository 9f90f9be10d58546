/**
 * One RESP connection to an instance: bytes in, commands run, reply bytes out. The Node TCP
 * server wraps each socket in one, and the browser's raw-RESP mode can use the same class
 * with an in-page transport.
 *
 * It does what Redis' processInputBuffer and the write path do around a client:
 * - every complete command in what was received runs in order, and all their replies go out
 *   in one write;
 * - a protocol error is answered, then the connection closes, and nothing after it runs;
 * - QUIT (and anything else setting `closeAfterReply`) stops processing and closes after the
 *   reply;
 * - `POST` and `Host:` as a command name mean an HTTP request reached Redis (a cross-protocol
 *   attack): the connection is dropped without a word, even replies still waiting to go out;
 * - out-of-band pushes (Pub/Sub, invalidation) are written in order with the replies, or on
 *   their own when they arrive between reads;
 * - a command that blocks (BLPOP on an empty list) or is held by CLIENT PAUSE holds back
 *   everything after it: what the peer sends meanwhile is buffered, unparsed, and runs once
 *   the command's reply has been written (Redis' processUnblockedClients);
 * - CLIENT REPLY OFF|SKIP suppresses replies, a deferred one included (engine/reply-mode.ts).
 */
import { BLOCKED } from "../blocking";
import type { Client } from "../client";
import type { Reply } from "../reply";
import { takeReplySuppressed } from "../reply-mode";
import { execHeaderCount } from "../multi";
import { encodeReply } from "./encode";
import { RequestParser } from "./parser";

export interface Transport {
  /** Sends bytes (a byte string: one char per byte) to the peer. */
  write(bytes: string): void;
  /** Closes the connection once everything written has gone out. */
  end(): void;
  /** Closes the connection now; bytes not sent yet are dropped. */
  destroy(): void;
}

export interface SessionOptions {
  /** Raw bytes → byte string; Node passes its native latin1 decoder. */
  decode?: (bytes: Uint8Array) => string;
  /**
   * Past this many buffered request bytes the connection is dropped; by default the
   * instance's client-query-buffer-limit (1 GB), read live.
   */
  maxQueryBuffer?: number;
}

export class RespSession {
  readonly parser: RequestParser;
  /** Set once the connection is closing: nothing more is read or run. */
  closing = false;
  private out = "";
  /** True while commands of this connection run: pushes then join the batched write. */
  private busy = false;
  private flushQueued = false;
  private resumeQueued = false;
  /** A command of this connection blocked or is held by CLIENT PAUSE: its reply comes later. */
  private waiting = false;
  private readonly maxQueryBuffer: () => number;

  constructor(
    readonly client: Client,
    private readonly transport: Transport,
    options: SessionOptions = {},
  ) {
    const config = client.server.config;
    this.parser = new RequestParser({
      maxBulkLen: () => config.num("proto-max-bulk-len"),
      authRequired: () => client.server.authRequired(client),
      decode: options.decode,
    });
    const limit = options.maxQueryBuffer;
    this.maxQueryBuffer = limit === undefined ? () => config.num("client-query-buffer-limit") : () => limit;
    client.onPush = (r) => this.pushed(r);
    client.onKill = () => this.kill();
    client.onDeferredReply = (r) => this.unblocked(r);
  }

  /** Handles bytes received from the peer: runs every complete command, writes the replies. */
  receive(chunk: string | Uint8Array): void {
    if (this.closing) return;
    const c = this.client;
    try {
      this.parser.push(chunk);
    } catch (e) {
      c.server.log("warning", `Closing client id=${c.id} addr=${c.addr} after an internal error: ${e instanceof Error ? e.message : String(e)}`);
      this.out = "";
      this.drop();
      return;
    }
    if (this.parser.buffered > this.maxQueryBuffer()) {
      c.server.log("warning", `Closing client that reached max query buffer length: id=${c.id} addr=${c.addr}`);
      this.out = "";
      this.drop();
      return;
    }
    this.process();
  }

  /** Runs the complete commands buffered so far, until one blocks or the connection closes. */
  private process(): void {
    const c = this.client;
    // A blocked (or paused) client's input waits in the buffer until its reply is out.
    if (this.waiting) return;
    this.busy = true;
    try {
      for (;;) {
        const argv = this.parser.next();
        if (argv === null) {
          const error = this.parser.error;
          if (error) {
            c.server.log("verbose", `Protocol error (${error.reason}) from client: id=${c.id} addr=${c.addr}`);
            this.out += encodeReply(error.reply, c.resp);
            this.closing = true;
          }
          break;
        }
        if (isHttpRequest(argv[0])) {
          c.server.log("warning", `Possible cross-protocol attack: an HTTP '${argv[0]}' line came from ${c.addr}; connection dropped.`);
          this.out = "";
          this.drop();
          return;
        }
        const reply = c.send(argv);
        if (reply.t === BLOCKED.t) {
          this.waiting = true;
          break;
        }
        this.replied(reply);
        if (c.closeAfterReply) {
          this.closing = true;
          break;
        }
      }
    } catch (e) {
      // Whatever goes wrong stays with this connection: log it and hang up.
      c.server.log("warning", `Closing client id=${c.id} addr=${c.addr} after an internal error: ${e instanceof Error ? e.message : String(e)}`);
      this.out = "";
      this.drop();
      return;
    } finally {
      this.busy = false;
    }
    this.flush();
  }

  /** The transport closed (peer hung up, or we closed it): the client leaves the instance. */
  disconnected(): void {
    this.closing = true;
    this.out = "";
    this.client.close();
  }

  /**
   * The blocked command's reply: written at once (after anything already pending), then the
   * commands that arrived meanwhile run, in a later microtask, never from inside the engine
   * call that served this client.
   */
  private unblocked(r: Reply): void {
    this.waiting = false;
    if (this.closing) return;
    this.replied(r);
    if (this.client.closeAfterReply) {
      this.closing = true;
      this.flush();
      return;
    }
    // Held by CLIENT PAUSE and now released: as Redis' processUnblockedClients, the rest of
    // this connection's pipeline runs now, before the next released client's command.
    if (this.client.server.pause.isReleasing) {
      if (this.parser.buffered > 0) this.process();
      else this.flush();
      return;
    }
    if (this.resumeQueued) return;
    this.resumeQueued = true;
    queueMicrotask(() => {
      this.resumeQueued = false;
      if (this.closing) return;
      if (this.parser.buffered > 0) this.process();
      else this.flush();
    });
  }

  /** A command's final reply: written unless CLIENT REPLY suppresses it, then its monitor line. */
  private replied(reply: Reply): void {
    const c = this.client;
    if (!takeReplySuppressed(c)) this.out += encodeFrames(reply, c.resp);
    c.flushOwnMonitorLine();
  }

  private pushed(r: Reply): void {
    // 7.0 sends nothing at all to a client with CLIENT REPLY OFF|SKIP, pushes included.
    if (this.closing || this.client.replyOff || this.client.replySkip) return;
    this.out += encodeReply(r, this.client.resp);
    if (this.busy || this.flushQueued) return;
    // Pushes caused by other clients' commands are coalesced into one write per turn.
    this.flushQueued = true;
    queueMicrotask(() => {
      this.flushQueued = false;
      this.flush();
    });
  }

  /** CLIENT KILL and the like: a client running its own command still gets the reply. */
  private kill(): void {
    if (this.busy) this.client.closeAfterReply = true;
    else this.drop();
  }

  private flush(): void {
    if (this.out) {
      const bytes = this.out;
      this.out = "";
      this.transport.write(bytes);
    }
    if (this.closing) this.transport.end();
  }

  private drop(): void {
    this.closing = true;
    this.transport.destroy();
  }
}

/**
 * A reply's bytes. An EXEC reply whose commands pushed to their own client carries more frames
 * than its header counts (engine/multi.ts): the header is Redis', the frames follow as sent.
 */
function encodeFrames(reply: Reply, resp: 2 | 3): string {
  const header = reply.t === "array" ? execHeaderCount(reply) : undefined;
  if (header === undefined || reply.t !== "array") return encodeReply(reply, resp);
  let out = `*${header}\r\n`;
  for (const frame of reply.v) out += encodeReply(frame, resp);
  return out;
}

/** `POST` or `Host:` as a command name: an HTTP request sent to Redis (server.c). */
function isHttpRequest(name: string): boolean {
  if (name.length === 4) return name.toLowerCase() === "post";
  if (name.length === 5) return name.toLowerCase() === "host:";
  return false;
}
