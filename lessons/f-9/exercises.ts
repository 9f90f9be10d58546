/**
 * F-9's graded exercises: two groups started at 0 and at $ (build), what XREADGROUP with an
 * ID replays (predict), a group created too late (fix), a crashed consumer's entries taken
 * over with XAUTOCLAIM after the clock has moved (signature), and a poison entry moved to a
 * dead-letter stream (fix), plus one quiz on Streams vs Kafka and BullMQ.
 *
 * Checks read groups and pending lists through reads.ts; they never look at what was typed.
 */
import { custom } from "../checks";
import type { Exercise, StateReader, Step } from "../types";
import { compareIds, consumersOf, entriesOf, groupsOf, pendingOf, skippedBy } from "./reads";

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** Reads the learner's stored answer as a list of stream IDs. */
async function answerIds(s: StateReader): Promise<{ ids: string[] | null; msg: string | null }> {
  const k = await s.key("answer");
  if (!k) return { ids: null, msg: 'Store your prediction in the key answer first (for example SET answer "1-0 3-0").' };
  if (k.value.type !== "string") return { ids: null, msg: "answer should be a plain string." };
  const ids = k.value.value
    .split(/[\s,]+/)
    .map((w) => w.replace(/^"|"$/g, ""))
    .filter((w) => w && !/^(nil|none|empty|\(nil\))$/i.test(w));
  return { ids, msg: null };
}

// -- build: two groups, two starting points --

const SIGNUPS: Step[] = [
  { run: "XADD signups 1-0 user ann" },
  { run: "XADD signups 2-0 user bob" },
  { run: "XADD signups 3-0 user cy" },
];

const groupCheck = (name: string, wantsHistory: boolean) =>
  custom(
    wantsHistory ? `group ${name} will deliver the three signups already in the stream` : `group ${name} starts after the signups already there`,
    async (s) => {
      const groups = await groupsOf(s, "signups");
      if (!groups) return 'There is no stream "signups" any more: the groups belong to it, so keep it.';
      const g = groups.get(name);
      if (!g) return `Stream signups has no consumer group named ${name} yet.`;
      const skipped = await skippedBy(s, "signups", g);
      if (wantsHistory && skipped > 0)
        return `Group ${name} starts after ${g.lastDeliveredId}, so it would never deliver ${plural(skipped, "signup")} already in the stream. That is what $ means: only what arrives from now on.`;
      if (!wantsHistory && compareIds(g.lastDeliveredId, "3-0") < 0)
        return `Group ${name} starts at ${g.lastDeliveredId}, so it would hand out old signups again and send ann, bob or cy a second welcome mail. Start it at the end of the stream.`;
      return null;
    },
  );

// -- fix: a group created after the entries --

const ORDERS: Step[] = [
  { run: "XADD orders 1-0 item book" },
  { run: "XADD orders 2-0 item pen" },
  { run: "XADD orders 3-0 item ink" },
  { run: "XGROUP CREATE orders shipping $" },
  { client: "packer-1", run: "XREADGROUP GROUP shipping packer-1 STREAMS orders >" },
];

// -- signature: a crashed consumer --

const RENDERS: Step[] = [
  { run: "XADD renders 1-0 video intro.mp4" },
  { run: "XADD renders 2-0 video demo.mp4" },
  { run: "XADD renders 3-0 video outro.mp4" },
  { run: "XADD renders 4-0 video promo.mp4" },
  { run: "XGROUP CREATE renders encoders 0" },
  // worker-1 takes three videos, then its machine dies: it will never acknowledge them.
  { client: "worker-1", run: "XREADGROUP GROUP encoders worker-1 COUNT 3 STREAMS renders >" },
  { advanceMs: 5 * 60_000 },
];
const CRASHED = ["1-0", "2-0", "3-0"];

// -- fix: a poison entry --

