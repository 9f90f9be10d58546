/**
 * The playground's data as a file: every key of every database with its type, value and TTL,
 * read through the side-effect-free inspection path (so exporting does not touch idle times or
 * hit counters), and written back with ordinary commands on a private connection, so what
 * comes back is the same data re-encoded by the same rules, as redis-cli --pipe would load it.
 *
 * One format serves the Export/Import buttons, the copy kept in localStorage across reloads
 * (keyspace-persistence.ts, lesson-data.ts) and the exercise undo (lessons/runtime/snapshot.ts). It is versioned; anything unreadable is refused with a sentence
 * saying why, never a crash. Keys and values are byte strings (one char per byte), which JSON
 * carries as they are.
 *
 * Limits, said in the file (`complete: false`) rather than hidden: the inspection path lists at
 * most INSPECTOR_KEY_LIMIT keys per database and VALUE_VIEW_LIMIT elements per value; a
 * stream's groups and consumers are kept but not their pending entries.
 */
import type { EngineApi, KeyDetail } from "@/engine/host/api";
import { formatDouble17g } from "@/engine/util/format";
import { INSPECTOR_KEY_LIMIT } from "@/components/keyspace/use-keyspace";

export const DATA_FORMAT = "redis-playground-data";
export const DATA_VERSION = 1;

export interface StreamGroupEntry {
  name: string;
  lastId: string;
  entriesRead: number | null;
  consumers: string[];
}

export type DataEntry = { key: string; ttlMs?: number } & (
  | { type: "string"; value: string }
  | { type: "list"; items: string[] }
  | { type: "hash"; fields: [string, string][] }
  | { type: "set"; members: string[] }
  /** Scores as Redis prints them (%.17g, "inf"), so ±inf and every double survive JSON. */
  | { type: "zset"; entries: [string, string][] }
  | {
      type: "stream";
      entries: [string, string[]][];
      lastId: string;
      entriesAdded: number;
      maxDeletedId: string;
      groups: StreamGroupEntry[];
    }
);

export interface DataFile {
  format: typeof DATA_FORMAT;
  version: typeof DATA_VERSION;
  /** False when some key or element could not be read (limits above). */
  complete: boolean;
  dbs: { db: number; keys: DataEntry[] }[];
}

/** A file that cannot be imported, with the reason in words for the notice. */
export class DataFileError extends Error {}

export const keyCount = (f: DataFile): number => f.dbs.reduce((n, d) => n + d.keys.length, 0);

function shownCount(k: KeyDetail): number {
  const v = k.value;
  switch (v.type) {
    case "string":
      return k.length;
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
  }
}

function entryOf(k: KeyDetail): DataEntry {
  const base = { key: k.key, ...(k.ttlMs !== null ? { ttlMs: Math.max(1, Math.ceil(k.ttlMs)) } : {}) };
  const v = k.value;
  switch (v.type) {
    case "string":
      return { ...base, type: "string", value: v.value };
    case "list":
      return { ...base, type: "list", items: v.items };
    case "hash":
      return { ...base, type: "hash", fields: v.fields };
    case "set":
      return { ...base, type: "set", members: v.members };
    case "zset":
      return { ...base, type: "zset", entries: v.entries.map(([m, s]) => [m, formatDouble17g(s)]) };
    case "stream": {
      const x = k.extra?.kind === "stream" ? k.extra : null;
      const last = v.entries.length ? v.entries[v.entries.length - 1][0] : "0-0";
      return {
        ...base,
        type: "stream",
        entries: v.entries,
        lastId: x?.lastId ?? last,
        entriesAdded: x?.entriesAdded ?? v.entries.length,
        maxDeletedId: x?.maxDeletedId ?? "0-0",
        groups: (x?.groups ?? []).map((g) => ({
          name: g.name,
          lastId: g.lastDeliveredId,
          entriesRead: g.entriesRead,
          consumers: g.consumers.map((c) => c.name),
        })),
      };
    }
  }
}

/**
 * Reads every database into a DataFile. Keys whose TTL has passed are left out. `keyLimit` is
 * how many keys per database the inspection path is asked for (the exercise undo asks fewer).
 */
