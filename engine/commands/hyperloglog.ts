/**
 * HyperLogLog commands: PFADD, PFCOUNT, PFMERGE and PFDEBUG, on Redis' own sparse and dense
 * encodings (engine/types/hyperloglog.ts holds the structure; this file only reads argv).
 *
 * An HLL is a plain string to every other command. Whenever Redis unshares the value before
 * editing it (dbUnshareStringValue), the key is given an HllString, a raw string object whose
 * bytes the PF commands edit in place.
 */
import type { Client } from "../client";
import { E } from "../errors";
import type { RedisObject, StringObject } from "../object";
import { arr, int, OK, simple, bulk, type Reply } from "../reply";
import {
  bytesOf,
  cachedCard,
  createHll,
  decodeSparse,
  denseRegisters,
  encodingOf,
  HLL_DENSE,
  HLL_REGISTERS,
  HLL_SPARSE,
  hllAdd,
  type HllString,
  invalidateCache,
  isValidHll,
  raiseRegister,
  storeCard,
  toDense,
  toHllString,
} from "../types/hyperloglog";
import { hllCount, mergeInto, rawCount } from "../types/hyperloglog-count";
import { optionToken } from "./strings-common";
import type { CommandDef } from "./table";

/**
 * isHLLObjectOrReply: null when the object can be read as an HLL, else the error. Only
 * sds-backed strings qualify: an int-encoded value is never an HLL.
 */
function checkHll(o: RedisObject): Reply | null {
  if (o.type !== "string") return E.WRONGTYPE;
  if (o.enc === "int" || !isValidHll(o)) return E.HLL_WRONGTYPE;
  return null;
}

/** dbUnshareStringValue: the key's value as an HllString (a raw string we may edit). */
function unshare(c: Client, key: string, o: StringObject): HllString {
  const h = toHllString(o);
  if (h !== o) c.db.overwrite(key, h);
  return h;
}

const maxSparse = (c: Client): number => c.server.config.num("hll-sparse-max-bytes");

function pfadd(c: Client, argv: string[]): Reply {
  const key = argv[1];
  const db = c.db;
  const o = db.lookupWrite(key);
  let h: HllString;
  let updated = 0;
  if (!o) {
    h = createHll();
    db.add(key, h);
    updated++;
  } else {
    const bad = checkHll(o);
    if (bad) return bad;
    h = unshare(c, key, o as StringObject);
  }
  const max = maxSparse(c);
  for (let j = 2; j < argv.length; j++) {
    const r = hllAdd(h, argv[j], max);
    // A corrupt sparse HLL stops the command; registers set before stay set, unreported.
    if (r < 0) return E.HLL_CORRUPT;
    updated += r;
  }
  if (updated) {
    invalidateCache(h);
    db.written(key, "$", "pfadd", updated);
  }
  return int(updated ? 1 : 0);
}

/** PFCOUNT of several keys: the union's estimate, computed on the side and not stored. */
function pfcountUnion(c: Client, keys: readonly string[]): Reply {
  const max = new Uint8Array(HLL_REGISTERS);
  for (const key of keys) {
    const o = c.db.lookupRead(key);
    if (!o) continue;
    const bad = checkHll(o);
    if (bad) return bad;
    if (!mergeInto(max, bytesOf(o as StringObject))) return E.HLL_CORRUPT;
  }
  return int(rawCount(max));
}

function pfcount(c: Client, argv: string[]): Reply {
  if (argv.length > 2) return pfcountUnion(c, argv.slice(1));
  const key = argv[1];
  const o = c.db.lookupRead(key);
  if (!o) return int(0);
  const bad = checkHll(o);
  if (bad) return bad;
  const h = unshare(c, key, o as StringObject);
  const cached = cachedCard(h);
  if (cached !== null) return int(cached);
  const card = hllCount(h);
  if (card === null) return E.HLL_CORRUPT;
  storeCard(h, card);
  // The cached value is part of the string: a change for WATCH and dirty, but Redis sends no
  // keyspace event for it (an empty event name says so).
  c.db.written(key, "$", "");
  return int(card);
}

function pfmerge(c: Client, argv: string[]): Reply {
  const max = new Uint8Array(HLL_REGISTERS);
  let useDense = false;
  // The destination is merged too: its registers are part of the result.
  for (let j = 1; j < argv.length; j++) {
    const o = c.db.lookupRead(argv[j]);
    if (!o) continue;
    const bad = checkHll(o);
    if (bad) return bad;
    const b = bytesOf(o as StringObject);
    if (encodingOf(b) === HLL_DENSE) useDense = true;
    if (!mergeInto(max, b)) return E.HLL_CORRUPT;
  }
  const key = argv[1];
  const db = c.db;
  const o = db.lookupWrite(key);
  let h: HllString;
  if (!o) {
    h = createHll();
    db.add(key, h);
  } else {
    h = unshare(c, key, o as StringObject);
  }
  // All-sparse inputs make a sparse result (until it outgrows hll-sparse-max-bytes).
  if (useDense && !toDense(h)) return E.HLL_CORRUPT;
  const limit = maxSparse(c);
  for (let j = 0; j < HLL_REGISTERS; j++) if (max[j]) raiseRegister(h, j, max[j], limit);
  invalidateCache(h);
  // Redis reports a merge as a "pfadd" event.
  db.written(key, "$", "pfadd");
  return OK;
}

function pfdebug(c: Client, argv: string[]): Reply {
  // strcasecmp on a C string: the subcommand ends at its first NUL byte.
  const sub = optionToken(argv[1]);
  const key = argv[2];
  const o = c.db.lookupWrite(key);
  if (!o) return E.PFDEBUG_NO_KEY;
  const bad = checkHll(o);
  if (bad) return bad;
  const h = unshare(c, key, o as StringObject);
  switch (sub) {
    case "getreg": {
      if (encodingOf(h) === HLL_SPARSE) {
        if (!toDense(h)) return E.HLL_CORRUPT;
        // Converting is a change (dirty, for propagation), not one Redis reports as an event.
        c.db.written(key, "$", "");
      }
      return arr(denseRegisters(h).map((v) => int(v)));
    }
    case "decode":
      if (encodingOf(h) !== HLL_SPARSE) return E.PFDEBUG_NOT_SPARSE;
      return bulk(decodeSparse(h));
    case "encoding":
      return simple(encodingOf(h) === HLL_DENSE ? "dense" : "sparse");
    case "todense": {
      if (encodingOf(h) !== HLL_SPARSE) return int(0);
      if (!toDense(h)) return E.HLL_CORRUPT;
      c.db.written(key, "$", "");
      return int(1);
    }
    default:
      return E.pfdebugUnknown(argv[1]);
  }
}

export const hyperloglogCommands: CommandDef[] = [
  {
    name: "pfadd",
    summary: "Adds elements to a HyperLogLog, creating it if needed; 1 when its estimate may have changed.",
    handler: pfadd,
  },
  {
    name: "pfcount",
    summary: "Estimates how many distinct elements a HyperLogLog (or the union of several) has seen.",
    handler: pfcount,
  },
  {
    name: "pfmerge",
    summary: "Stores in a key the union of its own HyperLogLog and those of the source keys.",
    handler: pfmerge,
  },
  {
    name: "pfdebug",
    summary: "Inspects a HyperLogLog's internals: GETREG, DECODE, ENCODING or TODENSE.",
    handler: pfdebug,
  },
];
