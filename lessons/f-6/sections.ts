/**
 * F-6's prose. Every reply shown is a runnable example (examples.ts). The HyperLogLog figures
 * (registers, dense size, standard error) are written from the engine's own constants, and the
 * sparse limit from SPARSE_MAX_BYTES, which the module's test compares with CONFIG GET.
 */
import { HLL_DENSE_SIZE, HLL_HDR_SIZE, HLL_REGISTERS } from "@/engine/types/hyperloglog";
import { GEO_LAT_MAX, GEO_STEP_MAX } from "@/engine/types/geohash";
import type { Section } from "../types";

/** The default of `hll-sparse-max-bytes` in Redis 7.0 (the test checks it with CONFIG GET). */
export const SPARSE_MAX_BYTES = 3000;
/** HyperLogLog's standard error, 1.04 / √m, as the prose prints it ("0.81"). */
export const STD_ERROR_PCT = ((1.04 / Math.sqrt(HLL_REGISTERS)) * 100).toFixed(2);
/** Bits per register in the dense form. */
const REGISTER_BITS = ((HLL_DENSE_SIZE - HLL_HDR_SIZE) * 8) / HLL_REGISTERS;

const n = (x: number) => x.toLocaleString("en-US");

const intro = `
This module is about three questions that come up in almost every product, and that the
data types you know answer badly once the numbers get big:

- *How many different people visited today?* A set answers exactly, but it stores every
  visitor, so ten million visitors cost hundreds of megabytes.
- *Which users were active on Monday, and which on both Monday and Tuesday?* One set per day
  works, until you keep a year of days for millions of users.
- *Which shops are within two kilometres of me?* A sorted set by latitude alone can't answer it.

Redis has a tool for each: **HyperLogLog** counts distinct things in a fixed
${n(HLL_DENSE_SIZE)} bytes or less, at the price of a small, known error; **bitmaps** spend one
bit per user id; **geospatial indexes** find members by distance. None of them is a new data
type underneath. A HyperLogLog and a bitmap are strings, and a geo index is a sorted set, so
everything you learned about those still applies, and the consoles of this module will keep
showing you so.
`;

const hll = `
A HyperLogLog (HLL for short) answers one question: roughly how many *different* elements have
been added? You add with \`PFADD\` and count with \`PFCOUNT\`. (The \`PF\` honours Philippe
Flajolet, who invented the algorithm.)

{{example:f6-hll-basics}}

Adding \`alice\` a second time changed nothing, and \`PFCOUNT\` counted four visitors, not five
visits. Notice what \`PFADD\` replies: \`1\` means "the sketch changed", \`0\` means it did not. It
does not promise "this element was new": the HLL never stores the elements themselves, only a
summary of their hashes, so it cannot tell you whether \`alice\` is in there, and it cannot list
the visitors. It can only count them.

That summary is tiny. Each element is hashed to 64 bits. ${Math.log2(HLL_REGISTERS)} of those bits
pick one of ${n(HLL_REGISTERS)} **registers**; the rest are read from the low end, and the
register keeps the longest run of zero bits it has ever seen (plus one). Long runs are rare: a run
of 20 zeros turns up about once in a million hashes, so registers holding long runs mean many
distinct elements went by. Averaging over all registers turns that into an estimate. Adding the
same element again produces the same hash and changes nothing, which is why duplicates are free.

The price is accuracy. With ${n(HLL_REGISTERS)} registers, the **standard error** is
1.04 / √${n(HLL_REGISTERS)} ≈ ${STD_ERROR_PCT}%. That is a typical error, not a ceiling: about two
estimates in three land within ${STD_ERROR_PCT}% of the truth, and the rest a little further out.
Here are the numbers 1 to 128, added to a HyperLogLog and to a set:

{{example:f6-hll-estimate}}

One too many. The set is exact, and it stores all 128 members; the HLL is off by one, and it
never grows past ${n(HLL_DENSE_SIZE)} bytes whether you add a hundred elements or a billion. For
"unique visitors per page per day" on a large site, that trade is usually a bargain.

HLLs combine. \`PFCOUNT\` with several keys estimates the size of their **union** without changing
them, and \`PFMERGE\` stores the union in a new key: daily HLLs make a weekly one, with visitors
who came on several days counted once.

{{example:f6-hll-merge}}

There is no intersection: "visitors on both days" is not something an HLL can answer well. For
that, keep reading: bitmaps do it exactly.

{{exercise:f6-predict-estimate}}

{{exercise:f6-fix-uniques}}
`;

