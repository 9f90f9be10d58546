/**
 * F-12's graded exercises: predict how many database queries a cache-aside TTL lets through,
 * serve one miss by hand, repair a stale entry the way invalidation does, stop a stampede with
 * a lock while two other app servers (scripted tabs) race for it (the signature), head off a
 * stampede of three scripted requesters with an early refresh, graded on the runtime's own
 * count of database queries (early-refresh.ts), and warm a cache with jittered TTLs.
 *
 * The simulation's database is the db:* keys and its query counter is dbhits (see the first
 * section). Checks read keys, TTLs and the tabs' transcripts; none reads the commands typed, so
 * a learner may reach each state any way they like. Exercises with TTLs run on a paused clock,
 * so a TTL read by a check is exactly what the learner set.
 */
import { splitArgs } from "@/engine/resp/split-args";
import { utf8ToBytes } from "@/engine/util/bytes";
import { custom, ttlBetween } from "../checks";
import { earlyRefresh } from "./early-refresh";
import type { Check, Exercise, StateReader, Step, TranscriptEntry } from "../types";

/** A hash's fields as a Map, or a message when the key is missing or not a hash. */
async function hashOf(s: StateReader, key: string): Promise<{ fields: Map<string, string> | null; msg: string | null }> {
  const k = await s.key(key);
  if (!k) return { fields: null, msg: `There is no key ${key}.` };
  if (k.value.type !== "hash") return { fields: null, msg: `${key} is a ${k.type}; copy the row's fields into a hash, so the app can read or update one field at a time.` };
  return { fields: new Map(k.value.fields), msg: null };
}

/** The cache entry holds the same fields and values as the database row. */
function copiesRow(cacheKey: string, dbKey: string): Check {
  return custom(`${cacheKey} holds the same fields as ${dbKey}`, async (s) => {
    const row = await hashOf(s, dbKey);
    if (row.msg) return `${dbKey} (the database row) is missing or damaged: reset the exercise.`;
    const c = await hashOf(s, cacheKey);
    if (c.msg) return c.msg;
    for (const [f, v] of row.fields!) {
      if (!c.fields!.has(f)) return `${cacheKey} has no field ${f}; the row has it.`;
      if (c.fields!.get(f) !== v) return `Field ${f} of ${cacheKey} is "${c.fields!.get(f)}", but the database says "${v}".`;
    }
    if (c.fields!.size !== row.fields!.size) return `${cacheKey} has fields the database row doesn't.`;
    return null;
  });
}

/** dbhits, the simulated database's query counter (0 when missing). */
async function dbhits(s: StateReader): Promise<number | string> {
  const k = await s.key("dbhits");
  if (!k) return 0;
  return k.value.type === "string" ? Number(k.value.value) : `dbhits is a ${k.type}`;
}

// ---------------------------------------------------------------------------------------------
// Predict: requests at 0, 20, 50, 70, 100 and 140 s against a 60 s TTL.

const TIMES = [0, 20, 50, 70, 100, 140];
const TTL = 60;
/** Misses under cache-aside: a request misses when no entry is alive, and a miss writes one for TTL seconds. */
export function missesFor(times: number[], ttl: number): number {
  let until = -Infinity;
  let misses = 0;
  for (const t of times)
    if (t >= until) {
      misses++;
      until = t + ttl;
    }
  return misses;
}

const predictHits: Exercise = {
  kind: "predict",
  id: "f12-predict-hits",
  title: "Predict: how many queries get through?",
  prompt: `An app uses cache-aside for \`product:1\` with a TTL of ${TTL} s, and the cache starts empty. Requests for the product arrive at ${TIMES.map((t) => `${t}`).join(", ")} seconds. How many of them query the database? Store the number in the key \`answer\`. You can act it out with the clock controls (the clock is paused): each request is \`GET cache:product:1\`, and on a miss \`SET cache:product:1 row EX ${TTL}\`.`,
  pausedClock: true,
  solution: [{ run: `SET answer ${missesFor(TIMES, TTL)}` }],
  wrong: [
    {
      why: "thinks reads extend the TTL",
      steps: [{ run: "SET answer 1" }],
      expectMessage: "does not extend",
    },
    {
      why: "thinks every request queries the database",
      steps: [{ run: `SET answer ${TIMES.length}` }],
      expectMessage: "Only misses",
    },
  ],
  hints: ["Write down when the entry is created and when it expires.", "A GET reads the entry; does it change when the entry expires?"],
  checks: [
    custom("answer holds the number of database queries", async (s) => {
      const k = await s.key("answer");
      if (!k) return "Store your prediction in the key answer (for example SET answer 4).";
      if (k.value.type !== "string") return "answer should be a plain string holding a number.";
      const v = k.value.value.trim();
      const want = missesFor(TIMES, TTL);
      if (v === String(want)) return null;
      if (v === "1") return `Reading a key does not extend its TTL: the entry written at 0 s expires at ${TTL} s however often it is read.`;
      if (v === String(TIMES.length)) return "Only misses query the database; a hit is served from Redis.";
      if (v === String(want - 1)) return "Close: count the very first request too, since the cache starts empty.";
      return `answer holds "${v}". Mark each request as a hit or a miss and count the misses.`;
    }),
  ],
};

