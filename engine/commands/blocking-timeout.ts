/**
 * The timeout argument of the blocking commands, read exactly as Redis 7.0 reads it:
 * seconds as a C long double (strtold: decimal, hex, "inf"), times 1000, rounded up to a long
 * long of milliseconds.
 */
import type { Client } from "../client";
import { E } from "../errors";
import type { Reply } from "../reply";
import { bitLength, string2ld } from "../util/longdouble";

const LLONG_MAX = (1n << 63n) - 1n;
const LLONG_MIN = -(1n << 63n);

/**
 * `(long long)ceill(ftval * 1000.0)` on x86-64: the product rounded to a 64-bit significand
 * (x87 long double), rounded up to a whole number; one that does not fit a long long (or an
 * infinity) becomes LLONG_MIN, the x87 "integer indefinite".
 */
function secondsToMs(s: string): bigint | null {
  const x = string2ld(s);
  if (!x || x.kind === "nan") return null;
  if (x.kind === "inf") return LLONG_MIN;
  let m = x.m * 1000n;
  let e = x.e;
  const len = bitLength(m);
  if (len > 64) {
    const shift = BigInt(len - 64);
    const q = m >> shift;
    const rem = m - (q << shift);
    const half = 1n << (shift - 1n);
    m = rem > half || (rem === half && (q & 1n) === 1n) ? q + 1n : q;
    e += len - 64;
  }
  if (m === 0n) return 0n;
  // A huge exponent is out of range whatever the significand.
  if (e > 64) return LLONG_MIN;
  let whole: bigint;
  if (e >= 0) whole = m << BigInt(e);
  else {
    const floor = e < -80 ? 0n : m >> BigInt(-e);
    const exact = e >= -80 && floor << BigInt(-e) === m;
    // ceil: a positive fraction rounds up, a negative one toward zero.
    whole = x.neg || exact ? floor : floor + 1n;
  }
  if (whole > LLONG_MAX) return LLONG_MIN;
  return x.neg ? -whole : whole;
}

/**
 * Redis 7.0's getTimeoutFromObjectOrReply in seconds: the instant the wait ends, 0 for no
 * end, or the error. A positive fraction of a millisecond rounds up to 1 ms (since 7.0.8); a
 * negative one rounds to 0, which waits forever. A timeout so large that now + timeout
 * overflows a long long leaves 7.0 itself in a bad state (the wait is filed under a negative
 * instant, and the server hangs); here it simply never ends.
 */
export function parseTimeout(c: Client, arg: string): number | Reply {
  const ms = secondsToMs(arg);
  if (ms === null) return E.TIMEOUT_NOT_FLOAT;
  if (ms < 0n) return E.TIMEOUT_NEGATIVE;
  if (ms === 0n) return 0;
  const now = Math.floor(c.server.commandTime());
  if (ms > LLONG_MAX - BigInt(now)) return 0;
  return now + Number(ms);
}
