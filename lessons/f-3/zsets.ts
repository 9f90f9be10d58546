/**
 * F-3 part 5, sorted sets: members ranked by score (ZADD and its NX/XX/GT/LT/CH options,
 * ZINCRBY, ZSCORE, ZRANK/ZREVRANK, ZRANGE with REV, BYSCORE and LIMIT, ZCOUNT,
 * ZREMRANGEBYSCORE, ZPOPMIN/ZPOPMAX, ZRANGESTORE), ties broken by member bytes, the %.17g
 * doubles Redis 7.0 prints, and the listpack → skiplist conversion past
 * zset-max-listpack-entries (128) or at a member longer than zset-max-listpack-value (64).
 */
import { custom, encodingIs, zsetIs } from "../checks";
import type { Example, Exercise, Section } from "../types";
import { prediction } from "./common";

/** 64 and 65 bytes: one byte either side of zset-max-listpack-value. */
const URL_64 = "https://example.com/blog/2026/1/how-we-cut-our-redis-memory-bill";
const URL_65 = "https://example.com/blog/2026/11/how-we-cut-our-redis-memory-bill";

const ranking = `
A sorted set is a set in which every member carries a **score**, a floating-point number, and
Redis keeps the members ordered by it at all times. Members are still unique; scores need not
be. It answers the questions a plain set cannot: who is first, what is my rank, which items
fall between two values. Leaderboards, priority queues, "most read this week" and anything
indexed by time are sorted sets.

\`ZADD key score member [score member ...]\` adds members or updates their scores and replies
with how many were new. \`ZINCRBY\` adds to a member's score (creating it at 0 if missing) and
replies with the new score. \`ZSCORE\` reads one score, \`ZMSCORE\` several.

\`ZRANGE\` reads by position, lowest score first. Add \`REV\` for highest first, which is what a
leaderboard shows, and \`WITHSCORES\` to get each score after its member. \`ZRANK\` gives a
member's position counting from 0 at the **lowest** score; \`ZREVRANK\` counts from the highest.

{{example:f-3-zset-board}}

Every one of these is fast however big the set is: finding a member's score is a hash lookup,
and rank or range operations cost about log(N) plus the number of members returned. A
leaderboard of ten million players answers "top 10" and "what is my rank" in microseconds,
which is exactly what a relational database struggles to do on every page view.

{{exercise:f-3-zset-predict-rank}}

When two members have the same score, Redis orders them by the member's bytes, as
\`memcmp\` would compare them. That makes the order fully deterministic, and it is why
sorted sets whose scores are all 0 are sometimes used as a lexicographically sorted index.

{{example:f-3-zset-ties}}

Put together, these commands cover everything a game's leaderboard page needs. The top ten is
\`ZRANGE board 0 9 REV WITHSCORES\`, and page two is positions 10 to 19. "Your position" is
\`ZREVRANK board player\` plus one (people count from 1, Redis from 0). "The players around
you" is a \`ZRANGE ... REV\` from a few positions above your rank to a few below it. A new score
is one \`ZADD\` (or \`ZINCRBY\` when points accumulate), and nothing ever needs re-sorting:
the order is maintained on every write. A member that is not in the set has no rank and no
score: \`ZRANK\` and \`ZSCORE\` reply \`(nil)\` for it rather than an error, so the application
can show "not ranked yet".

Ties deserve a decision, because the default (alphabetical by member) is rarely what players
expect. If the player who reached a score first should rank higher, fold time into the score:
for example points multiplied by a large factor, minus the time the points were reached, so
equal points sort by who got there earlier. The score stays one number, and every range
command keeps working unchanged.
`;

