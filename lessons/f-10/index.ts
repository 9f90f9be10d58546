/**
 * F-10 "Memory layout and object encoding": what a key costs (robj, the key's SDS, its
 * dictEntry), SDS and the 44-byte embstr line, jemalloc's size classes, encodings that hold the
 * same data in a fraction of the bytes (one small hash instead of many keys; bucketing), the
 * one-way conversion to hashtable, fragmentation and active defrag.
 *
 * MEMORY USAGE figures come from the playground's memory model and are labelled as modelled
 * in the prose; those in expected replies were checked against redis-server 7.0.15. The
 * signature exercise cuts 1,000 profiles' memory by at least 40%: a mis-set
 * hash-max-listpack-value makes them hash tables, and the learner's change decides how a
 * scripted nightly rebuild writes them.
 */
import type { Module } from "../types";
import { examples } from "./examples";
import { exercises } from "./exercises";
import { sections } from "./sections";

export const module: Module = {
  id: "F-10",
  title: "Memory layout and object encoding",
  summary:
    "See what a key really costs (robj, SDS, keyspace entry), why 44 bytes is a line and why ten more characters can cost nothing, watch a hash become a hash table and stay one, bucket users into small hashes, read the fragmentation ratio, and cut 1,000 profiles' memory by 40%.",
  sections,
  examples,
  exercises,
};
