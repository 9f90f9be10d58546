/**
 * Scaling runs: does the cost grow as Redis' complexity says it should?
 *
 * For N = 10k, 100k, 1M, on a fresh instance each time:
 * - ZADD of N random members (O(log N) each, so the total grows ~N log N),
 * - RPUSH of N items then LPOP of all of them (O(1) each: the total grows ~N),
 * - 20,000 ZRANGEBYSCORE windows of ~10 members on a zset of N (O(log N + M) each: nearly flat),
 * - 5,000 XACKs of distinct random pending entries from a consumer group whose PEL holds N entries
 *   (O(log N) each: nearly flat; the PEL was a sorted array once, which made this O(N)).
 * The ratio of times per 10× growth of N is printed; an O(N) step hidden in a command would push
 * it towards 100. Figures, never assertions.
 */
import { createServer } from "../engine/server";
import type { Client } from "../engine/client";
import { Rng } from "../engine/rng";

export interface ScalingRow {
  name: string;
  /** Milliseconds for each N, or null when the commands are not implemented. */
  ms: (number | null)[];
}

const time = (f: () => void): number => {
  const start = performance.now();
  f();
  return performance.now() - start;
};

const implemented = (c: Client, argv: string[]) => {
  const r = c.execute(argv);
  return !(r.t === "error" && r.v.startsWith("ERR unknown command"));
};

function zadd(n: number): number | null {
  const c = createServer().connect();
  if (!implemented(c, ["ZADD", "probe", "1", "a"])) return null;
  const rng = new Rng(n);
  const argvs = Array.from({ length: n }, (_, i) => ["ZADD", "z", String(rng.next() * 1e6), `member:${i}`]);
  return time(() => {
    for (const argv of argvs) c.execute(argv);
  });
}

function pushPop(n: number): number | null {
  const c = createServer().connect();
  if (!implemented(c, ["RPUSH", "probe", "a"])) return null;
  return time(() => {
    for (let i = 0; i < n; i++) c.execute(["RPUSH", "l", "item"]);
    for (let i = 0; i < n; i++) c.execute(["LPOP", "l"]);
  });
}

function windows(n: number, count = 20_000): number | null {
  const c = createServer().connect();
  if (!implemented(c, ["ZADD", "probe", "1", "a"])) return null;
  for (let i = 0; i < n; i++) c.execute(["ZADD", "z", String(i), `member:${i}`]);
  const rng = new Rng(7);
  const argvs = Array.from({ length: count }, () => {
    const lo = rng.below(n - 10);
    return ["ZRANGEBYSCORE", "z", String(lo), String(lo + 9)];
  });
  return time(() => {
    for (const argv of argvs) c.execute(argv);
  });
}

function xackRandom(n: number, count = 5_000): number | null {
  const c = createServer().connect();
  if (!implemented(c, ["XGROUP", "HELP"])) return null;
  for (let i = 1; i <= n; i++) c.execute(["XADD", "s", `${i}-0`, "f", "v"]);
  c.execute(["XGROUP", "CREATE", "s", "g", "0"]);
  for (let read = 0; read < n; read += 10_000) c.execute(["XREADGROUP", "GROUP", "g", "alice", "COUNT", "10000", "STREAMS", "s", ">"]);
  // Distinct random entries, so every XACK removes one from the middle of the PEL.
  const rng = new Rng(11);
  const picked = new Set<number>();
  while (picked.size < Math.min(count, n)) picked.add(1 + rng.below(n));
  const argvs = [...picked].map((i) => ["XACK", "s", "g", `${i}-0`]);
  return time(() => {
    for (const argv of argvs) c.execute(argv);
  });
}

export const SCALING_SIZES = [10_000, 100_000, 1_000_000];

export function runScaling(sizes = SCALING_SIZES): ScalingRow[] {
  return [
    { name: "ZADD N random members", ms: sizes.map(zadd) },
    { name: "RPUSH N then LPOP N", ms: sizes.map(pushPop) },
    { name: "20k ZRANGEBYSCORE windows, zset of N", ms: sizes.map((n) => windows(n)) },
    { name: "5k XACK of random entries, PEL of N", ms: sizes.map((n) => xackRandom(n)) },
  ];
}
