/**
 * F-5's graded exercises: set TTLs in the right unit, predict what a plain SET does to a TTL,
 * repair cache keys whose TTLs a refresh job wiped (without stretching one that expires
 * sooner), get expired keys deleted while the background sweep is off, and choose an eviction
 * policy that sheds only the keys with a TTL when the instance is squeezed (the signature).
 *
 * The clock is paused in every state exercise, so TTLs stand still while the learner reads.
 * Checks read the side-effect-free inspection path (keys, TTLs, counters); the eviction check
 * also reads CONFIG GET maxmemory and INFO memory through the checker connection, because the
 * limit and the modelled used_memory are only there.
 */
import type { Reply } from "@/engine/reply";
import { custom, keyExists, stringIs } from "../checks";
import type { Exercise, StateReader, Step } from "../types";

/** The learner's stored answer, trimmed; a message when there is none. */
async function stored(s: StateReader, key: string): Promise<{ value: string | null; msg: string | null }> {
  const k = await s.key(key);
  if (!k) return { value: null, msg: `Store your prediction in the key ${key} first (for example SET ${key} 42).` };
  if (k.value.type !== "string") return { value: null, msg: `${key} should be a plain string holding a number.` };
  return { value: k.value.value.trim(), msg: null };
}

/** One key's TTL in ms (null: no TTL), or a message when the key is missing. */
async function ttlOf(s: StateReader, key: string): Promise<{ ms: number | null; msg: string | null }> {
  const k = await s.key(key);
  if (!k) return { ms: null, msg: `There is no key named "${key}" (it may have expired or been deleted).` };
  return { ms: k.ttlMs, msg: null };
}

const secs = (ms: number) => (ms / 1000).toLocaleString("en-US", { maximumFractionDigits: 3 });

// ---------------------------------------------------------------------------------------------
// Build: TTLs in the right unit.

const buildUnits: Exercise = {
  kind: "build",
  id: "f5-build-units",
  title: "Build: a login code and a short lock",
  prompt:
    "The clock is paused, so a TTL stands still until you set it. Create:\n\n" +
    "- `otp:42` holding `493817`, expiring in exactly **90 seconds**;\n" +
    "- `lock:report` holding `worker-1`, expiring in exactly **1.5 seconds** (1,500 ms).",
  pausedClock: true,
  solution: [{ run: "SET otp:42 493817 EX 90" }, { run: "SET lock:report worker-1 PX 1500" }],
  wrong: [
    {
      why: "rounds 1.5 s to a whole second",
      steps: [{ run: "SET otp:42 493817 EX 90" }, { run: "SET lock:report worker-1 EX 1" }],
      expectMessage: "count whole seconds",
    },
    {
      why: "gives milliseconds to a seconds option",
      steps: [{ run: "SET otp:42 493817 EX 90" }, { run: "SET lock:report worker-1 EX 1500" }],
      expectMessage: "1,500 seconds",
    },
    {
      why: "forgets the TTL on the code",
      steps: [{ run: "SET otp:42 493817" }, { run: "SET lock:report worker-1 PX 1500" }],
      expectMessage: "otp:42 has no TTL",
    },
  ],
  hints: [
    "SET can attach a TTL as it writes; so can a second command afterwards.",
    "Seconds are too coarse for 1.5 s. Which options and commands count in milliseconds?",
  ],
  checks: [
    stringIs("otp:42", "493817"),
    custom("otp:42 expires in 90 s", async (s) => {
      const { ms, msg } = await ttlOf(s, "otp:42");
      if (msg) return msg;
      if (ms === null) return "otp:42 has no TTL: a login code that never expires is a security hole.";
      return ms === 90_000 ? null : `otp:42 expires in ${secs(ms)} s, not 90 s.`;
    }),
    stringIs("lock:report", "worker-1"),
    custom("lock:report expires in 1,500 ms", async (s) => {
      const { ms, msg } = await ttlOf(s, "lock:report");
      if (msg) return msg;
      if (ms === null) return "lock:report has no TTL: if its worker crashed, the lock would be held forever.";
      if (ms === 1500) return null;
      if (ms === 1_500_000) return "lock:report expires in 1,500 seconds: the number went to an option that counts seconds.";
      if (ms % 1000 === 0) return `lock:report expires in ${secs(ms)} s. EX and EXPIRE count whole seconds, so they cannot say 1.5 s.`;
      return `lock:report expires in ${ms.toLocaleString("en-US")} ms, not 1,500 ms.`;
    }),
  ],
};

// ---------------------------------------------------------------------------------------------
// Predict: what does a plain SET do to a TTL?

