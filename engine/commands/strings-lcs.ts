/**
 * LCS: the longest common subsequence of two strings, by the classic dynamic-programming table
 * (O(N×M) time and memory, as in Redis). The walk back through the table follows Redis' own
 * tie-breaking, so the string and the IDX match ranges come out exactly as Redis lists them.
 */
import { E } from "../errors";
import { arr, bulk, int, map, type Reply } from "../reply";
import { parseInt64 } from "./args";
import { optionToken } from "./strings-common";
import type { CommandDef } from "./table";

const UINT32_MAX = 0xffffffff;

export const lcsCommand: CommandDef = {
  name: "lcs",
  summary: "Finds the longest common subsequence of the strings at two keys, as text, length or match ranges.",
  handler: (c, argv): Reply => {
    // The keys are read before the options are parsed, so a wrong type wins over a syntax error.
    const oa = c.db.lookupRead(argv[1]);
    const ob = c.db.lookupRead(argv[2]);
    if ((oa && oa.type !== "string") || (ob && ob.type !== "string")) return E.LCS_NOT_STRINGS;
    const a = oa ? oa.value : "";
    const b = ob ? ob.value : "";

    let getlen = false;
    let getidx = false;
    let withmatchlen = false;
    let minmatchlen = 0;
    for (let j = 3; j < argv.length; j++) {
      const opt = optionToken(argv[j]);
      const moreargs = argv.length - 1 - j;
      if (opt === "idx") getidx = true;
      else if (opt === "len") getlen = true;
      else if (opt === "withmatchlen") withmatchlen = true;
      else if (opt === "minmatchlen" && moreargs > 0) {
        const v = parseInt64(argv[j + 1]);
        if (v === null) return E.NOT_INTEGER;
        minmatchlen = v < 0 ? 0 : Number(v);
        j++;
      } else return E.SYNTAX;
    }
    if (getlen && getidx) return E.LCS_IDX_AND_LEN;
    if (a.length >= UINT32_MAX - 1 || b.length >= UINT32_MAX - 1) return E.LCS_TOO_LONG;

    const alen = a.length;
    const blen = b.length;
    const w = blen + 1;
    const cells = (alen + 1) * w;
    // Redis refuses a table larger than proto-max-bulk-len bytes (4 bytes per cell).
    if (cells * 4 > c.server.config.num("proto-max-bulk-len")) return E.LCS_TRANSIENT_TOO_BIG;
    let lcs: Uint32Array;
    try {
      lcs = new Uint32Array(cells);
    } catch {
      return E.LCS_ALLOC_FAILED;
    }

    // lcs[i*w + j] = LCS length of a[0..i) and b[0..j). Row and column 0 stay 0.
    const bc = new Uint16Array(blen);
    for (let j = 0; j < blen; j++) bc[j] = b.charCodeAt(j);
    for (let i = 1; i <= alen; i++) {
      const ai = a.charCodeAt(i - 1);
      const row = i * w;
      const prev = row - w;
      for (let j = 1; j <= blen; j++) {
        if (ai === bc[j - 1]) lcs[row + j] = lcs[prev + j - 1] + 1;
        else {
          const up = lcs[prev + j];
          const left = lcs[row + j - 1];
          lcs[row + j] = up > left ? up : left;
        }
      }
    }
    const total = lcs[alen * w + blen];
    if (getlen) return int(total);

    // Walk back from the end, collecting the string (backwards) and the match ranges.
    const chars: number[] = new Array(total);
    let idx = total;
    const matches: Reply[] = [];
    let aStart = alen; // alen means "no range open"
    let aEnd = 0;
    let bStart = 0;
    let bEnd = 0;
    let i = alen;
    let j = blen;
    while (i > 0 && j > 0) {
      let emit = false;
      if (a.charCodeAt(i - 1) === bc[j - 1]) {
        chars[idx - 1] = a.charCodeAt(i - 1);
        if (aStart === alen) {
          aStart = aEnd = i - 1;
          bStart = bEnd = j - 1;
        } else if (aStart === i && bStart === j) {
          // Contiguous with the open range: extend it backwards.
          aStart--;
          bStart--;
        } else {
          emit = true;
        }
        if (aStart === 0 || bStart === 0) emit = true;
        idx--;
        i--;
        j--;
      } else {
        if (lcs[(i - 1) * w + j] > lcs[i * w + j - 1]) i--;
        else j--;
        if (aStart !== alen) emit = true;
      }
      if (emit) {
        const matchLen = aEnd - aStart + 1;
        if (getidx && (minmatchlen === 0 || matchLen >= minmatchlen)) {
          const m: Reply[] = [arr([int(aStart), int(aEnd)]), arr([int(bStart), int(bEnd)])];
          if (withmatchlen) m.push(int(matchLen));
          matches.push(arr(m));
        }
        aStart = alen;
      }
    }
    if (getidx) return map([bulk("matches"), arr(matches), bulk("len"), int(total)]);
    return bulk(fromCodes(chars));
  },
};

/** Char codes to a byte string, in chunks that stay under engines' argument limits. */
function fromCodes(codes: number[]): string {
  let out = "";
  for (let k = 0; k < codes.length; k += 0x8000) out += String.fromCharCode(...codes.slice(k, k + 0x8000));
  return out;
}
