/**
 * The size of one value, the way Redis 7.0's objectComputeSize (object.c) estimates it.
 *
 * Redis does not walk a big collection to size it: it sizes the fixed parts exactly, looks at
 * the first `samples` elements (quicklist nodes from the head, skiplist nodes from the lowest
 * score, dict entries in bucket order, stream listpacks from the first) and multiplies their
 * mean by the element count. Compact encodings (listpack, intset) are one allocation, sized
 * exactly: Redis reads a listpack's size from its header, and our hashes, sorted sets and
 * intsets keep their byte counts (or widths) as they change, so sizing one is O(1) too.
 * Strings grown in place carry their sds room (StringObject.sds). We follow the same recipe
 * over our own structures, which model Redis' layouts (quicklist nodes and their listpack
 * bytes are exact; skiplist node levels are random in Redis, so we use their expectation).
 *
 * Two flavours share the recipe: "usage" adds struct sizes as MEMORY USAGE does (sizeof,
 * not the allocator's class), "alloc" rounds every allocation to jemalloc's class and leaves
 * out shared integers, which is what the allocator counter (used_memory) sees.
 */
import type { RedisObject } from "../object";
import { Rng } from "../rng";
import { lpBytes, lpEntrySize, LP_EMPTY_BYTES } from "../types/listpack-bytes";
import type { StreamValue } from "../types/stream";
import { RAX_EXACT_LIMIT, raxNodeCount } from "./rax";

/** PEL IDs read per tree when the running total re-estimates a stream. */
const ALLOC_RAX_LIMIT = 64;
import {
  BUCKET, DICT, DICT_ENTRY, INTSET_HDR, QUICKLIST, QUICKLIST_NODE, RAX_NODE, RAX_NODE_OVERHEAD, ROBJ, SHARED_INTEGERS,
  STREAM, STREAM_CG, STREAM_CONSUMER, STREAM_ID, STREAM_LP_PREALLOC, STREAM_NACK, ZSET, ZSKIPLIST, ZSL_MAXLEVEL,
  ZSL_NODE_MEAN, dictSlots, embstrAlloc, grownDictTables, jeSize, sdsAlloc, zslNodeAlloc,
} from "./alloc";

/** OBJ_COMPUTE_SIZE_DEF_SAMPLES. */
export const DEFAULT_SAMPLES = 5;

export interface SizeOptions {
  /** How many elements to look at (Infinity: all of them, as SAMPLES 0). */
  samples: number;
  /** "usage": MEMORY USAGE's sums; "alloc": what the allocator holds (see the file comment). */
  mode: "usage" | "alloc";
  /** Integers 0..9999 are shared objects (maxmemory unset or a non-LRU/LFU policy). */
  sharedIntegers?: boolean;
  /** stream-node-max-bytes, which caps a new stream node's preallocation. */
  streamNodeMaxBytes?: number;
  /** stream-node-max-entries: a node full by count is shrunk to fit. */
  streamNodeMaxEntries?: number;
}

/**
 * Module-local copies of what the sizing after every write uses (while maxmemory is set).
 * tsx, which runs the bench, compiles each module to CommonJS, where every read of an imported
 * binding is a getter call: they were a tenth of an LPUSH's time in bench --memory.
 */
const je = jeSize;
const sdsA = sdsAlloc;
const embstrA = embstrAlloc;
const SHARED_INTS = SHARED_INTEGERS;
const INTSET_HEADER = INTSET_HDR;
interface Fixed {
  robj: number;
  quicklist: number;
  quicklistNode: number;
}
const USAGE_FIXED: Fixed = { robj: ROBJ, quicklist: QUICKLIST, quicklistNode: QUICKLIST_NODE };
const ALLOC_FIXED: Fixed = { robj: jeSize(ROBJ), quicklist: jeSize(QUICKLIST), quicklistNode: jeSize(QUICKLIST_NODE) };

/** A struct's size: as written (usage) or as allocated (alloc). */
const st = (n: number, o: SizeOptions) => (o.mode === "alloc" ? jeSize(n) : n);
/** A collection dict's fixed part: the struct and its bucket arrays (both, mid-rehash). */
function dictFixed(entries: number, stepsPerAdd: number, o: SizeOptions): number {
  const [a, b] = grownDictTables(entries, stepsPerAdd);
  return st(DICT, o) + (a ? st(BUCKET * a, o) : 0) + (b ? st(BUCKET * b, o) : 0);
}

/** A collection dict's fixed part when it may have been presized to `presized` buckets (0: grown). */
function presizedOrGrown(entries: number, presized: number, stepsPerAdd: number, o: SizeOptions): number {
  return presized && dictSlots(entries) <= presized ? st(DICT, o) + st(BUCKET * presized, o) : dictFixed(entries, stepsPerAdd, o);
}

/**
 * Dict entries picked as Redis' iterator would pick them: its bucket order is effectively
 * random, so the first `samples` entries of a Redis dict are a random sample. Taking our
 * first ones instead would bias the estimate (insertion order: the oldest, often shortest,
 * members). A private generator keeps the server's own random sequence untouched.
 */
