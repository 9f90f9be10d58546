/**
 * F-1 "What Redis is and why it exists": the first keys (SET/GET/DEL/EXISTS/KEYS/TYPE, SCAN
 * for production), why an in-memory store answers in microseconds, Redis next to a relational
 * database and next to Memcached (the module's one quiz), and one keyspace shared by every
 * connection (the signature exercise, with two client tabs). f1-fix-types repairs keys a bug
 * wrote with the wrong type: SET replaces a value whatever its type, TYPE finds the culprits.
 *
 * Examples are written so each gives the same replies on a fresh instance and after the ones
 * before it, and none of them leaves behind a state that satisfies an exercise.
 */
import { custom, stringIs } from "../checks";
import type { Example, Exercise, Module, StateReader } from "../types";
import { sections } from "./sections";

const examples: Example[] = [
  {
    id: "f1-set-get",
    steps: [{ run: 'SET greeting "Hello, world"' }, { run: "GET greeting" }],
    expect: ["OK", '"Hello, world"'],
  },
  {
    id: "f1-nil",
    steps: [{ run: "GET Greeting" }, { run: "GET no:such:key" }],
    expect: ["(nil)", "(nil)"],
    note: "Greeting with a capital G is a different key from greeting, and it does not exist.",
  },
  {
    id: "f1-quotes",
    steps: [{ run: "SET motto Hello world" }, { run: 'SET motto "Hello world"' }, { run: "GET motto" }],
    expect: ["(error) ERR syntax error", "OK", '"Hello world"'],
    note: "Without quotes SET receives four words; the extra one is not an option it knows.",
  },
  {
    id: "f1-exists-del",
    steps: [
      { run: "SET visitor:42 Ada" },
      { run: "EXISTS visitor:42 visitor:43" },
      { run: "DEL visitor:42 visitor:43" },
      { run: "EXISTS visitor:42" },
      { run: "GET visitor:42" },
    ],
    expect: ["OK", "(integer) 1", "(integer) 1", "(integer) 0", "(nil)"],
    note: "visitor:43 never existed, so neither EXISTS nor DEL counts it.",
  },
  {
    id: "f1-type",
    steps: [
      { run: 'SET page:home "<h1>Welcome</h1>"' },
      { run: "RPUSH jobs email:1 email:2" },
      { run: "HSET user:7 name Ada" },
      { run: "TYPE page:home" },
      { run: "TYPE jobs" },
      { run: "TYPE user:7" },
      { run: "TYPE nothing:here" },
    ],
    expect: ["OK", "(integer) 2", "(integer) 1", "string", "list", "hash", "none"],
  },
  {
    id: "f1-keys",
    steps: [
      { run: "SET product:1 lamp" },
      { run: "SET product:2 desk" },
      { run: "SET order:1 paid" },
      { run: "KEYS order:*" },
      { run: "KEYS product:?" },
      { run: "KEYS nothing:*" },
    ],
    expect: ["OK", "OK", "OK", '1) "order:1"', null, "(empty array)"],
    note: "KEYS product:? lists product:1 and product:2, in an order that can change from one run to the next.",
  },
  {
    id: "f1-scan",
    steps: [{ run: "SET order:1 paid" }, { run: "SCAN 0 MATCH order:* COUNT 100" }],
    expect: ["OK", '1) "0"\n2) 1) "order:1"'],
    note: 'The first line is the cursor for the next call; "0" means the walk is complete.',
  },
  {
    id: "f1-shared",
    steps: [
      { client: "app-1", run: "SET stock:lamp 3" },
      { client: "app-2", run: "GET stock:lamp" },
    ],
    expect: ["OK", '"3"'],
    note: "Two tabs, two connections, one keyspace.",
  },
];

/** Reads the learner's stored prediction; a message when there is none. */
async function prediction(s: StateReader): Promise<{ value: string | null; msg: string | null }> {
  const k = await s.key("answer");
  if (!k) return { value: null, msg: "Store your prediction in the key answer first (for example SET answer 7)." };
  if (k.value.type !== "string") return { value: null, msg: "answer should be a plain string holding a number." };
  return { value: k.value.value.trim(), msg: null };
}

