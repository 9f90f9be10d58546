/**
 * Which arguments of a command are keys, as Redis 7.0 works it out (db.c): first from the
 * command's key specs (where the search begins — an index or a keyword — and how keys follow
 * — a range or a count argument), and for commands whose specs cannot say everything, from a
 * small function that knows the command's syntax (SET's GET option, SORT's STORE, …).
 *
 * COMMAND GETKEYS / GETKEYSANDFLAGS use it now; cluster slot checks will too.
 */
import type { KeySpec } from "./meta";
import type { Command } from "./table";

/** A key argument: its position in argv (argv[0] is the command name) and its flags. */
export interface KeyRef {
  pos: number;
  flags: readonly string[];
}

const RO_ACCESS = ["RO", "access"] as const;
const OW_UPDATE = ["OW", "update"] as const;
const RW_ACCESS_UPDATE = ["RW", "access", "update"] as const;
const RW_ACCESS_DELETE = ["RW", "access", "delete"] as const;
const NONE: readonly string[] = [];

/**
 * db.c getKeysUsingKeySpecs: the keys every spec finds, or null when a spec cannot be
 * evaluated on these arguments (out of bounds, a bad key count, or a spec marked incomplete).
 */
export function keysFromSpecs(specs: readonly KeySpec[], argv: readonly string[]): KeyRef[] | null {
  const argc = argv.length;
  const keys: KeyRef[] = [];
  for (const spec of specs) {
    if (spec.flags.includes("not_key")) continue;
    let first = 0;
    const bs = spec.begin_search;
    if (bs.type === "index") {
      first = bs.index;
    } else if (bs.type === "keyword") {
      // Scans towards the end (or, with a negative start, towards the start) for the keyword;
      // the far end itself is never examined, as in Redis.
      const start = bs.startfrom > 0 ? bs.startfrom : argc + bs.startfrom;
      const end = bs.startfrom > 0 ? argc - 1 : 1;
      for (let i = start; i !== end; i = start <= end ? i + 1 : i - 1) {
        if (i >= argc || i < 1) break;
        if (argv[i].toLowerCase() === bs.keyword.toLowerCase()) {
          first = i + 1;
          break;
        }
      }
      if (!first) continue; // keyword absent: this spec finds nothing
    } else {
      return null;
    }

    let last: number;
    let step: number;
    const fk = spec.find_keys;
    if (fk.type === "range") {
      step = fk.keystep;
      if (fk.lastkey >= 0) last = first + fk.lastkey;
      else if (!fk.limit) last = argc + fk.lastkey;
      else last = first + (Math.floor((argc - first) / fk.limit) + fk.lastkey);
    } else if (fk.type === "keynum") {
      step = fk.keystep;
      if (fk.keynumidx >= argc) return null;
      const numkeys = strictInt(argv[first + fk.keynumidx]);
      if (numkeys === null || numkeys < 0) return null;
      first += fk.firstkey;
      last = first + numkeys - 1;
    } else {
      return null;
    }

    if (last >= argc || last < first || first >= argc) return null;
    for (let i = first; i <= last; i += step) keys.push({ pos: i, flags: spec.flags });
    if (spec.flags.includes("incomplete")) return null;
  }
  return keys;
}

/** string2ll for a key count, as a JS number (counts beyond 2^53 are out of bounds anyway). */
function strictInt(s: string | undefined): number | null {
  if (s === undefined || !/^(0|-?[1-9][0-9]{0,18})$/.test(s)) return null;
  return Number(s);
}

/** C's atoi: leading white space, a sign, digits; 0 when there are none. */
function atoi(s: string): number {
  const m = /^[ \t\n\v\f\r]*([+-]?\d+)/.exec(s);
  return m ? Math.max(-2147483648, Math.min(2147483647, Number(m[1]))) : 0;
}

/**
 * db.c genericGetKeys: "[destkey] numkeys key [key ...]". No keys when the count is not
 * positive or more keys are announced than there are arguments.
 */
function numkeysGetKeys(storeOfs: number, countOfs: number, firstOfs: number, argv: readonly string[]): KeyRef[] {
  const num = atoi(argv[countOfs] ?? "");
  if (num < 1 || num > argv.length - firstOfs) return [];
  const keys: KeyRef[] = [];
  for (let i = 0; i < num; i++) keys.push({ pos: firstOfs + i, flags: NONE });
  if (storeOfs) keys.push({ pos: storeOfs, flags: NONE });
  return keys;
}

const eq = (a: string, b: string): boolean => a.length === b.length && a.toLowerCase() === b;

function sortGetKeys(argv: readonly string[]): KeyRef[] {
  const keys: KeyRef[] = [{ pos: 1, flags: RO_ACCESS }];
  let store: KeyRef | null = null;
  const skip: Record<string, number> = { limit: 2, get: 1, by: 1 };
  for (let i = 2; i < argv.length; i++) {
    const a = argv[i].toLowerCase();
    if (skip[a] !== undefined) i += skip[a];
    else if (a === "store" && i + 1 < argv.length) store = { pos: i + 1, flags: OW_UPDATE };
  }
  if (store) keys.push(store);
  return keys;
}

function migrateGetKeys(argv: readonly string[]): KeyRef[] {
  let first = 3;
  let num = 1;
  const skip: Record<string, number> = { copy: 0, replace: 0, auth: 1, auth2: 2 };
  if (argv.length > 6) {
    for (let i = 6; i < argv.length; i++) {
      const a = argv[i].toLowerCase();
      if (a === "keys") {
        if (argv[3].length > 0) num = 0;
        else {
          first = i + 1;
          num = argv.length - first;
        }
        break;
      }
      if (skip[a] !== undefined) i += skip[a];
    }
  }
  return Array.from({ length: num }, (_, i) => ({ pos: first + i, flags: RW_ACCESS_DELETE }));
}

