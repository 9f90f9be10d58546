import { describe, expect, it } from "vitest";
import { globMatch } from "../../engine/util/glob";
import { Rng } from "../../engine/rng";

/**
 * A deliberately literal, recursive model of Redis 7.0.15's stringmatchlen_impl (with the
 * skipLongerMatches flag and the nesting limit), used as an oracle for the loop in glob.ts.
 * Pattern and string are indexed like C pointers; reading past the end gives the NUL byte.
 */
function oracle(pattern: string, str: string, nocase = false): boolean {
  const skip = { v: false };
  const byte = (s: string, i: number) => (i < s.length ? s.charCodeAt(i) : 0);
  const sc = (b: number) => (b >= 128 ? b - 256 : b);
  const low = (b: number) => (b >= 65 && b <= 90 ? b + 32 : b);
  const impl = (p: number, plen: number, s: number, slen: number, nesting: number): boolean => {
    if (nesting > 1000) return false;
    while (plen && slen) {
      const c = byte(pattern, p);
      if (c === 42) {
        while (plen && byte(pattern, p + 1) === 42) {
          p++;
          plen--;
        }
        if (plen === 1) return true;
        while (slen) {
          if (impl(p + 1, plen - 1, s, slen, nesting + 1)) return true;
          if (skip.v) return false;
          s++;
          slen--;
        }
        skip.v = true;
        return false;
      } else if (c === 63) {
        s++;
        slen--;
      } else if (c === 91) {
        p++;
        plen--;
        const not = byte(pattern, p) === 94;
        if (not) {
          p++;
          plen--;
        }
        let match = false;
        for (;;) {
          if (byte(pattern, p) === 92 && plen >= 2) {
            p++;
            plen--;
            if (byte(pattern, p) === byte(str, s)) match = true;
          } else if (byte(pattern, p) === 93) {
            break;
          } else if (plen === 0) {
            p--;
            plen++;
            break;
          } else if (plen >= 3 && byte(pattern, p + 1) === 45) {
            let a = sc(byte(pattern, p));
            let b = sc(byte(pattern, p + 2));
            let x = sc(byte(str, s));
            if (a > b) [a, b] = [b, a];
            if (nocase) {
              a = low(a);
              b = low(b);
              x = low(x);
            }
            p += 2;
            plen -= 2;
            if (x >= a && x <= b) match = true;
          } else if (nocase ? low(byte(pattern, p)) === low(byte(str, s)) : byte(pattern, p) === byte(str, s)) {
            match = true;
          }
          p++;
          plen--;
        }
        if (not) match = !match;
        if (!match) return false;
        s++;
        slen--;
      } else {
        if (c === 92 && plen >= 2) {
          p++;
          plen--;
        }
        const pc = byte(pattern, p);
        const xc = byte(str, s);
        if (nocase ? low(pc) !== low(xc) : pc !== xc) return false;
        s++;
        slen--;
      }
      p++;
      plen--;
      if (slen === 0) {
        while (byte(pattern, p) === 42) {
          p++;
          plen--;
        }
        break;
      }
    }
    return plen === 0 && slen === 0;
  };
  return impl(0, pattern.length, 0, str.length, 0);
}

describe("globMatch: the rules", () => {
  const cases: [string, string, boolean][] = [
    ["*", "anything", true],
    ["*", "", false], // the empty string matches only the empty pattern
    ["**", "", false],
    ["", "", true],
    ["", "a", false],
    ["h?llo", "hello", true],
    ["h?llo", "hllo", false],
    ["h*llo", "hllo", true],
    ["h*llo", "heeeello", true],
    ["h[ae]llo", "hallo", true],
    ["h[ae]llo", "hillo", false],
    ["h[^e]llo", "hallo", true],
    ["h[^e]llo", "hello", false],
    ["h[a-b]llo", "hbllo", true],
    ["h[b-a]llo", "hallo", true], // reversed range
    ["h\\*llo", "h*llo", true],
    ["h\\*llo", "hello", false],
    ["[\\]]", "]", true],
    ["[\\", "\\", true], // unclosed: the backslash is taken literally
    ["[", "[", false], // a lone '[' matches nothing
    ["[^", "x", true], // '[^' with nothing after matches any byte
    ["[]", "]", false],
    ["[a", "a", true], // unclosed set
    ["[a", "ab", false],
    ["a*", "a", true],
    ["a\\", "a\\", true], // a trailing backslash is literal
    ["*a*b", "xxaxxb", true],
    ["*a*b", "xxaxxbc", false],
    ["[a-\xff]", "A", true], // signed char: the range is -1..97
    ["[a-\xff]", "b", false],
    ["[\x80-\xff]", "\xe9", true],
    ["k\0*", "k\0x", true], // NUL is an ordinary byte
    ["?", "\xff", true],
  ];
  for (const [p, s, want] of cases) {
    it(`${JSON.stringify(p)} ~ ${JSON.stringify(s)} is ${want}`, () => {
      expect(globMatch(p, s)).toBe(want);
      expect(oracle(p, s)).toBe(want);
    });
  }

  it("folds ASCII case only when asked", () => {
    expect(globMatch("HeLLo", "hello")).toBe(false);
    expect(globMatch("HeLLo", "hello", true)).toBe(true);
    expect(globMatch("[A-C]x", "bX", true)).toBe(true);
    expect(globMatch("\xc9", "\xe9", true)).toBe(false); // not ASCII: no folding
  });

  it("fails a match that reaches a 1001st '*' with text left, as Redis' nesting limit does", () => {
    const text = "a".repeat(1200);
    expect(globMatch("*a".repeat(1000), text)).toBe(true);
    expect(globMatch("*a".repeat(1001), text)).toBe(false);
    expect(globMatch("*a".repeat(1000) + "*", text)).toBe(true); // a trailing '*' never recurses
    expect(globMatch("*a".repeat(1001) + "*", text)).toBe(false);
  });

  it("answers a pathological pattern promptly and without deep recursion", () => {
    const text = "a".repeat(20_000);
    const t0 = performance.now();
    expect(globMatch("a*".repeat(900) + "b", text)).toBe(false);
    expect(globMatch("*".repeat(100_000) + "b", text)).toBe(false);
    expect(globMatch("*?".repeat(5_000), text)).toBe(false); // past the nesting limit
    expect(globMatch("?*".repeat(999) + "a", text)).toBe(true);
    expect(performance.now() - t0).toBeLessThan(2_000);
  });
});

describe("globMatch agrees with a literal model of stringmatchlen", () => {
  const alphabet = ["a", "b", "*", "?", "[", "]", "^", "-", "\\", "\xff", "A"];
  const textAlphabet = ["a", "b", "-", "]", "^", "\\", "*", "\xff", "A", "["];
  it("on 60,000 random pattern/text pairs, with and without nocase", () => {
    const rng = new Rng(42);
    let mismatches = 0;
    let matches = 0;
    for (let i = 0; i < 60_000; i++) {
      let p = "";
      let s = "";
      const pl = rng.below(9);
      const sl = rng.below(8);
      for (let j = 0; j < pl; j++) p += alphabet[rng.below(alphabet.length)];
      for (let j = 0; j < sl; j++) s += textAlphabet[rng.below(textAlphabet.length)];
      const nocase = i % 3 === 0;
      const got = globMatch(p, s, nocase);
      if (got !== oracle(p, s, nocase)) mismatches++;
      if (got) matches++;
    }
    expect(mismatches).toBe(0);
    expect(matches).toBeGreaterThan(1000); // the sample exercises matching, not just failing
  });
});
