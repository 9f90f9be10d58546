/**
 * The console's tabs and their history, kept in localStorage per playground instance (a lesson
 * has its own, /playground its own), as redis-cli keeps ~/.rediscli_history.
 *
 * The saved form is versioned. Anything unreadable — bad JSON, another version, wrong shapes,
 * a storage that throws (private mode, quota) — is ignored and the console starts fresh; a
 * learner must never see a crash because of what an older build left behind.
 */
import { MAX_HISTORY, type PlaygroundState, type PlaygroundStore } from "./playground-store";

export const CONSOLE_STORAGE_VERSION = 1;

export interface SavedConsole {
  v: typeof CONSOLE_STORAGE_VERSION;
  active: string;
  tabs: { id: string; label: string; history: string[] }[];
}

export const storageKeyFor = (key: string): string => `redis-playground:console:${key}`;

function isSaved(x: unknown): x is SavedConsole {
  if (!x || typeof x !== "object") return false;
  const o = x as Record<string, unknown>;
  if (o.v !== CONSOLE_STORAGE_VERSION || typeof o.active !== "string" || !Array.isArray(o.tabs) || o.tabs.length === 0) return false;
  return o.tabs.every((t: unknown) => {
    if (!t || typeof t !== "object") return false;
    const tab = t as Record<string, unknown>;
    return (
      typeof tab.id === "string" &&
      tab.id.length > 0 &&
      typeof tab.label === "string" &&
      Array.isArray(tab.history) &&
      tab.history.every((h) => typeof h === "string")
    );
  });
}

/** The saved console, or null when there is none or it cannot be trusted. */
export function loadConsole(storage: Storage | undefined, key: string): SavedConsole | null {
  try {
    const text = storage?.getItem(storageKeyFor(key));
    if (!text) return null;
    const parsed: unknown = JSON.parse(text);
    if (!isSaved(parsed)) return null;
    const ids = new Set<string>();
    const tabs = parsed.tabs.filter((t) => !ids.has(t.id) && ids.add(t.id));
    return { ...parsed, tabs };
  } catch {
    return null;
  }
}

function snapshot(s: PlaygroundState): SavedConsole {
  return {
    v: CONSOLE_STORAGE_VERSION,
    active: s.activeTab,
    tabs: s.tabOrder
      .filter((id) => s.tabs[id])
      .map((id) => ({ id, label: s.tabs[id].label, history: s.tabs[id].history.slice(-MAX_HISTORY) })),
  };
}

/**
 * Restores the saved console into the store, then saves on every change of tabs, labels or
 * history. Returns the unsubscribe function.
 */
export function persistConsole(store: PlaygroundStore, storage: Storage | undefined, key: string): () => void {
  const saved = loadConsole(storage, key);
  if (saved) store.getState().restoreTabs(saved.tabs, saved.active);
  let last = JSON.stringify(snapshot(store.getState()));
  return store.subscribe((s, prev) => {
    if (s.tabs === prev.tabs && s.tabOrder === prev.tabOrder && s.activeTab === prev.activeTab) return;
    const text = JSON.stringify(snapshot(s));
    if (text === last) return;
    last = text;
    try {
      storage?.setItem(storageKeyFor(key), text);
    } catch {
      // Full or forbidden storage: history simply is not kept.
    }
  });
}
