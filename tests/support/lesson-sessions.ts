/**
 * Fresh lesson sessions for a lesson test file's own assertions (the shared suite,
 * tests/lessons/course.test.ts, already replays examples and grades exercises). Each session
 * runs on its own in-thread engine with the playground profile, started as the lesson page
 * starts an exercise's instance; every engine made is disposed after the file's tests.
 */
import { afterAll } from "vitest";
import { LocalEngine } from "@/engine/host/local";
import { LessonSession, resetOptionsFor } from "@/lessons/runtime/session";
import type { Check, Exercise, Module, StateReader, Step } from "@/lessons/types";

export function lessonSessions() {
  const engines: LocalEngine[] = [];
  afterAll(() => {
    while (engines.length) engines.pop()!.dispose();
  });
  const engine = () => {
    const e = new LocalEngine({ seed: 1 });
    engines.push(e);
    return e;
  };
  return {
    engine,
    /** A session on a fresh instance (the module's and exercise's config and clock), after `steps`. */
    async session(steps: readonly Step[] = [], module?: Pick<Module, "config">, exercise?: Exercise): Promise<LessonSession> {
      const s = new LessonSession(engine());
      await s.reset(resetOptionsFor(module, exercise));
      await s.steps(steps);
      return s;
    },
    /** What each RunStep of `steps` prints on a fresh instance. */
    async outputs(steps: readonly Step[], module?: Pick<Module, "config">): Promise<string[]> {
      const s = new LessonSession(engine());
      await s.reset(resetOptionsFor(module));
      return (await s.steps(steps)).map((o) => o.text);
    },
  };
}

/** The replies (not commands or pushes) a tab of a session printed, in order. */
export const repliesOf = (s: LessonSession, tab = "main"): string[] => s.engine.transcript(tab).flatMap((e) => (e.kind === "reply" ? [e.text] : []));

/** The messages (pushes) a tab of a session received, in order. */
export const pushesOf = (s: LessonSession, tab = "main"): string[] => s.engine.transcript(tab).flatMap((e) => (e.kind === "push" ? [e.text] : []));

/**
 * A playground instance driven step by step, for a test that builds its own scenario:
 * `run` returns each RunStep's output, `failures` each failing check's message.
 */
export class Playground {
  readonly engine: LocalEngine;
  private readonly session: LessonSession;

  constructor(config?: Record<string, string>, paused = false) {
    this.engine = new LocalEngine({ seed: 1, initial: { profile: "playground", config, paused } });
    this.session = new LessonSession(this.engine);
  }

  get reader(): StateReader {
    return this.session.reader();
  }

  async run(steps: readonly Step[]): Promise<string[]> {
    return (await this.session.steps(steps)).map((o) => o.text);
  }

  async failures(checks: readonly Check[]): Promise<string[]> {
    return (await this.session.check(checks)).flatMap((r) => (r.failure === null ? [] : [r.failure]));
  }

  dispose(): void {
    this.session.engine.dispose();
  }
}
