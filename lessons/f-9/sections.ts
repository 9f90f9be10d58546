/**
 * F-9's prose. Every reply it shows is a runnable example (examples.ts); exercises are placed
 * where the idea they test has just been explained.
 */
import type { Section } from "../types";

const log = `
A **stream** is a key that holds an append-only log. Each entry is a small record of
field–value pairs, like a tiny hash, and each gets an **ID** when it is added. Entries are
never reordered and, unless you trim or delete them, never removed. A list could also hold
events, but a stream adds what a log needs: stable IDs you can resume from, reads by ID or
time range, and consumer groups that share work and remember what was done.

You append with \`XADD key ID field value [field value …]\`. An ID has two parts,
\`<milliseconds>-<sequence>\`, and every new ID must be greater than the last one in the
stream. You can give IDs yourself, which this lesson does so that every reply is the same
on your screen as on the page:

{{example:f9-xadd}}

In practice you almost always let Redis choose: write \`*\` as the ID, and Redis uses the
current time of its own clock in milliseconds, plus a sequence number that counts entries
added within the same millisecond. An ID therefore tells you when the entry was added, and
IDs from one stream sort in the order the entries arrived. If the server's clock ever
steps backwards, Redis keeps using the last ID's time and raises the sequence, so IDs still
only grow. Redis 7.0 also accepts \`<ms>-*\`: your time part, Redis' sequence.

{{example:f9-auto-id}}

Internally, a stream is a radix tree of small packed nodes. Each node holds up to 100
entries or 4096 bytes (\`stream-node-max-entries\` and \`stream-node-max-bytes\`), which makes
appending cheap and finding an entry by ID fast. \`XLEN\` counts entries in constant time.
`;

const reading = `
\`XRANGE key start end [COUNT n]\` returns entries whose IDs lie between two bounds, oldest
first; \`XREVRANGE key end start\` goes newest first. \`-\` and \`+\` stand for the smallest
and the greatest possible ID. Because the first part of an auto ID is a time, a range can
be a period: \`XRANGE clicks 1700000000000 1700000060000\` is "one minute of clicks".

{{example:f9-range}}

To page through a big stream, ask for \`COUNT\` entries, then start the next call just
after the last ID you received, with \`(\` in front of it.

\`XREAD\` is for following a stream as it grows. You give it, per stream, the last ID you
have seen, and it returns what came after. The special ID \`$\` means "whatever is newest
right now", so on its own it returns nothing:

{{example:f9-xread}}

\`$\` becomes useful with \`BLOCK\`. \`XREAD BLOCK 5000 STREAMS chat $\` waits up to five
seconds for something new; \`BLOCK 0\` waits forever. Try it with two tabs in the
playground: run that line in one tab (it hangs, waiting), then \`XADD chat * from ann text
hi\` in another, and the first tab answers at once with the new entry. When time runs out
first, the reply is \`(nil)\`. As the last line above shows, \`BLOCK\` does not wait when
there is already something to return. A reader that loops keeps the last ID it got and
passes it to the next call, never \`$\` again: anything that arrived in between would be
missed. One \`XREAD\` can watch several streams at once.

Several readers may \`XREAD\` the same stream; each gets every entry, as with Pub/Sub, but
unlike Pub/Sub nothing is lost while a reader is away: it resumes from its last ID.

Everything in a stream stays in memory until removed, so a stream that grows forever
eventually fills it. \`XTRIM key MAXLEN n\` keeps the newest \`n\` entries; \`MINID id\` drops
those older than an ID. The same options can go on \`XADD\` itself, to cap the stream as
you write. Add \`~\` and Redis trims only whole nodes, which is much cheaper but may keep
more than you asked for:

{{example:f9-trim}}
`;

const groups = `
\`XREAD\` gives every reader every entry. For a work queue you want the opposite: a pool of
workers that split the entries among themselves, so each job is done once. That is a
**consumer group**. A group belongs to one stream, has a name, and remembers one ID: the
last entry it has handed out (its \`last-delivered-id\`). Its members are **consumers**,
identified simply by the name they give when they read; a consumer is created the first
time it is named.

\`XGROUP CREATE key group id\` creates a group. The ID says where it starts: \`0\` hands out
the whole existing history, \`$\` only entries that arrive from now on. Add \`MKSTREAM\` to
create the stream too if it does not exist yet.

{{exercise:f9-build-groups}}

Consumers read with \`XREADGROUP GROUP group consumer [COUNT n] STREAMS key >\`. The \`>\`
means "entries this group has never handed out to anyone". Each such entry goes to exactly
one consumer, and the group's last-delivered-id moves past it:

{{example:f9-group}}

Handing out an entry is not the end. Until the consumer confirms it with \`XACK key group
id …\`, the entry stays in the group's **pending entries list** (the PEL), noted with the
consumer that has it, when it was delivered and how many times. This is what makes a
group safe: if a worker dies halfway through a job, Redis still knows the job was never
finished. \`XPENDING key group\` summarises the PEL: how many entries, the lowest and
highest ID, and how many each consumer holds.

{{example:f9-pending}}

Two things in that example surprise people. First, \`XACK\` does not delete anything from
the stream: the entry stays (another group may not have read it yet); acknowledging only
removes it from this group's PEL. Second, \`XREADGROUP\` with an ID instead of \`>\` does not
read the stream at all: it replays the consumer's *own* pending entries after that ID. A
worker that restarts under the same name uses this to pick up what it was holding before
it went down, and then switches to \`>\` for new work. If you want no PEL at all (fire and
forget), \`XREADGROUP\` takes \`NOACK\`, and entries count as acknowledged on delivery.

{{exercise:f9-predict-history}}

A group's position can also be moved by hand: \`XGROUP SETID key group id\` sets its
last-delivered-id, for instance to replay history, and \`XGROUP DESTROY\` removes a group.
\`XINFO GROUPS key\` shows every group with its consumers, pending count, last-delivered-id
and, new in 7.0, its \`lag\`: how many entries are still waiting to be handed out.

{{exercise:f9-fix-setid}}
`;

