/**
 * F-3 part 4, sets: membership (SADD, SISMEMBER, SMISMEMBER, SREM, SCARD), set algebra for
 * tags and audiences (SINTER/SUNION/SDIFF and their STORE forms, SINTERCARD), SMOVE, and the
 * intset → hashtable conversion: at the first member that is not a 64-bit integer, or past
 * set-max-intset-entries (512). Redis 7.0 has no listpack sets (they came in 7.2).
 *
 * Hashtable sets reply in an order Redis does not define, so examples show their contents with
 * SORT ... ALPHA, counts, or single-member replies; intset order (ascending) is shown as is.
 */
import { custom, encodingIs, setIs } from "../checks";
import type { Example, Exercise, Section } from "../types";
import { numbered, prediction } from "./common";

const membership = `
A set holds distinct strings with no order. Adding a member that is already there changes
nothing, so a set is the natural way to collect "who or what, without repeats": the tags on an
article, the users who liked a post, the ids of visitors today. \`SADD\` adds members and replies
with how many were new; \`SREM\` removes them; \`SCARD\` counts them.

The question a set answers best is "is this a member?". \`SISMEMBER\` replies 1 or 0 in constant
time, however large the set, and \`SMISMEMBER\` asks about several members at once. That is the
difference from a list, which would have to scan every element to answer.

{{example:f-3-set-basics}}

\`SMEMBERS\` returns every member. Because a set has no order, Redis makes no promise about the
order of that reply, and it can differ from one run to the next. When you need a stable order
(for display, or in tests), sort the members in your application, or let Redis do it with
\`SORT key ALPHA\` as above. For large sets, \`SSCAN\` walks the members a batch at a time, and
\`SRANDMEMBER\` and \`SPOP\` pick random members (the first leaves them in place, the second
removes them, handy for drawing raffle winners).

Moving a member from one set to another is a single atomic command, \`SMOVE source destination
member\`: no other client can ever see the member in both sets, or in neither. It replies 1 if
the member was moved and 0 if it was not in the source.

{{exercise:f-3-set-build-move}}

A few patterns come up again and again:

- **Likes and votes, counted once.** \`SADD post:9:likes user:42\` replies 1 the first time and
  0 on every repeat, so a double click, a retried request or a second browser tab cannot count
  twice. The reply itself tells the application whether to show "thanks for liking" or
  nothing. \`SCARD\` is the like count, and \`SREM\` is the "unlike" button.
- **Unique visitors per day.** Add each visitor id to \`visitors:2026-11-26\` and read \`SCARD\` at
  the end of the day. Set a TTL so old days clean themselves up. This is exact, but the set
  stores every id; for millions of visitors a day, the HyperLogLog of module F-6 counts them
  approximately in a few kilobytes.
- **Seen it already?** A crawler keeps the URLs it has fetched in a set and asks
  \`SISMEMBER\` before fetching. A job runner records processed message ids the same way to make
  a retried message harmless.
- **Random picks.** \`SRANDMEMBER key 3\` returns three distinct members without removing
  them (with a negative count, repeats are allowed); \`SPOP key\` removes and returns one,
  which is a fair draw from a raffle where nobody can win twice.

Everything in a set is a string, including numbers, and members are compared byte by byte:
\`Redis\` and \`redis\` are two members, and so are \`7\` and \`07\`. Normalise values (case,
spaces, leading zeros) in the application before adding them, or the "no duplicates" promise
will not mean what you expect.
`;

const algebra = `
Sets become powerful when you combine them. \`SINTER\` returns the members common to all the sets
you name, \`SUNION\` the members of any of them, and \`SDIFF\` the members of the first set that are
in none of the others (so the order of the keys matters for \`SDIFF\`, and only for it). Each has
a \`STORE\` form that writes the result to a new key instead of replying with it, and
\`SINTERCARD\`, new in Redis 7.0, only counts the intersection (with an optional \`LIMIT\` to stop
counting early).

{{example:f-3-set-algebra}}

These map directly onto everyday questions:

- **Tags.** Keep one set of article ids per tag (\`tag:redis\`, \`tag:performance\`). Articles
  tagged with both are \`SINTER tag:redis tag:performance\`; articles with either are a
  \`SUNION\`.
- **Audiences.** "Users who signed up this week but have not verified their email" is \`SDIFF
  signups:week verified\`.
- **Mutual friends.** \`SINTER friends:ana friends:ben\`.
- **An index you maintain yourself.** Redis does not index hash fields, so to find every user on
  the pro plan, keep \`plan:pro\` as a set of user ids and update it whenever a user's plan
  changes.

Set operations cost time in proportion to the sets involved (\`SINTER\` starts from the smallest
set and checks each of its members against the others), so intersecting two sets of ten
members is instant and intersecting sets of millions keeps the server busy. Store the results
you reuse, and give them a TTL if they go stale.

{{exercise:f-3-set-build-common}}

{{exercise:f-3-set-fix-banned}}
`;