// ---------------------------------------------------------------------------------------------
// Build: one cache-aside miss, by hand.

const buildAside: Exercise = {
  kind: "build",
  id: "f12-build-aside",
  title: "Serve a miss, cache-aside",
  prompt:
    "A request for product 42 arrives, and the cache is empty. Do what a cache-aside app does: check `cache:product:42`, query the database (read `db:product:42` and count the query with `INCR dbhits`), then store the row in `cache:product:42` as a hash with the same fields, with a TTL of 300 seconds.",
  setup: [{ run: 'HSET db:product:42 name "Blue mug" price 12 stock 30' }, { run: "SET dbhits 0" }],
  pausedClock: true,
  solution: [
    { run: "HGETALL cache:product:42" },
    { run: "HGETALL db:product:42" },
    { run: "INCR dbhits" },
    { run: 'HSET cache:product:42 name "Blue mug" price 12 stock 30' },
    { run: "EXPIRE cache:product:42 300" },
  ],
  wrong: [
    {
      why: "caches without a TTL",
      steps: [{ run: "HGETALL db:product:42" }, { run: "INCR dbhits" }, { run: 'HSET cache:product:42 name "Blue mug" price 12 stock 30' }],
      expectMessage: "no TTL",
    },
    {
      why: "caches the row as one JSON string",
      steps: [
        { run: "HGETALL db:product:42" },
        { run: "INCR dbhits" },
        { run: `SET cache:product:42 "{\\"name\\":\\"Blue mug\\",\\"price\\":12,\\"stock\\":30}" EX 300` },
      ],
      expectMessage: "is a string",
    },
  ],
  hints: ["HGETALL gives you the row; HSET takes several field-value pairs at once.", "Which command gives an existing key a time to live?"],
  checks: [
    copiesRow("cache:product:42", "db:product:42"),
    ttlBetween("cache:product:42", 250, 300),
    custom("the database was queried once", async (s) => {
      const n = await dbhits(s);
      if (typeof n === "string") return `${n}; it should count queries. Reset the exercise.`;
      if (n === 1) return null;
      if (n === 0) return "dbhits is 0: the cache was empty, so this request had to query the database, and every query counts itself with INCR dbhits.";
      return `dbhits is ${n}: one request needs one query.`;
    }),
  ],
};

// ---------------------------------------------------------------------------------------------
// Fix: the price changed in the database, the cache still has the old one.

const fixStale: Exercise = {
  kind: "fix",
  id: "f12-fix-stale",
  title: "A stale price",
  prompt:
    "An admin changed lamp's price from 10 to 12. The update reached the database (`db:product:7`), but the app forgot the cache, and `cache:product:7` still says 10, for almost an hour more. Fix it the way invalidation on write would, so that the next read shows 12.",
  setup: [
    { run: "HSET db:product:7 name Lamp price 10" },
    { run: "HSET cache:product:7 name Lamp price 10" },
    { run: "EXPIRE cache:product:7 3600" },
    { run: "HSET db:product:7 price 12" },
  ],
  pausedClock: true,
  solution: [{ run: "DEL cache:product:7" }],
  wrong: [
    {
      why: "shortens the TTL instead of invalidating",
      steps: [{ run: "EXPIRE cache:product:7 60" }],
      expectMessage: "still says",
    },
    {
      why: "changes the database back to match the cache",
      steps: [{ run: "HSET db:product:7 price 10" }],
      expectMessage: "source of truth",
    },
  ],
  hints: ["Which copy is right: the database's or the cache's?", "Cache-aside refills a missing entry on the next read."],
  checks: [
    custom("the database keeps the new price", async (s) => {
      const row = await hashOf(s, "db:product:7");
      if (row.msg) return "db:product:7 is missing or damaged: reset the exercise.";
      return row.fields!.get("price") === "12" ? null : "The database is the source of truth: db:product:7 must keep the new price, 12.";
    }),
    custom("no reader can get the old price from the cache", async (s) => {
      const k = await s.key("cache:product:7");
      if (!k) return null;
      if (k.value.type !== "hash") return `cache:product:7 is a ${k.type}; the app reads it as a hash.`;
      const price = new Map(k.value.fields).get("price");
      if (price === "12") return null;
      const ttl = k.ttlMs === null ? "" : ` for ${Math.ceil(k.ttlMs / 1000)} s more`;
      return `cache:product:7 still says price ${price ?? "(none)"}${ttl}, while the database says 12: every read until then gets the old price.`;
    }),
  ],
};

