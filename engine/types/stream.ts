/**
 * The stream type (Redis' t_stream.c + its rax of listpacks).
 *
 * Entries live in nodes kept in ID order, like Redis' radix tree of listpacks: XADD appends to
 * the last node (amortised O(1)) and opens a new node when the last one holds
 * stream-node-max-entries entries (live + deleted) or roughly stream-node-max-bytes bytes.
 * Seeking an ID is a binary search over nodes and then inside one node: O(log N).
 * Node boundaries matter observably: "~" trimming only drops whole nodes. Deleted entries stay
 * in their node, flagged, until the node has no live entry left, as in Redis.
 *
 * IDs are 128-bit (ms-seq) and held as one bigint: ms << 64 | seq.
 */

import { PelTree } from "./stream-pel";
import { raxInsertDelta } from "./stream-rax";

export type StreamID = bigint;

const U64 = (1n << 64n) - 1n;
export const ID_MAX: StreamID = (U64 << 64n) | U64;
export const ID_MIN: StreamID = 0n;

export const idMs = (id: StreamID): bigint => id >> 64n;
export const idSeq = (id: StreamID): bigint => id & U64;
export const makeId = (ms: bigint, seq: bigint): StreamID => (ms << 64n) | seq;
export const idText = (id: StreamID): string => `${id >> 64n}-${id & U64}`;

export interface StreamEntry {
  id: StreamID;
  /** Field/value pairs, flat. */
  fields: string[];
  deleted: boolean;
}

interface Node {
  entries: StreamEntry[];
  live: number;
  bytes: number;
}

/** A pending (delivered, not yet acknowledged) entry of a consumer group. */
export interface Nack {
  deliveryTime: number;
  deliveryCount: number;
  consumer: Consumer;
}

export interface Consumer {
  name: string;
  seenTime: number;
  /** This consumer's pending IDs, in ID order. */
  pel: PelTree<Nack>;
}

export interface Group {
  name: string;
  lastId: StreamID;
  /** entries_read; -1 when unknown (SCG_INVALID_ENTRIES_READ). */
  entriesRead: number;
  pel: PelTree<Nack>;
  consumers: Map<string, Consumer>;
}

export interface NodeLimits {
  maxEntries: number;
  maxBytes: number;
}

/** Rough listpack size of an entry: the bytes Redis' node-size check sees. */
function entryBytes(fields: readonly string[]): number {
  let n = 4;
  for (const f of fields) n += f.length + 2;
  return n;
}

export class StreamValue {
  private nodes: Node[] = [];
  length = 0;
  lastId: StreamID = 0n;
  firstId: StreamID = 0n;
  maxDeletedId: StreamID = 0n;
  entriesAdded = 0;
  groups = new Map<string, Group>();
  /** Nodes of Redis' radix tree over the node keys (engine/types/stream-rax.ts): XINFO's radix-tree-nodes. */
  raxNodes = 1;
  private readonly keyAt = (i: number): StreamID => this.nodes[i].entries[0].id;

  get size(): number {
    return this.length;
  }

  get nodeCount(): number {
    return this.nodes.length;
  }

  /** Appends an entry whose ID is already known to be greater than lastId. */
  append(id: StreamID, fields: string[], limits: NodeLimits): void {
    const bytes = entryBytes(fields);
    let node = this.nodes[this.nodes.length - 1];
    const maxBytes = limits.maxBytes === 0 || limits.maxBytes > 1 << 30 ? 1 << 30 : limits.maxBytes;
    if (
      !node ||
      node.bytes + bytes >= maxBytes ||
      (limits.maxEntries > 0 && node.entries.length >= limits.maxEntries)
    ) {
      // The node's rax key is its master ID: the ID of the first entry it was opened with.
      this.raxNodes += raxInsertDelta(this.keyAt, this.nodes.length, this.nodes.length, id);
      node = { entries: [], live: 0, bytes: 16 };
      this.nodes.push(node);
    }
    node.entries.push({ id, fields, deleted: false });
    node.live++;
    node.bytes += bytes;
    if (this.length === 0) this.firstId = id;
    this.length++;
    this.lastId = id;
    this.entriesAdded++;
  }

