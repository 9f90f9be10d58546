/**
 * A lesson's hold on one instance: runs Steps in named client tabs, gives checks their
 * StateReader and grades exercises. No React: the lesson page, the test suite and the
 * browser test all drive lessons through this class.
 *
 * Lines run through the REPL's own runLine, so a step's output is exactly what the learner
 * would see typing the same line. Which connection a tab uses is asked of a `Tabs` object:
 * the tests keep them in a Map; the lesson page keeps them in the playground's store, so an
 * example's lines land in the learner's REPL tab with its prompt.
 */
import type { EngineApi, ResetOptions } from "@/engine/host/api";
import type { Reply } from "@/engine/reply";
import { prompt, runLine, type Connection } from "@/components/console/run-line";
import { newRawParser, runRaw } from "@/components/console/run-raw";
import { unescapeTyped } from "@/components/console/resp-text";
import type { LineKind, NewLine } from "@/components/state/playground-store";
import type { RequestParser } from "@/engine/resp/parser";
import type { Check, Exercise, Module, RunStep, StateExercise, StateReader, Step } from "../types";
import { RecordingEngine } from "./recording-engine";

/** Where a tab's connection lives, and (optionally) where its lines are shown. */
export interface Tabs {
  connection(label: string): Connection | undefined;
  update(label: string, connection: Connection): void;
  /** Forgets every tab's connection (the instance behind them was replaced). */
  clear(): void;
  /** Shows a line that ran (already prefixed with its prompt) and what it printed. */
  show?(label: string, lines: { kind: LineKind; text: string }[]): void;
}

/** Tabs kept in memory (tests, and the checks of a headless run). */
export function memoryTabs(): Tabs {
  const m = new Map<string, Connection>();
  return { connection: (l) => m.get(l), update: (l, c) => void m.set(l, c), clear: () => m.clear() };
}

export interface CheckResult {
  describe: string;
  /** Null when the check passed, else why not. */
  failure: string | null;
}

/** What a RunStep printed, in step order; other steps print nothing. */
export interface StepOutput {
  client: string;
  line: string;
  text: string;
}

/** The console's prompt in raw mode (components/console/Repl.tsx shows the same). */
export const RAW_PROMPT = "RESP>";

/** The bytes raw mode sends for a typed line: escapes decoded, and Enter's CR LF unless the line ends with \n. */
export function rawBytesOf(typed: string): string {
  const bytes = unescapeTyped(typed);
  return bytes.endsWith("\n") ? bytes : `${bytes}\r\n`;
}

const isRun = (s: Step): s is RunStep => "run" in s && !("actor" in s);
const isAdvance = (s: Step): s is Extract<Step, { advanceMs: number }> => "advanceMs" in s;

/** How an exercise's instance starts: the module's config, then the exercise's, and its clock. */
export function resetOptionsFor(module: Pick<Module, "config"> | undefined, exercise?: Exercise): ResetOptions {
  const ex = exercise && exercise.kind !== "quiz" ? exercise : undefined;
  const config = { ...(module?.config ?? {}), ...(ex?.config ?? {}) };
  return { config: Object.keys(config).length ? config : undefined, paused: ex?.pausedClock || undefined };
}

export class LessonSession {
  readonly engine: RecordingEngine;
  private checker: number | null = null;
  /** Each tab's raw-mode parser: a frame may span several raw steps, as in the console. */
  private readonly rawParsers = new Map<string, RequestParser>();
  /**
   * True while the session itself shows lines in a tab: the page's follower of raw input
   * (raw-input.ts) must not take a raw step's echo for bytes the learner typed.
   */
  echoing = false;

  constructor(
    engine: EngineApi,
    readonly tabs: Tabs = memoryTabs(),
  ) {
    this.engine = engine instanceof RecordingEngine ? engine : new RecordingEngine(engine);
  }

  /** Replaces the instance with a fresh one; every tab reconnects on its next line. */
  async reset(options?: ResetOptions): Promise<void> {
    await this.engine.reset(options);
    this.tabs.clear();
    this.rawParsers.clear();
    this.checker = null;
  }

  private show(label: string, lines: NewLine[]): void {
    this.echoing = true;
    try {
      this.tabs.show?.(label, lines);
    } finally {
      this.echoing = false;
    }
  }

  /** Runs one REPL line in a tab and returns what the REPL prints for it (lines joined by \n). */
  async run(label: string, line: string): Promise<string> {
    const conn = this.tabs.connection(label) ?? { clientId: null, db: 0, resp: 2 as const };
    // The line shows when it is sent: a reply that waits (a concurrent step) comes later.
    this.show(label, [{ kind: "input", text: `${prompt(conn.db)} ${line}` }]);
    const outcome = await runLine(this.engine, conn, line, label);
    this.tabs.update(label, outcome.connection);
    this.show(label, outcome.output);
    return outcome.output.map((o) => o.text).join("\n");
  }

  /**
   * Types one line in a tab's raw RESP mode and returns what raw mode prints (each reply's
   * bytes escaped, lines joined by \n). The transcript records its commands as raw.
   */
  async runRaw(label: string, typed: string): Promise<string> {
    const conn = this.tabs.connection(label) ?? { clientId: null, db: 0, resp: 2 as const };
    this.show(label, [{ kind: "input", text: `${RAW_PROMPT} ${typed}` }]);
    if (!typed) return "";
    const bytes = rawBytesOf(typed);
    let parser = this.rawParsers.get(label);
    if (!parser) this.rawParsers.set(label, (parser = newRawParser()));
    this.engine.noteRaw(label, bytes);
    const outcome = await runRaw(this.engine, conn, parser, bytes, label);
    if (outcome.closed) this.rawParsers.delete(label);
    this.tabs.update(label, outcome.connection);
    this.show(label, outcome.output);
    return outcome.output.map((o) => o.text).join("\n");
  }