export async function exportData(engine: EngineApi, keyLimit = INSPECTOR_KEY_LIMIT): Promise<DataFile> {
  const stats = await engine.inspectStats();
  const dbs: DataFile["dbs"] = [];
  let complete = true;
  for (let db = 0; db < stats.keys.length; db++) {
    if (!stats.keys[db]) continue;
    const views = await engine.inspectKeys(db, keyLimit);
    if (views.length < stats.keys[db]) complete = false;
    const keys: DataEntry[] = [];
    for (const view of views) {
      if (view.expired) continue;
      const k = await engine.inspectKey(db, view.key);
      if (!k || k.expired) continue;
      if (shownCount(k) < k.length) complete = false;
      keys.push(entryOf(k));
    }
    if (keys.length) dbs.push({ db, keys });
  }
  return { format: DATA_FORMAT, version: DATA_VERSION, complete, dbs };
}

// ---- Reading a file -------------------------------------------------------------------------

/** A byte string: one char per byte, as the engine takes it (a hand-edited file may hold more). */
const isStr = (x: unknown): x is string => typeof x === "string" && !/[^\x00-\xff]/.test(x);
const isStrArray = (x: unknown): x is string[] => Array.isArray(x) && x.every(isStr);
const isPairs = (x: unknown): x is [string, string][] => Array.isArray(x) && x.every((p) => Array.isArray(p) && p.length === 2 && isStr(p[0]) && isStr(p[1]));
const isId = (x: unknown): x is string => isStr(x) && /^\d+-\d+$/.test(x);
const isCount = (x: unknown): x is number => typeof x === "number" && Number.isSafeInteger(x) && x >= 0;

function checkEntry(e: unknown, where: string): asserts e is DataEntry {
  const bad = (why: string): never => {
    throw new DataFileError(`${where}: ${why}`);
  };
  if (!e || typeof e !== "object") bad("not an object");
  const o = e as Record<string, unknown>;
  if (!isStr(o.key)) bad("the key is not a string");
  if (o.ttlMs !== undefined && !(typeof o.ttlMs === "number" && o.ttlMs > 0 && Number.isSafeInteger(o.ttlMs))) bad("the TTL is not a positive whole number of milliseconds");
  switch (o.type) {
    case "string":
      if (!isStr(o.value)) bad("the value is not a string");
      return;
    case "list":
      if (!isStrArray(o.items)) bad("the list items are not strings");
      return;
    case "set":
      if (!isStrArray(o.members)) bad("the set members are not strings");
      return;
    case "hash":
      if (!isPairs(o.fields)) bad("the hash fields are not [field, value] pairs");
      return;
    case "zset":
      if (!isPairs(o.entries)) bad("the sorted set entries are not [member, score] pairs");
      return;
    case "stream":
      if (!Array.isArray(o.entries) || !o.entries.every((x) => Array.isArray(x) && x.length === 2 && isId(x[0]) && isStrArray(x[1]) && x[1].length % 2 === 0 && x[1].length > 0))
        bad("the stream entries are not [id, fields] pairs");
      if (!isId(o.lastId) || !isId(o.maxDeletedId) || !isCount(o.entriesAdded)) bad("the stream's last ID, max deleted ID or entries added are unreadable");
      if (
        !Array.isArray(o.groups) ||
        !o.groups.every((g: unknown) => {
          const x = g as Record<string, unknown> | null;
          return !!x && isStr(x.name) && isId(x.lastId) && (x.entriesRead === null || isCount(x.entriesRead)) && isStrArray(x.consumers);
        })
      )
        bad("the stream's consumer groups are unreadable");
      return;
    default:
      bad(`unknown type ${JSON.stringify(o.type)}`);
  }
}

