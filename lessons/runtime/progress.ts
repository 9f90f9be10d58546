/**
 * The learner's progress, kept in localStorage under one versioned key: which exercises are
 * done (and whether the solution was shown), how many hints are open, the quiz choice, the
 * active exercise, and the last lesson opened ("continue where you left off").
 *
 * Storage is hostile ground: another version of the site, a browser extension or a full disk
 * may leave anything there, or refuse to write. Reading validates field by field and keeps
 * what is sound; nothing here ever throws. A stored value that cannot be read at all, or is
 * from another version, is dropped and reported as a notice the page can show.
 */

export const PROGRESS_KEY = "redis-playground:progress";
export const PROGRESS_VERSION = 1;

export interface ExerciseProgress {
  /** Passed at least once; latched (later state changes do not undo it). */
  done?: boolean;
  /** The learner asked to see the reference solution. */
  solutionShown?: boolean;
  /** Hints revealed so far. */
  hints?: number;
  /** A quiz's chosen option. */
  choice?: number;
}

export interface ModuleProgress {
  exercises: Record<string, ExerciseProgress>;
  /** The exercise whose setup is applied on the lesson's instance. */
  active?: string;
}

export interface Progress {
  version: typeof PROGRESS_VERSION;
  modules: Record<string, ModuleProgress>;
  /** The module id of the lesson opened last. */
  last?: string;
}

export const emptyProgress = (): Progress => ({ version: PROGRESS_VERSION, modules: {} });

type StorageLike = Pick<Storage, "getItem" | "setItem">;

function defaultStorage(): StorageLike | null {
  try {
    return typeof localStorage === "undefined" ? null : localStorage;
  } catch {
    // Some browsers throw on the mere access when storage is disabled.
    return null;
  }
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

function readExercise(v: unknown): ExerciseProgress | null {
  if (!isObj(v)) return null;
  const e: ExerciseProgress = {};
  if (v.done === true) e.done = true;
  if (v.solutionShown === true) e.solutionShown = true;
  if (Number.isInteger(v.hints) && (v.hints as number) > 0) e.hints = Math.min(v.hints as number, 100);
  if (Number.isInteger(v.choice) && (v.choice as number) >= 0) e.choice = v.choice as number;
  return e;
}

/** Sanitises a parsed value into Progress; null when it is not this version's shape. */
export function parseProgress(raw: unknown): Progress | null {
  if (!isObj(raw) || raw.version !== PROGRESS_VERSION || !isObj(raw.modules)) return null;
  const p = emptyProgress();
  for (const [id, m] of Object.entries(raw.modules)) {
    if (!isObj(m) || !isObj(m.exercises)) continue;
    const exercises: Record<string, ExerciseProgress> = {};
    for (const [ex, e] of Object.entries(m.exercises)) {
      const r = readExercise(e);
      if (r) exercises[ex] = r;
    }
    p.modules[id] = { exercises, ...(typeof m.active === "string" ? { active: m.active } : {}) };
  }
  if (typeof raw.last === "string") p.last = raw.last;
  return p;
}

/** Reads progress; never throws. `notice` says when unreadable or old data was dropped. */
export function loadProgress(storage: StorageLike | null = defaultStorage()): { progress: Progress; notice: string | null } {
  let text: string | null = null;
  try {
    text = storage?.getItem(PROGRESS_KEY) ?? null;
  } catch {
    return { progress: emptyProgress(), notice: "Your saved progress could not be read (browser storage is unavailable)." };
  }
  if (text === null) return { progress: emptyProgress(), notice: null };
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  const p = parseProgress(parsed);
  if (p) return { progress: p, notice: null };
  return { progress: emptyProgress(), notice: "Saved progress from another version of the course could not be read, so it starts afresh." };
}

/** Writes progress; returns false when storage refused (full, disabled), never throws. */
export function saveProgress(p: Progress, storage: StorageLike | null = defaultStorage()): boolean {
  try {
    if (!storage) return false;
    storage.setItem(PROGRESS_KEY, JSON.stringify(p));
    return true;
  } catch {
    return false;
  }
}

export function moduleProgress(p: Progress, moduleId: string): ModuleProgress {
  return p.modules[moduleId] ?? { exercises: {} };
}

/** A copy with one exercise's entry patched. */
export function patchExercise(p: Progress, moduleId: string, exerciseId: string, patch: ExerciseProgress): Progress {
  const m = moduleProgress(p, moduleId);
  const e = { ...(m.exercises[exerciseId] ?? {}), ...patch };
  return { ...p, modules: { ...p.modules, [moduleId]: { ...m, exercises: { ...m.exercises, [exerciseId]: e } } } };
}

/** A copy with the module's active exercise set (or cleared with undefined). */
export function setActive(p: Progress, moduleId: string, exerciseId: string | undefined): Progress {
  const m = { ...moduleProgress(p, moduleId) };
  if (exerciseId === undefined) delete m.active;
  else m.active = exerciseId;
  return { ...p, modules: { ...p.modules, [moduleId]: m } };
}

/** How many of these exercises are done. */
export function doneCount(p: Progress, moduleId: string, exerciseIds: readonly string[]): number {
  const m = moduleProgress(p, moduleId);
  return exerciseIds.filter((id) => m.exercises[id]?.done).length;
}
