/**
 * In-process figures for issue 4 (streams and Pub/Sub), each beside a SET baseline measured in
 * slices interleaved with its own, so a slower machine or a busy CPU moves both and the ratio
 * stays readable:
 * - XADD with a generated ID (`*`), on ten growing streams,
 * - XRANGE of 10 entries from a random point of a 100k-entry stream,
 * - XREADGROUP COUNT 10 and the XACK of the ten entries it delivered (one "op" is the pair,
 *   so entries flow at ten times the figure), wrapping around with XGROUP SETID at the end,
 * - PUBLISH to a channel with 100 subscribed in-process clients (one op is one PUBLISH, which
 *   delivers 100 messages).
 * Two modes as in inprocess.ts: `execute` (dispatch only; pushes are handed to a no-op sink)
 * and `execute+encode` (every reply and every delivered message encoded to RESP2, which is
 * the work a TCP connection adds).
 */
import { createServer, type Server } from "../engine/server";
import { Clock } from "../engine/clock";
import { encodeReply } from "../engine/resp/encode";
import type { Client } from "../engine/client";
import type { Reply } from "../engine/reply";

export interface MultiResult {
  name: string;
  /** Operations per second, or null when a command is not implemented. */
  execute: number | null;
  encoded: number | null;
  /** SET's ops/s measured in slices interleaved with this run's (same mode), the ratio's base. */
  executeBase: number | null;
  encodedBase: number | null;
}

/** Runs `step` in batches for about `ms`; returns steps per second. */
function slice(ms: number, step: (i: number) => void, from: number, batch = 256): { rate: number; steps: number } {
  let steps = 0;
  const start = performance.now();
  let now = start;
  while (now - start < ms) {
    for (let i = 0; i < batch; i++) step(from + steps + i);
    steps += batch;
    now = performance.now();
  }
  return { rate: (steps * 1000) / (now - start), steps };
}

/**
 * The best rate over a few short slices, alternating with the baseline's slices: on a shared
 * machine the load changes from second to second, and the best slice of each, taken in the
 * same window, is the figure least disturbed by others (and a fair ratio).
 */
function measurePair(ms: number, step: (i: number) => void, base: (i: number) => void, rounds = 5): [number, number] {
  const warmup = 5_000;
  for (let i = 0; i < warmup; i++) {
    step(i);
    base(i);
  }
  let best = 0;
  let bestBase = 0;
  let n = warmup;
  let nBase = warmup;
  for (let r = 0; r < rounds; r++) {
    const b = slice(ms / rounds, base, nBase);
    nBase += b.steps;
    bestBase = Math.max(bestBase, b.rate);
    const x = slice(ms / rounds, step, n);
    n += x.steps;
    best = Math.max(best, x.rate);
  }
  return [best, bestBase];
}

let kept: unknown;
const keep = (x: unknown) => {
  kept = x;
};
export const lastKeptMulti = () => kept;

const freshServer = (): Server => createServer({ clock: new Clock(() => Date.now()) });
const unknown = (r: Reply) => r.t === "error" && /^ERR unknown command/.test(r.v);

/** One figure: builds its own instance per mode, so state from one mode never slows the other. */
interface Bench {
  name: string;
  /** Prepares an instance; returns the step to time, or null when not implemented. */
  setup: (server: Server, encode: boolean) => ((i: number) => void) | null;
}

const run = (c: Client, argv: string[], encode: boolean) => {
  const r = c.execute(argv);
  keep(encode ? encodeReply(r, 2) : r);
  return r;
};

const cycle = (f: (i: number) => string[]) => Array.from({ length: 4096 }, (_, i) => f(i));

const set: Bench = {
  name: "SET",
  setup: (server, encode) => {
    const c = server.connect();
    const argvs = cycle((i) => ["SET", `key:${String(i % 10_000).padStart(12, "0")}`, "xxx"]);
    return (i) => run(c, argvs[i % argvs.length], encode);
  },
};

