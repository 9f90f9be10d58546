/**
 * F-7's prose. Every reply the REPL prints is a runnable example (examples.ts); every RESP byte
 * string shown in a code block comes from WIRE (wire.ts), which the module's test re-encodes
 * from the engine's own replies, so the bytes on the page are the bytes on the wire.
 */
import type { Section } from "../types";
import { PROTO_MAX_BULK_MB, WIRE } from "./wire";

/** A wire line as the wire view prints it: arrow, escaped bytes. */
const w = (id: keyof typeof WIRE) => WIRE[id].bytes;

const intro = `
Every time your application talks to Redis, the same thing happens: the client writes a
request into a TCP connection, the server reads it, runs the command, and writes a reply back.
The client then reads the reply. Nothing else travels on that connection; there are no
headers, no sessions, no framing beyond what the protocol itself defines. That protocol is
called **RESP**, the REdis Serialization Protocol, and it is simple enough to read with your
own eyes and to type by hand, which is exactly what this module does.

Two things make RESP worth knowing even if a client library hides it from you. First, it
explains what your client can and cannot tell apart: an empty string and a missing key, an
error and a value, a number and a string of digits. Second, the request–reply rhythm has a
cost that has nothing to do with Redis' speed. A command that Redis runs in a microsecond
still takes a full **round trip** (the time for the request to reach the server plus the time
for the reply to come back) before your code sees the answer. On the same machine that is
tens of microseconds; across a data centre it is often a few hundred microseconds; from a
laptop to a cloud region it can be 20 to 100 milliseconds. Round trips, not commands, are
what usually make a Redis-backed page slow.

The console has three switches for this module, above the tabs:

- **Wire view** shows, under each reply, the bytes that went to the server (→) and the bytes
  that came back (←), with carriage return and line feed written as \`\\r\` and \`\\n\`.
- **Round trip** adds a simulated network delay to every request, from 0 to 100 ms. Nothing
  really waits; each reply's timing shows the round trip it paid, and the tab keeps a running
  total.
- **Raw RESP** turns the current tab into something like \`nc\` connected to port 6379: what
  you type is sent as bytes, and what comes back is shown as bytes.

Switch the wire view on now and keep it on for the rest of the module.
`;

const resp2 = `
RESP2 is the protocol every Redis client speaks. A reply starts with one byte that says what
type it is, and every line ends with the two bytes carriage return and line feed (CRLF,
written \`\\r\\n\`). There are five types:

| first byte | type | example on the wire |
|---|---|---|
| \`+\` | simple string: a short status, no CRLF inside | \`${w("ok")}\` |
| \`-\` | error: the first word is the error code | \`${w("incrError")}\` |
| \`:\` | integer, as decimal digits | \`${w("incr")}\` |
| \`$\` | bulk string: a length, CRLF, that many bytes, CRLF | \`${w("getFruit")}\` |
| \`*\` | array: a count, then that many replies of any type | \`${w("lrange")}\` |

Run these with the wire view on and match each reply to a row of the table:

{{example:f7-resp2-types}}

The bulk string is the important one. Its length prefix counts **bytes**, and because the
server reads exactly that many bytes without looking at them, the payload may contain
anything, including CR and LF. That is where Redis' binary safety comes from: a value is
never scanned for a terminator, so it can hold a JPEG or a line break.

{{example:f7-binary}}

The reply to \`GET note\` on the wire is \`${w("getNote")}\`: nine bytes of payload, two of
them the CR and LF inside the value, and then the CRLF that ends the bulk string. The
console (like \`redis-cli\`) prints the value with escapes; the wire carries the raw bytes.
The default upper limit for one bulk string in a request is ${PROTO_MAX_BULK_MB} MB, set by
\`proto-max-bulk-len\`.

{{example:f7-limits}}

RESP2 has no separate "null" type. It borrows the bulk string and the array with a length of
−1: a missing key is \`${w("getNothing")}\`, which is not the same as an empty string,
\`${w("getEmpty")}\`. An empty list comes back as an empty array, \`${w("lrangeEmpty")}\`.
Your client library turns these into its own null, empty string and empty list; this is how
it can tell them apart.

{{example:f7-empty-nil}}

Requests travel in the same format. A client sends every command as an array of bulk strings,
one per argument, numbers included: \`SET fruit apple\` goes out as
\`${w("setFruitSent")}\`. Redis never has to guess where an argument ends, so arguments may
contain spaces, quotes or newlines. The console builds this array from what you type, the way
\`redis-cli\` does; the wire view's → line shows it.

{{exercise:f7-predict-bytes}}
`;