const hllInside = `
\`TYPE\` says a HyperLogLog is a **string**, and it is: a 16-byte header that starts with the
letters \`HYLL\`, then the registers. Redis checks that header, so \`PFADD\` on an ordinary string
fails with \`WRONGTYPE Key is not a valid HyperLogLog string value.\`, and \`GET\`, \`SET\` and
\`STRLEN\` work on an HLL like on any string, which is how you can see its size.

The registers are stored in one of two forms. \`PFDEBUG ENCODING key\` tells you which (it is a
debugging command that exists in Redis 7.0; its \`ENCODING\` subcommand only reads):

- **sparse**: while most registers are still zero, Redis stores runs of equal registers
  ("the next 2,000 registers are zero") instead of every register. A handful of elements takes a few dozen
  bytes.
- **dense**: all ${n(HLL_REGISTERS)} registers at ${REGISTER_BITS} bits each: ${n(HLL_REGISTERS)} ×
  ${REGISTER_BITS} / 8 = ${n(HLL_DENSE_SIZE - HLL_HDR_SIZE)} bytes, plus the header:
  ${n(HLL_DENSE_SIZE)} bytes, always.

{{example:f6-hll-sparse}}

A sparse HLL grows as elements arrive. Once it would grow past \`hll-sparse-max-bytes\` (default
${n(SPARSE_MAX_BYTES)} bytes), or a register needs a value the sparse form cannot hold, Redis converts it
to dense. The conversion only goes one way: a dense HLL never becomes sparse again. With the
default setting that typically happens somewhere between one and two thousand distinct elements.
\`PFDEBUG TODENSE\` forces the conversion now, so you can see the dense size without adding
thousands of elements:

{{example:f6-hll-dense}}

The estimate did not change: both forms hold the same registers. The sparse form saves memory
for the many small HLLs a real application has (most pages get few visitors), at the cost of
slower updates, which is why the limit is a setting. Raising it keeps more HLLs sparse; lowering
it makes them go dense sooner.
`;

const bitmaps = `
A **bitmap** is not a type either: it is a string whose bits you address one by one. \`SETBIT key
offset 1\` sets the bit at that offset (counting from 0) and replies with the bit's old value;
\`GETBIT\` reads one; \`BITCOUNT\` counts the bits set to 1. The string grows to cover the highest
offset you touch, filled with zero bits.

The classic use is **daily active users**. Give each user a small integer id and use one key per
day: when user 7 logs in on Monday, set bit 7 of \`logins:mon\`.

{{example:f6-bits-dau}}

The second \`SETBIT logins:mon 7 1\` replied \`1\`: the bit was already set, so you can tell
whether this is the user's first login of the day. Three users were active, and the whole day
fits in 2 bytes: bits 0 to 15. One bit per possible id is the whole cost: a day with a million
possible users takes 125,000 bytes, whether one of them logged in or all of them. That is the
catch, too: the size depends on the *highest* id, not on how many are set. A single
\`SETBIT\` at offset 8,000,000 allocates a megabyte of zeros. Ids that start at 1 and grow by one
suit bitmaps; random 64-bit ids or UUIDs do not (use a set, or an HLL for counting).

The real power is combining days. \`BITOP AND|OR|XOR|NOT destkey key [key ...]\` works on whole
strings, byte by byte, and stores the result:

{{example:f6-bits-bitop}}

Read the replies carefully. \`BITOP\` replies with the **length in bytes** of the string it
stored (the longest input; shorter ones count as padded with zeros), not with a number of users.
To count users, ask \`BITCOUNT\` of the result: two users were active on both days, four on at
least one. With a week of keys, \`BITOP AND\` gives users who came every day and \`BITOP OR\`
the weekly actives, exactly, for any number of users.

\`BITPOS key bit\` finds the first bit set to 0 or 1, for example the lowest free id. Both
\`BITCOUNT\` and \`BITPOS\` take an optional range, counted in **bytes** unless you add \`BIT\` (new
in Redis 7.0):

{{example:f6-bits-pos}}

\`BITCOUNT seen 0 0\` looked at byte 0 only (bits 0 to 7) and found nothing; with \`BIT\`, the range
0 to 10 is in bits and includes bit 10.

{{exercise:f6-predict-strlen}}

{{exercise:f6-dau}}
`;

