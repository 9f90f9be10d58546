/**
 * F-7's graded exercises: predict the bytes of a bulk string reply, predict what a loop and a
 * pipeline cost in round trips, write a menu with one command, repair the damage a badly
 * ordered MSET frame did, type a frame by hand in raw mode (the signature), and read a hash as
 * a RESP3 map.
 *
 * Checks read state: keys through the inspection path, INFO commandstats through the checker
 * connection (how many commands wrote strings), and the tab's transcript (which records raw-mode
 * exchanges too, as the command and the reply rendered redis-cli style). The raw-mode exercise
 * grades the bytes its frame stored (a value with CR LF inside, which a hand-typed frame
 * delivers whole only with a correct bulk length) and, from the transcript, that the SET which
 * stored them came from raw mode as a RESP array: a command's transcript entry is marked `raw`
 * with the bytes of its frame when it was typed in raw mode.
 */
import { escapeBytes } from "@/components/console/resp-text";
import { splitArgs } from "@/engine/resp/split-args";
import { utf8ToBytes } from "@/engine/util/bytes";
import { custom, stringIs } from "../checks";
import type { Exercise, StateReader, TranscriptEntry } from "../types";

/** A stored string with the escapes a learner might have typed literally (`\r`, `\n`, `\xHH`) turned into bytes. */
export function unescapeStored(v: string): string {
  return v.replace(/\\(r|n|t|\\|x[0-9a-fA-F]{2})/g, (_, e: string) =>
    e === "r" ? "\r" : e === "n" ? "\n" : e === "t" ? "\t" : e === "\\" ? "\\" : String.fromCharCode(parseInt(e.slice(1), 16)),
  );
}

/** A string key's value, or a message when it is missing or not a string. */
async function stored(s: StateReader, key: string, example: string): Promise<{ value: string | null; msg: string | null }> {
  const k = await s.key(key);
  if (!k) return { value: null, msg: `Store your answer in the key ${key} first (for example ${example}).` };
  if (k.value.type !== "string") return { value: null, msg: `${key} is a ${k.type}; store your answer as a plain string.` };
  return { value: k.value.value, msg: null };
}

// ---------------------------------------------------------------------------------------------
// Predict: the bytes of GET city, where city holds "Zürich" (7 bytes in UTF-8).

const predictBytes: Exercise = {
  kind: "predict",
  id: "f7-predict-bytes",
  title: "Predict: the bytes of a reply",
  prompt:
    "The setup ran `SET city Zürich`. Before you run `GET city`, work out the exact bytes Redis sends back for it, and store them in the key `answer`. Inside double quotes the console turns `\\r\\n` into the real bytes CR and LF, so for example `SET answer \"+OK\\r\\n\"` stores a simple-string reply. Then switch the wire view on and run `GET city` to check.",
  setup: [{ run: "SET city Zürich" }],
  solution: [{ run: 'SET answer "$7\\r\\nZürich\\r\\n"' }],
  wrong: [
    {
      why: "counts characters instead of bytes",
      steps: [{ run: 'SET answer "$6\\r\\nZürich\\r\\n"' }],
      expectMessage: "counts bytes",
    },
    {
      why: "thinks a value comes back as a simple string",
      steps: [{ run: 'SET answer "+Zürich\\r\\n"' }],
      expectMessage: "bulk string",
    },
    {
      why: "forgets the CRLF that ends the payload",
      steps: [{ run: 'SET answer "$7\\r\\nZürich"' }],
      expectMessage: "its own CRLF",
    },
  ],
  hints: [
    "GET returns a value, and a value can contain any byte: which RESP type has a length prefix?",
    "The console sends what you type as UTF-8. How many bytes is ü?",
  ],
  checks: [
    custom("answer holds the bytes Redis sends for GET city", async (s) => {
      const { value, msg } = await stored(s, "answer", 'SET answer "+OK\\r\\n"');
      if (msg) return msg;
      const city = await s.key("city");
      if (!city || city.value.type !== "string") return "city must still hold Zürich: reset the exercise to restore it.";
      const v = city.value.value;
      const want = `$${v.length}\r\n${v}\r\n`;
      const got = unescapeStored(value!);
      if (got === want) return null;
      if (got.startsWith("+")) return "GET replies with a bulk string ($), not a simple string: a value may hold any bytes, so it travels with its length.";
      const m = /^\$(-?\d+)\r\n/.exec(got);
      if (m && m[1] !== String(v.length)) {
        return Number(m[1]) < v.length
          ? `The length ${m[1]} is short: the bulk length counts bytes, not characters, and ü takes two bytes in UTF-8.`
          : `The length ${m[1]} is too long: count the payload's bytes only, without the CRLFs around it.`;
      }
      if (got === `$${v.length}\r\n${v}`) return "Almost: after the payload, the bulk string ends with its own CRLF.";
      if (got.startsWith(`$${v.length}`) && !got.startsWith(`$${v.length}\r\n`)) return "A CRLF separates the length line from the payload.";
      return `answer holds ${escapeBytes(got)}; compare it with the ← line of the wire view for GET city.`;
    }),
  ],
};

