/**
 * The PEL's ordered map (engine/types/stream-pel.ts) against a plain sorted model: seeded
 * random inserts, replacements and deletions at every tree size, with the B+tree's
 * invariants checked along the way, seeks from IDs present and absent, and the grow-then-
 * drain pattern (a large PEL mostly acknowledged) that must not leave empty leaves behind.
 */
import { describe, expect, it } from "vitest";
import { PelTree } from "../../engine/types/stream-pel";
import { makeId, type StreamID } from "../../engine/types/stream";

/** A small deterministic generator (xorshift32), so failures replay. */
function rng(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 4294967296;
  };
}

/** The reference: a Map keyed by the ID's decimal text (V8 hashes 128-bit BigInt keys slowly). */
class Model {
  private map = new Map<string, [StreamID, number]>();
  get size(): number {
    return this.map.size;
  }
  set(id: StreamID, v: number): void {
    this.map.set(String(id), [id, v]);
  }
  get(id: StreamID): number | undefined {
    return this.map.get(String(id))?.[1];
  }
  delete(id: StreamID): boolean {
    return this.map.delete(String(id));
  }
  sorted(): StreamID[] {
    return [...this.map.values()].map(([id]) => id).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  }
}

function contents(t: PelTree<number>, from: StreamID = 0n): [StreamID, number][] {
  return [...t.entries(from)];
}

describe("PelTree", () => {
  it("starts empty", () => {
    const t = new PelTree<number>();
    expect(t.size).toBe(0);
    expect(t.first()).toBeUndefined();
    expect(t.last()).toBeUndefined();
    expect(t.seek(0n).valid).toBe(false);
    expect(t.get(1n)).toBeUndefined();
    expect(t.delete(1n)).toBe(false);
    t.check();
  });

  it("keeps IDs in order whatever the insertion order, replacing on a repeated ID", () => {
    const t = new PelTree<number>();
    const ids = [5n, 1n, 9n, 3n, 7n, makeId(1n, 0n), makeId(0n, (1n << 64n) - 1n)];
    ids.forEach((id, i) => t.set(id, i));
    t.set(3n, 100);
    expect(t.size).toBe(ids.length);
    expect(contents(t)).toEqual([
      [1n, 1],
      [3n, 100],
      [5n, 0],
      [7n, 4],
      [9n, 2],
      [makeId(0n, (1n << 64n) - 1n), 6],
      [makeId(1n, 0n), 5],
    ]);
    t.check();
  });

  it("seeks the first ID at or after any ID", () => {
    const t = new PelTree<number>();
    for (let i = 0; i < 5000; i++) t.set(BigInt(i * 10), i);
    t.check();
    for (const probe of [0n, 1n, 9n, 10n, 12345n, 49990n, 49991n]) {
      const c = t.seek(probe);
      const want = (probe + 9n) / 10n;
      if (want >= 5000n) expect(c.valid).toBe(false);
      else {
        expect(c.id).toBe(want * 10n);
        expect(c.value).toBe(Number(want));
      }
    }
    expect(t.first()).toBe(0n);
    expect(t.last()).toBe(49990n);
  });

  for (const seed of [1, 2, 3, 4]) {
    it(`matches a sorted model under random operations (seed ${seed})`, () => {
      const rand = rng(seed);
      const t = new PelTree<number>();
      const m = new Model();
      // Keys from a small space so that deletes and replacements hit often; sizes sweep up
      // past several levels and back down to empty.
      const space = 20000;
      let wrongDeletes = 0;
      for (let step = 0; step < 40000; step++) {
        const phase = step < 25000 ? 0.75 : 0.2; // grow, then drain
        const id = makeId(BigInt(Math.floor(rand() * space)), BigInt(Math.floor(rand() * 3)));
        if (rand() < phase) {
          t.set(id, step);
          m.set(id, step);
        } else {
          if (t.delete(id) !== m.delete(id)) wrongDeletes++;
        }
        if (step % 2000 === 0) {
          t.check();
          expect(t.size).toBe(m.size);
        }
      }
      t.check();
      expect(wrongDeletes).toBe(0);
      const sorted = m.sorted();
      expect(contents(t).map(([id]) => id)).toEqual(sorted);
      expect(sorted.filter((id) => t.get(id) !== m.get(id))).toEqual([]);
      expect(t.first()).toBe(sorted[0]);
      expect(t.last()).toBe(sorted[sorted.length - 1]);
      // Seeks from random points, present or not.
      for (let i = 0; i < 200; i++) {
        const probe = makeId(BigInt(Math.floor(rand() * space)), BigInt(Math.floor(rand() * 3)));
        const want = sorted.find((x) => x >= probe);
        const c = t.seek(probe);
        if (want === undefined) expect(c.valid).toBe(false);
        else expect(c.id).toBe(want);
      }
      // Drain to empty.
      expect(sorted.filter((id) => !t.delete(id))).toEqual([]);
      expect(t.size).toBe(0);
      expect(t.seek(0n).valid).toBe(false);
      t.check();
    });
  }

  it("drains a large tree from the middle out without leaving empty leaves", () => {
    const t = new PelTree<number>();
    const n = 100000;
    for (let i = 0; i < n; i++) t.set(BigInt(i), i);
    t.check();
    // Acknowledge everything but the first and last hundred, middle first.
    const order: number[] = [];
    for (let lo = n / 2 - 1, hi = n / 2; lo >= 100; lo--, hi++) order.push(lo, hi);
    for (const i of order) t.delete(BigInt(i));
    t.check();
    expect(t.size).toBe(200);
    const c = t.seek(100n);
    expect(c.id).toBe(BigInt(n - 100));
    expect(contents(t, 99n).map(([id]) => id)).toEqual([99n, ...Array.from({ length: 100 }, (_, i) => BigInt(n - 100 + i))]);
  });
});
