"use client";
/**
 * The instance clock: what time the server thinks it is, and the learner's hands on it —
 * pause, resume and fast-forward. Advancing runs every timer due on the way (expiry, blocking
 * timeouts, the active expiry cycle), so +1 min looks exactly like waiting a minute.
 */
import { useCallback, useEffect, useState } from "react";
import type { ClockState } from "@/engine/host/api";
import { useEngine, usePlayground, usePlaygroundStore } from "@/components/engine/EngineProvider";
import styles from "./ClockControls.module.css";

/** How often a running clock's display is refreshed. */
const TICK_MS = 500;

const STEPS: { label: string; ms: number }[] = [
  { label: "+1 s", ms: 1_000 },
  { label: "+10 s", ms: 10_000 },
  { label: "+1 min", ms: 60_000 },
];

export function formatClock(now: number): string {
  return `${new Date(now).toISOString().slice(11, 19)} UTC`;
}

export function ClockControls() {
  const engine = useEngine();
  const store = usePlaygroundStore();
  const ready = usePlayground((s) => s.ready);
  const clock = usePlayground((s) => s.clock);
  const [busy, setBusy] = useState(false);
  const setClock = useCallback((c: ClockState) => store.getState().setClock(c), [store]);

  useEffect(() => {
    if (!engine || !ready) return;
    let live = true;
    const read = () =>
      engine.now().then(
        (c) => {
          if (live) setClock(c);
        },
        () => {},
      );
    void read();
    const timer = setInterval(read, TICK_MS);
    return () => {
      live = false;
      clearInterval(timer);
    };
  }, [engine, ready, setClock]);

  const act = useCallback(
    async (op: (e: NonNullable<typeof engine>) => Promise<ClockState>) => {
      if (!engine) return;
      setBusy(true);
      try {
        setClock(await op(engine));
      } catch {
        // The engine was stopped meanwhile; the next tick shows its state.
      } finally {
        setBusy(false);
      }
    },
    [engine, setClock],
  );

  const disabled = !engine || !ready || busy;
  return (
    <section className={styles.clock} aria-label="Clock">
      <span className={styles.label}>Server time</span>
      <output className={styles.time} aria-label="Server time" data-now={clock?.now ?? ""}>
        {clock ? formatClock(clock.now) : "…"}
      </output>
      <span className={styles.state}>{clock?.paused ? "paused" : "running"}</span>
      {clock?.paused ? (
        <button type="button" disabled={disabled} onClick={() => act((e) => e.resume())}>
          Resume
        </button>
      ) : (
        <button type="button" disabled={disabled} onClick={() => act((e) => e.pause())}>
          Pause
        </button>
      )}
      {STEPS.map((s) => (
        <button
          key={s.label}
          type="button"
          disabled={disabled}
          aria-label={`Advance the clock ${s.label.slice(1)}`}
          onClick={() => act((e) => e.advance(s.ms))}
        >
          {s.label}
        </button>
      ))}
    </section>
  );
}
