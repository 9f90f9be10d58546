/**
 * Each lesson's keys, kept across reloads, together with the exercise they belong to.
 *
 * The record says which exercise was active when the keys were saved, so a reload can bring
 * back the learner's own work on that exercise instead of applying its setup over it. When
 * keys alone cannot bring an exercise back as it was — its setup leaves a client WATCHing,
 * subscribed or inside MULTI, or arms a scripted actor — the page applies the setup again and
 * says so, rather than restore keys that no longer make sense without the rest.
 *
 * Saving follows the engine's key-change events through the playground's own throttled saver
 * (saveOnKeyChange in components/state/keyspace-persistence.ts), in the same file format as Export.
 * Anything unreadable is dropped with a notice; nothing here throws at the page.
 */
import type { EngineApi } from "@/engine/host/api";
import type { StateExercise } from "@/lessons/types";
import { DataFileError, parseDataFile, type DataFile } from "@/components/state/keyspace-file";
import { PERSIST_MAX_KEYS, saveOnKeyChange } from "@/components/state/keyspace-persistence";

export const lessonDataKey = (moduleId: string): string => `redis-playground:lesson-data:${moduleId}`;
export const LESSON_DATA_VERSION = 1;

export interface SavedLesson {
  /** The exercise active when the keys were saved (null: the learner's free play). */
  exercise: string | null;
  data: DataFile;
}

type StorageLike = Pick<Storage, "getItem" | "setItem" | "removeItem">;

/** The saved keys of a lesson, or null; `notice` says when unreadable data was dropped. */
export function readLessonData(storage: StorageLike | undefined, moduleId: string): { saved: SavedLesson | null; notice: string | null } {
  const name = lessonDataKey(moduleId);
  let text: string | null;
  try {
    text = storage?.getItem(name) ?? null;
  } catch {
    return { saved: null, notice: null };
  }
  if (text === null) return { saved: null, notice: null };
  try {
    const raw: unknown = JSON.parse(text);
    if (typeof raw !== "object" || raw === null) throw new DataFileError("it is not a saved lesson");
    const r = raw as Record<string, unknown>;
    if (r.version !== LESSON_DATA_VERSION) throw new DataFileError("it is from another version of the course");
    if (r.exercise !== null && typeof r.exercise !== "string") throw new DataFileError("it names no exercise");
    // The data goes through the same validation as an imported file.
    return { saved: { exercise: r.exercise, data: parseDataFile(JSON.stringify(r.data)) }, notice: null };
  } catch (e) {
    try {
      storage?.removeItem(name);
    } catch {
      // nothing more to do
    }
    const why = e instanceof DataFileError ? e.message : "it is unreadable";
    return { saved: null, notice: `The keys saved for this lesson could not be restored (${why}); it starts fresh.` };
  }
}

/** Commands that leave state on a connection (not in the keys), so keys alone cannot restore it. */
const CONNECTION_STATE = new Set(["WATCH", "MULTI", "SUBSCRIBE", "PSUBSCRIBE", "SSUBSCRIBE", "SELECT", "HELLO", "CLIENT", "CONFIG", "RESET"]);

/**
 * Whether the exercise can be brought back from its saved keys: its setup only writes keys
 * from the main tab (or moves the clock). Otherwise the setup is applied again on reload.
 */
export function restorableFromKeys(exercise: StateExercise): boolean {
  return (exercise.setup ?? []).every((s) => {
    if ("advanceMs" in s) return true;
    if (!("run" in s)) return false; // a scripted actor: armed in memory, gone after a reload
    if (s.client && s.client !== "main") return false;
    const cmd = s.run.trim().split(/\s+/, 1)[0]?.toUpperCase() ?? "";
    return !CONNECTION_STATE.has(cmd);
  });
}

export interface SaveOptions {
  /** The exercise active now, asked at each save (it changes when the learner starts one). */
  exercise(): string | null;
  /** Said once when the lesson holds too many keys to keep. */
  warn?(text: string): void;
  saveDelayMs?: number;
}

/** Saves the lesson's keys after each batch of key changes. Returns a stop function. */
export function saveLessonData(engine: EngineApi, storage: StorageLike | undefined, moduleId: string, options: SaveOptions): () => void {
  const name = lessonDataKey(moduleId);
  return saveOnKeyChange(engine, {
    delayMs: options.saveDelayMs,
    warnTooMany: (total) => options.warn?.(`This lesson holds ${total} keys, more than the ${PERSIST_MAX_KEYS} kept across reloads.`),
    drop: () => storage?.removeItem(name),
    // Kept even with no keys: an empty instance is the learner's work too (a DEL of everything).
    write: (data) => storage?.setItem(name, JSON.stringify({ version: LESSON_DATA_VERSION, exercise: options.exercise(), data })),
  });
}
