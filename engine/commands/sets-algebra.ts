/**
 * Set algebra: SINTER (and SMEMBERS), SINTERCARD, SINTERSTORE, SUNION, SUNIONSTORE, SDIFF,
 * SDIFFSTORE, following t_set.c's sinterGenericCommand and sunionDiffGenericCommand closely,
 * because their strategy shows in the replies:
 *
 * - SINTER walks the smallest set (a stable sort by size) and keeps the members every other
 *   set has; its reply comes in that set's order, so ascending when it is an intset.
 * - SUNION and SDIFF build a temporary set that starts as an intset and fill it; the reply walks
 *   that set, so it is ascending exactly when the result stayed an intset. SDIFF picks one of
 *   two algorithms by estimated work, and the second (copy the first set, then remove) can
 *   leave an all-integer result as a hashtable because conversions never go back.
 * - The *STORE forms store that very set, so OBJECT ENCODING of the destination tells which
 *   path ran.
 */
import type { Client } from "../client";
import { E } from "../errors";
import { replyCap } from "../limits";
import type { SetObject } from "../object";
import { bulk, int, set, type Reply } from "../reply";
import { parseInt64 } from "./args";
import { addMember, emptySet, isReply, maxIntsetEntries, readSet, storeResult, token } from "./sets-common";
import type { CommandDef } from "./table";

const EMPTY_SET: Reply = set([]);
const ZERO = int(0);

/**
 * Looks every key up for reading (each lookup counts, as Redis' do); missing keys are null.
 * Returns WRONGTYPE as soon as a key holds another type, even after a missing key.
 */
function lookupAll(c: Client, keys: readonly string[]): (SetObject | null)[] | Reply {
  const sets: (SetObject | null)[] = [];
  for (const key of keys) {
    const s = readSet(c, key);
    if (isReply(s)) return s;
    sets.push(s ?? null);
  }
  return sets;
}

const membersReply = (members: Iterable<string>, n: number): Reply => {
  const out: Reply[] = new Array(n);
  let i = 0;
  for (const m of members) out[i++] = bulk(m);
  return set(out);
};

// ---- SINTER / SMEMBERS / SINTERCARD / SINTERSTORE ----------------------------------------------

type InterMode = { kind: "reply"; smembers?: boolean } | { kind: "card"; limit: number } | { kind: "store"; dst: string };

/** sinterGenericCommand. */
function sinterGeneric(c: Client, keys: readonly string[], mode: InterMode): Reply {
  const found = lookupAll(c, keys);
  if (!Array.isArray(found)) return found;
  if (found.includes(null)) {
    // Intersecting with a missing key (an empty set) is empty, whatever the other sets hold.
    if (mode.kind === "store") return int(storeResult(c, mode.dst, emptySet(), "sinterstore"));
    return mode.kind === "card" ? ZERO : EMPTY_SET;
  }
  // Array.prototype.sort is stable, like the merge sort glibc's qsort uses: equal sizes keep
  // their argument order, which decides which set is walked.
  const sets = (found as SetObject[]).slice().sort((a, b) => a.value.size - b.value.size);
  const first = sets[0];
  // SMEMBERS' size is known before its reply is built; SINTER/SUNION/SDIFF results
  // are checked once computed (engine/limits.ts capReply).
  if (mode.kind === "reply" && mode.smembers) {
    const refused = replyCap(c, "smembers", first.value.size);
    if (refused) return refused;
  }
  const max = maxIntsetEntries(c);
  const result = mode.kind === "store" ? emptySet("intset") : null;
  const out: Reply[] = [];
  let card = 0;
  outer: for (const m of first.value.members()) {
    for (let j = 1; j < sets.length; j++) {
      if (sets[j] !== first && !sets[j].value.has(m)) continue outer;
    }
    if (mode.kind === "card") {
      card++;
      if (mode.limit && card >= mode.limit) break;
    } else if (result) {
      addMember(result, m, max);
    } else {
      out.push(bulk(m));
    }
  }
  if (mode.kind === "card") return int(card);
  if (mode.kind === "store") return int(storeResult(c, mode.dst, result as SetObject, "sinterstore"));
  return set(out);
}

/** SINTERCARD numkeys key [key ...] [LIMIT limit]. */
function sintercard(c: Client, argv: string[]): Reply {
  const numkeys = parseInt64(argv[1]);
  if (numkeys === null || numkeys < 1) return E.SINTERCARD_NUMKEYS;
  if (numkeys > argv.length - 2) return E.SINTERCARD_TOO_MANY_KEYS;
  const n = Number(numkeys);
  let limit = 0;
  for (let j = 2 + n; j < argv.length; j++) {
    if (token(argv[j]) === "limit" && j + 1 < argv.length) {
      const v = parseInt64(argv[++j]);
      if (v === null || v < 0) return E.SINTERCARD_LIMIT;
      limit = Number(v);
    } else {
      return E.SYNTAX;
    }
  }
  return sinterGeneric(c, argv.slice(2, 2 + n), { kind: "card", limit });
}

