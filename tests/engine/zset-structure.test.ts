/**
 * The sorted set structure on its own (engine/types/zset.ts over zset-tree.ts), checked
 * against a naive model (a sorted array) under seeded random operations, with every
 * structural invariant of the ordered index verified along the way.
 */
import { describe, expect, it } from "vitest";
import { Rng } from "../../engine/rng";
import { compareEntries, ZSetValue } from "../../engine/types/zset";
import { OrderTree } from "../../engine/types/zset-tree";

type Pair = [string, number];
const order = (a: Pair, b: Pair): number => compareEntries(a[1], a[0], b[1], b[0]);

/** The model: a plain array kept sorted by (score, member). */
class Model {
  pairs: Pair[] = [];
  set(m: string, s: number): void {
    this.delete(m);
    this.pairs.push([m, s]);
    this.pairs.sort(order);
  }
  delete(m: string): boolean {
    const i = this.pairs.findIndex((p) => p[0] === m);
    if (i < 0) return false;
    this.pairs.splice(i, 1);
    return true;
  }
}

function contents(z: ZSetValue): Pair[] {
  const out: Pair[] = [];
  z.forEach((m, s) => out.push([m, s]));
  return out;
}

describe("ordered index", () => {
  for (const seed of [1, 2, 3, 4, 5]) {
    it(`agrees with a sorted array under random inserts, moves and deletes (seed ${seed})`, () => {
      const rng = new Rng(seed);
      const z = new ZSetValue();
      const model = new Model();
      // Few distinct scores, so equal scores (ordered by member bytes) are common.
      const score = (): number => [0, -0, 1, 2.5, -3, Infinity, -Infinity, 1e-300, rng.below(50)][rng.below(9)];
      const member = (): string => `m${rng.below(900)}${rng.below(4) === 0 ? "\x00\xff" : ""}`;
      for (let step = 0; step < 6000; step++) {
        const op = rng.below(10);
        if (op < 6) {
          const m = member();
          const s = score();
          z.set(m, s);
          model.set(m, s);
        } else if (op < 9) {
          const m = member();
          expect(z.delete(m)).toBe(model.delete(m));
        } else if (model.pairs.length) {
          // Remove a run of ranks, as ZREMRANGEBYRANK does.
          const a = rng.below(model.pairs.length);
          const b = Math.min(model.pairs.length - 1, a + rng.below(80));
          expect(z.deleteRanks(a, b)).toBe(b - a + 1);
          model.pairs.splice(a, b - a + 1);
        }
        if (step % 500 === 0) z.checkInvariants();
      }
      z.checkInvariants();
      expect(z.size).toBe(model.pairs.length);
      expect(contents(z)).toEqual(model.pairs);
      for (let r = 0; r < model.pairs.length; r++) {
        const [m, s] = model.pairs[r];
        expect(z.rank(m)).toBe(r);
        expect(z.score(m)).toBe(s);
        const cur = z.at(r);
        expect([cur.member, cur.score]).toEqual([m, s]);
      }
      expect(z.rank("absent")).toBe(-1);
      expect(z.at(model.pairs.length).valid).toBe(false);
      expect(z.at(-1).valid).toBe(false);
    });
  }

  it("keeps a three-level tree sound through growth, range deletes and shrinking", () => {
    const rng = new Rng(11);
    const z = new ZSetValue();
    const model = new Map<string, number>();
    const check = (): void => {
      z.checkInvariants();
      const expected = [...model.entries()].sort(order);
      expect(contents(z)).toEqual(expected);
      for (let k = 0; k < 200 && expected.length; k++) {
        const r = rng.below(expected.length);
        expect(z.rank(expected[r][0])).toBe(r);
      }
    };
    for (let i = 0; i < 60_000; i++) {
      const m = `m${rng.below(100_000)}`;
      const s = rng.below(500);
      z.set(m, s);
      model.set(m, s);
    }
    check();
    // Range deletes from everywhere, then single deletes, thin the tree out level by level.
    for (let k = 0; k < 300 && z.size > 20_000; k++) {
      const a = rng.below(z.size);
      // Now and then a run long enough to empty whole inner nodes.
      const b = Math.min(z.size - 1, a + rng.below(k % 40 === 0 ? 8000 : 150));
      for (let r = a; r <= b; r++) model.delete(z.at(r).member);
      expect(z.deleteRanks(a, b)).toBe(b - a + 1);
      if (k % 40 === 0) z.checkInvariants();
    }
    check();
    expect(z.size).toBeLessThan(40_000);
    for (const m of [...model.keys()]) {
      if (rng.below(10) < 9) {
        z.delete(m);
        model.delete(m);
      }
    }
    check();
  });

  it("seeks score bounds in O(log N) with the same answer as a scan", () => {
    const rng = new Rng(7);
    const z = new ZSetValue();
    for (let i = 0; i < 3000; i++) z.set(`k${i}`, rng.below(100) / 4);
    const all = contents(z);
    for (const min of [-1, 0, 0.25, 3, 12.5, 24.75, 30]) {
      for (const minex of [false, true]) {
        const expected = all.findIndex(([, s]) => (minex ? s > min : s >= min));
        const got = z.firstRankByScore({ min, max: Infinity, minex, maxex: false });
        expect(got).toBe(expected < 0 ? all.length : expected);
        const last = all.length - 1 - [...all].reverse().findIndex(([, s]) => (minex ? s < min : s <= min));
        expect(z.lastRankByScore({ min: -Infinity, max: min, minex: false, maxex: minex })).toBe(last > all.length - 1 ? -1 : last);
      }
    }
  });

  it("walks both ways with a cursor across leaves", () => {
    const z = new ZSetValue();
    for (let i = 0; i < 1000; i++) z.set(String(i).padStart(4, "0"), 0);
    const fwd: string[] = [];
    for (const cur = z.at(0); cur.valid; cur.next()) fwd.push(cur.member);
    const back: string[] = [];
    for (const cur = z.at(999); cur.valid; cur.prev()) back.push(cur.member);
    expect(fwd).toHaveLength(1000);
    expect(back).toEqual([...fwd].reverse());
    expect(fwd[0]).toBe("0000");
    expect(fwd[999]).toBe("0999");
  });

  it("stays shallow: depth grows with log64 of the size", () => {
    const t = new OrderTree();
    for (let i = 0; i < 200_000; i++) t.insert((i * 7919) % 200_000, "");
    t.checkInvariants();
    expect(t.length).toBe(200_000);
    expect(t.depth).toBeLessThanOrEqual(4);
    // Deleting almost everything merges nodes back together.
    for (let i = 0; i < 199_990; i++) t.delete((i * 7919) % 200_000, "");
    t.checkInvariants();
    expect(t.length).toBe(10);
    expect(t.depth).toBe(1);
  });

  it("builds from sorted input and clones without sharing", () => {
    const pairs: Pair[] = Array.from({ length: 5000 }, (_, i) => [`m${i}`, i % 37]);
    const z = ZSetValue.from(pairs);
    z.checkInvariants();
    expect(contents(z)).toEqual([...pairs].sort(order));
    const copy = z.clone();
    copy.checkInvariants();
    copy.set("m1", 1000);
    copy.delete("m2");
    expect(z.score("m1")).toBe(1);
    expect(z.has("m2")).toBe(true);
    expect(copy.size).toBe(4999);
    z.checkInvariants();
  });

  it("keeps -0 apart from 0 in the member table but orders them alike", () => {
    const z = new ZSetValue();
    z.set("b", 0);
    z.set("a", -0);
    expect(Object.is(z.score("a"), -0)).toBe(true);
    expect(contents(z).map(([m]) => m)).toEqual(["a", "b"]);
    z.set("a", 0);
    expect(Object.is(z.score("a"), 0)).toBe(true);
    z.set("b", -0);
    z.normaliseNegativeZero();
    expect(Object.is(z.score("b"), 0)).toBe(true);
    z.checkInvariants();
  });

  it("samples uniformly enough and scans every member once", () => {
    const rng = new Rng(3);
    const z = new ZSetValue();
    for (let i = 0; i < 100; i++) z.set(`m${i}`, i);
    const seen = new Set<string>();
    for (let i = 0; i < 2000; i++) seen.add(z.randomMember(rng) as string);
    expect(seen.size).toBe(100);
    const scanned: string[] = [];
    let cursor = 0;
    do cursor = z.scan(cursor, 7, (m) => scanned.push(m));
    while (cursor !== 0);
    expect(scanned.sort()).toEqual(contents(z).map(([m]) => m).sort());
  });
});
