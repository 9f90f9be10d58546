/**
 * F-10's graded exercises: predict a size-class effect, fold a user's string keys into one
 * small hash, bucket five users into one hash, shrink a hash that a long field turned into a
 * hash table (deleting the field is not enough), and cut the memory of 1,000 profiles by at
 * least 40% by getting a mis-set listpack limit out of the way of the nightly rebuild (the
 * signature: an encoding flip at scale).
 *
 * Checks read the side-effect-free inspection path: values, encodings, and each key's modelled
 * memory (KeyView.memory), compared as a relation with the setup's figure, never as exact bytes
 * the learner must hit.
 */
import { custom, encodingIs, hashHas, stringIs } from "../checks";
import type { Check, Exercise, StateReader, Step } from "../types";
import { HASH_LP_VALUE } from "./sections";

/** The learner's stored answer, trimmed; a message when there is none. */
async function stored(s: StateReader, key: string): Promise<{ value: string | null; msg: string | null }> {
  const k = await s.key(key);
  if (!k) return { value: null, msg: `Store your prediction in the key ${key} first (for example SET ${key} 42).` };
  if (k.value.type !== "string") return { value: null, msg: `${key} should be a plain string holding a number.` };
  return { value: k.value.value.trim(), msg: null };
}

/** None of these keys exists any more. */
function allAbsent(keys: string[], why: string): Check {
  return custom(`${keys[0]} … ${keys[keys.length - 1]} are gone`, async (s) => {
    for (const k of keys) if (await s.key(k)) return `"${k}" still exists: ${why}`;
    return null;
  });
}

// ---------------------------------------------------------------------------------------------
// Predict: ten more bytes, how many more bytes of memory?

const predictSizeClass: Exercise = {
  kind: "predict",
  id: "f10-predict-size-class",
  title: "Predict: ten more characters",
  prompt:
    "Two notes: `SET note:1 hi` stores 2 bytes, `SET note:2 \"hello world!\"` stores 12. Before you run them, predict how many " +
    "bytes more `MEMORY USAGE note:2` will report than `MEMORY USAGE note:1`, and store that number in the key `answer` " +
    "(for example `SET answer 7`). Then run all four commands and see.",
  solution: [
    { run: "SET answer 0" },
    { run: "SET note:1 hi" },
    { run: 'SET note:2 "hello world!"' },
    { run: "MEMORY USAGE note:1" },
    { run: "MEMORY USAGE note:2" },
  ],
  wrong: [
    { why: "counts the extra characters", steps: [{ run: "SET answer 10" }], expectMessage: "size class" },
    { why: "expects the next class up", steps: [{ run: "SET answer 16" }], expectMessage: "still fit" },
  ],
  hints: [
    "Both values are short enough to be embstr: one allocation holding the robj, a 3-byte header, the text and a zero byte.",
    "Add up that allocation for each value, then round each up to jemalloc's size classes: 16, 32, 48, 64…",
  ],
  checks: [
    custom("answer holds MEMORY USAGE note:2 minus MEMORY USAGE note:1", async (s) => {
      const { value, msg } = await stored(s, "answer");
      if (msg) return msg;
      if (value === "0") return null;
      if (value === "10")
        return "Not quite: the allocator doesn't hand out exact byte counts. Each allocation is rounded up to a size class; which class does each note land in?";
      if (value === "16") return "Close, but both allocations still fit the same size class: add them up (16 + 3 + length + 1).";
      return `answer holds "${value}". Work out each note's allocation and the size class it rounds up to.`;
    }),
  ],
};

// ---------------------------------------------------------------------------------------------
// Build: three string keys into one small hash.

const USER7 = { name: "Ada", email: "ada@example.com", plan: "pro" };
const USER7_KEYS = Object.keys(USER7).map((f) => `user:7:${f}`);

