/**
 * The shape of the course: phases, modules, their prose, runnable examples and graded
 * exercises. Lessons are data (plus small check functions), so the test suite can replay
 * every reference solution on a fresh instance and prove that each check passes on it, fails
 * on the untouched setup, and fails with its specific message on each plausible wrong answer.
 *
 * Checks read state, not the commands typed: a learner may reach the goal any way they like.
 * They read through StateReader, which the app backs with the engine's side-effect-free
 * inspection path (looking never changes LRU data, hit counters or expiry), so a check never
 * disturbs what the learner is looking at.
 */
import type { KeyDetail, KeyView, StatsView } from "@/engine/inspect";
import type { Reply } from "@/engine/reply";

/** A REPL line typed in a client tab (default tab "main"). */
export interface RunStep {
  client?: string;
  /**
   * The line as typed. With `raw: true`, the line as typed in the console's raw RESP mode:
   * `\r`, `\n`, `\t`, `\\` and `\xHH` are escapes for those bytes, other text is sent as
   * UTF-8, and Enter adds the final CR LF unless the line already ends with `\n` (so the
   * step `{ raw: true, run: "*1\\r\\n$4\\r\\nPING" }` sends `*1\r\n$4\r\nPING\r\n`). Its
   * output is what raw mode prints: each reply's bytes, escaped the same way.
   */
  run: string;
  /** Typed in raw RESP mode (see `run`); the transcript marks the command `raw`. */
  raw?: boolean;
  /**
   * Sent without waiting for the step before it to answer (that step has been sent first),
   * as a learner types in a second tab while the first is still waiting. The steps after a
   * concurrent one wait for every step in flight. How "tab A sleeps, tab B's GET waits" is staged.
   */
  concurrent?: boolean;
}

/** Moves the instance clock forward, running every timer due on the way. */
export interface AdvanceStep {
  advanceMs: number;
}

/**
 * What a scripted client does next, depending on the reply it just got: `nil` (a null
 * reply), `ok` (+OK), `error`, else `else`. The first of nil/ok/error that matches and is
 * given is taken; otherwise `else`; nothing given means the program goes on.
 */
export interface OnReply {
  nil?: ProgramOp[];
  ok?: ProgramOp[];
  error?: ProgramOp[];
  else?: ProgramOp[];
}

/**
 * One instruction of a scripted client's program: a REPL line (and how to go on from its
 * reply), or a pause that moves the instance clock (the client waits `waitMs`; others run
 * meanwhile). The runtime plays the programs of actors due together interleaved, one
 * instruction each in turn, as app servers handling requests at the same moment would.
 */
export type ProgramOp = { run: string; onReply?: OnReply } | { waitMs: number };

/**
 * A scripted client. `when: "afterNextCommand"`: after the learner's next command in `after`
 * (default "main") completes. `when: "afterClock"`: once the instance clock has moved `ms`
 * past the moment this step ran (checked after each clock advance and each command).
 * Then `client` runs `run`, and, with `onReply`, goes on according to the reply: an app
 * server's cache-aside code is `{ run: "GET cache:home", onReply: { nil: [ ...query, refill ] } }`.
 * This is how a lesson stages a race (a WATCHed key changed between WATCH and EXEC) or a
 * stampede of requesters without asking the learner to type every side.
 */
export interface ActorStep {
  actor: { client: string; when: "afterNextCommand" | "afterClock"; after?: string; ms?: number; run: string; onReply?: OnReply };
}

export type Step = RunStep | AdvanceStep | ActorStep;

/**
 * A runnable example shown in the prose. Every reply the prose shows is one of these, with
 * the reply stored beside it, and a test (lessons/runtime/verify.ts) runs each example on a
 * fresh instance — or, with `fresh: false`, right after the example before it — and compares.
 * On the lesson page, Run plays the steps in the learner's own playground as it stands and
 * shows expected beside actual, so an example reads best when it needs no earlier state.
 */
export interface Example {
  id: string;
  /** Steps, run in order in the learner's playground when they press Run. */
  steps: Step[];
  /**
   * The expected output of each RunStep, exactly as the REPL renders it (redis-cli style:
   * `OK`, `"bar"`, `(integer) 1`, `(nil)`, `(error) ERR ...`, `1) "a"` lines joined by \n).
   * One entry per RunStep, in order. Omit for a step whose reply is nondeterministic and say
   * so in `note`.
   */
  expect: (string | null)[];
  /** A sentence shown under the example (what to notice). */
  note?: string;
  /**
   * Default true: the test runs this example on a fresh instance. `false`: it builds on the
   * previous example and runs on the instance that example left.
   */
  fresh?: boolean;
}

