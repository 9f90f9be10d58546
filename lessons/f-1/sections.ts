/**
 * F-1's prose. Every reply shown here is a runnable example (index.ts) with its expected output;
 * the prose refers to them by `{{example:<id>}}` rather than quoting replies itself.
 */
import type { Section } from "../types";

const whatItIs = `
Redis is a server that keeps a dictionary in memory. Each entry pairs a **key**, a name you choose
such as \`user:42\` or \`page:home\`, with a **value**. Your programs connect to the server over
the network, send it short commands like "store this value under that key" or "give me the value
of that key", and get an answer back. The name is short for *REmote DIctionary Server*: a
dictionary, living on a server, that many programs share.

That last part matters more than it first seems. A web application usually runs as several
processes, often on several machines. Each has its own memory, so a variable in one process is
invisible to the others. Put the value in Redis instead and every process sees the same thing:
one place for sessions, counters, caches, queues and locks, reachable by all of them.

The console beside this lesson is a Redis 7.0 server running inside your browser tab, and it
behaves like the real one: same commands, same replies, same error messages. Type a command and
press Enter. Try the two below: \`SET\` stores a value, \`GET\` reads it back.

{{example:f1-set-get}}

\`OK\` is Redis confirming the write. The value comes back in double quotes because the console
shows values the way \`redis-cli\`, the official command-line client, does: quoted, with any
unusual bytes escaped.
`;

const whyFast = `
A Redis server commonly answers a simple \`GET\` in well under a millisecond, measured from the
client, and most of that time is the trip across the network. The work inside the server for a
small \`GET\` or \`SET\` is on the order of a microsecond. Three choices make that possible.

**Everything lives in RAM.** Reading main memory takes roughly a hundred nanoseconds. A random
read from a fast SSD takes tens to hundreds of microseconds, and from a spinning disk several
milliseconds: hundreds to tens of thousands of times slower than memory. A traditional database
works hard to hide disk latency with caches and indexes; Redis avoids the problem by not
reading from disk at all while it answers. (It can still *write* to disk in the background so
data survives a restart; later modules cover snapshots and the append-only file.)

**The commands are simple.** There is no query language to parse and plan. \`GET page:home\`
means: hash the key, find it in the dictionary, send the value. Each command states its cost in
the documentation (\`GET\` is O(1): constant time whatever the number of keys), so you can
predict how long it will take.

**One thread runs the commands.** Redis executes commands one after another on a single main
thread, so it needs no locks on its data and wastes no time switching between threads. Because
each command is short, one thread can serve a very large number of them per second. The flip
side: a slow command holds up everyone else, a point module F-4 makes you watch happen.

The price of this design is that your data must fit in memory, and memory costs more than disk.
That is why Redis is usually one part of a system rather than the whole of it.
`;

const firstKeys = `
Four commands cover the basics of any key:

| command | what it does | reply |
|---|---|---|
| \`SET key value\` | stores the value, replacing any old one | \`OK\` |
| \`GET key\` | reads the value | the value, or \`(nil)\` when the key does not exist |
| \`DEL key [key ...]\` | deletes keys | how many keys it actually deleted |
| \`EXISTS key [key ...]\` | checks keys | how many of the names you gave exist |

Key names are exact byte strings, so case matters: \`greeting\` and \`Greeting\` are two different
keys. Asking for a key that does not exist is not an error; Redis simply answers \`(nil)\`.

{{example:f1-nil}}

The console splits what you type into words at the spaces, just as \`redis-cli\` does. A value
that contains spaces therefore needs quotes; without them, \`SET\` receives extra words it does
not understand and refuses the whole command.

{{example:f1-quotes}}

\`DEL\` and \`EXISTS\` take several keys at once and answer with a count. Watch the numbers: the
key that was never there is simply not counted.

{{example:f1-exists-del}}

{{exercise:f1-build-greeting}}

{{exercise:f1-predict-exists}}
`;

const types = `
So far every value has been a string of bytes, but a Redis value can have one of several
**types**, each with its own commands: strings (\`SET\`, \`GET\`), lists (\`RPUSH\`, \`LPOP\`),
hashes (\`HSET\`, \`HGET\`), sets, sorted sets and streams. A key holds exactly one value of one
type, and \`TYPE\` tells you which. For a key that does not exist it answers \`none\`.

{{example:f1-type}}

You will meet each type properly in modules F-2 and F-3. For now, notice that Redis does not
store "a row" or "a document": it stores data structures, and the commands operate on them in
place. Adding an item to a list does not read the list, change it in your program and write it
back; \`RPUSH\` appends inside the server.

Commands check the type of the key they work on. A string command such as \`GET\`, used on a
list or a hash, is refused with an error rather than guessing what you meant. When a read fails
like that, \`TYPE\` is the first thing to ask.

{{exercise:f1-fix-types}}
`;

