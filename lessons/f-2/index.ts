/**
 * F-2 "Strings, numbers, binary safety": strings as bytes (STRLEN counts bytes), the int /
 * embstr / raw encodings and the 44-byte boundary, atomic counters and INCR's exact error, the
 * SET options, MGET/MSET, and why a whole-JSON blob is a trap. The signature exercise makes a
 * key's encoding flip in a stated order, ending on a value only APPEND (or SETRANGE) can make.
 *
 * Examples give the same replies on a fresh instance and after the ones before them, and use
 * key names no exercise checks, so no exercise passes from the examples alone.
 */
import { custom, hashHas } from "../checks";
import type { Check, Example, Exercise, Module, StateReader } from "../types";
import { EMBSTR_LIMIT } from "@/engine/object";
import { sections } from "./sections";

/** 44 and 45 bytes: a sentence learners can count on. */
const FOX_44 = "The quick brown fox jumps over the lazy dog!";
const FOX_45 = `${FOX_44}!`;

const examples: Example[] = [
  {
    id: "f2-bytes",
    steps: [{ run: "SET word héllo" }, { run: "STRLEN word" }, { run: "GET word" }, { run: "GETRANGE word 0 1" }],
    expect: ["OK", "(integer) 6", '"h\\xc3\\xa9llo"', '"h\\xc3"'],
    note: "Five characters, six bytes: é is two bytes in UTF-8.",
  },
  {
    id: "f2-counters",
    steps: [
      { run: "SET views 10" },
      { run: "INCR views" },
      { run: "INCRBY views 5" },
      { run: "DECR views" },
      { run: "DECRBY views 3" },
      { run: "INCR signups" },
    ],
    expect: ["OK", "(integer) 11", "(integer) 16", "(integer) 15", "(integer) 12", "(integer) 1"],
    note: "signups did not exist: INCR started it from 0.",
  },
  {
    id: "f2-float",
    steps: [{ run: "SET price 10.5" }, { run: "INCRBYFLOAT price 0.1" }, { run: "INCRBYFLOAT price -0.6" }],
    expect: ["OK", '"10.6"', '"10"'],
  },
  {
    id: "f2-incr-error",
    steps: [
      { run: "SET name Ada" },
      { run: "INCR name" },
      { run: "SET ratio 1.5" },
      { run: "INCR ratio" },
      { run: "INCRBYFLOAT name 1" },
    ],
    expect: [
      "OK",
      "(error) ERR value is not an integer or out of range",
      "OK",
      "(error) ERR value is not an integer or out of range",
      "(error) ERR value is not a valid float",
    ],
    note: "1.5 is a perfectly good float (INCRBYFLOAT accepts it), but not an integer.",
  },
  {
    id: "f2-encodings",
    steps: [
      { run: "SET visits 42" },
      { run: "OBJECT ENCODING visits" },
      { run: 'SET title "Redis in Action"' },
      { run: "OBJECT ENCODING title" },
    ],
    expect: ["OK", '"int"', "OK", '"embstr"'],
  },
  {
    id: "f2-boundary",
    steps: [
      { run: `SET s44 "${FOX_44}"` },
      { run: "STRLEN s44" },
      { run: "OBJECT ENCODING s44" },
      { run: `SET s45 "${FOX_45}"` },
      { run: "STRLEN s45" },
      { run: "OBJECT ENCODING s45" },
    ],
    expect: ["OK", `(integer) ${EMBSTR_LIMIT}`, '"embstr"', "OK", `(integer) ${EMBSTR_LIMIT + 1}`, '"raw"'],
  },
  {
    id: "f2-append",
    steps: [
      { run: "SET code 42" },
      { run: "APPEND code 7" },
      { run: "GET code" },
      { run: "OBJECT ENCODING code" },
      { run: "INCR code" },
      { run: "OBJECT ENCODING code" },
    ],
    expect: ["OK", "(integer) 3", '"427"', '"raw"', "(integer) 428", '"int"'],
    note: '"427" looks like an integer, yet after APPEND it is raw; INCR makes it an int again.',
  },
  {
    id: "f2-set-nx",
    steps: [
      { run: "SET lock:job worker-1 NX EX 30" },
      { run: "SET lock:job worker-2 NX EX 30" },
      { run: "GET lock:job" },
      { run: "TTL lock:job" },
    ],
    expect: ["OK", "(nil)", '"worker-1"', "(integer) 30"],
    note: "worker-2 did not get the lock: the key already existed.",
  },
  {
    id: "f2-set-keepttl",
    steps: [
      { run: "SET session:x alice EX 600" },
      { run: "SET session:x bob XX KEEPTTL" },
      { run: "TTL session:x" },
      { run: "SET session:x carol GET" },
      { run: "TTL session:x" },
    ],
    expect: ["OK", "OK", "(integer) 600", '"bob"', "(integer) -1"],
    note: "TTL -1 means the key exists but will never expire: the plain SET removed the time to live.",
  },
  {
    id: "f2-mset",
    steps: [
      { run: "MSET user:9:name Ada user:9:city London" },
      { run: "MGET user:9:name user:9:city user:9:email" },
    ],
    expect: ["OK", '1) "Ada"\n2) "London"\n3) (nil)'],
  },
  {
    id: "f2-hash",
    steps: [
      { run: "HSET user:9 name Ada visits 41" },
      { run: "HINCRBY user:9 visits 1" },
      { run: "HGET user:9 name" },
      { run: "HGETALL user:9" },
    ],
    expect: ["(integer) 2", "(integer) 42", '"Ada"', '1) "name"\n2) "Ada"\n3) "visits"\n4) "42"'],
  },
];