const windows = `
Ranges by **score** are where sorted sets shine for time-based data. Use a timestamp as the
score and a sorted set becomes a timeline you can slice: \`ZRANGE key min max BYSCORE\` returns
the members with scores between \`min\` and \`max\`, inclusive. Put \`(\` in front of a bound to
exclude it, and use \`-inf\` and \`+inf\` for "no bound". \`LIMIT offset count\` pages through a
large range. \`ZCOUNT\` counts a range without returning it, and \`ZREMRANGEBYSCORE\` deletes one.
(\`ZRANGEBYSCORE\` is the older command for the same read, still common in existing code.)

{{example:f-3-zset-window}}

This is the core of a sliding-window rate limiter (module P-5 builds one): record each request
with its time as the score, remove everything older than the window with
\`ZREMRANGEBYSCORE\`, and \`ZCARD\` is the number of requests in the window. It is also how
delayed jobs work in many job queues: the score is the time a job becomes due, and a worker
asks for everything with a score up to now.

{{exercise:f-3-zset-fix-window}}

\`ZADD\` takes options that make common updates a single command. \`NX\` only adds new members and
never updates; \`XX\` only updates existing ones and never adds. \`GT\` updates a score only if
the new one is greater, \`LT\` only if it is lower, which is how you keep each player's best
(or fastest) result without reading it first. \`CH\` changes the reply to count every member
whose score changed, not just new ones. \`ZPOPMIN\` and \`ZPOPMAX\` remove and return the
lowest or highest members, which turns a sorted set into a priority queue (\`BZPOPMIN\` blocks
like \`BRPOP\`).

{{example:f-3-zset-options}}

{{exercise:f-3-zset-build-best}}

\`ZRANGESTORE\` writes a range into a new key instead of replying with it, for example to keep a
snapshot of today's top ten. \`ZUNIONSTORE\` and \`ZINTERSTORE\` combine sorted sets and add up
(or take the minimum or maximum of) the scores, which is how weekly totals are built from
daily leaderboards.

{{exercise:f-3-zset-build-top3}}
`;

const scores = `
A score is a 64-bit floating-point number (a C \`double\`). Integers up to 2^53 are exact, so
points, counts and millisecond timestamps are safe. Decimal fractions are not: 1.1 has no exact
binary representation, and Redis 7.0 prints scores with 17 significant digits, which shows the
tiny difference. (Redis 7.2 prints the shortest form that reads back to the same number, so
newer documentation shows \`"1.1"\` here.)

{{example:f-3-zset-doubles}}

The stored value is the same in both versions; only the text differs. If your scores must be
exact decimals, such as money, scale them to integers (cents) before storing them.

Timestamps are the most common scores, and they fit comfortably: a time in milliseconds since
1970 is about 1.8 × 10^12, far below 2^53 (about 9 × 10^15), so every millisecond stays
distinct and exact. Microseconds fit too, for about two more centuries. Scores can also be negative,
and \`-inf\` and \`+inf\` are valid scores, not only valid bounds: a member with score
\`+inf\` always sorts last, which is occasionally handy as a sentinel. A score that is not a
number at all, such as \`abc\` or \`nan\`, is refused with an error and nothing is written.
`;

const encodings = `
A small sorted set is a **listpack** of member and score pairs, kept in score order. Range
reads walk it from the start, which is quick while it is small. A larger one is converted to a
**skiplist**, the structure Redis is known for here: a linked list with extra "express lanes"
that let a search skip ahead, so finding a rank or a score range costs about log(N) steps. Next
to the skiplist Redis keeps a hashtable from member to score, so \`ZSCORE\` stays a single
lookup. That pair is why \`OBJECT ENCODING\` says \`skiplist\`, and why a converted sorted set
uses noticeably more memory per member than a listpack one (\`MEMORY USAGE\` shows it).

The conversion happens when the sorted set would have more than \`zset-max-listpack-entries\`
members (128 by default) or a member longer than \`zset-max-listpack-value\` bytes (64). Note
that the member count limit is lower than the 512 of hashes and sets. As before, the example lowers
the count limit to show it on a handful of members:

{{example:f-3-zset-entries}}

And a single long member is enough, one byte past the limit; here, URLs for a "most read" chart:

{{example:f-3-zset-member}}

Only the member's length counts: the score is stored as a number whatever its value. And as with
every type in this module, shrinking a skiplist, even to one member, never turns it back into
a listpack. The last exercise asks you to leave a sorted set exactly as it was, same members,
same scores, yet stored differently.

{{exercise:f-3-zset-flip-keep}}
`;

export const zsetSections: Section[] = [
  { id: "f-3-zset-ranking", title: "Members ranked by score", body: ranking },
  { id: "f-3-zset-windows", title: "Score ranges, windows and ZADD's options", body: windows },
  { id: "f-3-zset-scores", title: "Scores are doubles", body: scores },
  { id: "f-3-zset-encodings", title: "listpack → skiplist", body: encodings },
];

