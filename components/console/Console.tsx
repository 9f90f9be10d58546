"use client";
/**
 * The console area: client tabs over one instance (each tab is its own connection, as several
 * redis-cli windows would be), and the settings that apply to all of them — the simulated
 * round-trip time that teaches pipelining, the wire view, and raw RESP mode for the shown tab.
 *
 * Every tab stays mounted while hidden, so a subscribed tab keeps receiving messages and a
 * blocked tab unblocks while the learner types in another one; the tab bar shows both.
 */
import { useState, type KeyboardEvent } from "react";
import { useEngine, usePlayground, usePlaygroundStore } from "@/components/engine/EngineProvider";
import { MAX_RTT_MS } from "@/components/state/playground-store";
import { formatMs } from "./LineView";
import { Repl } from "./Repl";
import styles from "./Console.module.css";

export function Console() {
  const engine = useEngine();
  const store = usePlaygroundStore();
  const tabOrder = usePlayground((s) => s.tabOrder);
  const tabs = usePlayground((s) => s.tabs);
  const activeTab = usePlayground((s) => s.activeTab);
  const rttMs = usePlayground((s) => s.rttMs);
  const showWire = usePlayground((s) => s.showWire);
  const [renaming, setRenaming] = useState<string | null>(null);
  const [nameDraft, setNameDraft] = useState("");
  const active = tabs[activeTab];

  const closeTab = (id: string) => {
    const clientId = store.getState().tabs[id]?.clientId;
    store.getState().removeTab(id);
    if (engine && clientId != null) engine.close(clientId).catch(() => {});
  };
  const startRename = (id: string) => {
    setRenaming(id);
    setNameDraft(tabs[id]?.label ?? id);
  };
  const commitRename = () => {
    if (renaming) store.getState().renameTab(renaming, nameDraft);
    setRenaming(null);
  };
  // The tab bar's keys, as WAI-ARIA's tabs pattern has them: arrows move, F2 renames.
  const onTabKey = (e: KeyboardEvent<HTMLButtonElement>, id: string) => {
    if (e.key === "F2") {
      e.preventDefault();
      startRename(id);
    } else if (e.key === "ArrowLeft" || e.key === "ArrowRight") {
      e.preventDefault();
      const at = tabOrder.indexOf(id);
      const next = tabOrder[(at + (e.key === "ArrowRight" ? 1 : tabOrder.length - 1)) % tabOrder.length];
      store.getState().setActiveTab(next);
      document.getElementById(`console-tab-${next}`)?.focus();
    }
  };

  return (
    <div className={styles.console}>
      <div className={styles.tabBar}>
        <div role="tablist" aria-label="Client tabs" className={styles.tabs}>
          {tabOrder.map((id) => {
            const t = tabs[id];
            if (!t) return null;
            return (
              <div key={id} className={styles.tab} data-active={id === activeTab ? "true" : "false"}>
                {renaming === id ? (
                  <input
                    className={styles.rename}
                    aria-label="Tab name"
                    value={nameDraft}
                    autoFocus
                    onChange={(e) => setNameDraft(e.target.value)}
                    onBlur={commitRename}
                    onKeyDown={(e) => {
                      if (e.key === "Enter") commitRename();
                      else if (e.key === "Escape") setRenaming(null);
                    }}
                  />
                ) : (
                  <button
                    type="button"
                    role="tab"
                    id={`console-tab-${id}`}
                    aria-selected={id === activeTab}
                    tabIndex={id === activeTab ? 0 : -1}
                    aria-controls={`console-panel-${id}`}
                    className={styles.tabButton}
                    onClick={() => store.getState().setActiveTab(id)}
                    onDoubleClick={() => startRename(id)}
                    onKeyDown={(e) => onTabKey(e, id)}
                    title="Double-click or F2 to rename"
                  >
                    {t.label}
                    {t.waiting && (
                      <span className={styles.waiting} aria-label="waiting for a reply" title="blocked: waiting for a reply">
                        {" "}
                        ⏳
                      </span>
                    )}
                    {t.unread > 0 && (
                      <span className={styles.unread} aria-label={`${t.unread} new messages`}>
                        {" "}
                        {t.unread}
                      </span>
                    )}
                  </button>
                )}
                {renaming !== id && (
                  <button type="button" className={styles.tabAction} aria-label={`Rename ${t.label}`} onClick={() => startRename(id)}>
                    ✎
                  </button>
                )}
                {tabOrder.length > 1 && (
                  <button type="button" className={styles.tabAction} aria-label={`Close ${t.label}`} onClick={() => closeTab(id)}>
                    ×
                  </button>
                )}
              </div>
            );
          })}
        </div>
        <button type="button" className={styles.newTab} aria-label="New client tab" onClick={() => store.getState().addTab()}>
          +
        </button>
      </div>
      <div className={styles.toolbar}>
        <label className={styles.setting}>
          Round trip
          <input
            type="range"
            min={0}
            max={MAX_RTT_MS}
            step={1}
            value={rttMs}
            aria-label="Round-trip time (ms)"
            onChange={(e) => store.getState().setRtt(Number(e.target.value))}
          />
          <span className={styles.value}>{rttMs} ms</span>
          <span className={styles.note} title="Added to each reply's time to show what a network would cost; nothing actually waits.">
            (simulated)
          </span>
        </label>
        <label className={styles.setting}>
          <input type="checkbox" checked={showWire} onChange={(e) => store.getState().setShowWire(e.target.checked)} />
          Wire view
        </label>
        <label className={styles.setting}>
          <input
            type="checkbox"
            checked={active?.raw ?? false}
            onChange={(e) => store.getState().patchTab(activeTab, { raw: e.target.checked })}
          />
          Raw RESP
        </label>
        {active && (
          <span className={styles.elapsed} aria-label="Tab time total">
            this tab: {formatMs(active.elapsedMs)}
          </span>
        )}
      </div>
      {tabOrder.map((id) => (
        <div
          key={id}
          role="tabpanel"
          id={`console-panel-${id}`}
          aria-labelledby={`console-tab-${id}`}
          className={styles.panel}
          hidden={id !== activeTab}
          data-tab={id}
        >
          <Repl tab={id} />
        </div>
      ))}
    </div>
  );
}
