/**
 * F-12 "Caching patterns": cache-aside (miss, hit, TTL that reads don't extend), invalidation on
 * write and its ordering, write-through, write-behind and read-through, the stampede on a hot
 * key's expiry and its fixes (a SET NX PX lock, early recompute, TTL jitter), warm-up, and how
 * to choose. The database is simulated inside the playground: db:* keys, with a query counter
 * dbhits that each simulated query increments, and each client tab is an app server.
 *
 * The signature exercise stages a stampede with the clock (the hot entry expires) and two
 * scripted app servers that race for the lock right after the learner's next command.
 */
import type { Module } from "../types";
import { examples } from "./examples";
import { exercises } from "./exercises";
import { sections } from "./sections";

export const module: Module = {
  id: "F-12",
  title: "Caching patterns",
  summary:
    "Put Redis in front of a (simulated) slow database: cache-aside with TTLs, invalidation on write, write-through, write-behind and read-through; watch three app servers stampede the database when a hot entry expires, and stop it with a lock and jittered TTLs.",
  sections,
  examples,
  exercises,
};