// ---------------------------------------------------------------------------------------------
// Predict: 50 GETs at a 20 ms round trip, in a loop and in a pipeline.

const RTT = 20;
const N = 50;

/** A stored number of milliseconds ("1000" or "1000ms"); NaN when it is not one. */
const ms = (v: string) => Number(v.trim().replace(/\s*ms$/i, ""));

const predictRtt: Exercise = {
  kind: "predict",
  id: "f7-predict-rtt",
  title: "Predict: what does the network cost?",
  prompt: `A page needs ${N} product names, one \`GET\` each. The round trip to Redis is ${RTT} ms, and Redis' own time per command is so small you may ignore it. Predict how many milliseconds the page spends on round trips (a) when the code runs the ${N} \`GET\`s in a loop, each waiting for its reply, and (b) when it sends them as one pipeline. Store (a) in the key \`loop_ms\` and (b) in \`pipe_ms\`, as plain numbers. You can check with the Round trip slider at ${RTT} ms: \`${N} GET product:1\` is the loop, and pasting ${N} lines at once is the pipeline (watch the tab's total).`,
  solution: [{ run: `SET loop_ms ${N * RTT}` }, { run: `SET pipe_ms ${RTT}` }],
  wrong: [
    {
      why: "thinks a pipeline still waits once per command",
      steps: [{ run: `SET loop_ms ${N * RTT}` }, { run: `SET pipe_ms ${N * RTT}` }],
      expectMessage: "before reading any reply",
    },
    {
      why: "thinks the loop's commands overlap on the network",
      steps: [{ run: `SET loop_ms ${RTT}` }, { run: `SET pipe_ms ${RTT}` }],
      expectMessage: "waits for its reply",
    },
  ],
  hints: [
    "In the loop, when is the second GET sent?",
    "In a pipeline, the client writes every command first and then reads the replies. How many times does it wait for the network?",
  ],
  checks: [
    custom(`loop_ms holds the round-trip time of ${N} GETs in a loop`, async (s) => {
      const { value, msg } = await stored(s, "loop_ms", "SET loop_ms 100");
      if (msg) return msg;
      const n = ms(value!);
      if (n === N * RTT) return null;
      if (n === RTT) return `Each GET in the loop waits for its reply before the next one is sent, so every GET pays a round trip of its own.`;
      if (n === N) return `loop_ms should be in milliseconds: ${N} round trips of ${RTT} ms each.`;
      return `loop_ms holds "${value}". Count the round trips the loop makes, then their cost.`;
    }),
    custom("pipe_ms holds the round-trip time of the same GETs in one pipeline", async (s) => {
      const { value, msg } = await stored(s, "pipe_ms", "SET pipe_ms 100");
      if (msg) return msg;
      const n = ms(value!);
      if (n === RTT) return null;
      if (n === N * RTT) return "A pipeline sends every command before reading any reply, so the requests do not wait for each other: how many round trips is that?";
      if (n === 0) return "Even a pipeline waits once: the requests have to reach the server and the replies have to come back.";
      return `pipe_ms holds "${value}". How many times does a pipeline wait for the network?`;
    }),
  ],
};

// ---------------------------------------------------------------------------------------------
// Build: five prices written by one command.

const MENU: [string, string][] = [
  ["menu:espresso", "2.20"],
  ["menu:latte", "3.10"],
  ["menu:mocha", "3.40"],
  ["menu:tea", "1.90"],
  ["menu:juice", "2.80"],
];

/** Commands that write one string each: what a loop of writes would use instead of MSET. */
const SINGLE_WRITES = ["set", "setnx", "setex", "psetex", "getset", "append", "setrange", "incr", "incrby", "incrbyfloat", "decr", "decrby", "getex", "getdel"];

