/**
 * F-2's prose. Every reply shown is a runnable example (index.ts). The embstr boundary is
 * written from the engine's own constant, so the prose cannot drift from what OBJECT ENCODING
 * reports.
 */
import { EMBSTR_LIMIT } from "@/engine/object";
import type { Section } from "../types";

const bytes = `
In Redis, a string is not "text". It is a sequence of bytes, and Redis never looks inside to
interpret it. Whatever bytes your client sends are stored, and exactly those bytes come back.
That is what **binary safe** means: a string value can hold a name, a number, a JSON document,
a serialised object from your programming language, or the bytes of a PNG image, up to 512 MB
per value. Key names are binary safe too.

One consequence surprises people: lengths are counted in bytes, not characters. Text typed into
the console is sent as UTF-8, where a plain English letter takes one byte, but \`é\` takes two
and most emoji take four. \`STRLEN\` counts the bytes it stores.

{{example:f2-bytes}}

Notice how the console shows the value: \`redis-cli\` prints any byte outside plain ASCII as an
escape such as \`\\xc3\`, because it cannot know that those bytes are meant as UTF-8. \`GETRANGE\`
works on byte offsets too, so cutting a string in the middle of a character gives you half of
it: the \`"h\\xc3"\` above is an \`h\` followed by the first byte of \`é\`.

This has practical consequences. A limit such as "usernames of at most 20 characters" must be
checked by your application, in characters, before the value reaches Redis; Redis will only ever
tell you bytes. Keys follow the same rules, so \`user:josé\` and \`user:jose\` are different
keys, and two strings that look identical on screen but were typed with different Unicode forms
are different too. And because nothing is interpreted, Redis never corrupts what you store: a
compressed or encrypted blob comes back exactly as it went in.

{{exercise:f2-predict-bytes}}
`;

const counters = `
Strings that look like integers get special treatment. \`INCR\` adds one to the number stored
at a key and replies with the new value; \`DECR\` subtracts one; \`INCRBY\` and \`DECRBY\` take an
amount. A key that does not exist counts as 0, so the first \`INCR\` creates it with the value 1.

{{example:f2-counters}}

These commands are **atomic**. The alternative, reading a value into your program, adding one
and writing it back, breaks as soon as two processes do it at the same moment: both read 41,
both write 42, and one visit is lost. \`INCR\` does the read, the addition and the write inside
the server, and because Redis runs one command at a time, no other client can slip in between.
That is why page-view counters, rate limiters and ID generators are built on it. \`INCR\` also
leaves a key's time to live alone, which rate limiters rely on.

For fractions there is \`INCRBYFLOAT\`. Its reply is a string, printed without an exponent and
without trailing zeros. There is no \`DECRBYFLOAT\`: add a negative amount instead.

{{example:f2-float}}

The value is still stored as text, and the arithmetic is binary floating point, so tiny
rounding errors can creep in over many operations. For money, keep whole cents in an integer
and use \`INCRBY\`: integers are exact.

The integer commands are strict about what counts as an integer: the value must be the plain,
canonical form of a signed 64-bit number. \`"1.5"\`, \`" 7"\`, \`"+7"\` and even \`"007"\` are
refused, and so is anything that would overflow. The error text is worth recognising, because
you will see it in application logs:

{{example:f2-incr-error}}
`;

const encodings = `
Redis wraps every value in a small object header (16 bytes on a 64-bit build) that records the
value's type and how it is stored. For strings, there are three ways, and \`OBJECT ENCODING key\`
tells you which one a key uses:

| encoding | used for | how it is stored |
|---|---|---|
| \`int\` | a value that is the canonical text of a 64-bit integer | the number sits in the header itself; no separate buffer |
| \`embstr\` | other values of up to ${EMBSTR_LIMIT} bytes | header and bytes in one single allocation |
| \`raw\` | longer values, and any value that has been modified in place | header plus a separate, growable buffer |

{{example:f2-encodings}}

Why ${EMBSTR_LIMIT}? An \`embstr\` packs the 16-byte header, a 3-byte length header, the bytes
and a terminating zero byte into one block of memory, and Redis keeps that block within the
memory allocator's 64-byte size class: 16 + 3 + ${EMBSTR_LIMIT} + 1 = 64. One allocation instead of two
means less overhead and one fewer pointer to follow on every read. A single byte more and the
value no longer fits, so Redis switches to \`raw\`.

{{example:f2-boundary}}

An \`embstr\` is never changed in place. A command that modifies a string, such as \`APPEND\` or
\`SETRANGE\`, first converts it to \`raw\`, whatever its length, and it stays \`raw\`: its
buffer may have room to grow. \`INCR\` goes the other way: it always leaves its result as an
\`int\`.

{{example:f2-append}}

The encoding never changes what a command replies; \`GET\` returns the same bytes whichever
encoding holds them. It changes how much memory a key takes and how fast Redis reaches it,
which matters when you store millions of keys (module F-10 measures it).

{{exercise:f2-predict-encoding}}
`;