/** Parses and checks a file's text; throws DataFileError saying what is wrong. */
export function parseDataFile(text: string): DataFile {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new DataFileError("the file is not JSON");
  }
  if (!parsed || typeof parsed !== "object") throw new DataFileError("the file is not a playground data file");
  const o = parsed as Record<string, unknown>;
  if (o.format !== DATA_FORMAT) throw new DataFileError("the file is not a playground data file");
  if (o.version !== DATA_VERSION) throw new DataFileError(`the file has version ${JSON.stringify(o.version)}; this playground reads version ${DATA_VERSION}`);
  if (typeof o.complete !== "boolean" || !Array.isArray(o.dbs)) throw new DataFileError("the file's database list is unreadable");
  const seen = new Set<number>();
  for (const d of o.dbs as unknown[]) {
    const x = d as Record<string, unknown> | null;
    if (!x || !Number.isInteger(x.db) || (x.db as number) < 0 || (x.db as number) > 15 || seen.has(x.db as number) || !Array.isArray(x.keys))
      throw new DataFileError("a database entry is unreadable (db must be 0–15, once each)");
    seen.add(x.db as number);
    x.keys.forEach((k: unknown, i: number) => checkEntry(k, `db ${x.db as number}, key #${i + 1}`));
  }
  return parsed as DataFile;
}

// ---- Writing it back --------------------------------------------------------------------------

/** Elements per command when a value is rebuilt, so one huge value is not one huge command. */
const CHUNK = 500;

function* chunks<T>(xs: T[]): Generator<T[]> {
  for (let i = 0; i < xs.length; i += CHUNK) yield xs.slice(i, i + CHUNK);
}

/** The commands that rebuild one key, its TTL last. */
export function rebuildCommands(e: DataEntry): string[][] {
  const out: string[][] = [];
  const k = e.key;
  switch (e.type) {
    case "string":
      out.push(["SET", k, e.value]);
      break;
    case "list":
      for (const c of chunks(e.items)) out.push(["RPUSH", k, ...c]);
      break;
    case "hash":
      for (const c of chunks(e.fields)) out.push(["HSET", k, ...c.flat()]);
      break;
    case "set":
      for (const c of chunks(e.members)) out.push(["SADD", k, ...c]);
      break;
    case "zset":
      for (const c of chunks(e.entries)) out.push(["ZADD", k, ...c.flatMap(([m, s]) => [s, m])]);
      break;
    case "stream":
      if (e.entries.length) for (const [id, fields] of e.entries) out.push(["XADD", k, id, ...fields]);
      else out.push(["XGROUP", "CREATE", k, "\0import", "$", "MKSTREAM"], ["XGROUP", "DESTROY", k, "\0import"]);
      out.push(["XSETID", k, e.lastId, "ENTRIESADDED", String(e.entriesAdded), "MAXDELETEDID", e.maxDeletedId]);
      for (const g of e.groups) {
        out.push(["XGROUP", "CREATE", k, g.name, g.lastId, ...(g.entriesRead === null ? [] : ["ENTRIESREAD", String(g.entriesRead)])]);
        for (const c of g.consumers) out.push(["XGROUP", "CREATECONSUMER", k, g.name, c]);
      }
      break;
  }
  // An empty collection cannot exist in Redis, so its rebuild wrote nothing and nothing expires.
  if (e.ttlMs !== undefined && out.length) out.push(["PEXPIRE", k, String(e.ttlMs)]);
  return out;
}

/**
 * Replays a file into the instance behind `engine` (which the caller has made fresh), on a
 * private connection named `connection`. Returns the error replies met, each with the command
 * that caused it; an empty list means all went in.
 */
export async function importData(engine: EngineApi, file: Pick<DataFile, "dbs">, connection = "import"): Promise<string[]> {
  const problems: string[] = [];
  const c = await engine.open(connection);
  try {
    for (const { db, keys } of file.dbs) {
      await engine.exec(c.id, ["SELECT", String(db)]);
      for (const e of keys)
        for (const argv of rebuildCommands(e)) {
          const r = await engine.exec(c.id, argv);
          if (r.reply.t === "error") problems.push(`${argv[0]} ${JSON.stringify(e.key)}: ${r.reply.v}`);
        }
    }
  } finally {
    await engine.close(c.id);
  }
  return problems;
}
