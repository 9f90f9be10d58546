/**
 * F-3 part 2, lists: both ends in O(1), queues (LPUSH + RPOP, BRPOP, LMOVE), capped lists
 * (LTRIM), edits in the middle (LPOS, LREM, LINSERT, LSET), and what a list is in Redis 7.0:
 * always a quicklist, whose listpack nodes list-max-listpack-size sizes. There is no list
 * encoding flip to show in 7.0 (listpack lists arrived in 7.2), so the signature exercise
 * reshapes the nodes instead and reads them back from DEBUG OBJECT.
 */
import { custom, encodingIs, listIs } from "../checks";
import type { Example, Exercise, Section } from "../types";
import { debugObjectField, prediction } from "./common";

const ends = `
A list is a sequence of strings in the order you inserted them. Duplicates are fine. You add at either end: \`LPUSH\` puts elements at
the head (the **left**), \`RPUSH\` at the tail (the **right**). Both reply with the list's new
length, and both accept several elements at once.

\`LRANGE key start stop\` reads a slice. Positions count from 0 at the head, and negative
positions count from the tail, so \`-1\` is the last element and \`LRANGE key 0 -1\` is the
whole list. \`LINDEX\` reads one position and \`LLEN\` the length.

{{example:f-3-list-basics}}

Notice that \`LPUSH todo z y\` pushes \`z\` first and then \`y\` in front of it: several
elements pushed at the head end up in reverse order. \`RPUSH\` keeps them in the order given.

Adding or removing at either end costs the same whether the list holds ten elements or ten
million: Redis keeps a pointer to both ends. Reaching a position in the middle (\`LINDEX\`,
\`LSET\`, \`LINSERT\`) means walking from the nearer end, so it gets slower as lists grow. Lists
are built for working at the ends.

That makes a list a good fit for a timeline read page by page from the newest entry:
\`LRANGE timeline 0 9\` is the first page, \`LRANGE timeline 10 19\` the second, and each costs
little because it starts at the head. Positions past the end are simply cut off, so asking
for a page beyond the last one gives an empty reply rather than an error. Two more pushes are
worth knowing: \`LPUSHX\` and \`RPUSHX\` push only when the list already exists, which lets
a writer add to a list that someone else created without accidentally creating a new one (for
example, appending to the feed of a user who is still logged in). And \`LMPOP\`, new in
Redis 7.0, pops from the first non-empty list among several keys you name, from the end you
choose, optionally several elements at once.

A list is the wrong tool when you need to ask "is this element in there?" often: that question
means scanning the whole list. Sets (part 4) answer it in one step. And if every element needs
a score or a priority that can change, reach for a sorted set (part 5) rather than keeping a
list sorted by hand.

{{exercise:f-3-list-predict-encoding}}
`;

const queues = `
Push at one end, pop at the other, and you have a **queue**: the first job in is the first job
out. The common convention is \`LPUSH\` for producers and \`RPOP\` for consumers. \`RPOP\` (and
\`LPOP\`) take an optional count to remove several elements at once, and reply \`(nil)\` when
the list is empty or missing. Push and pop at the same end instead and you have a **stack**.

{{example:f-3-list-queue}}

{{exercise:f-3-list-build-queue}}

A worker that loops on \`RPOP\` wastes effort asking an empty queue again and again. \`BRPOP\`
(and \`BLPOP\`) **block** instead: if the list is empty, the connection waits until another
client pushes, or until the timeout in seconds runs out (\`0\` waits for ever). When an element
is there, it replies at once with two lines, the key it popped from and the element, because
one \`BRPOP\` can watch several queues and take from the first that has work.

{{example:f-3-list-brpop}}

Try the waiting yourself with two console tabs: in one, run \`BRPOP queue:jobs 0\` on an empty
list and see it hang; in the other, \`LPUSH queue:jobs hello\`. The first tab wakes up with the
job. When several workers wait on the same list, the one that has waited longest is served
first. Module F-4 looks closer at what blocking means for a single-threaded server: only the
waiting connection is paused, every other client carries on.

A popped job lives only in the worker's memory. If the worker crashes halfway, the job is gone.
\`LMOVE source destination RIGHT LEFT\` pops from one list and pushes onto another in a single
atomic step, so a worker can move a job into its own \`processing\` list, do the work, and
remove it from there when done (\`LREM\`). A job left behind in \`processing\` shows a crash and
can be retried. (\`BLMOVE\` is the blocking form; \`RPOPLPUSH\` is the older name for the same
idea.)

{{example:f-3-list-lmove}}
`;