function georadiusGetKeys(argv: readonly string[]): KeyRef[] {
  let stored = -1;
  for (let i = 5; i < argv.length; i++) {
    const a = argv[i].toLowerCase();
    if ((a === "store" || a === "storedist") && i + 1 < argv.length) {
      stored = i + 1;
      i++;
    }
  }
  const keys: KeyRef[] = [{ pos: 1, flags: NONE }];
  if (stored !== -1) keys.push({ pos: stored, flags: NONE });
  return keys;
}

function xreadGetKeys(argv: readonly string[]): KeyRef[] {
  let streams = -1;
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i].toLowerCase();
    if (a === "block" || a === "count") i++;
    else if (a === "group") i += 2;
    else if (a === "noack") continue;
    else {
      if (a === "streams") streams = i;
      break;
    }
  }
  const num = streams === -1 ? 0 : argv.length - streams - 1;
  if (streams === -1 || num === 0 || num % 2 !== 0) return [];
  return Array.from({ length: num / 2 }, (_, i) => ({ pos: streams + 1 + i, flags: NONE }));
}

function setGetKeys(argv: readonly string[]): KeyRef[] {
  for (let i = 3; i < argv.length; i++) if (eq(argv[i], "get")) return [{ pos: 1, flags: RW_ACCESS_UPDATE }];
  return [{ pos: 1, flags: OW_UPDATE }];
}

function bitfieldGetKeys(argv: readonly string[]): KeyRef[] {
  let readonly = true;
  for (let i = 2; i < argv.length; i++) {
    const rem = argv.length - i - 1;
    const a = argv[i].toLowerCase();
    if (a === "get" && rem >= 2) i += 2;
    else if ((a === "set" || a === "incrby") && rem >= 3) {
      readonly = false;
      break;
    } else if (a === "overflow" && rem >= 1) i += 1;
    else {
      readonly = false; // a syntax error: assume it writes
      break;
    }
  }
  return [{ pos: 1, flags: readonly ? RO_ACCESS : RW_ACCESS_UPDATE }];
}

/**
 * The commands Redis gives a getkeys function, because their key specs are incomplete, have
 * variable flags, or cannot describe a key count that may be invalid.
 */
const NATIVE: Record<string, (argv: readonly string[]) => KeyRef[]> = {
  zunionstore: (a) => numkeysGetKeys(1, 2, 3, a),
  zinterstore: (a) => numkeysGetKeys(1, 2, 3, a),
  zdiffstore: (a) => numkeysGetKeys(1, 2, 3, a),
  zunion: (a) => numkeysGetKeys(0, 1, 2, a),
  zinter: (a) => numkeysGetKeys(0, 1, 2, a),
  zdiff: (a) => numkeysGetKeys(0, 1, 2, a),
  zintercard: (a) => numkeysGetKeys(0, 1, 2, a),
  sintercard: (a) => numkeysGetKeys(0, 1, 2, a),
  eval: (a) => numkeysGetKeys(0, 2, 3, a),
  eval_ro: (a) => numkeysGetKeys(0, 2, 3, a),
  evalsha: (a) => numkeysGetKeys(0, 2, 3, a),
  evalsha_ro: (a) => numkeysGetKeys(0, 2, 3, a),
  fcall: (a) => numkeysGetKeys(0, 2, 3, a),
  fcall_ro: (a) => numkeysGetKeys(0, 2, 3, a),
  lmpop: (a) => numkeysGetKeys(0, 1, 2, a),
  blmpop: (a) => numkeysGetKeys(0, 2, 3, a),
  zmpop: (a) => numkeysGetKeys(0, 1, 2, a),
  bzmpop: (a) => numkeysGetKeys(0, 2, 3, a),
  sort: sortGetKeys,
  sort_ro: () => [{ pos: 1, flags: RO_ACCESS }],
  migrate: migrateGetKeys,
  georadius: georadiusGetKeys,
  georadiusbymember: georadiusGetKeys,
  xread: xreadGetKeys,
  xreadgroup: xreadGetKeys,
  set: setGetKeys,
  bitfield: bitfieldGetKeys,
};

const nativeFor = (cmd: Command) => (cmd.parent ? undefined : NATIVE[cmd.name]);

/** db.c doesCommandHaveKeys: a key spec that names real keys, or a getkeys function. */
export function commandHasKeys(cmd: Command): boolean {
  return nativeFor(cmd) !== undefined || cmd.meta.keySpecs.some((s) => !s.flags.includes("not_key"));
}

/**
 * db.c getKeysFromCommandWithSpecs: the key specs when they are reliable (some real keys, no
 * variable flags) and evaluate cleanly, else the command's getkeys function, else none.
 * argv starts with the command name.
 */
export function getKeys(cmd: Command, argv: readonly string[]): KeyRef[] {
  const specs = cmd.meta.keySpecs;
  const hasKeySpec = specs.some((s) => !s.flags.includes("not_key"));
  const varFlags = specs.some((s) => s.flags.includes("variable_flags"));
  if (hasKeySpec && !varFlags) {
    const keys = keysFromSpecs(specs, argv);
    if (keys) return keys;
  }
  return nativeFor(cmd)?.(argv) ?? [];
}
