/**
 * F-8 "Pub/Sub": SUBSCRIBE/PUBLISH between client tabs (PUBLISH answers the number of
 * deliveries), three subscribers receiving one publish, subscribed mode's RESP2 restrictions
 * with Redis' exact error, pattern subscriptions (pmessage), a message lost because nobody was
 * listening, keyspace notifications (notify-keyspace-events, __keyspace@0__ and
 * __keyevent@0__:expired with the clock advanced), fan-out across app servers, and when
 * Streams are better.
 *
 * Checks read what the subscriber tabs received (their transcripts) and, for the
 * notification exercise, the config and the key. Examples use channel and tab names that no
 * exercise checks, so running the examples never passes an exercise.
 */
import { custom } from "../checks";
import type { Check, Example, Exercise, Module, StateReader, TranscriptEntry } from "../types";
import { sections } from "./sections";

const sub = (kind: "subscribe" | "psubscribe", channel: string, count: number) => `1) "${kind}"\n2) "${channel}"\n3) (integer) ${count}`;
const GET_WHILE_SUBSCRIBED =
  "(error) ERR Can't execute 'get': only (P|S)SUBSCRIBE / (P|S)UNSUBSCRIBE / PING / QUIT / RESET are allowed in this context";

const examples: Example[] = [
  {
    id: "f8-first",
    steps: [{ client: "A", run: "SUBSCRIBE orders" }, { run: 'PUBLISH orders "order 17 paid"' }],
    expect: [sub("subscribe", "orders", 1), "(integer) 1"],
    note: "Look at tab A: the message arrived there, in three lines.",
  },
  {
    id: "f8-three",
    steps: [
      { client: "A", run: "SUBSCRIBE alerts" },
      { client: "B", run: "SUBSCRIBE alerts" },
      { client: "C", run: "SUBSCRIBE alerts" },
      { run: 'PUBLISH alerts "disk almost full"' },
    ],
    expect: [sub("subscribe", "alerts", 1), sub("subscribe", "alerts", 1), sub("subscribe", "alerts", 1), "(integer) 3"],
    note: "One PUBLISH, three copies: each of tabs A, B and C shows the message.",
  },
  {
    id: "f8-any-db",
    steps: [{ client: "A", run: "SUBSCRIBE payments" }, { run: "SELECT 3" }, { run: "PUBLISH payments refund-12" }, { run: "SELECT 0" }],
    expect: [sub("subscribe", "payments", 1), "OK", "(integer) 1", "OK"],
    note: "Tab A is connected to database 0, the publisher to database 3: channels ignore databases.",
  },
  {
    id: "f8-introspect",
    steps: [
      { client: "A", run: "SUBSCRIBE invoices" },
      { client: "P", run: "PSUBSCRIBE invoices:*" },
      { run: "PUBSUB CHANNELS" },
      { run: "PUBSUB NUMSUB invoices refunds" },
      { run: "PUBSUB NUMPAT" },
    ],
    expect: [
      sub("subscribe", "invoices", 1),
      sub("psubscribe", "invoices:*", 1),
      '1) "invoices"',
      '1) "invoices"\n2) (integer) 1\n3) "refunds"\n4) (integer) 0',
      "(integer) 1",
    ],
    note: "PUBSUB CHANNELS lists channels only; the pattern is counted by PUBSUB NUMPAT.",
  },
  {
    id: "f8-subscribed-mode",
    steps: [
      { client: "A", run: "SUBSCRIBE orders" },
      { client: "A", run: "GET orders:17" },
      { client: "A", run: "PING" },
      { client: "A", run: "UNSUBSCRIBE orders" },
      { client: "A", run: "GET orders:17" },
    ],
    expect: [sub("subscribe", "orders", 1), GET_WHILE_SUBSCRIBED, '1) "pong"\n2) ""', '1) "unsubscribe"\n2) "orders"\n3) (integer) 0', "(nil)"],
    note: "After UNSUBSCRIBE the count is 0 and GET works again.",
  },
  {
    id: "f8-pattern",
    steps: [
      { client: "P", run: "PSUBSCRIBE orders:*" },
      { run: 'PUBLISH orders:eu "order 5 paid"' },
      { run: 'PUBLISH orders:us "order 6 paid"' },
      { run: 'PUBLISH payments:eu "refund 2"' },
    ],
    expect: [sub("psubscribe", "orders:*", 1), "(integer) 1", "(integer) 1", "(integer) 0"],
    note: "Tab P shows two pmessages, each naming the pattern and the channel that matched it.",
  },
  {
    id: "f8-nobody",
    steps: [{ run: 'PUBLISH chat:lobby "anyone here?"' }, { client: "A", run: "SUBSCRIBE chat:lobby" }, { run: "PUBLISH chat:lobby hello" }],
    expect: ["(integer) 0", sub("subscribe", "chat:lobby", 1), "(integer) 1"],
    note: "Tab A receives hello only. The first message reached nobody and no longer exists anywhere.",
  },
  {
    id: "f8-keyspace",
    steps: [
      { run: "CONFIG SET notify-keyspace-events KEA" },
      { run: "CONFIG GET notify-keyspace-events" },
      { client: "K", run: "SUBSCRIBE __keyspace@0__:cart:7" },
      { run: "HSET cart:7 apples 3" },
      { run: "EXPIRE cart:7 60" },
      { run: "DEL cart:7" },
    ],
    expect: ["OK", '1) "notify-keyspace-events"\n2) "AKE"', sub("subscribe", "__keyspace@0__:cart:7", 1), "(integer) 1", "(integer) 1", "(integer) 1"],
    note: "Tab K receives hset, expire and del: one message per change to cart:7.",
  },
  {
    id: "f8-expired",
    steps: [
      { run: "CONFIG SET notify-keyspace-events Ex" },
      { client: "W", run: "SUBSCRIBE __keyevent@0__:expired" },
      { run: "SET session:abc alice EX 2" },
      { advanceMs: 3000 },
      { run: "EXISTS session:abc" },
    ],
    expect: ["OK", sub("subscribe", "__keyevent@0__:expired", 1), "OK", "(integer) 0"],
    note: "The clock moved 3 s; the background expiry cycle removed session:abc and tab W heard about it.",
  },
];