const raw = `
Switch **Raw RESP** on. The prompt changes, and what you type is now sent as bytes. Type
\`\\r\` and \`\\n\` for carriage return and line feed (and \`\\xHH\` for any other byte); when you
press Enter the console adds a final \`\\r\\n\` for you, as \`nc -C\` would. Try these one at a
time:

\`\`\`
*1\\r\\n$4\\r\\nPING
*2\\r\\n$4\\r\\nECHO\\r\\n$5\\r\\nhello
\`\`\`

The first is a one-element array holding the bulk string \`PING\`; the server answers
\`${w("ping")}\`. The second gets back the bulk string you sent it. You can also spread a
frame over several lines: type \`*1\`, Enter, \`$4\`, Enter, \`PING\`, Enter. Until the frame is
complete, the server just waits for more bytes and sends nothing back; when it is holding part
of a bulk string, the console tells you how many bytes it has buffered.

Redis also accepts **inline commands**: a plain line of words, split at spaces, the way you
would type into \`telnet\`. \`PING\` followed by CRLF works, and so does \`SET greeting hello\`.
Inline commands exist for humans and for quick health checks; client libraries send arrays.

What if the frame is wrong? Redis reads the multibulk header, then each \`$\` line. If a byte
that should be \`$\` is something else, or a length is not a number, Redis sends a protocol
error and **closes the connection**: it cannot know where the next request would start, so it
does not try. Type this:

\`\`\`
*1\\r\\nx4\\r\\nPING
\`\`\`

The reply is \`${w("protoDollar")}\`, and the console notes that the server closed the
connection; your next line opens a new one. A wrong length is more treacherous when it is a
valid number. If the length is too short, Redis takes that many bytes as the argument, skips
the next two bytes (where it expects CRLF) and reads whatever follows as the start of the next
command. That is why you can't "just count roughly": every byte counts, CR and LF included.

{{exercise:f7-raw-memo}}

{{exercise:f7-fix-frame}}
`;

const resp3 = `
RESP2's five types leave the client to guess. \`HGETALL\` returns a flat array of
field, value, field, value; \`ZSCORE\` returns a number as a bulk string; \`SMEMBERS\` returns an
array that happens to have no duplicates. The client library has to know, command by command,
how to rebuild a dictionary, a float or a set.

Redis 6 introduced **RESP3**, which adds types so the reply says what it is. A connection
starts in RESP2 and switches with \`HELLO 3\`; \`HELLO 2\` switches back. The choice belongs to
the connection: another tab, another client, is unaffected. The new types include:

| first byte | type |
|---|---|
| \`%\` | map: a count of pairs, then key, value, key, value |
| \`~\` | set |
| \`,\` | double (a floating-point number) |
| \`_\` | null, one type for every kind of "nothing" |
| \`#\` | boolean, \`#t\` or \`#f\` |
| \`>\` | push: data the server sends without being asked, such as Pub/Sub messages |

Others exist (big numbers, verbatim strings, attributes), but these are the ones you will meet.
The console marks them as \`redis-cli\` does: map entries with \`#\` and \`=>\`, set members with
\`~\`, doubles with \`(double)\`.

{{example:f7-resp3}}

With the wire view on you can see \`HGETALL book:1\` come back as \`${w("hgetallMap")}\` in
RESP3, where RESP2 sends \`${w("hgetallArray")}\`. A missing key is now \`${w("getNull3")}\`
whatever the command. Pushes matter most: in RESP2 a connection that subscribes to a channel
can run nothing but the subscription commands, \`PING\`, \`QUIT\` and \`RESET\`, because a
message and a reply would look the same. In RESP3 a message arrives as a push (\`>\`), so the
same connection can keep running ordinary commands.

HELLO's own reply (a map: server, version, protocol, your connection's id, mode, role and
loaded modules) is a handy first command for a client: one round trip to learn what it is
talking to.

{{exercise:f7-resp3-map}}
`;

