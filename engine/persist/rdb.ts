/**
 * The save and load steps around the instance's RDB "file" (engine/persist/state.ts), as Redis
 * 7.0's rdbSave, emptyData and rdbLoad behave for DEBUG RELOAD. There is no disk: the file is
 * the last Snapshot taken, kept on the instance, so DEBUG RELOAD NOSAVE can load it again
 * later. A fresh instance has none, which is what a playground with no dump.rdb looks like.
 */
import type { Db } from "../db";
import type { Server } from "../server";
import { functionsState } from "../scripting/functions";
import { loadValue, restoreAccessData, takeSnapshot, type SavedKey, type Snapshot } from "./snapshot";

/** The version string Redis writes into its RDB header (the "Loading RDB produced by" line). */
const RDB_PRODUCER = "7.0.15";

/**
 * rdbSave: writes the file, resets the count of changes since the last save and stamps the
 * save time. (rdb_saves counts only SAVE/BGSAVE-style saves: DEBUG RELOAD leaves it at 0.)
 */
export function rdbSave(server: Server): void {
  const p = server.persistence;
  p.file = takeSnapshot(server);
  p.lastSaveAt = server.now();
  server.stats.dirty = 0;
  server.log("notice", "DB saved on disk");
}

/** A saved key the loader drops: its TTL has passed (a master does not load it). */
function isStale(rec: SavedKey, now: number): boolean {
  return rec.expireAt !== undefined && Number(rec.expireAt) < now;
}

/**
 * The first key a load without MERGE would find already in memory, which makes Redis panic
 * ("Duplicated key found in RDB file"). `file` is the file to load, or "unsaved" when the
 * dataset is about to be saved and loaded back.
 */
export function findDuplicate(server: Server, file: Snapshot | "unsaved" | null): { key: string; db: number } | null {
  if (file === null) return null; // nothing to load: the load fails before any key
  // Libraries load first: one that clashes fails the load cleanly before any key is read.
  const libs = functionsState(server).libraries;
  if (file === "unsaved" ? libs.size > 0 : file.functions.some((lib) => libs.has(lib.name))) return null;
  const now = Math.floor(server.commandTime());
  for (const db of server.dbs) {
    if (db.size === 0) continue;
    if (file === "unsaved") {
      // Saving first: the file will hold these very keys, so any live one collides.
      for (const key of db.dict.keys()) if (!db.isExpired(key)) return { key, db: db.id };
      continue;
    }
    for (const rec of file.dbs[db.id] ?? []) if (!isStale(rec, now) && db.dict.has(rec.key)) return { key: rec.key, db: db.id };
  }
  return null;
}

/**
 * emptyData(-1): every database emptied, and the function libraries with them. Watchers of
 * keys that existed are flagged (as signalFlushedDb does); no keyspace events, and no change
 * is counted.
 */
export function emptyAll(server: Server): void {
  for (const db of server.dbs) {
    db.clear();
    server.dbChanged(db, "flushdb");
  }
  const fns = functionsState(server);
  for (const lib of [...fns.libraries.values()]) fns.remove(lib);
}

/**
 * rdbFunctionLoad for each library of the file, before any key: a library that exists already
 * fails the whole load unless MERGE lets the file's copy replace it. Checked before anything
 * is added, so a failed load leaves the libraries as they were.
 */
function loadFunctions(server: Server, file: Snapshot, merge: boolean): boolean {
  const fns = functionsState(server);
  if (!merge) {
    const clash = file.functions.find((lib) => fns.libraries.has(lib.name));
    if (clash) {
      server.log("warning", `Failed loading library, Library '${clash.name}' already exists`);
      server.log("warning", "Short read or OOM loading DB. Unrecoverable error, aborting now.");
      return false;
    }
  }
  for (const lib of file.functions) {
    const old = fns.libraries.get(lib.name);
    if (old) fns.remove(old);
    fns.add(lib);
  }
  return true;
}

/**
 * rdbLoad of the file into the current databases; false when there is no file or its
 * libraries clash with loaded ones. `merge` (RDBFLAGS_ALLOW_DUP) lets a loaded key replace
 * one in memory, TTL included; callers check findDuplicate first when it is not set. Loaded
 * keys wake no blocked client, touch no WATCH and send no keyspace event (dbAddRDBLoad).
 */
export function rdbLoad(server: Server, merge: boolean): boolean {
  const file = server.persistence.file;
  if (!file) return false;
  server.log("notice", `Loading RDB produced by version ${RDB_PRODUCER}`);
  server.log("notice", `RDB age ${Math.floor((server.now() - file.savedAt) / 1000)} seconds`);
  server.log("notice", `RDB memory usage when created ${(file.usedMemory / (1024 * 1024)).toFixed(2)} Mb`);
  if (!loadFunctions(server, file, merge)) return false;
  const now = Math.floor(server.commandTime());
  let loaded = 0;
  let expired = 0;
  file.dbs.forEach((recs, id) => {
    const db: Db | undefined = server.dbs[id];
    if (!db || recs.length === 0) return;
    for (const rec of recs) {
      if (isStale(rec, now)) {
        expired++;
        continue;
      }
      const o = loadValue(server, rec.value);
      restoreAccessData(server, o, rec);
      if (merge) db.delete(rec.key); // dbSyncDelete: the file's key wins, the old TTL goes
      db.dict.set(rec.key, o);
      if (rec.expireAt !== undefined) db.setExpire(rec.key, rec.expireAt);
      server.memory.keyChanged(db, rec.key);
      loaded++;
    }
    server.dbChanged(db, "reload");
  });
  const p = server.persistence;
  p.lastLoadKeysLoaded = loaded;
  p.lastLoadKeysExpired = expired;
  server.log("notice", `Done loading RDB, keys loaded: ${loaded}, keys expired: ${expired}.`);
  return true;
}
