"use client";
/**
 * Free play: one console beside the live key list, both on the same engine.
 */
import type { EngineApi } from "@/engine/host/api";
import { EngineProvider } from "@/components/engine/EngineProvider";
import { Repl } from "@/components/console/Repl";
import { KeyList } from "@/components/keyspace/KeyList";
import styles from "./Playground.module.css";

export function Playground({ engine }: { engine?: EngineApi }) {
  return (
    <EngineProvider engine={engine}>
      <div className={styles.layout}>
        <Repl />
        <KeyList />
      </div>
    </EngineProvider>
  );
}
