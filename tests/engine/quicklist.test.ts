/**
 * The quicklist structure on its own: listpack entry sizes, node limits by size and by count,
 * splits and merges on insert, range deletion, the iterator-style scan, copies, and LZF. The
 * node layouts asserted here were read from redis-server 7.0.15 with DEBUG OBJECT; the
 * differential suite checks many more against it.
 */
import { describe, expect, it } from "vitest";
import { QuickList } from "../../engine/types/quicklist";
import { lpBytes, lpEncode, lpEntrySize, lpInteger } from "../../engine/types/listpack-bytes";
import { lzfCompressedSize } from "../../engine/util/lzf";
import { Rng } from "../../engine/rng";

const counts = (ql: QuickList) => [...ql.nodeList()].map((n) => n.count);
const all = (ql: QuickList) => ql.toView(Infinity);

/** Every node's recorded size equals the size of a listpack built from its elements. */
function checkSizes(ql: QuickList): void {
  let total = 0;
  let nodes = 0;
  for (const n of ql.nodeList()) {
    expect(n.count).toBeGreaterThan(0);
    expect(n.sz).toBe(lpBytes(n.items));
    total += n.count;
    nodes++;
  }
  expect(total).toBe(ql.length);
  expect(nodes).toBe(ql.nodes);
}

describe("listpack entry sizes", () => {
  it("stores canonical integers in the smallest width and strings with a length prefix", () => {
    expect(lpEntrySize("0")).toBe(2);
    expect(lpEntrySize("127")).toBe(2);
    expect(lpEntrySize("128")).toBe(3);
    expect(lpEntrySize("-4096")).toBe(3);
    expect(lpEntrySize("4096")).toBe(4);
    expect(lpEntrySize("-32769")).toBe(5);
    expect(lpEntrySize("8388608")).toBe(6);
    expect(lpEntrySize("2147483648")).toBe(10);
    expect(lpEntrySize("9223372036854775807")).toBe(10);
    // Not canonical: stored as strings.
    expect(lpEntrySize("007")).toBe(5);
    expect(lpEntrySize("-0")).toBe(4);
    expect(lpEntrySize("9223372036854775808")).toBe(1 + 19 + 1);
    expect(lpEntrySize("")).toBe(2);
    expect(lpEntrySize("x".repeat(63))).toBe(1 + 63 + 1);
    expect(lpEntrySize("x".repeat(64))).toBe(2 + 64 + 1);
    expect(lpEntrySize("x".repeat(126))).toBe(2 + 126 + 2); // backlen of 128 takes 2 bytes
    expect(lpEntrySize("x".repeat(4096))).toBe(5 + 4096 + 2);
    expect(lpInteger("12")).toBe(12);
    expect(lpInteger("1e3")).toBeNull();
  });

  it("encodes the bytes lpBytes promises, header and end byte included", () => {
    const items = ["a", "1", "-1", "300", "-70000", "9000000000", "x".repeat(70), "y".repeat(5000), ""];
    const bytes = lpEncode(items);
    expect(bytes.length).toBe(lpBytes(items));
    expect(bytes[0] | (bytes[1] << 8)).toBe(bytes.length);
    expect(bytes[4]).toBe(items.length);
    expect(bytes[bytes.length - 1]).toBe(0xff);
    // "a": 6-bit string 0x81 'a', backlen 2; then 1 as a 7-bit uint, backlen 1.
    expect([...bytes.slice(6, 11)]).toEqual([0x81, 0x61, 2, 1, 1]);
    // -1 as a 13-bit integer: 0xDF 0xFF.
    expect([...bytes.slice(11, 13)]).toEqual([0xdf, 0xff]);
  });
});

describe("node limits", () => {
  it("caps nodes by count with a positive fill", () => {
    const ql = new QuickList(3);
    for (let i = 0; i < 10; i++) ql.pushTail(`e${i}`);
    expect(counts(ql)).toEqual([3, 3, 3, 1]);
    for (let i = 0; i < 4; i++) ql.pushHead(`h${i}`);
    expect(counts(ql)).toEqual([1, 3, 3, 3, 3, 1]);
    checkSizes(ql);
  });

  it("caps nodes by listpack bytes with a negative fill (8 KB for -2)", () => {
    const ql = new QuickList(-2);
    for (let i = 0; i < 100; i++) ql.pushTail("x".repeat(100));
    // 103 bytes per entry: a node takes elements while size + 100 + 8 stays within 8192.
    expect(counts(ql)).toEqual([79, 21]);
    checkSizes(ql);
  });

  it("keeps the 8 KB safety cap for count limits and gives fill 0 one element per node", () => {
    const big = new QuickList(1000);
    for (let i = 0; i < 30; i++) big.pushTail("x".repeat(1000));
    expect(counts(big)).toEqual([8, 8, 8, 6]);
    const zero = new QuickList(0);
    for (let i = 0; i < 3; i++) zero.pushTail("a");
    expect(counts(zero)).toEqual([1, 1, 1]);
  });

  it("clamps the fill factor as quicklistSetFill does", () => {
    expect(new QuickList(-10).fill).toBe(-5);
    expect(new QuickList(100000).fill).toBe(32767);
  });
});