// -- reading subscriber tabs --

const pushes = (s: StateReader, tab: string): string[] =>
  s.transcript(tab).flatMap((e: TranscriptEntry) => (e.kind === "command" ? [] : [e.text]));

/** A message (or pmessage) on `channel` with `payload`, as the tab rendered it. */
const isMessage = (text: string, channel: string, payload: string) =>
  /^1\) "p?message"\n/.test(text) && text.endsWith(`"${channel}"\n${text.startsWith('1) "pmessage"') ? 4 : 3}) "${payload}"`);

const received = (s: StateReader, tab: string, channel: string, payload: string) => pushes(s, tab).some((t) => isMessage(t, channel, payload));

/** The tab confirmed a subscription (by channel or by pattern). */
const subscribed = (s: StateReader, tab: string) => pushes(s, tab).some((t) => /^1\) "p?subscribe"\n/.test(t));

/** A check that `tab` received `payload` on `channel`, with messages for the usual ways to miss it. */
function heard(tab: string, channel: string, payload: string, lateMsg: string): Check {
  return custom(`tab ${tab} received "${payload}" on ${channel}`, async (s) => {
    if (received(s, tab, channel, payload)) return null;
    if (!s.transcript(tab).length) return `There is no tab named ${tab} yet: open it and subscribe there.`;
    if (!subscribed(s, tab)) return `Tab ${tab} has not subscribed to ${channel} yet.`;
    return lateMsg;
  });
}

// -- exercises --

/** Reads the learner's stored prediction; a message when there is none. */
async function prediction(s: StateReader): Promise<{ value: string | null; msg: string | null }> {
  const k = await s.key("answer");
  if (!k) return { value: null, msg: "Store your prediction in the key answer first (for example SET answer 7)." };
  if (k.value.type !== "string") return { value: null, msg: "answer should be a plain string." };
  return { value: k.value.value.trim(), msg: null };
}

const DEPLOY_MSG = "v2.1 is live";
const deployChecks: Check[] = ["sub1", "sub2", "sub3"].map((tab) =>
  heard(
    tab,
    "deploys",
    DEPLOY_MSG,
    `Tab ${tab} subscribed, but never received "${DEPLOY_MSG}": a message published before a client subscribes is gone for good. Publish once all three are listening.`,
  ),
);