// ---------------------------------------------------------------------------------------------
// Signature: a stampede on an expired hot key; two scripted servers race for the lock.

const PAGE = "Welcome back!";
/** B and C run the same lock-protected code a moment behind main: they try the lock right after main's next command. */
const racers: Step[] = ["B", "C"].map((c) => ({ actor: { client: c, when: "afterNextCommand" as const, run: `SET lock:home ${c} NX PX 5000` } }));

/** What a tab did with the lock and the database, in its own order. */
type LockEvent = { kind: "lock"; got: boolean } | { kind: "query" };

/**
 * A tab's lock attempts (SET lock:home ..., and whether they got OK) and database queries (a
 * read of db:home or the INCR of dbhits), read from its transcript. Tabs run interleaved, but
 * each tab's own order is enough to say whether it held the lock when it queried.
 */
function lockEvents(entries: TranscriptEntry[]): LockEvent[] {
  const out: LockEvent[] = [];
  let argv: string[] | null = null;
  for (const e of entries) {
    if (e.kind === "command") argv = splitArgs(utf8ToBytes(e.line));
    else if (e.kind === "reply" && argv && argv.length >= 2) {
      const [cmd, key] = [argv[0].toUpperCase(), argv[1]];
      if (cmd === "SET" && key === "lock:home") out.push({ kind: "lock", got: e.text === "OK" });
      else if (["INCR", "INCRBY", "INCRBYFLOAT"].includes(cmd) && key === "dbhits") out.push({ kind: "query" });
      // Reading the row is the slow part of a query, counted or not (the setup's SET is a write).
      else if (["GET", "MGET"].includes(cmd) && argv.slice(1).includes("db:home")) out.push({ kind: "query" });
      argv = null;
    }
  }
  return out;
}

/**
 * Closes the gap "right count, no lock": the count of queries alone passes a learner who
 * queried from main without the lock while B's scripted SET NX won it. Graded on what each tab
 * received, not on what was typed: every tab that queried must have got OK for lock:home first.
 */
const onlyHolderQueries = custom("only a server holding the lock queried the database", async (s) => {
  const tabs = ["main", "B", "C"].map((tab) => ({ tab, events: lockEvents(s.transcript(tab)) }));
  const winner = tabs.find((t) => t.events.some((e) => e.kind === "lock" && e.got))?.tab;
  for (const { tab, events } of tabs) {
    let held = false;
    let refused = false;
    for (const e of events) {
      if (e.kind === "lock") {
        held ||= e.got;
        refused ||= !e.got;
      } else if (!held) {
        if (refused)
          return `${tab} queried the database after its SET lock:home ... NX got nil: another server held the lock. A server that loses the lock doesn't query; it waits, then reads the cache again.`;
        const won = winner && winner !== tab ? ` (${winner} won it: its SET ... NX got OK)` : "";
        return `${tab} queried the database without holding lock:home${won}. In a stampede every server that missed would do the same; only the server that wins the lock may query.`;
      }
    }
  }
  return null;
});

