/**
 * F-4's graded exercises: what a client held behind DEBUG SLEEP receives, and how long it
 * waits (predict); making one tab really wait behind another's DEBUG SLEEP (build); the slow
 * log's threshold in microseconds (build); DEL made lazy without touching the app (fix); the
 * latency monitor's threshold in milliseconds and a spike to catch (build); and finding, in
 * SLOWLOG, which of two client tabs froze the instance (signature).
 *
 * Checks read configuration, SLOWLOG/LATENCY and keys through the checker connection and the
 * inspector, and the wait a tab's reply reports in its transcript (waitedMs); none looks at
 * what was typed. DEBUG SLEEP stays short: in the browser it holds the instance for real.
 */
import { custom, keyAbsent } from "../checks";
import type { Exercise, StateReader, TranscriptEntry } from "../types";
import type { Reply } from "@/engine/reply";

/** A config parameter's value as CONFIG GET reports it. */
async function config(s: StateReader, name: string): Promise<string> {
  const r = await s.command(["CONFIG", "GET", name]);
  const v = r.t === "array" || r.t === "map" ? r.v[1] : undefined;
  return v && (v.t === "bulk" || v.t === "simple") ? v.v : "";
}

/** A string key's value, trimmed and unquoted; a message when it is missing or not a string. */
async function stored(s: StateReader, key: string, example: string): Promise<{ value: string | null; msg: string | null }> {
  const k = await s.key(key);
  if (!k) return { value: null, msg: `Store your answer in the key ${key} first (for example SET ${key} ${example}).` };
  if (k.value.type !== "string") return { value: null, msg: `${key} should be a plain string.` };
  return { value: k.value.value.trim().replace(/^"|"$/g, ""), msg: null };
}

const int = (r: Reply | undefined) => (r && r.t === "int" ? Number(r.v) : null);

/** The longest wait among a tab's replies to a command matching `cmd`, or null when it never ran one. */
function longestWait(entries: TranscriptEntry[], cmd: RegExp): number | null {
  let best: number | null = null;
  let matched = false;
  for (const e of entries) {
    if (e.kind === "command") matched = cmd.test(e.line);
    else if (e.kind === "reply" && matched) {
      best = Math.max(best ?? 0, e.waitedMs);
      matched = false;
    }
  }
  return best;
}

const sleptIn = (s: StateReader, tab: string) => s.transcript(tab).some((e) => e.kind === "command" && /^debug sleep /i.test(e.line));

/** How long web's GET must have waited, in ms. */
const MIN_WAIT_MS = 300;

