/**
 * ZRANDMEMBER key [count [WITHSCORES]], following zrandmemberWithCountCommand's cases:
 * a negative count may repeat members (picked independently); a count at least the size
 * returns the whole set, highest first (Redis walks it from the tail); a listpack gives a
 * random subset in set order; a skiplist gives a random subset in pick order.
 */
import type { Client } from "../client";
import { E } from "../errors";
import { arr, bulk, double, EMPTY_ARRAY, NULL, type Reply } from "../reply";
import type { ZSetValue } from "../types/zset";
import { is, parseInt64 } from "./args";
import type { CommandDef } from "./table";
import { isReply, readZSet } from "./zsets-args";

const LONG_MAX = (1n << 63n) - 1n;
/** How many elements the playground builds into one random reply (see E.RANDOM_SAMPLE_TOO_BIG). */
const SAMPLE_CAP = 1_000_000;

function zrandmember(c: Client, argv: string[]): Reply {
  if (argv.length >= 3) {
    const l = parseInt64(argv[2]);
    if (l === null) return E.NOT_INTEGER;
    if (BigInt(l) < -LONG_MAX) return E.LONG_RANGE;
    if (argv.length > 4 || (argv.length === 4 && !is(argv[3], "withscores"))) return E.SYNTAX;
    const withScores = argv.length === 4;
    if (withScores && (BigInt(l) < -LONG_MAX / 2n || BigInt(l) > LONG_MAX / 2n)) return E.VALUE_OUT_OF_RANGE;
    return withCount(c, argv[1], l, withScores);
  }
  const o = readZSet(c, argv[1]);
  if (isReply(o)) return o;
  if (!o) return NULL;
  return bulk(o.value.randomMember(c.server.rng) as string);
}

function withCount(c: Client, key: string, l: number | bigint, withScores: boolean): Reply {
  const o = readZSet(c, key);
  if (isReply(o)) return o;
  if (!o) return EMPTY_ARRAY;
  const z = o.value;
  const unique = l >= 0;
  const count = unique ? l : -l;
  if (count === 0 || count === 0n) return EMPTY_ARRAY;
  const rng = c.server.rng;
  const out: Reply[] = [];
  const emit = (m: string, s: number): void => {
    if (!withScores) out.push(bulk(m));
    else if (c.resp === 2) out.push(bulk(m), double(s));
    else out.push(arr([bulk(m), double(s)]));
  };

  if (!unique || count === 1) {
    if (count > SAMPLE_CAP) return E.RANDOM_SAMPLE_TOO_BIG;
    for (let i = Number(count); i > 0; i--) {
      const cur = z.at(rng.below(z.size));
      emit(cur.member, cur.score);
    }
    return arr(out);
  }
  const n = Number(count);
  if (n >= z.size) {
    for (let cur = z.at(z.size - 1); cur.valid; cur.prev()) emit(cur.member, cur.score);
    return arr(out);
  }
  if (o.enc === "listpack") {
    // Selection sampling: each element is kept with probability needed / left, in order.
    let needed = n;
    let left = z.size;
    for (const cur = z.at(0); cur.valid && needed > 0; cur.next(), left--) {
      if (rng.below(left) < needed) {
        emit(cur.member, cur.score);
        needed--;
      }
    }
    return arr(out);
  }
  for (const m of distinctPicks(z, n, c.server.rng)) emit(m, z.score(m) as number);
  return arr(out);
}

/** n distinct members picked at random (n below the size), in pick order. */
function distinctPicks(z: ZSetValue, n: number, rng: Client["server"]["rng"]): string[] {
  const picked = new Set<string>();
  if (n * 3 > z.size) {
    // Close to the whole set: drop random ranks from a shuffled list instead of retrying.
    const all: string[] = [];
    z.forEach((m) => all.push(m));
    for (let i = all.length - 1; i > 0; i--) {
      const k = rng.below(i + 1);
      [all[i], all[k]] = [all[k], all[i]];
    }
    return all.slice(0, n);
  }
  while (picked.size < n) picked.add(z.randomMember(rng) as string);
  return [...picked];
}

export const zsetRandomCommands: CommandDef[] = [
  {
    name: "zrandmember",
    summary: "Returns random members of a sorted set: distinct for a positive count, possibly repeated for a negative one.",
    handler: zrandmember,
  },
];
