"use client";
/**
 * Free play (and the playground beside each lesson): client tabs over one instance, the clock,
 * and the key inspector, all on the same engine.
 *
 * `storageKey` names this instance's saved console (tabs and history) in localStorage; without
 * it nothing is kept.
 */
import { useEffect, type ReactNode } from "react";
import type { EngineApi } from "@/engine/host/api";
import { EngineProvider, usePlaygroundStore } from "@/components/engine/EngineProvider";
import { persistConsole } from "@/components/state/console-persistence";
import type { PlaygroundStore } from "@/components/state/playground-store";
import { Console } from "@/components/console/Console";
import { LogPane } from "@/components/console/LogPane";
import { KeyInspector } from "@/components/keyspace/KeyInspector";
import { ScriptEditor } from "@/components/editor/ScriptEditor";
import { ClockControls } from "./ClockControls";
import { DataControls } from "./DataControls";
import { ThemeToggle } from "./ThemeToggle";
import styles from "./Playground.module.css";

export interface PlaygroundProps {
  engine?: EngineApi;
  storageKey?: string;
  /** The lesson page's store (h-ui-lessons): it writes example lines into the REPL tabs. */
  store?: PlaygroundStore;
  /**
   * Names this instance's data in localStorage: with it the playground offers Reset, Export and
   * Import and keeps its keys across reloads (/playground). Without it (lesson pages, whose
   * session owns the instance) none of that is shown.
   */
  dataKey?: string;
}

export function Playground({ engine, storageKey, store, dataKey }: PlaygroundProps) {
  return (
    <EngineProvider engine={engine} store={store}>
      <ConsolePersistence storageKey={storageKey}>
        <div className={styles.frame}>
          <div className={styles.layout}>
            <div className={styles.left}>
              <div className={styles.consoleBox}>
                <Console />
              </div>
              <div className={styles.toolbar}>
                <ClockControls />
                <ThemeToggle className={styles.theme} />
              </div>
              {dataKey && <DataControls dataKey={dataKey} />}
              <ScriptEditor />
              <LogPane />
            </div>
            <KeyInspector />
          </div>
        </div>
      </ConsolePersistence>
    </EngineProvider>
  );
}

function ConsolePersistence({ storageKey, children }: { storageKey?: string; children: ReactNode }) {
  const store = usePlaygroundStore();
  useEffect(() => {
    if (!storageKey) return;
    const storage = typeof window === "undefined" ? undefined : safeLocalStorage();
    return persistConsole(store, storage, storageKey);
  }, [store, storageKey]);
  return children;
}

/** localStorage, or undefined where reading it throws (blocked storage, sandboxed frames). */
function safeLocalStorage(): Storage | undefined {
  try {
    return window.localStorage;
  } catch {
    return undefined;
  }
}