function* randomPicks<T>(count: number, samples: number, pick: (rng: Rng) => T, all: () => Iterable<T>): Generator<T> {
  if (samples >= count) {
    yield* all();
    return;
  }
  const rng = new Rng(SAMPLE_SEED);
  for (let i = 0; i < samples; i++) yield pick(rng);
}
const SAMPLE_SEED = 0x5eed;

/** Mean of `size` over the first `samples` items of `items`, times `count`. */
function extrapolate<T>(items: Iterable<T>, count: number, samples: number, size: (x: T) => number): number {
  let sum = 0;
  let n = 0;
  for (const x of items) {
    if (n >= samples) break;
    sum += size(x);
    n++;
  }
  return n ? (sum / n) * count : 0;
}

export function objectSize(obj: RedisObject, o: SizeOptions): number {
  const fixed = o.mode === "alloc" ? ALLOC_FIXED : USAGE_FIXED;
  const robj = fixed.robj;
  switch (obj.type) {
    case "string": {
      if (obj.enc === "int") {
        // A shared integer object belongs to the server, not to the key.
        if (o.mode === "alloc" && o.sharedIntegers) {
          const v = Number(obj.value);
          if (v >= 0 && v < SHARED_INTS) return 0;
        }
        return robj;
      }
      const len = obj.value.length;
      if (obj.enc === "embstr") return embstrA(len);
      // A string grown in place keeps its spare room (sdsZmallocSize counts it).
      const sds = obj.sds;
      return robj + (sds && sds.cap >= len ? sds.size : sdsA(len));
    }
    case "list": {
      const ql = obj.value;
      // The first `samples` nodes from the head, walked directly: this runs after every list
      // write while maxmemory is set, and a generator's allocations showed in bench --memory.
      let sum = 0;
      let seen = 0;
      for (let n = ql.head; n && seen < o.samples; n = n.next, seen++) sum += fixed.quicklistNode + je(n.sz);
      return robj + fixed.quicklist + (seen ? (sum / seen) * ql.nodes : 0);
    }
    case "hash": {
      const h = obj.value;
      // The listpack's byte count is kept by the hash itself (its header, in Redis): this runs
      // after every write to the hash while maxmemory is set.
      if (obj.enc === "listpack") return robj + je(h.listpackBytes());
      h.listpackBytesDone();
      const per = ([f, v]: [string, string]) => st(DICT_ENTRY, o) + sdsAlloc(f.length) + sdsAlloc(v.length);
      const picks = randomPicks(h.size, o.samples, (r) => h.random(r), () => h.entries());
      // A table presized from a whole hash (hashTypeConvertListpack, hashTypeDup) keeps its
      // buckets until the fields outgrow them; hashTypeSet looks a field up before adding it,
      // so a grown one takes two rehash steps per new field.
      return robj + presizedOrGrown(h.size, h.presizedBuckets, 2, o) + extrapolate(picks, h.size, o.samples, per);
    }
    case "set": {
      const s = obj.value;
      if (obj.enc === "intset") return robj + je(INTSET_HEADER + s.intsetWidth * s.size);
      const per = (m: string) => st(DICT_ENTRY, o) + sdsAlloc(m.length);
      const picks = randomPicks(s.size, o.samples, (r) => s.random(r), () => s.members());
      // A table presized from a whole set (setTypeConvert, setTypeDup) keeps its buckets
      // until the members outgrow them.
      return robj + presizedOrGrown(s.size, s.presizedBuckets, 1, o) + extrapolate(picks, s.size, o.samples, per);
    }
    case "zset": {
      const z = obj.value;
      if (obj.enc === "listpack") return robj + je(z.listpackBytes());
      z.listpackBytesDone();
      // zsetConvert grows its table entry by entry (no presize); zsetDup presizes a copy's.
      const table = presizedOrGrown(z.size, z.presizedBuckets, 2, o);
      const fixed = robj + st(ZSET, o) + st(ZSKIPLIST, o) + table + zslNodeAlloc(ZSL_MAXLEVEL);
      function* members() {
        for (const cur = z.at(0); cur.valid; cur.next()) yield cur.member;
      }
      const per = (m: string) => sdsAlloc(m.length) + st(DICT_ENTRY, o) + ZSL_NODE_MEAN;
      return fixed + extrapolate(members(), z.size, o.samples, per);
    }
    case "stream":
      return robj + st(STREAM, o) + streamSize(obj.value, o);
  }
}

// ---- Streams -------------------------------------------------------------------------------

/** streamRadixTreeMemoryUsage, including its quirk: the rax struct itself is not counted. */
function raxUsage(keys: number, nodes: number): number {
  return keys * STREAM_ID + nodes * RAX_NODE + nodes * RAX_NODE_OVERHEAD;
}

interface NodeView {
  entries: { id: bigint; fields: string[]; deleted: boolean }[];
  live: number;
}

/**
 * The stream's nodes. StreamValue keeps them private (engine/types/stream.ts belongs to the
 * streams family); the memory model only reads them.
 */
