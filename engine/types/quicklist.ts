/**
 * The list structure: Redis 7.0's quicklist, a doubly linked list of nodes that each hold a
 * listpack of elements.
 *
 * Why two levels: a single listpack is compact but every insert moves the bytes after it, and
 * a plain linked list costs two pointers per element. A quicklist bounds each listpack
 * (`list-max-listpack-size`: negative -1..-5 caps a node at 4/8/16/32/64 KB, positive caps its
 * element count, with an 8 KB safety cap) so pushes and pops at the ends are cheap and an
 * index lookup skips whole nodes by their counts.
 *
 * The node layout is modelled exactly, because learners see it through DEBUG OBJECT
 * (ql_nodes, ql_uncompressed_size): each node keeps its elements and its listpack's byte size
 * `sz` as Redis computes it, and inserts, splits and merges follow quicklist.c's rules,
 * including its estimates (an insert assumes 8 bytes of entry overhead; a merge assumes the
 * two listpacks shrink by 11 bytes). Deletions never merge nodes, as in Redis.
 *
 * The elements of a node live in a JS array; a node's size is bounded by the fill factor, so
 * the array moves it does are bounded too, like the memmove inside a listpack.
 */
import { LP_EMPTY_BYTES, lpEntrySize } from "./listpack-bytes";

/** optimization_level: the byte cap of a node for fill -1..-5. */
export const OPTIMIZATION_LEVEL = [4096, 8192, 16384, 32768, 65536];
/** SIZE_SAFETY_LIMIT: a node capped by count still never grows past 8 KB. */
const SIZE_SAFETY_LIMIT = 8192;
/** SIZE_ESTIMATE_OVERHEAD: what an insert assumes one entry adds beyond its bytes. */
const SIZE_ESTIMATE_OVERHEAD = 8;
/** FILL_MAX: quicklistSetFill clamps the fill into [-5, 32767]. */
const FILL_MAX = (1 << 15) - 1;
/** COMPRESS_MAX: quicklistSetCompressDepth clamps the depth into [0, 65535]. */
const COMPRESS_MAX = (1 << 16) - 1;

export class QLNode {
  prev: QLNode | null = null;
  next: QLNode | null = null;

  constructor(
    /** The elements, head to tail. */
    public items: string[],
    /** lpBytes of this node's listpack. */
    public sz: number,
  ) {}

  get count(): number {
    return this.items.length;
  }
}

/** A node holding exactly these elements. */
function nodeOf(items: string[]): QLNode {
  let sz = LP_EMPTY_BYTES;
  for (const s of items) sz += lpEntrySize(s);
  return new QLNode(items, sz);
}

/** _quicklistNodeSizeMeetsOptimizationRequirement. */
function meetsOptimization(sz: number, fill: number): boolean {
  return fill < 0 && sz <= OPTIMIZATION_LEVEL[-fill - 1];
}

/** _quicklistNodeAllowInsert: may an element of `len` bytes go into this node? */
function allowInsert(node: QLNode | null, fill: number, len: number): boolean {
  if (!node) return false;
  const newSz = node.sz + len + SIZE_ESTIMATE_OVERHEAD;
  if (meetsOptimization(newSz, fill)) return true;
  if (newSz > SIZE_SAFETY_LIMIT) return false;
  return node.count < fill;
}

/** _quicklistNodeAllowMerge: may these two neighbours become one node? */
function allowMerge(a: QLNode | null, b: QLNode | null, fill: number): boolean {
  if (!a || !b) return false;
  const mergeSz = a.sz + b.sz - 11;
  if (meetsOptimization(mergeSz, fill)) return true;
  if (mergeSz > SIZE_SAFETY_LIMIT) return false;
  return a.count + b.count <= fill;
}

export class QuickList {
  head: QLNode | null = null;
  tail: QLNode | null = null;
  /** Number of nodes (quicklist->len, DEBUG OBJECT's ql_nodes). */
  nodes = 0;
  private count = 0;
  /** The fill factor this list was created with (list-max-listpack-size at creation). */
  readonly fill: number;
  /** The compress depth this list was created with (list-compress-depth at creation). */
  readonly compress: number;

