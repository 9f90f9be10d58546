/**
 * F-6 "HyperLogLog, bitmaps, geospatial": three tools built on types the learner knows. An HLL
 * is a string that estimates distinct counts in at most 12,304 bytes (sparse, then dense, with
 * a 0.81% standard error the learner measures against an exact set); a bitmap is a string with
 * one bit per user id, combined across days with BITOP; BITFIELD packs small counters with a
 * chosen overflow; a geo set is a sorted set scored by a 52-bit geohash, searched by radius.
 */
import type { Module } from "../types";
import { examples } from "./examples";
import { exercises } from "./exercises";
import { STD_ERROR_PCT, sections } from "./sections";

export const module: Module = {
  id: "F-6",
  title: "HyperLogLog, bitmaps, geospatial",
  summary: `Count distinct visitors in a few kilobytes with HyperLogLog (and measure its ${STD_ERROR_PCT}% error), track daily active users one bit each and combine days with BITOP, pack counters with BITFIELD, and find what is near with GEOADD and GEOSEARCH, which turn out to be a sorted set.`,
  sections,
  examples,
  exercises,
};
