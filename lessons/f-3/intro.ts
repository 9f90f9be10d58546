/**
 * F-3 part 1: the four collection types side by side, one type per key (WRONGTYPE), keys that
 * appear on the first write and vanish with their last element, and the idea the later parts
 * make visible: a small collection is stored compactly and is converted, once and for good,
 * when it crosses a threshold that CONFIG GET shows.
 */
import { custom, keyExists, setIs } from "../checks";
import type { Example, Exercise, Section } from "../types";
import { prediction } from "./common";

const types = `
Strings (module F-2) hold one value per key. Most real data is a collection: the jobs waiting
for a worker, the fields of a user profile, the tags on an article, the players of a game
ranked by score. Redis has a value type for each of these, and this module walks through
them one part at a time:

| type | what it holds | typical use |
|---|---|---|
| **list** | strings in the order you put them, duplicates allowed | queues, timelines, the last N events |
| **hash** | field → value pairs, each field once | objects: a user, a product, a session |
| **set** | distinct strings, no order | tags, unique visitors, who liked a post |
| **sorted set** | distinct strings, each with a numeric score, kept ordered by score | leaderboards, priority queues, time windows |

Each type has its own family of commands, and the first letter usually tells you which:
\`L\`/\`R\` for lists (left and right ends), \`H\` for hashes, \`S\` for sets and \`Z\` for sorted
sets. \`TYPE\` tells you what a key holds:

{{example:f-3-intro-types}}

A key holds exactly one type. Redis will not quietly convert a string into a list because you
used a list command on it; it refuses with an error that has its own prefix, \`WRONGTYPE\`, so
your application can tell it apart from other errors. The key is left as it was.

{{example:f-3-intro-wrongtype}}

To change what a key holds, delete it first (or pick another name). Getting this error in
production almost always means two parts of an application disagree about a key name.

{{exercise:f-3-intro-fix-wrongtype}}
`;

const choosing = `
Most of the design work in Redis is choosing the type, because the type decides which questions
are cheap to ask. A few questions help:

- **Does order matter, and is it the order things arrived in?** A list keeps arrival order and
  is cheapest at its ends: queues, recent activity, a log of the last 100 events.
- **Is it one object with named parts?** A hash: a user, an order, a session. Each field can be
  read or changed alone.
- **Do you need "is X in there?" or "what do these have in common?"** A set: tags, followers,
  ids already processed. Duplicates are ignored for you.
- **Is there a number to rank or slice by?** A sorted set: scores, prices, timestamps, priorities.
  It answers "top 10", "my rank" and "everything between 9:00 and 9:05".

Real applications combine them. An online shop might keep each order as a hash (\`order:9\`),
the newest orders in a capped list (\`recent:orders\`), each order's tags in a set
(\`order:9:tags\`) and every order ranked by its total in a sorted set (\`orders:by-total\`).
The same order id appears in several keys, and each key answers one kind of question quickly.
Redis has no joins and no secondary indexes of its own: when you will need to look something
up another way, you keep another key for that way, and your application updates them together.

A list with duplicates where you meant distinct values is a common slip. If the question is
"how many *different* visitors came?", a list can only answer it by reading everything and
de-duplicating in your application, while a set answers it with a single count.

{{exercise:f-3-intro-build-shop}}

{{exercise:f-3-intro-fix-visitors}}
`;

const lifecycle = `
You never create an empty list or an empty set. The first command that adds an element
creates the key; there is no separate "create" step. The reverse is also true, and it
surprises people: when the last element is removed, Redis deletes the key. An empty
collection does not exist.

{{example:f-3-intro-empty}}

This keeps the keyspace tidy (no forgotten empty containers using memory), and it means
\`EXISTS\` on a collection really asks "does it have at least one element?". Reading commands
are consistent with it: \`LLEN\`, \`HLEN\`, \`SCARD\` and \`ZCARD\` of a missing key reply 0, and
\`LRANGE\` or \`SMEMBERS\` reply with an empty list, exactly as if an empty collection were there.

The same rule holds for commands that move elements between keys: when \`LMOVE\` or \`SMOVE\`
takes the last element out of its source, the source key is deleted, and the key inspector
shows it disappear at that moment.

{{exercise:f-3-intro-predict-type}}

{{exercise:f-3-intro-predict-hlen}}
`;