  constructor(fill = -2, compress = 0) {
    this.fill = Math.max(-5, Math.min(FILL_MAX, fill));
    this.compress = Math.max(0, Math.min(COMPRESS_MAX, compress));
  }

  /** Number of elements. */
  get length(): number {
    return this.count;
  }

  // ---- Node bookkeeping --------------------------------------------------------------------

  /** __quicklistInsertNode: links `node` after (or before) `ref`; at an empty list it is all. */
  private link(ref: QLNode | null, node: QLNode, after: boolean): void {
    if (!ref) {
      this.head = this.tail = node;
    } else if (after) {
      node.prev = ref;
      node.next = ref.next;
      if (ref.next) ref.next.prev = node;
      ref.next = node;
      if (this.tail === ref) this.tail = node;
    } else {
      node.next = ref;
      node.prev = ref.prev;
      if (ref.prev) ref.prev.next = node;
      ref.prev = node;
      if (this.head === ref) this.head = node;
    }
    this.nodes++;
  }

  /** __quicklistDelNode. */
  private unlink(node: QLNode): void {
    if (node.next) node.next.prev = node.prev;
    if (node.prev) node.prev.next = node.next;
    if (this.tail === node) this.tail = node.prev;
    if (this.head === node) this.head = node.next;
    node.prev = node.next = null;
    this.nodes--;
    this.count -= node.count;
  }

  /** Removes elements [from, from + n) of a node, dropping the node when it empties. */
  private deleteInNode(node: QLNode, from: number, n: number): void {
    if (n === node.count) {
      this.unlink(node);
      return;
    }
    let freed = 0;
    for (let i = from; i < from + n; i++) freed += lpEntrySize(node.items[i]);
    if (from === 0 && n === 1) node.items.shift();
    else if (from + n === node.count) node.items.length = from;
    else node.items.splice(from, n);
    node.sz -= freed;
    this.count -= n;
  }

  // ---- Pushes and pops ---------------------------------------------------------------------

  /** quicklistPushHead. */
  pushHead(value: string): void {
    const head = this.head;
    if (head && allowInsert(head, this.fill, value.length)) {
      head.items.unshift(value);
      head.sz += lpEntrySize(value);
    } else {
      this.link(head, nodeOf([value]), false);
    }
    this.count++;
  }

  /** quicklistPushTail. */
  pushTail(value: string): void {
    const tail = this.tail;
    if (tail && allowInsert(tail, this.fill, value.length)) {
      tail.items.push(value);
      tail.sz += lpEntrySize(value);
    } else {
      this.link(tail, nodeOf([value]), true);
    }
    this.count++;
  }

  push(value: string, head: boolean): void {
    if (head) this.pushHead(value);
    else this.pushTail(value);
  }

  /** quicklistPopCustom: the element at the head (or tail), removed; undefined when empty. */
  pop(head: boolean): string | undefined {
    const node = head ? this.head : this.tail;
    if (!node) return undefined;
    const i = head ? 0 : node.count - 1;
    const v = node.items[i];
    this.deleteInNode(node, i, 1);
    return v;
  }

  // ---- Positions ---------------------------------------------------------------------------

  /**
   * The node and offset of element `index` (negative counts from the tail), walking from the
   * nearer end and skipping whole nodes as quicklistGetIteratorAtIdx does; null when out of
   * range.
   */
  locate(index: number): { node: QLNode; offset: number } | null {
    const n = this.count;
    if (index < 0) index += n;
    if (index < 0 || index >= n) return null;
    if (index <= (n - 1) / 2) {
      let acc = 0;
      for (let node = this.head; node; node = node.next) {
        if (acc + node.count > index) return { node, offset: index - acc };
        acc += node.count;
      }
    } else {
      let acc = 0;
      const back = n - 1 - index;
      for (let node = this.tail; node; node = node.prev) {
        if (acc + node.count > back) return { node, offset: node.count - 1 - (back - acc) };
        acc += node.count;
      }
    }
    return null;
  }

