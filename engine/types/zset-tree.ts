/**
 * The ordered index of a sorted set: (score, member) pairs sorted by score, then by member
 * bytes, with O(log N) insert, delete, rank, seek-by-rank and seek-by-bound.
 *
 * Redis uses a skiplist whose forward links carry spans (how many elements each link jumps
 * over), which is what makes ZRANK and ZRANGE by rank logarithmic. We get the same powers
 * from a B+tree whose inner nodes keep, per child, the number of elements below it (an
 * "order-statistic" tree): a rank is the sum of the counts skipped on the way down. Elements
 * live in leaves of at most LEAF_MAX pairs linked both ways, so walking a range is a plain
 * array walk, and the memory cost per element is two array slots instead of a node with a
 * tower of links. Every leaf sits at the same depth, so the depth is log64(N): four levels
 * hold more than sixteen million members.
 *
 * This file never sees commands or encodings; engine/types/zset.ts builds the sorted set on it.
 */

const LEAF_MAX = 64;
const LEAF_MIN = 16;
const INNER_MAX = 64;
const INNER_MIN = 16;
/** How full bulk loading packs leaves, leaving room for later inserts. */
const BULK_FILL = 48;

/** Total order of a sorted set: by score, then by member bytes (memcmp, shorter first). */
export function compareEntries(sa: number, ma: string, sb: number, mb: string): number {
  if (sa < sb) return -1;
  if (sa > sb) return 1;
  return ma < mb ? -1 : ma > mb ? 1 : 0;
}

class Leaf {
  readonly isLeaf = true;
  members: string[] = [];
  /** Unboxed and contiguous; only the first members.length slots are in use. */
  scores = new Float64Array(LEAF_MAX + 1);
  prev: Leaf | null = null;
  next: Leaf | null = null;
}

class Inner {
  readonly isLeaf = false;
  kids: Node[] = [];
  /** Elements under each child. */
  counts: number[] = [];
  /**
   * Lower bounds of each child (index 0 unused): every element of kids[i] is >= (seps[i],
   * sepMembers[i]) and every element of kids[i-1] is below it. A separator may outlive the
   * element it was copied from; it stays a valid bound, which is all routing needs.
   */
  seps: number[] = [];
  sepMembers: string[] = [];
}

type Node = Leaf | Inner;

interface Split {
  node: Node;
  score: number;
  member: string;
}

/** A position in the index, for walking a range in either direction. */
export class ZCursor {
  constructor(
    private leaf: Leaf | null,
    private i: number,
  ) {}

  get valid(): boolean {
    return this.leaf !== null;
  }

  get member(): string {
    return (this.leaf as Leaf).members[this.i];
  }

  get score(): number {
    return (this.leaf as Leaf).scores[this.i];
  }

  next(): void {
    const leaf = this.leaf as Leaf;
    if (++this.i >= leaf.members.length) {
      this.leaf = leaf.next;
      this.i = 0;
    }
  }

  prev(): void {
    if (--this.i < 0) {
      this.leaf = (this.leaf as Leaf).prev;
      this.i = this.leaf ? this.leaf.members.length - 1 : 0;
    }
  }
}

/** A predicate true for a prefix of the order (every element before some boundary). */
export type Before = (score: number, member: string) => boolean;

export class OrderTree {
  private root: Node = new Leaf();
  private count = 0;

  get length(): number {
    return this.count;
  }

  /** Builds a tree from pairs already in order, in O(N). */
  static fromSorted(members: readonly string[], scores: readonly number[]): OrderTree {
    const t = new OrderTree();
    const n = members.length;
    if (n === 0) return t;
    let level: Node[] = [];
    let counts: number[] = [];
    let prev: Leaf | null = null;
    for (let at = 0; at < n; at += BULK_FILL) {
      const leaf = new Leaf();
      leaf.members = members.slice(at, at + BULK_FILL);
      leaf.scores.set(scores.slice(at, at + BULK_FILL));
      leaf.prev = prev;
      if (prev) prev.next = leaf;
      prev = leaf;
      level.push(leaf);
      counts.push(leaf.members.length);
    }
    while (level.length > 1) {
      const up: Node[] = [];
      const upCounts: number[] = [];
      for (let at = 0; at < level.length; at += BULK_FILL) {
        const inner = new Inner();
        inner.kids = level.slice(at, at + BULK_FILL);
        inner.counts = counts.slice(at, at + BULK_FILL);
        for (const kid of inner.kids) {
          const [s, m] = firstKey(kid);
          inner.seps.push(s);
          inner.sepMembers.push(m);
        }
        up.push(inner);
        upCounts.push(sum(inner.counts, inner.counts.length));
      }
      level = up;
      counts = upCounts;
    }
    t.root = level[0];
    t.count = n;
    return t;
  }