/** calls per command, from INFO commandstats. */
async function commandCalls(s: StateReader): Promise<Map<string, number>> {
  const r = await s.command(["INFO", "commandstats"]);
  const text = r.t === "bulk" || r.t === "verbatim" ? r.v : "";
  const out = new Map<string, number>();
  for (const m of text.matchAll(/^cmdstat_([^:]+):calls=(\d+)/gm)) out.set(m[1], Number(m[2]));
  return out;
}

const buildMset: Exercise = {
  kind: "build",
  id: "f7-build-mset",
  title: "Five prices, one request",
  prompt: `A café's menu must go into Redis: ${MENU.map(([k, v]) => `\`${k}\` = \`${v}\``).join(", ")}. Write all five with **a single command**, so the whole menu costs one round trip. (Every string write on this instance counts, so if you experiment first, reset the exercise before your final attempt.)`,
  solution: [{ run: `MSET ${MENU.map(([k, v]) => `${k} ${v}`).join(" ")}` }],
  wrong: [
    {
      why: "writes the keys one SET at a time",
      steps: MENU.map(([k, v]) => ({ run: `SET ${k} ${v}` })),
      expectMessage: "one round trip each",
    },
    {
      why: "forgets one pair",
      steps: [{ run: `MSET ${MENU.slice(0, 4).map(([k, v]) => `${k} ${v}`).join(" ")}` }],
      expectMessage: `"${MENU[4][0]}"`,
    },
  ],
  hints: ["Which command from the lesson writes many keys at once?", "It takes key, value, key, value…, in one argument list."],
  checks: [
    ...MENU.map(([k, v]) => stringIs(k, v)),
    custom("one command wrote them", async (s) => {
      const calls = await commandCalls(s);
      const singles = SINGLE_WRITES.reduce((n, c) => n + (calls.get(c) ?? 0), 0);
      const multi = (calls.get("mset") ?? 0) + (calls.get("msetnx") ?? 0);
      if (singles > 0)
        return `${singles} single-key write${singles > 1 ? "s" : ""} (SET and the like) ran on this instance: in a loop that is one round trip each, and even pasted as one pipeline it is ${singles} command${singles > 1 ? "s" : ""}. Reset the exercise and write the menu with one command.`;
      if (multi === 0) return "No multi-key write has run yet.";
      if (multi > 1) return `${multi} multi-key writes ran; one can carry all five pairs. Reset the exercise and try once more.`;
      return null;
    }),
  ],
};

// ---------------------------------------------------------------------------------------------
// Fix: an MSET frame built with all the keys first, then all the values.

const BAD_FRAME = "*5\\r\\n$4\\r\\nMSET\\r\\n$9\\r\\nprice:tea\\r\\n$12\\r\\nprice:coffee\\r\\n$4\\r\\n3.50\\r\\n$4\\r\\n2.80\\r\\n";

const fixFrame: Exercise = {
  kind: "fix",
  id: "f7-fix-frame",
  title: "Repair what a bad frame wrote",
  prompt: `A price-update job was meant to set \`price:tea\` to \`3.50\` and \`price:coffee\` to \`2.80\`. The wire view caught the one request it sent:\n\n\`\`\`\n${BAD_FRAME}\n\`\`\`\n\nDecode the frame argument by argument and work out which keys it actually wrote (look at the keyspace too). Then repair the data: the two prices right, and nothing else the job left behind.`,
  setup: [{ run: "MSET price:tea price:coffee 3.50 2.80" }],
  solution: [{ run: 'DEL "3.50"' }, { run: "MSET price:tea 3.50 price:coffee 2.80" }],
  wrong: [
    {
      why: "sets the prices but leaves the stray key the frame created",
      steps: [{ run: "SET price:tea 3.50" }, { run: "SET price:coffee 2.80" }],
      expectMessage: '"3.50"',
    },
    {
      why: "sends the same frame again",
      steps: [{ run: "MSET price:tea price:coffee 3.50 2.80" }],
      expectMessage: "followed by its own value",
    },
  ],
  hints: ["The array has five elements: the command name and four arguments. Write them out in order.", "MSET pairs its arguments two by two. Which pairs did this frame make?"],
  checks: [
    custom('"price:tea" holds "3.50"', async (s) => {
      const k = await s.key("price:tea");
      if (!k) return 'There is no key named "price:tea".';
      if (k.value.type !== "string") return `"price:tea" is a ${k.type}; the exercise wants a string.`;
      if (k.value.value === "3.50") return null;
      if (k.value.value === "price:coffee")
        return '"price:tea" holds "price:coffee": in MSET each key is followed by its own value, so the frame paired price:tea with the argument right after it.';
      return `"price:tea" holds "${k.value.value}", not the price the job meant.`;
    }),
    stringIs("price:coffee", "2.80"),
    custom("no other keys", async (s) => {
      const stray = (await s.keys()).filter((k) => k.key !== "price:tea" && k.key !== "price:coffee");
      if (!stray.length) return null;
      const first = await s.key(stray[0].key);
      const held = first?.value.type === "string" ? ` (holding "${first.value.value}")` : "";
      return `There is still a key named "${stray[0].key}"${held}${stray.length > 1 ? ` and ${stray.length - 1} more` : ""}: the job was never meant to write it.`;
    }),
  ],
};