const buildUserHash: Exercise = {
  kind: "build",
  id: "f10-build-user-hash",
  title: "Build: one hash instead of three keys",
  prompt:
    "User 7 is stored as three string keys: `user:7:name`, `user:7:email` and `user:7:plan`. Store the same three fields in " +
    "one hash, `user:7`, and remove the three string keys. Compare `MEMORY USAGE` before and after.",
  setup: Object.entries(USER7).map(([f, v]): Step => ({ run: `SET user:7:${f} ${v}` })),
  solution: [{ run: "HSET user:7 name Ada email ada@example.com plan pro" }, { run: `DEL ${USER7_KEYS.join(" ")}` }],
  wrong: [
    {
      why: "stores the record as one JSON string",
      steps: [{ run: `SET user:7 "{\\"name\\":\\"Ada\\",\\"email\\":\\"ada@example.com\\",\\"plan\\":\\"pro\\"}"` }, { run: `DEL ${USER7_KEYS.join(" ")}` }],
      expectMessage: "the exercise wants a hash",
    },
    {
      why: "adds the hash but keeps the old keys",
      steps: [{ run: "HSET user:7 name Ada email ada@example.com plan pro" }],
      expectMessage: "still exists",
    },
  ],
  hints: ["One HSET can set several fields at once.", "The old keys keep costing memory until they are deleted; DEL takes several keys."],
  checks: [
    hashHas("user:7", USER7, { exact: true }),
    encodingIs("user:7", "listpack"),
    allAbsent(USER7_KEYS, "every leftover key still costs its robj, name and keyspace entry."),
  ],
};

// ---------------------------------------------------------------------------------------------
// Build: bucketing five users into one hash.

const LOGINS: [number, string][] = [
  [1000, "1717000000"],
  [1001, "1717000100"],
  [1002, "1717000200"],
  [1003, "1717000300"],
  [1004, "1717000400"],
];
const LOGIN_KEYS = LOGINS.map(([id]) => `login:${id}`);

const buildBucket: Exercise = {
  kind: "build",
  id: "f10-build-bucket",
  title: "Build: a bucket of users",
  prompt:
    "The last-login times of users 1000 to 1004 are stored as string keys `login:1000` … `login:1004`. Move them into the " +
    "bucketing scheme of this section: bucket `logins:<id divided by 100>`, field `<the last two digits of the id>`, " +
    "the same values. Then delete the five string keys.",
  setup: LOGINS.map(([id, t]): Step => ({ run: `SET login:${id} ${t}` })),
  solution: [
    { run: `HSET logins:10 ${LOGINS.map(([id, t]) => `${String(id % 100).padStart(2, "0")} ${t}`).join(" ")}` },
    { run: `DEL ${LOGIN_KEYS.join(" ")}` },
  ],
  wrong: [
    {
      why: "uses the whole id as the field",
      steps: [{ run: `HSET logins:10 ${LOGINS.map(([id, t]) => `${id} ${t}`).join(" ")}` }, { run: `DEL ${LOGIN_KEYS.join(" ")}` }],
      expectMessage: 'has no field "00"',
    },
    {
      why: "divides by 1,000 instead of 100",
      steps: [
        { run: `HSET logins:1 ${LOGINS.map(([id, t]) => `${String(id % 100).padStart(2, "0")} ${t}`).join(" ")}` },
        { run: `DEL ${LOGIN_KEYS.join(" ")}` },
      ],
      expectMessage: 'no key named "logins:10"',
    },
  ],
  hints: ["1000 divided by 100 is the bucket number; what is left over names the field.", "Fields are strings: keep the leading zero of 00 to 04."],
  checks: [
    hashHas("logins:10", Object.fromEntries(LOGINS.map(([id, t]) => [String(id % 100).padStart(2, "0"), t])), { exact: true }),
    allAbsent(LOGIN_KEYS, "the old string keys still take their memory."),
  ],
};

// ---------------------------------------------------------------------------------------------
// Fix: a hash a long field turned into a hash table, which HDEL does not turn back.

export const FIX_BIO = "Wrote the first compiler, and made the word bug part of computing for good.";
const PROFILE9 = { name: "Grace", email: "grace@example.com", plan: "pro" };