  /** Adds a pair that is not in the tree yet (the caller's member map guarantees it). */
  insert(score: number, member: string): void {
    const split = this.insertInto(this.root, score, member);
    if (split) {
      const top = new Inner();
      top.kids = [this.root, split.node];
      top.counts = [size(this.root), size(split.node)];
      top.seps = [0, split.score];
      top.sepMembers = ["", split.member];
      this.root = top;
    }
    this.count++;
  }

  /** Removes a pair; false when it is not there. */
  delete(score: number, member: string): boolean {
    if (!this.deleteFrom(this.root, score, member)) return false;
    this.count--;
    while (!this.root.isLeaf && this.root.kids.length === 1) this.root = this.root.kids[0];
    if (!this.root.isLeaf && this.root.kids.length === 0) this.root = new Leaf();
    return true;
  }

  /**
   * Removes `count` elements from rank `start` on, telling `removed` each member, in
   * O(log N + count): whole subtrees inside the range are dropped without descending twice.
   */
  deleteRange(start: number, count: number, removed: (member: string) => void): void {
    count = Math.min(count, this.count - start);
    if (start < 0 || count <= 0) return;
    this.deleteRangeFrom(this.root, start, count, removed);
    this.count -= count;
    while (!this.root.isLeaf && this.root.kids.length === 1) this.root = this.root.kids[0];
    if (!this.root.isLeaf && this.root.kids.length === 0) this.root = new Leaf();
  }

  /** 0-based rank of a pair, or -1 when it is not there. */
  rank(score: number, member: string): number {
    let node = this.root;
    let rank = 0;
    while (!node.isLeaf) {
      const i = childFor(node, score, member);
      rank += sum(node.counts, i);
      node = (node as Inner).kids[i];
    }
    const i = leafLowerBound(node, score, member);
    if (i < node.members.length && node.scores[i] === score && node.members[i] === member) return rank + i;
    return -1;
  }

  /** A cursor on the element of the given 0-based rank (invalid when out of range). */
  at(rank: number): ZCursor {
    if (rank < 0 || rank >= this.count) return new ZCursor(null, 0);
    let node = this.root;
    while (!node.isLeaf) {
      let i = 0;
      while (rank >= node.counts[i]) rank -= node.counts[i++];
      node = (node as Inner).kids[i];
    }
    return new ZCursor(node, rank);
  }