export const exercises: Exercise[] = [
  {
    kind: "predict",
    id: "f4-predict-wait",
    title: "Predict: what does the waiting client get?",
    prompt:
      "The key `greeting` holds `hello`. Tab **batch** sends `DEBUG SLEEP 1`. Half a second later, tab **web** sends `GET greeting`.\n\n" +
      "1. What does web receive? Store it in the key `answer` (the value itself, or the first word of an error).\n" +
      "2. Roughly how many milliseconds does web's GET wait before it runs? Store the number in `answer:ms`.\n\n" +
      "Then try it with the two tabs (type quickly in web once batch is sleeping) and look at the timing under web's reply.",
    setup: [{ run: "SET greeting hello" }],
    solution: [{ run: "SET answer hello" }, { run: "SET answer:ms 500" }],
    wrong: [
      {
        why: "expects a BUSY error, as a long script would give",
        steps: [{ run: "SET answer BUSY" }, { run: "SET answer:ms 0" }],
        expectMessage: "BUSY is what",
      },
      {
        why: "thinks the two commands run side by side",
        steps: [{ run: "SET answer hello" }, { run: "SET answer:ms 0" }],
        expectMessage: "one command at a time",
      },
      {
        why: "thinks the GET waits the whole second",
        steps: [{ run: "SET answer hello" }, { run: "SET answer:ms 1000" }],
        expectMessage: "already slept",
      },
    ],
    hints: [
      "While DEBUG SLEEP runs, does Redis read anything from other sockets at all?",
      "When the sleep ends, web's GET is simply the next command in line. How much of the second was left?",
    ],
    checks: [
      custom("answer holds what web receives", async (s) => {
        const { value, msg } = await stored(s, "answer", "hello");
        if (msg) return msg;
        if (value === "hello") return null;
        if (/^busy/i.test(value!))
          return "Not quite: BUSY is what other clients get while a Lua script runs past busy-reply-threshold. DEBUG SLEEP stops the server thread outright: web's GET waits, then runs normally.";
        if (/nil|null|timeout|error|err/i.test(value!))
          return "Not quite: nothing times out or fails. web's GET waits its turn, then runs like any other GET.";
        return `answer holds "${value}". What does GET greeting reply on this instance?`;
      }),
      custom("answer:ms holds roughly how long web waits", async (s) => {
        const { value, msg } = await stored(s, "answer:ms", "100");
        if (msg) return msg;
        const n = Number(value!.replace(/\s*ms$/i, ""));
        if (!Number.isFinite(n)) return `answer:ms holds "${value}"; store a number of milliseconds.`;
        if (n >= 400 && n <= 600) return null;
        if (n < 100)
          return "Not quite: Redis runs one command at a time on one thread, so web's GET cannot run while batch's DEBUG SLEEP is still going.";
        if (n >= 900)
          return "Not quite: web sent its GET when batch had already slept half a second; it waits only for the rest.";
        return `answer:ms holds ${n}. Work out how much of batch's second is left when web's GET arrives.`;
      }),
    ],
  },
  {
    kind: "build",
    id: "f4-make-wait",
    title: "Make a client wait",
    prompt:
      "Now feel it. The key `greeting` holds `hello`, and the setup opened tabs **web** and **batch** (web's first `GET greeting` ran at once). Make a `GET greeting` in web wait at least " +
      `${MIN_WAIT_MS} ms before it runs, held up by a \`DEBUG SLEEP\` you start in tab **batch**.\n\n` +
      "Type `DEBUG SLEEP 2` in batch and, while batch is still waiting for its reply, switch to web and send `GET greeting`. " +
      "Under web's reply the console shows how long it waited. (Two seconds leaves you time to switch tabs.)",
    setup: [{ run: "SET greeting hello" }, { client: "web", run: "GET greeting" }, { client: "batch", run: "PING" }],
    solution: [
      { client: "batch", run: "DEBUG SLEEP 0.5" },
      { client: "web", run: "GET greeting", concurrent: true },
    ],
    wrong: [
      {
        why: "sends the GET after the sleep has ended",
        steps: [
          { client: "batch", run: "DEBUG SLEEP 0.5" },
          { client: "web", run: "GET greeting" },
        ],
        expectMessage: "after batch's sleep had ended",
      },
      {
        why: "sleeps in web itself",
        steps: [
          { client: "web", run: "DEBUG SLEEP 0.5" },
          { client: "web", run: "GET greeting" },
        ],
        expectMessage: "in web itself",
      },
    ],
    hints: [
      "A client's own commands run one after another, so the sleep has to be in the other tab.",
      "Send web's GET while batch's DEBUG SLEEP has not answered yet: the instance cannot run it until the sleep ends.",
    ],
    checks: [
      custom(`web's GET greeting waited at least ${MIN_WAIT_MS} ms behind batch's DEBUG SLEEP`, async (s) => {
        const waited = longestWait(s.transcript("web"), /^get greeting$/i);
        if (waited === null) return "web has not sent GET greeting yet.";
        if (waited >= MIN_WAIT_MS) {
          return sleptIn(s, "batch") ? null : "web waited, but not behind a DEBUG SLEEP in batch: start the sleep in batch.";
        }
        // A wait of a few ms is the timer's own jitter (the sleep's reply and the end of the hold), not a wait behind it.
        if (waited >= 50)
          return `web's GET waited only ${Math.round(waited)} ms: send it sooner after batch's DEBUG SLEEP starts, or let batch sleep longer.`;
        if (sleptIn(s, "web") && !sleptIn(s, "batch"))
          return "You slept in web itself: a client's own commands run one after another, so its GET simply came next. The wait has to hit another client: sleep in batch.";
        if (sleptIn(s, "batch"))
          return "web's GET ran at once: it arrived after batch's sleep had ended. Send it while batch is still waiting for its reply.";
        return "Nothing held web up yet: start a DEBUG SLEEP in batch first.";
      }),
    ],
  },
  {
    kind: "build",
    id: "f4-build-slowlog",
    title: "Tune the slow log",
    prompt:
      "Your service must answer within a few milliseconds, so a 10 ms command is already a problem. Configure the slow log to record every command that runs **longer than 5 milliseconds**, and to keep the **last 500** such commands instead of 128.",
    solution: [{ run: "CONFIG SET slowlog-log-slower-than 5000" }, { run: "CONFIG SET slowlog-max-len 500" }],
    wrong: [
      {
        why: "gives the threshold in milliseconds",
        steps: [{ run: "CONFIG SET slowlog-log-slower-than 5" }, { run: "CONFIG SET slowlog-max-len 500" }],
        expectMessage: "microseconds",
      },
      {
        why: "only changes the threshold",
        steps: [{ run: "CONFIG SET slowlog-log-slower-than 5000" }],
        expectMessage: "keeps only the last 128",
      },
    ],
    hints: ["Both settings start with slowlog-. CONFIG GET slowlog-* shows them.", "Check the unit of the threshold: 10000 is the default, and it means 10 ms."],
    checks: [
      custom("slowlog-log-slower-than is 5 ms", async (s) => {
        const v = Number(await config(s, "slowlog-log-slower-than"));
        if (v === 5000) return null;
        if (v === 5)
          return "slowlog-log-slower-than is 5: the threshold counts microseconds, so that logs nearly every command (anything over 0.005 ms).";
        if (v < 0) return "slowlog-log-slower-than is negative, which turns the slow log off.";
        return `slowlog-log-slower-than is ${v} µs (${v / 1000} ms); the exercise asks for 5 ms.`;
      }),
      custom("slowlog-max-len is 500", async (s) => {
        const v = Number(await config(s, "slowlog-max-len"));
        if (v === 500) return null;
        if (v === 128) return "slowlog-max-len is still 128: the slow log keeps only the last 128 entries and drops older ones.";
        return `slowlog-max-len is ${v}; the exercise asks for 500.`;
      }),
    ],
  },
  {
    kind: "fix",
    id: "f4-fix-lazy",
    title: "Make the app's DEL lazy",
    prompt:
      "An app deletes huge temporary sets with `DEL`, and every deletion freezes Redis while the memory is freed. You cannot deploy a new version of the app today. " +
      "Change Redis so that the app's own `DEL` frees memory in the background like `UNLINK`, then delete the leftover key `tmp:report`.",
    setup: [{ run: "SADD tmp:report u1 u2 u3 u4 u5" }],
    solution: [{ run: "CONFIG SET lazyfree-lazy-user-del yes" }, { run: "DEL tmp:report" }],
    wrong: [
      {
        why: "turns on lazy freeing for the server's own deletions",
        steps: [{ run: "CONFIG SET lazyfree-lazy-server-del yes" }, { run: "DEL tmp:report" }],
        expectMessage: "deletions Redis makes by itself",
      },
      {
        why: "uses UNLINK once but leaves the app's DEL as it was",
        steps: [{ run: "UNLINK tmp:report" }],
        expectMessage: "the app's next DEL",
      },
    ],
    hints: [
      "The settings that move freeing to a background thread all start with lazyfree-. CONFIG GET lazyfree-* lists them.",
      "One of them is about deletions the server decides on; another about deletions a user (a client) asks for.",
    ],
    checks: [
      custom("DEL from clients frees memory in the background", async (s) => {
        if ((await config(s, "lazyfree-lazy-user-del")) === "yes") return null;
        if ((await config(s, "lazyfree-lazy-server-del")) === "yes")
          return "lazyfree-lazy-server-del covers deletions Redis makes by itself (a SET over an existing key, RENAME onto one); a DEL the app sends is still freed on the main thread.";
        return "lazyfree-lazy-user-del is still no: the app's next DEL of a huge set will free it on the main thread and freeze everyone again.";
      }),
      keyAbsent("tmp:report"),
    ],
  },
  {
    kind: "build",
    id: "f4-latency",
    title: "Catch a latency spike",
    prompt:
      "The slow log sees commands; the **latency monitor** records spikes by event. It is off by default. Turn it on so that it records anything that takes **100 ms or more**, " +
      "then make a spike it catches with a `DEBUG SLEEP` of at most one second. `LATENCY LATEST` should then list it.",
    solution: [{ run: "CONFIG SET latency-monitor-threshold 100" }, { run: "DEBUG SLEEP 0.2" }, { run: "LATENCY LATEST" }],
    wrong: [
      {
        why: "sleeps without turning the monitor on",
        steps: [{ run: "DEBUG SLEEP 0.2" }],
        expectMessage: "0 turns the monitor off",
      },
      {
        why: "gives the threshold in microseconds, as for the slow log",
        steps: [{ run: "CONFIG SET latency-monitor-threshold 100000" }, { run: "DEBUG SLEEP 0.2" }],
        expectMessage: "counts milliseconds",
      },
      {
        why: "makes a spike below the threshold",
        steps: [{ run: "CONFIG SET latency-monitor-threshold 100" }, { run: "DEBUG SLEEP 0.05" }],
        expectMessage: "has recorded nothing",
      },
    ],
    hints: ["CONFIG GET latency-* shows the setting; its default is 0.", "DEBUG SLEEP takes seconds, and fractions of one."],
    checks: [
      custom("latency-monitor-threshold is 100 ms", async (s) => {
        const v = Number(await config(s, "latency-monitor-threshold"));
        if (v === 100) return null;
        if (v === 0) return "latency-monitor-threshold is 0, and 0 turns the monitor off.";
        if (v >= 1000)
          return `latency-monitor-threshold is ${v}: unlike the slow log, it counts milliseconds, so that is ${v / 1000} s.`;
        return `latency-monitor-threshold is ${v} ms; the exercise asks for 100.`;
      }),
      custom("LATENCY LATEST lists a command spike of 100 ms or more", async (s) => {
        const r = await s.command(["LATENCY", "LATEST"]);
        const events = r.t === "array" ? r.v : [];
        const command = events.find((e) => e.t === "array" && e.v[0]?.t === "bulk" && e.v[0].v === "command");
        if (!command || command.t !== "array") return "The latency monitor has recorded nothing yet: no command has taken at least its threshold since it was turned on.";
        const max = int(command.v[3]);
        return max !== null && max >= 100 ? null : `The slowest command the monitor saw took ${max} ms; make one take at least 100 ms.`;
      }),
    ],
  },
  {
    kind: "signature",
    id: "f4-culprit",
    title: "Who froze the shop?",
    prompt:
      "Two clients share this instance: tab **web** (connection name `web-1`) serves pages, and tab **batch** (`batch-job`) runs reports. " +
      "Users say a page took a third of a second to load, though web's command is a plain GET. Look at what happened in both tabs, then ask the slow log.\n\n" +
      "Store in `culprit` the **connection name** of the client whose command held everyone up, and in `culprit:ms` how long that command ran, **in milliseconds**.",
    setup: [
      { client: "web", run: "CLIENT SETNAME web-1" },
      { client: "batch", run: "CLIENT SETNAME batch-job" },
      { client: "web", run: 'SET page:home "<h1>Welcome</h1>"' },
      { client: "batch", run: "DEBUG SLEEP 0.3" },
      // Sent while batch sleeps, as a visitor's request would be: it really waits.
      { client: "web", run: "GET page:home", concurrent: true },
    ],
    solution: [{ run: "SLOWLOG GET" }, { run: "SET culprit batch-job" }, { run: "SET culprit:ms 300" }],
    wrong: [
      {
        why: "blames the client that felt the delay",
        steps: [{ run: "SET culprit web-1" }, { run: "SET culprit:ms 300" }],
        expectMessage: "only waited",
      },
      {
        why: "copies the duration without converting microseconds",
        steps: [{ run: "SET culprit batch-job" }, { run: "SET culprit:ms 300000" }],
        expectMessage: "microseconds",
      },
    ],
    hints: [
      "SLOWLOG GET lists each slow command with its duration, its arguments, the client's address and the client's name.",
      "The third field of each entry is a duration, and its unit is not milliseconds.",
    ],
    checks: [
      custom("culprit names the client whose command was slow", async (s) => {
        const k = await s.key("culprit");
        if (!k) return "Store the connection name in the key culprit (for example SET culprit some-name).";
        if (k.value.type !== "string") return "culprit should be a plain string.";
        const v = k.value.value.trim().replace(/^"|"$/g, "");
        if (v === "batch-job") return null;
        if (v === "web-1")
          return "web-1 felt the delay, but its GET only waited: the slow log measures how long a command runs, not how long it sat waiting, and web-1 has no entry there.";
        if (/^batch$/i.test(v)) return "batch is the tab's label; the exercise wants the connection name that CLIENT SETNAME gave it, as SLOWLOG shows it.";
        return `culprit holds "${v}", which is not a client the slow log shows.`;
      }),
      custom("culprit:ms holds the slow command's duration in ms", async (s) => {
        const k = await s.key("culprit:ms");
        if (!k) return "Store the duration in the key culprit:ms (a number of milliseconds).";
        if (k.value.type !== "string") return "culprit:ms should be a plain string.";
        const n = Number(k.value.value.trim().replace(/\s*ms$/i, ""));
        if (!Number.isFinite(n)) return `culprit:ms holds "${k.value.value}"; store a number.`;
        if (n >= 250 && n <= 400) return null;
        if (n >= 250_000) return `culprit:ms holds ${n}: SLOWLOG reports durations in microseconds; divide by 1000 for milliseconds.`;
        return `culprit:ms holds ${n}; look at the duration SLOWLOG GET reports for that command.`;
      }),
    ],
  },
  {
    kind: "quiz",
    id: "f4-quiz",
    title: "What do io-threads do?",
    prompt: "A team sets `io-threads 4` and `io-threads-do-reads yes` on a busy Redis 7.0 server. What runs on the extra threads?",
    options: [
      {
        text: "Reading requests from sockets and parsing them, and writing replies back",
        correct: true,
        explain:
          "Yes. The I/O threads move bytes between sockets and client buffers (and, with io-threads-do-reads, parse commands), in parallel. Executing the commands stays on the main thread, one at a time.",
      },
      {
        text: "Executing commands for different clients in parallel",
        correct: false,
        explain: "No: commands still run one at a time on the main thread, so a slow command blocks every client with or without I/O threads, and atomicity is unchanged.",
      },
      {
        text: "Freeing memory of deleted keys (UNLINK)",
        correct: false,
        explain: "No: that is the lazy-free background thread, which every Redis since 4.0 has, whatever io-threads says.",
      },
      {
        text: "Writing RDB snapshots",
        correct: false,
        explain: "No: BGSAVE forks a child process, which writes the snapshot while the parent goes on serving clients; no thread is involved.",
      },
    ],
  },
];
