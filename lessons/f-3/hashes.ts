/**
 * F-3 part 3, hashes: objects as field → value maps (HSET, HGET, HMGET, HGETALL, HINCRBY,
 * HSETNX, HDEL), and the listpack → hashtable conversion at both of its triggers: more than
 * hash-max-listpack-entries fields (512 in Redis 7.0) or a field or value longer than
 * hash-max-listpack-value bytes (64). Conversions are one way; the fix exercise makes the
 * learner rebuild a hash to get the compact form back.
 */
import { custom, encodingIs, hashHas } from "../checks";
import type { Example, Exercise, Section } from "../types";
import { numbered, prediction } from "./common";

/** 64 and 65 bytes: one byte either side of hash-max-listpack-value. */
export const LAMP_64 = "Warm brass desk lamp with a linen shade and a long braided cable";
export const LAMP_65 = `${LAMP_64}.`;
const LONG_DESCRIPTION = "Hand-thrown stoneware mug, glazed in deep blue, holds 350 ml, dishwasher safe and microwave safe";

const fields = `
A hash stores one object under one key: a set of **fields**, each with a string value. It is
the natural home for anything you would write as a record or a small JSON object, such as a
user, a product or a session. \`HSET\` sets one or more fields and replies with how many of
them were new; \`HGET\` reads one field, \`HMGET\` several (with \`(nil)\` for a missing one),
and \`HGETALL\` every field with its value.

{{example:f-3-hash-basics}}

Unlike a JSON string, a hash lets you change one field without touching the others. Setting an
existing field replaces its value (and \`HSET\` counts it as 0 new fields). \`HSETNX\` sets a
field only if it does not exist yet, which is handy for defaults. \`HDEL\` removes fields, and
as with every collection, removing the last field removes the key. \`HKEYS\` and \`HVALS\` list
just the names or just the values.

{{example:f-3-hash-update}}

Values are plain strings, but a field that holds an integer can be incremented in place with
\`HINCRBY\`, atomically, exactly like \`INCR\` on a string key; \`HINCRBYFLOAT\` does the same
with decimals. A missing field counts as 0. This is how you count logins, page views or stock
per object without reading and rewriting the whole record.

{{example:f-3-hash-counters}}

There is no nesting: a field's value is a string, never another hash. Model a user's address
as fields of their own (\`address_city\`, \`address_zip\`) or as a separate hash
(\`user:100:address\`). There is also no per-field expiry in Redis 7.0: a TTL applies to the
whole key.

A typical use puts these together. A web session is a hash keyed by the session id: \`HSET\`
writes the user id, the login time and a few preferences when the user signs in, every request
reads the fields it needs with \`HMGET\`, a shopping counter moves with \`HINCRBY\`, and one
\`EXPIRE\` on the key makes the whole session disappear after a period of inactivity (module F-5
covers expiry). Stock levels work the same way: \`HINCRBY stock:42 warehouse_a -1\` takes one
item out, atomically, even when a hundred requests arrive at once, and the reply tells you
straight away whether the count went below zero.

{{exercise:f-3-hash-build-profile}}
`;

const modelling = `
Before hashes, people often stored an object as one string key per field:
\`user:7:name\`, \`user:7:email\`, \`user:7:plan\`. It works, but it multiplies keys: each one
carries its own overhead in the keyspace, a \`SCAN\` has to wade through all of them, and
reading the whole user means collecting several keys. A hash keeps the object together under
one key, \`HGETALL\` reads it in one command, and \`DEL\` removes it in one go.

Hashes also fit a pattern that keeps memory low: many small objects. A million users stored
as a million small hashes, each with a handful of short fields, stay in the compact encoding
described below, and that is far cheaper than a million objects' worth of separate keys.
(Module F-10 measures the difference with \`MEMORY USAGE\`.)
Field names are stored in every hash, so across a million hashes a long name such as
\`last_login_timestamp\` adds up; readable names are usually still worth it, but there is no
need for sentences.

A hash is not the right tool for everything shaped like a map. If you need to find objects by
a field's value ("every user on the pro plan"), Redis will not index the fields for you: keep
a set of user ids per plan next to the hashes, as part 4 shows. And a hash with millions of
fields in one key is possible but awkward: it lives on one server, it cannot expire piece by
piece, and deleting it is a big job.

Reading a whole hash deserves a moment's thought too. \`HGETALL\`, \`HKEYS\` and \`HVALS\` reply
with everything at once, which is ideal for a profile of ten fields and a problem for a hash of
a million: the server builds one enormous reply while every other client waits. For big
hashes, \`HSCAN key cursor\` walks the fields a batch at a time, the same way \`SCAN\` walks the
keyspace, and \`HRANDFIELD\` picks random fields (useful for sampling). For a small listpack
hash, \`HGETALL\` returns the fields in the order they were first added; once the hash is a
hashtable the order is whatever the table's buckets give, so never rely on it.

{{exercise:f-3-hash-fix-loose}}
`;

