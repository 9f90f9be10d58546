/**
 * F-9 "Streams and consumer groups": a stream as an append-only log with time-based IDs,
 * reading by range and following with XREAD, trimming, consumer groups with XREADGROUP and
 * the pending entries list, recovering a crashed consumer's entries with XAUTOCLAIM after the
 * clock has moved, dead letters by delivery count, and where Kafka or BullMQ fit instead.
 *
 * The signature exercise (f9-recover) stages the crash in a second tab: worker-1 takes three
 * entries and never acknowledges them; the setup moves the paused clock five minutes so they
 * are idle, and the learner claims them as worker-2 and acknowledges them. Checks read the
 * group's pending list through XPENDING (reads.ts).
 */
import type { Module } from "../types";
import { examples } from "./examples";
import { exercises } from "./exercises";
import { sections } from "./sections";

export const module: Module = {
  id: "F-9",
  title: "Streams and consumer groups",
  summary:
    "Streams as append-only logs with time-based IDs: XADD, XRANGE and XREAD, trimming, consumer groups sharing work with XREADGROUP and XACK, the pending entries list, taking over a crashed consumer's entries with XAUTOCLAIM, dead letters, and when Kafka or BullMQ fit better.",
  sections,
  examples,
  exercises,
};