const fixShrinkBack: Exercise = {
  kind: "fix",
  id: "f10-fix-shrink-back",
  title: "Fix: a profile that stayed big",
  prompt:
    `\`profile:9\` has a field \`bio\` longer than ${HASH_LP_VALUE} bytes, so it is stored as a hash table and takes far more ` +
    "memory than a small hash should. Move the bio into its own string key, `profile:9:bio`, and get `profile:9` (with its " +
    "`name`, `email` and `plan`) back to the compact encoding.",
  setup: [{ run: `HSET profile:9 name Grace email grace@example.com plan pro bio "${FIX_BIO}"` }],
  solution: [
    { run: `SET profile:9:bio "${FIX_BIO}"` },
    { run: "DEL profile:9" },
    { run: "HSET profile:9 name Grace email grace@example.com plan pro" },
  ],
  wrong: [
    {
      why: "expects HDEL to shrink the hash back",
      steps: [{ run: `SET profile:9:bio "${FIX_BIO}"` }, { run: "HDEL profile:9 bio" }],
      expectMessage: "still stored as hashtable",
    },
    {
      why: "drops the bio",
      steps: [{ run: "DEL profile:9" }, { run: "HSET profile:9 name Grace email grace@example.com plan pro" }],
      expectMessage: 'no key named "profile:9:bio"',
    },
  ],
  hints: [
    "HGET shows the bio so you can copy it. Then check OBJECT ENCODING after each step.",
    "A conversion to hashtable only goes one way. What happens to a key's encoding when the key is created from scratch?",
  ],
  checks: [
    stringIs("profile:9:bio", FIX_BIO),
    hashHas("profile:9", PROFILE9, { exact: true }),
    custom("profile:9 is stored as listpack", async (s) => {
      const k = await s.key("profile:9");
      if (!k) return 'There is no key named "profile:9" yet.';
      if (k.encoding === "listpack") return null;
      return `profile:9 is still stored as ${k.encoding}: removing the long field doesn't convert a hash back. Redis only picks the compact encoding when a hash is written from scratch.`;
    }),
  ],
};

// ---------------------------------------------------------------------------------------------
// Signature: 1,000 profiles, a mis-set listpack limit, and the nightly rebuild.

export const PROFILES = 1000;
/** What the 1,000 profiles cost as hash tables right after the setup (the model's figure; the test checks it). */
export const PROFILES_BEFORE = 335_136;
export const SAVING = 0.4;

const profileArgs = (i: number) => `name user${i} email user${i}@example.com plan ${i % 3 === 0 ? "pro" : "free"}`;
const ids = Array.from({ length: PROFILES }, (_, i) => i + 1);

const rebuild: Step[] = [
  ...Array.from({ length: PROFILES / 100 }, (_, b): Step => ({
    actor: { client: "sync", when: "afterNextCommand", run: `DEL ${ids.slice(b * 100, b * 100 + 100).map((i) => `user:${i}`).join(" ")}` },
  })),
  ...ids.map((i): Step => ({ actor: { client: "sync", when: "afterNextCommand", run: `HSET user:${i} ${profileArgs(i)}` } })),
];

