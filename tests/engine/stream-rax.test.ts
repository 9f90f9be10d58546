/**
 * radix-tree-nodes bookkeeping (engine/types/stream-rax.ts) against a brute-force count over
 * the byte trie of the node keys, through StreamValue's appends, deletions and trims. The
 * claim that this count is Redis' own is proven by the differential tests
 * (tests/conformance/streams.test.ts, "XINFO STREAM radix-tree-nodes").
 */
import { describe, expect, it } from "vitest";
import { makeId, StreamValue, type StreamID } from "../../engine/types/stream";

/** Nodes of the compressed trie: root, leaves, branches and children of branches. */
function bruteForce(keys: StreamID[]): number {
  if (keys.length === 0) return 1;
  const hex = keys.map((k) => k.toString(16).padStart(32, "0"));
  const children = new Map<string, Set<string>>();
  for (const h of hex)
    for (let d = 0; d < 16; d++) {
      const p = h.slice(0, 2 * d);
      if (!children.has(p)) children.set(p, new Set());
      children.get(p)!.add(h.slice(0, 2 * d + 2));
    }
  const branch = (p: string) => (children.get(p)?.size ?? 0) >= 2;
  const positions = new Set<string>([""]);
  for (const h of hex) for (let d = 1; d <= 16; d++) positions.add(h.slice(0, 2 * d));
  let n = 0;
  for (const p of positions) if (p === "" || p.length === 32 || branch(p) || branch(p.slice(0, -2))) n++;
  return n;
}

/**
 * The node keys. With one entry per node every entry opened its own node, and a node goes
 * when its one entry does, so the node keys are exactly the live IDs.
 */
function nodeKeys(s: StreamValue, added: StreamID[]): StreamID[] {
  return added.filter((id) => s.get(id) !== undefined);
}

function rng(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 4294967296;
  };
}

const ONE_PER_NODE = { maxEntries: 1, maxBytes: 4096 };

describe("radix-tree-nodes", () => {
  it("is 1 for an empty stream and 2 for one node", () => {
    const s = new StreamValue();
    expect(s.raxNodes).toBe(1);
    s.append(makeId(5n, 0n), ["f", "v"], ONE_PER_NODE);
    expect(s.raxNodes).toBe(2);
    s.delete(makeId(5n, 0n));
    expect(s.raxNodes).toBe(1);
  });

  for (const seed of [1, 2, 3, 4]) {
    it(`matches the brute-force trie through appends, deletions and trims (seed ${seed})`, () => {
      const rand = rng(seed);
      const s = new StreamValue();
      const added: StreamID[] = [];
      let ms = 0n;
      const steps = [1n, 2n, 255n, 256n, 65536n, 1n << 24n, 1n << 40n, 1n << 56n];
      const wrong: string[] = [];
      for (let i = 0; i < 600; i++) {
        const r = rand();
        if (r < 0.6 || s.length === 0) {
          ms += steps[Math.floor(rand() * steps.length)];
          const id = makeId(ms, BigInt(Math.floor(rand() * 3)) << BigInt(8 * Math.floor(rand() * 8)));
          s.append(id, ["f", "v"], ONE_PER_NODE);
          added.push(id);
        } else if (r < 0.93) {
          const live = nodeKeys(s, added);
          s.delete(live[Math.floor(rand() * live.length)]);
        } else {
          s.trim("maxlen", Math.floor(rand() * s.length), 0n, rand() < 0.5, 0);
        }
        const want = bruteForce(nodeKeys(s, added));
        if (s.raxNodes !== want) wrong.push(`step ${i}: ${s.raxNodes} != ${want}`);
      }
      expect(wrong).toEqual([]);
    });
  }

  it("is copied by clone", () => {
    const s = new StreamValue();
    for (let i = 1; i <= 50; i++) s.append(makeId(BigInt(i * 300), 0n), ["f", "v"], ONE_PER_NODE);
    expect(s.clone().raxNodes).toBe(s.raxNodes);
  });
});
