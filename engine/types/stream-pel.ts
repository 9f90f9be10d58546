/**
 * An ordered map from stream IDs to values: the structure behind a consumer group's pending
 * entries lists (the group's PEL and each consumer's).
 *
 * Redis keeps a PEL in a radix tree keyed by the 16-byte big-endian ID, which gives
 * O(log N)-ish insert, delete and seek plus in-order iteration from any ID. A sorted array
 * gives the seek but pays O(N) to acknowledge or claim an entry in the middle, which is what
 * XACK, XCLAIM and XAUTOCLAIM do all day. So this is a B+tree: IDs and values sit in leaves
 * of at most LEAF_MAX pairs, linked in order for iteration; inner nodes hold child pointers
 * and separator IDs. Every leaf is at the same depth (log64 N: three levels hold 250k
 * entries), and splices happen inside one bounded node, so insert/delete/seek are O(log N).
 *
 * Underfull nodes borrow from or merge with a sibling, so a PEL that grew large and was then
 * mostly acknowledged does not leave a trail of empty leaves for iteration to walk over.
 *
 * Iteration is by cursor (seek, then next). A cursor is invalidated by a change to the tree;
 * callers that delete while walking seek again from the next ID.
 */
import type { StreamID } from "./stream";

const LEAF_MAX = 64;
const LEAF_MIN = 16;
const INNER_MAX = 64;
const INNER_MIN = 16;

class Leaf<V> {
  readonly leaf = true;
  ids: StreamID[] = [];
  vals: V[] = [];
  next: Leaf<V> | null = null;
}

class Inner<V> {
  readonly leaf = false;
  kids: Node<V>[] = [];
  /**
   * seps[i] (i >= 1) separates kids[i-1] from kids[i]: every ID under kids[i-1] is below it
   * and every ID under kids[i] is at or above it. seps[0] is a placeholder: a node's lower
   * bound is its parent's business. A separator may outlive the ID it was copied from; it
   * stays a valid bound, which is all routing needs.
   */
  seps: StreamID[] = [];
}

type Node<V> = Leaf<V> | Inner<V>;

/** Index of the first element >= id. */
function lowerBound(a: StreamID[], id: StreamID): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (a[mid] < id) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The child of an inner node whose range holds id. */
function route(seps: StreamID[], id: StreamID): number {
  let lo = 1;
  let hi = seps.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (seps[mid] <= id) lo = mid + 1;
    else hi = mid;
  }
  return lo - 1;
}

const sizeOf = <V>(n: Node<V>): number => (n.leaf ? n.ids.length : n.kids.length);

/** A position in the tree, in ascending ID order. */
export class PelCursor<V> {
  constructor(
    private node: Leaf<V> | null,
    private i: number,
  ) {}

  get valid(): boolean {
    return this.node !== null;
  }

  get id(): StreamID {
    return (this.node as Leaf<V>).ids[this.i];
  }

  get value(): V {
    return (this.node as Leaf<V>).vals[this.i];
  }

  next(): void {
    const n = this.node;
    if (!n) return;
    if (++this.i < n.ids.length) return;
    this.node = n.next;
    this.i = 0;
  }
}

export class PelTree<V> {
  private root: Node<V> = new Leaf<V>();
  private count = 0;

  get size(): number {
    return this.count;
  }

  private leafFor(id: StreamID): Leaf<V> {
    let n = this.root;
    while (!n.leaf) n = n.kids[route(n.seps, id)];
    return n;
  }

  get(id: StreamID): V | undefined {
    const leaf = this.leafFor(id);
    const i = lowerBound(leaf.ids, id);
    return leaf.ids[i] === id ? leaf.vals[i] : undefined;
  }

  has(id: StreamID): boolean {
    const leaf = this.leafFor(id);
    return leaf.ids[lowerBound(leaf.ids, id)] === id;
  }

