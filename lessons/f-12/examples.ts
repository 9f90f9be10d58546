/**
 * F-12's runnable examples. Each gives the same replies on a fresh instance and after the ones
 * before it: examples that count database queries start by resetting dbhits, and no two share
 * a cache key. None touches a key an exercise checks. Every reply was run on redis-server
 * 7.0.15 with redis-cli (the expiry example waiting for real) and on the engine.
 */
import type { Example } from "../types";

export const examples: Example[] = [
  {
    id: "f12-aside-miss",
    steps: [
      { run: "HSET db:user:1 name Ada plan pro" },
      { run: "SET dbhits 0" },
      { run: "HGETALL cache:user:1" },
      { run: "HGETALL db:user:1" },
      { run: "INCR dbhits" },
      { run: "HSET cache:user:1 name Ada plan pro" },
      { run: "EXPIRE cache:user:1 300" },
    ],
    expect: ["(integer) 2", "OK", "(empty array)", '1) "name"\n2) "Ada"\n3) "plan"\n4) "pro"', "(integer) 1", "(integer) 2", "(integer) 1"],
    note: "The first two lines set the scene (a database row, a fresh query counter). Then: a miss, one query, and the row copied into the cache with a 300 s TTL.",
  },
  {
    id: "f12-aside-hit",
    steps: [
      { run: "HSET cache:user:5 name Lin plan free" },
      { run: "EXPIRE cache:user:5 300" },
      { run: "HGET cache:user:5 plan" },
      { run: "TTL cache:user:5" },
    ],
    expect: ["(integer) 2", "(integer) 1", '"free"', "(integer) 300"],
    note: "A hit: the answer comes from Redis and dbhits does not move.",
  },
  {
    id: "f12-expiry",
    steps: [
      { run: 'SET cache:banner "Spring sale" PX 1500' },
      { advanceMs: 1000 },
      { run: "GET cache:banner" },
      { advanceMs: 600 },
      { run: "GET cache:banner" },
    ],
    expect: ["OK", '"Spring sale"', "(nil)"],
    note: "The read at 1 s did not extend the TTL: at 1.6 s the entry is gone, and the next reader misses.",
  },
  {
    id: "f12-invalidate",
    steps: [
      { run: "HSET db:product:3 name Mug price 10" },
      { run: "HSET cache:product:3 name Mug price 10" },
      { run: "EXPIRE cache:product:3 3600" },
      { run: "HSET db:product:3 price 12" },
      { run: "DEL cache:product:3" },
      { run: "HGETALL cache:product:3" },
    ],
    expect: ["(integer) 2", "(integer) 2", "(integer) 1", "(integer) 0", "(integer) 1", "(empty array)"],
    note: "Database first, then the delete. The next read misses and loads price 12.",
  },
  {
    id: "f12-write-through",
    steps: [
      { run: "HSET db:product:4 name Pen price 3" },
      { run: "HSET cache:product:4 name Pen price 3" },
      { run: "EXPIRE cache:product:4 3600" },
      { run: "HSET db:product:4 price 4" },
      { run: "HSET cache:product:4 price 4" },
      { run: "HGET cache:product:4 price" },
      { run: "TTL cache:product:4" },
    ],
    expect: ["(integer) 2", "(integer) 2", "(integer) 1", "(integer) 0", "(integer) 0", '"4"', "(integer) 3600"],
    note: "Both copies updated; HSET kept the entry's TTL.",
  },
  {
    id: "f12-stampede",
    steps: [
      { run: 'SET db:page:home "Welcome!"' },
      { run: "SET dbhits 0" },
      { client: "A", run: "GET cache:page:home" },
      { client: "B", run: "GET cache:page:home" },
      { client: "C", run: "GET cache:page:home" },
      { client: "A", run: "GET db:page:home" },
      { client: "A", run: "INCR dbhits" },
      { client: "B", run: "GET db:page:home" },
      { client: "B", run: "INCR dbhits" },
      { client: "C", run: "GET db:page:home" },
      { client: "C", run: "INCR dbhits" },
    ],
    expect: ["OK", "OK", "(nil)", "(nil)", "(nil)", '"Welcome!"', "(integer) 1", '"Welcome!"', "(integer) 2", '"Welcome!"', "(integer) 3"],
    note: "Tabs A, B and C are three app servers. All three missed, so all three queried.",
  },
  {
    id: "f12-lock",
    steps: [
      { run: 'SET db:page:about "About us"' },
      { run: "SET dbhits 0" },
      { client: "A", run: "SET lock:page:about A NX PX 5000" },
      { client: "B", run: "SET lock:page:about B NX PX 5000" },
      { client: "C", run: "SET lock:page:about C NX PX 5000" },
      { client: "A", run: "GET db:page:about" },
      { client: "A", run: "INCR dbhits" },
      { client: "A", run: 'SET cache:page:about "About us" EX 60' },
      { client: "A", run: "DEL lock:page:about" },
      { client: "B", run: "GET cache:page:about" },
      { client: "C", run: "GET cache:page:about" },
    ],
    expect: ["OK", "OK", "OK", "(nil)", "(nil)", '"About us"', "(integer) 1", "OK", "(integer) 1", '"About us"', '"About us"'],
    note: "A won the lock; B and C got nil, waited, and read the cache A filled. One query.",
  },
];