const encodings = `
Behind each type there are two ways of storing the data, and \`OBJECT ENCODING\` tells you
which one a key is using right now:

- While a collection is **small**, Redis packs it into one contiguous block of memory: a
  **listpack** (entries written one after another, each with its length) or, for a set made
  only of integers, an **intset** (a sorted array of numbers). Finding an element means
  scanning the block, which is fast for a few hundred short entries and uses far less memory
  than one allocation per element.
- When a collection grows past a limit, or one of its elements is too long, Redis converts it
  to a structure built for size: a **hashtable** for hashes and sets, a **skiplist** (plus a
  hashtable) for sorted sets. Lookups become constant-time or logarithmic, at the cost of
  more memory per element.

{{example:f-3-intro-encodings}}

Lists are the exception: in Redis 7.0 a list is always a **quicklist**, a linked list of
listpack nodes, whatever its size. Its part explains what changes inside it instead.

The limits are ordinary configuration parameters, so you can read them (and change them) with
\`CONFIG GET\` and \`CONFIG SET\`. These are the values a Redis 7.0 server starts with:

{{example:f-3-intro-thresholds}}

| type | compact encoding | converted to | when |
|---|---|---|---|
| hash | listpack | hashtable | more than 512 fields, or a field or value longer than 64 bytes |
| set | intset | hashtable | more than 512 members, or any member that is not an integer |
| sorted set | listpack | skiplist | more than 128 members, or a member longer than 64 bytes |
| list | quicklist | (stays quicklist) | each listpack node holds up to 8 KB (the -2 setting) |

Two things hold for every conversion, and each part lets you watch them happen. The
conversion is **automatic**: you never ask for it, the command that crosses the limit
performs it. And it is **one way**: removing elements later does not convert the value back,
even when it shrinks to a single element. A value only becomes compact again if it is
rebuilt, for example deleted and written anew.

You can look at an encoding as often as you like: \`OBJECT ENCODING\` only reads, and the
key inspector beside the console shows the same word for every key. Commands give the same
answers whichever encoding a value has, with one visible exception: order. A listpack keeps
fields and members in a fixed order (insertion order for hashes, score order for sorted sets)
and an intset keeps its numbers sorted, so replies such as \`HGETALL\` or \`SMEMBERS\` come back
in a predictable order. A hashtable returns them in whatever order its buckets happen to hold
them, which can change as the table grows. Code that depends on the order of \`HGETALL\` or
\`SMEMBERS\` works in development with small values and breaks in production with large ones;
sort in the application when order matters.

Why should you care, if the commands behave the same either way? Memory. A compact encoding
can take several times less memory than the converted one; \`MEMORY USAGE key\` lets you
compare (module F-10 measures it properly). An application with a million small hashes saves
a lot by keeping each one under the limits, and loses that saving when one long field pushes
them over.
`;

export const introSections: Section[] = [
  { id: "f-3-intro-types", title: "Four collection types", body: types },
  { id: "f-3-intro-choosing", title: "Choosing a type", body: choosing },
  { id: "f-3-intro-lifecycle", title: "Keys appear and vanish with their elements", body: lifecycle },
  { id: "f-3-intro-encodings", title: "Small and compact, big and fast", body: encodings },
];

export const introExamples: Example[] = [
  {
    id: "f-3-intro-types",
    steps: [
      { run: "RPUSH tasks write test ship" },
      { run: "HSET user:1 name Ada city London" },
      { run: "SADD tags redis database" },
      { run: "ZADD scores 120 ada 95 bob" },
      { run: "TYPE tasks" },
      { run: "TYPE user:1" },
      { run: "TYPE tags" },
      { run: "TYPE scores" },
    ],
    expect: ["(integer) 3", "(integer) 2", "(integer) 2", "(integer) 2", "list", "hash", "set", "zset"],
    note: "Each write replies with a count: the list's new length, or how many fields or members were new.",
  },
  {
    id: "f-3-intro-wrongtype",
    steps: [{ run: "SET greeting hello" }, { run: "LPUSH greeting world" }, { run: "GET greeting" }],
    expect: ["OK", "(error) WRONGTYPE Operation against a key holding the wrong kind of value", '"hello"'],
  },
  {
    id: "f-3-intro-empty",
    steps: [
      { run: "RPUSH inbox m1" },
      { run: "EXISTS inbox" },
      { run: "LPOP inbox" },
      { run: "EXISTS inbox" },
      { run: "LLEN inbox" },
      { run: "LRANGE inbox 0 -1" },
    ],
    expect: ["(integer) 1", "(integer) 1", '"m1"', "(integer) 0", "(integer) 0", "(empty array)"],
  },
  {
    id: "f-3-intro-encodings",
    steps: [
      { run: "RPUSH tasks write" },
      { run: "HSET user:1 name Ada" },
      { run: "SADD ids 7 42" },
      { run: "ZADD scores 120 ada" },
      { run: "OBJECT ENCODING tasks" },
      { run: "OBJECT ENCODING user:1" },
      { run: "OBJECT ENCODING ids" },
      { run: "OBJECT ENCODING scores" },
    ],
    expect: ["(integer) 1", "(integer) 1", "(integer) 2", "(integer) 1", '"quicklist"', '"listpack"', '"intset"', '"listpack"'],
  },
  {
    id: "f-3-intro-thresholds",
    steps: [
      { run: "CONFIG GET hash-max-listpack-entries" },
      { run: "CONFIG GET hash-max-listpack-value" },
      { run: "CONFIG GET set-max-intset-entries" },
      { run: "CONFIG GET zset-max-listpack-entries" },
      { run: "CONFIG GET zset-max-listpack-value" },
      { run: "CONFIG GET list-max-listpack-size" },
    ],
    expect: [
      '1) "hash-max-listpack-entries"\n2) "512"',
      '1) "hash-max-listpack-value"\n2) "64"',
      '1) "set-max-intset-entries"\n2) "512"',
      '1) "zset-max-listpack-entries"\n2) "128"',
      '1) "zset-max-listpack-value"\n2) "64"',
      '1) "list-max-listpack-size"\n2) "-2"',
    ],
    note: "Before Redis 7.0 the listpack settings were named *-ziplist-*; 7.0 still accepts the old names as aliases.",
  },
];

