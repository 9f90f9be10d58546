/**
 * Keeps the store's keyspace snapshot of one database up to date, and notices encoding flips.
 *
 * It reads through EngineApi's side-effect-free inspection, so looking never touches LRU/LFU
 * data, hit counters or lazy expiry. It re-reads when the engine reports key changes in that
 * database (events, not polling), and once a second while some key has a TTL, so countdowns
 * move on the instance clock.
 */
import { useEffect, useRef, useState } from "react";
import type { EngineApi } from "@/engine/host/api";
import type { PlaygroundStore } from "@/components/state/playground-store";
import type { EncodingFlip } from "./encoding-explain";

const TTL_REFRESH_MS = 1000;
/** A big keyspace's TTL countdown is re-read this often: reading 10,000 keys each second costs a frame. */
const BIG_TTL_REFRESH_MS = 5000;
/**
 * How many keys the inspector lists: the virtualised list renders only a window of them, so the
 * cost is the read itself. Beyond this the list says it was cut.
 */
export const INSPECTOR_KEY_LIMIT = 10_000;
/** A big keyspace is re-read at most this often, however fast changes come (a pipeline of SETs). */
const BIG_READ_GAP_MS = 250;
const BIG_KEYSPACE = 2000;
/** Events after which a key of the same name is a new key (its encoding starts afresh). */
const REPLACING: ReadonlySet<string> = new Set(["del", "expired", "evicted", "rename_to", "restore", "copy_to", "move_to"]);

export interface FlipEvent extends EncodingFlip {
  /** Increases with every flip seen, so the same key flipping twice still re-announces. */
  seq: number;
}

/** A key that disappeared, and why, in the learner's words. */
export interface Removal {
  key: string;
  why: string;
  seq: number;
}

/** Why a key vanished, from the keyspace event and what caused the batch. */
export function removalReason(event: string, cause: string): string | null {
  if (event === "expired")
    return cause === "command"
      ? "expired: its TTL had passed, and a command that touched it deleted it (lazy expiry)"
      : "expired: its TTL passed and the active expiry cycle deleted it";
  if (event === "evicted") return "evicted to stay under maxmemory (maxmemory-policy chose it)";
  if (event === "del") return "deleted (DEL/UNLINK, or its last element was removed)";
  return null;
}

export function useKeyspace(
  engine: EngineApi | null,
  ready: boolean,
  db: number,
  store: PlaygroundStore,
): { flips: FlipEvent[]; removal: Removal | null } {
  const [flips, setFlips] = useState<FlipEvent[]>([]);
  const [removal, setRemoval] = useState<Removal | null>(null);
  const seq = useRef(0);

  useEffect(() => {
    setFlips([]);
    setRemoval(null);
    if (!engine || !ready) return;
    let live = true;
    let running = false;
    let again = false;
    let version = 0;
    let hasTtl = false;
    let lastCount = 0;
    let lastRead = 0;
    /** A TTL countdown re-read is due: some key has a TTL, and a big keyspace was not read just now. */
    const ttlDue = () => hasTtl && (lastCount <= BIG_KEYSPACE || Date.now() - lastRead >= BIG_TTL_REFRESH_MS);
    let previous: Map<string, { type: string; encoding: string }> | null = null;
    /** Keys deleted since the last read: if they exist again, they are new keys, not flips. */
    const replaced = new Set<string>();

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
          const keys = await engine.inspectKeys(db, INSPECTOR_KEY_LIMIT + 1);
          if (!live) return;
          hasTtl = keys.some((k) => k.ttlMs !== null);
          lastCount = keys.length;
          lastRead = Date.now();
          const found: FlipEvent[] = [];
          const gone = new Set(replaced);
          replaced.clear();
          const now = new Map<string, { type: string; encoding: string }>();
          for (const k of keys) {
            now.set(k.key, { type: k.type, encoding: k.encoding });
            const before = previous?.get(k.key);
            if (before && !gone.has(k.key) && before.type === k.type && before.encoding !== k.encoding)
              found.push({ key: k.key, type: k.type, from: before.encoding, to: k.encoding, seq: ++seq.current });
          }
          previous = now;
          if (found.length) setFlips((f) => [...found.reverse(), ...f.filter((x) => !found.some((n) => n.key === x.key))].slice(0, 20));
          store.getState().setKeyspace({
            db,
            version,
            keys: keys.slice(0, INSPECTOR_KEY_LIMIT),
            truncated: keys.length > INSPECTOR_KEY_LIMIT,
          });
          if (again && keys.length > BIG_KEYSPACE) await new Promise((r) => setTimeout(r, BIG_READ_GAP_MS));
        } while (again && live);
      } catch {
        // The engine was stopped or reset mid-read; the next change reads again.
      } finally {
        running = false;
      }
    };

    engine.info().then(
      (info) => {
        version = info.version;
        void refresh();
      },
      () => {},
    );
    const off = engine.onKeyChange((batch) => {
      version = batch.version;
      if (batch.cause === "reset") previous = null;
      for (const c of batch.changes) {
        if (c.db !== db) continue;
        if (REPLACING.has(c.event)) replaced.add(c.key);
        const why = removalReason(c.event, batch.cause);
        if (why) setRemoval({ key: c.key, why, seq: ++seq.current });
      }
      if (batch.cause === "reset" || batch.dropped > 0 || batch.changes.some((c) => c.db === db)) void refresh();
    });
    const timer = setInterval(() => {
      if (ttlDue()) void refresh();
    }, TTL_REFRESH_MS);
    // A clock moved by hand (+10 s) moves the TTLs at once.
    const offClock = store.subscribe((s, prev) => {
      const jumped = hasTtl && !!s.clock && !!prev.clock && Math.abs(s.clock.now - prev.clock.now) > 2 * TTL_REFRESH_MS;
      if (s.clock !== prev.clock && (jumped || ttlDue())) void refresh();
    });
    return () => {
      live = false;
      off();
      offClock();
      clearInterval(timer);
    };
  }, [engine, ready, db, store]);

  return { flips, removal };
}