  /** quicklistIndex: the element at `index`, or undefined. */
  index(index: number): string | undefined {
    const at = this.locate(index);
    return at ? at.node.items[at.offset] : undefined;
  }

  /**
   * quicklistReplaceAtIndex (LSET): replaces the element in place. The node may end up over
   * its size limit; Redis 7.0 does not split it.
   */
  replace(index: number, value: string): boolean {
    const at = this.locate(index);
    if (!at) return false;
    const { node, offset } = at;
    node.sz += lpEntrySize(value) - lpEntrySize(node.items[offset]);
    node.items[offset] = value;
    return true;
  }

  // ---- Iteration ---------------------------------------------------------------------------

  /** Elements from `start` towards the tail (or, `reverse`, towards the head), lazily. */
  *iterate(start: number, reverse = false): Generator<string> {
    const at = this.locate(start);
    if (!at) return;
    let { node, offset } = at as { node: QLNode | null; offset: number };
    while (node) {
      const items = node.items;
      if (reverse) {
        for (let i = offset; i >= 0; i--) yield items[i];
        node = node.prev;
        offset = node ? node.count - 1 : 0;
      } else {
        for (let i = offset; i < items.length; i++) yield items[i];
        node = node.next;
        offset = 0;
      }
    }
  }

  /** Elements [start, end] (inclusive, already clamped to the list), head to tail. */
  range(start: number, end: number, reverse = false): string[] {
    const out: string[] = [];
    const n = end - start + 1;
    if (n <= 0) return out;
    for (const v of this.iterate(reverse ? end : start, reverse)) {
      out.push(v);
      if (out.length === n) break;
    }
    return out;
  }

  /**
   * Walks from the head (or from the tail when `fromTail`) calling `visit` with each element
   * and its position counted from where the walk started; `visit` returns "stop" to end the
   * walk, "delete" to remove that element (LREM) or "delete-stop" to remove it and end, as a
   * quicklist iterator with quicklistDelEntry. Emptied nodes are dropped, neighbours are not
   * merged.
   */
  scan(fromTail: boolean, visit: (value: string, pos: number) => "next" | "stop" | "delete" | "delete-stop"): void {
    let pos = 0;
    let node = fromTail ? this.tail : this.head;
    while (node) {
      const following: QLNode | null = fromTail ? node.prev : node.next;
      let i = fromTail ? node.count - 1 : 0;
      while (i >= 0 && i < node.count) {
        const action = visit(node.items[i], pos++);
        if (action === "stop") return;
        if (action === "delete" || action === "delete-stop") {
          const last = node.count === 1;
          this.deleteInNode(node, i, 1);
          if (action === "delete-stop") return;
          if (last) break;
          if (fromTail) i--;
        } else {
          i += fromTail ? -1 : 1;
        }
      }
      node = following;
    }
  }

  // ---- Insert, delete ranges ---------------------------------------------------------------

  /**
   * _quicklistInsert (LINSERT): puts `value` before or after the element at `index`. A full
   * node first tries its neighbour when the pivot is at its edge, then gets a new node of its
   * own, and otherwise is split at the pivot, after which the neighbourhood is merged back
   * together where the fill allows.
   */
  insert(index: number, value: string, after: boolean): void {
    const at = this.locate(index);
    if (!at) return;
    const { node, offset } = at;
    const fill = this.fill;
    const len = value.length;
    const esz = lpEntrySize(value);
    const full = !allowInsert(node, fill, len);
    const atTail = after && offset === node.count - 1;
    const atHead = !after && offset === 0;
    const availNext = atTail && allowInsert(node.next, fill, len);
    const availPrev = atHead && allowInsert(node.prev, fill, len);
    this.count++;
    if (!full) {
      node.items.splice(after ? offset + 1 : offset, 0, value);
      node.sz += esz;
    } else if (atTail && availNext) {
      const next = node.next!;
      next.items.unshift(value);
      next.sz += esz;
    } else if (atHead && availPrev) {
      const prev = node.prev!;
      prev.items.push(value);
      prev.sz += esz;
    } else if (atTail || atHead) {
      this.link(node, nodeOf([value]), after);
    } else {
      // _quicklistSplitNode: after, the node keeps [0, offset] and the new one takes the rest
      // with the value first; before, the new one takes [0, offset) with the value last.
      const items = node.items;
      const moved = after ? items.splice(offset + 1) : items.splice(0, offset);
      node.sz = LP_EMPTY_BYTES;
      for (const s of items) node.sz += lpEntrySize(s);
      if (after) moved.unshift(value);
      else moved.push(value);
      this.link(node, nodeOf(moved), after);
      this.mergeAround(node);
    }
  }

