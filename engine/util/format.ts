/**
 * Number formatting exactly as Redis' C code prints numbers.
 */

/** C's printf("%.17g"): how Redis 7.0 prints a double reply (ZSCORE 1.1 → 1.1000000000000001). */
export function formatDouble17g(d: number): string {
  if (Number.isNaN(d)) return "nan";
  if (d === Infinity) return "inf";
  if (d === -Infinity) return "-inf";
  if (d === 0) return Object.is(d, -0) ? "-0" : "0";
  // toExponential gives the exact decimal exponent after rounding to 17 digits.
  const e = d.toExponential(16); // d.dddddddddddddddde±x
  const [mant, expStr] = e.split("e");
  const x = Number(expStr);
  if (x < -4 || x >= 17) {
    return `${trimFraction(mant)}e${x < 0 ? "-" : "+"}${String(Math.abs(x)).padStart(2, "0")}`;
  }
  return trimFraction(d.toFixed(Math.max(0, 16 - x)));
}

/** %g drops trailing zeros of the fraction and a dangling decimal point. */
function trimFraction(s: string): string {
  if (!s.includes(".")) return s;
  s = s.replace(/0+$/, "");
  return s.endsWith(".") ? s.slice(0, -1) : s;
}
