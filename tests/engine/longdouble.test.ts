/**
 * The x87 long double emulation behind INCRBYFLOAT. Expected texts were produced by
 * redis-server 7.0.15 on x86-64 (`SET f a; INCRBYFLOAT f b`); the differential suite
 * (tests/conformance/random-strings.test.ts) checks thousands of random operands as well.
 */
import { describe, expect, it } from "vitest";
import {
  add,
  bitLength,
  formatFixed17,
  formatHuman,
  fromBigInt,
  fromNumber,
  string2ld,
  strtold,
  type LongDouble,
} from "../../engine/util/longdouble";
import { Rng } from "../../engine/rng";

const ld = (s: string): LongDouble => {
  const v = string2ld(s);
  if (!v) throw new Error(`not a float: ${s}`);
  return v;
};
const incr = (a: string, b: string): string => {
  const sum = add(ld(a), ld(b));
  return sum.kind === "finite" ? formatHuman(sum) : "NaN-or-Inf";
};

describe("INCRBYFLOAT arithmetic as Redis prints it", () => {
  // [stored value, increment, Redis' reply] — the reply cut to 80 chars for the huge ones.
  const table: [string, string, string][] = [
    ["10.5", "0.1", "10.6"],
    ["0.1", "0.2", "0.3"],
    ["1.1", "2.2", "3.3"],
    ["18446744073709551615", "1", "18446744073709551616"],
    ["9223372036854775807", "0.5", "9223372036854775807.5"],
    ["1e30", "1e-30", "1000000000000000000024696061952"],
    ["123456789.123456789", "0.000000001", "123456789.12345678999554366"],
    ["0X1.8P1", "0x.8", "3.5"],
    ["3", "1.5", "4.5"],
    ["-1.1", "1.1", "0"],
    ["0.3", "-0.1", "0.2"],
    ["1e20", "1.5", "100000000000000000000"],
    ["1e-17", "0", "0.00000000000000001"],
    ["5e-18", "0", "0"],
    ["1.5e-17", "0", "0.00000000000000002"],
    ["2.5e-17", "0", "0.00000000000000002"],
    ["1", "0.000000000000000005", "1"],
    ["3.0", "0.1", "3.1"],
    ["100", "-0.01", "99.99"],
    ["-1e-17", "0", "-0.00000000000000001"],
    ["0.99999999999999999999", "0", "1"],
    ["1e18", "0.1", "1000000000000000000.125"],
    ["1e19", "0.1", "10000000000000000000"],
    ["0", "0.000003814697265625", "0.00000381469726562"], // exact tie at the 18th decimal: to even
    ["0", "0.000011444091796875", "0.00001144409179688"],
    ["0", "-1e-20", "0"], // "-0.00000000000000000" is printed as 0
    ["0", "1e-4940", "0"], // subnormal input is accepted
    ["8", "1e-4940", "8"],
    ["5008", "-5008", "0"],
    ["1e4932", "1e4931", "11000000000000000000388685811252787432534122340809294447673390891585484977640260"],
    ["1.18973149535723176502e+4932", "0", "11897314953572317650212638530309702051690633222946242004403237338917370055229707"],
    ["0", "1e4000", "999999999999999999996546387309962378493249258350695763130150"],
  ];
  for (const [a, b, want] of table) {
    it(`${a} + ${b}`, () => {
      const got = incr(a, b);
      expect(want.length >= 60 ? got.slice(0, want.length) : got).toBe(want);
    });
  }

  it("overflow gives infinity", () => {
    expect(incr("1e4932", "1e4932")).toBe("NaN-or-Inf");
    expect(incr("-1e4932", "-1e4932")).toBe("NaN-or-Inf");
    expect(add(ld("inf"), ld("-inf")).kind).toBe("nan");
    expect(add(ld("inf"), ld("1")).kind).toBe("inf");
  });
});