/** The pages of the wrong-type exercise and the HTML each must hold. */
const PAGES = { "page:home": "<h1>Welcome</h1>", "page:about": "<h1>About us</h1>", "page:contact": "<h1>Contact</h1>" } as const;

const exercises: Exercise[] = [
  {
    kind: "build",
    id: "f1-build-greeting",
    title: "Your first key",
    prompt:
      "Store the text `Hello, Redis world` (exactly, with the comma and capital letters) under the key `greeting`. Then read it back with `GET` to make sure.",
    solution: [{ run: 'SET greeting "Hello, Redis world"' }, { run: "GET greeting" }],
    wrong: [
      {
        why: "spaces split the value into several arguments",
        steps: [{ run: "SET greeting Hello, Redis world" }],
        expectMessage: "syntax error",
      },
      {
        why: "key names are case-sensitive",
        steps: [{ run: 'SET Greeting "Hello, Redis world"' }],
        expectMessage: "case",
      },
    ],
    hints: [
      "SET takes a key and a value. How does the console know where the value starts and ends?",
      "Words separated by spaces become separate arguments unless something groups them together.",
    ],
    checks: [
      custom('"greeting" holds "Hello, Redis world"', async (s) => {
        const k = await s.key("greeting");
        if (!k) {
          const near = (await s.keys()).find((v) => v.key.toLowerCase() === "greeting");
          if (near) return `There is a key "${near.key}", but no "greeting": key names are case-sensitive.`;
          return 'There is no key "greeting" yet. If SET answered (error) ERR syntax error, it received more words than it expected: a value with spaces must be quoted.';
        }
        if (k.value.type !== "string") return `"greeting" is a ${k.type}; the exercise wants a plain string value.`;
        const v = k.value.value;
        if (v === "Hello, Redis world") return null;
        if (v.toLowerCase() === "hello, redis world") return `"greeting" holds "${v}": values are exact bytes, so capital letters matter.`;
        return `"greeting" holds "${v}", not the text the exercise asks for.`;
      }),
    ],
  },
  {
    kind: "predict",
    id: "f1-predict-exists",
    title: "Predict: how many exist?",
    prompt:
      "The setup created two keys, `fruit:apple` and `fruit:kiwi`. Before running it, predict what this command replies:\n\n```\nEXISTS fruit:apple fruit:apple fruit:plum\n```\n\nStore your prediction as a number in the key `answer` (for example `SET answer 7`). Then run the command and compare.",
    setup: [{ run: "SET fruit:apple red" }, { run: "SET fruit:kiwi green" }],
    solution: [{ run: "SET answer 2" }, { run: "EXISTS fruit:apple fruit:apple fruit:plum" }],
    wrong: [
      {
        why: "thinks EXISTS ignores a repeated name",
        steps: [{ run: "SET answer 1" }],
        expectMessage: "repeated",
      },
      {
        why: "thinks EXISTS counts the names given",
        steps: [{ run: "SET answer 3" }],
        expectMessage: "fruit:plum",
      },
    ],
    hints: [
      "EXISTS replies with a count, not with yes or no.",
      "Go through the three names one by one and ask of each: is there such a key?",
    ],
    checks: [
      custom("answer holds the reply EXISTS gives", async (s) => {
        const { value, msg } = await prediction(s);
        if (msg) return msg;
        if (value === "2") return null;
        if (value === "1") return "Not quite: EXISTS does not merge a repeated name; it checks each name you pass, one at a time.";
        if (value === "3") return "Not quite: EXISTS counts only the names that exist, and fruit:plum was never created.";
        return `answer holds "${value}". Count again: EXISTS checks each name it is given.`;
      }),
    ],
  },
  {
    kind: "fix",
    id: "f1-fix-types",
    title: "Pages that are not strings",
    prompt:
      "A small site keeps each page's HTML as a plain string: `page:home` holds `<h1>Welcome</h1>`, `page:about` should hold `<h1>About us</h1>` and `page:contact` should hold `<h1>Contact</h1>`. " +
      "A buggy import wrote some of these keys as other types, and now `GET` fails on them. Find out which, and make all three pages plain strings holding their HTML again.",
    setup: [
      { run: `SET page:home "${PAGES["page:home"]}"` },
      { run: `RPUSH page:about "${PAGES["page:about"]}"` },
      { run: `HSET page:contact html "${PAGES["page:contact"]}"` },
    ],
    solution: [
      { run: "TYPE page:about" },
      { run: "TYPE page:contact" },
      { run: `SET page:about "${PAGES["page:about"]}"` },
      { run: `SET page:contact "${PAGES["page:contact"]}"` },
    ],
    wrong: [
      {
        why: "thinks a key of the wrong type can only be deleted, not overwritten",
        steps: [{ run: "DEL page:about page:contact" }],
        expectMessage: "no key page:about",
      },
      {
        why: "fixes the first broken page and stops looking",
        steps: [{ run: `SET page:about "${PAGES["page:about"]}"` }],
        expectMessage: "page:contact is a hash",
      },
      {
        why: "leaves the HTML unquoted, so SET gets too many words and changes nothing",
        steps: [{ run: `SET page:about ${PAGES["page:about"]}` }, { run: `SET page:contact "${PAGES["page:contact"]}"` }],
        expectMessage: "page:about is a list",
      },
    ],
    hints: [
      "TYPE tells you what a key holds. Which of the three pages are not strings?",
      "Look again at what the table in \"Your first keys\" says SET does with an old value.",
      "Mind the space in <h1>About us</h1>.",
    ],
    checks: Object.entries(PAGES).map(([key, html]) =>
      custom(`${key} is a string holding ${html}`, async (s) => {
        const k = await s.key(key);
        if (!k) return `There is no key ${key}: the page must still exist, as a string holding its HTML.`;
        if (k.value.type !== "string")
          return `${key} is a ${k.type}; a page must be a plain string (GET still fails on it). If your SET answered with an error, it changed nothing.`;
        if (k.value.value === html) return null;
        if (key === "page:home") return `page:home holds "${k.value.value}" now; it was already right and should have kept its value.`;
        return `${key} is a string now, but it holds "${k.value.value}" rather than the HTML the exercise asks for.`;
      }),
    ),
  },
  {
    kind: "fix",
    id: "f1-fix-temp",
    title: "Clean up the temporary keys",
    prompt:
      "An import job crashed and left temporary keys behind: every key whose name starts with `tmp:`. Delete all of them, and only them: the `user:` keys must stay.",
    setup: [
      { run: "SET user:1 Ada" },
      { run: "SET user:2 Grace" },
      { run: "SET tmp:import:1 row-1" },
      { run: "SET tmp:import:2 row-2" },
      { run: "SET tmp:report draft" },
    ],
    solution: [{ run: "KEYS tmp:*" }, { run: "DEL tmp:import:1 tmp:import:2 tmp:report" }],
    wrong: [
      {
        why: "thinks DEL expands a pattern",
        steps: [{ run: "DEL tmp:*" }],
        expectMessage: "does not expand",
      },
      {
        why: "empties the whole database",
        steps: [{ run: "FLUSHDB" }],
        expectMessage: "FLUSHDB",
      },
    ],
    hints: [
      "First find out exactly which keys start with tmp: (there is a command that lists keys by pattern).",
      "DEL accepts several key names in one command.",
    ],
    checks: [
      custom("no key starts with tmp:", async (s) => {
        const left = (await s.keys()).filter((k) => k.key.startsWith("tmp:"));
        if (left.length === 0) return null;
        if (left.length === 3)
          return "All 3 tmp: keys are still there. DEL does not expand patterns such as tmp:*: it looks for a key with exactly that name.";
        return `${left.length} key(s) starting with tmp: remain. List them by pattern to see which.`;
      }),
      custom('"user:1" and "user:2" still exist', async (s) => {
        for (const name of ["user:1", "user:2"])
          if (!(await s.key(name))) return `${name} is gone too: only the tmp: keys should go (FLUSHDB empties the whole database).`;
        return null;
      }),
    ],
  },
  {
    kind: "signature",
    id: "f1-two-tabs",
    title: "Two app servers, one Redis",
    prompt:
      "Imagine two web servers, each with its own connection to Redis: the tabs `web-1` and `web-2`. A user logs in through `web-1`: in that tab, store the session `session:8f2c` with the value `ada`. Their next request lands on `web-2`: in that tab, read the session back.",
    solution: [
      { client: "web-1", run: "SET session:8f2c ada" },
      { client: "web-2", run: "GET session:8f2c" },
    ],
    wrong: [
      {
        why: "reads on the same connection that wrote",
        steps: [
          { client: "web-1", run: "SET session:8f2c ada" },
          { client: "web-1", run: "GET session:8f2c" },
        ],
        expectMessage: "web-2",
      },
      {
        why: "reads before the write happened",
        steps: [
          { client: "web-2", run: "GET session:8f2c" },
          { client: "web-1", run: "SET session:8f2c ada" },
        ],
        expectMessage: "(nil)",
      },
    ],
    hints: [
      "Each tab is its own connection, like a separate application server.",
      "Write in one tab, then read in the other: which command reads a string?",
    ],
    checks: [
      stringIs("session:8f2c", "ada"),
      custom("web-2 read the session", async (s) => {
        const replies = s.transcript("web-2").filter((e) => e.kind === "reply");
        // GET shows "ada"; MGET (also a fair way to read it) shows 1) "ada".
        if (replies.some((e) => e.text.split("\n").some((l) => /^(\d+\) )?"ada"$/.test(l.trim())))) return null;
        if (replies.some((e) => e.text === "(nil)"))
          return "web-2 got (nil): it asked before web-1 had stored the session. Read it again now.";
        return "Tab web-2 has not read the session yet: the point is to read it on a different connection.";
      }),
    ],
  },
  {
    kind: "quiz",
    id: "f1-quiz-memcached",
    title: "Redis or Memcached?",
    prompt:
      "A team caches rendered HTML fragments in Memcached. They now also want a leaderboard sorted by score and a job queue that survives a server restart. Which statement is right?",
    options: [
      {
        text: "Redis fits: sorted sets give the leaderboard, lists give the queue, and snapshots or the append-only file let the data survive a restart.",
        correct: true,
        explain:
          "Right. Memcached only stores opaque values and keeps nothing across a restart; Redis has the data structures and the persistence both features need.",
      },
      {
        text: "Memcached fits better: it is multithreaded, so it can keep the leaderboard sorted faster.",
        correct: false,
        explain: "Threads do not give Memcached a sorted structure: it has none. The application would have to read, sort and rewrite the whole board on every change.",
      },
      {
        text: "Either works equally: both are in-memory key-value stores with the same features.",
        correct: false,
        explain: "They share the in-memory key-value idea, but Memcached stores blobs only and has no persistence, while Redis has typed values, persistence and replication.",
      },
      {
        text: "Neither: an in-memory store loses everything on restart, so the queue must go in a relational database.",
        correct: false,
        explain: "That is true of Memcached, not of Redis: Redis can write snapshots (RDB) and an append-only log (AOF) and reload them at start-up.",
      },
    ],
  },
];

export const module: Module = {
  id: "F-1",
  title: "What Redis is and why it exists",
  summary:
    "An in-memory dictionary on a server that every process shares: your first keys with SET, GET, DEL, EXISTS, TYPE and KEYS (and SCAN for production), why Redis answers in microseconds, and where it stands next to a relational database and Memcached.",
  sections,
  examples,
  exercises,
};
