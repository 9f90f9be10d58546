/**
 * F-12's prose. Every reply shown is a runnable example (examples.ts). The simulation's rules
 * (db:* keys stand for the database, a query is a read of one plus INCR dbhits) are stated once,
 * in the first section, and every example and exercise follows them; f12-refresh-early's
 * prompt adds that there the simulation counts the reads itself (the runtime's slow-db count).
 */
import type { Section } from "../types";

const intro = `
A cache keeps a copy of data that is expensive to get, somewhere it is cheap to get. Redis is
the usual somewhere: a read from memory over one round trip, against a database query that
may take tens or hundreds of milliseconds and that competes with every other query for the
database's CPU and disks. A good cache makes pages faster, but more importantly it protects
the database: if nine reads in ten are served from Redis, the database sees a tenth of the load.

The price is that you now have two copies of the same data, and they can disagree. Every
caching pattern in this module is an answer to three questions: who fills the cache, what
happens when the data changes, and what happens when a cached entry disappears while many
requests want it.

This module needs a database, and the playground has only Redis, so we simulate one inside it.
The rules of the simulation:

- Keys starting with \`db:\` are **the database**. Pretend each read of one is slow.
- **A database query** is reading a \`db:\` key *and* running \`INCR dbhits\`: the database's own
  query counter, which several exercises check. Whenever the app would query the database, you
  run both.
- Keys starting with \`cache:\` are the cache. They are what your app reads first.
- Each client tab is one **app server**. Several tabs are several servers handling requests at
  the same time.

In a real system the app does all of this in code, between a Redis client and a database
driver. Here you act it out, one command at a time, so you can watch each step.
`;

const aside = `
**Cache-aside** (also called lazy loading) is the pattern most applications use. The app owns
the logic:

1. Read the cache.
2. On a **hit**, use the value. Done.
3. On a **miss**, query the database, store the result in the cache *with a TTL*, use it.

The cache fills itself with exactly what is being read, and if Redis is empty (restarted,
flushed, a new node) the app still works, only slower. A miss looks like this:

{{example:f12-aside-miss}}

Why a hash? The database row has fields, and a hash lets the app read one field
(\`HGET cache:user:1 plan\`) or update one without rewriting the rest. A single JSON string is
the other common choice; it is fine when the app always reads the whole object.

The next request for the same user is a hit: one round trip, no database.

{{example:f12-aside-hit}}

The TTL is not decoration. It bounds how long a wrong copy can live: if the database changes
and nobody tells the cache, the stale entry still disappears after its TTL. It also lets
entries that nobody reads leave memory. Choose it from the data: seconds for a stock level,
minutes for a product page, hours for a country list. Remember that **reading a key does not
extend its TTL**: a cache entry read a thousand times still expires on schedule, and the next
reader pays for the miss.

{{example:f12-expiry}}

{{exercise:f12-predict-hits}}

{{exercise:f12-build-aside}}
`;

const writes = `
Now the data changes: an admin sets product 7's price from 10 to 12 in the database. The
cache still holds 10. What should the app do?

**Invalidate on write.** After updating the database, delete the cache entry. The next read
misses and loads the new value. This is the usual companion of cache-aside, and deleting is
better than writing the new value into the cache yourself: the write path does not need to
know how the read path builds its cache entry, and a delete is always correct.

{{example:f12-invalidate}}

Order matters. Update the database first, then delete the cache entry. The other way round
leaves a gap: a reader that misses between your delete and your database update loads the old
value and caches it again, this time for a full TTL. Even in the right order there is a small
race (a slow reader that loaded the old row before your update may write it into the cache
just after your delete), which is one more reason every entry keeps a TTL as a safety net.

**Write-through.** The app writes the database and the cache together, every time. Reads are
almost always hits and never stale for long, at the price of writing to the cache data that
may never be read. In the simulation, the database write and the cache write are two commands:

{{example:f12-write-through}}

Note that \`HSET\` on an existing cache entry keeps its TTL, so a write-through update does not
make the entry live forever. A command that replaces the whole value, such as \`SET\`, clears
the TTL unless you give a new one (or pass \`KEEPTTL\`). Also remember the two writes are not
one transaction: the database and Redis can't be updated atomically together, so decide which
one is written first and what happens if the second write fails (usually: delete the cache
entry and let the next read reload it).

**Write-behind** (write-back). The app writes only to Redis, and a background worker copies
the changes to the database later, often in batches; a Stream or a list of pending writes is
the usual queue. Writes become very fast and the database sees fewer, larger writes. But the
cache is now the only copy of recent changes: if Redis loses them (a restart without
persistence, a failover to a replica that lagged), they are gone. Use it for data you can
afford to lose or rebuild, such as view counters, not for orders.

**Read-through** is cache-aside with the logic moved out of the app: the app asks a cache
layer, and the layer loads from the database on a miss. Redis itself never calls your
database, so with Redis "read-through" means a library or service in front of it that does
the cache-aside steps for you. The behaviour, including the need for TTLs and invalidation,
is the same.

{{exercise:f12-fix-stale}}
`;