  /** _quicklistListpackMerge: joins b into a (a left of b) and returns the surviving node. */
  private merge(a: QLNode, b: QLNode): QLNode {
    for (const s of b.items) a.items.push(s);
    a.sz += b.sz - LP_EMPTY_BYTES;
    const moved = b.count;
    this.unlink(b);
    this.count += moved; // unlink subtracted b's elements; they now live in a
    return a;
  }

  /** _quicklistMergeNodes: tries the pairs around `center` in Redis' order. */
  private mergeAround(center: QLNode): void {
    const fill = this.fill;
    const prev = center.prev;
    const prevPrev = prev ? prev.prev : null;
    const next = center.next;
    const nextNext = next ? next.next : null;
    if (allowMerge(prev, prevPrev, fill)) this.merge(prevPrev!, prev!);
    if (allowMerge(next, nextNext, fill)) this.merge(next!, nextNext!);
    let target = center;
    if (allowMerge(center, center.prev, fill)) target = this.merge(center.prev!, center);
    if (allowMerge(target, target.next, fill)) this.merge(target, target.next!);
  }

  /**
   * quicklistDelRange: removes `n` elements from `start` (negative counts from the tail,
   * and then at most to the end of the list). Emptied nodes are dropped, nothing is merged.
   */
  deleteRange(start: number, n: number): void {
    if (n <= 0) return;
    if (start < 0) {
      n = Math.min(n, -start);
      start += this.count;
    } else {
      n = Math.min(n, this.count - start);
    }
    const at = this.locate(start);
    if (!at || n <= 0) return;
    let node: QLNode | null = at.node;
    let offset = at.offset;
    while (n > 0 && node) {
      const next: QLNode | null = node.next;
      const del = Math.min(n, node.count - offset);
      this.deleteInNode(node, offset, del);
      n -= del;
      node = next;
      offset = 0;
    }
  }

  // ---- Whole-list views --------------------------------------------------------------------

  /** Each node's elements and listpack size, head to tail (DEBUG OBJECT, tests). */
  *nodeList(): Generator<QLNode> {
    for (let node = this.head; node; node = node.next) yield node;
  }

  /** A deep copy keeping the same nodes, fill and depth (quicklistDup, for COPY). */
  clone(): QuickList {
    const copy = new QuickList(this.fill, this.compress);
    for (let node = this.head; node; node = node.next) {
      copy.link(copy.tail, new QLNode(node.items.slice(), node.sz), true);
      copy.count += node.count;
    }
    return copy;
  }

  // -- h-debug-reload: rebuilding a list from saved nodes --
  /**
   * quicklistAppendListpack over saved nodes: a list loaded from an RDB keeps the nodes it was
   * saved with (they are stored as whole listpacks), whatever fill and depth it now gets.
   */
  static fromNodes(nodes: readonly { items: readonly string[]; sz: number }[], fill: number, compress: number): QuickList {
    const ql = new QuickList(fill, compress);
    for (const n of nodes) {
      if (n.items.length === 0) continue; // rdbLoad skips empty listpacks
      ql.link(ql.tail, new QLNode(n.items.slice(), n.sz), true);
      ql.count += n.items.length;
    }
    return ql;
  }

  /** Elements from head to tail, at most `limit` of them: the inspector's read-only view. */
  toView(limit: number): string[] {
    const out: string[] = [];
    for (let node = this.head; node && out.length < limit; node = node.next) {
      for (const s of node.items) {
        if (out.length >= limit) break;
        out.push(s);
      }
    }
    return out;
  }
}
