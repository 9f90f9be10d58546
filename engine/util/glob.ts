/**
 * Redis' glob matcher (util.c stringmatchlen), byte for byte, for KEYS, SCAN MATCH, PSUBSCRIBE,
 * CONFIG GET and every other place Redis takes a pattern.
 *
 * The rules, including the corners learners trip over:
 * - `*` any run of bytes, `?` one byte, `[abc]` a set, `[^abc]` / `[^...]` its complement,
 *   `[a-z]` a range (either order: `[z-a]` works too), `\x` the byte x literally, both outside
 *   and inside brackets.
 * - An unclosed `[` is closed by the end of the pattern; `[` alone matches nothing, `[^`
 *   matches any one byte.
 * - Range ends are compared as C's signed char (x86): bytes 0x80-0xff are negative, so
 *   `[a-\xff]` means -1..97 and matches `A` but not `b`.
 * - The empty string matches only the empty pattern: not even `*` (KEYS and SCAN never ask,
 *   they treat a lone `*` as "everything" before matching).
 *
 * Redis recurses at every `*`. Two guards keep hostile patterns cheap, and both change results
 * in a way we must copy: once the rest of a pattern after some `*` has failed against every
 * suffix, the whole match fails (no earlier `*` can do better); and a match that reaches a
 * 1001st `*` with text left fails (Redis' nesting limit, CVE-2024-31228, which Debian's 7.0.15
 * carries). The first guard means only the innermost `*` is ever retried, so this version is
 * a loop with one resume point: no recursion, no stack to overflow, O(pattern × string) time.
 */

const STAR = 0x2a;
const QUESTION = 0x3f;
const OPEN = 0x5b;
const CLOSE = 0x5d;
const CARET = 0x5e;
const DASH = 0x2d;
const BACKSLASH = 0x5c;

/** Redis' limit on `*` nesting: the 1001st `*` (with text left to match) fails the match. */
const MAX_NESTING = 1000;

/** A byte as C's signed char sees it. */
const signed = (b: number): number => (b >= 0x80 ? b - 0x100 : b);
/** C's tolower in the "C" locale: only A-Z change. */
const lower = (b: number): number => (b >= 0x41 && b <= 0x5a ? b + 0x20 : b);

/**
 * True when `str` matches the glob `pattern` (both byte strings, one char per byte).
 * `nocase` folds ASCII letters, as CONFIG GET and a few others ask for.
 */
export function globMatch(pattern: string, str: string, nocase = false): boolean {
  const plen = pattern.length;
  const slen = str.length;
  // C reads the NUL terminator past the end of a pattern; so do we.
  const at = (i: number): number => (i < plen ? pattern.charCodeAt(i) : 0);
  let p = 0;
  let s = 0;
  // Resume point of the innermost '*': the pattern after it, and the text position last tried.
  let starP = -1;
  let starS = 0;
  let nesting = 0;

  for (;;) {
    let failed = false;
    while (p < plen && s < slen) {
      const pc = pattern.charCodeAt(p);
      if (pc === STAR) {
        while (p + 1 < plen && pattern.charCodeAt(p + 1) === STAR) p++;
        if (p === plen - 1) return true;
        if (nesting >= MAX_NESTING) return false;
        nesting++;
        starP = p + 1;
        starS = s;
        p = starP;
        continue;
      }
      const c = str.charCodeAt(s);
      if (pc === QUESTION) {
        s++;
      } else if (pc === OPEN) {
        p++;
        const not = at(p) === CARET;
        if (not) p++;
        let match = false;
        for (;;) {
          const rem = plen - p;
          const b = at(p);
          if (b === BACKSLASH && rem >= 2) {
            p++;
            if (pattern.charCodeAt(p) === c) match = true;
          } else if (b === CLOSE) {
            break;
          } else if (rem === 0) {
            // Unclosed: step back so the shared "next pattern byte" step lands on the end.
            p--;
            break;
          } else if (rem >= 3 && pattern.charCodeAt(p + 1) === DASH) {
            let start = signed(b);
            let end = signed(pattern.charCodeAt(p + 2));
            let x = signed(c);
            if (start > end) [start, end] = [end, start];
            if (nocase) {
              start = lower(start);
              end = lower(end);
              x = lower(x);
            }
            p += 2;
            if (x >= start && x <= end) match = true;
          } else if (nocase ? lower(b) === lower(c) : b === c) {
            match = true;
          }
          p++;
        }
        if (not) match = !match;
        if (!match) {
          failed = true;
          break;
        }
        s++;
      } else {
        let lit = pc;
        if (pc === BACKSLASH && plen - p >= 2) lit = pattern.charCodeAt(++p);
        if (nocase ? lower(lit) !== lower(c) : lit !== c) {
          failed = true;
          break;
        }
        s++;
      }
      p++;
      if (s === slen) {
        while (p < plen && pattern.charCodeAt(p) === STAR) p++;
        break;
      }
    }
    if (!failed && p === plen && s === slen) return true;
    // Retry the innermost '*' one byte further on; when it runs out of text, nothing can match.
    if (starP < 0) return false;
    starS++;
    if (starS >= slen) return false;
    p = starP;
    s = starS;
  }
}

/** True when a pattern is the lone `*` that KEYS and SCAN treat as "no filter". */
export const matchesEverything = (pattern: string): boolean => pattern === "*";
