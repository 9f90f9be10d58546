"use client";
/**
 * The key inspector: the keys of the console's selected database, filtered by a glob pattern
 * (Redis' own matcher, so `user:*` means what it means to KEYS) and by type; the selected key's
 * value; and an announcement when a key's encoding flips, saying which threshold was crossed.
 *
 * Everything is read through the side-effect-free inspection path: looking at a key does not
 * change its idle time, LFU counter or the hit statistics a lesson may be measuring.
 */
import { useEffect, useMemo, useState } from "react";
import type { KeyDetail } from "@/engine/host/api";
import type { Profile } from "@/engine/config";
import { globMatch } from "@/engine/util/glob";
import { utf8ToBytes } from "@/engine/util/bytes";
import { useEngine, usePlayground, usePlaygroundStore } from "@/components/engine/EngineProvider";
import { KeyDetailView } from "./KeyDetailView";
import { KeyTable, displayKey } from "./KeyList";
import { configReader, explainFlip } from "./encoding-explain";
import { useKeyspace } from "./use-keyspace";
import styles from "./KeyList.module.css";

export const KEY_TYPES = ["string", "list", "hash", "set", "zset", "stream"] as const;

/** `tab` pins the database to one console tab's; by default it follows the shown tab. */
export function KeyInspector({ tab }: { tab?: string }) {
  const engine = useEngine();
  const store = usePlaygroundStore();
  const ready = usePlayground((s) => s.ready);
  const db = usePlayground((s) => s.tabs[tab ?? s.activeTab]?.db ?? 0);
  const snapshot = usePlayground((s) => s.keyspace);
  const configSeen = usePlayground((s) => s.configSeen);
  const { flips, removal } = useKeyspace(engine, ready, db, store);
  const [pattern, setPattern] = useState("");
  const [type, setType] = useState("");
  const [selected, setSelected] = useState<string | null>(null);
  const [detail, setDetail] = useState<KeyDetail | null>(null);
  const [profile, setProfile] = useState<Profile>("playground");
  const [flipLength, setFlipLength] = useState<{ seq: number; length: number } | null>(null);

  useEffect(() => {
    if (!engine || !ready) return;
    engine.info().then((i) => setProfile(i.profile), () => {});
  }, [engine, ready]);

  const keys = useMemo(() => {
    const all = snapshot && snapshot.db === db ? snapshot.keys : [];
    const glob = pattern.trim() ? utf8ToBytes(pattern.trim()) : "";
    return all.filter((k) => (!type || k.type === type) && (!glob || glob === "*" || globMatch(glob, k.key)));
  }, [snapshot, db, pattern, type]);

  // The selected key's full view: read when selected, then again only when the engine reports a
  // change to that key (or a reset), and when the instance clock moves (its TTL and idle time
  // follow the clock). A busy keyspace elsewhere costs the detail view nothing.
  const [detailTick, setDetailTick] = useState(0);
  useEffect(() => {
    if (!engine || selected === null) return;
    return engine.onKeyChange((batch) => {
      if (batch.cause === "reset" || batch.dropped > 0 || batch.changes.some((c) => c.db === db && c.key === selected))
        setDetailTick((t) => t + 1);
    });
  }, [engine, db, selected]);
  const clock = usePlayground((s) => s.clock);

  useEffect(() => {
    if (!engine || selected === null) {
      setDetail(null);
      return;
    }
    let live = true;
    engine.inspectKey(db, selected).then(
      (d) => live && setDetail(d),
      () => {},
    );
    return () => {
      live = false;
    };
  }, [engine, db, selected, detailTick, clock]);

  useEffect(() => setSelected(null), [db]);

  // The element count after the latest flip tells which threshold was crossed.
  const latest = flips[0];
  useEffect(() => {
    if (!engine || !latest) return;
    let live = true;
    engine.inspectKey(db, latest.key).then(
      (d) => live && d && setFlipLength({ seq: latest.seq, length: d.length }),
      () => {},
    );
    return () => {
      live = false;
    };
  }, [engine, db, latest]);

  const flipped = useMemo(() => new Set(flips.map((f) => f.key)), [flips]);
  const config = configReader(profile, configSeen);

  return (
    <div className={styles.inspector}>
      <section className={styles.panel} aria-label="Keys">
        <header className={styles.header}>
          <h2 className={styles.title}>Keys</h2>
          <span className={styles.db}>db {db}</span>
        </header>
        <div className={styles.filters}>
          <input
            aria-label="Filter keys by pattern"
            placeholder="pattern, e.g. user:*"
            value={pattern}
            onChange={(e) => setPattern(e.target.value)}
            spellCheck={false}
          />
          <select aria-label="Filter keys by type" value={type} onChange={(e) => setType(e.target.value)}>
            <option value="">all types</option>
            {KEY_TYPES.map((t) => (
              <option key={t} value={t}>
                {t}
              </option>
            ))}
          </select>
        </div>
        {latest && (
          <p className={styles.flip} role="status" aria-label="Encoding changed">
            <strong>Encoding changed</strong> for {displayKey(latest.key)} ({latest.type}):{" "}
            {explainFlip(latest, config, flipLength?.seq === latest.seq ? flipLength.length : undefined)}
          </p>
        )}
        {removal && (
          <p className={styles.removal} role="status" aria-label="Key removed">
            {displayKey(removal.key)} is gone: {removal.why}.
          </p>
        )}
        {keys.length === 0 ? (
          <p className={styles.empty}>
            {!ready ? "…" : snapshot && snapshot.db === db && snapshot.keys.length ? "No key matches the filter." : "No keys in this database."}
          </p>
        ) : (
          <KeyTable keys={keys} selected={selected} onSelect={setSelected} flipped={flipped} />
        )}
        {snapshot?.truncated && snapshot.db === db && (
          <p className={styles.more}>The inspector lists {snapshot.keys.length} keys of this database; there are more.</p>
        )}
      </section>
      {detail && <KeyDetailView detail={detail} />}
    </div>
  );
}