const ORDERS: [string, string][] = [
  ["orders:eu", "order 5 paid"],
  ["orders:us", "order 6 paid"],
];
const patternChecks: Check[] = ORDERS.map(([channel, payload]) =>
  custom(`tab monitor received "${payload}" on ${channel} through a pattern`, async (s) => {
    const seen = pushes(s, "monitor");
    if (seen.some((t) => t.startsWith('1) "pmessage"') && isMessage(t, channel, payload))) return null;
    if (!s.transcript("monitor").length) return "There is no tab named monitor yet: open it and subscribe there.";
    if (seen.some((t) => /^1\) "subscribe"\n2\) "orders:\*"/.test(t)))
      return 'Tab monitor subscribed to a channel literally named "orders:*". SUBSCRIBE takes names as they are; a different command matches patterns.';
    if (seen.some((t) => isMessage(t, channel, payload)))
      return `Tab monitor received "${payload}" by subscribing to ${channel} by name; the exercise wants one pattern subscription that also covers regions added later.`;
    if (!subscribed(s, "monitor")) return "Tab monitor has not subscribed to anything yet.";
    return `Tab monitor has not received "${payload}" on ${channel}. Did you publish it after monitor subscribed?`;
  }),
);

const NOTIFY_WANT = "session:42";
const notifyChecks: Check[] = [
  custom(`tab watcher heard ${NOTIFY_WANT} expire`, async (s) => {
    if (received(s, "watcher", "__keyevent@0__:expired", NOTIFY_WANT)) return null;
    const r = await s.command(["CONFIG", "GET", "notify-keyspace-events"]);
    // CONFIG GET answers a map (an array of name, value in RESP2).
    const flags = (r.t === "map" || r.t === "array") && r.v[1]?.t === "bulk" ? r.v[1].v : "";
    if (!flags) return "Notifications are still off: notify-keyspace-events is empty.";
    if (!flags.includes("E"))
      return `notify-keyspace-events is "${flags}": that has no E, so nothing is published on the __keyevent@… channels, which is where watcher listens (K is for __keyspace@… channels).`;
    if (!flags.includes("x") && !flags.includes("A"))
      return `notify-keyspace-events is "${flags}": no expired events are selected. Which letter stands for them?`;
    const k = await s.key(NOTIFY_WANT);
    if (k)
      return k.ttlMs === null
        ? `${NOTIFY_WANT} no longer has a TTL, so it will never expire.`
        : `${NOTIFY_WANT} has not expired yet (${Math.ceil(k.ttlMs / 1000)} s left): let the clock run past its TTL.`;
    return `${NOTIFY_WANT} is gone, but watcher heard nothing: notifications were off when it expired (or it was deleted rather than expired), and Pub/Sub keeps nothing for later. Reset the exercise and switch them on first.`;
  }),
];

const CACHE = "cache:invalidate";
const fanoutChecks: Check[] = [
  ...["app1", "app2", "app3"].map((tab) =>
    heard(
      tab,
      CACHE,
      "product:7",
      `Tab ${tab} never received product:7: it was not subscribed when you published it. Publish again now that it listens.`,
    ),
  ),
  custom("app3 also received product:9, which it missed while restarting", async (s) => {
    if (received(s, "app3", CACHE, "product:9")) return null;
    if (!subscribed(s, "app3")) return `Tab app3 has not subscribed to ${CACHE} yet.`;
    return "Tab app3 still has not received product:9. Pub/Sub keeps nothing for a subscriber that was not there: subscribing later does not replay it.";
  }),
];