const setOptions = `
Plain \`SET key value\` writes unconditionally and **removes any time to live** the key had. Its
options cover the common variations in one atomic command:

| option | meaning |
|---|---|
| \`NX\` | only set if the key does **not** exist yet |
| \`XX\` | only set if the key **already** exists |
| \`EX seconds\` / \`PX milliseconds\` | give the key a time to live |
| \`EXAT\` / \`PXAT\` | expire at a given Unix time instead |
| \`KEEPTTL\` | keep the time to live the key already has |
| \`GET\` | reply with the value the key held before (or nil) |

When \`NX\` or \`XX\` stops the write, \`SET\` replies \`(nil)\` instead of \`OK\`. \`SET … NX EX …\`
is the classic way to take a lock that frees itself if its owner dies: only one client can
create the key, and the time to live guarantees it will not stay forever.

{{example:f2-set-nx}}

\`TTL\` shows the seconds left. Watch it disappear when a plain \`SET\` overwrites the key, and
survive when \`KEEPTTL\` is given:

{{example:f2-set-keepttl}}

Older code often uses single-purpose commands from before \`SET\` had options: \`SETNX\`,
\`SETEX\`, \`PSETEX\`, and \`GETSET\` (deprecated since Redis 6.2 in favour of \`SET … GET\`).
They still work, but \`SET\` with options does each of their jobs and can combine them, such
as \`NX\` with \`EX\`, in one atomic command.

{{exercise:f2-build-lock}}
`;

const batching = `
Every command costs a network round trip: the client sends, waits, and receives. When Redis
answers in a microsecond but the round trip takes half a millisecond, reading ten keys one by
one spends almost all its time waiting. \`MSET\` writes several keys in one command and \`MGET\`
reads several, in one round trip. \`MGET\` replies with one entry per key, in the order asked,
with \`(nil)\` for a key that does not exist.

{{example:f2-mset}}

\`MSET\` is atomic: other clients see either none or all of the new values. Its sibling
\`MSETNX\` sets all of the keys only if none of them exists yet. Module F-7 compares batching
with pipelining, the other way to save round trips.

A batch is still one command, and Redis runs one command at a time, so keep batches to a sensible
size: an \`MGET\` of a few hundred keys is cheap, while one of a million keys keeps every other
client waiting while it runs and builds a huge reply.
`;

const json = `
It is tempting to store an object as one JSON string: \`SET user:1 '{"name":"Ada","visits":41}'\`.
Reading the whole object back is one \`GET\`, and for data that is always read and written whole,
such as a cached API response, that is fine. For data whose parts change, it is a trap:

- **No partial updates.** To add a visit, the application must \`GET\` the whole blob, parse it,
  change one number and \`SET\` the whole blob back. Redis cannot help: to \`INCR\`, the blob is just
  bytes that are not an integer.
- **Lost updates.** Two application servers doing that at the same time both read 41 and both
  write 42. One visit vanishes, and nothing reports an error.
- **Wasted bandwidth.** Reading one field means transferring every field.

A **hash** stores the fields separately under one key, and its commands work on single fields,
atomically, inside the server:

{{example:f2-hash}}

Separate string keys (\`user:1:name\`, \`user:1:visits\`) work too, at the cost of more keys; a hash
keeps the object together and, while it is small, stores it compactly (module F-3).

{{exercise:f2-fix-json}}
`;

const flip = `
Time to make the encodings move under your own hands. The key \`msg\` starts out holding a small
integer. Take it through all three string encodings in order, and finish with a value of exactly
${EMBSTR_LIMIT} bytes that is *not* stored as \`embstr\`. Everything you need is on this page.

{{exercise:f2-flip}}
`;

export const sections: Section[] = [
  { id: "bytes", title: "A string is a run of bytes", body: bytes },
  { id: "counters", title: "Numbers and atomic counters", body: counters },
  { id: "encodings", title: "int, embstr, raw", body: encodings },
  { id: "set-options", title: "SET and its options", body: setOptions },
  { id: "batching", title: "MGET and MSET: fewer round trips", body: batching },
  { id: "json", title: "Why a whole-JSON blob is a trap", body: json },
  { id: "flip", title: "Make the encodings flip", body: flip },
];
