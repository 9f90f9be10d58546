/**
 * The examples the shared suite (course.test.ts) does not replay on real Redis, each with why.
 * lessons/runtime/portability.ts decides from the steps; this list is what we know and accept,
 * so a new playground-only example cannot slip in silently: add it here, with its reason.
 * Entries of modules not registered yet in lessons/index.ts are ignored. Examples that wait
 * 3 s or less (f5-lazy-active, f8-expired, the DEBUG SLEEPs of F-4) do run, waiting for real.
 */
export const KNOWN_REAL_REDIS_SKIPS: readonly { module: string; example: string }[] = [
  // Reads busy-reply-threshold, which the playground lowers to 1000 ms (Redis: 5000).
  { module: "F-4", example: "f4-threads" },
  // Advances the clock 101 s to watch a TTL run out: too long a real wait.
  { module: "F-5", example: "f5-ttl-basics" },
  // Shows the playground's modelled 64 MB maxmemory; a real server's default is 0.
  { module: "F-5", example: "f5-oom" },
  // Advances the clock 60 s so the entries go idle for XAUTOCLAIM: too long a real wait.
  { module: "F-9", example: "f9-autoclaim" },
];