const encodings = `
A set made only of integers starts out as an **intset**: a sorted array of numbers, each stored
in 2, 4 or 8 bytes (as small as the largest member allows). It is very compact, and because it
is sorted, \`SISMEMBER\` finds a number by binary search. A side effect you can see: \`SMEMBERS\` of
an intset replies in ascending numeric order.

{{example:f-3-set-intset}}

"Integer" here means the exact, canonical text of a signed 64-bit integer, the same rule as the
\`int\` encoding of strings in module F-2: \`42\` and \`-5\` qualify, \`042\`, \`4.0\` and
\`+7\` do not, and neither does a number too big for 64 bits. The set is converted to a
**hashtable** as soon as:

- a member is added that is not such an integer, or
- it would have more than \`set-max-intset-entries\` members (512 by default).

{{example:f-3-set-flip}}

{{exercise:f-3-set-predict-1e3}}

As with hashes, the conversion is one way: removing the text member again leaves a hashtable.
The member count limit works the same way as the hash one; lowering the limit for a moment lets
you watch it without typing hundreds of numbers:

{{example:f-3-set-entries}}

In Redis 7.0 those are the only two encodings a set can have. A set of short strings such as
tags is a hashtable from its first member. (Redis 7.2 added a third, a listpack for small sets
of strings, and you will see it mentioned in newer documentation; it does not exist in 7.0.)
What this means in practice: if your set members are numeric ids, keep them as plain integers
(\`1042\`, not \`user:1042\` or \`01042\`) and a set of up to 512 of them stays in the compact form,
taking a fraction of the memory that the same members in a hashtable would need.

You can see the memory side with \`MEMORY USAGE\`: build the same 500 integers once as an intset
and once with a single text member among them, and compare the two figures. The hashtable
needs a bucket array plus a separate entry and a separate string for every member, where the
intset stores each number in a few bytes of one array, so the difference is large. Module F-10
explains where those bytes go.

There is a cost on the other side too. Adding to an intset means inserting into a sorted array,
which moves the numbers after the insertion point and may reallocate the array, and a lookup
is a binary search rather than a single hash. For 512 members that is still quick; for tens of
thousands it would not be, which is why the limit exists. If an intset's numbers grow past
what its current width can hold (for example a member above 32,767 in a set of small numbers),
Redis widens every element in place to the bigger width; that is still an intset, only
\`MEMORY USAGE\` notices.

Now make the count limit do the work, at its real default:

{{exercise:f-3-set-flip-513}}
`;

export const setSections: Section[] = [
  { id: "f-3-set-membership", title: "Distinct members, fast membership", body: membership },
  { id: "f-3-set-algebra", title: "Intersections, unions, differences", body: algebra },
  { id: "f-3-set-encodings", title: "intset → hashtable", body: encodings },
];

