/**
 * engine/util/strtod.ts: glibc's strtod (value, end, ERANGE) and Redis' string2d on top.
 * The cases are the ones the zset, GEO and SORT parsers rely on; the replies they lead to
 * are checked against redis-server 7.0.15 in tests/conformance/{zsets,geo,sort}.test.ts.
 */
import { describe, expect, it } from "vitest";
import { strtod, string2d } from "../../engine/util/strtod";

const r = (value: number, end: number, erange = false) => ({ value, end, erange });

describe("strtod", () => {
  it("reads decimal numbers and stops where the grammar stops", () => {
    expect(strtod("1.5")).toEqual(r(1.5, 3));
    expect(strtod("-2e3")).toEqual(r(-2000, 4));
    expect(strtod(".5")).toEqual(r(0.5, 2));
    expect(strtod("5.")).toEqual(r(5, 2));
    expect(strtod("1.e3")).toEqual(r(1000, 4));
    expect(strtod("1e")).toEqual(r(1, 1)); // an exponent needs digits
    expect(strtod("1e+")).toEqual(r(1, 1));
    expect(strtod("1x")).toEqual(r(1, 1));
    expect(strtod("1_0")).toEqual(r(1, 1));
    expect(strtod("007")).toEqual(r(7, 3));
    expect(Object.is(strtod("-0").value, -0)).toBe(true);
  });

  it("reports no conversion with end at the start, even past spaces and a sign", () => {
    for (const s of ["", "x", ".", "+", "-", "  ", " +", "e5", "+-1"]) expect(strtod(s)).toEqual(r(0, 0));
    expect(strtod("(x", 1)).toEqual(r(0, 1));
    expect(strtod("(", 1)).toEqual(r(0, 1));
  });

  it("skips C white space and honours a start offset", () => {
    expect(strtod(" \t\n\v\f\r1")).toEqual(r(1, 7));
    expect(strtod("(1.5", 1)).toEqual(r(1.5, 4));
    expect(strtod("( 2", 1)).toEqual(r(2, 3));
  });

  it("stops at a NUL, leaving the C-string check to the caller", () => {
    expect(strtod("7\x00junk")).toEqual(r(7, 1));
    expect(strtod("\x001")).toEqual(r(0, 0));
    expect(strtod("1\x00e5")).toEqual(r(1, 1));
  });

  it("reads inf, infinity and nan in any case", () => {
    expect(strtod("inf")).toEqual(r(Infinity, 3));
    expect(strtod("  -inFinity")).toEqual(r(-Infinity, 11));
    expect(strtod("+INFINITE")).toEqual(r(Infinity, 4)); // "infinite" is "inf" + junk
    expect(strtod("infinityx")).toEqual(r(Infinity, 8));
    for (const [s, end] of [["nan", 3], ["-NaN", 4], ["nan(abc_1)", 10], ["nan(", 3], ["nan(a-b)", 3]] as const) {
      const got = strtod(s);
      expect(Number.isNaN(got.value)).toBe(true);
      expect(got.end).toBe(end);
      expect(got.erange).toBe(false);
    }
  });

  it("reads hexadecimal floats", () => {
    expect(strtod("0x10")).toEqual(r(16, 4));
    expect(strtod("0x1.8p1")).toEqual(r(3, 7));
    expect(strtod("-0x.8p1")).toEqual(r(-1, 7));
    expect(strtod("0X1P-2")).toEqual(r(0.25, 6));
    expect(strtod("0x1.")).toEqual(r(1, 4));
    expect(strtod("0xAbC")).toEqual(r(0xabc, 5));
    expect(strtod("0x1p")).toEqual(r(1, 3)); // "p" without digits is not read
    expect(strtod("0x1p+")).toEqual(r(1, 3));
    // "0x" alone, "0x." or "0xg": the number is the "0".
    expect(strtod("0x")).toEqual(r(0, 1));
    expect(strtod("0x.")).toEqual(r(0, 1));
    expect(strtod("-0xg")).toEqual(r(-0, 2));
    expect(strtod("0x0p-99999")).toEqual(r(0, 10));
  });

  it("rounds long hex mantissas once, to nearest even", () => {
    // 2^53 + 1 is a tie between 2^53 and 2^53 + 2: even wins. 2^53 + 3 rounds up.
    expect(strtod("0x20000000000001").value).toBe(2 ** 53);
    expect(strtod("0x20000000000003").value).toBe(2 ** 53 + 4);
    expect(strtod("0x1.00000000000008p0").value).toBe(1); // 1 + 2^-53: tie, stays at 1
    expect(strtod("0x1.00000000000018p0").value).toBe(1 + 2 ** -51);
    expect(strtod("0x1.fffffffffffff8p1023")).toEqual(r(Infinity, 23, true)); // rounds up past DBL_MAX
  });

  it("sets ERANGE on overflow, but not for inf", () => {
    expect(strtod("1e400")).toEqual(r(Infinity, 5, true));
    expect(strtod("-1e400")).toEqual(r(-Infinity, 6, true));
    expect(strtod("0x1p1024")).toEqual(r(Infinity, 8, true));
    expect(strtod("1.7976931348623157e308")).toEqual(r(Number.MAX_VALUE, 22));
    expect(strtod("0x1p99999999999")).toEqual(r(Infinity, 15, true));
    expect(strtod("1e400x")).toEqual(r(Infinity, 5, true)); // ERANGE even when junk follows
  });

  it("sets ERANGE on an inexact result below DBL_MIN, not on an exact one", () => {
    expect(strtod("1e-310")).toEqual(r(1e-310, 6, true)); // denormal, inexact
    expect(strtod("4.9e-324")).toEqual(r(5e-324, 8, true));
    expect(strtod("2.2250738585072011e-308").erange).toBe(true);
    expect(strtod("2.2250738585072014e-308")).toEqual(r(2 ** -1022, 23)); // DBL_MIN itself
    expect(strtod("0x1p-1070")).toEqual(r(2 ** -1070, 9)); // exact denormal
    expect(strtod("0x1p-1074")).toEqual(r(2 ** -1074, 9));
    expect(strtod("0x1.8p-1074")).toEqual(r(2 ** -1073, 11, true)); // tie, to even
    expect(strtod("0x1p-1075")).toEqual(r(0, 9, true)); // tie with 0: to even, underflow
    expect(strtod("1e-400")).toEqual(r(0, 6, true));
    expect(strtod("-1e-400")).toEqual(r(-0, 7, true));
    expect(strtod("0x1p-99999999")).toEqual(r(0, 13, true));
    // Zero written any way is exact.
    expect(strtod("0e-400")).toEqual(r(0, 6));
    expect(strtod("0.000e999999")).toEqual(r(0, 12));
    // The exact decimal expansion of 2^-1074 is exact.
    const digits = (5n ** 1074n).toString(); // 2^-1074 = 5^1074 / 10^1074
    const text = "0." + "0".repeat(1074 - digits.length) + digits;
    expect(strtod(text)).toEqual(r(2 ** -1074, text.length));
    expect(strtod(text + "1")).toEqual(r(2 ** -1074, text.length + 1, true));
  });
});

describe("string2d (getDoubleFromObject)", () => {
  it("takes whole strings without leading space, NaN, overflow or underflow to zero", () => {
    expect(string2d("0x10")).toBe(16);
    expect(string2d("-0x.8p1")).toBe(-1);
    expect(string2d("1e-310")).toBe(1e-310); // ERANGE, but a denormal is accepted
    expect(string2d("0e-400")).toBe(0);
    expect(string2d("inf")).toBe(Infinity);
    expect(string2d("-Infinity")).toBe(-Infinity);
    expect(string2d("1." + "0".repeat(6000))).toBe(1); // no length limit
    for (const bad of ["", " 1", "\t1", "1 ", "1\x00", "x", "0x", "nan", "1e400", "-1e400", "1e-400", "0x1p-1080", "1e", "inff"]) {
      expect(string2d(bad)).toBeNull();
    }
  });
});
