"use client";
/**
 * One console tab: redis-cli in the page, on its own engine connection. A prompt with the
 * selected database, a transcript in redis-cli's reply format, history on ↑/↓, Ctrl+L (or
 * `clear`) to clear, Tab to complete a command name, a grey hint with the arguments still to
 * type, HELP answered from the command table, and a pasted block of lines run as a pipeline.
 *
 * Lines run one after the other even when typed faster than the engine answers, each echoed
 * with the prompt that was current when it ran, as a terminal would show them. A line whose
 * reply is slow to come (BLPOP waiting for another tab to push) shows "waiting…" until it
 * does; other tabs are separate connections and keep working. In raw mode the learner types
 * RESP bytes instead (run-raw.ts).
 */
import { useCallback, useEffect, useRef, useState, type ClipboardEvent, type KeyboardEvent } from "react";
import type { RequestParser } from "@/engine/resp/parser";
import { formatCliReply } from "@/engine/resp/cli-format";
import { encodeReply } from "@/engine/resp/encode";
import { bytesToUtf8 } from "@/engine/util/bytes";
import { useEngine, usePlayground, usePlaygroundStore } from "@/components/engine/EngineProvider";
import { completions, hintFor, loadLookup } from "./help";
import { LineView, formatMs } from "./LineView";
import { escapeBytes, unescapeTyped } from "./resp-text";
import { newRawParser, runRaw } from "./run-raw";
import { prompt, runLine } from "./run-line";
import styles from "./Repl.module.css";

/** A reply later than this shows the waiting line: long enough not to flicker on every command. */
export const WAITING_AFTER_MS = 250;

export const RAW_PROMPT = "RESP>";