const pipelining = `
Now the cost. Suppose a page shows 50 products and your code does this:

\`\`\`
for id in product_ids:
    name = redis.get("product:" + id)
\`\`\`

Each \`GET\` waits for its reply before the next one is sent, so the loop pays 50 round trips.
Redis spends perhaps a microsecond on each command; at a 20 ms round trip the loop spends
about a second waiting on the network. The fix is to stop waiting between commands. There are
two ways.

**Pipelining** means the client writes many commands before reading any reply. The server
reads them in order, runs them in order, and writes the replies in the same order; the client
then reads all the replies. Fifty commands, one round trip. No server feature is needed: it is
how you use the connection. Client libraries expose it as a "pipeline" or "batch" object, and
\`redis-cli --pipe\` does it for bulk loading.

**Multi-key commands** do the work in one command: \`MGET\` reads many keys, \`MSET\` writes
many, \`HMGET\`/\`HSET\` read and write many fields. One request, one reply.

{{example:f7-loop}}

{{example:f7-mget}}

Try it with the Round trip slider at, say, 20 ms. Run the three \`GET\`s one by one and watch
the tab total grow by a round trip each time. Then paste the three lines at once: the console
sends a pasted block as one pipeline, and reports the batch's total. Then run the single
\`MGET\`. The console's repeat prefix (\`3 INCR views\`, as in \`redis-cli\`) is the loop, not the
pipeline: each repetition is a separate request and waits for its reply.

{{example:f7-repeat}}

{{exercise:f7-predict-rtt}}

Which should you use? \`MGET\` and \`MSET\` are a single command, so they are also atomic: no
other client's command runs between reading the first key and the last. A pipeline is not a
transaction; another client's command may run between two of your pipelined ones, and if one
of them fails the others still run. On the other hand a pipeline can mix any commands (a
\`GET\`, an \`HINCRBY\`, an \`EXPIRE\`), while \`MGET\` only gets strings. In a Redis Cluster
(Phase 3) a multi-key command needs all its keys in one hash slot; a pipeline does
not (a cluster-aware client splits it by node).

Pipelining also helps when the round trip is tiny. Reading and writing a socket costs the
server a system call each time; fifty commands in one read and one write cost far less than
fifty of each, so even on localhost a pipeline raises throughput several times over.

Two cautions. The server keeps the replies of a pipeline in memory until it has written them,
so send very large batches in chunks of some thousands of commands rather than a million at
once. And a pipeline only helps when the next command does not depend on the reply of the
previous one; for a read-modify-write that must happen inside the server, use \`MULTI\`/\`EXEC\`
(F-11) or a Lua script.

{{exercise:f7-build-mset}}

{{exercise:f7-quiz}}
`;

export const sections: Section[] = [
  { id: "intro", title: "Requests, replies and round trips", body: intro },
  { id: "resp2", title: "RESP2, byte by byte", body: resp2 },
  { id: "raw", title: "Typing RESP by hand", body: raw },
  { id: "resp3", title: "RESP3: replies that say what they are", body: resp3 },
  { id: "pipelining", title: "Loops, pipelines and MGET", body: pipelining },
];
