/**
 * Building blocks for seeded random command sequences in the differential suite: each family
 * writes a generator from these, and the suite runs its sequence on the engine and on real
 * Redis with the same seed. A failing seed is printed so it can be replayed.
 */
import { Rng } from "../../engine/rng";

export class Gen {
  readonly rng: Rng;

  constructor(readonly seed: number) {
    this.rng = new Rng(seed);
  }

  int(lo: number, hi: number): number {
    return lo + this.rng.below(hi - lo + 1);
  }

  pick<T>(xs: readonly T[]): T {
    return xs[this.rng.below(xs.length)];
  }

  chance(p: number): boolean {
    return this.rng.next() < p;
  }

  /** One of a small keyspace, so commands collide on the same keys often. */
  key(n = 6): string {
    return `k${this.rng.below(n)}`;
  }

  /** A value of the kinds that trip implementations up: ints, floats, binary, UTF-8, long. */
  value(): string {
    switch (this.rng.below(9)) {
      case 0:
        return String(this.int(-1000, 1000));
      case 1:
        return this.pick(["0", "-0", "007", "+5", " 5", "9223372036854775807", "-9223372036854775808", "9223372036854775808"]);
      case 2:
        return this.pick(["1.5", "-0.25", "3e2", "inf", "nan", "1e400", ".5", "5."]);
      case 3:
        return "\x00\r\n\xff\x80";
      case 4:
        return Buffer.from(this.pick(["héllo", "日本語", "😀"]), "utf8").toString("latin1");
      case 5:
        return "x".repeat(this.pick([43, 44, 45, 100]));
      case 6:
        return "";
      default:
        return this.pick(["a", "bc", "hello", "world", "foo bar"]);
    }
  }

  /** A small integer argument, sometimes malformed. */
  num(lo = -5, hi = 20): string {
    if (this.chance(0.08)) return this.pick(["x", "1.5", "", "99999999999999999999", "-9223372036854775809"]);
    return String(this.int(lo, hi));
  }
}

/** Seeds for a run: fixed ones (reproducible in CI) plus any given in RANDOM_SEEDS=1,2,3. */
export function seeds(count: number, base = 1000): number[] {
  const extra = process.env.RANDOM_SEEDS?.split(",").map(Number).filter(Number.isFinite) ?? [];
  return [...Array.from({ length: count }, (_, i) => base + i), ...extra];
}
