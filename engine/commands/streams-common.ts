/**
 * What every stream command shares: ID parsing exactly as t_stream.c parses IDs (including
 * the strtoull leniencies of string2ull), stream lookup/creation, and the entry replies.
 */
import type { Client } from "../client";
import { E } from "../errors";
import { blankHeader, isCanonicalInt64, type StreamObject } from "../object";
import { arr, bulk, bulkArray, NULL_ARRAY, type Reply } from "../reply";
import { ID_MAX, idText, makeId, StreamValue, type Group, type StreamEntry, type StreamID } from "../types/stream";

const U64 = (1n << 64n) - 1n;
const SPACE = " \t\n\v\f\r";

export const isReply = (x: unknown): x is Reply => typeof x === "object" && x !== null && "t" in x;

/**
 * string2ull: a canonical long long (negative refused), else strtoull's reading: leading
 * white space, an optional sign (a minus negates modulo 2^64), decimal digits to the end.
 */
export function string2ull(s: string): bigint | null {
  if (s === "") return null;
  if (isCanonicalInt64(s)) return s[0] === "-" ? null : BigInt(s);
  let i = 0;
  while (i < s.length && SPACE.includes(s[i])) i++;
  let neg = false;
  if (s[i] === "+" || s[i] === "-") neg = s[i++] === "-";
  const digits = s.slice(i);
  if (!/^[0-9]+$/.test(digits)) return null;
  const v = BigInt(digits);
  if (v > U64) return null;
  return neg ? (U64 + 1n - v) & U64 : v;
}

export interface ParsedId {
  id: StreamID;
  /** False for XADD's "<ms>-*" form. */
  seqGiven: boolean;
}

/**
 * streamGenericParseIDOrReply: "-" and "+" (unless strict), "<ms>", "<ms>-<seq>", and with
 * allowSeqStar "<ms>-*". The text is a C string: it ends at the first NUL.
 */
export function parseId(arg: string, missingSeq: bigint, strict: boolean, allowSeqStar = false): ParsedId | null {
  if (arg.length > 127) return null;
  const nul = arg.indexOf("\0");
  const buf = nul === -1 ? arg : arg.slice(0, nul);
  if (strict && (buf === "-" || buf === "+")) return null;
  if (buf === "-") return { id: 0n, seqGiven: true };
  if (buf === "+") return { id: ID_MAX, seqGiven: true };
  const dash = buf.indexOf("-");
  const ms = string2ull(dash === -1 ? buf : buf.slice(0, dash));
  if (ms === null) return null;
  if (dash === -1) return { id: makeId(ms, missingSeq), seqGiven: true };
  const rest = buf.slice(dash + 1);
  if (allowSeqStar && rest === "*") return { id: makeId(ms, 0n), seqGiven: false };
  const seq = string2ull(rest);
  if (seq === null) return null;
  return { id: makeId(ms, seq), seqGiven: true };
}

/** streamParseStrictIDOrReply / streamParseIDOrReply for a plain ID. */
export function parseIdOrReply(arg: string, missingSeq = 0n, strict = false): StreamID | Reply {
  const p = parseId(arg, missingSeq, strict);
  return p ? p.id : E.STREAM_ID_INVALID;
}

/** streamParseIntervalIDOrReply: "(" makes the bound exclusive (and the rest strict). */
export function parseIntervalId(arg: string, missingSeq: bigint): { id: StreamID; exclusive: boolean } | Reply {
  const exclusive = arg.length > 1 && arg[0] === "(";
  const p = exclusive ? parseId(arg.slice(1), missingSeq, true) : parseId(arg, missingSeq, false);
  return p ? { id: p.id, exclusive } : E.STREAM_ID_INVALID;
}

/** The stream at key for reading: undefined when missing, WRONGTYPE for another type. */
export function readStream(c: Client, key: string): StreamObject | undefined | Reply {
  const o = c.db.lookupRead(key);
  if (!o) return undefined;
  return o.type === "stream" ? o : E.WRONGTYPE;
}

export function writeStream(c: Client, key: string): StreamObject | undefined | Reply {
  const o = c.db.lookupWrite(key);
  if (!o) return undefined;
  return o.type === "stream" ? o : E.WRONGTYPE;
}

export function createStream(c: Client, key: string): StreamObject {
  const o: StreamObject = { type: "stream", enc: "stream", value: new StreamValue(), ...blankHeader() };
  c.db.add(key, o);
  return o;
}

export function nodeLimits(c: Client): { maxEntries: number; maxBytes: number } {
  return {
    maxEntries: c.server.config.num("stream-node-max-entries"),
    maxBytes: c.server.config.num("stream-node-max-bytes"),
  };
}

export const idReply = (id: StreamID): Reply => bulk(idText(id));

/** One entry as Redis sends it: [id, [field, value, ...]]. */
export const entryReply = (e: StreamEntry): Reply => arr([idReply(e.id), bulkArray(e.fields)]);

/** A PEL entry whose stream entry was deleted: [id, nil]. */
export const deletedEntryReply = (id: StreamID): Reply => arr([idReply(id), NULL_ARRAY]);

/** streamIncrID: the next ID, or null past the last possible one. */
export const incrId = (id: StreamID): StreamID | null => (id === ID_MAX ? null : id + 1n);
/** streamDecrID: the previous ID, or null before 0-0. */
export const decrId = (id: StreamID): StreamID | null => (id === 0n ? null : id - 1n);

/** streamRangeHasTombstones: whether an XDEL may have left a hole in [start, end]. */
export function hasTombstones(s: StreamValue, start: StreamID, end: StreamID = ID_MAX): boolean {
  if (s.length === 0 || s.maxDeletedId === 0n) return false;
  if (s.firstId > s.maxDeletedId) return false;
  return start <= s.maxDeletedId && s.maxDeletedId <= end;
}

/** streamEstimateDistanceFromFirstEverEntry: an ID's logical read counter, or -1 when unknown. */
export function estimateDistance(s: StreamValue, id: StreamID): number {
  if (!s.entriesAdded) return 0;
  if (!s.length && id <= s.lastId) return s.entriesAdded;
  if (id === s.lastId) return s.entriesAdded;
  if (id > s.lastId) return -1;
  if (s.maxDeletedId === 0n || s.maxDeletedId < s.firstId) {
    if (id < s.firstId) return s.entriesAdded - s.length;
    if (id === s.firstId) return s.entriesAdded - s.length + 1;
  }
  return -1;
}

/** streamReplyWithCGLag: the group's lag, or -1 when it cannot be known (a null reply). */
export function groupLag(s: StreamValue, g: Group): number {
  if (!s.entriesAdded) return 0;
  if (g.entriesRead !== -1 && !hasTombstones(s, g.lastId)) return s.entriesAdded - g.entriesRead;
  const read = estimateDistance(s, g.lastId);
  return read === -1 ? -1 : s.entriesAdded - read;
}
