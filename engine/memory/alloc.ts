/**
 * What Redis 7.0 really allocates, on a 64-bit build linked with jemalloc 5.3: the sizes of its
 * structs and the allocator's size classes. Every figure the memory model reports is built
 * from these, so MEMORY USAGE and used_memory land where real Redis lands.
 *
 * jemalloc never hands out an arbitrary byte count: a request is rounded up to a size class
 * (8, 16, 32, 48, … then four classes per doubling), and Redis reads that rounded size back
 * (zmalloc_size) when it accounts memory.
 */

/** jemalloc's usable size for a request of `n` bytes (its size class). */
export function jeSize(n: number): number {
  if (n <= 8) return 8;
  if (n <= 128) return (n + 15) & ~15;
  // Above 128 bytes: four classes between consecutive powers of two. clz32 finds the power
  // (Math.log2 showed in bench --memory: this runs for every changed key while maxmemory is set).
  // Integer arithmetic where it fits (a float ceil and ** showed in bench --memory).
  if (n <= 0x40000000 && (n | 0) === n) {
    const shift = 29 - Math.clz32(n - 1); // a step of a quarter of the highest power of two below n
    return ((n + (1 << shift) - 1) >>> shift) << shift;
  }
  if (n <= 0x80000000) {
    const step = 2 ** (29 - Math.clz32(n - 1));
    return Math.ceil(n / step) * step;
  }
  const p = 2 ** Math.floor(Math.log2(n - 1));
  const step = p / 4;
  return Math.ceil(n / step) * step;
}

/** sizeof(robj): type/encoding/lru bitfields, refcount, ptr. */
export const ROBJ = 16;
/** sizeof(dictEntry): key, value union, next. */
export const DICT_ENTRY = 24;
/** sizeof(dict) in 7.0: type, two table pointers, two used counts, rehashidx, pause, two size exponents. */
export const DICT = 56;
/** A bucket pointer. */
export const BUCKET = 8;
/** sizeof(quicklist) and sizeof(quicklistNode). */
export const QUICKLIST = 40;
export const QUICKLIST_NODE = 40;
/** sizeof(zset) (dict + skiplist pointers) and sizeof(zskiplist). */
export const ZSET = 16;
export const ZSKIPLIST = 32;
/** A skiplist node without levels (ele, score, backward) and one level (forward, span). */
export const ZSL_NODE = 24;
export const ZSL_LEVEL = 16;
/** ZSKIPLIST_MAXLEVEL: the header node carries every level. */
export const ZSL_MAXLEVEL = 32;
/** Redis' ZSKIPLIST_P: the chance a node gets one level more. */
export const ZSL_P = 0.25;
/** sizeof(intset) header: encoding + length. */
export const INTSET_HDR = 8;
/** sizeof(stream): rax*, length, last/first/max-deleted ids, entries_added, cgroups*. */
export const STREAM = 80;
/** sizeof(streamCG), sizeof(streamConsumer), sizeof(streamNACK), sizeof(streamID). */
export const STREAM_CG = 40;
export const STREAM_CONSUMER = 24;
export const STREAM_NACK = 24;
export const STREAM_ID = 16;
/** sizeof(raxNode) (a 32-bit header), and the fixed overhead Redis adds per rax node. */
export const RAX_NODE = 4;
export const RAX_NODE_OVERHEAD = 8 * 30;
/** sizeof(rax): head, numele, numnodes. */
export const RAX = 24;
/** STREAM_LISTPACK_MAX_PRE_ALLOCATE: a new stream node's listpack is allocated this big. */
export const STREAM_LP_PREALLOC = 4096;
/** OBJ_SHARED_INTEGERS: 0..9999 are shared objects when maxmemory allows it. */
export const SHARED_INTEGERS = 10000;

/** The header size of the SDS type sdsnewlen picks for a string of `len` bytes. */
export function sdsHeader(len: number): number {
  if (len < 32) return 1; // sdshdr5
  if (len < 256) return 3; // sdshdr8
  if (len < 65536) return 5; // sdshdr16
  if (len < 2 ** 32) return 9; // sdshdr32
  return 17; // sdshdr64
}

/** sdsZmallocSize of an SDS made by sdsnewlen: header, bytes and the terminating NUL, rounded. */
export function sdsAlloc(len: number): number {
  return jeSize(sdsHeader(len) + len + 1);
}

/**
 * The room of a raw string's sds: what the allocator holds for it (sdsZmallocSize, which
 * MEMORY USAGE counts) and the capacity its header records (the sds `alloc` field: bytes
 * it can hold before it must grow). APPEND, SETRANGE and SETBIT grow a string greedily, so
 * it keeps spare room that a string stored whole by SET does not have.
 */
export interface SdsRoom {
  size: number;
  cap: number;
}