export const zsetExamples: Example[] = [
  {
    id: "f-3-zset-board",
    steps: [
      { run: "ZADD leaderboard 120 ada 95 bob 150 cy" },
      { run: "ZINCRBY leaderboard 10 bob" },
      { run: "ZRANGE leaderboard 0 -1 REV WITHSCORES" },
      { run: "ZSCORE leaderboard ada" },
      { run: "ZREVRANK leaderboard cy" },
      { run: "ZRANK leaderboard cy" },
    ],
    expect: [
      "(integer) 3",
      '"105"',
      '1) "cy"\n2) "150"\n3) "ada"\n4) "120"\n5) "bob"\n6) "105"',
      '"120"',
      "(integer) 0",
      "(integer) 2",
    ],
    note: "cy leads: rank 0 counted from the top (ZREVRANK), rank 2 counted from the bottom (ZRANK).",
  },
  {
    id: "f-3-zset-ties",
    steps: [{ run: "ZADD race 105 dan 105 bob 120 ada" }, { run: "ZRANGE race 0 -1 WITHSCORES" }],
    expect: ["(integer) 3", '1) "bob"\n2) "105"\n3) "dan"\n4) "105"\n5) "ada"\n6) "120"'],
    note: "bob and dan tie on 105; bob comes first because b sorts before d.",
  },
  {
    id: "f-3-zset-window",
    steps: [
      { run: "ZADD events 1000 e1 1500 e2 2000 e3 2600 e4 3000 e5" },
      { run: "ZRANGE events 1500 2600 BYSCORE" },
      { run: "ZRANGE events (1500 +inf BYSCORE LIMIT 0 2" },
      { run: "ZCOUNT events 2000 +inf" },
      { run: "ZREMRANGEBYSCORE events -inf (2000" },
      { run: "ZRANGE events 0 -1" },
    ],
    expect: ["(integer) 5", '1) "e2"\n2) "e3"\n3) "e4"', '1) "e3"\n2) "e4"', "(integer) 3", "(integer) 2", '1) "e3"\n2) "e4"\n3) "e5"'],
    note: "(1500 excluded e2; (2000 removed everything below 2000 and kept e3.",
  },
  {
    id: "f-3-zset-options",
    steps: [
      { run: "ZADD highs 50 ada 80 bob" },
      { run: "ZADD highs GT CH 70 ada 60 bob 40 cy" },
      { run: "ZRANGE highs 0 -1 WITHSCORES" },
      { run: "ZADD highs NX 1 ada" },
      { run: "ZPOPMAX highs" },
    ],
    expect: ["(integer) 2", "(integer) 2", '1) "cy"\n2) "40"\n3) "ada"\n4) "70"\n5) "bob"\n6) "80"', "(integer) 0", '1) "bob"\n2) "80"'],
    note: "GT raised ada to 70 but left bob at 80; CH counted ada's change and the new cy.",
  },
  {
    id: "f-3-zset-doubles",
    steps: [{ run: "ZADD prices 1.1 tea" }, { run: "ZSCORE prices tea" }, { run: "ZINCRBY prices 0.1 tea" }, { run: "ZADD prices 2.5 cake" }, { run: "ZSCORE prices cake" }],
    expect: ["(integer) 1", '"1.1000000000000001"', '"1.2000000000000002"', "(integer) 1", '"2.5"'],
    note: "2.5 is exact in binary, so it prints as typed.",
  },
  {
    id: "f-3-zset-entries",
    steps: [
      { run: "CONFIG SET zset-max-listpack-entries 4" },
      { run: "ZADD few 1 a 2 b 3 c 4 d" },
      { run: "OBJECT ENCODING few" },
      { run: "ZADD few 5 e" },
      { run: "OBJECT ENCODING few" },
      { run: "ZREMRANGEBYRANK few 0 3" },
      { run: "OBJECT ENCODING few" },
    ],
    expect: ["OK", "(integer) 4", '"listpack"', "(integer) 1", '"skiplist"', "(integer) 4", '"skiplist"'],
    note: "One member left, still a skiplist. Reset the exercise or the playground to get the default of 128 back.",
  },
  {
    id: "f-3-zset-member",
    steps: [
      { run: `ZADD reads:a 10 ${URL_64}` },
      { run: "OBJECT ENCODING reads:a" },
      { run: `ZADD reads:b 10 ${URL_65}` },
      { run: "OBJECT ENCODING reads:b" },
    ],
    expect: ["(integer) 1", '"listpack"', "(integer) 1", '"skiplist"'],
    note: "The first URL is 64 bytes (month 1), the second 65 (month 11).",
  },
];

