/**
 * UI state for the playground: the console tabs (each its own engine connection) with their
 * transcripts, history and connection facts, the console's settings (simulated round trip,
 * wire view), and the last keyspace snapshot the engine reported.
 *
 * Only plain data lives here, copied from what the engine sent through EngineApi; never the
 * engine's own objects (its Maps change in place and would not re-render anything). A store is
 * created per <EngineProvider>, so tests and several playgrounds on one page stay apart.
 */
import { createStore, type StoreApi } from "zustand/vanilla";
import type { ClockState, KeyView } from "@/engine/host/api";

export type LineKind = "input" | "reply" | "error" | "info" | "push";

/** The RESP bytes of one command or reply (byte strings), for the wire view. */
export interface WireBytes {
  sent?: string;
  received?: string;
}

export interface Line {
  id: number;
  kind: LineKind;
  /** Display text (already decoded from bytes); may span several lines. */
  text: string;
  /** Engine time of the command this reply answers. */
  ms?: number;
  /** Time the command waited before it could run (a busy script, DEBUG SLEEP elsewhere). */
  waitedMs?: number;
  /** The simulated round trip this reply paid (0 inside a pipeline after its first reply). */
  rttMs?: number;
  wire?: WireBytes;
}

export type NewLine = Omit<Line, "id">;

export interface TabState {
  label: string;
  /** The engine connection, or null until (re)opened. */
  clientId: number | null;
  db: number;
  resp: 2 | 3;
  lines: Line[];
  /** Oldest first, as redis-cli's history file. */
  history: string[];
  /** A command of this tab is waiting for its reply (BLPOP, XREAD BLOCK …). */
  waiting: boolean;
  /** Raw mode: the learner types RESP bytes instead of redis-cli lines. */
  raw: boolean;
  /** Pushes that arrived while another tab was shown. */
  unread: number;
  /** Simulated time spent on this tab's commands since its screen was last cleared. */
  elapsedMs: number;
}

export interface RunRequest {
  id: number;
  tab: string;
  lines: string[];
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
  /** Tab ids in the order the tab bar shows them. */
  tabOrder: string[];
  activeTab: string;
  keyspace: KeyspaceSnapshot | null;
  /** Simulated network round trip per request, 0–100 ms. */
  rttMs: number;
  showWire: boolean;
  /** CONFIG SET values the console saw succeed, so explanations quote what is in force. */
  configSeen: Record<string, string>;
  /** The instance clock as last read (the clock controls read it; TTL views follow it). */
  clock: ClockState | null;
  /** Lines other parts of the playground asked a tab to run as if typed (the script editor's Run). */
  requests: RunRequest[];

  setReady(ready: boolean, failure?: string | null): void;
  /** Updates a tab's connection facts (creating the tab if needed). */
  patchTab(tab: string, patch: Partial<Omit<TabState, "lines" | "history">>): void;
  appendLines(tab: string, lines: NewLine[]): void;
  clearLines(tab: string): void;
  pushHistory(tab: string, entry: string): void;
  setKeyspace(snapshot: KeyspaceSnapshot): void;
  /** Forgets every tab's connection (the engine behind them was replaced or stopped). */
  dropConnections(): void;
  /** Opens a new tab (its connection opens when it is shown) and returns its id. */
  addTab(label?: string): string;
  renameTab(tab: string, label: string): void;
  /** Removes a tab from the bar; the caller closes its connection. The last tab stays. */
  removeTab(tab: string): void;
  setActiveTab(tab: string): void;
  setRtt(ms: number): void;
  setShowWire(show: boolean): void;
  noteConfig(name: string, value: string): void;
  setClock(clock: ClockState): void;
  /** Asks a tab's console to run these lines as if the learner typed them (echo, history, reply). */
  requestRun(tab: string, lines: string[]): void;
  /** Removes and returns the requests waiting for a tab (its console calls this). */
  takeRequests(tab: string): RunRequest[];
  /** Puts back saved tabs and their history (from localStorage), before they connect. */
  restoreTabs(tabs: { id: string; label: string; history: string[] }[], active?: string): void;
}

/** A transcript keeps its most recent lines only, so a long session stays light in the DOM. */
export const MAX_LINES = 2000;
export const MAX_HISTORY = 100;
export const MAX_RTT_MS = 100;