const stampedeLock: Exercise = {
  kind: "signature",
  id: "f12-stampede-lock",
  title: "Stop the stampede",
  prompt: `\`cache:home\` (the home page, read by every visitor) just expired, and three app servers missed it at the same moment: tabs **main**, **B** and **C** (each has already run \`GET cache:home\` and got nil). B and C run lock-protected code a moment behind you: right after your next command in main, each of them tries \`SET lock:home <its name> NX PX 5000\`.\n\nFinish all three requests so that the database is queried **once** (read \`db:home\`, \`INCR dbhits\`), \`cache:home\` is back with the page and a TTL of 60 s, and B and C both end up with the page. The lock makes it safe; leave nothing behind that could block the next recompute.`,
  pausedClock: true,
  setup: [
    { run: `SET db:home "${PAGE}"` },
    { run: `SET cache:home "${PAGE}" EX 30` },
    { run: "SET dbhits 0" },
    { advanceMs: 31_000 },
    { run: "GET cache:home" },
    { client: "B", run: "GET cache:home" },
    { client: "C", run: "GET cache:home" },
    ...racers,
  ],
  solution: [
    { run: "SET lock:home main NX PX 5000" },
    { run: "GET db:home" },
    { run: "INCR dbhits" },
    { run: `SET cache:home "${PAGE}" EX 60` },
    { run: "DEL lock:home" },
    { client: "B", run: "GET cache:home" },
    { client: "C", run: "GET cache:home" },
  ],
  wrong: [
    {
      why: "every server that missed queries the database (the stampede)",
      steps: [
        ...["main", "B", "C"].flatMap((c) => [
          { client: c, run: "GET db:home" },
          { client: c, run: "INCR dbhits" },
        ]),
        { run: `SET cache:home "${PAGE}" EX 60` },
      ],
      expectMessage: "a stampede",
    },
    {
      why: "queries once without taking the lock (B's scripted SET NX wins it unused)",
      steps: [
        { run: "GET db:home" },
        { run: "INCR dbhits" },
        { run: `SET cache:home "${PAGE}" EX 60` },
        { client: "B", run: "GET cache:home" },
        { client: "C", run: "GET cache:home" },
      ],
      expectMessage: "main queried the database without holding lock:home (B won it",
    },
    {
      why: "a server that lost the lock queries anyway",
      steps: [
        { run: "SET lock:home main NX PX 5000" },
        { client: "B", run: "GET db:home" },
        { client: "B", run: "INCR dbhits" },
        { client: "B", run: `SET cache:home "${PAGE}" EX 60` },
        { run: "DEL lock:home" },
        { client: "C", run: "GET cache:home" },
      ],
      expectMessage: "B queried the database after its SET lock:home ... NX got nil",
    },
    {
      why: "takes the lock without an expiry and never releases it",
      steps: [
        { run: "SET lock:home main NX" },
        { run: "GET db:home" },
        { run: "INCR dbhits" },
        { run: `SET cache:home "${PAGE}" EX 60` },
        { client: "B", run: "GET cache:home" },
        { client: "C", run: "GET cache:home" },
      ],
      expectMessage: "no expiry",
    },
    {
      why: "refills the cache without a TTL",
      steps: [
        { run: "SET lock:home main NX PX 5000" },
        { run: "GET db:home" },
        { run: "INCR dbhits" },
        { run: `SET cache:home "${PAGE}"` },
        { run: "DEL lock:home" },
        { client: "B", run: "GET cache:home" },
        { client: "C", run: "GET cache:home" },
      ],
      expectMessage: "no TTL",
    },
  ],
  hints: [
    "B and C will try the lock right after your next command in main. What should that command be?",
    "A server that loses the lock doesn't query: it waits, then reads the cache again.",
  ],
  checks: [
    custom("the database was queried exactly once", async (s) => {
      const n = await dbhits(s);
      if (typeof n === "string") return `${n}; it should count queries. Reset the exercise.`;
      if (n === 1) return null;
      if (n === 0) return "dbhits is 0: somebody has to query the database (read db:home and INCR dbhits) to rebuild the page.";
      return `dbhits is ${n}: ${n} servers queried the database for the same page, a stampede. Only the server holding the lock should query.`;
    }),
    onlyHolderQueries,
    custom("cache:home holds the page again, with a TTL of 60 s", async (s) => {
      const k = await s.key("cache:home");
      if (!k) return "cache:home is still missing: the next visitors would miss too.";
      if (k.value.type !== "string" || k.value.value !== PAGE) return "cache:home doesn't hold the page from db:home.";
      if (k.ttlMs === null) return "cache:home has no TTL: if the page changes, the cache would never notice.";
      const sec = k.ttlMs / 1000;
      return sec > 60 ? `cache:home expires in ${Math.floor(sec)} s; the exercise wants 60 s.` : sec < 50 ? `cache:home expires in ${Math.ceil(sec)} s; the exercise wants 60 s.` : null;
    }),
    custom("the lock cannot block the next recompute", async (s) => {
      const k = await s.key("lock:home");
      if (k && k.ttlMs === null)
        return "lock:home has no expiry: if the server holding it crashed, no server could ever take it again, and every miss would wait forever. Give the lock a PX and delete it when done.";
      return null;
    }),
    ...["B", "C"].map((c) =>
      custom(`tab ${c} got the page`, async (s) =>
        s.transcript(c).some((e) => e.kind === "reply" && e.text === `"${PAGE}"`)
          ? null
          : `Tab ${c} never received the page. A server that lost the lock reads cache:home again once the winner has filled it.`,
      ),
    ),
  ],
};