const predictOverwrite: Exercise = {
  kind: "predict",
  id: "f5-predict-overwrite",
  title: "Predict: a refresh without KEEPTTL",
  prompt:
    "`cache:home` holds a rendered page and expires in 600 seconds (the clock is paused). A deploy script now runs\n\n" +
    '```\nSET cache:home "home page v2"\n```\n\n' +
    "Before you run it, predict what `TTL cache:home` will reply afterwards, and store the number in the key `answer` " +
    "(for example `SET answer 42`). Then run both commands and see.",
  pausedClock: true,
  setup: [{ run: 'SET cache:home "home page v1" EX 600' }],
  solution: [{ run: "SET answer -1" }, { run: 'SET cache:home "home page v2"' }, { run: "TTL cache:home" }],
  wrong: [
    {
      why: "thinks a new value keeps the old TTL",
      steps: [{ run: "SET answer 600" }],
      expectMessage: "replaces the whole key",
    },
    {
      why: "thinks the overwrite deletes the key",
      steps: [{ run: "SET answer -2" }],
      expectMessage: "still exists",
    },
  ],
  hints: [
    "Does SET modify the value in place, or write a brand-new key over the old one?",
    "TTL has two special replies. Which one means the key exists?",
  ],
  checks: [
    custom("answer holds what TTL cache:home replies after the plain SET", async (s) => {
      const { value, msg } = await stored(s, "answer");
      if (msg) return msg;
      if (value === "-1") return null;
      if (value === "600" || value === "599")
        return "Not quite: without EX, PX or KEEPTTL, SET replaces the whole key, and the TTL goes with the old value.";
      if (value === "-2") return "Not quite: SET wrote the key, so it still exists. -2 is the reply for a missing key.";
      return `answer holds "${value}". TTL replies seconds left, or one of two special values.`;
    }),
  ],
};

// ---------------------------------------------------------------------------------------------
// Fix: TTLs lost to a refresh job, without stretching the one that survived.

const CACHE = ["cache:user:1", "cache:user:2", "cache:user:3"] as const;
const NAMES = { "cache:user:1": "Ada L.", "cache:user:2": "Grace H.", "cache:user:3": "Linus" } as const;

const fixLostTtls: Exercise = {
  kind: "fix",
  id: "f5-fix-lost-ttls",
  title: "Fix: cache entries that forgot to expire",
  prompt:
    "Cache entries should live at most 300 seconds. A refresh job rewrote `cache:user:1` and `cache:user:2` with a plain " +
    "`SET`, and they lost their TTLs; `cache:user:3` was not refreshed and has 40 seconds left.\n\n" +
    "Make every `cache:user:*` key expire within 300 seconds again, keep their values, and don't let any key live " +
    "longer than it was already going to: `cache:user:3` must still go within 40 seconds.",
  pausedClock: true,
  setup: [
    { run: "SET cache:user:1 Ada EX 300" },
    { run: "SET cache:user:2 Grace EX 300" },
    { run: "SET cache:user:3 Linus EX 40" },
    { run: 'SET cache:user:1 "Ada L."' },
    { run: 'SET cache:user:2 "Grace H."' },
  ],
  solution: CACHE.map((k) => ({ run: `EXPIRE ${k} 300 LT` })),
  wrong: [
    {
      why: "refreshes every TTL to 300 s",
      steps: CACHE.map((k) => ({ run: `EXPIRE ${k} 300` })),
      expectMessage: "lives longer than it was going to",
    },
    {
      why: "rewrites with KEEPTTL after the TTL is already gone",
      steps: [{ run: 'SET cache:user:1 "Ada L." KEEPTTL' }, { run: 'SET cache:user:2 "Grace H." KEEPTTL' }],
      expectMessage: "has no TTL",
    },
    {
      why: "uses GT, which never adds a TTL to a key without one",
      steps: CACHE.map((k) => ({ run: `EXPIRE ${k} 300 GT` })),
      expectMessage: "has no TTL",
    },
  ],
  hints: [
    "Only two keys lost their TTL, but a rule that works for all three at once is handy when you can't see every key.",
    "One of the 7.0 EXPIRE options only ever makes a TTL shorter. How does it treat a key with no TTL at all?",
  ],
  checks: [
    ...CACHE.map((k) => stringIs(k, NAMES[k])),
    ...CACHE.map((k) =>
      custom(`${k} expires within ${k === "cache:user:3" ? 40 : 300} s`, async (s) => {
        const { ms, msg } = await ttlOf(s, k);
        if (msg) return msg;
        if (ms === null)
          return `${k} has no TTL, so it will never expire. (KEEPTTL keeps only a TTL the key still has; GT treats "no TTL" as forever, so it never adds one.)`;
        const limit = k === "cache:user:3" ? 40_000 : 300_000;
        if (ms > limit)
          return k === "cache:user:3"
            ? `${k} was due to expire in 40 s; now it lives longer than it was going to (${secs(ms)} s), serving stale data for longer.`
            : `${k} expires in ${secs(ms)} s, more than the 300 s a cache entry may live.`;
        return null;
      }),
    ),
  ],
};