/** SDS_MAX_PREALLOC: below 1 MB a growing sds doubles, above it gains 1 MB more than asked. */
const SDS_MAX_PREALLOC = 1024 * 1024;

/** The most an sds header of this size can record as its capacity (sdsTypeMaxSize). */
function sdsTypeMax(hdr: number): number {
  if (hdr === 3) return 255;
  if (hdr === 5) return 65535;
  if (hdr === 9) return 2 ** 32 - 1;
  return Number.MAX_SAFE_INTEGER;
}

/** sdsnewlen(len): an exact allocation whose spare usable bytes become capacity (none for sdshdr5). */
export function sdsNewRoom(len: number): SdsRoom {
  const hdr = len === 0 ? 3 : sdsHeader(len);
  const size = jeSize(hdr + len + 1);
  return { size, cap: hdr === 1 ? len : Math.min(size - hdr - 1, sdsTypeMax(hdr)) };
}

/**
 * A raw string stored whole (SET, APPEND to a missing key): made by sdsnewlen, then
 * tryObjectEncoding trims the spare room when it is over a tenth of the length.
 */
export function sdsStoredRoom(len: number): SdsRoom {
  const room = sdsNewRoom(len);
  return room.cap - len > Math.floor(len / 10) ? { size: room.size, cap: len } : room;
}

/** sdsMakeRoomFor(s, add), greedy as APPEND, SETRANGE and SETBIT call it in 7.0. */
export function sdsGrowRoom(room: SdsRoom, len: number, add: number): SdsRoom {
  if (room.cap - len >= add) return room;
  const req = len + add;
  const newlen = req < SDS_MAX_PREALLOC ? req * 2 : req + SDS_MAX_PREALLOC;
  let hdr = sdsHeader(newlen);
  if (hdr === 1) hdr = 3; // a growing string never uses sdshdr5, which has no capacity field
  const size = jeSize(hdr + newlen + 1);
  return { size, cap: Math.min(size - hdr - 1, sdsTypeMax(hdr)) };
}

/**
 * The sds room of a string that APPEND, SETRANGE or SETBIT writes to, `len` bytes long before
 * and `newLen` after: dbUnshareStringValue gives an int or embstr value a fresh exact sds (a
 * raw one keeps its own), then sdsMakeRoomFor grows it if it must.
 */
export function sdsRoomAfterWrite(enc: string, sds: SdsRoom | undefined, len: number, newLen: number): SdsRoom {
  const base = enc !== "raw" ? sdsNewRoom(len) : sds && sds.cap >= len ? sds : sdsStoredRoom(len);
  return newLen > len ? sdsGrowRoom(base, len, newLen - len) : base;
}

/** An embstr object: robj, sdshdr8, bytes and NUL in one allocation. */
export function embstrAlloc(len: number): number {
  return jeSize(ROBJ + 3 + len + 1);
}

/** The allocation of one skiplist node with `levels` levels. */
export function zslNodeAlloc(levels: number): number {
  return jeSize(ZSL_NODE + ZSL_LEVEL * levels);
}

/**
 * The mean allocation of a skiplist node: levels follow a geometric law (p = 0.25), and Redis'
 * random draw cannot be replayed, so the model uses the expectation.
 */
export const ZSL_NODE_MEAN = (() => {
  let mean = 0;
  let p = 1 - ZSL_P;
  for (let l = 1; l < ZSL_MAXLEVEL; l++) {
    mean += p * zslNodeAlloc(l);
    p *= ZSL_P;
  }
  return mean;
})();

/** Bucket count of a Redis dict holding `n` entries grown one by one: 4, then powers of two. */
export function dictSlots(n: number): number {
  if (n === 0) return 0;
  if (n <= 4) return 4;
  return n <= 2 ** 31 ? 2 ** (32 - Math.clz32(n - 1)) : 2 ** Math.ceil(Math.log2(n));
}

/**
 * The bucket tables of a collection dict grown one entry at a time: [main, rehash target].
 *
 * A dict doubles when an add finds it full, then rehashes incrementally: every later lookup
 * or add moves one non-empty bucket (about 63% of the old table's buckets hold something at
 * a load factor of 1). Until that is done both tables exist, and MEMORY USAGE counts both.
 * Collection dicts are not rehashed by the cron, so a freshly built big set is often still
 * mid-rehash. We assume the fewest steps, those of building it (`stepsPerAdd` per new entry).
 */
export function grownDictTables(n: number, stepsPerAdd: number): [number, number] {
  const full = dictSlots(n);
  const old = full / 2;
  if (old < 4) return [full, 0];
  const steps = (n - old - 1) * stepsPerAdd;
  return steps < NONEMPTY_BUCKETS * old ? [old, full] : [full, 0];
}
/** 1 - 1/e: the share of non-empty buckets at a load factor of 1. */
const NONEMPTY_BUCKETS = 1 - Math.exp(-1);
