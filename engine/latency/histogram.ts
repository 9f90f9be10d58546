/**
 * A per-command latency histogram shaped like the HdrHistogram Redis 7.0 keeps for INFO
 * latencystats and LATENCY HISTOGRAM: values in nanoseconds from 1 ns to 1 s, two significant
 * digits. Below 256 every value has its own bucket; above, each power of two is split into 128
 * equal buckets, so a bucket's width is 1/128 of its power of two. A value is reported as the
 * highest value its bucket holds ("highest equivalent value"), which is why a 9 µs command
 * shows as p50=9.023 in real Redis and here alike.
 *
 * Counts live in one flat array (about 3,300 buckets, 13 KB, like Redis' own histogram), so
 * recording, which happens on every command, is a little arithmetic and one increment.
 */

/** Redis' LATENCY_HISTOGRAM_MIN_VALUE / MAX_VALUE, in nanoseconds. */
const MIN_NS = 1;
const MAX_NS = 1_000_000_000;

/** How many buckets values up to MAX_NS need. */
const BUCKETS = 256 + (30 - 8 + 1) * 128;

/** The bucket a value falls in: exact below 256, else (power of two, 1/128 slice). */
function bucketOf(ns: number): number {
  if (ns < 256) return ns;
  const msb = 31 - Math.clz32(ns);
  const shift = msb - 7;
  return 256 + (msb - 8) * 128 + ((ns >>> shift) - 128);
}

/** The highest value a bucket holds. */
function highestOf(bucket: number): number {
  if (bucket < 256) return bucket;
  const msb = 8 + Math.floor((bucket - 256) / 128);
  const shift = msb - 7;
  const sub = 128 + ((bucket - 256) % 128);
  return sub * 2 ** shift + 2 ** shift - 1;
}

export class LatencyHistogram {
  private readonly counts = new Uint32Array(BUCKETS);
  total = 0;

  /** Records one duration in nanoseconds (clamped to 1 ns … 1 s, as Redis clamps). */
  record(ns: number): void {
    const v = ns >= MAX_NS ? MAX_NS : ns >= MIN_NS ? Math.floor(ns) : MIN_NS;
    this.counts[bucketOf(v)]++;
    this.total++;
  }

  /** The buckets that were hit, in value order, with their counts. */
  private sorted(): [number, number][] {
    const out: [number, number][] = [];
    for (let b = 0; b < BUCKETS; b++) if (this.counts[b]) out.push([b, this.counts[b]]);
    return out;
  }

  /** hdr_value_at_percentile: the highest equivalent value of the sample at that rank (ns). */
  valueAtPercentile(percentile: number): number {
    const p = Math.min(percentile, 100);
    const want = Math.max(1, Math.floor((p / 100) * this.total + 0.5));
    let seen = 0;
    for (const [b, n] of this.sorted()) {
      seen += n;
      if (seen >= want) return highestOf(b);
    }
    return 0;
  }

  /**
   * LATENCY HISTOGRAM's cumulative distribution: reporting levels at powers of two from
   * 1024 ns (Redis walks its histogram with a logarithmic iterator, base 2), each labelled in
   * microseconds by its highest equivalent value, with the count of samples up to it; a
   * level whose count did not grow is left out.
   */
  cumulative(): [usec: number, count: number][] {
    const out: [number, number][] = [];
    const buckets = this.sorted();
    let i = 0;
    let count = 0;
    let previous = 0;
    for (let level = 1024; count < this.total && level <= 2 * MAX_NS; level *= 2) {
      const top = highestOf(bucketOf(level));
      while (i < buckets.length && highestOf(buckets[i][0]) <= top) count += buckets[i++][1];
      if (count > previous) out.push([Math.floor(top / 1000), count]);
      previous = count;
    }
    return out;
  }
}