const encodings = `
A small hash is stored as a **listpack**: field and value written one after the other in one
block of memory. \`HGET\` scans the block, which costs nothing noticeable for a few hundred
short entries and saves the memory of a hash table's buckets and pointers. Redis converts the
hash to a real **hashtable** as soon as either limit is crossed:

- it would have more than \`hash-max-listpack-entries\` fields (512 by default), or
- a field name or a value would be longer than \`hash-max-listpack-value\` bytes (64 by default).

Typing 513 fields by hand is no fun, so the next example lowers the first limit to 4 for the
moment. The mechanism is exactly the same at 512; the exercise after it works with the real
default. Watch the fifth field convert the hash, and then watch the hash stay converted while
its fields are deleted down to one:

{{example:f-3-hash-entries}}

{{exercise:f-3-hash-predict-513}}

The length limit applies to field names as well as values: a field name of 65 bytes converts the
hash just as a long value does. What counts is bytes, not characters, exactly as for \`STRLEN\` in
module F-2, so 40 characters of text with accents or emoji can already be more than 64 bytes.

The length limit is checked on every write, so a single long value is enough. One byte makes
the difference:

{{example:f-3-hash-value}}

Nothing ever converts a hash back. A hashtable hash stays a hashtable when it shrinks, when
the long value is shortened, even when it is down to one field; only a hash that is rebuilt
(deleted and written again, or restored from a snapshot) is measured afresh. In practice this
means one unusually long field, written once, can leave an object in the more expensive form for
good. If long text belongs to an object (a product description, a bio), consider storing it in
its own string key and keeping the hash for the short fields.

{{exercise:f-3-hash-fix-compact}}

Why are the limits 512 and 64, and should you change them? They are a trade-off between
memory and CPU. A listpack has no index: finding a field means walking the block from the
start, and inserting means moving bytes and sometimes reallocating the block. For a few hundred
short entries that walk stays within a few cache lines and is fast; for thousands of entries,
or entries of kilobytes, each operation would copy and scan far more memory than a hash table
lookup costs. The defaults keep every listpack operation cheap while still covering most
real objects. Raising \`hash-max-listpack-entries\` saves memory for hashes that are slightly
larger than usual, at the price of slower writes to them; it is worth measuring with
\`MEMORY USAGE\` and a benchmark before changing it in production. Lowering the limits rarely
helps. Either way, a change applies from the next write to each hash: existing hashes are not
converted in bulk when you run \`CONFIG SET\`.

Now flip one yourself, with the smallest change that does it:

{{exercise:f-3-hash-flip-value}}
`;

export const hashSections: Section[] = [
  { id: "f-3-hash-fields", title: "Objects as field → value maps", body: fields },
  { id: "f-3-hash-modelling", title: "One hash, not many keys", body: modelling },
  { id: "f-3-hash-encodings", title: "listpack → hashtable", body: encodings },
];

