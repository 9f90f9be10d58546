/**
 * Lesson steps run in the learner's own REPL tabs: this adapts the playground's store to the
 * runtime's Tabs, so an example's lines appear in the tab named by the step (created when a
 * lesson names a client the learner has not opened), with their prompt, like typed lines.
 */
import type { PlaygroundStore } from "@/components/state/playground-store";
import type { Tabs } from "@/lessons/runtime/session";

/** The id of the tab labelled `label`, or the label itself for a tab to create. */
function tabId(store: PlaygroundStore, label: string): string {
  const tabs = store.getState().tabs;
  if (tabs[label]) return label;
  return Object.keys(tabs).find((id) => tabs[id].label === label) ?? label;
}

export function storeTabs(store: PlaygroundStore): Tabs {
  return {
    connection(label) {
      const t = store.getState().tabs[tabId(store, label)];
      return t ? { clientId: t.clientId, db: t.db, resp: t.resp } : undefined;
    },
    update(label, c) {
      store.getState().patchTab(tabId(store, label), { clientId: c.clientId, db: c.db, resp: c.resp });
    },
    clear() {
      store.getState().dropConnections();
    },
    show(label, lines) {
      store.getState().appendLines(tabId(store, label), lines);
    },
  };
}