// ---------------------------------------------------------------------------------------------
// Build: warm four entries with jittered TTLs.

const PRODUCTS: [number, string, string][] = [
  [1, "Mug", "8"],
  [2, "Pen", "3"],
  [3, "Pad", "5"],
  [4, "Ink", "12"],
];
const TTL_MIN = 300;
const TTL_MAX = 360;

const warmJitter: Exercise = {
  kind: "build",
  id: "f12-warm-jitter",
  title: "Warm up, with jitter",
  prompt: `Before launch, warm the cache for the four products \`db:product:1\` to \`db:product:4\`: copy each into \`cache:product:N\` (a hash like the row), each with a TTL between ${TTL_MIN} and ${TTL_MAX} seconds, and no two with the same TTL, so they don't all expire together.`,
  setup: PRODUCTS.map(([n, name, price]) => ({ run: `HSET db:product:${n} name ${name} price ${price}` })),
  pausedClock: true,
  solution: PRODUCTS.flatMap(([n, name, price], i) => [
    { run: `HSET cache:product:${n} name ${name} price ${price}` },
    { run: `EXPIRE cache:product:${n} ${[317, 342, 305, 356][i]}` },
  ]),
  wrong: [
    {
      why: "gives every entry the same TTL",
      steps: PRODUCTS.map(([n, name, price]) => ({ run: `HSET cache:product:${n} name ${name} price ${price}` })).concat(
        PRODUCTS.map(([n]) => ({ run: `EXPIRE cache:product:${n} ${TTL_MIN}` })),
      ),
      expectMessage: "at the same moment",
    },
  ],
  hints: ["HSET and EXPIRE for each product; pasting all the lines at once sends them as one pipeline.", `Pick a different number between ${TTL_MIN} and ${TTL_MAX} for each EXPIRE.`],
  checks: [
    ...PRODUCTS.flatMap(([n]) => [copiesRow(`cache:product:${n}`, `db:product:${n}`), ttlBetween(`cache:product:${n}`, TTL_MIN, TTL_MAX)]),
    custom("no two entries expire together", async (s) => {
      const ttls: number[] = [];
      for (const [n] of PRODUCTS) {
        const k = await s.key(`cache:product:${n}`);
        if (k?.ttlMs != null) ttls.push(Math.round(k.ttlMs / 1000));
      }
      const distinct = new Set(ttls).size;
      if (ttls.length < 2 || distinct === ttls.length) return null;
      if (distinct === 1) return `All ${ttls.length} entries expire at the same moment: their misses would all reach the database together. Spread the TTLs.`;
      return `${ttls.length - distinct + 1} entries share a TTL and would expire together: give each its own.`;
    }),
  ],
};

// ---------------------------------------------------------------------------------------------
// Quiz: choosing a pattern.

const quiz: Exercise = {
  kind: "quiz",
  id: "f12-quiz",
  title: "Choose a pattern",
  prompt:
    "A page-view counter is incremented thousands of times a second. The SQL database needs the totals for monthly reports, and losing a few seconds of counts in a crash is acceptable. Which pattern fits?",
  options: [
    {
      text: "Write-behind: INCR in Redis, and a worker writes the totals to the database every few seconds.",
      correct: true,
      explain: "Yes. Redis absorbs the write rate, the database sees a few batched writes, and the risk (counts not yet copied when Redis fails) is one the requirements accept.",
    },
    {
      text: "Write-through: every increment updates the database and the cache.",
      correct: false,
      explain: "Every increment would still hit the database, thousands of times a second: the cache would not reduce the load at all.",
    },
    {
      text: "Cache-aside with invalidation: increment in the database, delete the cache entry.",
      correct: false,
      explain: "The database takes every write, and the entry is deleted thousands of times a second, so reads almost always miss.",
    },
    {
      text: "Read-through: let a cache layer load the counter from the database on a miss.",
      correct: false,
      explain: "Read-through is about filling the cache on reads; the problem here is the write rate.",
    },
  ],
};

export const exercises: Exercise[] = [predictHits, buildAside, fixStale, stampedeLock, earlyRefresh, warmJitter, quiz];