const bitfield = `
Bits can also be grouped into small numbers. \`BITFIELD\` reads and writes integers of any width
inside a string: \`u8\` is an unsigned 8-bit field, \`i4\` a signed 4-bit one. An offset written
\`#2\` means "the third field of this width" (bit 16 for \`u8\`); a plain number is a bit offset.
One key can hold thousands of tiny counters packed side by side, such as a stock level per
product id, in one byte each.

What happens when a counter runs past its range is up to you, with \`OVERFLOW\` placed before the
operations it governs: **WRAP** (the default) wraps around like C integers, **SAT** saturates at
the maximum or minimum, and **FAIL** refuses the increment and replies nil.

{{example:f6-bitfield}}

The first field went 100 → 44, because 300 wrapped past 255. The second stuck at 255. The third
refused to go past 255 and kept 250. All three fields live in a 3-byte string.
`;

const geo = `
\`GEOADD key longitude latitude member\` stores a place. **Longitude comes first**, as on an x/y
chart; it is the most common mistake with these commands, and because most longitude/latitude
pairs are also valid the other way round, Redis usually cannot catch it for you. Latitudes are
limited to ±${GEO_LAT_MAX}°, the band that web maps use, so the poles are out of reach.

{{example:f6-geo-add}}

Look closely at \`GEOPOS\`: \`2.2945\` came back as \`2.29449838399887085\`. Redis does not store the
two numbers. It interleaves them into a **geohash** of ${2 * GEO_STEP_MAX} bits
(${GEO_STEP_MAX} per coordinate) and stores that; \`GEOPOS\` decodes the centre of the tiny cell the
point fell in. Here the difference is about 15 cm. \`GEODIST\` measures in metres unless you name a
unit (\`m\`, \`km\`, \`mi\` or \`ft\`), on a perfectly round Earth, which is close enough for "how far
is the café" but not for surveying.

The question geo indexes exist for is "what is near here?". \`GEOSEARCH\` starts from a member
(\`FROMMEMBER\`) or a point (\`FROMLONLAT\`), looks inside a circle (\`BYRADIUS r unit\`) or a
rectangle (\`BYBOX width height unit\`), and can sort by distance (\`ASC\`/\`DESC\`), keep the first
few (\`COUNT n\`) and show distances or coordinates (\`WITHDIST\`, \`WITHCOORD\`):

{{example:f6-geo-search}}

The unit is part of the shape and is required. \`COUNT\` without \`ASC\` or \`DESC\` still returns the
*nearest* n (Redis sorts for you), unless you add \`ANY\`, which stops at the first n found, in no
particular order. \`GEOSEARCHSTORE\` runs the same search and stores the result in a key, as a geo
set of its own; the older \`GEORADIUS\` and \`GEORADIUSBYMEMBER\` still work but are deprecated since
Redis 6.2.

Now the reveal: a geo set is a **sorted set**. The score of each member is its geohash as an
integer, and nearby places have nearby scores, which is how a radius search turns into a few score
range scans. \`TYPE\` says \`zset\`, and every sorted-set command works on it:

{{example:f6-geo-zset}}

\`ZRANGE\` lists members in geohash order, not by distance from anything, and there is no
\`GEODEL\`: \`ZREM\` removes a place.

{{exercise:f6-build-stations}}

{{exercise:f6-nearby}}
`;

export const sections: Section[] = [
  { id: "intro", title: "Three tools for big questions", body: intro },
  { id: "hyperloglog", title: "HyperLogLog: counting without remembering", body: hll },
  { id: "hll-inside", title: "Inside an HLL: sparse and dense", body: hllInside },
  { id: "bitmaps", title: "Bitmaps: one bit per user", body: bitmaps },
  { id: "bitfield", title: "BITFIELD: packed counters", body: bitfield },
  { id: "geo", title: "Geospatial indexes", body: geo },
];
