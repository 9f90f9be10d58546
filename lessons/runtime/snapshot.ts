/**
 * A copy of the learner's own keys, taken before an exercise replaces the instance, so Start
 * can be undone. It reads through the side-effect-free inspection path and writes back with
 * ordinary commands on a private connection (values, then the remaining TTL), so what comes
 * back is the same data, re-encoded by the same rules. Consumer groups of streams and keys
 * beyond the inspector's limits are not kept: such a snapshot says it is incomplete.
 */
import { DEFAULT_INSPECT_LIMIT, type EngineApi } from "@/engine/host/api";
import type { KeyDetail } from "@/engine/inspect";
import { formatDouble17g } from "@/engine/util/format";

export interface Snapshot {
  dbs: { db: number; keys: KeyDetail[] }[];
  /** Every key and every element was captured. */
  complete: boolean;
  count: number;
}

export async function takeSnapshot(engine: EngineApi): Promise<Snapshot> {
  const stats = await engine.inspectStats();
  const dbs: Snapshot["dbs"] = [];
  let complete = true;
  let count = 0;
  for (let db = 0; db < stats.keys.length; db++) {
    if (!stats.keys[db]) continue;
    const views = await engine.inspectKeys(db, DEFAULT_INSPECT_LIMIT);
    if (views.length < stats.keys[db]) complete = false;
    const keys: KeyDetail[] = [];
    for (const v of views) {
      const k = await engine.inspectKey(db, v.key);
      if (!k || k.expired) continue;
      const shown = k.value.type === "string" ? k.length : valueCount(k);
      if (shown < k.length) complete = false;
      keys.push(k);
    }
    count += keys.length;
    dbs.push({ db, keys });
  }
  return { dbs, complete, count };
}

function valueCount(k: KeyDetail): number {
  const v = k.value;
  switch (v.type) {
    case "list":
      return v.items.length;
    case "hash":
      return v.fields.length;
    case "set":
      return v.members.length;
    case "zset":
      return v.entries.length;
    case "stream":
      return v.entries.length;
    default:
      return k.length;
  }
}

/** The commands that rebuild one key (before its TTL). */
function rebuild(k: KeyDetail): string[][] {
  const v = k.value;
  switch (v.type) {
    case "string":
      return [["SET", k.key, v.value]];
    case "list":
      return v.items.length ? [["RPUSH", k.key, ...v.items]] : [];
    case "hash":
      return v.fields.length ? [["HSET", k.key, ...v.fields.flat()]] : [];
    case "set":
      return v.members.length ? [["SADD", k.key, ...v.members]] : [];
    case "zset":
      return v.entries.length ? [["ZADD", k.key, ...v.entries.flatMap(([m, s]) => [formatDouble17g(s), m])]] : [];
    case "stream":
      return v.entries.map(([id, fields]) => ["XADD", k.key, id, ...fields]);
  }
}

/** Writes a snapshot into the (fresh) instance behind `engine`. */
export async function restoreSnapshot(engine: EngineApi, snap: Snapshot): Promise<void> {
  const c = await engine.open("restore");
  try {
    for (const { db, keys } of snap.dbs) {
      await engine.exec(c.id, ["SELECT", String(db)]);
      for (const k of keys) {
        for (const argv of rebuild(k)) await engine.exec(c.id, argv);
        if (k.ttlMs !== null) await engine.exec(c.id, ["PEXPIRE", k.key, String(Math.max(1, k.ttlMs))]);
      }
    }
  } finally {
    await engine.close(c.id);
  }
}
