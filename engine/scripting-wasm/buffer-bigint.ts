/**
 * lua-redis-wasm reads and writes 64-bit integers with Buffer's BigInt methods. Next.js gives
 * browser bundles an old Buffer polyfill without them, so any integer reply would throw; this
 * adds the two the package uses, over a DataView. Under Node (native Buffer) it does nothing.
 * Imported by lua-wasm.ts before the package.
 */
type BigIntBuffer = Uint8Array & {
  writeBigInt64LE?: (value: bigint, offset?: number) => number;
  readBigInt64LE?: (offset?: number) => bigint;
};

const proto = (typeof Buffer === "undefined" ? undefined : Buffer.prototype) as BigIntBuffer | undefined;
const view = (b: Uint8Array) => new DataView(b.buffer, b.byteOffset, b.byteLength);

if (proto && typeof proto.writeBigInt64LE !== "function") {
  proto.writeBigInt64LE = function (this: Uint8Array, value: bigint, offset = 0): number {
    view(this).setBigInt64(offset, BigInt(value), true);
    return offset + 8;
  };
}
if (proto && typeof proto.readBigInt64LE !== "function") {
  proto.readBigInt64LE = function (this: Uint8Array, offset = 0): bigint {
    return view(this).getBigInt64(offset, true);
  };
}

export {};
