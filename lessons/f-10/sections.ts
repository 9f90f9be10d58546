/**
 * F-10's prose. Every reply shown is a runnable example (examples.ts). The struct sizes and
 * thresholds it states come from the constants below; the module's test compares them with the
 * memory model's own (engine/memory/alloc.ts) and with CONFIG GET on the playground.
 */
import type { Section } from "../types";

/** sizeof(robj) on a 64-bit build. */
export const ROBJ_BYTES = 16;
/** sizeof(dictEntry). */
export const DICT_ENTRY_BYTES = 24;
/** The longest string kept in one allocation with its robj (embstr): 16 + 3 + 44 + 1 = 64. */
export const EMBSTR_MAX = 44;
/** Default hash-max-listpack-entries and hash-max-listpack-value. */
export const HASH_LP_ENTRIES = 512;
export const HASH_LP_VALUE = 64;
/** Bucket size the bucketing scheme uses (under HASH_LP_ENTRIES). */
export const BUCKET = 100;

const bytes = `
Redis keeps everything in RAM, so the question "how big is my data?" has a direct price. The
answer is rarely "the length of the values": every key carries bookkeeping, every allocation is
rounded up, and the same data can be stored in encodings whose sizes differ by a factor of two
or more. This module opens the box.

\`MEMORY USAGE key\` reports how many bytes a key costs: its value, its name, and its entry in
the keyspace. Start with two tiny strings:

{{example:f10-int-embstr}}

Every value in Redis hangs off a small header called a **robj** (Redis object):
${ROBJ_BYTES} bytes holding the type, the encoding, the access clock used by LRU and LFU eviction,
a reference count, and a pointer to the data. The keyspace itself is a hash table, so each key
also takes a **dictEntry** of ${DICT_ENTRY_BYTES} bytes (pointers to the name, to the robj, and to
the next entry in its bucket) and a copy of the key name.

For \`views\`, that is nearly all: the number 12345 fits in a 64-bit integer, so Redis stores it
in the robj's pointer field itself. That is the \`int\` encoding, and the value costs no bytes
beyond the header. \`greeting\` holds text, so it needs room for its characters.

For a list, hash, set or sorted set, adding up every element would be slow, so \`MEMORY USAGE\`
measures a few elements (5 by default) and scales up by the element count; \`MEMORY USAGE key
SAMPLES 0\` measures them all. (A small value kept in one compact block is measured whole.) For the instance as a whole, \`INFO memory\` reports
\`used_memory\` (everything Redis has allocated), \`used_memory_overhead\` (the keyspace's own
tables, client buffers and other bookkeeping) and \`used_memory_dataset\`, the difference
between the two.

A note on the figures: the playground does not run Redis' C code. It **models** memory: it knows
the sizes of Redis 7.0's structures and the rounding of the jemalloc allocator, and adds them up.
For the keys in this module's examples the figures match a real 64-bit redis-server 7.0.15
exactly, but a different build, allocator or version gives different numbers. Read them as
"what Redis would report", and compare them with each other rather than learning them by heart.
`;

const sds = `
Text and binary values live in an **SDS** (simple dynamic string), Redis' own string type. An
SDS is a small header followed by the bytes and a terminating zero byte. The header records the
length, so \`STRLEN\` never has to scan, and any byte (a zero included) can be stored. A value of
up to 255 bytes gets a 3-byte header; longer ones a wider header, up to 17 bytes past 4 GB.

That explains the \`embstr\` encoding. If the robj (${ROBJ_BYTES} bytes), a 3-byte header, the text
and its zero byte fit in 64 bytes, Redis allocates them together in one block: one allocation
instead of two, and the data sits right next to its header. ${ROBJ_BYTES} + 3 + ${EMBSTR_MAX} + 1 = 64,
so the limit is ${EMBSTR_MAX} bytes:

{{example:f10-embstr-raw}}

The 45-byte string is \`raw\`: a robj and a separate SDS, each its own allocation, 16 bytes more
in total. Strings that are changed in place (\`APPEND\`, \`SETRANGE\`) become \`raw\` too, and Redis
gives their SDS spare room at the end so that the next append doesn't have to copy.
`;

const allocator = `
Redis doesn't carve memory itself; it asks an allocator, normally **jemalloc**. An allocator
doesn't hand out arbitrary byte counts either. It keeps **size classes**, blocks of 8, 16, 32, 48,
64, 80, 96, 112, 128 bytes, then 160, 192, 224, 256, and so on (four classes per doubling), and a
request is rounded up to the next class. Redis asks jemalloc for the real size of each block
and counts that, so the rounding shows in \`MEMORY USAGE\` and \`INFO memory\`.

{{exercise:f10-predict-size-class}}

Here is the rounding at the edge of a class:

{{example:f10-size-classes}}

The practical lesson: saving a byte or two per value rarely changes anything, while crossing a
class boundary, or adding one more allocation per element, changes a lot. The large wins come
from the layout of your data, not from shortening strings.
`;

