/**
 * Helpers shared by the set command files: typed lookups, creating and storing sets, and the
 * one way a member is added, so an object's `enc` always follows its structure's encoding.
 */
import type { Client } from "../client";
import { E } from "../errors";
import { blankHeader, type RedisObject, type SetObject } from "../object";
import type { Reply } from "../reply";
import { SetValue, type SetEncoding } from "../types/set";

/** set-max-intset-entries, read live so CONFIG SET applies to the next add. */
export const maxIntsetEntries = (c: Client): number => c.server.config.num("set-max-intset-entries");

/** A set object around a structure (the keyspace stamps LRU/LFU when it is stored). */
export const newSetObject = (value: SetValue): SetObject => ({
  type: "set",
  enc: value.encoding,
  value,
  ...blankHeader(),
});

/** A fresh, empty set object of the given encoding: createIntsetObject / createSetObject. */
export const emptySet = (encoding: SetEncoding = "intset"): SetObject => newSetObject(SetValue.empty(encoding));

/** setTypeAdd on an object: adds, converting as Redis does, and keeps `enc` in step. */
export function addMember(o: SetObject, member: string, max: number): boolean {
  const added = o.value.add(member, max);
  o.enc = o.value.encoding;
  return added;
}

/** The set at a key: the object, undefined when the key is missing, or WRONGTYPE. */
export function asSet(o: RedisObject | undefined): SetObject | undefined | Reply {
  if (!o) return undefined;
  return o.type === "set" ? o : E.WRONGTYPE;
}

/** A read lookup (lookupKeyRead) of a key that must hold a set, when it exists. */
export const readSet = (c: Client, key: string): SetObject | undefined | Reply => asSet(c.db.lookupRead(key));

/** A write lookup (lookupKeyWrite) of a key that must hold a set, when it exists. */
export const writeSet = (c: Client, key: string): SetObject | undefined | Reply => asSet(c.db.lookupWrite(key));

/** Narrowing for the three-way result above. */
export const isReply = (x: SetObject | undefined | Reply): x is Reply => x !== undefined && "t" in x;

/**
 * An option token as strcasecmp compares it: the argument ends at its first NUL byte, so
 * "COUNT\0junk" is COUNT.
 */
export function token(arg: string): string {
  const nul = arg.indexOf("\0");
  return (nul === -1 ? arg : arg.slice(0, nul)).toLowerCase();
}

/**
 * The write of a *STORE result (SINTERSTORE, SUNIONSTORE, SDIFFSTORE): a non-empty result
 * replaces whatever `dst` held (setKey: any type, TTL dropped) and emits `event`; an empty one
 * deletes `dst` (emitting "del" only when it existed). Replies with the result's size.
 */
export function storeResult(c: Client, dst: string, result: SetObject, event: string): number {
  const db = c.db;
  const n = result.value.size;
  if (n > 0) {
    // setKey looks the destination up for writing first: an expired one is reaped as expired.
    db.lookupWrite(dst);
    db.setKey(dst, result);
    db.written(dst, "s", event);
  } else if (db.delete(dst)) {
    db.written(dst, "g", "del");
  }
  return n;
}