const findingKeys = `
\`KEYS pattern\` lists the keys whose names match a glob-style pattern: \`*\` matches any run of
characters, \`?\` exactly one, and \`[abc]\` one of the listed characters. Redis keeps its keys in
a hash table, so they come back in no particular order.

{{example:f1-keys}}

\`KEYS\` is handy in a playground and dangerous in production. It walks **every** key in the
database in one go, and because one thread runs all commands, nothing else is served until it
finishes. On a database with millions of keys that can take a long time, and every client waits.

Production code uses \`SCAN\` instead. It walks the keyspace a little at a time: each call
returns a **cursor** and a batch of keys, and you pass the cursor to the next call until it comes
back as \`"0"\`. Other clients are served between the calls. The \`COUNT\` option is a hint for how
much work each call should do; here the database is tiny, so one call covers it and the cursor
is \`"0"\` straight away.

{{example:f1-scan}}

A pattern is for finding keys, not for deleting them: \`DEL\` takes exact names and does not
expand \`*\`. To remove a group of keys, list them first, then pass the names to \`DEL\`.

{{exercise:f1-fix-temp}}
`;

const vsSql = `
If you have used a relational database such as PostgreSQL or MySQL, the contrast helps place Redis.

| | relational database | Redis |
|---|---|---|
| data model | tables of rows with a fixed schema | keys pointing at strings, lists, hashes, sets… |
| asking questions | SQL: any query over any columns, joins | commands on one key (or a few) at a time |
| where data lives | on disk, with memory as a cache | in memory, optionally saved to disk |
| a simple lookup | parse and plan the query, walk an index, maybe read a disk page | hash the key, read memory |
| strengths | ad-hoc queries, constraints, transactions across tables | speed, simple atomic operations, rich structures |

Redis has no tables, no joins and no secondary indexes unless you build them yourself. You
decide up front how the data will be read and design the keys around those reads. A common
naming habit is to join parts with colons (\`user:42\`, \`user:42:cart\`, \`page:home:views\`), which
keeps related keys easy to find with patterns.

The two are often used together: the relational database remains the system of record, and
Redis sits in front of it as a cache, or holds data that changes too fast or matters too briefly
to belong in the database, such as sessions, rate-limit counters and job queues.
`;

const vsMemcached = `
Memcached is the other well-known in-memory key-value server, and it is older than Redis. Both
keep data in RAM and answer in microseconds, and both are used as caches. They differ in what
they offer beyond that.

- **Values.** Memcached stores opaque blobs of bytes (up to 1 MB each by default). Redis stores
  typed values (strings up to 512 MB, lists, hashes, sets, sorted sets, streams and more) and
  operates on them in place.
- **Durability.** Memcached keeps data only in memory; a restart normally empties it. Redis can save
  snapshots and an append-only log of writes, and reload them at start-up.
- **Replication and failover.** Redis has replicas, Sentinel and Cluster built in. Memcached
  leaves distribution to the client, which spreads keys over independent servers.
- **Threads.** Memcached executes requests on many threads. Redis executes commands on one
  thread, which is why every single command is atomic.
- **Beyond caching.** Redis adds Pub/Sub messaging, Lua scripting, transactions and key expiry
  events; Memcached is deliberately a cache and nothing more.

{{exercise:f1-quiz-memcached}}
`;

const shared = `
Every client connected to a Redis server sees the same keyspace. The console can open several
**tabs**, each one a separate connection, as if they were separate application servers. A value
one connection writes is there for every other connection to read at once; nothing needs to be
copied or synchronised by your code.

{{example:f1-shared}}

This is the property that makes Redis useful between processes: a shopping cart written by one
web server is visible to the next request, even if a different web server handles it.

{{exercise:f1-two-tabs}}
`;

export const sections: Section[] = [
  { id: "what", title: "A dictionary on a server", body: whatItIs },
  { id: "fast", title: "Why it answers in microseconds", body: whyFast },
  { id: "first-keys", title: "Your first keys", body: firstKeys },
  { id: "types", title: "What kind of value is this?", body: types },
  { id: "finding", title: "Finding keys: KEYS, and SCAN in production", body: findingKeys },
  { id: "vs-sql", title: "Redis next to a relational database", body: vsSql },
  { id: "vs-memcached", title: "Redis next to Memcached", body: vsMemcached },
  { id: "shared", title: "One keyspace, many clients", body: shared },
];
