/**
 * SPOP and SRANDMEMBER: random members, drawn from the server's seeded generator, with the
 * count strategies of Redis 7.0's t_set.c. The strategy matters beyond speed, because it shows
 * in the reply's order and in the encoding left behind:
 *
 * - SPOP key count >= size replies with the whole set through SUNION's path (ascending when
 *   that rebuilt set is an intset) and deletes the key.
 * - SPOP with a count close to the size keeps a random remainder in a brand-new set (which may
 *   be an intset again) and replies with the rest of the old set in its own order.
 * - SRANDMEMBER key count >= size replies with the whole set in its own order (ascending for an
 *   intset); a negative count draws with repeats.
 */
import type { Client } from "../client";
import { E } from "../errors";
import { replyCap } from "../limits";
import { bulk, EMPTY_ARRAY, arr, NULL, set, type Reply } from "../reply";
import { SetValue } from "../types/set";
import { parseInt64 } from "./args";
import { unionDiffReply } from "./sets-algebra";
import { addMember, isReply, maxIntsetEntries, newSetObject, readSet, writeSet } from "./sets-common";
import type { CommandDef } from "./table";

const EMPTY_SET: Reply = set([]);
/** SPOP_MOVE_STRATEGY_MUL: keep-the-remainder once the remainder is a fifth of the count or less. */
const SPOP_MOVE_STRATEGY_MUL = 5;
/** SRANDMEMBER_SUB_STRATEGY_MUL: copy-then-subtract once the count exceeds a third of the size. */
const SRANDMEMBER_SUB_STRATEGY_MUL = 3;
/**
 * A negative SRANDMEMBER count builds a reply of that many elements however small the set; a
 * real server would try and run out of memory. Past this many the playground refuses (the same
 * cap and error as HRANDFIELD's).
 */
const MAX_RANDOM_REPLY = 1_000_000;
const LONG_MIN = -(1n << 63n);

/** SPOP key [count]. */
function spop(c: Client, argv: string[]): Reply {
  if (argv.length > 3) return E.SYNTAX;
  if (argv.length === 3) return spopWithCount(c, argv);
  const key = argv[1];
  const s = writeSet(c, key);
  if (isReply(s)) return s;
  if (!s) return NULL;
  const member = s.value.random(c.server.rng);
  s.value.remove(member);
  c.db.written(key, "s", "spop");
  if (s.value.size === 0) {
    c.db.delete(key);
    c.db.written(key, "g", "del", 0);
  }
  return bulk(member);
}

function spopWithCount(c: Client, argv: string[]): Reply {
  const l = parseInt64(argv[2]);
  if (l === null || l < 0) return E.NOT_POSITIVE;
  const key = argv[1];
  const s = writeSet(c, key);
  if (isReply(s)) return s;
  if (!s) return EMPTY_SET;
  const count = Number(l);
  if (count === 0) return EMPTY_SET;
  const db = c.db;
  const rng = c.server.rng;
  const size = s.value.size;
  // A write is refused before its effect, never after.
  const refused = replyCap(c, "spop", Math.min(count, size));
  if (refused) return refused;

  if (count >= size) {
    // Redis answers through SUNION of the one key (a second, read lookup) and deletes the key.
    const reply = unionDiffReply(c, [key], "union");
    db.delete(key);
    db.written(key, "s", "spop", size);
    db.written(key, "g", "del", 0);
    return reply;
  }

  const remaining = size - count;
  const out: Reply[] = [];
  if (remaining * SPOP_MOVE_STRATEGY_MUL > count) {
    // Few to pop: draw and remove them one by one, replying in draw order.
    for (let i = 0; i < count; i++) {
      const m = s.value.random(rng);
      s.value.remove(m);
      out.push(bulk(m));
    }
  } else {
    // Most of the set goes: move a random remainder into a new set (created for its first
    // member, so possibly an intset), then reply with what is left of the old one, in its order.
    const max = maxIntsetEntries(c);
    let kept: ReturnType<typeof newSetObject> | null = null;
    for (let i = 0; i < remaining; i++) {
      const m = s.value.random(rng);
      kept ??= newSetObject(SetValue.forMember(m));
      addMember(kept, m, max);
      s.value.remove(m);
    }
    for (const m of s.value.members()) out.push(bulk(m));
    db.overwrite(key, kept as ReturnType<typeof newSetObject>);
  }
  db.written(key, "s", "spop", count);
  return set(out);
}

/** SRANDMEMBER key [count]. */
function srandmember(c: Client, argv: string[]): Reply {
  if (argv.length > 3) return E.SYNTAX;
  if (argv.length === 3) return srandmemberWithCount(c, argv);
  const s = readSet(c, argv[1]);
  if (isReply(s)) return s;
  if (!s) return NULL;
  return bulk(s.value.random(c.server.rng));
}

function srandmemberWithCount(c: Client, argv: string[]): Reply {
  const l = parseInt64(argv[2]);
  if (l === null) return E.NOT_INTEGER;
  if (l === LONG_MIN) return E.LONG_RANGE;
  const s = readSet(c, argv[1]);
  if (isReply(s)) return s;
  if (!s) return EMPTY_ARRAY;
  const uniq = l >= 0;
  const count = Number(uniq ? l : -l);
  if (count === 0) return EMPTY_ARRAY;
  const rng = c.server.rng;
  const value = s.value;

  // CASE 1: repeats allowed (or a single member): independent draws, in draw order.
  if (!uniq || count === 1) {
    if (count > MAX_RANDOM_REPLY) return E.RANDOM_SAMPLE_TOO_BIG;
    const out: Reply[] = new Array(count);
    for (let i = 0; i < count; i++) out[i] = bulk(value.random(rng));
    return arr(out);
  }
  const size = value.size;
  // CASE 2: the whole set, in its own order.
  if (count >= size) {
    const out: Reply[] = [];
    for (const m of value.members()) out.push(bulk(m));
    return arr(out);
  }
  // CASE 3: most of the set: copy it, then drop random members until `count` are left.
  if (count * SRANDMEMBER_SUB_STRATEGY_MUL > size) {
    const pool = [...value.members()];
    while (pool.length > count) {
      const i = rng.below(pool.length);
      pool[i] = pool[pool.length - 1];
      pool.pop();
    }
    return arr(pool.map(bulk));
  }
  // CASE 4: a few of a big set: draw until `count` distinct members are in hand.
  const picked = new Set<string>();
  while (picked.size < count) picked.add(value.random(rng));
  return arr([...picked].map(bulk));
}

export const setRandomCommands: CommandDef[] = [
  {
    name: "spop",
    summary: "Removes and returns one random member of a set, or several with a count.",
    handler: spop,
  },
  {
    name: "srandmember",
    summary: "Returns random members of a set without removing them; a negative count allows repeats.",
    handler: srandmember,
  },
];