const encodings = `
Since every key costs a robj, a name and a dictEntry, many small keys are expensive. Take a user
with three fields, stored first as three string keys and then as one hash:

{{example:f10-strings-vs-hash}}

The hash is small, so Redis stores it as a **listpack**: a single allocation in which the
fields and values sit one after another, each with a byte or two of length information. There
are no per-field pointers and no per-field allocations. The price is that finding a field means
walking the list, which is why Redis only uses a listpack while a hash has at most
\`hash-max-listpack-entries\` fields (default ${HASH_LP_ENTRIES}) and no field or value longer than
\`hash-max-listpack-value\` bytes (default ${HASH_LP_VALUE}). Past either limit it converts the hash
to a real hash table: a dictEntry, a field SDS and a value SDS for every field.

{{exercise:f10-build-user-hash}}

A conversion only goes one way. Watch a profile gain a long field and lose it again:

{{example:f10-reencode}}

The long \`bio\` pushed \`profile:1\` over the value limit and it became a hash table. Deleting the
field did not bring the listpack back: Redis never converts a hash table back into a listpack by
itself, however small it gets. (Sets and sorted sets behave the same way.) To shrink such a key
you write it again: delete it and create it anew, or have Redis reload its data from disk
(after a restart, say), which rebuilds every key under the current limits. The playground keeps
nothing on disk, so here rewriting is the way.

{{exercise:f10-fix-shrink-back}}
`;

const bucketing = `
Storing each user as a hash already helps. When each user has only a value or two, a further
step helps more: put many users into one hash. This is **bucketing**. For user 4201, take the id
divided by ${BUCKET} (42) as the bucket and the last two digits (\`01\`) as the field:

{{example:f10-bucket}}

Each bucket holds at most ${BUCKET} users, under the ${HASH_LP_ENTRIES}-entry limit, so every bucket
stays a compact listpack, and the keyspace holds one entry per ${BUCKET} users instead of one per
user. The trade-offs are real: a TTL applies to a whole key, so users in one bucket can't expire
separately (Redis 7.0 has no per-field expiry); \`KEYS\`, \`SCAN\` and keyspace notifications see
buckets, not users; and you can raise the listpack limits with \`CONFIG SET\` to fit bigger
buckets, but every lookup in a listpack walks it, so keep them small.

{{exercise:f10-build-bucket}}

A setting chosen without measuring can undo all this at scale, which is what the next exercise
is about.

{{exercise:f10-signature-profiles}}
`;

const fragmentation = `
\`MEMORY USAGE\` and \`used_memory\` count what Redis asked the allocator for. The operating system
sees something else: \`used_memory_rss\`, the memory the process really occupies. Their ratio is
\`mem_fragmentation_ratio\` in \`INFO memory\`.

Well above 1 (1.5 and more is worth a look) means memory is held but not used. The usual cause is
**fragmentation**: after many deletions and rewrites, the allocator's pages are dotted with a few
live blocks each, and a page can only go back to the operating system when it is entirely free.
Below 1 means the opposite problem: part of Redis has been swapped out to disk, which is far worse
for latency. On an almost empty instance the ratio is meaningless: the process' fixed overhead
dwarfs the data, and ratios of 5 or more are normal. The playground's ratio is modelled too; it
follows real Redis' formula, not a real process.

Redis can fix fragmentation while it runs: **active defragmentation** moves live values into
fresh allocations, a little at a time, so that sparse pages empty out and can be released. It is
off by default and available with the jemalloc Redis ships with:

{{example:f10-defrag-config}}

When switched on (\`CONFIG SET activedefrag yes\`), it starts only when both the wasted bytes
(over \`active-defrag-ignore-bytes\`, 100 MB) and the fragmentation (over
\`active-defrag-threshold-lower\`, 10%) are worth the effort, and it limits itself to a share of
the CPU between \`active-defrag-cycle-min\` and \`active-defrag-cycle-max\` (1% and 25%).

{{exercise:f10-quiz-fragmentation}}
`;

export const sections: Section[] = [
  { id: "f10-bytes", title: "Where the bytes go", body: bytes },
  { id: "f10-sds", title: "SDS and the 44-byte line", body: sds },
  { id: "f10-allocator", title: "The allocator rounds up", body: allocator },
  { id: "f10-encodings", title: "Encodings: one hash instead of many keys", body: encodings },
  { id: "f10-bucketing", title: "Bucketing", body: bucketing },
  { id: "f10-fragmentation", title: "Fragmentation and active defrag", body: fragmentation },
];
