/**
 * F-11 "Transactions and WATCH": what MULTI/EXEC guarantees (queued commands run back to back)
 * and what it does not (no rollback of a command that fails inside EXEC); EXECABORT for a
 * malformed command while queuing; DISCARD; WATCH as optimistic locking, shown with a second
 * client that changes a watched key between the read and EXEC; UNWATCH; when Lua fits better.
 *
 * The signature exercise stages the race with a scripted actor: the setup watches both
 * balances in the learner's tab and arms a payroll job that pays a bonus right after the
 * learner's next command, whatever it is, so the learner's first EXEC is always aborted and the
 * retry must re-read to keep the books balanced.
 *
 * Examples use key names (wallet:*, seats, draft:*, ...) that no exercise checks, so running
 * the examples never passes an exercise.
 */
import { custom, hashHas, setIs, zsetIs } from "../checks";
import type { Reply } from "@/engine/reply";
import type { Check, Example, Exercise, Module, StateReader } from "../types";
import { sections } from "./sections";

const EXECABORT = "(error) EXECABORT Transaction discarded because of previous errors.";

const examples: Example[] = [
  {
    id: "f11-multi",
    steps: [
      { run: "SET wallet:ann 100" },
      { run: "SET wallet:ben 20" },
      { run: "MULTI" },
      { run: "DECRBY wallet:ann 30" },
      { run: "INCRBY wallet:ben 30" },
      { run: "EXEC" },
    ],
    expect: ["OK", "OK", "OK", "QUEUED", "QUEUED", "1) (integer) 70\n2) (integer) 50"],
    note: "Each QUEUED means the command was accepted, not run: nothing changes until EXEC.",
  },
  {
    id: "f11-queued-read",
    steps: [{ run: "SET visits 7" }, { run: "MULTI" }, { run: "GET visits" }, { run: "INCR visits" }, { run: "EXEC" }],
    expect: ["OK", "OK", "QUEUED", "QUEUED", '1) "7"\n2) (integer) 8'],
    note: "The GET's value only arrives in EXEC's array, after the INCR has already been decided.",
  },
  {
    id: "f11-execabort",
    steps: [
      { run: "MULTI" },
      { run: "SET draft:1 hello" },
      { run: "INCR" },
      { run: "SET draft:2 world" },
      { run: "EXEC" },
      { run: "EXISTS draft:1 draft:2" },
    ],
    expect: [
      "OK",
      "QUEUED",
      "(error) ERR wrong number of arguments for 'incr' command",
      "QUEUED",
      EXECABORT,
      "(integer) 0",
    ],
    note: "INCR without a key is malformed, so EXEC refuses the whole queue, the two SETs included.",
  },
  {
    id: "f11-unknown",
    steps: [{ run: "MULTI" }, { run: "SET note:1 hi" }, { run: "INCRR note:1" }, { run: "EXEC" }],
    expect: ["OK", "QUEUED", "(error) ERR unknown command 'INCRR', with args beginning with: 'note:1' ", EXECABORT],
  },
  {
    id: "f11-discard",
    steps: [{ run: "MULTI" }, { run: "SET draft:3 x" }, { run: "DISCARD" }, { run: "EXISTS draft:3" }, { run: "EXEC" }],
    expect: ["OK", "QUEUED", "OK", "(integer) 0", "(error) ERR EXEC without MULTI"],
  },
  {
    id: "f11-no-rollback",
    steps: [
      { run: "SET name Ada" },
      { run: "MULTI" },
      { run: "INCR name" },
      { run: "SET greeting hello" },
      { run: "EXEC" },
      { run: "GET greeting" },
    ],
    expect: ["OK", "OK", "QUEUED", "QUEUED", "1) (error) ERR value is not an integer or out of range\n2) OK", '"hello"'],
    note: "INCR failed when it ran; the SET after it ran anyway. Nothing was undone.",
  },
  {
    id: "f11-watch-race",
    steps: [
      { run: "SET seats 10" },
      { run: "WATCH seats" },
      // Tab B books two seats right after the first tab's next command (the GET) completes.
      { actor: { client: "B", when: "afterNextCommand", run: "DECRBY seats 2" } },
      { run: "GET seats" },
      { run: "MULTI" },
      { run: "SET seats 9" },
      { run: "EXEC" },
      { run: "GET seats" },
    ],
    expect: ["OK", "OK", '"10"', "OK", "QUEUED", "(nil)", '"8"'],
    note: "Tab B ran DECRBY seats 2 just after the GET. The first tab's EXEC saw the change and ran nothing.",
  },
  {
    id: "f11-watch-retry",
    fresh: false,
    steps: [{ run: "WATCH seats" }, { run: "GET seats" }, { run: "MULTI" }, { run: "SET seats 7" }, { run: "EXEC" }],
    expect: ["OK", '"8"', "OK", "QUEUED", "1) OK"],
    note: "The retry reads the current 8, so writing 7 keeps B's booking.",
  },
  {
    id: "f11-unwatch",
    steps: [
      { run: "SET seats 5" },
      { run: "WATCH seats" },
      { run: "UNWATCH" },
      { client: "B", run: "SET seats 4" },
      { run: "MULTI" },
      { run: "DECR seats" },
      { run: "EXEC" },
    ],
    expect: ["OK", "OK", "OK", "OK", "OK", "QUEUED", "1) (integer) 3"],
    note: "After UNWATCH, B's write no longer stops the transaction.",
  },
];