const BOARD: [string, number][] = Array.from({ length: 128 }, (_, i) => [`p${i + 1}`, (i + 1) * 10]);
const BOARD_SETUP = `ZADD arena ${BOARD.map(([m, s]) => `${s} ${m}`).join(" ")}`;
const LADDER = "ZADD ladder 310 ana 280 ben 450 cho 120 dev 390 eli 205 fay";

export const zsetExercises: Exercise[] = [
  {
    kind: "predict",
    id: "f-3-zset-predict-rank",
    title: "Predict: the leader's rank",
    prompt:
      "The setup ran `ZADD board 300 ana 200 ben 100 cat`. ana has the highest score. What does `ZRANK board ana` reply? Store the number in the key `answer` (for example `SET answer 5`), then run the command to check.",
    setup: [{ run: "ZADD board 300 ana 200 ben 100 cat" }],
    solution: [{ run: "SET answer 2" }, { run: "ZRANK board ana" }],
    wrong: [
      {
        why: "thinks ZRANK counts from the top",
        steps: [{ run: "SET answer 0" }],
        expectMessage: "lowest score",
      },
      {
        why: "counts from 1",
        steps: [{ run: "SET answer 3" }],
        expectMessage: "from 0",
      },
    ],
    hints: ["Which end does ZRANGE without REV start from? ZRANK counts the same way.", "Ranks are positions, and positions in Redis start at 0."],
    checks: [
      custom("answer holds what ZRANK board ana replies", async (s) => {
        const { value, msg } = await prediction(s);
        if (msg) return msg;
        const v = value.replace(/^\(integer\)\s*/, "");
        if (v === "2") return null;
        if (v === "0") return "Not quite: ZRANK counts from the lowest score. ana's rank from the top is what ZREVRANK gives.";
        if (v === "3") return "Close: ana is third from the bottom, but ranks count from 0.";
        return `answer holds "${value}". Count ana's position in ZRANGE board 0 -1.`;
      }),
    ],
  },
  {
    kind: "fix",
    id: "f-3-zset-fix-window",
    title: "Trim a rate-limit window",
    prompt:
      "`hits` records requests with their time (in ms) as the score. The current window starts at **2000**, and a request at exactly 2000 belongs to it. Remove every request older than the window, in one command.",
    setup: [{ run: "ZADD hits 1000 r1 1500 r2 2000 r3 2600 r4 3000 r5" }],
    solution: [{ run: "ZREMRANGEBYSCORE hits -inf (2000" }],
    wrong: [
      {
        why: "forgets that score bounds are inclusive",
        steps: [{ run: "ZREMRANGEBYSCORE hits -inf 2000" }],
        expectMessage: "exactly 2000",
      },
      {
        why: "removes by position instead of by score",
        steps: [{ run: "ZREMRANGEBYRANK hits 0 0" }],
        expectMessage: "older than the window",
      },
    ],
    hints: ["One command removes a range of scores.", "Score bounds include their value unless you mark them."],
    checks: [
      custom("hits keeps every request from 2000 on", async (s) => {
        const k = await s.key("hits");
        if (!k) return "hits is gone: the requests inside the window must stay.";
        if (k.value.type !== "zset") return `hits is a ${k.type}; keep it a sorted set.`;
        const members = k.value.entries.map(([m]) => m);
        if (!members.includes("r3")) return "r3 is gone, but it was recorded at exactly 2000: it belongs to the window.";
        const old = k.value.entries.filter(([, sc]) => sc < 2000).map(([m]) => m);
        return old.length ? `${old.join(" and ")} ${old.length === 1 ? "is" : "are"} still there, older than the window.` : null;
      }),
      zsetIs("hits", [
        ["r3", 2000],
        ["r4", 2600],
        ["r5", 3000],
      ]),
    ],
  },
  {
    kind: "build",
    id: "f-3-zset-build-best",
    title: "Keep each player's best",
    prompt:
      "`best` holds each player's best score so far: ada 50, bob 80. Today's results are ada **70**, bob **60** and a new player, cy, **40**. Record them so that `best` ends up with each player's best score ever. One command can do it, without reading the old scores.",
    setup: [{ run: "ZADD best 50 ada 80 bob" }],
    solution: [{ run: "ZADD best GT 70 ada 60 bob 40 cy" }],
    wrong: [
      {
        why: "plain ZADD overwrites a better score with a worse one",
        steps: [{ run: "ZADD best 70 ada 60 bob 40 cy" }],
        expectMessage: "bob's best",
      },
      {
        why: "NX refuses every update, better or not",
        steps: [{ run: "ZADD best NX 70 ada 60 bob 40 cy" }],
        expectMessage: "ada's best",
      },
    ],
    hints: ["A plain ZADD replaces scores. Which ZADD option compares the old score with the new one?"],
    checks: [
      custom("no player's best went down", async (s) => {
        const k = await s.key("best");
        if (!k || k.value.type !== "zset") return "best is not a sorted set any more.";
        const sc = new Map(k.value.entries);
        if (sc.get("bob") === 60) return "bob's best was 80, and a worse result of 60 replaced it.";
        if (sc.get("ada") === 50) return "ada's best is still 50, but she scored 70 today.";
        return null;
      }),
      zsetIs("best", [
        ["ada", 70],
        ["bob", 80],
        ["cy", 40],
      ]),
    ],
  },
  {
    kind: "build",
    id: "f-3-zset-build-top3",
    title: "Snapshot the podium",
    prompt:
      "`ladder` ranks six players by points, the highest score being the best. Store today's **top three** (with their scores) in a new sorted set, `podium`, computed by Redis in one command.",
    setup: [{ run: LADDER }],
    solution: [{ run: "ZRANGESTORE podium ladder 0 2 REV" }],
    wrong: [
      {
        why: "forgets REV and stores the three lowest",
        steps: [{ run: "ZRANGESTORE podium ladder 0 2" }],
        expectMessage: "lowest",
      },
    ],
    hints: ["Which command writes a range of a sorted set into another key?", "Ranges start at the lowest score unless you say otherwise."],
    checks: [
      custom("podium holds the three best players", async (s) => {
        const k = await s.key("podium");
        if (!k) return "There is no key podium yet.";
        if (k.value.type !== "zset") return `podium is a ${k.type}; keep the scores with a sorted set.`;
        if (k.value.entries.some(([m]) => m === "dev")) return "podium holds dev, who has the lowest score: these are the lowest players, not the best.";
        return null;
      }),
      zsetIs("podium", [
        ["cho", 450],
        ["eli", 390],
        ["ana", 310],
      ]),
    ],
  },
  {
    kind: "signature",
    id: "f-3-zset-flip-keep",
    title: "Same members, different encoding",
    prompt:
      "The sorted set `arena` holds 128 players, `p1` … `p128`, stored as listpack. Leave it with **exactly the same 128 members and scores**, but stored as a **skiplist**.",
    setup: [{ run: BOARD_SETUP }],
    solution: [{ run: "ZADD arena 0 extra" }, { run: "OBJECT ENCODING arena" }, { run: "ZREM arena extra" }, { run: "OBJECT ENCODING arena" }],
    wrong: [
      {
        why: "adds a 129th player and leaves it there",
        steps: [{ run: "ZADD arena 0 extra" }],
        expectMessage: "129 members",
      },
      {
        why: "changes a score instead: scores never affect the encoding",
        steps: [{ run: "ZADD arena 1e300 p1" }],
        expectMessage: "score",
      },
    ],
    hints: [
      "What are the two ways to push a sorted set past the listpack limits?",
      "What happens to a skiplist when it shrinks again?",
    ],
    checks: [
      encodingIs("arena", "skiplist"),
      custom("arena holds its original 128 members and scores", async (s) => {
        const k = await s.key("arena");
        if (!k || k.value.type !== "zset") return "arena is not a sorted set any more.";
        const sc = new Map(k.value.entries);
        if (sc.size !== 128) return `arena has ${sc.size} members; the exercise wants its original 128.`;
        const changed = BOARD.find(([m, v]) => sc.get(m) !== v);
        if (changed) return `${changed[0]}'s score is ${sc.get(changed[0]) ?? "missing"}, not ${changed[1]}; leave the scores as they were.`;
        return null;
      }),
      zsetIs("arena", BOARD),
    ],
  },
];