const exercises: Exercise[] = [
  {
    kind: "predict",
    id: "f8-predict-count",
    title: "Predict: how many deliveries?",
    prompt: [
      "The setup opened two tabs: **tab1** ran `SUBSCRIBE prices`; **tab2** ran `SUBSCRIBE prices` and then `PSUBSCRIBE price*`.",
      "",
      "What will `PUBLISH prices up` reply? Store your prediction as a number in the key `answer` (for example `SET answer 7`), then publish and look at both tabs.",
    ].join("\n"),
    setup: [
      { client: "tab1", run: "SUBSCRIBE prices" },
      { client: "tab2", run: "SUBSCRIBE prices" },
      { client: "tab2", run: "PSUBSCRIBE price*" },
    ],
    solution: [{ run: "SET answer 3" }],
    wrong: [
      {
        why: "counts subscribed clients rather than deliveries",
        steps: [{ run: "SET answer 2" }],
        expectMessage: "twice",
      },
    ],
    hints: ["Does price* match prices?", "PUBLISH counts deliveries. How many copies does tab2 get?"],
    checks: [
      custom("answer holds what PUBLISH prices up replies", async (s) => {
        const { value, msg } = await prediction(s);
        if (msg) return msg;
        if (value === "3") return null;
        if (value === "2")
          return "Not quite: tab2 listens to prices by name and through the pattern price*, so it receives the message twice (a message and a pmessage), and PUBLISH counts every delivery.";
        return `answer holds "${value}". Count one delivery per matching subscription of each tab.`;
      }),
    ],
  },
  {
    kind: "build",
    id: "f8-build-three",
    title: "Three listeners, one message",
    prompt: `Open three tabs named **sub1**, **sub2** and **sub3**, subscribe each of them to the channel \`deploys\`, then, from the main tab, publish \`${DEPLOY_MSG}\` once so that all three receive it.`,
    solution: [
      { client: "sub1", run: "SUBSCRIBE deploys" },
      { client: "sub2", run: "SUBSCRIBE deploys" },
      { client: "sub3", run: "SUBSCRIBE deploys" },
      { run: `PUBLISH deploys "${DEPLOY_MSG}"` },
    ],
    wrong: [
      {
        why: "publishes first and expects the subscribers to catch up",
        steps: [
          { run: `PUBLISH deploys "${DEPLOY_MSG}"` },
          { client: "sub1", run: "SUBSCRIBE deploys" },
          { client: "sub2", run: "SUBSCRIBE deploys" },
          { client: "sub3", run: "SUBSCRIBE deploys" },
        ],
        expectMessage: "gone for good",
      },
      {
        why: "subscribes only two tabs",
        steps: [
          { client: "sub1", run: "SUBSCRIBE deploys" },
          { client: "sub2", run: "SUBSCRIBE deploys" },
          { run: `PUBLISH deploys "${DEPLOY_MSG}"` },
        ],
        expectMessage: "no tab named sub3",
      },
    ],
    hints: [
      "Each tab is its own connection; each needs its own SUBSCRIBE.",
      "The message has spaces in it: quote it.",
      "What PUBLISH replies tells you how many tabs received it.",
    ],
    checks: deployChecks,
  },
  {
    kind: "build",
    id: "f8-build-pattern",
    title: "Listen to every region",
    prompt:
      "Orders are announced on one channel per region: `orders:eu`, `orders:us`, and more regions to come. In a tab named **monitor**, set up a single subscription that hears every `orders:` channel, including regions that do not exist yet. Then, from the main tab, publish `order 5 paid` on `orders:eu` and `order 6 paid` on `orders:us`.",
    solution: [
      { client: "monitor", run: "PSUBSCRIBE orders:*" },
      { run: 'PUBLISH orders:eu "order 5 paid"' },
      { run: 'PUBLISH orders:us "order 6 paid"' },
    ],
    wrong: [
      {
        why: "expects SUBSCRIBE to understand a glob",
        steps: [
          { client: "monitor", run: "SUBSCRIBE orders:*" },
          { run: 'PUBLISH orders:eu "order 5 paid"' },
          { run: 'PUBLISH orders:us "order 6 paid"' },
        ],
        expectMessage: "literally",
      },
      {
        why: "subscribes to today's regions by name",
        steps: [
          { client: "monitor", run: "SUBSCRIBE orders:eu" },
          { client: "monitor", run: "SUBSCRIBE orders:us" },
          { run: 'PUBLISH orders:eu "order 5 paid"' },
          { run: 'PUBLISH orders:us "order 6 paid"' },
        ],
        expectMessage: "regions added later",
      },
    ],
    hints: ["One subscription, many channels: what kind of subscription takes a glob?", "A pattern message has four lines: pmessage, the pattern, the channel, the payload."],
    checks: patternChecks,
  },
  {
    kind: "fix",
    id: "f8-fix-notify",
    title: "Why does nobody hear the session expire?",
    prompt: `A service in the tab **watcher** is subscribed to \`__keyevent@0__:expired\` so it can clean up after sessions that time out. \`${NOTIFY_WANT}\` has 30 seconds to live, yet the watcher would hear nothing when it expires. The clock is paused. Fix the configuration, then move the clock forward so that the watcher receives the expiry of \`${NOTIFY_WANT}\`.`,
    pausedClock: true,
    setup: [{ client: "watcher", run: "SUBSCRIBE __keyevent@0__:expired" }, { run: `SET ${NOTIFY_WANT} alice EX 30` }],
    solution: [{ run: "CONFIG SET notify-keyspace-events Ex" }, { advanceMs: 31_000 }],
    wrong: [
      {
        why: "turns on keyspace (K) instead of keyevent (E) channels",
        steps: [{ run: "CONFIG SET notify-keyspace-events Kx" }, { advanceMs: 31_000 }],
        expectMessage: "has no E",
      },
      {
        why: "lets the key expire first and turns notifications on afterwards",
        steps: [{ advanceMs: 31_000 }, { run: "CONFIG SET notify-keyspace-events Ex" }],
        expectMessage: "were off when it expired",
      },
      {
        why: "switches notifications on but never lets the TTL run out",
        steps: [{ run: "CONFIG SET notify-keyspace-events Ex" }],
        expectMessage: "has not expired yet",
      },
    ],
    hints: [
      "Which setting decides whether Redis publishes keyspace notifications, and what is its value now?",
      "The watcher listens on a __keyevent@… channel. Which letters select that family and the expired events?",
      "Use the clock controls (or an advance) to go past the 30 seconds.",
    ],
    checks: notifyChecks,
  },
  {
    kind: "signature",
    id: "f8-signature-fanout",
    title: "Invalidate three app servers' caches",
    prompt: [
      `Three app servers keep product data in local caches and drop an entry when its id is published on \`${CACHE}\`. Tabs **app1** and **app2** are subscribed. **app3** has just restarted and is not subscribed yet, and while it was down, the setup published \`product:9\` (look at the reply: only two servers received it).`,
      "",
      "Now the price of product 7 changes. Make sure **all three** servers hear `product:7`, and that app3 also gets rid of its stale `product:9`.",
    ].join("\n"),
    setup: [{ client: "app1", run: `SUBSCRIBE ${CACHE}` }, { client: "app2", run: `SUBSCRIBE ${CACHE}` }, { run: `PUBLISH ${CACHE} product:9` }],
    solution: [{ client: "app3", run: `SUBSCRIBE ${CACHE}` }, { run: `PUBLISH ${CACHE} product:7` }, { run: `PUBLISH ${CACHE} product:9` }],
    wrong: [
      {
        why: "publishes before the restarted server is listening",
        steps: [{ run: `PUBLISH ${CACHE} product:7` }, { client: "app3", run: `SUBSCRIBE ${CACHE}` }, { run: `PUBLISH ${CACHE} product:9` }],
        expectMessage: "not subscribed when you published",
      },
      {
        why: "expects the subscription to replay what was missed",
        steps: [{ client: "app3", run: `SUBSCRIBE ${CACHE}` }, { run: `PUBLISH ${CACHE} product:7` }],
        expectMessage: "does not replay",
      },
    ],
    hints: [
      "What did the PUBLISH in the setup reply, and what does that number count?",
      "A message only reaches the clients subscribed at the moment it is published.",
      "Dropping a cache entry twice does no harm: app1 and app2 can hear product:9 again.",
    ],
    checks: fanoutChecks,
  },
  {
    kind: "quiz",
    id: "f8-quiz-streams",
    title: "Pub/Sub or Streams?",
    prompt:
      "A payment service must tell the invoicing service about every successful payment. Invoicing is deployed several times a day, and each deploy takes it offline for about 20 seconds. Which fits?",
    options: [
      {
        text: "A stream: payments XADD each event, invoicing reads with a consumer group and acknowledges",
        correct: true,
        explain:
          "Entries stay in the stream while invoicing is down; when it comes back it continues where it stopped, and unacknowledged entries can be claimed again after a crash.",
      },
      {
        text: "PUBLISH on a payments channel that invoicing subscribes to",
        correct: false,
        explain: "Every payment published during a deploy reaches nobody (PUBLISH replies 0) and is lost: Pub/Sub keeps nothing for a subscriber that was away.",
      },
      {
        text: "PUBLISH, with invoicing subscribing by pattern so it cannot miss a channel",
        correct: false,
        explain: "A pattern decides which channels a subscriber hears, not when. Messages published while nobody is connected are still gone.",
      },
      {
        text: "Keyspace notifications on the payment keys",
        correct: false,
        explain: "They are Pub/Sub messages too, with the same at-most-once delivery: an offline listener misses them.",
      },
    ],
  },
];

export const module: Module = {
  id: "F-8",
  title: "Pub/Sub",
  summary:
    "SUBSCRIBE, PUBLISH and PSUBSCRIBE across client tabs: one publish fanned out to every subscriber, subscribed mode's restrictions, pattern messages, a message lost because nobody listened, keyspace notifications of expiring keys, and when a stream is the better tool.",
  sections,
  examples,
  exercises,
};