export const setExamples: Example[] = [
  {
    id: "f-3-set-basics",
    steps: [
      { run: "SADD tags:post:1 redis database cache" },
      { run: "SADD tags:post:1 redis" },
      { run: "SCARD tags:post:1" },
      { run: "SISMEMBER tags:post:1 cache" },
      { run: "SMISMEMBER tags:post:1 redis nosql" },
      { run: "SREM tags:post:1 cache" },
      { run: "SORT tags:post:1 ALPHA" },
    ],
    expect: [
      "(integer) 3",
      "(integer) 0",
      "(integer) 3",
      "(integer) 1",
      "1) (integer) 1\n2) (integer) 0",
      "(integer) 1",
      '1) "database"\n2) "redis"',
    ],
    note: "The second SADD added nothing: redis was already a member.",
  },
  {
    id: "f-3-set-algebra",
    steps: [
      { run: "SADD likes:ana tea cake jam" },
      { run: "SADD likes:ben cake jam soup" },
      { run: "SINTERCARD 2 likes:ana likes:ben" },
      { run: "SINTERSTORE both likes:ana likes:ben" },
      { run: "SORT both ALPHA" },
      { run: "SDIFF likes:ana likes:ben" },
      { run: "SUNIONSTORE either likes:ana likes:ben" },
    ],
    expect: ["(integer) 3", "(integer) 3", "(integer) 2", "(integer) 2", '1) "cake"\n2) "jam"', '1) "tea"', "(integer) 4"],
    note: "SINTERCARD's first argument is how many keys follow. The STORE forms reply with the size of the set they wrote.",
  },
  {
    id: "f-3-set-intset",
    steps: [
      { run: "SADD ids 30 10 20" },
      { run: "SADD ids -5" },
      { run: "SMEMBERS ids" },
      { run: "OBJECT ENCODING ids" },
    ],
    expect: ["(integer) 3", "(integer) 1", '1) "-5"\n2) "10"\n3) "20"\n4) "30"', '"intset"'],
  },
  {
    id: "f-3-set-flip",
    steps: [
      { run: "SADD nums 1 2 3" },
      { run: "OBJECT ENCODING nums" },
      { run: "SADD nums hello" },
      { run: "OBJECT ENCODING nums" },
      { run: "SREM nums hello" },
      { run: "OBJECT ENCODING nums" },
    ],
    expect: ["(integer) 3", '"intset"', "(integer) 1", '"hashtable"', "(integer) 1", '"hashtable"'],
    note: "Back to three integers, and still a hashtable.",
  },
  {
    id: "f-3-set-entries",
    steps: [
      { run: "CONFIG SET set-max-intset-entries 4" },
      { run: "SADD few 1 2 3 4" },
      { run: "OBJECT ENCODING few" },
      { run: "SADD few 5" },
      { run: "OBJECT ENCODING few" },
    ],
    expect: ["OK", "(integer) 4", '"intset"', "(integer) 1", '"hashtable"'],
    note: "Reset the exercise or the playground to get the default of 512 back.",
  },
];

const IDS = `SADD ids ${numbered("", 1, 512)}`;
const isInt = (m: string) => /^(0|-?[1-9][0-9]*)$/.test(m);