export const hashExamples: Example[] = [
  {
    id: "f-3-hash-basics",
    steps: [
      { run: "HSET user:100 name Ada email ada@example.com plan free" },
      { run: "HGET user:100 plan" },
      { run: "HMGET user:100 name plan phone" },
      { run: "HLEN user:100" },
      { run: "HEXISTS user:100 phone" },
      { run: "HGETALL user:100" },
    ],
    expect: [
      "(integer) 3",
      '"free"',
      '1) "Ada"\n2) "free"\n3) (nil)',
      "(integer) 3",
      "(integer) 0",
      '1) "name"\n2) "Ada"\n3) "email"\n4) "ada@example.com"\n5) "plan"\n6) "free"',
    ],
    note: "HGETALL replies with a flat list: field, value, field, value.",
  },
  {
    id: "f-3-hash-update",
    steps: [
      { run: "HSET user:100 name Ada email ada@example.com plan free" },
      { run: "HSET user:100 plan pro" },
      { run: "HSETNX user:100 plan trial" },
      { run: "HSETNX user:100 theme dark" },
      { run: "HDEL user:100 email" },
      { run: "HKEYS user:100" },
      { run: "HVALS user:100" },
    ],
    expect: ["(integer) 3", "(integer) 0", "(integer) 0", "(integer) 1", "(integer) 1", '1) "name"\n2) "plan"\n3) "theme"', '1) "Ada"\n2) "pro"\n3) "dark"'],
    note: "HSETNX did not touch plan, which already existed, but added theme.",
  },
  {
    id: "f-3-hash-counters",
    steps: [
      { run: "HSET page:home title Home" },
      { run: "HINCRBY page:home views 1" },
      { run: "HINCRBY page:home views 10" },
      { run: "HINCRBYFLOAT page:home rating 4.5" },
      { run: "HINCRBY page:home title 1" },
    ],
    expect: ["(integer) 1", "(integer) 1", "(integer) 11", '"4.5"', "(error) ERR hash value is not an integer"],
    note: "Note the hash's own wording of the error: a title is not a number.",
  },
  {
    id: "f-3-hash-entries",
    steps: [
      { run: "CONFIG SET hash-max-listpack-entries 4" },
      { run: "HSET small f1 a f2 b f3 c f4 d" },
      { run: "OBJECT ENCODING small" },
      { run: "HSET small f5 e" },
      { run: "OBJECT ENCODING small" },
      { run: "HDEL small f2 f3 f4 f5" },
      { run: "OBJECT ENCODING small" },
    ],
    expect: ["OK", "(integer) 4", '"listpack"', "(integer) 1", '"hashtable"', "(integer) 4", '"hashtable"'],
    note: "Down to one field, and still a hashtable. (Reset the exercise or the playground to get the default of 512 back.)",
  },
  {
    id: "f-3-hash-value",
    steps: [
      { run: `HSET lamp:64 blurb "${LAMP_64}"` },
      { run: "HSTRLEN lamp:64 blurb" },
      { run: "OBJECT ENCODING lamp:64" },
      { run: `HSET lamp:65 blurb "${LAMP_65}"` },
      { run: "HSTRLEN lamp:65 blurb" },
      { run: "OBJECT ENCODING lamp:65" },
    ],
    expect: ["(integer) 1", "(integer) 64", '"listpack"', "(integer) 1", "(integer) 65", '"hashtable"'],
    note: "HSTRLEN measures a field's value in bytes; the final full stop is the 65th.",
  },
];

const INVENTORY = `HSET inventory ${numbered("sku", 1, 512, () => "1")}`;

