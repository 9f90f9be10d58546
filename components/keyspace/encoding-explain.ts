/**
 * Why a key's encoding changed, in a sentence: which threshold was crossed, with the name and
 * value of the config parameter that sets it. Redis converts a small compact encoding
 * (listpack, intset, int/embstr) to the general one once a value outgrows it, and never back
 * while the key lives; a "conversion" the other way means the key was replaced.
 */
import { findParam, type Profile } from "@/engine/config";

export interface EncodingFlip {
  key: string;
  type: string;
  from: string;
  to: string;
}

/** Reads a parameter as the instance has it: a CONFIG SET the console saw, else the profile's default. */
export type ConfigReader = (name: string) => string;

export function configReader(profile: Profile, seen: Record<string, string>): ConfigReader {
  return (name) => {
    const def = findParam(name);
    const canonical = def?.name ?? name;
    const alias = def?.alias;
    const set = seen[canonical] ?? (alias ? seen[alias] : undefined);
    if (set !== undefined) return set;
    if (!def) return "?";
    return profile === "playground" && def.playground !== undefined ? def.playground : def.default;
  };
}

/**
 * The explanation. `length` is the element count after the change (fields, members, bytes for
 * a string) when known; it tells an entries threshold from a value-size one.
 */
export function explainFlip(flip: EncodingFlip, config: ConfigReader, length?: number): string {
  const { type, from, to } = flip;
  const head = `${from} → ${to}: `;
  const bySize = (family: "hash" | "zset", what: string) => {
    const entries = `${family}-max-listpack-entries`;
    const value = `${family}-max-listpack-value`;
    const max = Number(config(entries));
    if (length !== undefined && Number.isFinite(max) && length > max)
      return `${head}it now has ${length} ${what}, more than ${entries} (${config(entries)}).`;
    // Not over the count: a value (or field name, or member) longer than the byte limit did it.
    if (length !== undefined && Number.isFinite(max))
      return `${head}an element is longer than ${value} (${config(value)} bytes); it has only ${length} ${what}, within ${entries} (${config(entries)}).`;
    return `${head}an element grew longer than ${value} (${config(value)} bytes), or it passed ${entries} (${config(entries)}).`;
  };
  if (type === "hash" && from === "listpack" && to === "hashtable") return bySize("hash", "fields");
  if (type === "zset" && from === "listpack" && to === "skiplist") return bySize("zset", "members");
  if (type === "set" && from === "intset" && to === "hashtable") {
    const name = "set-max-intset-entries";
    const max = Number(config(name));
    if (length !== undefined && Number.isFinite(max) && length > max)
      return `${head}it now has ${length} members, more than ${name} (${config(name)}).`;
    return `${head}a member is not an integer, and an intset holds only integers (up to ${name} = ${config(name)} of them).`;
  }
  if (type === "string") {
    if (from === "int") return `${head}the value is no longer an integer that fits in 64 bits.`;
    if (from === "embstr" && to === "raw")
      return `${head}strings over 44 bytes, and strings changed in place (APPEND, SETRANGE, SETBIT), are stored raw.`;
    if (to === "int") return `${head}the key now holds an integer, which Redis stores as a number.`;
    return `${head}the value was replaced.`;
  }
  return `${head}the key was replaced by a new value (Redis never converts back while a key lives).`;
}