const THUMBS: Step[] = [
  { run: "XADD thumbs 1-0 file cat.png" },
  { run: "XADD thumbs 2-0 file broken.png" },
  { run: "XADD thumbs 3-0 file dog.png" },
  { run: "XGROUP CREATE thumbs makers 0" },
  { client: "t1", run: "XREADGROUP GROUP makers t1 COUNT 2 STREAMS thumbs >" },
  { client: "t1", run: "XACK thumbs makers 1-0" },
  // broken.png crashes every worker that takes it: t1, then t2, then t3.
  { advanceMs: 60_000 },
  { client: "t2", run: "XAUTOCLAIM thumbs makers t2 60000 0-0" },
  { advanceMs: 60_000 },
  { client: "t3", run: "XAUTOCLAIM thumbs makers t3 60000 0-0" },
  { advanceMs: 60_000 },
  // t1 is back and takes the next job; it is working on it right now.
  { client: "t1", run: "XREADGROUP GROUP makers t1 STREAMS thumbs >" },
];

export const exercises: Exercise[] = [
  {
    kind: "build",
    id: "f9-build-groups",
    title: "Two groups, two starting points",
    prompt:
      "The stream `signups` already holds three signups (1-0, 2-0, 3-0). Two services will read it through consumer groups:\n\n" +
      "- `audit` must see **every** signup, including the three already there;\n" +
      "- `welcome` sends a welcome mail, so it must see **only signups that arrive from now on**.\n\n" +
      "Create both groups on `signups`. Don't read from them yet.",
    setup: SIGNUPS,
    solution: [{ run: "XGROUP CREATE signups audit 0" }, { run: "XGROUP CREATE signups welcome $" }],
    wrong: [
      {
        why: "starts both groups at $",
        steps: [{ run: "XGROUP CREATE signups audit $" }, { run: "XGROUP CREATE signups welcome $" }],
        expectMessage: "would never deliver",
      },
      {
        why: "starts both groups at 0",
        steps: [{ run: "XGROUP CREATE signups audit 0" }, { run: "XGROUP CREATE signups welcome 0" }],
        expectMessage: "second welcome mail",
      },
    ],
    hints: [
      "XGROUP CREATE takes the stream, the group's name, and the ID after which the group starts handing out entries.",
      "One special ID means \"the end of the stream as it is now\"; another ID comes before every entry.",
    ],
    checks: [groupCheck("audit", true), groupCheck("welcome", false)],
  },
  {
    kind: "predict",
    id: "f9-predict-history",
    title: "Predict: what does 0 replay?",
    prompt:
      "In the stream `jobs`, consumer `alice` of group `workers` was handed entries 1-0 and 2-0 and acknowledged 1-0 (see her tab). Then entry 3-0 arrived. " +
      "Before running it, predict which entry IDs this command returns:\n\n```\nXREADGROUP GROUP workers alice STREAMS jobs 0\n```\n\n" +
      'Store the IDs in the key `answer`, separated by spaces (for example `SET answer "1-0 3-0"`), then run the command to check.',
    setup: [
      { run: "XADD jobs 1-0 task a" },
      { run: "XADD jobs 2-0 task b" },
      { run: "XGROUP CREATE jobs workers 0" },
      { client: "alice", run: "XREADGROUP GROUP workers alice STREAMS jobs >" },
      { client: "alice", run: "XACK jobs workers 1-0" },
      { run: "XADD jobs 3-0 task c" },
    ],
    solution: [{ run: "SET answer 2-0" }, { run: "XREADGROUP GROUP workers alice STREAMS jobs 0" }],
    wrong: [
      {
        why: "reads 0 as 'from the start of the stream'",
        steps: [{ run: 'SET answer "1-0 2-0 3-0"' }],
        expectMessage: "own pending",
      },
      {
        why: "thinks it returns the new entry, like >",
        steps: [{ run: "SET answer 3-0" }],
        expectMessage: "never delivered to alice",
      },
    ],
    hints: [
      "With `>` XREADGROUP hands out new entries. With any other ID it reads somewhere else entirely.",
      "Which of alice's entries has she not acknowledged yet?",
    ],
    checks: [
      custom("answer holds the IDs the command returns", async (s) => {
        const { ids, msg } = await answerIds(s);
        if (msg) return msg;
        const got = [...new Set(ids)].sort(compareIds);
        if (got.length === 1 && got[0] === "2-0") return null;
        if (got.includes("1-0"))
          return "Not quite: with an ID instead of >, XREADGROUP doesn't read the stream from that ID. It replays alice's own pending entries (delivered to her, not yet acknowledged), and 1-0 was acknowledged.";
        if (got.includes("3-0"))
          return "Not quite: 3-0 was never delivered to alice, so it is not in her pending list; only > hands out new entries.";
        if (!got.length) return "Not quite: alice still has an entry she has not acknowledged.";
        return `answer holds ${got.join(" ")}; look at what alice was handed and what she acknowledged.`;
      }),
    ],
  },
  {
    kind: "fix",
    id: "f9-fix-setid",
    title: "A group that came too late",
    prompt:
      "Three orders were added to `orders` before anyone created the group `shipping`, and it was created with `$`. " +
      "So when `packer-1` asked for work (see its tab), it got nothing. Make the group hand out the three orders to its consumers. " +
      "Keep the orders as they are, with their IDs: re-adding them would give them new IDs.",
    setup: ORDERS,
    solution: [{ run: "XGROUP SETID orders shipping 0" }],
    wrong: [
      {
        why: "tries to create the group again at 0",
        steps: [{ run: "XGROUP CREATE orders shipping 0" }],
        expectMessage: "last-delivered-id",
      },
      {
        why: "asks XREADGROUP for history with 0",
        steps: [{ client: "packer-1", run: "XREADGROUP GROUP shipping packer-1 STREAMS orders 0" }],
        expectMessage: "last-delivered-id",
      },
      {
        why: "adds the orders again as new entries",
        steps: [{ run: "XADD orders 4-0 item book" }, { run: "XADD orders 5-0 item pen" }, { run: "XADD orders 6-0 item ink" }],
        expectMessage: "copies",
      },
    ],
    hints: [
      "A group remembers one ID: the last one it handed out. > means \"after that ID\".",
      "XGROUP has a subcommand that moves a group's last-delivered ID.",
    ],
    checks: [
      custom("orders still holds its three orders, 1-0 to 3-0", async (s) => {
        const list = await entriesOf(s, "orders");
        if (!list) return 'There is no stream "orders" any more.';
        const ids = list.map(([id]) => id);
        const missing = ["1-0", "2-0", "3-0"].filter((id) => !ids.includes(id));
        if (missing.length) return `orders has lost ${missing.join(", ")}.`;
        if (ids.length > 3) return `orders now has ${ids.length} entries: copies of an order under new IDs would be shipped twice.`;
        return null;
      }),
      custom("group shipping will hand out the three orders", async (s) => {
        const g = (await groupsOf(s, "orders"))?.get("shipping");
        if (!g) return "orders has no group named shipping: its consumers would have nothing to read from.";
        const skipped = await skippedBy(s, "orders", g);
        if (skipped > 0)
          return `Group shipping's last-delivered-id is ${g.lastDeliveredId}: XREADGROUP with > hands out only entries after it, so ${plural(skipped, "order")} would never be shipped.`;
        return null;
      }),
    ],
  },
  {
    kind: "signature",
    id: "f9-recover",
    title: "A consumer crashes",
    pausedClock: true,
    prompt:
      "Group `encoders` renders the videos in `renders`. Five minutes ago `worker-1` took three of them (see its tab), and then its machine died: " +
      "it will never acknowledge them. You are `worker-2`. With **one command**, take over every entry of the group that has been idle for at least a minute, " +
      "as consumer `worker-2`. Then, once \"rendered\", acknowledge them so the group knows they are done. " +
      "(The consumer's name is part of each command; which tab you type in does not matter.)",
    setup: RENDERS,
    solution: [
      { client: "worker-2", run: "XAUTOCLAIM renders encoders worker-2 60000 0-0" },
      { client: "worker-2", run: "XACK renders encoders 1-0 2-0 3-0" },
    ],
    wrong: [
      {
        why: "reads new entries with > and expects the crashed ones",
        steps: [
          { client: "worker-2", run: "XREADGROUP GROUP encoders worker-2 STREAMS renders >" },
          { client: "worker-2", run: "XACK renders encoders 4-0" },
        ],
        expectMessage: "never delivered to anyone",
      },
      {
        why: "claims the entries but never acknowledges them",
        steps: [{ client: "worker-2", run: "XAUTOCLAIM renders encoders worker-2 60000 0-0" }],
        expectMessage: "acknowledge",
      },
      {
        why: "acknowledges the crashed entries without anyone processing them",
        steps: [{ run: "XACK renders encoders 1-0 2-0 3-0" }],
        expectMessage: "never rendered",
      },
      {
        why: "asks for entries idle for an hour",
        steps: [{ client: "worker-2", run: "XAUTOCLAIM renders encoders worker-2 3600000 0-0" }],
        expectMessage: "min-idle-time",
      },
    ],
    hints: [
      "Look at the group's pending list first: who owns what, and for how long has it been idle?",
      "One command scans the pending list and transfers entries idle long enough to the consumer you name. Its time argument is in milliseconds.",
      "Claiming does not finish the work: the entries are then pending for worker-2.",
    ],
    checks: [
      custom("worker-1 owns no pending entries any more", async (s) => {
        const pel = await pendingOf(s, "renders", "encoders");
        if (!pel) return "Stream renders has no group encoders any more.";
        const stuck = pel.filter((e) => e.consumer === "worker-1");
        if (!stuck.length) return null;
        return (
          `worker-1 still owns ${plural(stuck.length, "pending entry", "pending entries")} (${stuck.map((e) => e.id).join(", ")}), idle for ${Math.round(stuck[0].idleMs / 1000)} s. ` +
          "A crashed consumer's entries stay in the pending list until another consumer claims them: XREADGROUP with > only hands out entries never delivered to anyone, " +
          "and a claim only takes entries idle for at least its min-idle-time."
        );
      }),
      custom("worker-2 took the entries over", async (s) => {
        if ((await consumersOf(s, "renders", "encoders")).includes("worker-2")) return null;
        const pel = (await pendingOf(s, "renders", "encoders")) ?? [];
        if (CRASHED.some((id) => pel.some((e) => e.id === id))) return "No consumer named worker-2 has joined group encoders yet.";
        return "The entries left the pending list, but no consumer named worker-2 ever took them: acknowledging says \"done\", so those videos were never rendered. Claim them as worker-2 first.";
      }),
      custom("the recovered entries are acknowledged", async (s) => {
        const pel = (await pendingOf(s, "renders", "encoders")) ?? [];
        const held = pel.filter((e) => e.consumer === "worker-2" && CRASHED.includes(e.id));
        if (!held.length) return null;
        return `worker-2 owns ${held.map((e) => e.id).join(", ")} now, but they are still pending: acknowledge them with XACK once processed, or after another minute of idling they can be claimed again.`;
      }),
    ],
  },
  {
    kind: "fix",
    id: "f9-dead-letter",
    title: "A poison entry",
    pausedClock: true,
    prompt:
      "Group `makers` builds thumbnails for the images in `thumbs`. One image crashes every worker that takes it: " +
      "each crash left it pending, and each claim delivered it once more (see tabs t1, t2, t3). The team's rule: an entry delivered **3 times or more** is poison. " +
      "Find it, copy its fields into a new entry of the stream `thumbs:dead` (any ID), and acknowledge it in `makers` so it is never handed out again. " +
      "Leave every other pending entry alone: a worker may be busy with it.",
    setup: THUMBS,
    solution: [
      { run: "XPENDING thumbs makers - + 10" },
      { run: "XADD thumbs:dead * file broken.png" },
      { run: "XACK thumbs makers 2-0" },
    ],
    wrong: [
      {
        why: "acknowledges the poison entry without keeping it",
        steps: [{ run: "XACK thumbs makers 2-0" }],
        expectMessage: "loses",
      },
      {
        why: "copies it but leaves it pending",
        steps: [{ run: "XADD thumbs:dead * file broken.png" }],
        expectMessage: "hand it out again",
      },
      {
        why: "clears the whole pending list",
        steps: [{ run: "XADD thumbs:dead * file broken.png" }, { run: "XACK thumbs makers 2-0 3-0" }],
        expectMessage: "still working",
      },
      {
        why: "picks the newest pending entry instead of the most delivered",
        steps: [{ run: "XADD thumbs:dead * file dog.png" }, { run: "XACK thumbs makers 3-0" }],
        expectMessage: "delivered only once",
      },
    ],
    hints: [
      "XPENDING's extended form (with a range and a count) lists every pending entry with its delivery count.",
      "XRANGE with the same ID as start and end fetches one entry's fields.",
      "A dead-letter stream is just another stream: add to it, then acknowledge in the original group.",
    ],
    checks: [
      custom("thumbs:dead holds the poison image", async (s) => {
        const dead = await entriesOf(s, "thumbs:dead");
        if (!dead) {
          const k = await s.key("thumbs:dead");
          if (k) return `thumbs:dead is a ${k.type}; the exercise wants a stream.`;
          const stillPending = (await pendingOf(s, "thumbs", "makers"))?.some((e) => e.id === "2-0");
          return stillPending
            ? "There is no stream thumbs:dead yet."
            : "There is no stream thumbs:dead: acknowledging the poison entry without copying it loses the job, and nobody can look into why it failed.";
        }
        const files = dead.map(([, f]) => f.get("file"));
        if (files.includes("broken.png")) return null;
        if (files.some((f) => f === "dog.png" || f === "cat.png"))
          return "thumbs:dead holds an image that was delivered only once: XPENDING's fourth column counts deliveries; the poison entry is the one at 3.";
        return "thumbs:dead has no entry with the poison entry's fields (file and its value).";
      }),
      custom("the poison entry is no longer pending", async (s) => {
        const pel = await pendingOf(s, "thumbs", "makers");
        if (!pel) return "Stream thumbs has no group makers any more.";
        const p = pel.find((e) => e.id === "2-0");
        return p
          ? `2-0 is still pending, delivered ${p.deliveries} times: the next XAUTOCLAIM will hand it out again and crash another worker. Acknowledge it in group makers.`
          : null;
      }),
      custom("the entry t1 is working on is still pending", async (s) => {
        const pel = (await pendingOf(s, "thumbs", "makers")) ?? [];
        if (pel.some((e) => e.id === "3-0")) return null;
        return "3-0 is no longer pending, but it was delivered only once and t1 is still working on it: acknowledging it says it is done when it is not.";
      }),
    ],
  },
  {
    kind: "quiz",
    id: "f9-quiz",
    title: "Stream, Kafka or BullMQ?",
    prompt:
      "A payments company wants every payment event kept for **90 days**, replayable from any point, read independently by six services, at about 20,000 events a second. Which fits best?",
    options: [
      {
        text: "A Redis stream with a consumer group per service",
        correct: false,
        explain:
          "The model fits (one group per service, each with its own position), but a Redis stream lives in memory: 90 days at 20,000 events a second is over 150 billion entries, which no single instance holds. Streams suit a bounded window (trimmed with MAXLEN or MINID) of hours or days.",
      },
      {
        text: "Kafka, with a consumer group per service",
        correct: true,
        explain:
          "Kafka keeps its log on disk with a retention period, split into partitions spread over brokers, and each consumer group tracks its own offsets, so any service can replay from any point. Long retention of a high-volume log is what it is built for.",
      },
      {
        text: "BullMQ, one queue per service",
        correct: false,
        explain:
          "BullMQ is a job-queue library for Node.js on top of Redis: each job is processed once by one worker, with retries, delays and priorities. It does not keep a replayable history of events, and its jobs live in Redis memory too.",
      },
      {
        text: "Redis Pub/Sub, one channel for payments",
        correct: false,
        explain: "Pub/Sub keeps nothing: a message reaches only the subscribers connected at that moment, and cannot be replayed at all.",
      },
    ],
  },
];
