/**
 * F-5's prose. Every reply shown is a runnable example (examples.ts). The figures the prose
 * states about Redis come from the constants below, which the module's test compares with
 * CONFIG GET on the playground (hz, maxmemory-samples, maxmemory) or with Redis 7.0's expire.c
 * and evict.c (the active expiry cycle's sample size, repeat threshold and time budget).
 */
import type { Section } from "../types";

/** The playground's modelled memory limit (64 MB); redis-server's own default is 0, no limit. */
export const PLAYGROUND_MAXMEMORY = 67108864;
/** Default `hz`: server cron runs per second. */
export const HZ = 10;
/** ACTIVE_EXPIRE_CYCLE_KEYS_PER_LOOP: keys with a TTL sampled per database per round. */
export const EXPIRE_SAMPLE = 20;
/** ACTIVE_EXPIRE_CYCLE_ACCEPTABLE_STALE: another round while more than this % had expired. */
export const EXPIRE_STALE_PCT = 10;
/** ACTIVE_EXPIRE_CYCLE_SLOW_TIME_PERC: the slow cycle's share of CPU time. */
export const EXPIRE_TIME_PCT = 25;
/** Default `maxmemory-samples`. */
export const MAXMEMORY_SAMPLES = 5;
/** EVPOOL_SIZE: the pool of best eviction candidates kept between rounds. */
export const EVICTION_POOL = 16;

const ttl = `
Much of what an application keeps in Redis is only useful for a while: a login code for a
few minutes, a session for a day, a cached web page until the next deploy. Rather than
remembering to delete such keys, you give them a **time to live** (TTL) and Redis removes them
when it runs out.

\`SET\` can attach a TTL as it writes: \`EX\` takes seconds, \`PX\` milliseconds. \`TTL\` tells
you how many seconds are left. The playground's clock can be fast-forwarded (the example's
clock steps do that for you), so you don't have to sit and wait:

{{example:f5-ttl-basics}}

Until its time ran out the key behaved like any other. Afterwards \`GET\` found nothing, and
\`TTL\` replied **-2**, which means "no such key". Its sibling **-1** means "the key exists but
has no TTL": it will live until someone deletes it.

Any key can be given a TTL after the fact, whatever its type. \`EXPIRE\` takes seconds,
\`PEXPIRE\` milliseconds, \`PTTL\` reads the time left in milliseconds, and \`PERSIST\` removes
the TTL again:

{{example:f5-ttl-units}}

Look at the last \`TTL\`: 1,600 milliseconds were reported as 2 seconds, because \`TTL\` rounds to
the nearest second. When the difference matters, as it does for locks, use the \`P\` commands.
Both units are just two ways to write the same thing: inside Redis every TTL is an absolute
moment in milliseconds.
`;

const setting = `
That absolute moment is what Redis stores, so you can also give it directly. \`EXPIREAT\` and
\`PEXPIREAT\` take a Unix time (seconds or milliseconds since 1970), and Redis 7.0 added
\`EXPIRETIME\` and \`PEXPIRETIME\` to read it back:

{{example:f5-expireat}}

Storing an absolute time has a useful consequence: a TTL keeps counting down while nobody
looks, and a replica or an AOF file holds the same deadline as the primary. (\`SET\` has
matching \`EXAT\` and \`PXAT\` options, and \`GETEX\` reads a value and changes its TTL in one
command.)

Redis 7.0 also gave \`EXPIRE\` and its relatives four options that make a change conditional:

| option | sets the new TTL only if… |
|---|---|
| \`NX\` | the key has no TTL yet |
| \`XX\` | the key already has a TTL |
| \`GT\` | the new TTL is later than the current one |
| \`LT\` | the new TTL is earlier than the current one |

The command replies 1 when it changed the TTL and 0 when the option said no. For \`GT\` and
\`LT\`, a key without a TTL counts as living forever: nothing is later than forever, so \`GT\`
never adds a TTL to such a key, and \`LT\` always does.

{{example:f5-options}}

These options turn common read-then-write dances into one atomic command. "Extend this
session, but never shorten it" is \`EXPIRE key 1800 GT\`; "make sure this cache entry expires
within a minute, without stretching one that expires sooner" is \`EXPIRE key 60 LT\`.

{{exercise:f5-build-units}}
`;

const wipes = `
The most common TTL bug is one you never see happening. Which commands keep a key's TTL, and
which throw it away?

The rule: a command that **replaces** the key starts it over, without a TTL, unless it sets
one itself. \`SET\` without \`EX\`, \`PX\`, \`EXAT\`, \`PXAT\` or \`KEEPTTL\` is such a command,
and so is \`GETSET\`. A command that **modifies** the value in place keeps the TTL: \`APPEND\`,
\`INCR\`, \`SETRANGE\`, \`HSET\`, \`LPUSH\`, \`ZADD\` and the like. \`RENAME\` moves the TTL
along with the value.

{{exercise:f5-predict-overwrite}}

Here is the whole story in one run:

{{example:f5-overwrite}}

\`KEEPTTL\` (Redis 6.0 and later) tells \`SET\` to keep whatever TTL the key has *at that
moment*. It cannot bring back a TTL that an earlier \`SET\` already threw away. A cache refresh
job that rewrites its entries with a plain \`SET\` quietly turns them into permanent keys, and
the cache grows until memory runs out.

{{exercise:f5-fix-lost-ttls}}
`;