/** Reads the learner's stored prediction; a message when there is none. */
async function prediction(s: StateReader): Promise<{ value: string | null; msg: string | null }> {
  const k = await s.key("answer");
  if (!k) return { value: null, msg: "Store your prediction in the key answer first (for example SET answer 7)." };
  if (k.value.type !== "string") return { value: null, msg: "answer should be a plain string." };
  return { value: k.value.value.trim(), msg: null };
}

/** What OBJECT ENCODING replies the main tab has seen, in order, as bare names. */
function encodingsSeen(s: StateReader): string[] {
  return s
    .transcript("main")
    .flatMap((e) => (e.kind === "reply" && /^"(int|embstr|raw)"$/.test(e.text) ? [e.text.slice(1, -1)] : []));
}

/** True when `want` appears in `seen` in order (other items may come between). */
function inOrder(seen: string[], want: string[]): boolean {
  let i = 0;
  for (const s of seen) if (s === want[i]) i++;
  return i === want.length;
}

const flipChecks: Check[] = [
  custom("OBJECT ENCODING msg showed int, then embstr, then raw", async (s) => {
    const seen = encodingsSeen(s);
    if (inOrder(seen, ["int", "embstr", "raw"])) return null;
    if (seen.length === 0) return "Ask OBJECT ENCODING msg after each change, so the console shows each encoding as it happens.";
    return `So far OBJECT ENCODING has shown: ${seen.join(" → ")}. The exercise wants to see int, then embstr, then raw.`;
  }),
  custom(`"msg" ends up raw with exactly ${EMBSTR_LIMIT} bytes`, async (s) => {
    const k = await s.key("msg");
    if (!k) return 'There is no key "msg" any more.';
    if (k.value.type !== "string") return `"msg" is a ${k.type}; keep it a string.`;
    const n = k.value.value.length;
    if (n !== EMBSTR_LIMIT) return `"msg" is ${n} bytes; the exercise wants exactly ${EMBSTR_LIMIT}.`;
    if (k.encoding === "embstr")
      return `"msg" is ${EMBSTR_LIMIT} bytes but stored as embstr: SET of a value of ${EMBSTR_LIMIT} bytes or fewer always makes an embstr. Which commands change a string in place?`;
    if (k.encoding !== "raw") return `"msg" is stored as ${k.encoding}, not raw.`;
    return null;
  }),
];

/** user:1 as a hash, or as separate string keys user:1:<field>. */
const USER = { name: "Ada", email: "ada@example.com", visits: "42" };
const userChecks: Check[] = [
  custom("user:1's fields can be changed one at a time", async (s) => {
    const k = await s.key("user:1");
    if (k?.type === "string")
      return "user:1 still holds a JSON string; store each field in a hash (or in its own key) so Redis can change one field at a time.";
    if (k && k.type !== "hash") return `user:1 is a ${k.type}; a hash fits an object with named fields.`;
    if (!k && !(await s.key("user:1:visits"))) return "user:1 is gone, and no user:1:<field> keys replace it.";
    return null;
  }),
  custom("the user has name Ada, email ada@example.com and 42 visits", async (s) => {
    const k = await s.key("user:1");
    if (k?.type === "hash") return hashHas("user:1", USER).test(s);
    if (k) return "The fields are not stored separately yet.";
    for (const [f, v] of Object.entries(USER)) {
      const fk = await s.key(`user:1:${f}`);
      if (!fk || fk.value.type !== "string") return `There is no string key user:1:${f}.`;
      if (fk.value.value !== v) return `user:1:${f} holds "${fk.value.value}".`;
    }
    return null;
  }),
];