  /**
   * How many elements satisfy `before`, a predicate true for a prefix of the order: the rank
   * of the first element past the boundary. O(log N).
   */
  countBefore(before: Before): number {
    let node = this.root;
    let rank = 0;
    while (!node.isLeaf) {
      // Largest i >= 1 whose lower bound is still before the boundary, else 0.
      let lo = 1;
      let hi = node.kids.length;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (before(node.seps[mid], node.sepMembers[mid])) lo = mid + 1;
        else hi = mid;
      }
      const i = lo - 1;
      rank += sum(node.counts, i);
      node = (node as Inner).kids[i];
    }
    let lo = 0;
    let hi = node.members.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (before(node.scores[mid], node.members[mid])) lo = mid + 1;
      else hi = mid;
    }
    return rank + lo;
  }

  /** Visits every pair in order. */
  forEach(fn: (member: string, score: number) => void): void {
    for (let leaf: Leaf | null = leftmost(this.root); leaf; leaf = leaf.next) {
      const { members, scores } = leaf;
      for (let i = 0; i < members.length; i++) fn(members[i], scores[i]);
    }
  }

  /** A copy sharing nothing mutable with this tree. */
  clone(): OrderTree {
    const members: string[] = [];
    const scores: number[] = [];
    this.forEach((m, s) => {
      members.push(m);
      scores.push(s);
    });
    return OrderTree.fromSorted(members, scores);
  }

  /** Rewrites a score in place; only for a value equal to the old one (-0 and 0). */
  replaceEqualScore(score: number, member: string, replacement: number): void {
    let node = this.root;
    while (!node.isLeaf) node = node.kids[childFor(node, score, member)];
    const i = leafLowerBound(node, score, member);
    if (node.members[i] === member && node.scores[i] === replacement) node.scores[i] = replacement;
  }

  /**
   * Checks every structural invariant and throws on the first broken one: order, counts,
   * separators, leaf links, node fill and equal leaf depth. For tests.
   */
  checkInvariants(): void {
    const leaves: Leaf[] = [];
    let depth = -1;
    const visit = (node: Node, d: number, lo: [number, string] | null, hi: [number, string] | null, isRoot: boolean): number => {
      if (node.isLeaf) {
        if (depth === -1) depth = d;
        else if (depth !== d) throw new Error("leaves at different depths");
        if (!isRoot && node.members.length === 0) throw new Error("empty leaf");
        if (node.members.length > LEAF_MAX) throw new Error("overfull leaf");
        for (let i = 0; i < node.members.length; i++) {
          const s = node.scores[i];
          const m = node.members[i];
          if (lo && compareEntries(s, m, lo[0], lo[1]) < 0) throw new Error("element below its separator");
          if (hi && compareEntries(s, m, hi[0], hi[1]) >= 0) throw new Error("element above the next separator");
          if (i > 0 && compareEntries(node.scores[i - 1], node.members[i - 1], s, m) >= 0) throw new Error("leaf out of order");
        }
        leaves.push(node);
        return node.members.length;
      }
      if (node.kids.length === 0 || node.kids.length > INNER_MAX) throw new Error("bad inner fan-out");
      if (isRoot && node.kids.length < 2) throw new Error("root with a single child");
      let total = 0;
      for (let i = 0; i < node.kids.length; i++) {
        const kidLo: [number, string] | null = i === 0 ? lo : [node.seps[i], node.sepMembers[i]];
        const kidHi: [number, string] | null = i + 1 < node.kids.length ? [node.seps[i + 1], node.sepMembers[i + 1]] : hi;
        if (kidLo && kidHi && compareEntries(kidLo[0], kidLo[1], kidHi[0], kidHi[1]) >= 0) throw new Error("separators out of order");
        const n = visit(node.kids[i], d + 1, kidLo, kidHi, false);
        if (n !== node.counts[i]) throw new Error(`count ${node.counts[i]} but ${n} elements below`);
        if (n === 0) throw new Error("empty subtree");
        total += n;
      }
      return total;
    };
    const n = visit(this.root, 0, null, null, true);
    if (n !== this.count) throw new Error(`length ${this.count} but ${n} elements`);
    for (let i = 0; i < leaves.length; i++) {
      if (leaves[i].prev !== (i ? leaves[i - 1] : null)) throw new Error("broken prev link");
      if (leaves[i].next !== (i + 1 < leaves.length ? leaves[i + 1] : null)) throw new Error("broken next link");
    }
  }

  /** Height of the tree (1 for a lone leaf), for tests of the logarithmic shape. */
  get depth(): number {
    let d = 1;
    for (let node = this.root; !node.isLeaf; node = node.kids[0]) d++;
    return d;
  }

  // ---- Internals -------------------------------------------------------------------------

  private insertInto(node: Node, score: number, member: string): Split | null {
    if (node.isLeaf) {
      const i = leafLowerBound(node, score, member);
      const n = node.members.length;
      insertAtIndex(node.members, i, member);
      node.scores.copyWithin(i + 1, i, n);
      node.scores[i] = score;
      if (node.members.length <= LEAF_MAX) return null;
      const right = new Leaf();
      const half = node.members.length >>> 1;
      right.scores.set(node.scores.subarray(half, node.members.length));
      right.members = node.members.splice(half);
      right.next = node.next;
      if (right.next) right.next.prev = right;
      right.prev = node;
      node.next = right;
      return { node: right, score: right.scores[0], member: right.members[0] };
    }
    const i = childFor(node, score, member);
    node.counts[i]++;
    const split = this.insertInto(node.kids[i], score, member);
    if (!split) return null;
    const moved = size(split.node);
    node.counts[i] -= moved;
    node.kids.splice(i + 1, 0, split.node);
    node.counts.splice(i + 1, 0, moved);
    node.seps.splice(i + 1, 0, split.score);
    node.sepMembers.splice(i + 1, 0, split.member);
    if (node.kids.length <= INNER_MAX) return null;
    const right = new Inner();
    const half = node.kids.length >>> 1;
    right.kids = node.kids.splice(half);
    right.counts = node.counts.splice(half);
    right.seps = node.seps.splice(half);
    right.sepMembers = node.sepMembers.splice(half);
    return { node: right, score: right.seps[0], member: right.sepMembers[0] };
  }

  private deleteFrom(node: Node, score: number, member: string): boolean {
    if (node.isLeaf) {
      const i = leafLowerBound(node, score, member);
      if (i >= node.members.length || node.scores[i] !== score || node.members[i] !== member) return false;
      node.scores.copyWithin(i, i + 1, node.members.length);
      removeAtIndex(node.members, i);
      return true;
    }
    const i = childFor(node, score, member);
    if (!this.deleteFrom(node.kids[i], score, member)) return false;
    node.counts[i]--;
    this.rebalance(node, i);
    return true;
  }

  private deleteRangeFrom(node: Node, start: number, count: number, removed: (member: string) => void): void {
    if (node.isLeaf) {
      const n = node.members.length;
      for (let k = start; k < start + count; k++) removed(node.members[k]);
      node.scores.copyWithin(start, start + count, n);
      node.members.splice(start, count);
      return;
    }
    let i = 0;
    let offset = start;
    while (offset >= node.counts[i]) offset -= node.counts[i++];
    const first = i;
    let left = count;
    while (left > 0) {
      const take = Math.min(left, node.counts[i] - offset);
      const kid = node.kids[i];
      if (take === node.counts[i] && kid.isLeaf) {
        for (const m of kid.members) removed(m);
        kid.members = [];
      } else {
        this.deleteRangeFrom(kid, offset, take, removed);
      }
      node.counts[i] -= take;
      left -= take;
      offset = 0;
      if (node.counts[i] === 0) {
        // An emptied inner child has already unlinked and dropped its leaves.
        if (kid.isLeaf) unlink(kid);
        removeChild(node, i);
      } else {
        i++;
      }
    }
    // Only the two children at the edges of the range can have been thinned.
    for (let j = Math.min(i, node.kids.length - 1); j >= first && j >= 0; j--) this.rebalance(node, j);
  }

  /** After a deletion under kids[i]: drops an empty child, merges a thin one into a sibling. */
  private rebalance(parent: Inner, i: number): void {
    const kid = parent.kids[i];
    if (parent.counts[i] === 0) {
      if (kid.isLeaf) unlink(kid);
      removeChild(parent, i);
      return;
    }
    const thin = kid.isLeaf ? kid.members.length < LEAF_MIN : kid.kids.length < INNER_MIN;
    if (!thin) return;
    if (i + 1 < parent.kids.length && fits(kid, parent.kids[i + 1])) merge(parent, i);
    else if (i > 0 && fits(parent.kids[i - 1], kid)) merge(parent, i - 1);
  }
}