export function Repl({ tab = "main" }: { tab?: string }) {
  const engine = useEngine();
  const store = usePlaygroundStore();
  const ready = usePlayground((s) => s.ready);
  const failure = usePlayground((s) => s.failure);
  const state = usePlayground((s) => s.tabs[tab]);
  const showWire = usePlayground((s) => s.showWire);
  const [draft, setDraft] = useState("");
  const [pending, setPending] = useState(0);
  /** Lines run so far: lets tests and lesson runners wait for a line's output. */
  const [ran, setRan] = useState(0);
  /** Bumped when the command docs arrive, so the hint appears for what is already typed. */
  const [, setDocsLoaded] = useState(false);
  const browsing = useRef<{ index: number; saved: string } | null>(null);
  const completing = useRef<{ candidates: string[]; index: number } | null>(null);
  const queue = useRef<Promise<void>>(Promise.resolve());
  const rawParser = useRef<RequestParser | null>(null);
  const outputRef = useRef<HTMLDivElement>(null);
  const inputRef = useRef<HTMLInputElement>(null);
  const clientId = state?.clientId ?? null;
  const raw = state?.raw ?? false;
  const waiting = state?.waiting ?? false;

  useEffect(() => {
    let live = true;
    loadLookup().then(
      () => live && setDocsLoaded(true),
      () => {},
    );
    return () => {
      live = false;
    };
  }, []);

  // One connection per tab, opened once even when a line is typed while it is being opened.
  const opening = useRef<Promise<void> | null>(null);
  const ensureConnected = useCallback(async () => {
    if (!engine || store.getState().tabs[tab]?.clientId != null) return;
    opening.current ??= engine
      .open(store.getState().tabs[tab]?.label ?? tab)
      .then((h) => store.getState().patchTab(tab, { clientId: h.id, db: 0, resp: 2 }))
      .finally(() => {
        opening.current = null;
      });
    await opening.current;
  }, [engine, store, tab]);

  // Connect as soon as the engine is up, as redis-cli connects when it starts.
  useEffect(() => {
    if (engine && ready) ensureConnected().catch(() => {});
  }, [engine, ready, ensureConnected]);

  // Pushes for this tab's connection, and the engine dropping it (CLIENT KILL).
  useEffect(() => {
    if (!engine || clientId === null) return;
    const offPush = engine.onPush(clientId, (reply) => {
      const s = store.getState();
      const t = s.tabs[tab];
      const resp = t?.resp ?? 2;
      const bytes = encodeReply(reply, resp);
      const text = t?.raw ? escapeBytes(bytes) : bytesToUtf8(formatCliReply(reply, resp)).replace(/\n$/, "");
      s.appendLines(tab, [{ kind: "push", text, wire: { received: bytes } }]);
      if (s.activeTab !== tab && t) s.patchTab(tab, { unread: t.unread + 1 });
    });
    const offClosed = engine.onClientClosed((id) => {
      if (id !== clientId) return;
      rawParser.current = null;
      store.getState().patchTab(tab, { clientId: null, db: 0, resp: 2, waiting: false });
    });
    return () => {
      offPush();
      offClosed();
    };
  }, [engine, clientId, store, tab]);

  // The input is disabled until the engine is up; give it the focus then, and whenever this
  // tab is brought to the front.
  const isActive = usePlayground((s) => s.activeTab === tab);
  useEffect(() => {
    // Not while the learner walks the tab bar with the arrow keys.
    if (ready && isActive && !document.activeElement?.closest('[role="tablist"]')) inputRef.current?.focus();
  }, [ready, isActive]);

  // Keep the newest output in view.
  const lines = state?.lines;
  useEffect(() => {
    const el = outputRef.current;
    if (el) el.scrollTop = el.scrollHeight;
  }, [lines]);

  // Lines sent from elsewhere in the playground (the script editor's Run) run here as if typed,
  // once the engine is up, so their replies land in this tab's transcript.
  const submitRef = useRef<(batch: string[]) => void>(() => {});
  useEffect(() => {
    if (!engine || !ready) return;
    const drain = () => {
      if (!store.getState().requests.some((r) => r.tab === tab)) return;
      for (const r of store.getState().takeRequests(tab)) submitRef.current(r.lines);
    };
    drain();
    return store.subscribe((s, prev) => {
      if (s.requests !== prev.requests) drain();
    });
  }, [engine, ready, store, tab]);

  /** Runs lines in order; several lines at once (a paste) are one pipeline: one round trip. */
  function submit(batch: string[]) {
    if (!engine || batch.length === 0) return;
    const s = store.getState();
    for (const line of batch) if (line.trim()) s.pushHistory(tab, line);
    browsing.current = null;
    completing.current = null;
    setPending((n) => n + batch.length);
    const pipeline = batch.length > 1 ? { paid: false } : undefined;
    queue.current = queue.current.then(async () => {
      let total = 0;
      const rttMs = store.getState().rttMs;
      for (let i = 0; i < batch.length; i++) {
        const line = batch[i];
        try {
          total += await runOne(line, rttMs, pipeline);
        } catch (e) {
          store.getState().appendLines(tab, [{ kind: "info", text: `Error: ${e instanceof Error ? e.message : String(e)}` }]);
        }
        if (pipeline && i === batch.length - 1) {
          store.getState().appendLines(tab, [
            {
              kind: "info",
              text: `pipeline: ${batch.length} commands sent together, 1 round trip — total ${formatMs(total)} (simulated round trip ${rttMs} ms + engine time)`,
            },
          ]);
        }
        setPending((n) => n - 1);
        setRan((n) => n + 1);
      }
    });
  }

  submitRef.current = submit;

  /** Runs one line; returns the simulated time it cost. */
  async function runOne(line: string, rttMs: number, pipeline?: { paid: boolean }): Promise<number> {
    await ensureConnected();
    const tabState = store.getState().tabs[tab];
    const echo = tabState.raw ? `${RAW_PROMPT} ${line}` : `${prompt(tabState.db)} ${line}`;
    store.getState().appendLines(tab, [{ kind: "input", text: echo }]);
    const slow = setTimeout(() => store.getState().patchTab(tab, { waiting: true }), WAITING_AFTER_MS);
    const stopWaiting = () => {
      clearTimeout(slow);
      if (store.getState().tabs[tab]?.waiting) store.getState().patchTab(tab, { waiting: false });
    };
    let elapsed: number;
    if (tabState.raw) {
      if (!line) {
        stopWaiting();
        return 0;
      }
      const typed = unescapeTyped(line);
      // Enter ends the line as `nc -C` does, unless the learner ended it with \n already.
      const bytes = typed.endsWith("\n") ? typed : `${typed}\r\n`;
      rawParser.current ??= newRawParser();
      const paid = pipeline?.paid ? 0 : rttMs;
      if (pipeline) pipeline.paid = true;
      const outcome = await runRaw(engine!, tabState, rawParser.current, bytes, tabState.label, paid).finally(stopWaiting);
      if (outcome.closed) rawParser.current = null;
      store.getState().appendLines(tab, outcome.output);
      store.getState().patchTab(tab, outcome.connection);
      elapsed = outcome.elapsedMs;
    } else {
      const outcome = await runLine(engine!, tabState, line, tabState.label, { rttMs, pipeline }).finally(stopWaiting);
      if (outcome.clear) store.getState().clearLines(tab);
      else store.getState().appendLines(tab, outcome.output);
      store.getState().patchTab(tab, outcome.connection);
      for (const [name, value] of outcome.configSet) store.getState().noteConfig(bytesToUtf8(name), bytesToUtf8(value));
      elapsed = outcome.elapsedMs;
    }
    const t = store.getState().tabs[tab];
    if (t) store.getState().patchTab(tab, { elapsedMs: t.elapsedMs + elapsed });
    return elapsed;
  }

  function complete() {
    const c = completing.current;
    if (c && c.candidates.length > 1 && draft === c.candidates[c.index]) {
      c.index = (c.index + 1) % c.candidates.length;
      setDraft(c.candidates[c.index]);
      return;
    }
    const candidates = completions(draft);
    if (!candidates.length) return;
    if (candidates.length === 1) {
      completing.current = null;
      setDraft(`${candidates[0]} `);
      return;
    }
    completing.current = { candidates, index: 0 };
    setDraft(candidates[0]);
  }

  function onKeyDown(e: KeyboardEvent<HTMLInputElement>) {
    const history = state?.history ?? [];
    if (e.key === "Enter") {
      e.preventDefault();
      const line = draft;
      setDraft("");
      submit([line]);
    } else if (e.key === "Tab" && !e.shiftKey && !raw && draft.trim() !== "") {
      // On an empty line Tab moves the focus on, so keyboard users are never trapped here.
      e.preventDefault();
      complete();
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

  function onPaste(e: ClipboardEvent<HTMLInputElement>) {
    const text = e.clipboardData.getData("text");
    if (!/[\r\n]/.test(text)) return;
    e.preventDefault();
    const el = e.currentTarget;
    const start = el.selectionStart ?? draft.length;
    const end = el.selectionEnd ?? draft.length;
    const whole = draft.slice(0, start) + text + draft.slice(end);
    setDraft("");
    submit(whole.split(/\r?\n|\r/).filter((l) => l.trim() !== ""));
  }

  const db = state?.db ?? 0;
  const hint = raw ? "" : hintFor(draft);
  const promptText = raw ? RAW_PROMPT : prompt(db);
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
      <div className={styles.output} ref={outputRef} role="log" aria-live="polite" aria-relevant="additions" aria-label="Console output">
        {lines?.map((l) => <LineView key={l.id} line={l} showWire={showWire} />)}
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
          {promptText}
        </label>
        <div className={styles.fieldWrap}>
          <input
            id={`repl-input-${tab}`}
            ref={inputRef}
            className={styles.field}
            aria-label="Command"
            value={draft}
            placeholder={raw ? "RESP bytes, e.g. *1\\r\\n$4\\r\\nPING\\r\\n (Enter adds \\r\\n unless the line ends with \\n)" : undefined}
            onChange={(e) => {
              completing.current = null;
              setDraft(e.target.value);
            }}
            onKeyDown={onKeyDown}
            onPaste={onPaste}
            disabled={!ready}
            autoFocus
            autoComplete="off"
            autoCorrect="off"
            autoCapitalize="off"
            spellCheck={false}
          />
          {hint && (
            <div className={styles.hint} aria-hidden="true" data-testid="argument-hint">
              <span className={styles.hintPad}>{draft}</span>
              <span className={styles.hintText}>{hint}</span>
            </div>
          )}
        </div>
      </div>
    </section>
  );
}