const exercises: Exercise[] = [
  {
    kind: "predict",
    id: "f2-predict-bytes",
    title: "Predict: how long is São Paulo?",
    prompt:
      "The setup stored `SET city \"São Paulo\"`. Before running it, predict what `STRLEN city` replies. Store your prediction as a number in the key `answer` (for example `SET answer 7`), then run `STRLEN city` to check.",
    setup: [{ run: 'SET city "São Paulo"' }],
    solution: [{ run: "SET answer 10" }, { run: "STRLEN city" }],
    wrong: [
      {
        why: "counts characters instead of bytes",
        steps: [{ run: "SET answer 9" }],
        expectMessage: "bytes, not characters",
      },
    ],
    hints: ["Count the characters first, then ask which of them are not plain ASCII.", "How many bytes does UTF-8 use for a letter with an accent?"],
    checks: [
      custom("answer holds what STRLEN city replies", async (s) => {
        const { value, msg } = await prediction(s);
        if (msg) return msg;
        if (value === "10") return null;
        if (value === "9") return "Not quite: 9 is the number of characters. STRLEN counts bytes, not characters.";
        return `answer holds "${value}". Count the bytes of "São Paulo" again.`;
      }),
    ],
  },
  {
    kind: "predict",
    id: "f2-predict-encoding",
    title: "Predict: is 007 an integer?",
    prompt:
      "The setup stored `SET agent 007`. What does `OBJECT ENCODING agent` reply? Store the encoding's name in the key `answer` (for example `SET answer raw`), then run the command to check.",
    setup: [{ run: "SET agent 007" }],
    solution: [{ run: "SET answer embstr" }, { run: "OBJECT ENCODING agent" }],
    wrong: [
      {
        why: "thinks anything made of digits is stored as int",
        steps: [{ run: "SET answer int" }],
        expectMessage: "canonical",
      },
    ],
    hints: [
      "int is only for values Redis could turn into a number and back without changing a single byte.",
      "What would 007 become after a round trip through a number?",
    ],
    checks: [
      custom("answer holds the encoding of agent", async (s) => {
        const { value, msg } = await prediction(s);
        if (msg) return msg;
        const v = value!.replace(/^"|"$/g, "").toLowerCase();
        if (v === "embstr") return null;
        if (v === "int")
          return 'Not quite: 007 is made of digits, but it is not the canonical text of a number (that would be "7"). Try INCR agent and see what Redis thinks of it.';
        if (v === "raw") return "Not quite: raw is for long values and values changed in place; agent is short and was written by SET.";
        return `answer holds "${value}"; the encoding is one of int, embstr or raw.`;
      }),
    ],
  },
  {
    kind: "build",
    id: "f2-build-lock",
    title: "Take a lock that frees itself",
    prompt:
      "A report job must run on one worker at a time. As `worker-7`, take the lock: create the key `lock:report` with the value `worker-7`, but only if no one holds it, and make it expire by itself after 30 seconds in case the worker crashes. Do it in a single command.",
    pausedClock: true,
    solution: [{ run: "SET lock:report worker-7 NX EX 30" }],
    wrong: [
      {
        why: "forgets the time to live",
        steps: [{ run: "SET lock:report worker-7 NX" }],
        expectMessage: "no TTL",
      },
      {
        why: "confuses seconds and milliseconds",
        steps: [{ run: "SET lock:report worker-7 NX EX 30000" }],
        expectMessage: "EX counts seconds",
      },
    ],
    hints: ["SET has options for both halves of the task: a condition and an expiry.", "Look at the options table: one option guards against an existing key, another sets seconds."],
    checks: [
      custom('"lock:report" holds "worker-7"', async (s) => {
        const k = await s.key("lock:report");
        if (!k) return "There is no key lock:report: the lock was not taken.";
        if (k.value.type !== "string") return `lock:report is a ${k.type}; a lock here is a plain string.`;
        return k.value.value === "worker-7" ? null : `lock:report holds "${k.value.value}": the lock should name its owner, worker-7.`;
      }),
      custom('"lock:report" expires by itself within 30 s', async (s) => {
        const k = await s.key("lock:report");
        if (!k) return "There is no key lock:report yet.";
        if (k.ttlMs === null) return "lock:report has no TTL: if worker-7 crashed, nobody could ever take the lock again.";
        const sec = k.ttlMs / 1000;
        if (sec > 1000) return `lock:report expires in ${Math.round(sec)} s. EX counts seconds (PX counts milliseconds).`;
        if (sec > 30) return `lock:report expires in ${Math.ceil(sec)} s: longer than 30 s.`;
        if (sec < 25) return `lock:report expires in ${Math.ceil(sec)} s: the exercise asks for 30.`;
        return null;
      }),
    ],
  },
  {
    kind: "fix",
    id: "f2-fix-json",
    title: "Unpack a JSON blob",
    prompt:
      "An early version of the app stored each user as a JSON string. `user:1` is one of them. Rework it so each field can be changed on its own: `name`, `email` and `visits` stored separately (a hash is the usual choice). Then record Ada's new visit with a command that adds 1 inside Redis, so visits ends up at 42.",
    setup: [{ run: `SET user:1 '{"name":"Ada","email":"ada@example.com","visits":41}'` }],
    solution: [
      { run: "DEL user:1" },
      { run: "HSET user:1 name Ada email ada@example.com visits 41" },
      { run: "HINCRBY user:1 visits 1" },
    ],
    wrong: [
      {
        why: "rewrites the JSON with the new count",
        steps: [{ run: `SET user:1 '{"name":"Ada","email":"ada@example.com","visits":42}'` }],
        expectMessage: "JSON string",
      },
      {
        why: "adds hash fields to the existing string key",
        steps: [{ run: "HSET user:1 name Ada email ada@example.com visits 42" }],
        expectMessage: "JSON string",
      },
      {
        why: "unpacks the fields but forgets the visit",
        steps: [{ run: "DEL user:1" }, { run: "HSET user:1 name Ada email ada@example.com visits 41" }],
        expectMessage: '"visits"',
      },
    ],
    hints: [
      "A key holds one type: the string has to go before user:1 can become something else.",
      "Which command sets several fields of a hash at once? And which adds to one field?",
    ],
    checks: userChecks,
  },
  {
    kind: "signature",
    id: "f2-flip",
    title: "int → embstr → raw",
    prompt: `The setup stored \`SET msg 12345\`. Make \`msg\` go through the three string encodings in this order: **int**, then **embstr**, then **raw**, asking \`OBJECT ENCODING msg\` at each stage so the console shows all three. Finish with \`msg\` holding exactly ${EMBSTR_LIMIT} bytes, stored as raw.`,
    setup: [{ run: "SET msg 12345" }],
    solution: [
      { run: "OBJECT ENCODING msg" },
      { run: "SET msg hello" },
      { run: "OBJECT ENCODING msg" },
      { run: 'APPEND msg " world: appended until exactly 44 bytes"' },
      { run: "OBJECT ENCODING msg" },
    ],
    wrong: [
      {
        why: "thinks length alone decides: sets a 44-byte value",
        steps: [
          { run: "OBJECT ENCODING msg" },
          { run: "SET msg hello" },
          { run: "OBJECT ENCODING msg" },
          { run: `SET msg "${FOX_44}"` },
          { run: "OBJECT ENCODING msg" },
        ],
        expectMessage: "always makes an embstr",
      },
      {
        why: "goes past the boundary with a 45-byte value",
        steps: [
          { run: "OBJECT ENCODING msg" },
          { run: "SET msg hello" },
          { run: "OBJECT ENCODING msg" },
          { run: `SET msg "${FOX_45}"` },
          { run: "OBJECT ENCODING msg" },
        ],
        expectMessage: `${EMBSTR_LIMIT + 1} bytes`,
      },
      {
        why: "changes the value without looking at the encodings",
        steps: [{ run: "SET msg hello" }, { run: 'APPEND msg " world: appended until exactly 44 bytes"' }],
        expectMessage: "OBJECT ENCODING msg",
      },
    ],
    hints: [
      "Which kind of value is embstr, and which command gives msg such a value?",
      `A plain SET of ${EMBSTR_LIMIT} bytes gives embstr. Which commands turn a string raw whatever its length?`,
      "APPEND replies with the new length: plan how many bytes to add.",
    ],
    checks: flipChecks,
  },
];

export const module: Module = {
  id: "F-2",
  title: "Strings, numbers, binary safety",
  summary: `Strings are byte arrays: STRLEN counts bytes, OBJECT ENCODING shows int, embstr and raw (and the ${EMBSTR_LIMIT}-byte boundary), INCR and friends count atomically, SET's options make locks and keep TTLs, MGET/MSET batch, and JSON blobs give way to hashes.`,
  sections,
  examples,
  exercises,
};
