/**
 * Keeps the playground's data across reloads: the same file format as Export
 * (keyspace-file.ts), saved to localStorage after key changes (throttled, so a pipeline of a
 * thousand SETs saves once or twice, not a thousand times) and replayed into the fresh instance
 * when the page loads. Driven by the engine's key-change events, never by polling.
 *
 * Saved data that cannot be read — bad JSON, another version, a storage that throws — is
 * dropped with a notice and the playground starts fresh; it never stops the page.
 */
import type { EngineApi } from "@/engine/host/api";
import { DataFileError, exportData, importData, keyCount, parseDataFile, type DataFile } from "./keyspace-file";

export const dataStorageKey = (key: string): string => `redis-playground:data:${key}`;

/** How long after a key change the data is saved (later changes within it join that save). */
export const SAVE_DELAY_MS = 1000;
/** Beyond this many keys the data is not kept (it would cost too much to save and to store). */
export const PERSIST_MAX_KEYS = 5000;

export interface DataNotice {
  tone: "info" | "warning";
  text: string;
}

export interface PersistOptions {
  /** Notices for the learner (restored, corrupt data dropped, storage full). */
  notify(n: DataNotice): void;
  saveDelayMs?: number;
}

export interface SaverOptions {
  delayMs?: number;
  /** While true, a save that falls due is skipped (the data is being restored). */
  held?(): boolean;
  /** Said once per run of saves that find more than PERSIST_MAX_KEYS keys. */
  warnTooMany(total: number): void;
  /** Each save that finds too many keys: forget what was kept. */
  drop(): void;
  write(file: DataFile): void;
}

/**
 * Exports the data after each batch of key changes (throttled by `delayMs`; a change during a
 * save runs one more) and hands it to `write`. Failures skip that save. Returns a stop function.
 */
export function saveOnKeyChange(engine: EngineApi, options: SaverOptions): () => void {
  const delay = options.delayMs ?? SAVE_DELAY_MS;
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let saving = false;
  let dirty = false;
  let warned = false;

  const save = async () => {
    timer = null;
    if (stopped || options.held?.()) return;
    if (saving) {
      dirty = true;
      return;
    }
    saving = true;
    try {
      do {
        dirty = false;
        const total = (await engine.inspectStats()).keys.reduce((a, b) => a + b, 0);
        if (total > PERSIST_MAX_KEYS) {
          if (!warned) options.warnTooMany(total);
          warned = true;
          options.drop();
          continue;
        }
        warned = false;
        const file = await exportData(engine);
        if (stopped) return;
        options.write(file);
      } while (dirty && !stopped);
    } catch {
      // Storage full or forbidden, or the engine stopped or was replaced mid-read: this save is skipped.
    } finally {
      saving = false;
    }
  };

  const schedule = () => {
    if (stopped || timer !== null) return;
    timer = setTimeout(() => void save(), delay);
  };
  const off = engine.onKeyChange(schedule);
  return () => {
    stopped = true;
    off();
    if (timer !== null) clearTimeout(timer);
  };
}

/**
 * Restores saved data into the instance (when it has none of its own), then saves after every
 * batch of key changes. Returns a stop function.
 */
export function persistData(engine: EngineApi, storage: Storage | undefined, key: string, options: PersistOptions): () => void {
  const name = dataStorageKey(key);
  let stopped = false;
  let restoring = true;

  const stopSaving = saveOnKeyChange(engine, {
    delayMs: options.saveDelayMs,
    held: () => restoring,
    warnTooMany: (total) => options.notify({ tone: "warning", text: `The playground holds ${total} keys, more than the ${PERSIST_MAX_KEYS} it keeps across reloads; use Export to keep them.` }),
    drop: () => storage?.removeItem(name),
    write: (file) => {
      if (keyCount(file) === 0) storage?.removeItem(name);
      else storage?.setItem(name, JSON.stringify(file));
    },
  });

  void (async () => {
    let text: string | null = null;
    try {
      text = storage?.getItem(name) ?? null;
    } catch {
      text = null;
    }
    try {
      if (!text) return;
      let file;
      try {
        file = parseDataFile(text);
      } catch (e) {
        const why = e instanceof DataFileError ? e.message : "it is unreadable";
        options.notify({ tone: "warning", text: `The saved playground data could not be restored (${why}); the playground starts fresh.` });
        try {
          storage?.removeItem(name);
        } catch {
          // nothing more to do
        }
        return;
      }
      const stats = await engine.inspectStats();
      if (stopped || stats.keys.some((n) => n > 0)) return; // the instance already has data of its own
      const problems = await importData(engine, file);
      if (stopped) return;
      const n = keyCount(file);
      options.notify({
        tone: problems.length ? "warning" : "info",
        text: problems.length
          ? `Restored ${n} saved key${n === 1 ? "" : "s"}; ${problems.length} command${problems.length === 1 ? "" : "s"} failed: ${problems[0]}`
          : `Restored ${n} key${n === 1 ? "" : "s"} from your last visit.`,
      });
    } catch {
      // The engine stopped while restoring: nothing to show.
    } finally {
      restoring = false;
    }
  })();

  return () => {
    stopped = true;
    stopSaving();
  };
}