const stampede = `
A popular key, say the home page, is read by hundreds of requests a second. Its cache entry
expires. In the next few milliseconds every request misses, and every app server does what
cache-aside tells it to: query the database. The database, which was answering almost nothing
because of the cache, suddenly gets hundreds of identical slow queries at once. That is a
**cache stampede** (or dog-piling), and it can take a database down exactly when traffic is
highest.

Three app servers missing at once:

{{example:f12-stampede}}

Three queries where one would do. The classic fix is a **lock**: on a miss, an app server tries
to take a short-lived lock with \`SET lock:<key> <its id> NX PX <ms>\`. \`NX\` makes only the first
one succeed; the others get nil. The winner queries the database, fills the cache and deletes
the lock. The losers wait a few milliseconds and read the cache again (or, if the app keeps
a stale copy, serve that meanwhile).

{{example:f12-lock}}

The \`PX\` matters: if the winner crashes while holding the lock, the lock expires by itself and
another server can recompute. Make it longer than a recompute normally takes. The lock's value
says who holds it; a careful app deletes the lock only if the value is still its own (A-1 shows
how to make that check atomic).

Two other tools work without locks:

- **Early recompute.** Refresh a hot entry *before* it expires, so it never goes missing: a
  background job rewrites it, or each reader, near the end of the TTL, decides with a small
  probability to recompute it early. The best-known version of the second, "XFetch", makes
  the probability grow as expiry approaches and with how long the recompute takes; P-7 works
  through it.
- **TTL jitter.** When many keys are written at the same time (a warm-up, a batch job) with the
  same TTL, they all expire at the same time too, and the database gets a wave of misses for
  all of them. Add a random few percent to each TTL so the expiries spread out.

{{exercise:f12-stampede-lock}}

The lock is a change to the app's code. When the code can't change today, an early refresh
still saves the database: refresh the hot entry before it expires, and nobody misses.

{{exercise:f12-refresh-early}}

{{exercise:f12-warm-jitter}}
`;

const choosing = `
**Warm-up.** A new or restarted cache is empty, and the first minutes after a deploy send every
read to the database: a stampede across all keys. If you know the hot keys (the home page, the
top products), load them before sending traffic, in a pipeline or with \`MSET\` (F-7), with
jittered TTLs.

**Choosing a pattern.** Most applications start with cache-aside plus invalidation on write,
and stay there. Then:

| situation | pattern |
|---|---|
| reads far outnumber writes, a few seconds of staleness is fine | cache-aside, TTL, delete on write |
| reads must almost never miss, writes are rare | write-through |
| very frequent writes that can be batched, small losses acceptable | write-behind |
| many services share the same loading logic | read-through, in a shared library or service |
| a few very hot keys | any of the above, plus a lock or early recompute |

Whatever you choose: every cache entry gets a TTL, the database stays the source of truth
(except under write-behind, and then know what you can lose), and you measure the hit ratio:
\`keyspace_hits\` and \`keyspace_misses\` in \`INFO stats\` give it for the whole instance.

{{exercise:f12-quiz}}
`;

export const sections: Section[] = [
  { id: "intro", title: "Two copies of the truth", body: intro },
  { id: "aside", title: "Cache-aside", body: aside },
  { id: "writes", title: "When the data changes", body: writes },
  { id: "stampede", title: "Stampedes, locks and jitter", body: stampede },
  { id: "choosing", title: "Warm-up and choosing a pattern", body: choosing },
];