  /** A cursor on the first ID >= id (invalid when there is none). */
  seek(id: StreamID): PelCursor<V> {
    const leaf = this.leafFor(id);
    const i = lowerBound(leaf.ids, id);
    if (i < leaf.ids.length) return new PelCursor(leaf, i);
    // Past this leaf's last ID: the answer, if any, opens the next leaf.
    return new PelCursor(leaf.next, 0);
  }

  /** The smallest ID, if any. */
  first(): StreamID | undefined {
    let n = this.root;
    while (!n.leaf) n = n.kids[0];
    return n.ids[0];
  }

  /** The largest ID, if any. */
  last(): StreamID | undefined {
    let n = this.root;
    while (!n.leaf) n = n.kids[n.kids.length - 1];
    return n.ids[n.ids.length - 1];
  }

  /** [id, value] pairs in ID order, from the first ID >= from. */
  *entries(from: StreamID = 0n): Generator<[StreamID, V]> {
    for (const c = this.seek(from); c.valid; c.next()) yield [c.id, c.value];
  }

  /** IDs in order, from the first ID >= from. */
  *ids(from: StreamID = 0n): Generator<StreamID> {
    for (const c = this.seek(from); c.valid; c.next()) yield c.id;
  }

  /** Inserts or replaces. */
  set(id: StreamID, v: V): void {
    const split = this.insert(this.root, id, v);
    if (!split) return;
    const root = new Inner<V>();
    root.kids = [this.root, split.node];
    root.seps = [0n, split.sep];
    this.root = root;
  }

  /** Returns the new right sibling when `n` had to split. */
  private insert(n: Node<V>, id: StreamID, v: V): { node: Node<V>; sep: StreamID } | null {
    if (n.leaf) {
      const i = lowerBound(n.ids, id);
      if (n.ids[i] === id) {
        n.vals[i] = v;
        return null;
      }
      n.ids.splice(i, 0, id);
      n.vals.splice(i, 0, v);
      this.count++;
      if (n.ids.length <= LEAF_MAX) return null;
      const r = new Leaf<V>();
      const half = n.ids.length >> 1;
      r.ids = n.ids.splice(half);
      r.vals = n.vals.splice(half);
      r.next = n.next;
      n.next = r;
      return { node: r, sep: r.ids[0] };
    }
    const k = route(n.seps, id);
    const split = this.insert(n.kids[k], id, v);
    if (!split) return null;
    n.kids.splice(k + 1, 0, split.node);
    n.seps.splice(k + 1, 0, split.sep);
    if (n.kids.length <= INNER_MAX) return null;
    const r = new Inner<V>();
    const half = n.kids.length >> 1;
    r.kids = n.kids.splice(half);
    r.seps = n.seps.splice(half);
    return { node: r, sep: r.seps[0] };
  }

  delete(id: StreamID): boolean {
    if (!this.remove(this.root, id)) return false;
    this.count--;
    const root = this.root;
    if (!root.leaf && root.kids.length === 1) this.root = root.kids[0];
    return true;
  }

  private remove(n: Node<V>, id: StreamID): boolean {
    if (n.leaf) {
      const i = lowerBound(n.ids, id);
      if (n.ids[i] !== id) return false;
      n.ids.splice(i, 1);
      n.vals.splice(i, 1);
      return true;
    }
    const k = route(n.seps, id);
    const kid = n.kids[k];
    if (!this.remove(kid, id)) return false;
    if (sizeOf(kid) < (kid.leaf ? LEAF_MIN : INNER_MIN)) this.rebalance(n, k);
    return true;
  }

  /** kids[k] of `parent` is underfull: borrow from a sibling that can spare, else merge. */
  private rebalance(parent: Inner<V>, k: number): void {
    const kid = parent.kids[k];
    const left = k > 0 ? parent.kids[k - 1] : null;
    const right = k + 1 < parent.kids.length ? parent.kids[k + 1] : null;
    const min = kid.leaf ? LEAF_MIN : INNER_MIN;
    if (left && sizeOf(left) > min) this.borrowLeft(parent, k);
    else if (right && sizeOf(right) > min) this.borrowRight(parent, k);
    else if (left) this.merge(parent, k - 1);
    else if (right) this.merge(parent, k);
  }

