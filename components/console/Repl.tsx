"use client";
/**
 * The console: redis-cli in the page. A prompt with the selected database, a transcript in
 * redis-cli's reply format, history on ↑/↓, Ctrl+L (or `clear`) to clear the screen.
 *
 * Lines run one after the other even when typed faster than the engine answers, each echoed
 * with the prompt that was current when it ran, as a terminal would show them. A line whose
 * reply is slow to come (BLPOP waiting for another tab to push) shows "waiting…" until it
 * does; other tabs are separate connections and keep working.
 */
import { useCallback, useEffect, useRef, useState, type KeyboardEvent } from "react";
import { formatCliReply } from "@/engine/resp/cli-format";
import { bytesToUtf8 } from "@/engine/util/bytes";
import { useEngine, usePlayground, usePlaygroundStore } from "@/components/engine/EngineProvider";
import { prompt, runLine } from "./run-line";
import styles from "./Repl.module.css";

/** A reply later than this shows the waiting line: long enough not to flicker on every command. */
export const WAITING_AFTER_MS = 250;

export function Repl({ tab = "main" }: { tab?: string }) {
  const engine = useEngine();
  const store = usePlaygroundStore();
  const ready = usePlayground((s) => s.ready);
  const failure = usePlayground((s) => s.failure);
  const state = usePlayground((s) => s.tabs[tab]);
  const [draft, setDraft] = useState("");
  const [pending, setPending] = useState(0);
  const [waiting, setWaiting] = useState(false);
  /** Lines run so far: lets tests and lesson runners wait for a line's output. */
  const [ran, setRan] = useState(0);
  const browsing = useRef<{ index: number; saved: string } | null>(null);
  const queue = useRef<Promise<void>>(Promise.resolve());
  const outputRef = useRef<HTMLDivElement>(null);
  const inputRef = useRef<HTMLInputElement>(null);
  const clientId = state?.clientId ?? null;
  const label = state?.label ?? tab;

  // One connection per tab, opened once even when a line is typed while it is being opened.
  const opening = useRef<Promise<void> | null>(null);
  const ensureConnected = useCallback(async () => {
    if (!engine || store.getState().tabs[tab]?.clientId != null) return;
    opening.current ??= engine
      .open(label)
      .then((h) => store.getState().patchTab(tab, { clientId: h.id, db: 0, resp: 2 }))
      .finally(() => {
        opening.current = null;
      });
    await opening.current;
  }, [engine, store, tab, label]);

  // Connect as soon as the engine is up, as redis-cli connects when it starts.
  useEffect(() => {
    if (engine && ready) ensureConnected().catch(() => {});
  }, [engine, ready, ensureConnected]);

  // Pushes for this tab's connection, and the engine dropping it (CLIENT KILL).
  useEffect(() => {
    if (!engine || clientId === null) return;
    const offPush = engine.onPush(clientId, (reply) => {
      const resp = store.getState().tabs[tab]?.resp ?? 2;
      store.getState().appendLines(tab, [{ kind: "push", text: bytesToUtf8(formatCliReply(reply, resp)).replace(/\n$/, "") }]);
    });
    const offClosed = engine.onClientClosed((id) => {
      if (id === clientId) store.getState().patchTab(tab, { clientId: null, db: 0, resp: 2 });
    });
    return () => {
      offPush();
      offClosed();
    };
  }, [engine, clientId, store, tab]);

  // The input is disabled until the engine is up; give it the focus then.
  useEffect(() => {
    if (ready) inputRef.current?.focus();
  }, [ready]);

  // Keep the newest output in view.
  const lines = state?.lines;
  useEffect(() => {
    const el = outputRef.current;
    if (el) el.scrollTop = el.scrollHeight;
  }, [lines]);

  function submit(line: string) {
    if (!engine) return;
    const s = store.getState();
    if (line.trim()) s.pushHistory(tab, line);
    browsing.current = null;
    setPending((n) => n + 1);
    queue.current = queue.current.then(async () => {
      try {
        await ensureConnected();
        const tabState = store.getState().tabs[tab];
        store.getState().appendLines(tab, [{ kind: "input", text: `${prompt(tabState.db)} ${line}` }]);
        const slow = setTimeout(() => setWaiting(true), WAITING_AFTER_MS);
        const outcome = await runLine(engine, tabState, line, tabState.label).finally(() => {
          clearTimeout(slow);
          setWaiting(false);
        });
        if (outcome.clear) store.getState().clearLines(tab);
        else store.getState().appendLines(tab, outcome.output);
        store.getState().patchTab(tab, outcome.connection);
      } catch (e) {
        store.getState().appendLines(tab, [{ kind: "info", text: `Error: ${e instanceof Error ? e.message : String(e)}` }]);
      } finally {
        setPending((n) => n - 1);
        setRan((n) => n + 1);
      }
    });
  }

  function onKeyDown(e: KeyboardEvent<HTMLInputElement>) {
    const history = state?.history ?? [];
    if (e.key === "Enter") {
      e.preventDefault();
      const line = draft;
      setDraft("");
      submit(line);
    } else if (e.key === "ArrowUp") {
      e.preventDefault();
      if (!history.length) return;
      const b = browsing.current ?? { index: history.length, saved: draft };
      if (b.index === 0) return;
      b.index--;
      browsing.current = b;
      setDraft(history[b.index]);
    } else if (e.key === "ArrowDown") {
      e.preventDefault();
      const b = browsing.current;
      if (!b) return;
      b.index++;
      if (b.index >= history.length) {
        browsing.current = null;
        setDraft(b.saved);
      } else {
        setDraft(history[b.index]);
      }
    } else if ((e.key === "l" || e.key === "L") && e.ctrlKey) {
      e.preventDefault();
      store.getState().clearLines(tab);
    }
  }

  const db = state?.db ?? 0;
  return (
    <section
      className={styles.repl}
      aria-label="Redis console"
      data-ready={ready ? "true" : "false"}
      data-busy={pending > 0 ? "true" : "false"}
      data-waiting={waiting ? "true" : "false"}
      data-ran={ran}
      onClick={() => {
        // Clicking anywhere focuses the input, unless the user is selecting text to copy.
        if (!window.getSelection()?.toString()) inputRef.current?.focus();
      }}
    >
      <div className={styles.output} ref={outputRef} role="log" aria-label="Console output">
        {lines?.map((l) => (
          <pre key={l.id} className={styles.line} data-kind={l.kind}>
            {l.text}
          </pre>
        ))}
        {waiting && (
          <pre className={styles.line} data-kind="waiting" role="status">
            waiting for the reply… (a blocked command waits for another client, or its timeout)
          </pre>
        )}
        {failure && <pre className={styles.line} data-kind="error">Could not start the engine: {failure}</pre>}
        {!ready && !failure && <pre className={styles.line} data-kind="info">Starting Redis…</pre>}
      </div>
      <div className={styles.inputRow}>
        <label className={styles.prompt} htmlFor={`repl-input-${tab}`}>
          {prompt(db)}
        </label>
        <input
          id={`repl-input-${tab}`}
          ref={inputRef}
          className={styles.field}
          aria-label="Command"
          value={draft}
          onChange={(e) => {
            setDraft(e.target.value);
          }}
          onKeyDown={onKeyDown}
          disabled={!ready}
          autoFocus
          autoComplete="off"
          autoCorrect="off"
          autoCapitalize="off"
          spellCheck={false}
        />
      </div>
    </section>
  );
}