const xadd: Bench = {
  name: "XADD * (10 streams)",
  setup: (server, encode) => {
    const c = server.connect();
    if (unknown(c.execute(["XADD", "probe", "*", "f", "v"]))) return null;
    const argvs = cycle((i) => ["XADD", `stream:${i % 10}`, "*", "f", "v"]);
    return (i) => run(c, argvs[i % argvs.length], encode);
  },
};

const STREAM_LEN = 100_000;

const xrange: Bench = {
  name: "XRANGE COUNT 10 (stream of 100k)",
  setup: (server, encode) => {
    const c = server.connect();
    if (unknown(c.execute(["XADD", "probe", "*", "f", "v"]))) return null;
    for (let i = 1; i <= STREAM_LEN; i++) c.execute(["XADD", "xr", `${i}-0`, "field", "value", "n", String(i)]);
    const argvs = cycle((i) => ["XRANGE", "xr", String(1 + ((i * 7919) % (STREAM_LEN - 10))), "+", "COUNT", "10"]);
    return (i) => run(c, argvs[i % argvs.length], encode);
  },
};

/** The IDs of an XREADGROUP reply ([[key, [[id, fields], ...]]] in RESP2). */
function deliveredIds(r: Reply): string[] {
  if (r.t !== "array" || r.v.length === 0) return [];
  const stream = r.v[0];
  if (stream.t !== "array") return [];
  const entries = stream.v[1];
  if (entries.t !== "array") return [];
  const ids: string[] = [];
  for (const e of entries.v) if (e.t === "array" && e.v[0].t === "bulk") ids.push(e.v[0].v);
  return ids;
}

const readAck: Bench = {
  name: "XREADGROUP COUNT 10 + XACK of the 10",
  setup: (server, encode) => {
    const c = server.connect();
    if (unknown(c.execute(["XADD", "probe", "*", "f", "v"]))) return null;
    for (let i = 1; i <= STREAM_LEN; i++) c.execute(["XADD", "q", `${i}-0`, "field", "value", "n", String(i)]);
    c.execute(["XGROUP", "CREATE", "q", "g", "0"]);
    const read = ["XREADGROUP", "GROUP", "g", "worker", "COUNT", "10", "STREAMS", "q", ">"];
    return () => {
      let ids = deliveredIds(run(c, read, encode));
      if (ids.length === 0) {
        // The group reached the end: start over (the PEL is empty, everything was acked).
        c.execute(["XGROUP", "SETID", "q", "g", "0"]);
        ids = deliveredIds(run(c, read, encode));
      }
      run(c, ["XACK", "q", "g", ...ids], encode);
    };
  },
};

const SUBSCRIBERS = 100;

const publish: Bench = {
  name: `PUBLISH to ${SUBSCRIBERS} subscribers`,
  setup: (server, encode) => {
    const c = server.connect();
    if (unknown(c.execute(["SUBSCRIBE", "probe"]))) return null;
    c.execute(["UNSUBSCRIBE", "probe"]);
    for (let i = 0; i < SUBSCRIBERS; i++) {
      const sub = server.connect();
      // A TCP connection would encode each message for its socket; the no-op sink does not.
      sub.onPush = encode ? (r) => keep(encodeReply(r, 2)) : keep;
      sub.execute(["SUBSCRIBE", "news"]);
    }
    const argv = ["PUBLISH", "news", "hello, subscribers"];
    return () => run(c, argv, encode);
  },
};

export const MULTI_BENCHES: readonly Bench[] = [xadd, xrange, readAck, publish];

export function runStreamsPubSub(ms = 1000): MultiResult[] {
  return MULTI_BENCHES.map((b) => {
    const figure = (encode: boolean): [number, number] | null => {
      const step = b.setup(freshServer(), encode);
      const base = set.setup(freshServer(), encode);
      return step && base ? measurePair(ms, step, base) : null;
    };
    const execute = figure(false);
    const encoded = execute === null ? null : figure(true);
    return { name: b.name, execute: execute?.[0] ?? null, executeBase: execute?.[1] ?? null, encoded: encoded?.[0] ?? null, encodedBase: encoded?.[1] ?? null };
  });
}