// ---------------------------------------------------------------------------------------------
// Build (the clock): expired keys that nobody deletes.

const TEMP = [1, 2, 3, 4, 5].map((i) => `temp:${i}`);
const KEEP = ["keep:1", "keep:2", "keep:3"];

const buildLazy: Exercise = {
  kind: "build",
  id: "f5-build-lazy",
  title: "Make Redis delete expired keys",
  prompt:
    "On this instance the background sweep is off (`DEBUG SET-ACTIVE-EXPIRE 0`) and the clock is paused. The five keys " +
    "`temp:1` to `temp:5` expired 10 seconds ago, yet `DBSIZE` still counts 8 keys, and `INFO stats` shows " +
    "`expired_keys:0`.\n\n" +
    "Get Redis to actually delete the five expired keys, so that `DBSIZE` counts only the live `keep:*` keys and " +
    "`expired_keys` reaches 5. Leave the `keep:*` keys alone.",
  pausedClock: true,
  setup: [
    { run: "DEBUG SET-ACTIVE-EXPIRE 0" },
    { run: "MSET keep:1 a keep:2 b keep:3 c" },
    ...TEMP.map((k): Step => ({ run: `SET ${k} x PX 5000` })),
    { advanceMs: 15_000 },
  ],
  solution: [{ run: `EXISTS ${TEMP.join(" ")}` }, { run: "DBSIZE" }, { run: "INFO stats" }],
  wrong: [
    {
      why: "waits for time to clean up",
      steps: [{ advanceMs: 60_000 }],
      expectMessage: "Time alone",
    },
    {
      why: "flushes the database",
      steps: [{ run: "FLUSHDB" }],
      expectMessage: "keep:1",
    },
  ],
  hints: [
    "Which of the two expiry mechanisms is still working on this instance?",
    "Lazy expiry happens when a command looks a key up. Any command that reads a key by name will do, and some take many keys at once.",
  ],
  checks: [
    ...KEEP.map((k) => keyExists(k, "string")),
    custom("DBSIZE counts only the 3 live keys", async (s) => {
      const inMemory = (await s.stats()).keys[0];
      const stale = inMemory - (await s.keys()).length;
      if (stale <= 0) return null;
      return `DBSIZE still counts ${inMemory} keys: ${stale} expired key(s) are still in memory. Time alone doesn't remove them while the sweep is off; something must look each one up.`;
    }),
    custom("expired_keys counts the 5 expired keys", async (s) => {
      const n = (await s.stats()).expiredKeys;
      return n >= TEMP.length ? null : `INFO stats shows expired_keys:${n}; Redis has deleted ${n} of the ${TEMP.length} expired keys so far.`;
    }),
  ],
};

// ---------------------------------------------------------------------------------------------
// Signature: an eviction run. Which policy sheds the reports and keeps every session?

export const SESSIONS = 100;
export const REPORTS = 10;
/** The cap the learner applies: 1200kb = 1,228,800 bytes. */
export const CAP = "1200kb";
export const CAP_BYTES = 1200 * 1024;

/** A field of an INFO reply (bulk text), as a number; null when absent. */
export function infoField(reply: Reply, field: string): number | null {
  if (reply.t !== "bulk" && reply.t !== "verbatim") return null;
  const m = new RegExp(`^${field}:(\\d+)`, "m").exec(reply.v);
  return m ? Number(m[1]) : null;
}

async function configNumber(s: StateReader, name: string): Promise<number | null> {
  const r = await s.command(["CONFIG", "GET", name]);
  if ((r.t !== "array" && r.t !== "map") || r.v.length < 2) return null;
  const v = r.v[1];
  return v.t === "bulk" ? Number(v.v) : null;
}

