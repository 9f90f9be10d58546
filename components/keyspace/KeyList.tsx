"use client";
/**
 * A live list of the keys in the console's selected database, with type, encoding and TTL.
 *
 * It reads through EngineApi's side-effect-free inspection, so looking never touches LRU/LFU
 * data, hit counters or lazy expiry. It re-reads when a command changes keys in that database,
 * and once a second while some key has a TTL, so countdowns move.
 */
import { useEffect } from "react";
import type { KeyView } from "@/engine/host/api";
import { quoteBytes } from "@/engine/resp/cli-format";
import { bytesToUtf8 } from "@/engine/util/bytes";
import { useEngine, usePlayground, usePlaygroundStore } from "@/components/engine/EngineProvider";
import styles from "./KeyList.module.css";

/** How many keys the list shows; the rest are summarised. */
export const KEY_LIST_LIMIT = 200;
const TTL_REFRESH_MS = 1000;

export function KeyList({ tab = "main" }: { tab?: string }) {
  const engine = useEngine();
  const store = usePlaygroundStore();
  const ready = usePlayground((s) => s.ready);
  const db = usePlayground((s) => s.tabs[tab]?.db ?? 0);
  const snapshot = usePlayground((s) => s.keyspace);

  useEffect(() => {
    if (!engine || !ready) return;
    let live = true;
    let running = false;
    let again = false;
    let version = 0;
    let hasTtl = false;

    // One read at a time; changes that arrive meanwhile cause exactly one more read.
    const refresh = async () => {
      if (running) {
        again = true;
        return;
      }
      running = true;
      try {
        do {
          again = false;
          const keys = await engine.inspectKeys(db, KEY_LIST_LIMIT + 1);
          if (!live) return;
          hasTtl = keys.some((k) => k.ttlMs !== null);
          store.getState().setKeyspace({
            db,
            version,
            keys: keys.slice(0, KEY_LIST_LIMIT),
            truncated: keys.length > KEY_LIST_LIMIT,
          });
        } while (again && live);
      } catch {
        // The engine was stopped or reset mid-read; the next change reads again.
      } finally {
        running = false;
      }
    };

    engine.info().then((info) => {
      version = info.version;
      void refresh();
    }, () => {});
    const off = engine.onKeyChange((batch) => {
      version = batch.version;
      if (batch.cause === "reset" || batch.dropped > 0 || batch.changes.some((c) => c.db === db)) void refresh();
    });
    const timer = setInterval(() => {
      if (hasTtl) void refresh();
    }, TTL_REFRESH_MS);
    return () => {
      live = false;
      off();
      clearInterval(timer);
    };
  }, [engine, ready, db, store]);

  const keys = snapshot && snapshot.db === db ? snapshot.keys : [];
  return (
    <section className={styles.panel} aria-label="Keys">
      <header className={styles.header}>
        <h2 className={styles.title}>Keys</h2>
        <span className={styles.db}>db {db}</span>
      </header>
      {keys.length === 0 ? (
        <p className={styles.empty}>{ready ? "No keys in this database." : "…"}</p>
      ) : (
        <table className={styles.table}>
          <thead>
            <tr>
              <th scope="col">Key</th>
              <th scope="col">Type</th>
              <th scope="col">Encoding</th>
              <th scope="col">TTL</th>
            </tr>
          </thead>
          <tbody>
            {keys.map((k) => (
              <tr key={k.key} data-key={k.key}>
                <td className={styles.key}>{displayKey(k.key)}</td>
                <td>{k.type}</td>
                <td className={styles.muted}>{k.encoding}</td>
                <td className={styles.ttl}>{formatTtl(k)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {snapshot?.truncated && snapshot.db === db && (
        <p className={styles.more}>Showing the first {KEY_LIST_LIMIT} keys.</p>
      )}
    </section>
  );
}

/** Keys are bytes: readable UTF-8 shows as text, anything else as redis-cli would quote it. */
export function displayKey(key: string): string {
  const text = bytesToUtf8(key);
  return text.includes("\ufffd") || /[\x00-\x1f\x7f]/.test(text) ? quoteBytes(key) : text;
}

export function formatTtl(k: Pick<KeyView, "ttlMs" | "expired">): string {
  if (k.ttlMs === null) return "—";
  if (k.expired) return "expired";
  const ms = k.ttlMs;
  if (ms < 1000) return `${Math.ceil(ms)} ms`;
  const s = Math.ceil(ms / 1000);
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} m ${s % 60} s`;
  if (s < 86400) return `${Math.floor(s / 3600)} h ${Math.floor((s % 3600) / 60)} m`;
  return `${Math.floor(s / 86400)} d ${Math.floor((s % 86400) / 3600)} h`;
}