// ---------------------------------------------------------------------------------------------
// Signature: a frame typed by hand in raw mode, with CR LF inside the payload.

const MEMO = "buy milk\r\ncall Ada";
/** The reference frame as typed in raw mode (Enter adds the final CR LF). */
const MEMO_FRAME = "*3\\r\\n$3\\r\\nSET\\r\\n$4\\r\\nmemo\\r\\n$18\\r\\nbuy milk\\r\\ncall Ada";

/** The last command of a transcript that set memo to the note and got OK, with its entry. */
function lastMemoSet(entries: TranscriptEntry[]): Extract<TranscriptEntry, { kind: "command" }> | null {
  let found: Extract<TranscriptEntry, { kind: "command" }> | null = null;
  let cmd: Extract<TranscriptEntry, { kind: "command" }> | null = null;
  for (const e of entries) {
    if (e.kind === "command") cmd = e;
    else if (e.kind === "reply" && cmd) {
      const argv = splitArgs(utf8ToBytes(cmd.line));
      if (e.text === "OK" && argv && argv[0].toUpperCase() === "SET" && argv[1] === "memo" && argv[2] === MEMO) found = cmd;
      cmd = null;
    }
  }
  return found;
}

const rawMemo: Exercise = {
  kind: "signature",
  id: "f7-raw-memo",
  title: "Type a frame by hand",
  prompt: `In the **main** tab, switch **Raw RESP** on and send one frame, a RESP array of bulk strings, that runs \`SET\` and stores in the key \`memo\` a two-line note: \`buy milk\`, then CR LF, then \`call Ada\`. In raw mode, \`\\r\\n\` inside what you type becomes the real bytes, and Enter adds the final \`\\r\\n\`. Watch the reply: \`+OK\\r\\n\` means your frame was understood. The same SET typed normally doesn't count: then the console builds the frame for you.`,
  solution: [{ raw: true, run: MEMO_FRAME }],
  wrong: [
    {
      why: "counts CR LF as nothing (length 16)",
      steps: [{ raw: true, run: MEMO_FRAME.replace("$18", "$16") }],
      expectMessage: "stopped short",
    },
    {
      why: "sends the escapes as text (normal mode, single quotes)",
      steps: [{ run: "SET memo 'buy milk\\r\\ncall Ada'" }],
      expectMessage: "backslashes",
    },
    {
      why: "types the command normally and lets the console build the frame",
      steps: [{ run: 'SET memo "buy milk\\r\\ncall Ada"' }],
      expectMessage: "typed normally",
    },
    {
      why: "sends an inline command in raw mode instead of a RESP array",
      steps: [{ raw: true, run: 'SET memo "buy milk\\\\r\\\\ncall Ada"' }],
      expectMessage: "inline command",
    },
  ],
  hints: [
    "The frame is an array of three bulk strings: SET, memo, and the note. Each bulk string is $, its length, CRLF, the bytes, CRLF.",
    "Count the note's bytes: two words, a space, CR, LF, two more words, a space. CR and LF are one byte each.",
  ],
  checks: [
    custom("memo holds the two-line note, CR LF included", async (s) => {
      const k = await s.key("memo");
      if (!k)
        return 'There is no key memo yet. If the console says bytes are buffered, the server is still waiting for the rest of your frame: a bulk length that is too long makes it wait for bytes you never send.';
      if (k.value.type !== "string") return `memo is a ${k.type}; SET makes a string.`;
      const v = k.value.value;
      if (v === MEMO) return null;
      if (v.includes("\\"))
        return "memo contains backslashes: the \\r and \\n arrived as text. In raw mode they become CR and LF bytes; what counts is the bytes inside the bulk string.";
      if (MEMO.startsWith(v))
        return `memo holds only ${v.length} of the note's bytes (${escapeBytes(v)}): the bulk length stopped short. CR and LF are one byte each, and the length counts every byte of the payload.`;
      if (v.startsWith(MEMO)) return `memo holds ${v.length} bytes (${escapeBytes(v)}), more than the note: count its bytes again.`;
      return `memo holds ${escapeBytes(v)}, not the note the exercise asks for.`;
    }),
    custom("the SET that stored it was a frame typed by hand in raw mode (main tab)", async (s) => {
      const set = lastMemoSet(s.transcript("main"));
      if (!set) return "The main tab has not stored the note with SET yet: send your frame there, with Raw RESP on.";
      if (!set.raw)
        return "memo was set by a command typed normally: the console built the RESP frame for you. Switch Raw RESP on and type the frame yourself: *3, then each argument as a bulk string.";
      if (!set.bytes?.startsWith("*"))
        return "You sent an inline command (plain words on a line), which Redis accepts for telnet users. The exercise wants a RESP array: start with *3\\r\\n and send each argument as a bulk string.";
      return null;
    }),
  ],
};

