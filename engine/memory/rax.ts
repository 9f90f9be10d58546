/**
 * How many nodes Redis' radix tree (rax.c) needs for a set of 128-bit stream IDs, which
 * streamRadixTreeMemoryUsage charges 244 bytes each. Used for consumer-group PELs, counted
 * when asked; a stream's own node tree keeps its count up to date (types/stream-rax.ts).
 *
 * The keys are 16-byte big-endian IDs of equal length. A run of bytes shared by every key
 * below a point is one compressed node; where keys diverge there is one branching node; and
 * each key ends in a key node of its own hanging from a compressed node with its remaining
 * bytes. Counting over the sorted IDs gives exactly rax's figure (checked against
 * redis-server 7.0 in tests/conformance/memory.test.ts).
 */
const KEY_LEN = 16;
/** Beyond this many IDs the count of the first ones is scaled: MEMORY USAGE stays cheap. */
export const RAX_EXACT_LIMIT = 1024;

const byteAt = (id: bigint, d: number): number => Number((id >> BigInt(8 * (KEY_LEN - 1 - d))) & 0xffn);

function count(ids: readonly bigint[], lo: number, hi: number, depth: number): number {
  if (hi - lo === 1) return depth < KEY_LEN ? 2 : 1;
  let l = depth;
  while (l < KEY_LEN - 1 && byteAt(ids[lo], l) === byteAt(ids[hi - 1], l)) l++;
  let n = (l > depth ? 1 : 0) + 1;
  for (let i = lo; i < hi; ) {
    const b = byteAt(ids[i], l);
    let j = i + 1;
    while (j < hi && byteAt(ids[j], l) === b) j++;
    n += count(ids, i, j, l + 1);
    i = j;
  }
  return n;
}

/** Nodes of a rax holding `total` IDs, given them ascending (only the first `limit` are read). */
export function raxNodeCount(ascending: Iterable<bigint>, total: number, limit = RAX_EXACT_LIMIT): number {
  if (total === 0) return 1;
  const ids: bigint[] = [];
  for (const id of ascending) {
    if (ids.length >= limit) break;
    ids.push(id);
  }
  const n = count(ids, 0, ids.length, 0);
  return ids.length >= total ? n : Math.round((n / ids.length) * total);
}
