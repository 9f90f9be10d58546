/**
 * F-4's prose. Every reply it shows is a runnable example (examples.ts). The figures it states
 * (10000 µs, 128 entries, the playground's 1000 ms, io-threads 1) are CONFIG GET replies in those examples, so
 * the test suite checks them against the instance.
 */
import type { Section } from "../types";

const loop = `
A Redis server may have ten thousand clients connected, yet one thread runs all of their
commands. It gets away with this because of how it waits.

A naive server would give each connection its own thread, blocked on a read until that
client sends something. Redis instead asks the operating system one question over and over:
"which of my sockets have something for me?" This is **I/O multiplexing**, offered by
\`epoll\` on Linux and \`kqueue\` on macOS and BSD. The answer is a list of ready sockets.
For each, Redis reads what arrived, parses the commands in it, runs them, and queues the
replies to be written back. Then it asks again. That cycle is the **event loop**; between
rounds it also runs timers, such as the cron that expires keys \`hz\` times a second (10
by default).

Running one command takes microseconds, because the data is in memory and the thread
never waits for a disk or a lock. So one thread serves a great many clients, and it has a
second benefit: every command is **atomic**. No other client can see a command half done,
and none can slip in between a command's read and its write:

{{example:f4-turns}}

\`DECR\` reads the stock and writes it back in one step; two clients decrementing at the
same time can never both read 10. That is why Redis needs no locks for single commands,
and why counters, rate limiters and queues built on it are simple.

Why not use every core for commands? For most workloads the CPU is not what runs out
first: the network and memory are. A single thread avoids locks on every data structure
and the bugs that come with them, and it keeps each command's cost predictable. When one
instance is not enough, the answer is more instances: replicas to spread reads, or a
cluster that splits the keys between several servers, each with its own thread. Within one
instance, the rule to remember is the one the next section shows: the thread is shared, so
every command's running time is everyone's waiting time.
`;

const blocking = `
The price of one thread is plain: while a command runs, nothing else does. A command that
takes 300 ms makes every other client wait 300 ms, whatever they asked for, even a GET that
would itself take a microsecond. Their requests sit unread in their sockets until the
thread comes back.

\`DEBUG SLEEP seconds\` makes this visible. It does no work; it just stops the server for
that long, exactly like a slow command would. (DEBUG is a testing command, turned off on
most production servers; the playground enables it.)

{{example:f4-sleep}}

{{exercise:f4-predict-wait}}

Reading about a wait is one thing; the console can show you one. A reply that had to wait is
marked with how long it waited.

{{exercise:f4-make-wait}}

Real slow commands are not sleeps; they are ordinary commands given too much to do.
Watch for:

- \`KEYS pattern\`: it walks every key in the database. On ten million keys that is seconds.
- Reading a whole big value at once: \`HGETALL\`, \`SMEMBERS\`, \`LRANGE key 0 -1\` or
  \`ZRANGE key 0 -1\` on collections with millions of elements.
- \`SORT\`, \`SUNION\`/\`SINTER\` on big sets, \`ZUNIONSTORE\` on big sorted sets.
- Deleting a big value with \`DEL\`: freeing millions of allocations takes time too.
- \`FLUSHALL\` and \`FLUSHDB\` without \`ASYNC\`.
- A Lua script or function with a long loop: it runs on the same thread, start to finish.

For scripts Redis has one escape hatch. Once a script has run longer than
\`busy-reply-threshold\` (5000 ms by default; this playground sets 1000 so you wait less), Redis starts answering other clients again,
but only with a \`BUSY\` error, until someone stops the script with \`SCRIPT KILL\` (or,
if it already wrote, \`SHUTDOWN NOSAVE\`). A sleeping \`DEBUG SLEEP\` gets no such treatment.

The cure for \`KEYS\` is \`SCAN\`, which walks the keyspace a little at a time: each call
returns a cursor to pass to the next one, and a handful of keys, and the loop ends when the
cursor comes back as \`0\`. Other clients run between the calls. \`HSCAN\`, \`SSCAN\` and
\`ZSCAN\` do the same inside one big value.

{{example:f4-keys-scan}}

That \`SCAN\` asked for a \`COUNT\` of 2000, so it covered the whole keyspace in one call,
which is exactly what you should not do on a large database; the default is 10.
`;