const capped = `
A list that only grows eventually becomes a problem. \`LTRIM key start stop\` keeps the range
you name and deletes everything else, so \`LPUSH\` followed by \`LTRIM key 0 99\` keeps the 100
newest entries of an activity feed or a log: the newest entry is always at the head, and the
oldest falls off the tail. Trimming a few elements off the end is cheap, so this pair is a
common pattern after every push.

{{example:f-3-list-capped}}

{{exercise:f-3-list-fix-capped}}

For the middle of a list there is a small toolbox. \`LPOS\` finds the position of an element
(with \`RANK\` for the second or third match and \`COUNT 0\` for all of them). \`LREM key count
element\` removes matches: a positive count removes that many from the head, a negative one
from the tail, and \`0\` removes them all. \`LINSERT key BEFORE|AFTER pivot element\` inserts
next to the first match, and \`LSET key index element\` replaces one position. All of these walk
the list, so use them on short lists or rarely.

{{example:f-3-list-edit}}

{{exercise:f-3-list-fix-playlist}}
`;

const quicklist = `
Ask Redis 7.0 how it stores a list and the answer is always the same, even for a list of one
element:

{{example:f-3-list-quicklist}}

A **quicklist** is a doubly linked list whose nodes are small listpacks. Each listpack packs a
run of elements next to each other in one block of memory, which is compact and friendly to
the CPU cache; linking many such blocks keeps pushes and pops at both ends cheap however long
the list gets. It is a compromise between a linked list of single elements (fast at the ends,
but two pointers of overhead per element) and one huge array (compact, but every insertion
near the front would move everything).

How big each node may grow is set by \`list-max-listpack-size\`. A negative value is a size
limit in bytes: \`-2\`, the default, means 8 KB per node (\`-1\` is 4 KB and \`-5\` is 64 KB). A
positive value is a limit on the number of elements per node instead. \`DEBUG OBJECT\` shows the
quicklist's figures: \`ql_nodes\` (how many nodes), \`ql_avg_node\` (elements per node) and
\`ql_listpack_max\` (the setting in force). DEBUG is a diagnostic command; production servers
usually disable it, but this playground enables it so you can look inside.

{{example:f-3-list-nodes}}

Each \`DEBUG OBJECT\` line starts with a memory address and idle-time figures that differ from
run to run; look for \`ql_nodes:1\` in the first and \`ql_nodes:3\` with \`ql_avg_node:3.33\` in
the second. Ten elements in nodes of at most four make three nodes.

A list keeps the node size that was in force when it was created. Changing the setting later
shapes the lists created afterwards; an existing list goes on filling its nodes by its own
rule, and nodes already built are never repacked. To give a list the new shape, rebuild it.
There is also \`list-compress-depth\`, which compresses the nodes in the middle of a long list
and leaves a few at each end uncompressed, where pushes and pops happen. It is 0, off, by
default.

One warning if you read about lists elsewhere: since Redis 7.2, a small list is stored as a
single plain listpack and \`OBJECT ENCODING\` replies \`listpack\` for it. Redis 7.0, the
version this course teaches, has no such conversion: every list is a quicklist from its first
element.

{{exercise:f-3-list-nodes}}
`;

export const listSections: Section[] = [
  { id: "f-3-list-ends", title: "Pushing and reading", body: ends },
  { id: "f-3-list-queues", title: "Queues and blocking pops", body: queues },
  { id: "f-3-list-capped", title: "Capped lists and edits in the middle", body: capped },
  { id: "f-3-list-quicklist", title: "Inside a list: a quicklist of listpacks", body: quicklist },
];