  private borrowLeft(parent: Inner<V>, k: number): void {
    const kid = parent.kids[k];
    const left = parent.kids[k - 1];
    if (kid.leaf && left.leaf) {
      kid.ids.unshift(left.ids.pop() as StreamID);
      kid.vals.unshift(left.vals.pop() as V);
      parent.seps[k] = kid.ids[0];
    } else if (!kid.leaf && !left.leaf) {
      const moved = left.kids.pop() as Node<V>;
      const movedSep = left.seps.pop() as StreamID;
      kid.seps[0] = parent.seps[k];
      kid.kids.unshift(moved);
      kid.seps.unshift(0n);
      parent.seps[k] = movedSep;
    }
  }

  private borrowRight(parent: Inner<V>, k: number): void {
    const kid = parent.kids[k];
    const right = parent.kids[k + 1];
    if (kid.leaf && right.leaf) {
      kid.ids.push(right.ids.shift() as StreamID);
      kid.vals.push(right.vals.shift() as V);
      parent.seps[k + 1] = right.ids[0];
    } else if (!kid.leaf && !right.leaf) {
      kid.kids.push(right.kids.shift() as Node<V>);
      kid.seps.push(parent.seps[k + 1]);
      right.seps.shift();
      parent.seps[k + 1] = right.seps[0];
      right.seps[0] = 0n;
    }
  }

  /** Folds kids[k+1] into kids[k]. */
  private merge(parent: Inner<V>, k: number): void {
    const a = parent.kids[k];
    const b = parent.kids[k + 1];
    if (a.leaf && b.leaf) {
      a.ids.push(...b.ids);
      a.vals.push(...b.vals);
      a.next = b.next;
    } else if (!a.leaf && !b.leaf) {
      b.seps[0] = parent.seps[k + 1];
      a.kids.push(...b.kids);
      a.seps.push(...b.seps);
    }
    parent.kids.splice(k + 1, 1);
    parent.seps.splice(k + 1, 1);
  }

  /** Checks the tree's invariants (for tests): order, fill, separators, leaf links, size. */
  check(): void {
    let leaves = 0;
    let depth = -1;
    const walk = (n: Node<V>, lo: StreamID | null, hi: StreamID | null, d: number, isRoot: boolean): void => {
      if (!isRoot && sizeOf(n) < (n.leaf ? LEAF_MIN : INNER_MIN)) throw new Error("underfull node");
      if (sizeOf(n) > (n.leaf ? LEAF_MAX : INNER_MAX)) throw new Error("overfull node");
      if (n.leaf) {
        if (depth === -1) depth = d;
        else if (depth !== d) throw new Error("leaves at different depths");
        leaves += n.ids.length;
        for (let i = 0; i < n.ids.length; i++) {
          if (i && n.ids[i - 1] >= n.ids[i]) throw new Error("leaf out of order");
          if ((lo !== null && n.ids[i] < lo) || (hi !== null && n.ids[i] >= hi)) throw new Error("ID outside its bounds");
        }
        if (n.vals.length !== n.ids.length) throw new Error("values out of step");
        return;
      }
      if (n.seps.length !== n.kids.length) throw new Error("separators out of step");
      for (let i = 0; i < n.kids.length; i++) {
        walk(n.kids[i], i === 0 ? lo : n.seps[i], i + 1 < n.kids.length ? n.seps[i + 1] : hi, d + 1, false);
      }
    };
    walk(this.root, null, null, 0, true);
    if (leaves !== this.count) throw new Error("size out of step");
    let seen = 0;
    let prev: StreamID | null = null;
    for (const c = this.seek(0n); c.valid; c.next()) {
      if (prev !== null && prev >= c.id) throw new Error("leaf chain out of order");
      prev = c.id;
      seen++;
    }
    if (seen !== this.count) throw new Error("leaf chain misses entries");
  }
}