  /** Runs one step; a RunStep returns its output. */
  async step(step: Step): Promise<StepOutput | null> {
    if (isRun(step)) {
      const client = step.client ?? "main";
      const text = step.raw ? await this.runRaw(client, step.run) : await this.run(client, step.run);
      return { client, line: step.run, text };
    }
    if (isAdvance(step)) {
      await this.engine.advance(step.advanceMs);
      return null;
    }
    this.engine.addActor(step.actor, step.actor.when === "afterClock" ? (await this.engine.now()).now : 0);
    return null;
  }

  /**
   * Runs steps in order and returns the RunSteps' outputs, in step order. A step marked
   * `concurrent` is sent once the step before it has been sent, without waiting for its
   * reply; the next step that is not concurrent waits for all of them.
   */
  async steps(steps: readonly Step[]): Promise<StepOutput[]> {
    const out: (StepOutput | null)[] = [];
    let inFlight: Promise<void>[] = [];
    for (let i = 0; i < steps.length; i++) {
      const s = steps[i];
      const concurrent = isRun(s) && s.concurrent === true;
      if (!concurrent && inFlight.length) {
        await Promise.all(inFlight);
        inFlight = [];
      }
      const next = steps[i + 1];
      const before = next && isRun(next) && next.concurrent;
      if (!before && !concurrent) {
        out[i] = await this.step(s);
        continue;
      }
      // Its first command must reach the engine before the concurrent step's does.
      const sent = isRun(s) ? this.engine.sent(s.client ?? "main") : Promise.resolve();
      const done = this.step(s).then((o) => void (out[i] = o));
      inFlight.push(done);
      if (before) await Promise.race([sent, done]);
    }
    await Promise.all(inFlight);
    return out.filter((o): o is StepOutput => !!o);
  }

  /** Examples being played right now (see runExample). */
  private examples = 0;

  /**
   * Plays an example's steps. While it runs, `inExample` is true: the page does not re-grade
   * exercises on the changes an example makes, so running the lesson's examples never passes
   * an exercise by itself.
   */
  async runExample(steps: readonly Step[]): Promise<StepOutput[]> {
    this.examples++;
    try {
      await this.freshConnections(steps);
      return await this.steps(steps);
    } finally {
      this.examples--;
    }
  }

  /**
   * An example starts from clean connections, as in the tests that replay it on a fresh
   * instance: each tab it types in is RESET first (subscriptions, MULTI, WATCH, SELECT and
   * the protocol go back to the defaults), so examples run out of order still print what the
   * lesson shows. Silent: the RESET is not echoed in the tab.
   */
  private async freshConnections(steps: readonly Step[]): Promise<void> {
    const labels = new Set(steps.filter(isRun).map((s) => s.client ?? "main"));
    for (const label of labels) {
      const conn = this.tabs.connection(label);
      if (!conn || conn.clientId === null) continue;
      try {
        await this.engine.exec(conn.clientId, ["RESET"]);
        this.tabs.update(label, { clientId: conn.clientId, db: 0, resp: 2 });
      } catch {
        // The connection is gone: the first step opens a new one.
        this.tabs.update(label, { clientId: null, db: 0, resp: 2 });
      }
    }
  }

  get inExample(): boolean {
    return this.examples > 0;
  }

  /** A fresh instance for the exercise (module and exercise config), then its setup. */
  async startExercise(module: Pick<Module, "config"> | undefined, exercise: StateExercise): Promise<void> {
    await this.reset(resetOptionsFor(module, exercise));
    await this.steps(exercise.setup ?? []);
  }

  private async checkerCommand(argv: string[]): Promise<Reply> {
    for (let attempt = 0; ; attempt++) {
      this.checker ??= (await this.engine.openHidden("checker")).id;
      try {
        return (await this.engine.exec(this.checker, argv)).reply;
      } catch (e) {
        // The checker was dropped (CLIENT KILL, a reset from elsewhere): connect once more.
        this.checker = null;
        if (attempt > 0) throw e;
      }
    }
  }

  /** What checks read: inspection (side-effect free), a private checker client, transcripts. */
  reader(): StateReader {
    const e = this.engine;
    return {
      key: async (key, db = 0) => {
        const k = await e.inspectKey(db, key);
        // Logically expired keys are gone for the learner, even if not yet deleted.
        return k && !k.expired ? k : null;
      },
      keys: async (db = 0) => (await e.inspectKeys(db)).filter((k) => !k.expired),
      stats: () => e.inspectStats(),
      command: (argv) => this.checkerCommand(argv),
      transcript: (client = "main") => e.transcript(client),
      slowDb: () => e.slowDb(),
      now: async () => (await e.now()).now,
    };
  }

  /** Runs every check; a check that throws fails with the reason rather than breaking the card. */
  async check(checks: readonly Check[]): Promise<CheckResult[]> {
    const reader = this.reader();
    const results: CheckResult[] = [];
    for (const c of checks) {
      let failure: string | null;
      try {
        failure = await c.test(reader);
      } catch (err) {
        failure = `This check could not run: ${err instanceof Error ? err.message : String(err)}`;
      }
      results.push({ describe: c.describe, failure });
    }
    return results;
  }
}