const crash = `
Suppose a consumer takes three entries and its machine dies. Nobody will ever acknowledge
them, and \`>\` will never hand them out again: as far as the group knows, they are being
worked on. They sit in the PEL, and their **idle time**, the milliseconds since they were
last delivered, keeps growing. That number is how the others can tell a slow worker from a
dead one.

\`XCLAIM key group consumer min-idle-time id …\` moves the named entries to another
consumer, but only those idle for at least \`min-idle-time\` milliseconds. The condition
matters: two healthy workers that both notice a stuck entry cannot both take it, because
the first claim resets its idle time to zero. Claiming counts as a new delivery, so the
entry's delivery count goes up by one.

\`XAUTOCLAIM key group consumer min-idle-time start [COUNT n]\` saves you reading the PEL
first: it scans it from \`start\`, claims up to \`COUNT\` entries (100 by default) idle
long enough, and replies with three things: a cursor to pass as \`start\` next time
(\`0-0\` when the scan is complete), the claimed entries, and the IDs of pending entries
that no longer exist in the stream (it removes those from the PEL). A worker typically
runs it every so often before asking for new work.

{{example:f9-autoclaim}}

The clock in this example was moved forward a minute to make the entries idle; in the
exercise below it is paused and set up for you. Whoever claims an entry now owns it, with
the same duty as before: process it, then \`XACK\` it.

{{exercise:f9-recover}}
`;

const dead = `
Some entries can never succeed: a malformed payload, an image that crashes the decoder.
Claimed again and again, such a **poison** entry takes down one worker after another. The
delivery count is the defence. \`XPENDING key group start end count [consumer]\` lists
pending entries one by one with four values: the ID, the owner, the idle time in
milliseconds and the number of deliveries. (\`IDLE ms\` before the range keeps only
entries idle that long.)

Redis has no built-in dead-letter queue; you build one from parts you know. When an
entry's delivery count passes your limit, copy it into another stream, often named
\`<stream>:dead\`, where a person or a repair job can look at it later, and acknowledge it
in the group so it is never handed out again. The original entry stays in the main stream
until it is trimmed.

{{example:f9-dead-letter}}

Workers usually do this check themselves: after \`XAUTOCLAIM\`, look up the delivery
counts of what was claimed, and dead-letter instead of processing anything over the limit.
A Lua script or \`MULTI\` can make the copy and the acknowledgement happen together.

{{exercise:f9-dead-letter}}
`;

const compare = `
Streams borrow their model from Apache Kafka: an append-only log, IDs as positions,
consumer groups that each keep their own position and share the work among members. The
difference is where the log lives. Kafka writes it to disk, splits each topic into
partitions spread over a cluster of brokers, and keeps it for a retention period that can
be days or forever, so new services can replay years of history. A Redis stream is one key
on one instance (in a cluster, it lives in one slot) and sits in memory, so you trim it to
a window of minutes, hours or days. In return it takes a few microseconds per operation,
needs no extra infrastructure when you already run Redis, and gives you per-entry
acknowledgement and claiming, which a classic Kafka consumer group does not do (it tracks
one offset per partition, not each message).

BullMQ, a popular Node.js job-queue library, sits at another level: it is built on Redis,
but keeps its jobs in ordinary Redis keys (lists, sorted sets, hashes) and only uses a
stream for its event log. It gives you what a job system needs out of the box: retries
with back-off, delayed and repeating jobs, priorities, rate limits. If what you have is
jobs to run, a library like that saves you writing claim loops and dead-letter logic
yourself. If what you have is a stream of events that several services read, each at its
own pace, a Redis stream is the natural fit; and if that history must be kept for a long
time at high volume, Kafka is.

{{exercise:f9-quiz}}
`;

export const sections: Section[] = [
  { id: "f9-log", title: "A log inside a key", body: log },
  { id: "f9-reading", title: "Reading, following and trimming", body: reading },
  { id: "f9-groups", title: "Consumer groups and the pending list", body: groups },
  { id: "f9-crash", title: "When a consumer crashes", body: crash },
  { id: "f9-dead", title: "Poison entries and dead letters", body: dead },
  { id: "f9-compare", title: "Streams, Kafka and BullMQ", body: compare },
];