export const introExercises: Exercise[] = [
  {
    kind: "build",
    id: "f-3-intro-build-shop",
    title: "One order, four keys",
    prompt:
      "Model order 9 of an online shop as described above, one key per question: `order:9` with the order's `customer` (`ada`) and `total` (`42`) as named parts; `order:9:tags` holding the distinct tags `gift` and `express`; `recent:orders` with the newest order ids in arrival order (just `9` for now); and `orders:by-total` ranking order `9` by its total, 42. Pick the right type for each.",
    solution: [
      { run: "HSET order:9 customer ada total 42" },
      { run: "SADD order:9:tags gift express" },
      { run: "LPUSH recent:orders 9" },
      { run: "ZADD orders:by-total 42 9" },
    ],
    wrong: [
      {
        why: "stores the order as one JSON string",
        steps: [
          { run: `SET order:9 '{"customer":"ada","total":42}'` },
          { run: "SADD order:9:tags gift express" },
          { run: "LPUSH recent:orders 9" },
          { run: "ZADD orders:by-total 42 9" },
        ],
        expectMessage: "named parts",
      },
      {
        why: "keeps tags in a list, where duplicates would creep in",
        steps: [
          { run: "HSET order:9 customer ada total 42" },
          { run: "RPUSH order:9:tags gift express" },
          { run: "LPUSH recent:orders 9" },
          { run: "ZADD orders:by-total 42 9" },
        ],
        expectMessage: "distinct",
      },
    ],
    hints: ["Go through the four questions of the section, one key at a time.", "Named parts, distinct values, arrival order, a number to rank by."],
    checks: [
      custom('"order:9" is a hash with customer and total', async (s) => {
        const k = await s.key("order:9");
        if (!k) return "There is no key order:9 yet.";
        if (k.value.type !== "hash") return `order:9 is a ${k.type}; an object with named parts fits a hash, where each field can change alone.`;
        const f = new Map(k.value.fields);
        return f.get("customer") === "ada" && f.get("total") === "42" ? null : "order:9 should have customer ada and total 42.";
      }),
      custom('"order:9:tags" is a set of the distinct tags', async (s) => {
        const k = await s.key("order:9:tags");
        if (!k) return "There is no key order:9:tags yet.";
        if (k.value.type !== "set") return `order:9:tags is a ${k.type}; tags are distinct values, and a set keeps them distinct for you.`;
        return setIs("order:9:tags", ["gift", "express"]).test(s);
      }),
      keyExists("recent:orders", "list"),
      custom('"orders:by-total" ranks order 9 at 42', async (s) => {
        const k = await s.key("orders:by-total");
        if (!k) return "There is no key orders:by-total yet.";
        if (k.value.type !== "zset") return `orders:by-total is a ${k.type}; ranking by a number is a sorted set's job.`;
        const score = new Map(k.value.entries).get("9");
        return score === 42 ? null : "orders:by-total should hold the member 9 with the score 42.";
      }),
    ],
  },
  {
    kind: "fix",
    id: "f-3-intro-fix-visitors",
    title: "Unique visitors",
    prompt:
      "`visitors` was meant to count the **different** users who visited today, but it was built as a list, and users who came back appear more than once. Replace it with a key of the right type holding each visitor once, so that a single count command gives the number of different visitors.",
    setup: [{ run: "RPUSH visitors ana ben ana cy ben ana" }],
    solution: [{ run: "DEL visitors" }, { run: "SADD visitors ana ben cy" }],
    wrong: [
      {
        why: "removes the duplicates but keeps a list",
        steps: [{ run: "LREM visitors -2 ana" }, { run: "LREM visitors -1 ben" }],
        expectMessage: "the exercise wants a set",
      },
    ],
    hints: ["Which type ignores duplicates by itself?", "LRANGE shows who is in the list; a key can only change type once it is gone."],
    checks: [setIs("visitors", ["ana", "ben", "cy"])],
  },
  {
    kind: "fix",
    id: "f-3-intro-fix-wrongtype",
    title: "A cart that is a string",
    prompt:
      "A bug stored the shopping cart `cart:7` as a plain string. The rest of the app treats a cart as a **set** of product names. Make `cart:7` a set holding `apple` and `pear`.",
    setup: [{ run: "SET cart:7 apple" }],
    solution: [{ run: "DEL cart:7" }, { run: "SADD cart:7 apple pear" }],
    wrong: [
      {
        why: "adds members to the string key",
        steps: [{ run: "SADD cart:7 apple pear" }],
        expectMessage: "still a string",
      },
    ],
    hints: ["Try the obvious command first and read the error carefully.", "A key holds one type. What has to happen to the string before the key can be a set?"],
    checks: [
      custom('"cart:7" is a set', async (s) => {
        const k = await s.key("cart:7");
        if (!k) return "There is no key cart:7 yet.";
        if (k.type === "string") return "cart:7 is still a string: set commands on it fail with WRONGTYPE and leave it unchanged.";
        return k.type === "set" ? null : `cart:7 is a ${k.type}; the app reads it as a set.`;
      }),
      setIs("cart:7", ["apple", "pear"]),
    ],
  },
  {
    kind: "predict",
    id: "f-3-intro-predict-type",
    title: "Predict: what is an emptied list?",
    prompt:
      "The setup ran `RPUSH jobs j1` and then `LPOP jobs`. What does `TYPE jobs` reply now? Store the reply's word in the key `answer` (for example `SET answer string`), then run `TYPE jobs` to check.",
    setup: [{ run: "RPUSH jobs j1" }, { run: "LPOP jobs" }],
    solution: [{ run: "SET answer none" }, { run: "TYPE jobs" }],
    wrong: [
      {
        why: "thinks an empty list stays behind",
        steps: [{ run: "SET answer list" }],
        expectMessage: "last element",
      },
    ],
    hints: ["How many elements does jobs have after the LPOP?", "What does Redis do with a collection that has no elements left?"],
    checks: [
      custom("answer holds what TYPE jobs replies", async (s) => {
        const { value, msg } = await prediction(s);
        if (msg) return msg;
        if (value === "none") return null;
        if (value === "list")
          return "Not quite: an empty list cannot exist. Removing the last element deletes the key, and TYPE of a missing key has its own reply.";
        return `answer holds "${value}". Think about what TYPE says for a key that is not there.`;
      }),
    ],
  },
  {
    kind: "predict",
    id: "f-3-intro-predict-hlen",
    title: "Predict: the length of nothing",
    prompt:
      "There is no key `cart:404`. What does `HLEN cart:404` reply: an error, `(nil)`, or a number? Store the reply in the key `answer` (`SET answer nil`, `SET answer error`, or the number), then run `HLEN cart:404` to check.",
    solution: [{ run: "SET answer 0" }, { run: "HLEN cart:404" }],
    wrong: [
      {
        why: "expects a missing key to give nil, as GET does",
        steps: [{ run: "SET answer nil" }],
        expectMessage: "empty hash",
      },
    ],
    hints: ["How do the length commands treat a key that does not exist? The section above says it."],
    checks: [
      custom("answer holds what HLEN cart:404 replies", async (s) => {
        const { value, msg } = await prediction(s);
        if (msg) return msg;
        const v = value.replace(/^\(integer\)\s*/, "");
        if (v === "0") return null;
        if (v === "nil" || v === "(nil)" || v === "error")
          return "Not quite: collection commands treat a missing key exactly like an empty hash, set, list or sorted set.";
        return `answer holds "${value}".`;
      }),
    ],
  },
];