// ---------------------------------------------------------------------------------------------
// Build: read a hash as a RESP3 map in the main tab.

const resp3Map: Exercise = {
  kind: "build",
  id: "f7-resp3-map",
  title: "Get a map back",
  prompt:
    "The setup stored the hash `user:1`. In the **main** tab, get all of `user:1`'s fields and values back as a RESP3 map (the console prints map entries as `1# \"field\" => \"value\"`). `HELLO 2` switches the tab back afterwards.",
  setup: [{ run: "HSET user:1 name Ada plan pro" }],
  solution: [{ run: "HELLO 3" }, { run: "HGETALL user:1" }],
  wrong: [
    {
      why: "reads the hash over RESP2",
      steps: [{ run: "HGETALL user:1" }],
      expectMessage: "flat array",
    },
    {
      why: "switches another connection to RESP3",
      steps: [{ client: "other", run: "HELLO 3" }, { run: "HGETALL user:1" }],
      expectMessage: "per connection",
    },
  ],
  hints: ["Which command chooses the protocol a connection speaks?", "The protocol belongs to the connection that sent HELLO."],
  checks: [
    custom("main received user:1 as a map", async (s) => {
      const replies = s.transcript("main").filter((e) => e.kind === "reply");
      const asMap = (t: string) => t.includes('"name" => "Ada"') && t.includes('"plan" => "pro"');
      if (replies.some((e) => asMap(e.text))) return null;
      if (replies.some((e) => e.text.includes('"name"\n') && e.text.includes('"Ada"') && !e.text.includes("=>")))
        return "user:1 came back as a flat array (field, value, field, value): the main tab's connection still speaks RESP2. The protocol is chosen per connection, by HELLO on that connection.";
      return "The main tab has not received user:1's fields as a map yet.";
    }),
  ],
};

// ---------------------------------------------------------------------------------------------
// Quiz: what a pipeline does and does not promise.

const quiz: Exercise = {
  kind: "quiz",
  id: "f7-quiz",
  title: "What a pipeline promises",
  prompt: "Your code sends `DECRBY stock 1`, `RPUSH orders o-17` and `INCR sold` as one pipeline. Which statement is true?",
  options: [
    {
      text: "The three commands cost one round trip, but another client's command may run between them, and if one fails the others still run.",
      correct: true,
      explain: "Right. A pipeline is a way of using the connection, not a server feature: the server runs the commands one by one as they arrive. For all-or-nothing visibility use MULTI/EXEC or a Lua script.",
    },
    {
      text: "The three commands run atomically, like a MULTI/EXEC transaction.",
      correct: false,
      explain: "No. The server sees three ordinary commands; other clients' commands can be interleaved. MULTI/EXEC (F-11) is what runs a group back to back.",
    },
    {
      text: "Each command runs faster inside Redis because it is pipelined.",
      correct: false,
      explain: "No. Redis' work per command is the same; what the pipeline saves is waiting on the network (and some system calls).",
    },
    {
      text: "If DECRBY fails, Redis skips RPUSH and INCR.",
      correct: false,
      explain: "No. Each command gets its own reply, an error included, and the others run regardless.",
    },
  ],
};

export const exercises: Exercise[] = [predictBytes, predictRtt, buildMset, fixFrame, rawMemo, resp3Map, quiz];
