/**
 * How many nodes Redis' radix tree (rax.c) has for a stream's set of node keys: the figure
 * XINFO STREAM reports as radix-tree-nodes.
 *
 * A stream's rax maps each listpack node's master ID, written as 16 big-endian bytes, to the
 * listpack. Every key has the same length, so no key is a prefix of another and every key ends
 * in a leaf. rax keeps its tree compressed: a run of single-child, non-key positions is one
 * node, and both insertion (splitting a compressed node) and removal (merging the chain left
 * behind) keep it that way, so the shape depends only on the set of keys. In the plain byte
 * trie of the keys, a position is a rax node exactly when it is
 *   - the root (rax' head always exists),
 *   - a leaf (a key),
 *   - a branch (two or more children), or
 *   - a child of a branch (where a compressed run, or a one-byte node, starts).
 *
 * We keep the count up to date as node keys come and go instead of building the tree: adding
 * key k changes the count only around the position where k leaves the existing keys, and
 * whether the positions there are branches can be read off the sorted keys (the keys below a
 * trie position are a contiguous range of them). So each change costs O(log N) comparisons.
 * Removing a key changes the count by minus what adding it back would.
 */
import type { StreamID } from "./stream";

const KEY_BYTES = 16;

/** Length of the common prefix of two keys, in bytes. */
function lcp(a: StreamID, b: StreamID): number {
  const x = a ^ b;
  if (x === 0n) return KEY_BYTES;
  return KEY_BYTES - Math.ceil(x.toString(16).length / 2);
}

/** The first `depth` bytes of a key, as a number that orders like them. */
const prefix = (k: StreamID, depth: number): StreamID => k >> BigInt(8 * (KEY_BYTES - depth));

/**
 * The index range [lo, hi) of the sorted keys that share k's first `depth` bytes.
 * keyAt(i) must be ascending over [0, n).
 */
function rangeOf(keyAt: (i: number) => StreamID, n: number, k: StreamID, depth: number): [number, number] {
  const want = prefix(k, depth);
  const bound = (strict: boolean): number => {
    let lo = 0;
    let hi = n;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      const p = prefix(keyAt(mid), depth);
      if (p < want || (strict && p === want)) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  return [bound(false), bound(true)];
}

/** Whether the trie position of k's first `depth` bytes has two or more children. */
function isBranch(keyAt: (i: number) => StreamID, n: number, k: StreamID, depth: number): boolean {
  const [lo, hi] = rangeOf(keyAt, n, k, depth);
  return hi - lo >= 2 && lcp(keyAt(lo), keyAt(hi - 1)) === depth;
}

/**
 * How many rax nodes adding key k creates, given the n sorted keys already there (k not among
 * them) and the index k would take. For a removal, call it after taking the key out, with
 * the index it had, and subtract.
 */
export function raxInsertDelta(keyAt: (i: number) => StreamID, n: number, pos: number, k: StreamID): number {
  // The empty head becomes a compressed node holding all 16 bytes, plus the leaf.
  if (n === 0) return 1;
  // Depth of the position v where k leaves the existing keys: its deepest common prefix with
  // a neighbour in key order.
  const before = pos > 0 ? lcp(keyAt(pos - 1), k) : -1;
  const after = pos < n ? lcp(k, keyAt(pos)) : -1;
  const p = Math.max(before, after);
  // A key on the existing side of v (for w, whose byte at depth p differs from k's).
  const ref = before >= after ? keyAt(pos - 1) : keyAt(pos);
  const leaf = 1;
  // k's own path below v: the child of v it takes (a new node unless it is the leaf itself).
  const ownChild = p + 1 < KEY_BYTES ? 1 : 0;
  if (isBranch(keyAt, n, k, p)) return ownChild + leaf;
  // v had one child, w: v becomes a branch and w a branch's child. Each is a new node unless
  // it was one already (v: the root or a branch's child; w: a leaf or a branch).
  const vWasNode = p === 0 || isBranch(keyAt, n, k, p - 1);
  const wWasNode = p + 1 === KEY_BYTES || isBranch(keyAt, n, ref, p + 1);
  return (vWasNode ? 0 : 1) + (wWasNode ? 0 : 1) + ownChild + leaf;
}