export const hashExercises: Exercise[] = [
  {
    kind: "build",
    id: "f-3-hash-build-profile",
    title: "A user profile",
    prompt:
      "Store the user `user:42` as a **hash** with exactly three fields: `name` = `Grace`, `plan` = `pro` and `logins` = `3`.",
    solution: [{ run: "HSET user:42 name Grace plan pro logins 3" }],
    wrong: [
      {
        why: "stores the object as a JSON string",
        steps: [{ run: `SET user:42 '{"name":"Grace","plan":"pro","logins":3}'` }],
        expectMessage: "the exercise wants a hash",
      },
      {
        why: "one key per field",
        steps: [{ run: "MSET user:42:name Grace user:42:plan pro user:42:logins 3" }],
        expectMessage: "no key",
      },
    ],
    hints: ["One command can set several fields at once.", "HSET takes the key, then field and value pairs."],
    checks: [hashHas("user:42", { name: "Grace", plan: "pro", logins: "3" }, { exact: true })],
  },
  {
    kind: "fix",
    id: "f-3-hash-fix-loose",
    title: "Gather the loose keys",
    prompt:
      "An older version of the app stored user 7 as three string keys: `user:7:name`, `user:7:email` and `user:7:plan`. Move the user into one hash, `user:7`, with fields `name`, `email` and `plan` holding the same values, and remove the three old keys.",
    setup: [{ run: "MSET user:7:name Lin user:7:email lin@example.com user:7:plan free" }],
    solution: [
      { run: "HSET user:7 name Lin email lin@example.com plan free" },
      { run: "DEL user:7:name user:7:email user:7:plan" },
    ],
    wrong: [
      {
        why: "builds the hash but leaves the old keys behind",
        steps: [{ run: "HSET user:7 name Lin email lin@example.com plan free" }],
        expectMessage: "old keys still exist",
      },
    ],
    hints: ["MGET reads the three values in one go.", "Once the hash is complete, one DEL can remove several keys."],
    checks: [
      hashHas("user:7", { name: "Lin", email: "lin@example.com", plan: "free" }, { exact: true }),
      custom("the loose user:7:* keys are gone", async (s) => {
        const left = (await s.keys()).filter((k) => k.key.startsWith("user:7:")).length;
        return left === 0 ? null : `${left} of the old keys still exist (user:7:...). Two copies of the same data drift apart.`;
      }),
    ],
  },
  {
    kind: "predict",
    id: "f-3-hash-predict-513",
    title: "Predict: the 513th field",
    prompt:
      "The setup filled the hash `inventory` with 512 fields, `sku1` … `sku512` (check with `HLEN inventory` and `OBJECT ENCODING inventory`). Then you will run `HSET inventory sku513 1`. What will `OBJECT ENCODING inventory` reply after that? Store your prediction in the key `answer` (for example `SET answer intset`), then run both commands to check.",
    setup: [{ run: INVENTORY }],
    solution: [{ run: "SET answer hashtable" }, { run: "HSET inventory sku513 1" }, { run: "OBJECT ENCODING inventory" }],
    wrong: [
      {
        why: "thinks 512 fields is where the conversion starts, not the last compact size",
        steps: [{ run: "SET answer listpack" }, { run: "HSET inventory sku513 1" }],
        expectMessage: "at most 512",
      },
    ],
    hints: ["CONFIG GET hash-max-listpack-entries shows the limit. Is it the largest listpack size, or the first hashtable size?"],
    checks: [
      custom("answer holds the encoding after the 513th field", async (s) => {
        const { value, msg } = await prediction(s);
        if (msg) return msg;
        if (value === "hashtable") return null;
        if (value === "listpack")
          return "Not quite: a listpack hash holds at most 512 fields (hash-max-listpack-entries). The 513th field is one too many.";
        return `answer holds "${value}". A hash has two possible encodings.`;
      }),
    ],
  },
  {
    kind: "fix",
    id: "f-3-hash-fix-compact",
    title: "Make a product compact again",
    prompt: `\`product:1\` has a long \`description\` field (${LONG_DESCRIPTION.length} bytes) that pushed it into the hashtable encoding. Move the description into its own string key, \`product:1:description\`, and get \`product:1\` back to **listpack** with only its \`name\` and \`price\` fields.`,
    setup: [{ run: `HSET product:1 name Mug price 12 description "${LONG_DESCRIPTION}"` }],
    solution: [
      { run: `SET product:1:description "${LONG_DESCRIPTION}"` },
      { run: "DEL product:1" },
      { run: "HSET product:1 name Mug price 12" },
    ],
    wrong: [
      {
        why: "expects HDEL of the long field to convert the hash back",
        steps: [{ run: `SET product:1:description "${LONG_DESCRIPTION}"` }, { run: "HDEL product:1 description" }],
        expectMessage: "does not convert it back",
      },
    ],
    hints: [
      "Save the description first (HGET shows it), then deal with the hash.",
      "Remove the long field and ask OBJECT ENCODING again. Is it what you expected?",
      "A hash is measured afresh only when it is written from scratch.",
    ],
    checks: [
      custom('"product:1:description" holds the description', async (s) => {
        const k = await s.key("product:1:description");
        if (!k) return "There is no key product:1:description yet: save the description before it is lost.";
        if (k.value.type !== "string") return `product:1:description is a ${k.type}; a plain string fits one long text.`;
        return k.value.value === LONG_DESCRIPTION ? null : "product:1:description does not hold the original description.";
      }),
      hashHas("product:1", { name: "Mug", price: "12" }, { exact: true }),
      custom('"product:1" is stored as listpack', async (s) => {
        const k = await s.key("product:1");
        if (!k) return "There is no key product:1.";
        if (k.encoding === "listpack") return null;
        if (k.value.type === "hash" && !k.value.fields.some(([f]) => f === "description"))
          return "product:1 is still stored as hashtable: removing the long field does not convert it back. A converted hash stays converted.";
        return `product:1 is stored as ${k.encoding}.`;
      }),
    ],
  },
  {
    kind: "signature",
    id: "f-3-hash-flip-value",
    title: "One byte over",
    prompt:
      "The hash `catalog:7` has three short fields and is stored as listpack. Make it flip to **hashtable** by changing the value of `blurb` only: no new fields, `name` and `color` untouched. Use the **shortest** value that makes it flip.",
    setup: [{ run: 'HSET catalog:7 name "Desk lamp" color brass blurb "Warm light"' }],
    solution: [{ run: `HSET catalog:7 blurb "${LAMP_65}"` }, { run: "OBJECT ENCODING catalog:7" }],
    wrong: [
      {
        why: "stops at the limit itself",
        steps: [{ run: `HSET catalog:7 blurb "${LAMP_64}"` }],
        expectMessage: "64 bytes still fit",
      },
      {
        why: "adds a new field instead of changing blurb",
        steps: [{ run: `HSET catalog:7 notes "${LAMP_65}"` }],
        expectMessage: "4 fields",
      },
      {
        why: "uses a value far longer than needed",
        steps: [{ run: `HSET catalog:7 blurb "${LAMP_65} Ships in two days."` }],
        expectMessage: "shorter value",
      },
    ],
    hints: [
      "Which setting limits the length of a value in a listpack hash? CONFIG GET it.",
      "Is a value exactly at that limit still allowed?",
      "HSTRLEN catalog:7 blurb tells you how long your value is.",
    ],
    checks: [
      custom('"catalog:7" keeps exactly name, color and blurb', async (s) => {
        const k = await s.key("catalog:7");
        if (!k) return "There is no key catalog:7.";
        if (k.value.type !== "hash") return `catalog:7 is a ${k.type}; keep it a hash.`;
        const names = k.value.fields.map(([f]) => f).sort();
        if (names.join() !== "blurb,color,name") return `catalog:7 has ${names.length} fields (${names.join(", ")}); change blurb's value instead of adding fields.`;
        const have = new Map(k.value.fields);
        if (have.get("name") !== "Desk lamp" || have.get("color") !== "brass") return "name and color should stay as they were.";
        return null;
      }),
      custom('"catalog:7" is stored as hashtable, with the shortest blurb that does it', async (s) => {
        const k = await s.key("catalog:7");
        if (!k || k.value.type !== "hash") return "catalog:7 is not a hash.";
        const blurb = new Map(k.value.fields).get("blurb") ?? "";
        if (k.encoding === "listpack")
          return blurb.length === 64
            ? "catalog:7 is still listpack: values of 64 bytes still fit, the limit is the longest allowed."
            : `catalog:7 is still listpack; blurb is ${blurb.length} bytes.`;
        if (blurb.length > 65) return `catalog:7 flipped, but blurb is ${blurb.length} bytes: a shorter value would have done it.`;
        return encodingIs("catalog:7", "hashtable").test(s);
      }),
    ],
  },
];

