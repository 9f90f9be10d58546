/**
 * sin, cos and asin rounded the way glibc's libm rounds them: to the nearest double.
 *
 * Redis computes geo distances with the C library's sin/cos/asin. glibc returns the correctly
 * rounded result (its error bound is a hair above half an ulp, so it misrounds only values
 * within a sliver of a rounding midpoint), while JS engines use fdlibm-style code that is off
 * by one ulp for a few percent of inputs. That last bit shows in STOREDIST scores (printed with
 * 17 digits) and can flip a member on a search boundary, so the geo code uses these instead:
 * each evaluates in double-double arithmetic (about 106 bits) and rounds once at the end.
 *
 * Arguments far beyond what a distance needs (|x| > 2^19, possible only in the bounding box of
 * an absurd radius) fall back to Math.sin/Math.cos.
 */

/** A double-double value hi + lo with |lo| <= ulp(hi) / 2. */
interface DD {
  hi: number;
  lo: number;
}

const SPLITTER = 134217729; // 2^27 + 1

function twoSum(a: number, b: number): DD {
  const s = a + b;
  const bb = s - a;
  return { hi: s, lo: a - (s - bb) + (b - bb) };
}

function quickTwoSum(a: number, b: number): DD {
  const s = a + b;
  return { hi: s, lo: b - (s - a) };
}

function twoProd(a: number, b: number): DD {
  const p = a * b;
  let t = SPLITTER * a;
  const ah = t - (t - a);
  const al = a - ah;
  t = SPLITTER * b;
  const bh = t - (t - b);
  const bl = b - bh;
  return { hi: p, lo: ah * bh - p + ah * bl + al * bh + al * bl };
}

function ddAdd(a: DD, b: DD): DD {
  const s = twoSum(a.hi, b.hi);
  const t = twoSum(a.lo, b.lo);
  let r = quickTwoSum(s.hi, s.lo + t.hi);
  r = quickTwoSum(r.hi, r.lo + t.lo);
  return r;
}

function ddMul(a: DD, b: DD): DD {
  const p = twoProd(a.hi, b.hi);
  return quickTwoSum(p.hi, p.lo + (a.hi * b.lo + a.lo * b.hi));
}

function ddDivNum(a: DD, d: number): DD {
  const q1 = a.hi / d;
  const p = twoProd(q1, d);
  const e = (a.hi - p.hi - p.lo + a.lo) / d;
  return quickTwoSum(q1, e);
}

const neg = (a: DD): DD => ({ hi: -a.hi, lo: -a.lo });

/** π/2 as three doubles (about 160 bits), and π/2 as a double-double for asin. */
const PIO2_1 = 1.5707963267948966;
const PIO2_2 = 6.123233995736766e-17;
const PIO2_3 = -1.4973849048591698e-33;
const PIO2_DD: DD = { hi: PIO2_1, lo: PIO2_2 };
const TWO_OVER_PI = 0.6366197723675814;
const MAX_REDUCED = 2 ** 19;

/** sin(r) and cos(r) for |r| <= π/4 (plus a little) by their Taylor series in double-double. */
function sinTaylor(r: DD): DD {
  const r2 = ddMul(r, r);
  let term = r;
  let sum = r;
  for (let n = 1; n < 30; n++) {
    term = ddDivNum(ddMul(term, r2), 2 * n * (2 * n + 1));
    sum = ddAdd(sum, n & 1 ? neg(term) : term);
    if (Math.abs(term.hi) < 1e-36 * Math.abs(sum.hi)) break;
  }
  return sum;
}

function cosTaylor(r: DD): DD {
  const r2 = ddMul(r, r);
  let term: DD = { hi: 1, lo: 0 };
  let sum: DD = term;
  for (let n = 1; n < 30; n++) {
    term = ddDivNum(ddMul(term, r2), (2 * n - 1) * (2 * n));
    sum = ddAdd(sum, n & 1 ? neg(term) : term);
    if (Math.abs(term.hi) < 1e-36) break;
  }
  return sum;
}

