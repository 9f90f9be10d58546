/**
 * What F-9's checks need to know about a stream's consumer groups. The inspection path shows
 * a stream's entries but not its groups, so these ask the checker connection (XINFO GROUPS,
 * XPENDING, XINFO CONSUMERS): all three are reads that change nothing a learner can see.
 */
import type { Reply } from "@/engine/reply";
import type { StateReader } from "../types";

export interface GroupInfo {
  name: string;
  lastDeliveredId: string;
  /** How many entries the group has handed out; null when Redis does not know (created at $). */
  entriesRead: number | null;
}

export interface PendingEntry {
  id: string;
  consumer: string;
  idleMs: number;
  deliveries: number;
}

const text = (r: Reply | undefined): string => (r && (r.t === "bulk" || r.t === "simple") ? r.v : "");
const num = (r: Reply | undefined): number | null => (r && r.t === "int" ? Number(r.v) : null);
const items = (r: Reply): readonly Reply[] => (r.t === "array" || r.t === "map" ? r.v : []);

/** A flat [name, value, name, value…] reply as a lookup. */
function fields(r: Reply): Map<string, Reply> {
  const v = items(r);
  const m = new Map<string, Reply>();
  for (let i = 0; i + 1 < v.length; i += 2) m.set(text(v[i]), v[i + 1]);
  return m;
}

/** The stream's consumer groups by name; null when the key is missing or not a stream. */
export async function groupsOf(s: StateReader, key: string): Promise<Map<string, GroupInfo> | null> {
  const r = await s.command(["XINFO", "GROUPS", key]);
  if (r.t === "error") return null;
  const out = new Map<string, GroupInfo>();
  for (const g of items(r)) {
    const f = fields(g);
    const name = text(f.get("name"));
    out.set(name, { name, lastDeliveredId: text(f.get("last-delivered-id")), entriesRead: num(f.get("entries-read")) });
  }
  return out;
}

/** A group's pending entries (the PEL), oldest first; null when the group does not exist. */
export async function pendingOf(s: StateReader, key: string, group: string): Promise<PendingEntry[] | null> {
  const r = await s.command(["XPENDING", key, group, "-", "+", "1000"]);
  if (r.t === "error") return null;
  return items(r).map((e) => {
    const [id, consumer, idle, count] = items(e);
    return { id: text(id), consumer: text(consumer), idleMs: num(idle) ?? 0, deliveries: num(count) ?? 0 };
  });
}

/** The names of a group's consumers (empty when the group or key is missing). */
export async function consumersOf(s: StateReader, key: string, group: string): Promise<string[]> {
  const r = await s.command(["XINFO", "CONSUMERS", key, group]);
  if (r.t === "error") return [];
  return items(r).map((c) => text(fields(c).get("name")));
}

/** Orders two stream IDs ("ms-seq"): negative, zero or positive. */
export function compareIds(a: string, b: string): number {
  const [am, as = "0"] = a.split("-");
  const [bm, bs = "0"] = b.split("-");
  const d = BigInt(am) - BigInt(bm) || BigInt(as) - BigInt(bs);
  return d < 0n ? -1 : d > 0n ? 1 : 0;
}

/** A stream's entries as [id, fields] (what the inspector shows); null when not a stream. */
export async function entriesOf(s: StateReader, key: string): Promise<[string, Map<string, string>][] | null> {
  const k = await s.key(key);
  if (!k || k.value.type !== "stream") return null;
  return k.value.entries.map(([id, flat]) => {
    const m = new Map<string, string>();
    for (let i = 0; i + 1 < flat.length; i += 2) m.set(flat[i], flat[i + 1]);
    return [id, m];
  });
}

/**
 * How many entries a group skipped: those at or before its last-delivered-id that it never
 * handed out. A group created at $ (or moved past entries with SETID) skips them; a group
 * created at 0 skips none, and reading does not count as skipping.
 */
export async function skippedBy(s: StateReader, key: string, group: GroupInfo): Promise<number> {
  const list = (await entriesOf(s, key)) ?? [];
  const behind = list.filter(([id]) => compareIds(id, group.lastDeliveredId) <= 0).length;
  return Math.max(0, behind - (group.entriesRead ?? 0));
}