/** Reads the learner's stored prediction; a message when there is none. */
async function prediction(s: StateReader): Promise<{ value: string | null; msg: string | null }> {
  const k = await s.key("answer");
  if (!k) return { value: null, msg: "Store your prediction in the key answer first (for example SET answer 7)." };
  if (k.value.type !== "string") return { value: null, msg: "answer should be a plain string." };
  return { value: k.value.value.trim(), msg: null };
}

/** An integer string key's value, or a message saying why it is not one. */
async function balance(s: StateReader, key: string): Promise<{ n: number | null; msg: string | null }> {
  const k = await s.key(key);
  if (!k) return { n: null, msg: `There is no key ${key}: an account must not disappear.` };
  if (k.value.type !== "string")
    return { n: null, msg: `${key} is a ${k.type}; the ledger keeps every balance as a plain integer string, which INCRBY and DECRBY can work on.` };
  const v = k.value.value;
  if (!/^-?\d+$/.test(v)) return { n: null, msg: `${key} holds "${v}", which is not a whole number.` };
  return { n: Number(v), msg: null };
}

/** True when the main tab saw EXEC run nothing because a watched key changed (a null array). */
const sawAbortedExec = (s: StateReader) => s.transcript("main").some((e) => e.kind === "reply" && e.reply.t === "nullarray");

/** True when the main tab saw EXEC refuse a queue with a malformed command. */
const sawExecAbort = (s: StateReader) =>
  s.transcript("main").some((e) => e.kind === "reply" && e.reply.t === "error" && e.reply.v.startsWith("EXECABORT"));

// -- the product exercise: three writes seen together --

