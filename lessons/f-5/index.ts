/**
 * F-5 "TTL, expiry and eviction": keys with a time to live, watched with a clock the learner
 * fast-forwards; the EXPIRE family with Redis 7.0's NX/XX/GT/LT options and EXPIRETIME; what
 * keeps a TTL and what wipes it (a plain SET); lazy and active expiry made visible by switching
 * the background sweep off (DBSIZE still counts expired keys until something touches them,
 * expired_keys counts them when deleted); maxmemory, the OOM error under noeviction, the eight
 * policies, and an eviction run in which only a volatile-* policy keeps every session.
 *
 * Memory figures are modelled: no used_memory number appears in an expected reply; the
 * eviction exercise compares used_memory with maxmemory and counts surviving keys.
 */
import type { Module } from "../types";
import { examples } from "./examples";
import { exercises } from "./exercises";
import { sections } from "./sections";

export const module: Module = {
  id: "F-5",
  title: "TTL, expiry and eviction",
  summary:
    "Give keys a time to live and fast-forward the clock to watch them go; use EXPIRE's NX/XX/GT/LT options; learn which commands keep a TTL and which wipe it; see lazy and active expiry in DBSIZE and expired_keys; and run an eviction under two maxmemory policies to see which keys survive.",
  sections,
  examples,
  exercises,
};
