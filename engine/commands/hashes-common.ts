/**
 * What every hash command shares: typed lookups, creating a hash the way
 * hashTypeLookupWriteOrCreate does, and the two moments Redis converts a listpack to a
 * hashtable (before a write, from the argument lengths; after a write, from the entry count).
 */
import type { Client } from "../client";
import { E } from "../errors";
import { blankHeader, type HashObject } from "../object";
import type { Reply } from "../reply";
import { HashValue } from "../types/hash";

/** The hash at `key` for reading: the object, undefined when missing, or WRONGTYPE. */
export function readHash(c: Client, key: string): HashObject | undefined | Reply {
  const o = c.db.lookupRead(key);
  if (o && o.type !== "hash") return E.WRONGTYPE;
  return o;
}

/** The hash at `key` for writing (no hit/miss stats): the object, undefined, or WRONGTYPE. */
export function writeHash(c: Client, key: string): HashObject | undefined | Reply {
  const o = c.db.lookupWrite(key);
  if (o && o.type !== "hash") return E.WRONGTYPE;
  return o;
}

export const isReply = (x: HashObject | Reply | undefined): x is Reply => x !== undefined && "t" in x;

/** A new empty hash stored at `key` (createHashObject + dbAdd): always a listpack at first. */
export function createHash(c: Client, key: string): HashObject {
  const o: HashObject = { type: "hash", enc: "listpack", value: new HashValue(), ...blankHeader() };
  c.db.add(key, o);
  return o;
}

export const maxListpackValue = (c: Client): number => c.server.config.num("hash-max-listpack-value");
export const maxListpackEntries = (c: Client): number => c.server.config.num("hash-max-listpack-entries");

/**
 * hashTypeSet: the field or value too long for a listpack converts the hash first (this
 * catches HINCRBY*, whose arguments were not checked up front); the entry count past the
 * limit converts it after. Returns true when the field is new.
 */
export function hashSet(c: Client, o: HashObject, field: string, value: string): boolean {
  if (o.enc === "listpack") {
    const max = maxListpackValue(c);
    if (field.length > max || value.length > max) toHashtable(o);
  }
  const isNew = o.value.set(field, value);
  if (o.enc === "listpack" && o.value.size > maxListpackEntries(c)) toHashtable(o);
  return isNew;
}

/** hashTypeConvertListpack: the new table is expanded to the listpack's length up front. */
export function toHashtable(o: HashObject): void {
  o.enc = "hashtable";
  o.value.presize();
}

/**
 * An option token as strcasecmp sees it: the argument ends at its first NUL byte, so
 * "COUNT\0junk" is COUNT.
 */
export function isOption(arg: string, token: string): boolean {
  const nul = arg.indexOf("\0");
  const s = nul === -1 ? arg : arg.slice(0, nul);
  return s.length === token.length && s.toLowerCase() === token;
}
