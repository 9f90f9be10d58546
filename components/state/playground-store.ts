/**
 * UI state for the playground: each console tab's transcript, history and connection facts,
 * and the last keyspace snapshot the engine reported.
 *
 * Only plain data lives here, copied from what the engine sent through EngineApi; never the
 * engine's own objects (its Maps change in place and would not re-render anything). A store is
 * created per <EngineProvider>, so tests and several playgrounds on one page stay apart.
 */
import { createStore, type StoreApi } from "zustand/vanilla";
import type { KeyView } from "@/engine/host/api";

export type LineKind = "input" | "reply" | "error" | "info" | "push";

export interface Line {
  id: number;
  kind: LineKind;
  /** Display text (already decoded from bytes); may span several lines. */
  text: string;
}

export interface TabState {
  label: string;
  /** The engine connection, or null until (re)opened. */
  clientId: number | null;
  db: number;
  resp: 2 | 3;
  lines: Line[];
  /** Oldest first, as redis-cli's history file. */
  history: string[];
}

export interface KeyspaceSnapshot {
  db: number;
  /** The instance's keyspace version the snapshot was taken at. */
  version: number;
  keys: KeyView[];
  /** True when the listing was cut at its limit. */
  truncated: boolean;
}

export interface PlaygroundState {
  /** Set once the engine answered its first call. */
  ready: boolean;
  /** Why the engine could not start, shown instead of the console. */
  failure: string | null;
  tabs: Record<string, TabState>;
  activeTab: string;
  keyspace: KeyspaceSnapshot | null;

  setReady(ready: boolean, failure?: string | null): void;
  /** Updates a tab's connection facts (creating the tab if needed). */
  patchTab(tab: string, patch: Partial<Omit<TabState, "lines" | "history">>): void;
  appendLines(tab: string, lines: { kind: LineKind; text: string }[]): void;
  clearLines(tab: string): void;
  pushHistory(tab: string, entry: string): void;
  setKeyspace(snapshot: KeyspaceSnapshot): void;
  /** Forgets every tab's connection (the engine behind them was replaced or stopped). */
  dropConnections(): void;
}

/** A transcript keeps its most recent lines only, so a long session stays light in the DOM. */
export const MAX_LINES = 2000;
export const MAX_HISTORY = 100;

const newTab = (label: string): TabState => ({ label, clientId: null, db: 0, resp: 2, lines: [], history: [] });

export type PlaygroundStore = StoreApi<PlaygroundState>;

export function createPlaygroundStore(): PlaygroundStore {
  let nextLineId = 1;
  return createStore<PlaygroundState>()((set) => {
    const updateTab = (tab: string, fn: (t: TabState) => TabState) =>
      set((s) => ({ tabs: { ...s.tabs, [tab]: fn(s.tabs[tab] ?? newTab(tab)) } }));
    return {
      ready: false,
      failure: null,
      tabs: { main: newTab("main") },
      activeTab: "main",
      keyspace: null,
      setReady: (ready, failure = null) => set({ ready, failure }),
      patchTab: (tab, patch) => updateTab(tab, (t) => ({ ...t, ...patch })),
      appendLines: (tab, lines) =>
        updateTab(tab, (t) => {
          const all = t.lines.concat(lines.map((l) => ({ ...l, id: nextLineId++ })));
          return { ...t, lines: all.length > MAX_LINES ? all.slice(all.length - MAX_LINES) : all };
        }),
      clearLines: (tab) => updateTab(tab, (t) => ({ ...t, lines: [] })),
      // Like linenoise: an entry equal to the previous one is not stored twice.
      pushHistory: (tab, entry) =>
        updateTab(tab, (t) =>
          t.history[t.history.length - 1] === entry
            ? t
            : { ...t, history: t.history.concat(entry).slice(-MAX_HISTORY) },
        ),
      setKeyspace: (keyspace) => set({ keyspace }),
      dropConnections: () =>
        set((s) => ({
          tabs: Object.fromEntries(Object.entries(s.tabs).map(([k, t]) => [k, { ...t, clientId: null, db: 0, resp: 2 as const }])),
          keyspace: null,
        })),
    };
  });
}
