/**
 * DEBUG SLEEP holding the instance in wall time, in the host layer: other clients' commands
 * wait and then run (and say how long they waited), the sleeper's own reply comes at the end,
 * timers do not run meanwhile, and the side-effect-free inspector keeps answering. Time is a
 * fake wall clock moved by the test, so nothing here depends on the machine's speed.
 */
import { afterEach, describe, expect, it } from "vitest";
import { BusyGate } from "../../engine/host/busy";
import type { Scheduler } from "../../engine/host/host";
import { LocalEngine } from "../../engine/host/local";
import { bulk } from "../../engine/reply";

/** A wall clock and setTimeout that only move when the test says so. */
class FakeTime implements Scheduler {
  now = 1_700_000_000_000;
  private timers: { at: number; seq: number; fn: () => void }[] = [];
  private seq = 0;
  setTimeout(fn: () => void, ms: number): unknown {
    const t = { at: this.now + Math.max(0, ms), seq: this.seq++, fn };
    this.timers.push(t);
    return t;
  }
  clearTimeout(handle: unknown): void {
    this.timers = this.timers.filter((t) => t !== handle);
  }
  /** Moves time forward, firing due timers in order, then lets promises settle. */
  async advance(ms: number): Promise<void> {
    const end = this.now + ms;
    for (;;) {
      this.timers.sort((a, b) => a.at - b.at || a.seq - b.seq);
      const t = this.timers[0];
      if (!t || t.at > end) break;
      this.timers.shift();
      this.now = Math.max(this.now, t.at);
      t.fn();
      await flush();
    }
    this.now = end;
    await flush();
  }
}

const flush = async () => {
  for (let i = 0; i < 10; i++) await Promise.resolve();
};

const engines: LocalEngine[] = [];
afterEach(() => engines.splice(0).forEach((e) => e.dispose()));

function held() {
  const time = new FakeTime();
  const engine = new LocalEngine({ timeSource: () => time.now, perfNow: () => time.now, scheduler: time, seed: 1 });
  engines.push(engine);
  return { time, engine };
}

/** Tracks whether a promise has settled yet. */
function track<T>(p: Promise<T>) {
  const state: { done: boolean; value?: T } = { done: false };
  void p.then((v) => {
    state.done = true;
    state.value = v;
  });
  return state;
}

describe("DEBUG SLEEP in the host", () => {
  it("holds every client for the sleep's wall time; the others run afterwards and report their wait", async () => {
    const { time, engine } = held();
    const a = await engine.open("sleeper");
    const b = await engine.open("other");
    await engine.exec(a.id, ["SET", "k", "v"]);
    const sleep = track(engine.exec(a.id, ["DEBUG", "SLEEP", "0.5"]));
    await time.advance(100);
    const get = track(engine.exec(b.id, ["GET", "k"]));
    const again = track(engine.exec(a.id, ["PING"]));
    await time.advance(300);
    expect([sleep.done, get.done, again.done]).toEqual([false, false, false]);
    // The inspector is not held.
    expect((await engine.inspectKey(0, "k"))?.type).toBe("string");
    await time.advance(100);
    expect(sleep.done && get.done && again.done).toBe(true);
    expect(get.value!.reply).toEqual(bulk("v"));
    expect(get.value!.waitedMs).toBe(400);
    expect(again.value!.waitedMs).toBe(400);
    expect(sleep.value!.waitedMs).toBeUndefined();
    const after = await engine.exec(b.id, ["GET", "k"]);
    expect(after.waitedMs).toBeUndefined();
  });

  it("keeps the running instance clock in step with the wall after the hold", async () => {
    const { time, engine } = held();
    await engine.resume();
    const a = await engine.open();
    const before = (await engine.now()).now;
    const sleep = engine.exec(a.id, ["DEBUG", "SLEEP", "1"]);
    await time.advance(1000);
    await sleep;
    await time.advance(500);
    expect((await engine.now()).now - before).toBe(1500);
  });

  it("runs no timers while held: a key expiring during the sleep goes when the hold ends", async () => {
    const { time, engine } = held();
    await engine.resume();
    const a = await engine.open();
    await engine.exec(a.id, ["SET", "k", "v", "PX", "100"]);
    const sleep = engine.exec(a.id, ["DEBUG", "SLEEP", "0.5"]);
    const expired: string[] = [];
    engine.onKeyChange((batch) => batch.changes.forEach((ch) => expired.push(`${ch.event}:${ch.key}`)));
    await time.advance(400);
    expect(expired).toEqual([]);
    await time.advance(200);
    await sleep;
    expect(expired).toContain("expired:k");
  });

  it("ignores the hold without a scheduler (tests on a manual clock)", async () => {
    const engine = new LocalEngine({ seed: 1 });
    engines.push(engine);
    const a = await engine.open();
    const before = (await engine.now()).now;
    const r = await engine.exec(a.id, ["DEBUG", "SLEEP", "2"]);
    expect(r.reply).toEqual({ t: "simple", v: "OK" });
    expect((await engine.now()).now - before).toBe(2000);
  });
});

describe("BusyGate", () => {
  it("runs offered work in arrival order once the hold ends, and extends a hold, never shortens it", async () => {
    const time = new FakeTime();
    const gate = new BusyGate(() => time.now, time);
    const ran: string[] = [];
    gate.whenFree(() => ran.push("free"));
    gate.holdFor(200);
    gate.holdFor(50);
    gate.whenFree((w) => ran.push(`a${w}`));
    await time.advance(100);
    gate.whenFree((w) => {
      ran.push(`b${w}`);
      gate.holdFor(100); // holds again: c waits for this one too
    });
    gate.whenFree((w) => ran.push(`c${w}`));
    await time.advance(99);
    expect(ran).toEqual(["free"]);
    await time.advance(1);
    expect(ran).toEqual(["free", "a200", "b100"]);
    await time.advance(100);
    expect(ran).toEqual(["free", "a200", "b100", "c200"]);
    expect(gate.busy).toBe(false);
  });
});