const signatureProfiles: Exercise = {
  kind: "signature",
  id: "f10-signature-profiles",
  title: "Cut 1,000 profiles by 40%",
  prompt:
    `This instance holds ${PROFILES.toLocaleString("en-US")} user profiles, \`user:1\` to \`user:${PROFILES}\`, each a hash ` +
    "with a name, an email and a plan, written by the `app` tab. They take far more memory than three short fields should: " +
    "check `OBJECT ENCODING user:1` and `MEMORY USAGE user:1`, and compare with what the lesson showed for a small hash. Someone " +
    "tuned this instance's hash settings (`CONFIG GET hash-max-*`).\n\n" +
    "A nightly job in the `sync` tab rebuilds every profile from the database (it deletes and rewrites each one), and it " +
    "starts **right after your next command in this tab**, whatever that command is; commands in the `app` tab don't start it, " +
    "so look around there first. Make your next command here the one that lets the rebuilt profiles take at least 40% less " +
    "memory. (If the job ran too early, reset the exercise.)",
  config: { "hash-max-listpack-value": "16" },
  setup: [...ids.map((i): Step => ({ client: "app", run: `HSET user:${i} ${profileArgs(i)}` })), ...rebuild],
  solution: [{ run: `CONFIG SET hash-max-listpack-value ${HASH_LP_VALUE}` }],
  wrong: [
    {
      why: "raises the entries limit, which these three-field hashes never reach",
      steps: [{ run: "CONFIG SET hash-max-listpack-entries 1024" }],
      expectMessage: "still stored as hashtable",
    },
    {
      why: "looks first, so the rebuild runs under the old limit",
      steps: [{ run: "OBJECT ENCODING user:1" }, { run: `CONFIG SET hash-max-listpack-value ${HASH_LP_VALUE}` }],
      expectMessage: "still stored as hashtable",
    },
  ],
  hints: [
    "Compare the profiles' fields with the two hash-max-listpack-* limits. Which limit do they break, and why?",
    "Changing a limit re-encodes nothing by itself; it decides the encoding of hashes written after the change.",
  ],
  checks: [
    custom(`all ${PROFILES.toLocaleString("en-US")} profiles are there`, async (s) => {
      const users = (await s.keys()).filter((k) => /^user:\d+$/.test(k.key));
      if (users.length !== PROFILES) return `There are ${users.length} profiles; the exercise keeps all ${PROFILES.toLocaleString("en-US")}.`;
      for (const i of [1, 500, PROFILES]) {
        const k = await s.key(`user:${i}`);
        const fields = k?.value.type === "hash" ? new Map(k.value.fields) : null;
        if (!fields || fields.get("email") !== `user${i}@example.com`) return `user:${i} no longer holds its profile.`;
      }
      return null;
    }),
    custom("the profiles are small hashes (listpack)", async (s) => {
      const users = (await s.keys()).filter((k) => /^user:\d+$/.test(k.key));
      const big = users.filter((k) => k.encoding !== "listpack").length;
      if (!users.length || big === 0) return null;
      return `${big.toLocaleString("en-US")} profiles are still stored as hashtable. Which limit do their fields break? (If the rebuild ran before your change, reset the exercise.)`;
    }),
    custom("the profiles take at least 40% less memory than before", async (s) => {
      const users = (await s.keys()).filter((k) => /^user:\d+$/.test(k.key));
      const now = users.reduce((n, k) => n + k.memory, 0);
      const cut = 1 - now / PROFILES_BEFORE;
      if (cut >= SAVING) return null;
      // KeyView.memory counts allocations as used_memory does, a little above MEMORY USAGE's sum.
      return `The profiles add ${now.toLocaleString("en-US")} bytes to used_memory, ${Math.max(0, Math.round(cut * 100))}% less than the ${PROFILES_BEFORE.toLocaleString("en-US")} they added before; the goal is at least 40% less.`;
    }),
  ],
};

// ---------------------------------------------------------------------------------------------
// Quiz: reading the fragmentation ratio.

const quizFragmentation: Exercise = {
  kind: "quiz",
  id: "f10-quiz-fragmentation",
  title: "Quiz: a fragmentation ratio of 1.6",
  prompt:
    "A production instance reports `used_memory:1000000000`, `used_memory_rss:1600000000` and `mem_fragmentation_ratio:1.60` " +
    "(about 1 GB of data). It deleted millions of session keys an hour ago. What is the most likely reading?",
  options: [
    {
      text: "The allocator still holds pages dotted with a few live blocks, so the process keeps about 600 MB it doesn't use.",
      correct: true,
      explain:
        "Deleting many keys frees blocks, but a page returns to the operating system only when it is entirely empty. Active defrag (activedefrag yes) can move the survivors and release those pages.",
    },
    {
      text: "Redis is swapping: 600 MB of its data is on disk.",
      correct: false,
      explain: "Swapping shows the other way round: RSS below used_memory, a ratio under 1.",
    },
    {
      text: "The data set is 1.6 GB; MEMORY USAGE undercounts it.",
      correct: false,
      explain: "used_memory is what Redis asked the allocator for, including every rounding; the extra 600 MB is held by the allocator, not by keys.",
    },
    {
      text: "Nothing: ratios around 1.6 are what an instance of this size always shows.",
      correct: false,
      explain: "High ratios are normal only on near-empty instances, where fixed overhead dominates. At 1 GB of data, 1.6 means real waste.",
    },
  ],
};

export const exercises: Exercise[] = [predictSizeClass, buildUserHash, buildBucket, fixShrinkBack, signatureProfiles, quizFragmentation];