/** The key a REPL line names (its second word, quotes removed). */
const keyOf = (line: string) => (line.trim().split(/\s+/)[1] ?? "").replace(/^["']|["']$/g, "");

/** Every MULTI … EXEC block of the main tab whose EXEC ran: the lines that were QUEUED and EXEC's replies. */
function execBlocks(s: StateReader): { lines: string[]; replies: Reply[] }[] {
  const out: { lines: string[]; replies: Reply[] }[] = [];
  let queued: string[] | null = null;
  let last = "";
  for (const e of s.transcript("main")) {
    if (e.kind === "command") {
      last = e.line;
      continue;
    }
    if (e.kind !== "reply") continue;
    const word = last.trim().split(/\s+/)[0].toUpperCase();
    // A nested MULTI is refused and leaves the open transaction as it was.
    if (word === "MULTI" && e.reply.t === "simple") queued = [];
    else if (word === "DISCARD") queued = null;
    else if (word === "EXEC") {
      if (e.reply.t === "array" && queued) out.push({ lines: queued, replies: [...e.reply.v] });
      queued = null;
    } else if (queued && e.reply.t === "simple" && e.reply.v === "QUEUED") queued.push(last);
  }
  return out;
}

const productChecks: Check[] = [
  custom('"product:9" is a hash with name Lamp and price 25', async (s) => {
    if (!(await s.key("product:9")) && sawExecAbort(s))
      return "There is no product:9: your EXEC answered EXECABORT, so nothing you had queued ran, not even the commands that said QUEUED.";
    return hashHas("product:9", { name: "Lamp", price: "25" }).test(s);
  }),
  setIs("products", ["1", "2", "9"]),
  zsetIs("products:by-price", [
    ["1", 10],
    ["2", 40],
    ["9", 25],
  ]),
  custom("the three writes ran together in one EXEC", async (s) => {
    // Judged by the keys the queued commands name, not by their reply types: HMSET answers OK,
    // and a learner may queue a read as well. Each of the three keys needs a write that did not fail.
    const together = execBlocks(s).some((b) =>
      ["product:9", "products", "products:by-price"].every((key) => b.lines.some((l, i) => keyOf(l) === key && b.replies[i]?.t !== "error")),
    );
    return together
      ? null
      : "No EXEC has returned the replies of all three writes together yet. Run them one by one and another client can see product 9 in the price index without its details; queue all three between MULTI and EXEC so they run in one EXEC.";
  }),
];

// -- the half-done transfer --

const FIX_TOTAL = 120;
const transferFixChecks: Check[] = [
  custom("acct:bob is a plain integer balance", async (s) => (await balance(s, "acct:bob")).msg),
  custom(`the transfer is complete and no money was created or lost (total ${FIX_TOTAL})`, async (s) => {
    const a = await balance(s, "acct:alice");
    if (a.msg) return a.msg;
    const b = await balance(s, "acct:bob");
    if (b.msg) return null; // the check above explains acct:bob
    if (a.n === 40)
      return "acct:alice holds 40: she has been debited twice. EXEC does not roll back, so the DECRBY in the failed transaction had already taken her 30.";
    if (a.n === 100) return "acct:alice holds 100, as if the transfer never happened; the exercise wants it completed, not undone.";
    if (a.n !== 70) return `acct:alice holds ${a.n}; after the transfer of 30 she should have 70.`;
    const total = a.n! + b.n!;
    if (total < FIX_TOTAL)
      return `The two balances add up to ${total}: ${FIX_TOTAL - total} has gone missing. Alice's debit did run; did Bob ever receive the 30?`;
    if (total > FIX_TOTAL) return `The two balances add up to ${total}: ${total - FIX_TOTAL} has appeared from nowhere.`;
    return null;
  }),
];

// -- the WATCH race --

const RACE_TOTAL = 100 + 20 + 50;
const raceChecks: Check[] = [
  custom("EXEC came back (nil) once: a watched key changed, and the transaction ran nothing", async (s) =>
    sawAbortedExec(s)
      ? null
      : "Your EXEC has not come back (nil) yet. Read the balances and send the transfer as MULTI … EXEC with SET; the payroll job makes sure it collides.",
  ),
  custom(`Alice paid Bob 30, the payroll's 50 is kept, and the books balance (total ${RACE_TOTAL})`, async (s) => {
    const a = await balance(s, "acct:alice");
    if (a.msg) return a.msg;
    const b = await balance(s, "acct:bob");
    if (b.msg) return b.msg;
    const total = a.n! + b.n!;
    if (b.n === 20)
      return sawAbortedExec(s)
        ? "acct:bob still holds 20: the transfer has not happened. An EXEC that answers (nil) ran nothing at all; watch, read and try again."
        : "acct:bob still holds 20: the transfer has not happened yet.";
    if (total === RACE_TOTAL - 50)
      return `The payroll's bonus of 50 has vanished: the balances add up to ${total}. A SET written from a balance read before the bonus landed overwrote it. After a (nil), watch and read again before you retry.`;
    if (total !== RACE_TOTAL) return `The balances add up to ${total}; with the payroll's 50 they should add up to ${RACE_TOTAL}.`;
    if (b.n !== 50 || a.n !== 120) return `acct:alice holds ${a.n} and acct:bob ${b.n}: the exercise moves exactly 30 from Alice to Bob.`;
    return null;
  }),
];

const exercises: Exercise[] = [
  {
    kind: "predict",
    id: "f11-predict-rollback",
    title: "Predict: does a failed command undo the others?",
    prompt: [
      "The setup stored `SET stock 5` and `SET label spring-sale`. A buggy checkout sends this transaction:",
      "",
      "```",
      "MULTI",
      "DECR stock",
      "INCR label",
      "SET sold:last lamp",
      "EXEC",
      "```",
      "",
      "What does `stock` hold after `EXEC`? Store your prediction as a number in the key `answer` (for example `SET answer 9`), then run the transaction and `GET stock` to check.",
    ].join("\n"),
    setup: [{ run: "SET stock 5" }, { run: "SET label spring-sale" }],
    solution: [{ run: "SET answer 4" }],
    wrong: [
      {
        why: "expects the failed INCR to roll the transaction back",
        steps: [{ run: "SET answer 5" }],
        expectMessage: "no rollback",
      },
    ],
    hints: [
      "Which of the three commands fails, and is that visible while queuing or only when it runs?",
      "When a command fails inside EXEC, what happens to the commands around it?",
    ],
    checks: [
      custom("answer holds what stock holds after EXEC", async (s) => {
        const { value, msg } = await prediction(s);
        if (msg) return msg;
        if (value === "4") return null;
        if (value === "5")
          return "Not quite: INCR label fails when it runs, but that does not undo DECR stock. Redis has no rollback: the other commands of the transaction run anyway.";
        return `answer holds "${value}". How many times does the transaction decrement stock?`;
      }),
    ],
  },
  {
    kind: "build",
    id: "f11-build-product",
    title: "Add a product in one transaction",
    prompt:
      "The shop keeps each product as a hash `product:<id>`, the set `products` of all ids, and the sorted set `products:by-price` (score = price). Products 1 and 2 exist. Add product **9**, a `Lamp` priced `25`, to all three structures, so that no other client can ever see it in one place and missing from another: the three writes must run together in one `EXEC`.",
    setup: [
      { run: "HSET product:1 name Mug price 10" },
      { run: "HSET product:2 name Chair price 40" },
      { run: "SADD products 1 2" },
      { run: "ZADD products:by-price 10 1 40 2" },
    ],
    solution: [
      { run: "MULTI" },
      { run: "HSET product:9 name Lamp price 25" },
      { run: "SADD products 9" },
      { run: "ZADD products:by-price 25 9" },
      { run: "EXEC" },
    ],
    wrong: [
      {
        why: "runs the three writes one by one",
        steps: [{ run: "HSET product:9 name Lamp price 25" }, { run: "SADD products 9" }, { run: "ZADD products:by-price 25 9" }],
        expectMessage: "one EXEC",
      },
      {
        why: "thinks a malformed command only skips itself",
        steps: [
          { run: "MULTI" },
          { run: "HSET product:9 name Lamp price 25" },
          { run: "SADD products 9" },
          { run: "ZADD products:by-price 9" },
          { run: "EXEC" },
          { run: "ZADD products:by-price 25 9" },
        ],
        expectMessage: "EXECABORT",
      },
    ],
    hints: [
      "Open the transaction first; every command after it should answer QUEUED.",
      "ZADD takes the score before the member.",
      "Check EXEC's reply: one line per queued write, none of them an error.",
    ],
    checks: productChecks,
  },
  {
    kind: "fix",
    id: "f11-fix-transfer",
    title: "Repair a half-done transfer",
    prompt:
      "The ledger keeps every balance as a plain integer string. Before the setup, Alice had 100 and Bob 20 (120 together), but Bob's account had been created as a hash by mistake. The setup then ran a transfer of 30: `MULTI`, `DECRBY acct:alice 30`, `INCRBY acct:bob 30`, `EXEC`. Look at what `EXEC` answered and what the keys hold now, then repair the data: Bob's balance must be an integer string again, and the transfer must be **complete**, with no money created or lost.",
    setup: [
      { run: "SET acct:alice 100" },
      { run: "HSET acct:bob balance 20" },
      { run: "MULTI" },
      { run: "DECRBY acct:alice 30" },
      { run: "INCRBY acct:bob 30" },
      { run: "EXEC" },
    ],
    solution: [{ run: "SET acct:bob 50" }],
    wrong: [
      {
        why: "replays the whole transaction after fixing Bob's type",
        steps: [
          { run: "DEL acct:bob" },
          { run: "SET acct:bob 20" },
          { run: "MULTI" },
          { run: "DECRBY acct:alice 30" },
          { run: "INCRBY acct:bob 30" },
          { run: "EXEC" },
        ],
        expectMessage: "does not roll back",
      },
      {
        why: "assumes EXEC rolled back and only fixes Bob's type",
        steps: [{ run: "DEL acct:bob" }, { run: "SET acct:bob 20" }],
        expectMessage: "gone missing",
      },
    ],
    hints: [
      "EXEC's array has one reply per queued command: which one failed, and which one ran?",
      "How much does Alice have now, and how much should Bob have once he has received the 30?",
      "SET replaces a key whatever its type.",
    ],
    checks: transferFixChecks,
  },
  {
    kind: "predict",
    id: "f11-predict-own-watch",
    title: "Predict: can you spoil your own WATCH?",
    prompt: [
      "The setup stored `SET counter 10`. With no other client connected, you run:",
      "",
      "```",
      "WATCH counter",
      "INCR counter",
      "MULTI",
      "INCR counter",
      "EXEC",
      "```",
      "",
      "What does `EXEC` reply? Store your prediction in the key `answer`: the number you expect inside its array (for example `SET answer 7`), or `nil` if you think it runs nothing. Then run the lines to check.",
    ].join("\n"),
    setup: [{ run: "SET counter 10" }],
    solution: [{ run: "SET answer nil" }],
    wrong: [
      {
        why: "thinks WATCH only reacts to other clients",
        steps: [{ run: "SET answer 12" }],
        expectMessage: "Your own",
      },
    ],
    hints: ["WATCH keeps an eye on a key. Does it care who changed it?"],
    checks: [
      custom("answer holds what EXEC replies", async (s) => {
        const { value, msg } = await prediction(s);
        if (msg) return msg;
        const v = value!.replace(/^\(|\)$/g, "").toLowerCase();
        if (v === "nil" || v === "null") return null;
        if (v === "12" || v === "11")
          return "Not quite: WATCH watches the key, not the other clients. Your own INCR between WATCH and EXEC changed counter, so EXEC runs nothing and answers (nil).";
        return `answer holds "${value}". Does the first INCR count as a change to a watched key?`;
      }),
    ],
  },
  {
    kind: "signature",
    id: "f11-watch-race",
    title: "Win a race with WATCH",
    prompt: [
      "Alice has 100 in `acct:alice` and Bob 20 in `acct:bob`. Transfer **30 from Alice to Bob** the way the bank's code does it: read both balances, work out the new ones, and write them with `SET` inside `MULTI` … `EXEC`. (The code reads first because it refuses to let a balance go below zero.)",
      "",
      "The setup has already run `WATCH acct:alice acct:bob` in your tab, as the code does before reading. And a payroll job in the tab **payroll** is about to pay Alice a bonus of 50: it runs right after your next command.",
      "",
      "Your first `EXEC` will come back `(nil)`. Don't give up: retry until the transfer goes through, and leave the books balanced, bonus included.",
    ].join("\n"),
    setup: [
      { run: "SET acct:alice 100" },
      { run: "SET acct:bob 20" },
      { run: "WATCH acct:alice acct:bob" },
      { actor: { client: "payroll", when: "afterNextCommand", run: "INCRBY acct:alice 50" } },
    ],
    solution: [
      { run: "GET acct:alice" },
      { run: "GET acct:bob" },
      { run: "MULTI" },
      { run: "SET acct:alice 70" },
      { run: "SET acct:bob 50" },
      { run: "EXEC" },
      { run: "WATCH acct:alice acct:bob" },
      { run: "GET acct:alice" },
      { run: "GET acct:bob" },
      { run: "MULTI" },
      { run: "SET acct:alice 120" },
      { run: "SET acct:bob 50" },
      { run: "EXEC" },
    ],
    wrong: [
      {
        why: "retries with the values computed before the (nil), without watching or reading again",
        steps: [
          { run: "GET acct:alice" },
          { run: "GET acct:bob" },
          { run: "MULTI" },
          { run: "SET acct:alice 70" },
          { run: "SET acct:bob 50" },
          { run: "EXEC" },
          { run: "MULTI" },
          { run: "SET acct:alice 70" },
          { run: "SET acct:bob 50" },
          { run: "EXEC" },
        ],
        expectMessage: "vanished",
      },
      {
        why: "gives up after the (nil)",
        steps: [
          { run: "GET acct:alice" },
          { run: "GET acct:bob" },
          { run: "MULTI" },
          { run: "SET acct:alice 70" },
          { run: "SET acct:bob 50" },
          { run: "EXEC" },
        ],
        expectMessage: "ran nothing at all",
      },
      {
        why: "moves the money with DECRBY/INCRBY and never meets the race",
        steps: [{ run: "DECRBY acct:alice 30" }, { run: "INCRBY acct:bob 30" }],
        expectMessage: "not come back (nil)",
      },
    ],
    hints: [
      "Read both balances first, then queue two SETs between MULTI and EXEC.",
      "(nil) from EXEC means nothing ran, and EXEC has forgotten your watched keys. What did the payroll tab do?",
      "A retry starts from the top: WATCH, read again, compute again, MULTI, EXEC.",
    ],
    checks: raceChecks,
  },
  {
    kind: "quiz",
    id: "f11-quiz-lua",
    title: "WATCH or Lua?",
    prompt:
      "A ticket service must decrement `tickets:show42` only if it is above zero. Thousands of buyers hit the same key in the first second of the sale. Which approach fits best?",
    options: [
      {
        text: "A Lua script that reads the count and decrements it only if it is above zero",
        correct: true,
        explain:
          "The script runs as one step on the server: nobody can change the key between its read and its write, so there is nothing to retry, and it costs one round trip. With thousands of clients on one hot key, that matters.",
      },
      {
        text: "WATCH tickets:show42, GET, then MULTI / DECR / EXEC, retrying on (nil)",
        correct: false,
        explain:
          "It is correct, but on a key this hot almost every EXEC collides with another buyer's, so clients retry again and again, each attempt costing at least two round trips. Optimistic locking suits keys where collisions are rare.",
      },
      {
        text: "MULTI / GET / DECR / EXEC, checking the GET's value",
        correct: false,
        explain:
          "Inside MULTI the GET only answers QUEUED; its value arrives in EXEC's array after the DECR has already run, so the check comes too late to prevent overselling.",
      },
      {
        text: "DECR, and if the reply is negative, an INCR to put the ticket back",
        correct: false,
        explain:
          "Between the DECR and the INCR other buyers see a negative count, and some may be refused a ticket that is about to be returned. It can be made to work, but the script states the rule directly.",
      },
    ],
  },
];

export const module: Module = {
  id: "F-11",
  title: "Transactions and WATCH",
  summary:
    "MULTI/EXEC runs queued commands back to back with no other client in between, refuses a queue with a malformed command (EXECABORT), but never rolls back a command that fails while running; WATCH adds optimistic locking with retries, and Lua fits when the logic must read before it writes.",
  sections,
  examples,
  exercises,
};
