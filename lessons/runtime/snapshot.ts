/**
 * A copy of the learner's own keys, taken before an exercise replaces the instance, so Start
 * can be undone. It is the playground's data file (components/state/keyspace-file.ts) kept in
 * memory: read through the side-effect-free inspection path and written back with ordinary
 * commands on a private connection (values, then the remaining TTL), so what comes back is the
 * same data, re-encoded by the same rules. Keys beyond the inspector's default limit and a
 * stream's pending entries are not kept: such a snapshot says it is incomplete.
 */
import { DEFAULT_INSPECT_LIMIT, type EngineApi } from "@/engine/host/api";
import { exportData, importData, keyCount, type DataFile } from "@/components/state/keyspace-file";

export interface Snapshot {
  dbs: DataFile["dbs"];
  /** Every key and every element was captured. */
  complete: boolean;
  count: number;
}

export async function takeSnapshot(engine: EngineApi): Promise<Snapshot> {
  const file = await exportData(engine, DEFAULT_INSPECT_LIMIT);
  return { dbs: file.dbs, complete: file.complete, count: keyCount(file) };
}

/** Writes a snapshot into the (fresh) instance behind `engine`. */
export async function restoreSnapshot(engine: EngineApi, snap: Snapshot): Promise<void> {
  // Error replies are not expected (the data came from this instance) and there is no one to tell.
  await importData(engine, snap, "restore");
}
