/**
 * Check builders for exercises. Each returns a Check whose failure message says what is
 * wrong in the learner's terms (the key's actual type, the missing field, the TTL it has),
 * never the answer itself. Lessons combine these; `custom` covers the rest.
 */
import type { KeyDetail, ValueView } from "@/engine/inspect";
import type { Check, StateReader } from "./types";

// Lessons build custom checks with these types; re-exported so one import serves.
export type { Check, StateReader } from "./types";

type KeyType = "string" | "list" | "hash" | "set" | "zset" | "stream";

const article = (t: string) => (/^[aeiou]/.test(t) ? `an ${t}` : `a ${t}`);
const TYPE_NAMES: Record<string, string> = {
  string: "string",
  list: "list",
  hash: "hash",
  set: "set",
  zset: "sorted set",
  stream: "stream",
};
const typeName = (t: string) => article(TYPE_NAMES[t] ?? t);

/** A check from a description and a test; the escape hatch for anything specific. */
export function custom(describe: string, test: (s: StateReader) => Promise<string | null>): Check {
  return { describe, test };
}

async function needKey(s: StateReader, key: string, type: KeyType | undefined, db?: number) {
  const k = await s.key(key, db);
  if (!k) return { k: null, msg: `There is no key named "${key}" yet.` };
  if (type && k.type !== type)
    return { k: null, msg: `"${key}" is ${typeName(k.type)}; the exercise wants ${typeName(type)}.` };
  return { k, msg: null };
}

/** The key exists (and has the given type). */
export function keyExists(key: string, type?: KeyType, db?: number): Check {
  return custom(type ? `"${key}" is ${typeName(type)}` : `"${key}" exists`, async (s) => (await needKey(s, key, type, db)).msg);
}

/** The key does not exist. */
export function keyAbsent(key: string, db?: number): Check {
  return custom(`"${key}" does not exist`, async (s) => {
    const k = await s.key(key, db);
    return k ? `"${key}" still exists (it is ${typeName(k.type)}).` : null;
  });
}

/** A string key holds exactly this value. */
export function stringIs(key: string, value: string, db?: number): Check {
  return custom(`"${key}" holds "${value}"`, async (s) => {
    const { k, msg } = await needKey(s, key, "string", db);
    if (msg) return msg;
    const v = (k!.value as Extract<ValueView, { type: "string" }>).value;
    return v === value ? null : `"${key}" holds "${v}", not the value the exercise asks for.`;
  });
}

/** A hash has (at least) these fields with these values; `exact` also forbids other fields. */
export function hashHas(key: string, fields: Record<string, string>, opts: { exact?: boolean; db?: number } = {}): Check {
  const names = Object.keys(fields);
  return custom(`"${key}" is a hash with ${names.map((f) => `${f}=${fields[f]}`).join(", ")}`, async (s) => {
    const { k, msg } = await needKey(s, key, "hash", opts.db);
    if (msg) return msg;
    const have = new Map((k!.value as Extract<ValueView, { type: "hash" }>).fields);
    for (const f of names) {
      if (!have.has(f)) return `"${key}" has no field "${f}".`;
      if (have.get(f) !== fields[f]) return `Field "${f}" of "${key}" is "${have.get(f)}".`;
    }
    if (opts.exact && have.size !== names.length) return `"${key}" has ${have.size} fields; the exercise wants exactly ${names.length}.`;
    return null;
  });
}

/** A list holds exactly these items, head first. */
export function listIs(key: string, items: string[], db?: number): Check {
  return custom(`"${key}" is the list [${items.join(", ")}]`, async (s) => {
    const { k, msg } = await needKey(s, key, "list", db);
    if (msg) return msg;
    const have = (k!.value as Extract<ValueView, { type: "list" }>).items;
    if (have.length !== items.length) return `"${key}" has ${have.length} items; the exercise wants ${items.length}.`;
    const i = have.findIndex((v, j) => v !== items[j]);
    return i < 0 ? null : `Item ${i} of "${key}" (counting from 0 at the head) is "${have[i]}".`;
  });
}

/** A set holds exactly these members (order free). */
export function setIs(key: string, members: string[], db?: number): Check {
  return custom(`"${key}" is the set {${members.join(", ")}}`, async (s) => {
    const { k, msg } = await needKey(s, key, "set", db);
    if (msg) return msg;
    const have = new Set((k!.value as Extract<ValueView, { type: "set" }>).members);
    const missing = members.filter((m) => !have.has(m));
    if (missing.length) return `"${key}" is missing ${missing.length === 1 ? "a member" : `${missing.length} members`}.`;
    if (have.size !== members.length) return `"${key}" has ${have.size - members.length} member(s) too many.`;
    return null;
  });
}

/** A sorted set holds exactly these members with these scores. */
export function zsetIs(key: string, entries: [string, number][], db?: number): Check {
  return custom(`"${key}" is a sorted set of ${entries.length} members with the given scores`, async (s) => {
    const { k, msg } = await needKey(s, key, "zset", db);
    if (msg) return msg;
    const have = new Map((k!.value as Extract<ValueView, { type: "zset" }>).entries);
    for (const [m, score] of entries) {
      if (!have.has(m)) return `"${key}" has no member "${m}".`;
      if (have.get(m) !== score) return `"${m}" in "${key}" has score ${have.get(m)}.`;
    }
    if (have.size !== entries.length) return `"${key}" has ${have.size} members; the exercise wants ${entries.length}.`;
    return null;
  });
}

/** The key's OBJECT ENCODING is this one. */
export function encodingIs(key: string, encoding: string, db?: number): Check {
  return custom(`"${key}" is stored as ${encoding}`, async (s) => {
    const { k, msg } = await needKey(s, key, undefined, db);
    if (msg) return msg;
    return k!.encoding === encoding ? null : `"${key}" is stored as ${k!.encoding}, not ${encoding}.`;
  });
}

/** The key has a TTL between min and max seconds (inclusive). */
export function ttlBetween(key: string, minSeconds: number, maxSeconds: number, db?: number): Check {
  return custom(`"${key}" expires in ${minSeconds}–${maxSeconds} s`, async (s) => {
    const { k, msg } = await needKey(s, key, undefined, db);
    if (msg) return msg;
    if (k!.ttlMs === null) return `"${key}" has no TTL: it would live forever.`;
    const sec = k!.ttlMs / 1000;
    if (sec < minSeconds) return `"${key}" expires in ${Math.ceil(sec)} s: too soon.`;
    if (sec > maxSeconds) return `"${key}" expires in ${Math.floor(sec)} s: too late.`;
    return null;
  });
}

/** The key exists and has no TTL. */
export function noTtl(key: string, db?: number): Check {
  return custom(`"${key}" has no TTL`, async (s) => {
    const { k, msg } = await needKey(s, key, undefined, db);
    if (msg) return msg;
    return k!.ttlMs === null ? null : `"${key}" still has a TTL (${Math.ceil(k!.ttlMs / 1000)} s left).`;
  });
}

/** A tab's transcript contains a reply or push whose rendered text matches. */
export function clientSaw(client: string, match: string | RegExp, describe: string, failure: string): Check {
  return custom(describe, async (s) => {
    const seen = s.transcript(client).some(
      (e) => e.kind !== "command" && (typeof match === "string" ? e.text.includes(match) : match.test(e.text)),
    );
    return seen ? null : failure;
  });
}

/** Reads one key's detail for custom checks (null when absent). */
export async function readKey(s: StateReader, key: string, db?: number): Promise<KeyDetail | null> {
  return s.key(key, db);
}