describe("string2ld", () => {
  it("accepts strtold's whole-string forms", () => {
    for (const s of ["1", "-1", "+1", "1.", ".5", "1.5e3", "1E+3", "1e-3", "0x1p3", "0X.8", "0x1.8P-1", "0xA", "inf", "-Infinity", "+INF", "0e999999999", "00012", "0." + "0".repeat(5117)]) {
      expect(string2ld(s), JSON.stringify(s)).not.toBeNull();
    }
  });

  it("refuses junk, spaces, NULs, NaN, out-of-range values and over-long strings", () => {
    for (const s of ["", " 1", "1 ", "\t1", "1\n", "abc", "1e", "1e+", ".", "e5", "0x", "0x.", "0x1p", "1.2.3", "--1", "nan", "NaN(1)", "infinit", "1\x00", "\x00", "1e5000", "-1e5000", "1e-5000", "0x1p-20000", "0x1p20000", "0." + "0".repeat(5118)]) {
      expect(string2ld(s), JSON.stringify(s)).toBeNull();
    }
  });

  it("reports range errors as strtold does", () => {
    expect(strtold("1e5000")).toEqual({ value: { kind: "inf", neg: false }, range: true });
    expect(strtold("1e-5000")?.range).toBe(true);
    expect(strtold("0e-5000")?.range).toBe(false);
    expect(strtold("1e-4940")?.range).toBe(false);
  });

  it("rounds to 64 significant bits, ties to even", () => {
    // 2^64 + 1 lies halfway between 2^64 and 2^64 + 2: it rounds to the even significand.
    expect(formatHuman(ld("18446744073709551617"))).toBe("18446744073709551616");
    expect(formatHuman(ld("18446744073709551619"))).toBe("18446744073709551620");
    expect(formatHuman(ld("18446744073709551618"))).toBe("18446744073709551618");
    // Integers below 2^64 are exact.
    expect(formatHuman(ld("18446744073709551615"))).toBe("18446744073709551615");
  });
});

describe("formatting", () => {
  it("prints %.17Lf exactly", () => {
    expect(formatFixed17(ld("0.1"))).toBe("0.10000000000000000");
    expect(formatFixed17(ld("-2.5"))).toBe("-2.50000000000000000");
    expect(formatFixed17(ld("1e20"))).toBe("100000000000000000000.00000000000000000");
    expect(formatFixed17(ld("-0"))).toBe("-0.00000000000000000");
    expect(formatFixed17(ld("1e-30"))).toBe("0.00000000000000000");
  });

  it("strips zeros and the point, and never prints -0", () => {
    expect(formatHuman(ld("10"))).toBe("10");
    expect(formatHuman(ld("10.25"))).toBe("10.25");
    expect(formatHuman(ld("-0"))).toBe("0");
    expect(formatHuman(ld("-1e-30"))).toBe("0");
  });
});

describe("properties", () => {
  const rng = new Rng(7);
  const randInt = (bits: number): bigint => {
    let n = 0n;
    for (let i = 0; i < bits; i += 16) n = (n << 16n) | BigInt(rng.below(65536));
    return n & ((1n << BigInt(bits)) - 1n);
  };

  it("integer sums within 64 bits are exact", () => {
    for (let i = 0; i < 2000; i++) {
      const a = randInt(62) * (rng.next() < 0.5 ? -1n : 1n);
      const b = randInt(62) * (rng.next() < 0.5 ? -1n : 1n);
      expect(formatHuman(add(fromBigInt(a), fromBigInt(b)))).toBe(String(a + b));
      expect(formatHuman(add(ld(String(a)), ld(String(b))))).toBe(String(a + b));
    }
  });

  it("addition is commutative and has zero as identity", () => {
    for (let i = 0; i < 2000; i++) {
      const a = fromNumber((rng.next() - 0.5) * 10 ** rng.below(40));
      const b = ld(`${rng.below(1000)}.${rng.below(1000)}e${rng.below(60) - 30}`);
      expect(add(a, b)).toEqual(add(b, a));
      expect(formatHuman(add(a, ld("0")))).toBe(formatHuman(a));
    }
  });

  it("a double converts exactly, so long double agrees with doubles where doubles are exact", () => {
    for (let i = 0; i < 2000; i++) {
      // Dyadic values with few bits: their double sums are exact, and with at most 16
      // binary places they have at most 16 decimals, so %.17Lf shows them exactly.
      const x = (rng.below(1 << 20) - (1 << 19)) / 2 ** rng.below(17);
      const y = (rng.below(1 << 20) - (1 << 19)) / 2 ** rng.below(17);
      expect(formatHuman(add(fromNumber(x), fromNumber(y)))).toBe(formatHuman(fromNumber(x + y)));
      expect(Number(formatFixed17(fromNumber(x + y)))).toBe(x + y);
    }
  });

  it("bitLength", () => {
    expect([0n, 1n, 2n, 3n, 255n, 256n, (1n << 64n) - 1n, 1n << 64n].map(bitLength)).toEqual([0, 1, 2, 2, 8, 9, 64, 65]);
  });
});