describe("insert, delete, scan", () => {
  it("inserts into a node with room, then onto a neighbour, a new node, or a split", () => {
    const ql = new QuickList(3);
    for (const v of ["a", "b", "c", "d", "e", "f"]) ql.pushTail(v);
    expect(counts(ql)).toEqual([3, 3]);
    // After the last element of a full node, with a full next node: a new node between.
    ql.insert(2, "x", true);
    expect(all(ql)).toEqual(["a", "b", "c", "x", "d", "e", "f"]);
    expect(counts(ql)).toEqual([3, 1, 3]);
    // Before the first element of a full node whose previous node has room: appended there.
    ql.insert(4, "y", false);
    expect(counts(ql)).toEqual([3, 2, 3]);
    // In the middle of a full node: split at the pivot, then merged where the fill allows.
    ql.insert(1, "z", true);
    expect(all(ql)).toEqual(["a", "b", "z", "c", "x", "y", "d", "e", "f"]);
    expect(counts(ql)).toEqual([2, 2, 2, 3]);
    checkSizes(ql);
  });

  it("deletes ranges from either end, dropping emptied nodes without merging", () => {
    const ql = new QuickList(2);
    for (let i = 0; i < 9; i++) ql.pushTail(String(i));
    ql.deleteRange(1, 2);
    expect(all(ql)).toEqual(["0", "3", "4", "5", "6", "7", "8"]);
    expect(counts(ql)).toEqual([1, 1, 2, 2, 1]);
    ql.deleteRange(-2, 5);
    expect(all(ql)).toEqual(["0", "3", "4", "5", "6"]);
    ql.deleteRange(0, 100);
    expect(ql.length).toBe(0);
    expect(ql.nodes).toBe(0);
    expect(ql.head).toBeNull();
  });

  it("scans from either end, deleting while walking", () => {
    const ql = new QuickList(2);
    for (const v of ["a", "b", "a", "a", "c", "a"]) ql.pushTail(v);
    const seen: string[] = [];
    ql.scan(true, (v, pos) => {
      seen.push(`${pos}:${v}`);
      return v === "a" ? "delete" : "next";
    });
    expect(seen).toEqual(["0:a", "1:c", "2:a", "3:a", "4:b", "5:a"]);
    expect(all(ql)).toEqual(["b", "c"]);
    checkSizes(ql);
  });

  it("locates elements from the nearer end and replaces them in place", () => {
    const ql = new QuickList(4);
    for (let i = 0; i < 50; i++) ql.pushTail(String(i));
    for (const i of [0, 3, 4, 25, 48, 49]) expect(ql.index(i)).toBe(String(i));
    expect(ql.index(-1)).toBe("49");
    expect(ql.index(-50)).toBe("0");
    expect(ql.index(50)).toBeUndefined();
    expect(ql.index(-51)).toBeUndefined();
    expect(ql.replace(10, "x".repeat(300))).toBe(true);
    expect(ql.replace(50, "y")).toBe(false);
    expect(ql.index(10)).toBe("x".repeat(300));
    expect(ql.range(8, 11)).toEqual(["8", "9", "x".repeat(300), "11"]);
    expect(ql.range(8, 11, true)).toEqual(["11", "x".repeat(300), "9", "8"]);
    checkSizes(ql);
  });

  it("keeps sizes and counts right through a long random run", () => {
    const rng = new Rng(7);
    for (const fill of [-1, -2, 1, 2, 5]) {
      const ql = new QuickList(fill);
      const model: string[] = [];
      for (let step = 0; step < 3000; step++) {
        const v = rng.below(4) ? String(rng.below(1000) - 500) : "s".repeat(rng.below(600));
        const op = rng.below(8);
        if (op < 2) {
          ql.pushHead(v);
          model.unshift(v);
        } else if (op < 4) {
          ql.pushTail(v);
          model.push(v);
        } else if (op === 4 && model.length) {
          const i = rng.below(model.length);
          const after = rng.below(2) === 1;
          ql.insert(i, v, after);
          model.splice(after ? i + 1 : i, 0, v);
        } else if (op === 5 && model.length) {
          const head = rng.below(2) === 1;
          expect(ql.pop(head)).toBe(head ? model.shift() : model.pop());
        } else if (op === 6 && model.length) {
          const start = rng.below(model.length);
          const n = rng.below(5);
          ql.deleteRange(start, n);
          model.splice(start, n);
        } else if (model.length) {
          const i = rng.below(model.length);
          ql.replace(i, v);
          model[i] = v;
        }
      }
      expect(all(ql)).toEqual(model);
      checkSizes(ql);
      const copy = ql.clone();
      copy.pushTail("only in the copy");
      expect(all(ql)).toEqual(model);
      expect(counts(copy).slice(0, -1)).toEqual(counts(ql).slice(0, copy.nodes - 1));
    }
  });

  it("shows at most `limit` elements to the inspector", () => {
    const ql = new QuickList(2);
    for (let i = 0; i < 7; i++) ql.pushTail(String(i));
    expect(ql.toView(3)).toEqual(["0", "1", "2"]);
    expect(ql.toView(0)).toEqual([]);
  });
});

describe("LZF", () => {
  const bytes = (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0));

  it("compresses repetitive data and gives up when the output would not fit", () => {
    // Sizes as Debian's liblzf 3.6 (the one redis-server links) gives them. Position 0 is
    // never a match source, so 24 a's cost a 3-byte literal, a back reference and a tail.
    expect(lzfCompressedSize(bytes("a".repeat(24)), 100)).toBe(9);
    expect(lzfCompressedSize(bytes("abcdefgh"), 100)).toBe(9);
    expect(lzfCompressedSize(bytes("abcdefgh"), 8)).toBe(0);
    expect(lzfCompressedSize(new Uint8Array(0), 10)).toBe(0);
    expect(lzfCompressedSize(bytes("the quick brown fox ".repeat(40)), 1000)).toBe(34);
  });
});