const finding = `
When clients complain about latency, the first question is whether Redis itself ran
something slow. The **slow log** answers it. Every command whose execution takes longer
than \`slowlog-log-slower-than\` **microseconds** (10000, so 10 ms, by default) is recorded,
and Redis keeps the newest \`slowlog-max-len\` entries (128). A negative threshold turns it
off; 0 records every command. It lives in memory and costs almost nothing.

{{example:f4-slowlog-config}}

{{example:f4-slowlog}}

Notice what the slow log measures: the time the command ran on the thread, nothing else. It
does not include reading the request, writing the reply, the network, or the time a
command spent waiting for its turn. So a client that waited behind someone else's slow
command has no entry of its own: only the command that held everyone up does.

{{exercise:f4-build-slowlog}}

The **latency monitor** is the slow log's companion. With \`latency-monitor-threshold\` set
to a number of **milliseconds** (0, its default, turns it off), Redis records every event
that takes at least that long, grouped by kind: \`command\` for slow ordinary commands,
\`fast-command\` for slow O(1) ones, and others for things like forks and expiry cycles.
\`LATENCY LATEST\` shows, per event, when it last happened, that latest duration and the
worst one; \`LATENCY DOCTOR\` writes a short report in plain words.

{{exercise:f4-latency}}

Now put the pieces together. In the next exercise two clients share an instance, one of
them complains, and the slow log tells you which one is to blame.

{{exercise:f4-culprit}}
`;

const threads = `
"Single-threaded" describes how commands run, not the whole process. Redis has long had a
few **background threads** (the bio threads) for jobs that would otherwise stall the loop:

- **closing files**: closing an old AOF or RDB file can make the operating system free a
  lot of disk blocks, which takes time;
- **fsync**: with \`appendfsync everysec\`, the once-a-second flush of the AOF to disk
  happens off the main thread;
- **lazy free**: releasing the memory of big deleted values.

Lazy free is the one you use directly. \`UNLINK\` removes keys from the keyspace at once,
like \`DEL\`, and replies the same way, but hands big values (more than 64 elements) to the
background thread to free. \`FLUSHALL ASYNC\` and \`FLUSHDB ASYNC\` do the same for a whole
database.

{{example:f4-unlink}}

Several settings make Redis free lazily on its own: \`lazyfree-lazy-eviction\` (keys evicted
under \`maxmemory\`), \`lazyfree-lazy-expire\` (expired keys), \`lazyfree-lazy-server-del\`
(values Redis deletes as a side effect, such as the old value of a key that \`SET\` or
\`RENAME\` overwrites) and \`lazyfree-lazy-user-del\`, which turns every \`DEL\` a client
sends into an \`UNLINK\`. All are \`no\` by default in 7.0.

{{exercise:f4-fix-lazy}}

Redis 6.0 added **I/O threads**. With \`io-threads\` above 1, the main thread hands the
writing of replies to a pool of threads, and with \`io-threads-do-reads yes\` also the
reading and parsing of requests. On a server with many clients and large replies, moving
bytes through sockets can cost more than running the commands, so this helps. The commands
themselves still run on the main thread, one at a time: atomicity is unchanged, and so is
the rule that a slow command blocks everyone. It is off by default, can only be set at
startup, and is worth turning on only on machines with several cores to spare.

{{example:f4-threads}}

Saving to disk is yet another mechanism. \`BGSAVE\` and AOF rewrites **fork** a child
process that writes the data while the parent keeps serving clients; the fork itself is
the main thread's cost, and on a large dataset it can take long enough to show up in the
latency monitor.

{{exercise:f4-quiz}}
`;

export const sections: Section[] = [
  { id: "f4-loop", title: "One thread, many clients", body: loop },
  { id: "f4-blocking", title: "One slow command stops everyone", body: blocking },
  { id: "f4-finding", title: "Finding the slow command", body: finding },
  { id: "f4-threads", title: "The threads Redis does have", body: threads },
];