  /** Index of the first node whose last entry is >= id. */
  private nodeFor(id: StreamID): number {
    let lo = 0;
    let hi = this.nodes.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      const es = this.nodes[mid].entries;
      if (es[es.length - 1].id < id) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  private static entryIndex(es: StreamEntry[], id: StreamID): number {
    let lo = 0;
    let hi = es.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (es[mid].id < id) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Live entries with start <= id <= end, ascending, at most `count` (0: all). */
  range(start: StreamID, end: StreamID, count = 0): StreamEntry[] {
    const out: StreamEntry[] = [];
    if (start > end) return out;
    for (let n = this.nodeFor(start); n < this.nodes.length; n++) {
      const es = this.nodes[n].entries;
      for (let i = n === 0 || es[0].id < start ? StreamValue.entryIndex(es, start) : 0; i < es.length; i++) {
        const e = es[i];
        if (e.id > end) return out;
        if (e.deleted) continue;
        out.push(e);
        if (count && out.length >= count) return out;
      }
    }
    return out;
  }

  /** Live entries with start <= id <= end, descending from end, at most `count` (0: all). */
  revRange(start: StreamID, end: StreamID, count = 0): StreamEntry[] {
    const out: StreamEntry[] = [];
    if (start > end) return out;
    let n = Math.min(this.nodeFor(end), this.nodes.length - 1);
    for (; n >= 0; n--) {
      const es = this.nodes[n].entries;
      let i = StreamValue.entryIndex(es, end);
      if (i >= es.length || es[i].id > end) i--;
      for (; i >= 0; i--) {
        const e = es[i];
        if (e.id < start) return out;
        if (e.deleted) continue;
        out.push(e);
        if (count && out.length >= count) return out;
      }
    }
    return out;
  }

  /** The live entry with this ID, if any. */
  get(id: StreamID): StreamEntry | undefined {
    const n = this.nodeFor(id);
    const es = this.nodes[n]?.entries;
    if (!es) return undefined;
    const e = es[StreamValue.entryIndex(es, id)];
    return e && e.id === id && !e.deleted ? e : undefined;
  }

  /** streamDeleteItem: flags the entry deleted; a node left with no live entry goes. */
  delete(id: StreamID): boolean {
    const n = this.nodeFor(id);
    const node = this.nodes[n];
    if (!node) return false;
    const e = node.entries[StreamValue.entryIndex(node.entries, id)];
    if (!e || e.id !== id || e.deleted) return false;
    e.deleted = true;
    node.live--;
    this.length--;
    if (node.live === 0) this.dropNode(n);
    return true;
  }

  /** Removes the n-th node (raxRemove of its key). */
  private dropNode(n: number): void {
    const key = this.keyAt(n);
    this.nodes.splice(n, 1);
    this.raxNodes -= raxInsertDelta(this.keyAt, this.nodes.length, n, key);
  }

  /** The first (or last) live ID; 0-0 when empty. */
  edgeId(first: boolean): StreamID {
    const e = first ? this.range(ID_MIN, ID_MAX, 1)[0] : this.revRange(ID_MIN, ID_MAX, 1)[0];
    return e ? e.id : 0n;
  }

  /**
   * streamTrim: drops whole nodes from the head while allowed, then (exact trimming only)
   * flags entries of the next node. Returns how many entries went.
   */
  trim(strategy: "maxlen" | "minid", maxlen: number, minid: StreamID, approx: boolean, limit: number): number {
    let deleted = 0;
    while (this.nodes.length) {
      if (strategy === "maxlen" && this.length <= maxlen) break;
      const node = this.nodes[0];
      const entries = node.live;
      if (limit && deleted + entries > limit) break;
      const removeNode =
        strategy === "maxlen" ? this.length - entries >= maxlen : node.entries[node.entries.length - 1].id < minid;
      if (removeNode) {
        this.dropNode(0);
        this.length -= entries;
        deleted += entries;
        continue;
      }
      if (approx) break;
      for (const e of node.entries) {
        if (e.deleted) continue;
        if (strategy === "maxlen" ? this.length <= maxlen : e.id >= minid) break;
        e.deleted = true;
        node.live--;
        this.length--;
        deleted++;
      }
      break;
    }
    this.firstId = this.length === 0 ? 0n : this.edgeId(true);
    return deleted;
  }

  clone(): StreamValue {
    const s = new StreamValue();
    s.nodes = this.nodes.map((n) => ({ ...n, entries: n.entries.map((e) => ({ ...e })) }));
    s.length = this.length;
    s.lastId = this.lastId;
    s.firstId = this.firstId;
    s.maxDeletedId = this.maxDeletedId;
    s.entriesAdded = this.entriesAdded;
    s.raxNodes = this.raxNodes;
    for (const [name, g] of this.groups) {
      const ng: Group = { name, lastId: g.lastId, entriesRead: g.entriesRead, pel: new PelTree(), consumers: new Map() };
      for (const [cname, c] of g.consumers) ng.consumers.set(cname, { name: cname, seenTime: c.seenTime, pel: new PelTree() });
      for (const [id, nack] of g.pel.entries()) {
        const consumer = ng.consumers.get(nack.consumer.name)!;
        const copy: Nack = { ...nack, consumer };
        ng.pel.set(id, copy);
        consumer.pel.set(id, copy);
      }
      s.groups.set(name, ng);
    }
    return s;
  }

  /** The inspector's view: the first `limit` entries as [id, fields]. */
  toView(limit: number): [string, string[]][] {
    return this.range(ID_MIN, ID_MAX, limit).map((e) => [idText(e.id), [...e.fields]]);
  }
}