// ---- SUNION / SDIFF and their STORE forms ------------------------------------------------------

export type UnionDiffOp = "union" | "diff";

/**
 * sunionDiffGenericCommand: the result set, built exactly as Redis builds it (starting as an
 * intset), so its encoding and iteration order are Redis' too. Missing keys are empty sets.
 */
function unionDiffSet(c: Client, sets: (SetObject | null)[], op: UnionDiffOp): SetObject {
  const max = maxIntsetEntries(c);
  const result = emptySet("intset");
  if (op === "union") {
    for (const s of sets) {
      if (s) for (const m of s.value.members()) addMember(result, m, max);
    }
    return result;
  }
  const first = sets[0];
  if (!first) return result;
  // A key named again after the first: the difference is empty.
  if (sets.some((s, j) => j > 0 && s === first)) return result;

  // Algorithm 1 walks the first set and probes the others (~N*M); algorithm 2 copies the first
  // set and removes the others' members (~sum of sizes). Redis halves the first estimate.
  let one = 0;
  let two = 0;
  for (const s of sets) {
    if (!s) continue;
    one += first.value.size;
    two += s.value.size;
  }
  const algo = Math.floor(one / 2) <= two ? 1 : 2;

  if (algo === 1) {
    // Others by decreasing size, so a member is likely found (and dropped) early.
    const others = sets.slice(1).sort((a, b) => (b ? b.value.size : 0) - (a ? a.value.size : 0));
    outer: for (const m of first.value.members()) {
      for (const s of others) if (s && s.value.has(m)) continue outer;
      addMember(result, m, max);
    }
    return result;
  }
  for (const m of first.value.members()) addMember(result, m, max);
  for (let j = 1; j < sets.length && result.value.size > 0; j++) {
    const s = sets[j];
    if (s) for (const m of s.value.members()) result.value.remove(m);
  }
  return result;
}

/** SUNION / SDIFF (and SPOP's whole-set reply): the result as a RESP3 set. */
export function unionDiffReply(c: Client, keys: readonly string[], op: UnionDiffOp): Reply {
  const sets = lookupAll(c, keys);
  if (!Array.isArray(sets)) return sets;
  const result = unionDiffSet(c, sets, op);
  return membersReply(result.value.members(), result.value.size);
}

function unionDiffStore(c: Client, argv: string[], op: UnionDiffOp): Reply {
  const sets = lookupAll(c, argv.slice(2));
  if (!Array.isArray(sets)) return sets;
  const result = unionDiffSet(c, sets, op);
  return int(storeResult(c, argv[1], result, op === "union" ? "sunionstore" : "sdiffstore"));
}

export const setAlgebraCommands: CommandDef[] = [
  {
    name: "smembers",
    summary: "Lists every member of a set (ascending while the set is all small integers).",
    handler: (c, argv) => sinterGeneric(c, [argv[1]], { kind: "reply", smembers: true }),
  },
  {
    name: "sinter",
    summary: "Lists the members that every one of the given sets contains.",
    handler: (c, argv) => sinterGeneric(c, argv.slice(1), { kind: "reply" }),
  },
  {
    name: "sintercard",
    summary: "Counts the members common to the given sets, optionally stopping at a limit.",
    handler: sintercard,
  },
  {
    name: "sinterstore",
    summary: "Stores the intersection of the given sets at a destination key and replies with its size.",
    handler: (c, argv) => sinterGeneric(c, argv.slice(2), { kind: "store", dst: argv[1] }),
  },
  {
    name: "sunion",
    summary: "Lists the members found in any of the given sets.",
    handler: (c, argv) => unionDiffReply(c, argv.slice(1), "union"),
  },
  {
    name: "sunionstore",
    summary: "Stores the union of the given sets at a destination key and replies with its size.",
    handler: (c, argv) => unionDiffStore(c, argv, "union"),
  },
  {
    name: "sdiff",
    summary: "Lists the members of the first set that none of the other sets contain.",
    handler: (c, argv) => unionDiffReply(c, argv.slice(1), "diff"),
  },
  {
    name: "sdiffstore",
    summary: "Stores the difference of the first set and the others at a destination key and replies with its size.",
    handler: (c, argv) => unionDiffStore(c, argv, "diff"),
  },
];