const signatureEvict: Exercise = {
  kind: "signature",
  id: "f5-signature-evict",
  title: "An eviction run: keep every session",
  prompt:
    `This instance holds ${SESSIONS} user sessions (\`session:0\` to \`session:${SESSIONS - 1}\`, no TTL, created a minute ago ` +
    `and idle since) and ${REPORTS} cached reports (\`report:1\` to \`report:${REPORTS}\`, about 32 KB each, with a one-hour TTL). ` +
    `The team has decided the instance must fit in **${CAP}**.\n\n` +
    `Choose a \`maxmemory-policy\`, then apply the cap with \`CONFIG SET maxmemory ${CAP}\`, then run \`INFO stats\` and read ` +
    `\`evicted_keys\`. The goal: memory under the cap, reports evicted as needed, and **every session still there**. ` +
    "Try two policies and compare (the reset button restores the instance).",
  pausedClock: true,
  setup: [
    { run: `DEBUG POPULATE ${SESSIONS} session 200` },
    { advanceMs: 60_000 },
    ...Array.from({ length: REPORTS }, (_, i): Step[] => [
      { run: `SETRANGE report:${i + 1} 32000 x` },
      { run: `EXPIRE report:${i + 1} 3600` },
    ]).flat(),
  ],
  solution: [
    { run: "CONFIG SET maxmemory-policy volatile-lru" },
    { run: `CONFIG SET maxmemory ${CAP}` },
    { run: "INFO stats" },
  ],
  wrong: [
    {
      why: "evicts by recency among all keys",
      steps: [{ run: "CONFIG SET maxmemory-policy allkeys-lru" }, { run: `CONFIG SET maxmemory ${CAP}` }, { run: "INFO stats" }],
      expectMessage: "sessions were evicted",
    },
    {
      why: "keeps noeviction and expects Redis to make room",
      steps: [{ run: `CONFIG SET maxmemory ${CAP}` }, { run: "INFO stats" }],
      expectMessage: "evicted_keys is 0",
    },
  ],
  hints: [
    "Only one kind of key here is disposable. What marks it as disposable, as far as Redis can tell?",
    "Half of the eight policies only ever look at keys that have a TTL.",
  ],
  checks: [
    custom(`maxmemory is at most ${CAP}`, async (s) => {
      const max = await configNumber(s, "maxmemory");
      if (max === null) return "CONFIG GET maxmemory gave no number.";
      if (max === 0 || max > CAP_BYTES) return `maxmemory is ${max}: apply the cap the team chose, ${CAP}.`;
      return null;
    }),
    custom(`all ${SESSIONS} sessions survive`, async (s) => {
      const left = (await s.keys()).filter((k) => k.key.startsWith("session:")).length;
      if (left === SESSIONS) return null;
      return `${SESSIONS - left} of the ${SESSIONS} sessions were evicted. A policy that may pick any key doesn't know which keys matter; these sessions had simply been idle longest.`;
    }),
    custom("Redis evicted keys to make room", async (s) => {
      const n = (await s.stats()).evictedKeys;
      if (n > 0) return null;
      return "evicted_keys is 0: nothing was evicted. Under noeviction Redis never deletes a key to make room; it refuses writes instead (and reports deleted by hand don't count).";
    }),
    custom(`used_memory is under the cap`, async (s) => {
      const max = await configNumber(s, "maxmemory");
      const used = infoField(await s.command(["INFO", "memory"]), "used_memory");
      if (!max || used === null) return "Apply the cap first.";
      return used <= max ? null : `used_memory is still above maxmemory (by ${(used - max).toLocaleString("en-US")} bytes): writes that add data are being refused.`;
    }),
  ],
};

// ---------------------------------------------------------------------------------------------
// Quiz: the policy for a pure cache.

const quizPolicy: Exercise = {
  kind: "quiz",
  id: "f5-quiz-policy",
  title: "Quiz: a policy for a pure cache",
  prompt:
    "An instance holds nothing but cached API responses. None has a TTL (entries are invalidated by the application), " +
    "all can be rebuilt from the database, and when memory is full you want the entries nobody has asked for lately to go. " +
    "Which `maxmemory-policy` fits?",
  options: [
    {
      text: "allkeys-lru",
      correct: true,
      explain: "Every key is a candidate, and the approximated LRU evicts those idle longest: exactly what the cache wants.",
    },
    {
      text: "volatile-lru",
      correct: false,
      explain: "volatile-* policies only evict keys with a TTL. With none, nothing can be evicted and writes fail with OOM, as under noeviction.",
    },
    {
      text: "noeviction",
      correct: false,
      explain: "The cache would stop accepting new entries when full, although every entry could safely be dropped.",
    },
    {
      text: "volatile-ttl",
      correct: false,
      explain: "It picks the key closest to expiring, among keys with a TTL only; here there are none.",
    },
  ],
};

export const exercises: Exercise[] = [buildUnits, predictOverwrite, fixLostTtls, buildLazy, signatureEvict, quizPolicy];
