/**
 * The structure behind a value, for the key inspector's per-type views: what a list's quicklist
 * nodes hold, who in a stream's consumer groups still owes an acknowledgement, whether a string
 * is a HyperLogLog (and what it would count), whether a sorted set's scores are geo cells.
 *
 * Part of the side-effect-free inspection path (inspect.ts): everything here only reads. In
 * particular the HyperLogLog estimate is computed from the registers without storing it in
 * the header's cached cardinality, as PFCOUNT would — a look must not make the next PFCOUNT
 * cheaper than it would have been, nor change the value's bytes.
 */
import type { RedisObject, StringObject } from "./object";
import { HLL_DENSE, bytesOf, cachedCard, encodingOf, isValidHll } from "./types/hyperloglog";
import { hllCount } from "./types/hyperloglog-count";
import { decodeScore } from "./types/geohash";
import { idText, type StreamValue } from "./types/stream";
import type { QuickList } from "./types/quicklist";

/** How many quicklist nodes, consumers and pending entries a view carries at most. */
export const EXTRA_LIMIT = 1000;

export interface ListNodesView {
  kind: "quicklist";
  /** Every node's element count and listpack bytes, head to tail (cut at EXTRA_LIMIT). */
  nodes: { count: number; bytes: number }[];
  /** All nodes, whatever `nodes` holds. */
  nodeCount: number;
  /** list-max-listpack-size and list-compress-depth as the list was created with. */
  fill: number;
  compress: number;
}

export interface PendingView {
  id: string;
  consumer: string;
  /** Milliseconds since the entry was last delivered (XPENDING's idle). */
  idleMs: number;
  deliveries: number;
}

export interface GroupView {
  name: string;
  lastDeliveredId: string;
  /** entries-read; null when Redis no longer knows it (-1). */
  entriesRead: number | null;
  pendingCount: number;
  consumers: { name: string; pending: number; idleMs: number }[];
  /** The group's pending entries list, oldest ID first (cut at EXTRA_LIMIT). */
  pending: PendingView[];
}

export interface StreamGroupsView {
  kind: "stream";
  lastId: string;
  entriesAdded: number;
  maxDeletedId: string;
  groups: GroupView[];
}

export interface HllView {
  kind: "hll";
  representation: "sparse" | "dense";
  /** What PFCOUNT would answer (as text: it may exceed 2^53); null for a corrupt sparse HLL. */
  estimate: string | null;
  /** True when the header holds a valid cached cardinality (the next PFCOUNT reads it). */
  cached: boolean;
  bytes: number;
}

export interface GeoView {
  kind: "geo";
  /** Member, longitude, latitude: the centre of the member's geohash cell, as GEOPOS says. */
  points: [member: string, lon: number, lat: number][];
}

export type ValueExtra = ListNodesView | StreamGroupsView | HllView | GeoView;

/** A score GEOADD could have written: an integer in [0, 2^52). */
const GEO_SCORE_MAX = 2 ** 52;
export const isGeoScore = (score: number): boolean => Number.isInteger(score) && score >= 0 && score < GEO_SCORE_MAX;

export function valueExtra(o: RedisObject, now: number): ValueExtra | undefined {
  switch (o.type) {
    case "list":
      return listNodes(o.value);
    case "stream":
      return streamGroups(o.value, now);
    case "string":
      return hll(o);
    case "zset":
      return geo(o.value.toView(EXTRA_LIMIT));
    default:
      return undefined;
  }
}

function listNodes(q: QuickList): ListNodesView {
  const nodes: { count: number; bytes: number }[] = [];
  for (let n = q.head; n && nodes.length < EXTRA_LIMIT; n = n.next) nodes.push({ count: n.count, bytes: n.sz });
  return { kind: "quicklist", nodes, nodeCount: q.nodes, fill: q.fill, compress: q.compress };
}

function streamGroups(s: StreamValue, now: number): StreamGroupsView {
  const groups: GroupView[] = [];
  for (const g of s.groups.values()) {
    const pending: PendingView[] = [];
    for (const [id, nack] of g.pel.entries()) {
      if (pending.length >= EXTRA_LIMIT) break;
      pending.push({ id: idText(id), consumer: nack.consumer.name, idleMs: Math.max(0, now - nack.deliveryTime), deliveries: nack.deliveryCount });
    }
    const consumers = [...g.consumers.values()]
      .slice(0, EXTRA_LIMIT)
      .map((c) => ({ name: c.name, pending: c.pel.size, idleMs: Math.max(0, now - c.seenTime) }));
    groups.push({
      name: g.name,
      lastDeliveredId: idText(g.lastId),
      entriesRead: g.entriesRead < 0 ? null : g.entriesRead,
      pendingCount: g.pel.size,
      consumers,
      pending,
    });
  }
  return { kind: "stream", lastId: idText(s.lastId), entriesAdded: s.entriesAdded, maxDeletedId: idText(s.maxDeletedId), groups };
}

function hll(o: StringObject): HllView | undefined {
  if (o.enc === "int" || !isValidHll(o)) return undefined;
  const b = bytesOf(o);
  const count = hllCount(b);
  return {
    kind: "hll",
    representation: encodingOf(b) === HLL_DENSE ? "dense" : "sparse",
    estimate: count === null ? null : String(count),
    cached: cachedCard(b) !== null,
    bytes: b.len,
  };
}

function geo(entries: [string, number][]): GeoView | undefined {
  if (!entries.length || !entries.every(([, s]) => isGeoScore(s))) return undefined;
  return { kind: "geo", points: entries.map(([m, s]) => [m, ...decodeScore(s)]) };
}