const streamNodes = (s: StreamValue): NodeView[] => (s as unknown as { nodes: NodeView[] }).nodes;

const U64 = (1n << 64n) - 1n;

/**
 * lpBytes of one stream node as t_stream.c lays it out: a master entry (count, deleted,
 * master field names, terminator), then per entry flags, ms/seq deltas from the master ID,
 * the field names unless they match the master's, the values and the entry's element count.
 */
export function streamNodeBytes(node: NodeView): number {
  // Nodes only grow at the tail or flag entries deleted: a node's size is remembered for as
  // long as its entry and live counts stay the same, so a write re-reads one node, not five.
  const cached = nodeBytesCache.get(node);
  if (cached && cached.entries === node.entries.length && cached.live === node.live) return cached.bytes;
  const bytes = computeNodeBytes(node);
  nodeBytesCache.set(node, { entries: node.entries.length, live: node.live, bytes });
  return bytes;
}
const nodeBytesCache = new WeakMap<NodeView, { entries: number; live: number; bytes: number }>();

function computeNodeBytes(node: NodeView): number {
  const es = node.entries;
  if (!es.length) return LP_EMPTY_BYTES;
  const master = es[0];
  const mfields: string[] = [];
  for (let i = 0; i < master.fields.length; i += 2) mfields.push(master.fields[i]);
  let bytes = lpBytes([String(node.live), String(es.length - node.live), String(mfields.length), ...mfields, "0"]);
  const mMs = master.id >> 64n;
  const mSeq = master.id & U64;
  for (const e of es) {
    const n = e.fields.length / 2;
    let same = n === mfields.length;
    for (let i = 0; same && i < n; i++) if (e.fields[2 * i] !== mfields[i]) same = false;
    bytes += 2; // flags: a small integer (SAMEFIELDS, DELETED)
    bytes += lpEntrySize(((e.id >> 64n) - mMs).toString()) + lpEntrySize(((e.id & U64) - mSeq).toString());
    if (same) {
      for (let i = 1; i < e.fields.length; i += 2) bytes += lpEntrySize(e.fields[i]);
      bytes += lpEntrySize(String(n + 3));
    } else {
      bytes += lpEntrySize(String(n));
      for (const f of e.fields) bytes += lpEntrySize(f);
      bytes += lpEntrySize(String(2 * n + 4));
    }
  }
  return bytes;
}

/**
 * A node listpack's allocation. XADD allocates a new node's listpack at 4 KB (or
 * stream-node-max-bytes when smaller) and grows it exactly past that; when the next XADD
 * finds the node full by entry count it shrinks it to fit. The last node is never shrunk.
 */
function nodeAlloc(node: NodeView, last: boolean, o: SizeOptions): number {
  const max = o.streamNodeMaxBytes ?? 4096;
  const prealloc = jeSize(max > 0 && max < STREAM_LP_PREALLOC ? max : STREAM_LP_PREALLOC);
  const exact = jeSize(streamNodeBytes(node));
  const maxEntries = o.streamNodeMaxEntries ?? 100;
  if (!last && maxEntries > 0 && node.entries.length >= maxEntries) return exact;
  return Math.max(prealloc, exact);
}

function* pelIds(pel: { seek(id: bigint): { valid: boolean; id: bigint; next(): void } }): Generator<bigint> {
  for (const c = pel.seek(0n); c.valid; c.next()) yield c.id;
}

function streamSize(s: StreamValue, o: SizeOptions): number {
  const nodes = streamNodes(s);
  // The stream keeps its rax node count up to date (engine/types/stream-rax.ts).
  let size = raxUsage(nodes.length, s.raxNodes);
  // Sample the first listpacks; the last one is often partial, so it is added as it is.
  const k = Math.min(nodes.length, o.samples);
  let lp = 0;
  for (let i = 0; i < k; i++) lp += nodeAlloc(nodes[i], i === nodes.length - 1, o);
  if (nodes.length <= k) size += lp;
  else size += Math.floor(lp / k) * (nodes.length - 1) + nodeAlloc(nodes[nodes.length - 1], true, o);
  // Consumer groups: the PELs' radix trees and NACKs, each consumer and its own PEL tree.
  // The running total re-estimates a stream on every write: it reads fewer PEL IDs.
  const limit = o.mode === "alloc" ? ALLOC_RAX_LIMIT : RAX_EXACT_LIMIT;
  for (const g of s.groups.values()) {
    size += STREAM_CG + raxUsage(g.pel.size, raxNodeCount(pelIds(g.pel), g.pel.size, limit)) + STREAM_NACK * g.pel.size;
    for (const c of g.consumers.values()) {
      size += STREAM_CONSUMER + c.name.length + raxUsage(c.pel.size, raxNodeCount(pelIds(c.pel), c.pel.size, limit));
    }
  }
  return size;
}

/** What MEMORY USAGE reports for a key: its value, the key's SDS and the dict entry (memoryCommand). */
export function keyUsage(key: string, obj: RedisObject, o: SizeOptions): number {
  return Math.floor(objectSize(obj, o) + sdsAlloc(key.length) + DICT_ENTRY);
}
