/**
 * Typed replies: the RESP3-shaped union every command handler returns.
 *
 * Nothing above engine/resp/ ever writes protocol bytes. Handlers speak in these values and
 * the edge decides how they look on the wire (RESP2 or RESP3) or in the REPL (redis-cli
 * formatting). Byte strings are JS strings holding one char per byte (latin1), so they are
 * binary safe and cheap to use as Map keys.
 */
export type Reply =
  | { readonly t: "simple"; readonly v: string }
  | { readonly t: "error"; readonly v: string }
  | { readonly t: "int"; readonly v: number | bigint }
  | { readonly t: "bulk"; readonly v: string }
  /** RESP2 `$-1`; RESP3 `_`. */
  | { readonly t: "null" }
  /** RESP2 `*-1`; RESP3 `_`. */
  | { readonly t: "nullarray" }
  | { readonly t: "array"; readonly v: readonly Reply[] }
  /** Flat key/value pairs; RESP2 sends them as an array of 2N items. */
  | { readonly t: "map"; readonly v: readonly Reply[] }
  | { readonly t: "set"; readonly v: readonly Reply[] }
  /**
   * RESP2 sends a bulk string formatted as Redis formats doubles. `text`, when set, is the
   * exact text Redis prints instead of "%.17g" (GEO coordinates use its human long double form).
   */
  | { readonly t: "double"; readonly v: number; readonly text?: string }
  /** RESP2 sends an integer 1/0. */
  | { readonly t: "bool"; readonly v: boolean }
  /** RESP2 sends a bulk string with the text only. */
  | { readonly t: "verbatim"; readonly format: string; readonly v: string }
  | { readonly t: "bignum"; readonly v: string }
  /** Out-of-band message (Pub/Sub, invalidation); RESP2 sends it as an array. */
  | { readonly t: "push"; readonly v: readonly Reply[] };

export const OK: Reply = Object.freeze({ t: "simple", v: "OK" });
export const QUEUED: Reply = Object.freeze({ t: "simple", v: "QUEUED" });
export const PONG: Reply = Object.freeze({ t: "simple", v: "PONG" });
export const NULL: Reply = Object.freeze({ t: "null" });
export const NULL_ARRAY: Reply = Object.freeze({ t: "nullarray" });
export const EMPTY_ARRAY: Reply = Object.freeze({ t: "array", v: Object.freeze([] as Reply[]) });

const SMALL_INTS: Reply[] = [];
for (let i = -1; i <= 1024; i++) SMALL_INTS.push(Object.freeze({ t: "int", v: i }));

export const simple = (v: string): Reply => ({ t: "simple", v });
export const err = (v: string): Reply => ({ t: "error", v });
export const bulk = (v: string): Reply => ({ t: "bulk", v });
export const bulkOrNull = (v: string | undefined | null): Reply =>
  v === undefined || v === null ? NULL : { t: "bulk", v };
export const int = (v: number | bigint): Reply =>
  typeof v === "number" && v >= -1 && v <= 1024 && Number.isInteger(v) ? SMALL_INTS[v + 1] : { t: "int", v };
export const arr = (v: readonly Reply[]): Reply => ({ t: "array", v });
export const bulkArray = (v: readonly string[]): Reply => ({ t: "array", v: v.map(bulk) });
export const map = (v: readonly Reply[]): Reply => ({ t: "map", v });
export const set = (v: readonly Reply[]): Reply => ({ t: "set", v });
export const double = (v: number): Reply => ({ t: "double", v });
/** A double Redis prints with its own text (RESP2 bulk, RESP3 `,text`). */
export const doubleText = (v: number, text: string): Reply => ({ t: "double", v, text });
export const bool = (v: boolean): Reply => ({ t: "bool", v });
export const verbatim = (v: string, format = "txt"): Reply => ({ t: "verbatim", format, v });
export const push = (v: readonly Reply[]): Reply => ({ t: "push", v });

export const isError = (r: Reply): r is { t: "error"; v: string } => r.t === "error";