/** What a check can read. All reads are side-effect free except `command`. */
export interface StateReader {
  /** One key's type, encoding, TTL, value view; null when absent (or logically expired). */
  key(key: string, db?: number): Promise<KeyDetail | null>;
  /** Every key of a database, sorted by name. */
  keys(db?: number): Promise<KeyView[]>;
  /** Instance counters (hits, misses, expired/evicted keys, commands, connections). */
  stats(): Promise<StatsView>;
  /**
   * Runs a command on a private checker connection and returns its typed reply. For what
   * inspection cannot answer (INFO sections, OBJECT FREQ, PFCOUNT, MEMORY USAGE). It counts
   * as a command on the instance, so prefer the reads above.
   */
  command(argv: string[]): Promise<Reply>;
  /** Everything a client tab has seen, in order. Empty when the tab was never opened. */
  transcript(client?: string): TranscriptEntry[];
  /** The instance clock, ms since the epoch. */
  now(): Promise<number>;
  /**
   * The simulated slow database (lessons/runtime/slow-db.ts): how many queries reached it,
   * in all and per client tab. A query is a read of a `db:*` key by any tab or scripted
   * client; only the runtime counts them, so no command can fake or reset the count.
   */
  slowDb(): SlowDbCount;
}

export interface SlowDbCount {
  queries: number;
  byClient: Record<string, number>;
}

export type TranscriptEntry =
  /**
   * A command the tab sent. `raw`: it came from raw RESP mode, and `bytes` are the bytes of
   * its frame exactly as sent (one char per byte).
   */
  | { kind: "command"; line: string; raw?: true; bytes?: string }
  /**
   * A reply as the REPL renders it (redis-cli style), and the typed reply; `ms` the engine
   * time it took, `waitedMs` how long it waited before it could run (another client's DEBUG
   * SLEEP held the instance), 0 when it ran at once.
   */
  | { kind: "reply"; text: string; reply: Reply; ms: number; waitedMs: number }
  /** An out-of-band message (Pub/Sub, keyspace notification), rendered redis-cli style. */
  | { kind: "push"; text: string; reply: Reply };

export interface Check {
  /** The goal in plain words, shown on the exercise card ("user:1 is a hash with 3 fields"). */
  describe: string;
  /**
   * Null when satisfied; otherwise a specific, helpful message about what is wrong
   * ("user:1 is a string; the exercise wants a hash"). Never reveals the full answer.
   */
  test(s: StateReader): Promise<string | null>;
}

/** A plausible wrong solution and the failure it must produce. */
export interface WrongAnswer {
  /** The misconception in a few words (for the test's name and the authors). */
  why: string;
  steps: Step[];
  /** A substring of the message the failing check must give. */
  expectMessage: string;
}

export interface StateExercise {
  kind: "predict" | "build" | "fix" | "signature";
  id: string;
  title: string;
  /** Markdown. For "predict", the question; the answer is typed into the REPL or stored in a key. */
  prompt: string;
  /** Run on a fresh instance before the learner starts (and on "reset exercise"). */
  setup?: Step[];
  /** The reference solution; a test replays it after the setup and every check must pass. */
  solution: Step[];
  wrong: WrongAnswer[];
  /** Nudges in order, each a little closer; none gives the answer away. */
  hints: string[];
  checks: Check[];
  /** Config the instance needs for this exercise (e.g. maxmemory), as CONFIG SET pairs. */
  config?: Record<string, string>;
  /** Start with the instance clock paused (exercises about TTLs). */
  pausedClock?: boolean;
}

/** For what cannot be graded on state (at most one per module). */
export interface QuizExercise {
  kind: "quiz";
  id: string;
  title: string;
  prompt: string;
  options: { text: string; correct: boolean; explain: string }[];
}

export type Exercise = StateExercise | QuizExercise;

/**
 * A section of prose, in Markdown (GitHub flavour: tables, code fences). A paragraph that is
 * exactly `{{example:<id>}}` renders the runnable example with that id; `{{exercise:<id>}}`
 * renders that exercise's card in place.
 */
export interface Section {
  id: string;
  title: string;
  body: string;
}

export interface Module {
  id: string;
  title: string;
  summary: string;
  /** Sub-lessons, when the topic is too big for one sitting (F-3: one per data type). */
  parts?: { id: string; title: string; sections: Section[] }[];
  sections: Section[];
  examples: Example[];
  exercises: Exercise[];
  /** Config the module's instance starts with, on top of the playground profile. */
  config?: Record<string, string>;
}

/** A module of the syllabus that is not written yet: listed on the map as "coming soon". */
export interface PlannedModule {
  id: string;
  title: string;
  summary: string;
}

export interface Phase {
  id: "foundation" | "practitioner" | "architect";
  title: string;
  modules: (Module | PlannedModule)[];
}

export function isWritten(m: Module | PlannedModule): m is Module {
  return "sections" in m;
}