export const newTab = (label: string): TabState => ({
  label,
  clientId: null,
  db: 0,
  resp: 2,
  lines: [],
  history: [],
  waiting: false,
  raw: false,
  unread: 0,
  elapsedMs: 0,
});

export type PlaygroundStore = StoreApi<PlaygroundState>;

export function createPlaygroundStore(): PlaygroundStore {
  let nextLineId = 1;
  let nextRequestId = 1;
  return createStore<PlaygroundState>()((set, get) => {
    const updateTab = (tab: string, fn: (t: TabState) => TabState) =>
      set((s) => ({
        tabs: { ...s.tabs, [tab]: fn(s.tabs[tab] ?? newTab(tab)) },
        tabOrder: s.tabOrder.includes(tab) ? s.tabOrder : s.tabOrder.concat(tab),
      }));
    return {
      ready: false,
      failure: null,
      tabs: { main: newTab("main") },
      tabOrder: ["main"],
      activeTab: "main",
      keyspace: null,
      rttMs: 0,
      showWire: false,
      configSeen: {},
      clock: null,
      requests: [],
      setReady: (ready, failure = null) => set({ ready, failure }),
      patchTab: (tab, patch) => updateTab(tab, (t) => ({ ...t, ...patch })),
      appendLines: (tab, lines) =>
        updateTab(tab, (t) => {
          const all = t.lines.concat(lines.map((l) => ({ ...l, id: nextLineId++ })));
          return { ...t, lines: all.length > MAX_LINES ? all.slice(all.length - MAX_LINES) : all };
        }),
      clearLines: (tab) => updateTab(tab, (t) => ({ ...t, lines: [], elapsedMs: 0 })),
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
          tabs: Object.fromEntries(
            Object.entries(s.tabs).map(([k, t]) => [k, { ...t, clientId: null, db: 0, resp: 2 as const, waiting: false }]),
          ),
          keyspace: null,
        })),
      addTab: (label) => {
        const s = get();
        let n = s.tabOrder.length + 1;
        while (s.tabs[`tab-${n}`]) n++;
        const id = `tab-${n}`;
        set({
          tabs: { ...s.tabs, [id]: newTab(label?.trim() || `tab ${n}`) },
          tabOrder: s.tabOrder.concat(id),
          activeTab: id,
        });
        return id;
      },
      renameTab: (tab, label) => {
        if (label.trim()) updateTab(tab, (t) => ({ ...t, label: label.trim() }));
      },
      removeTab: (tab) =>
        set((s) => {
          if (s.tabOrder.length <= 1 || !s.tabs[tab]) return s;
          const at = s.tabOrder.indexOf(tab);
          const tabOrder = s.tabOrder.filter((t) => t !== tab);
          const tabs = { ...s.tabs };
          delete tabs[tab];
          const activeTab = s.activeTab === tab ? tabOrder[Math.max(0, at - 1)] : s.activeTab;
          return { tabs, tabOrder, activeTab };
        }),
      setActiveTab: (tab) =>
        set((s) => (s.tabs[tab] ? { activeTab: tab, tabs: { ...s.tabs, [tab]: { ...s.tabs[tab], unread: 0 } } } : s)),
      setRtt: (ms) => set({ rttMs: Math.max(0, Math.min(MAX_RTT_MS, Math.round(ms))) }),
      setShowWire: (showWire) => set({ showWire }),
      noteConfig: (name, value) => set((s) => ({ configSeen: { ...s.configSeen, [name.toLowerCase()]: value } })),
      setClock: (clock) =>
        set((s) => (s.clock && s.clock.now === clock.now && s.clock.paused === clock.paused ? s : { clock })),
      requestRun: (tab, lines) => set((s) => ({ requests: s.requests.concat({ id: nextRequestId++, tab, lines }) })),
      takeRequests: (tab) => {
        const mine = get().requests.filter((r) => r.tab === tab);
        if (mine.length) set((s) => ({ requests: s.requests.filter((r) => r.tab !== tab) }));
        return mine;
      },
      restoreTabs: (saved, active) =>
        set((s) => {
          if (!saved.length) return s;
          const tabs: Record<string, TabState> = {};
          for (const t of saved) tabs[t.id] = { ...(s.tabs[t.id] ?? newTab(t.label)), label: t.label, history: t.history.slice(-MAX_HISTORY) };
          const tabOrder = saved.map((t) => t.id);
          return { tabs, tabOrder, activeTab: active && tabs[active] ? active : tabOrder[0] };
        }),
    };
  });
}