export const setExercises: Exercise[] = [
  {
    kind: "build",
    id: "f-3-set-build-move",
    title: "Done!",
    prompt:
      "Task `t2` is finished. Move it from the set `todo` to the set `done`, so that it is in `done` and no longer in `todo`. (One command can do both at once.)",
    setup: [{ run: "SADD todo t1 t2 t3" }, { run: "SADD done t0" }],
    solution: [{ run: "SMOVE todo done t2" }],
    wrong: [
      {
        why: "adds to done but forgets to remove from todo",
        steps: [{ run: "SADD done t2" }],
        expectMessage: "still in todo",
      },
    ],
    hints: ["Which set command names a source and a destination?"],
    checks: [
      custom("t2 is no longer in todo", async (s) => {
        const k = await s.key("todo");
        if (k?.value.type === "set" && k.value.members.includes("t2")) return "t2 is still in todo: a finished task would show up in both lists.";
        return null;
      }),
      setIs("done", ["t0", "t2"]),
      setIs("todo", ["t1", "t3"]),
    ],
  },
  {
    kind: "build",
    id: "f-3-set-build-common",
    title: "Tags two articles share",
    prompt:
      "`article:1:tags` and `article:2:tags` hold each article's tags. Store the tags the two articles have **in common** in a new set, `common`, computed by Redis in one command.",
    setup: [{ run: "SADD article:1:tags redis nosql cache database" }, { run: "SADD article:2:tags redis nosql queue" }],
    solution: [{ run: "SINTERSTORE common article:1:tags article:2:tags" }],
    wrong: [
      {
        why: "stores the union instead of the intersection",
        steps: [{ run: "SUNIONSTORE common article:1:tags article:2:tags" }],
        expectMessage: "too many",
      },
    ],
    hints: ["Common to both: is that an intersection, a union or a difference?", "Each of those commands has a form that writes its result to a key."],
    checks: [setIs("common", ["redis", "nosql"])],
  },
  {
    kind: "fix",
    id: "f-3-set-fix-banned",
    title: "Nobody banned is online",
    prompt:
      "`online` is supposed to hold users who are online and allowed in, but it still contains some users from the set `banned`. Remove every banned user from `online` using the two sets, in one command, and leave `banned` as it is.",
    setup: [{ run: "SADD online u1 u2 u3 u4" }, { run: "SADD banned u2 u4 u9" }],
    solution: [{ run: "SDIFFSTORE online online banned" }],
    wrong: [
      {
        why: "swaps the keys of SDIFF: the first key is the one subtracted from",
        steps: [{ run: "SDIFFSTORE online banned online" }],
        expectMessage: "order of the keys",
      },
      {
        why: "removes only one banned user",
        steps: [{ run: "SREM online u2" }],
        expectMessage: "u4",
      },
    ],
    hints: ["online minus banned: which set operation is that?", "It can write its result back to one of its own inputs."],
    checks: [
      custom("online holds no banned user", async (s) => {
        const k = await s.key("online");
        if (!k) return "online is gone, with the users who were allowed in.";
        if (k.value.type !== "set") return `online is a ${k.type}; keep it a set.`;
        if (k.value.members.includes("u9"))
          return "online now holds u9, who was never online: SDIFF keeps the members of the first set that are in none of the others, so the order of the keys matters.";
        const left = k.value.members.filter((m) => ["u2", "u4"].includes(m));
        return left.length ? `online still holds ${left.join(" and ")}, banned.` : null;
      }),
      setIs("online", ["u1", "u3"]),
      setIs("banned", ["u2", "u4", "u9"]),
    ],
  },
  {
    kind: "predict",
    id: "f-3-set-predict-1e3",
    title: "Predict: is 1e3 an integer?",
    prompt:
      "The setup ran `SADD scores 100 200 300`, an intset. You will run `SADD scores 1e3`. What does `OBJECT ENCODING scores` reply after that? Store your prediction in the key `answer` (for example `SET answer listpack`), then run both commands to check.",
    setup: [{ run: "SADD scores 100 200 300" }],
    solution: [{ run: "SET answer hashtable" }, { run: "SADD scores 1e3" }, { run: "OBJECT ENCODING scores" }],
    wrong: [
      {
        why: "reads 1e3 as the number one thousand",
        steps: [{ run: "SET answer intset" }],
        expectMessage: "canonical",
      },
      {
        why: "expects the listpack sets of Redis 7.2",
        steps: [{ run: "SET answer listpack" }],
        expectMessage: "7.2",
      },
    ],
    hints: ["Would 1e3 pass as the int encoding of a string in module F-2?", "Which two encodings can a set have in Redis 7.0?"],
    checks: [
      custom("answer holds the encoding after SADD scores 1e3", async (s) => {
        const { value, msg } = await prediction(s);
        if (msg) return msg;
        if (value === "hashtable") return null;
        if (value === "intset")
          return "Not quite: 1e3 means a thousand to a programmer, but it is not the canonical text of an integer (that would be 1000), so it cannot go into an intset.";
        if (value === "listpack") return "Not in this version: listpack sets arrived in Redis 7.2. A Redis 7.0 set has two encodings.";
        return `answer holds "${value}". A Redis 7.0 set is either an intset or a hashtable.`;
      }),
    ],
  },
  {
    kind: "signature",
    id: "f-3-set-flip-513",
    title: "The 513th member",
    prompt:
      "The set `ids` holds the integers 1 to 512 and is an intset. Make it a **hashtable** while every member stays an integer, adding as few members as you can.",
    setup: [{ run: IDS }],
    solution: [{ run: "SADD ids 513" }, { run: "OBJECT ENCODING ids" }],
    wrong: [
      {
        why: "adds a text member: that flips it too, but the exercise keeps integers only",
        steps: [{ run: "SADD ids x" }],
        expectMessage: "not an integer",
      },
      {
        why: "adds more members than needed",
        steps: [{ run: "SADD ids 513 514 515" }],
        expectMessage: "fewer",
      },
      {
        why: "adds a member that is already there",
        steps: [{ run: "SADD ids 512" }],
        expectMessage: "512 members",
      },
    ],
    hints: [
      "CONFIG GET set-max-intset-entries. Is that the largest intset, or the first hashtable?",
      "SADD of a member that is already there changes nothing. SCARD counts the members.",
    ],
    checks: [
      custom("every member of ids is an integer", async (s) => {
        const k = await s.key("ids");
        if (!k) return "There is no key ids.";
        if (k.value.type !== "set") return `ids is a ${k.type}; keep it a set.`;
        const odd = k.value.members.find((m) => !isInt(m));
        return odd === undefined ? null : `"${odd}" is not an integer: it flips the set too, but this exercise wants the count to do it.`;
      }),
      custom("ids is a hashtable with as few members as possible", async (s) => {
        const k = await s.key("ids");
        if (!k || k.value.type !== "set") return "ids is not a set.";
        const n = k.length;
        if (k.encoding !== "hashtable") return `ids has ${n} members and is still stored as ${k.encoding}.`;
        if (n > 513) return `ids flipped with ${n} members; it can be done with fewer.`;
        return encodingIs("ids", "hashtable").test(s);
      }),
    ],
  },
];