/** x = k·π/2 + r with |r| <= π/4: returns the quadrant k mod 4 and r in double-double. */
function reduce(x: number): [number, DD] {
  if (Math.abs(x) <= Math.PI / 4) return [0, { hi: x, lo: 0 }];
  const k = Math.round(x * TWO_OVER_PI);
  // x - k·p1 - k·p2 - k·p3 with every product exact (twoProd) and summed in double-double.
  let r: DD = { hi: x, lo: 0 };
  r = ddAdd(r, neg(twoProd(k, PIO2_1)));
  r = ddAdd(r, neg(twoProd(k, PIO2_2)));
  r = ddAdd(r, neg(twoProd(k, PIO2_3)));
  return [((k % 4) + 4) % 4, r];
}

function sinDD(x: number): DD {
  const [q, r] = reduce(x);
  switch (q) {
    case 0:
      return sinTaylor(r);
    case 1:
      return cosTaylor(r);
    case 2:
      return neg(sinTaylor(r));
    default:
      return neg(cosTaylor(r));
  }
}

function cosDD(x: number): DD {
  const [q, r] = reduce(x);
  switch (q) {
    case 0:
      return cosTaylor(r);
    case 1:
      return neg(sinTaylor(r));
    case 2:
      return neg(cosTaylor(r));
    default:
      return sinTaylor(r);
  }
}

/** sin(x) rounded to nearest. */
export function crSin(x: number): number {
  if (x === 0 || !Number.isFinite(x)) return Number.isFinite(x) ? x : NaN;
  if (Math.abs(x) > MAX_REDUCED) return Math.sin(x);
  const s = sinDD(x);
  return s.hi + s.lo;
}

/**
 * The last two cos arguments and results: a search computes cos of the centre's latitude for
 * every candidate, and a box test takes cos of the same latitude twice in a row.
 */
const cosMemo = [NaN, NaN, NaN, NaN];

/** cos(x) rounded to nearest. */
export function crCos(x: number): number {
  if (!Number.isFinite(x)) return NaN;
  if (x === cosMemo[0]) return cosMemo[1];
  if (x === cosMemo[2]) return cosMemo[3];
  let y: number;
  if (Math.abs(x) > MAX_REDUCED) {
    y = Math.cos(x);
  } else {
    const c = cosDD(x);
    y = c.hi + c.lo;
  }
  cosMemo[2] = cosMemo[0];
  cosMemo[3] = cosMemo[1];
  cosMemo[0] = x;
  cosMemo[1] = y;
  return y;
}

/**
 * asin of a double-double s in [0, 0.75]: one Newton step from Math.asin's guess (accurate to
 * an ulp), with the residual sin(z) - s in double-double; the error after it is ~2^-100.
 */
function asinSmallDD(s: DD): DD {
  const z0 = Math.asin(s.hi);
  const resid = ddAdd(sinDD(z0), neg(s));
  const delta = (resid.hi + resid.lo) / Math.cos(z0);
  return twoSum(z0, -delta);
}

/** asin(y) rounded to nearest (NaN outside [-1, 1], as glibc). */
export function crAsin(y: number): number {
  if (Number.isNaN(y) || y > 1 || y < -1) return NaN;
  if (y === 0) return y;
  if (y < 0) return -crAsin(-y);
  if (y <= 0.5) {
    const z = asinSmallDD({ hi: y, lo: 0 });
    return z.hi + z.lo;
  }
  // asin(y) = π/2 - 2·asin(sqrt((1 - y) / 2)): well conditioned up to y = 1. (1 - y) / 2 is exact.
  const t = (1 - y) / 2;
  const sh = Math.sqrt(t);
  const sq = twoProd(sh, sh);
  const sl = (t - sq.hi - sq.lo) / (2 * sh);
  const w = sh === 0 ? { hi: 0, lo: 0 } : asinSmallDD(quickTwoSum(sh, sl));
  const z = ddAdd(PIO2_DD, neg(ddAdd(w, w)));
  return z.hi + z.lo;
}