// ---- Node helpers ---------------------------------------------------------------------------

function size(node: Node): number {
  return node.isLeaf ? node.members.length : sum(node.counts, node.counts.length);
}

function sum(xs: readonly number[], n: number): number {
  let t = 0;
  for (let i = 0; i < n; i++) t += xs[i];
  return t;
}

function firstKey(node: Node): [number, string] {
  while (!node.isLeaf) node = node.kids[0];
  return [node.scores[0], node.members[0]];
}

function leftmost(node: Node): Leaf | null {
  while (!node.isLeaf) node = node.kids[0];
  return node.members.length ? node : null;
}

/** Index of the child whose range holds (score, member): the last separator not above it. */
function childFor(node: Inner, score: number, member: string): number {
  let lo = 1;
  let hi = node.kids.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (compareEntries(node.seps[mid], node.sepMembers[mid], score, member) <= 0) lo = mid + 1;
    else hi = mid;
  }
  return lo - 1;
}

/** First index in a leaf whose pair is not below (score, member). */
function leafLowerBound(leaf: Leaf, score: number, member: string): number {
  const { scores, members } = leaf;
  let lo = 0;
  let hi = members.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const s = scores[mid];
    if (s < score || (s === score && members[mid] < member)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Array insertion by shifting: cheaper than splice for the short arrays of a node. */
function insertAtIndex<T>(xs: T[], i: number, x: T): void {
  let j = xs.length;
  xs.push(x);
  for (; j > i; j--) xs[j] = xs[j - 1];
  xs[i] = x;
}

function removeAtIndex<T>(xs: T[], i: number): void {
  const n = xs.length - 1;
  for (let j = i; j < n; j++) xs[j] = xs[j + 1];
  xs.pop();
}

function unlink(leaf: Leaf): void {
  if (leaf.prev) leaf.prev.next = leaf.next;
  if (leaf.next) leaf.next.prev = leaf.prev;
  leaf.prev = leaf.next = null;
}

function removeChild(parent: Inner, i: number): void {
  parent.kids.splice(i, 1);
  parent.counts.splice(i, 1);
  parent.seps.splice(i, 1);
  parent.sepMembers.splice(i, 1);
}

function fits(a: Node, b: Node): boolean {
  return a.isLeaf
    ? a.members.length + (b as Leaf).members.length <= LEAF_MAX
    : a.kids.length + (b as Inner).kids.length <= INNER_MAX;
}

/** Moves kids[i + 1] into kids[i] (siblings of the same kind) and drops it from the parent. */
function merge(parent: Inner, i: number): void {
  const a = parent.kids[i];
  const b = parent.kids[i + 1];
  if (a.isLeaf) {
    const bl = b as Leaf;
    a.scores.set(bl.scores.subarray(0, bl.members.length), a.members.length);
    for (let k = 0; k < bl.members.length; k++) a.members.push(bl.members[k]);
    unlink(bl);
  } else {
    const bi = b as Inner;
    // b's own first separator is unused; the parent's bound for b takes its place.
    a.kids.push(...bi.kids);
    a.counts.push(...bi.counts);
    a.seps.push(parent.seps[i + 1], ...bi.seps.slice(1));
    a.sepMembers.push(parent.sepMembers[i + 1], ...bi.sepMembers.slice(1));
  }
  parent.counts[i] += parent.counts[i + 1];
  removeChild(parent, i + 1);
}