export const listExamples: Example[] = [
  {
    id: "f-3-list-basics",
    steps: [
      { run: "RPUSH todo a b c" },
      { run: "LPUSH todo z y" },
      { run: "LRANGE todo 0 -1" },
      { run: "LINDEX todo -1" },
      { run: "LLEN todo" },
    ],
    expect: ["(integer) 3", "(integer) 5", '1) "y"\n2) "z"\n3) "a"\n4) "b"\n5) "c"', '"c"', "(integer) 5"],
  },
  {
    id: "f-3-list-queue",
    steps: [
      { run: "LPUSH queue:email e1" },
      { run: "LPUSH queue:email e2 e3" },
      { run: "RPOP queue:email" },
      { run: "RPOP queue:email 2" },
      { run: "RPOP queue:email" },
    ],
    expect: ["(integer) 1", "(integer) 3", '"e1"', '1) "e2"\n2) "e3"', "(nil)"],
    note: "e1 went in first and came out first.",
  },
  {
    id: "f-3-list-brpop",
    steps: [{ run: "LPUSH queue:jobs job1" }, { run: "BRPOP queue:jobs 5" }, { run: "LLEN queue:jobs" }],
    expect: ["(integer) 1", '1) "queue:jobs"\n2) "job1"', "(integer) 0"],
    note: "There was a job, so BRPOP did not wait at all.",
  },
  {
    id: "f-3-list-lmove",
    steps: [
      { run: "RPUSH tasks t1 t2 t3" },
      { run: "LMOVE tasks processing RIGHT LEFT" },
      { run: "LRANGE processing 0 -1" },
      { run: "LREM processing 1 t3" },
      { run: "LRANGE tasks 0 -1" },
    ],
    expect: ["(integer) 3", '"t3"', '1) "t3"', "(integer) 1", '1) "t1"\n2) "t2"'],
  },
  {
    id: "f-3-list-capped",
    steps: [{ run: "LPUSH feed p1 p2 p3 p4 p5 p6" }, { run: "LTRIM feed 0 2" }, { run: "LRANGE feed 0 -1" }],
    expect: ["(integer) 6", "OK", '1) "p6"\n2) "p5"\n3) "p4"'],
    note: "The three newest posts stay; p1, p2 and p3 fell off the tail.",
  },
  {
    id: "f-3-list-edit",
    steps: [
      { run: "RPUSH songs intro ad one ad two" },
      { run: "LPOS songs ad" },
      { run: "LPOS songs ad COUNT 0" },
      { run: "LREM songs 1 ad" },
      { run: "LINSERT songs AFTER one bonus" },
      { run: "LSET songs 0 welcome" },
      { run: "LRANGE songs 0 -1" },
    ],
    expect: [
      "(integer) 5",
      "(integer) 1",
      "1) (integer) 1\n2) (integer) 3",
      "(integer) 1",
      "(integer) 5",
      "OK",
      '1) "welcome"\n2) "one"\n3) "bonus"\n4) "ad"\n5) "two"',
    ],
    note: "LREM with a count of 1 removed only the first ad, counting from the head.",
  },
  {
    id: "f-3-list-quicklist",
    steps: [{ run: "RPUSH single x" }, { run: "OBJECT ENCODING single" }, { run: "DEBUG OBJECT single" }],
    expect: ["(integer) 1", '"quicklist"', null],
    note: "DEBUG OBJECT's address and idle figures vary; look for encoding:quicklist and ql_nodes:1.",
  },
  {
    id: "f-3-list-nodes",
    steps: [
      { run: "RPUSH before 1 2 3 4 5 6 7 8 9 10" },
      { run: "DEBUG OBJECT before" },
      { run: "CONFIG SET list-max-listpack-size 4" },
      { run: "RPUSH after 1 2 3 4 5 6 7 8 9 10" },
      { run: "DEBUG OBJECT after" },
      { run: "OBJECT ENCODING after" },
    ],
    expect: ["(integer) 10", null, "OK", "(integer) 10", null, '"quicklist"'],
    note: "Look for ql_nodes:1 in the first DEBUG OBJECT line and ql_nodes:3 in the second; the rest of each line varies.",
  },
];

const EVENTS = Array.from({ length: 12 }, (_, i) => `e${i + 1}`);

