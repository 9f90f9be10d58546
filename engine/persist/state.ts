/**
 * What an instance keeps about persistence: its RDB "file" (the last Snapshot saved; there is
 * no disk) and the save/load figures INFO persistence reports. Kept apart from rdb.ts so the
 * server can hold it without importing the save/load code.
 */
import type { Snapshot } from "./snapshot";

export class Persistence {
  /** What the last save wrote; null while no file exists (a fresh playground has none). */
  file: Snapshot | null = null;
  /** rdb_last_save_time in ms; null until the first save (INFO shows the start time then). */
  lastSaveAt: number | null = null;
  /** rdb_last_load_keys_loaded / rdb_last_load_keys_expired of the last load that read a file. */
  lastLoadKeysLoaded = 0;
  lastLoadKeysExpired = 0;
}