const expiry = `
When exactly does an expired key leave memory? Not at the moment its TTL ends: Redis has no
timer per key. It uses two mechanisms instead.

**Lazy expiry.** Every command that looks up a key first checks its deadline. If it has
passed, Redis deletes the key there and then, and the command carries on as if it had never
existed. That is why \`GET\` replied \`(nil)\` in the first example. Lazy expiry costs nothing
for keys nobody asks about, but on its own it would let forgotten keys sit in memory forever.

**Active expiry.** So, ${HZ} times a second (the \`hz\` setting), the server's background task
samples ${EXPIRE_SAMPLE} keys that have a TTL in each database and deletes the ones already
past their deadline. If more than ${EXPIRE_STALE_PCT}% of a sample had expired, expired keys
are probably plentiful, so it samples again, and goes on for as long as that stays true or
until the sweep has used up its time budget (${EXPIRE_TIME_PCT}% of CPU time). It is a statistical sweep, not a scan: a few expired keys
among millions may wait a while, but they never pile up.

Both count in \`INFO stats\` under \`expired_keys\`. \`DEBUG SET-ACTIVE-EXPIRE 0\` switches the
background sweep off (a testing aid, enabled in the playground), which lets you watch lazy
expiry alone:

{{example:f5-lazy-active}}

After a second, all three keys were past their deadline, yet \`DBSIZE\` still counted them:
it reports how many keys are in memory, expired or not. \`GET temp:1\` touched one key and
deleted it. Turning the sweep back on and letting the clock run removed the other two. (\`KEYS\`
and \`SCAN\` never show an expired key either way; \`SCAN\` deletes the ones it meets, \`KEYS\`
only skips them.)

{{exercise:f5-build-lazy}}

Expiry also has to reach the copies of your data. When a primary deletes an expired key, by
either mechanism, it sends an explicit \`DEL\` (or \`UNLINK\`) to its replicas and appends one to
the AOF. Replicas don't delete expired keys on their own: they wait for that \`DEL\`, so every copy
loses the key at the same point in the stream of changes. In the meantime a replica answers as
if the key were gone, so a reader never sees a value past its deadline.
`;

const eviction = `
TTLs clean up keys that have done their job. Memory can still run out: too much data, a
missing TTL, a traffic spike. \`maxmemory\` sets the limit (the playground models
${PLAYGROUND_MAXMEMORY / 1024 / 1024} MB; a real server's default of 0 means no limit), and
\`maxmemory-policy\` decides what happens when a write would go past it.

Before running each command, Redis compares its memory use with the limit. Under the
default policy, \`noeviction\`, it simply refuses commands that may add data:

{{example:f5-oom}}

Reads and deletes still worked. Under any other policy Redis makes room instead, **evicting**
keys until it is back under the limit, and counts each one in \`INFO stats\` under
\`evicted_keys\`. The eight policies combine a pool of candidates with a rule:

| policy | may evict | picks |
|---|---|---|
| \`noeviction\` | nothing | refuses writes instead |
| \`allkeys-lru\` | any key | the least recently used |
| \`allkeys-lfu\` | any key | the least frequently used |
| \`allkeys-random\` | any key | at random |
| \`volatile-lru\` | keys with a TTL | the least recently used |
| \`volatile-lfu\` | keys with a TTL | the least frequently used |
| \`volatile-random\` | keys with a TTL | at random |
| \`volatile-ttl\` | keys with a TTL | the one closest to expiring |

Two details matter in practice. First, Redis does not keep keys in a perfect LRU order; that
would cost memory on every key. It samples \`maxmemory-samples\` keys (default
${MAXMEMORY_SAMPLES}), keeps the best ${EVICTION_POOL} candidates it has seen in a pool, and
evicts the best of those: a close approximation that gets closer with more samples. LFU works
the same way with a small, slowly decaying access counter per key. Second, a \`volatile-*\`
policy only ever touches keys with a TTL. If none are left, it behaves like \`noeviction\` and
writes fail with the same OOM error.

So the policy is a statement about your data. If everything in the instance is a cache entry
that can be rebuilt, \`allkeys-lru\` or \`allkeys-lfu\` is the usual choice. If the instance also
holds data that must not vanish, give the disposable keys a TTL and choose a \`volatile-*\`
policy. If nothing may ever be dropped, keep \`noeviction\` and let the application handle the
OOM errors. Eviction only deletes keys: the data is gone, not moved to disk.

{{exercise:f5-signature-evict}}

{{exercise:f5-quiz-policy}}
`;

export const sections: Section[] = [
  { id: "f5-ttl", title: "Keys with a time to live", body: ttl },
  { id: "f5-setting", title: "Deadlines and conditional TTLs", body: setting },
  { id: "f5-wipes", title: "What keeps a TTL, and what wipes it", body: wipes },
  { id: "f5-expiry", title: "Lazy and active expiry", body: expiry },
  { id: "f5-eviction", title: "When memory runs out: eviction", body: eviction },
];