export const listExercises: Exercise[] = [
  {
    kind: "predict",
    id: "f-3-list-predict-encoding",
    title: "Predict: how is a tiny list stored?",
    prompt:
      "The setup ran `RPUSH colors red`. What does `OBJECT ENCODING colors` reply in Redis 7.0? Store the encoding's name in the key `answer` (for example `SET answer intset`), then run the command to check.",
    setup: [{ run: "RPUSH colors red" }],
    solution: [{ run: "SET answer quicklist" }, { run: "OBJECT ENCODING colors" }],
    wrong: [
      {
        why: "expects the compact listpack of Redis 7.2",
        steps: [{ run: "SET answer listpack" }],
        expectMessage: "Redis 7.2",
      },
    ],
    hints: ["Hashes and sorted sets start out as listpacks. Do lists follow the same rule in 7.0?", "The intro's table has a row for lists."],
    checks: [
      custom("answer holds the encoding of colors", async (s) => {
        const { value, msg } = await prediction(s);
        if (msg) return msg;
        if (value === "quicklist") return null;
        if (value === "listpack")
          return "Not in this version: small lists became plain listpacks in Redis 7.2. In Redis 7.0 every list uses one encoding, from its first element.";
        return `answer holds "${value}". Which encodings does the intro list for lists?`;
      }),
    ],
  },
  {
    kind: "build",
    id: "f-3-list-build-queue",
    title: "A first-in, first-out mail queue",
    prompt:
      "Workers take jobs from `queue:mail` with `RPOP`. Three mails must go out in the order `m1`, `m2`, `m3`. Put them in `queue:mail` so that three `RPOP`s hand out `m1` first, then `m2`, then `m3`. Don't pop them yourself: leave them waiting in the queue.",
    solution: [{ run: "LPUSH queue:mail m1 m2 m3" }],
    wrong: [
      {
        why: "pushes at the tail, the end RPOP takes from",
        steps: [{ run: "RPUSH queue:mail m1 m2 m3" }],
        expectMessage: "m3 first",
      },
    ],
    hints: ["RPOP takes from the right end. Which end should new jobs go in at?", "Pushing several elements at once inserts them one after the other."],
    checks: [
      custom("three RPOPs on queue:mail would give m1, m2, m3", async (s) => {
        const k = await s.key("queue:mail");
        if (!k) return "There is no key queue:mail yet.";
        if (k.value.type !== "list") return `queue:mail is a ${k.type}; a queue here is a list.`;
        const items = k.value.items;
        const next = items[items.length - 1];
        if (items.join() === "m1,m2,m3") return "RPOP takes from the tail, so this queue would hand out m3 first: the order is reversed.";
        if (items.length !== 3) return `queue:mail has ${items.length} items; the exercise wants the three mails waiting.`;
        return next === "m1" ? null : `The next RPOP would hand out ${next}, not m1.`;
      }),
      listIs("queue:mail", ["m3", "m2", "m1"]),
    ],
  },
  {
    kind: "fix",
    id: "f-3-list-fix-capped",
    title: "Keep only the five newest",
    prompt:
      "`recent` is an activity feed: every new entry is pushed with `LPUSH`, so the newest is at the head. It was meant to be capped at 5 entries but nobody trimmed it, and it now holds 8. Cut it down to the **five newest** entries, in one command.",
    setup: [{ run: "LPUSH recent v1 v2 v3 v4 v5 v6 v7 v8" }],
    solution: [{ run: "LTRIM recent 0 4" }],
    wrong: [
      {
        why: "keeps the last five positions, which are the oldest entries",
        steps: [{ run: "LTRIM recent -5 -1" }],
        expectMessage: "oldest",
      },
    ],
    hints: ["Which end of recent holds the newest entry?", "LTRIM keeps the range you name and drops the rest."],
    checks: [
      custom("recent holds the five newest entries", async (s) => {
        const k = await s.key("recent");
        if (!k) return "recent is gone; the feed should keep its five newest entries.";
        if (k.value.type !== "list") return `recent is a ${k.type}; keep it a list.`;
        const items = k.value.items;
        if (items.includes("v1")) {
          if (items.length === 8) return "recent still holds all 8 entries.";
          if (!items.includes("v8")) return "recent now holds the oldest entries: the newest, v8, is at the head and was cut off.";
        }
        return null;
      }),
      listIs("recent", ["v8", "v7", "v6", "v5", "v4"]),
    ],
  },
  {
    kind: "fix",
    id: "f-3-list-fix-playlist",
    title: "Skip the ads",
    prompt:
      "The list `playlist` has an `ad` between every two songs. Remove **every** `ad`, and leave the songs in their order.",
    setup: [{ run: "RPUSH playlist intro ad song1 ad song2 ad outro" }],
    solution: [{ run: "LREM playlist 0 ad" }],
    wrong: [
      {
        why: "removes only the first match",
        steps: [{ run: "LREM playlist 1 ad" }],
        expectMessage: 'still holds 2 "ad"',
      },
    ],
    hints: ["One command removes matching elements; look at what its count argument means.", "A positive count stops after that many matches."],
    checks: [
      custom("playlist holds no ad", async (s) => {
        const k = await s.key("playlist");
        if (!k) return "playlist is gone; only the ads should go.";
        if (k.value.type !== "list") return `playlist is a ${k.type}; keep it a list.`;
        const n = k.value.items.filter((x) => x === "ad").length;
        return n === 0 ? null : `playlist still holds ${n} "ad" item${n === 1 ? "" : "s"}.`;
      }),
      listIs("playlist", ["intro", "song1", "song2", "outro"]),
    ],
  },
  {
    kind: "signature",
    id: "f-3-list-nodes",
    title: "Reshape the quicklist",
    prompt:
      "The list `events` holds `e1` … `e12`, all in one quicklist node (`DEBUG OBJECT events` shows `ql_nodes:1`). Make Redis store it in nodes of **at most 4 elements**, so that `DEBUG OBJECT events` shows `ql_nodes:3`, with the same twelve elements in the same order.",
    setup: [{ run: `RPUSH events ${EVENTS.join(" ")}` }],
    solution: [
      { run: "CONFIG SET list-max-listpack-size 4" },
      { run: "DEL events" },
      { run: `RPUSH events ${EVENTS.join(" ")}` },
      { run: "DEBUG OBJECT events" },
    ],
    wrong: [
      {
        why: "expects the setting to repack the existing list",
        steps: [{ run: "CONFIG SET list-max-listpack-size 4" }, { run: "DEBUG OBJECT events" }],
        expectMessage: "not repacked",
      },
      {
        why: "confuses the setting's sign: -4 is a byte limit",
        steps: [{ run: "CONFIG SET list-max-listpack-size -4" }, { run: "DEL events" }, { run: `RPUSH events ${EVENTS.join(" ")}` }],
        expectMessage: "negative",
      },
    ],
    hints: [
      "Which setting limits the size of a quicklist node, and what does a positive value mean?",
      "Change the setting, then look at DEBUG OBJECT events again. Did anything change? Compare ql_listpack_max with the setting.",
      "A list keeps the rule it was born with. How could events be born again with the same twelve elements?",
    ],
    checks: [
      encodingIs("events", "quicklist"),
      listIs("events", EVENTS),
      custom("events is stored in 3 quicklist nodes of at most 4 elements", async (s) => {
        if (!(await s.key("events"))) return "There is no key events.";
        const nodes = await debugObjectField(s, "events", "ql_nodes");
        const own = await debugObjectField(s, "events", "ql_listpack_max");
        if (nodes === null || own === null) return "DEBUG OBJECT events did not answer; is the DEBUG command still enabled?";
        // 12 elements in 3 nodes also happens with nodes of 5: only 4 meets "at most 4".
        if (nodes === 3 && own > 0 && own <= 4) return null;
        if (nodes === 3 && own > 4)
          return `events is in 3 nodes, but list-max-listpack-size ${own} lets a node hold ${own} elements; the exercise wants at most 4.`;
        const cfg = await s.command(["CONFIG", "GET", "list-max-listpack-size"]);
        const server = (cfg.t === "array" || cfg.t === "map") && cfg.v[1]?.t === "bulk" ? Number(cfg.v[1].v) : own;
        if (server !== own)
          return `The server's setting is now ${server}, but events was built when it was ${own}: a list keeps the node size it was created with, and its nodes are not repacked.`;
        if (own < 0)
          return `events is ${nodes} node${nodes === 1 ? "" : "s"} under list-max-listpack-size ${own}: a negative value limits a node's size in bytes, and twelve short elements fit in one node.`;
        return `events is stored in ${nodes} quicklist nodes; the exercise wants 3.`;
      }),
    ],
  },
];
