/**
 * MEMORY USAGE | STATS | DOCTOR | MALLOC-STATS | PURGE | HELP: the server's memory as Redis 7.0
 * reports it, from the memory model in engine/memory/.
 */
import type { Client } from "../client";
import { E } from "../errors";
import { DEFAULT_SAMPLES, keyUsage } from "../memory/object-size";
import { mallocStats, memoryDoctor, memoryStats } from "../memory/report";
import { int, NULL, OK, verbatim, type Reply } from "../reply";
import { is, parseInt64 } from "./args";
import { helpReply } from "./object";
import type { CommandDef } from "./table";

const HELP = [
  "DOCTOR",
  "    Return memory problems reports.",
  "MALLOC-STATS",
  "    Return internal statistics report from the memory allocator.",
  "PURGE",
  "    Attempt to purge dirty pages for reclamation by the allocator.",
  "STATS",
  "    Return information about the memory usage of the server.",
  "USAGE <key> [SAMPLES <count>]",
  "    Return memory in bytes used by <key> and its value. Nested values are",
  "    sampled up to <count> times (default: 5, 0 means sample all).",
];

/** MEMORY USAGE key [SAMPLES n]: options parsed first, then the key read without side effects. */
function usage(c: Client, argv: string[]): Reply {
  let samples = DEFAULT_SAMPLES;
  for (let j = 3; j < argv.length; j++) {
    if (is(argv[j], "samples") && j + 1 < argv.length) {
      const n = parseInt64(argv[j + 1]);
      if (n === null) return E.NOT_INTEGER;
      if (n < 0) return E.SYNTAX;
      samples = n === 0 ? Infinity : Number(n);
      j++;
    } else {
      return E.SYNTAX;
    }
  }
  // memoryCommand finds the key in the dict directly: no expiry, no LRU touch, no hit/miss.
  const o = c.db.dict.get(argv[2]);
  if (!o) return NULL;
  const config = c.server.config;
  const opts = { samples, mode: "usage" as const, streamNodeMaxBytes: config.num("stream-node-max-bytes"), streamNodeMaxEntries: config.num("stream-node-max-entries") };
  return int(keyUsage(argv[2], o, opts));
}

export const memoryCommands: CommandDef[] = [
  {
    name: "memory",
    summary: "Reports memory use: per key, for the whole server, and the allocator's view.",
    subcommands: [
      { name: "usage", summary: "Estimates the bytes a key and its value take, sampling big collections.", handler: usage },
      { name: "stats", summary: "Breaks the server's memory down: overhead, dataset, per-database tables, allocator.", handler: (c) => memoryStats(c.server) },
      { name: "doctor", summary: "Reads the memory figures and reports problems it sees, in plain words.", handler: (c) => verbatim(memoryDoctor(c.server)) },
      { name: "malloc-stats", summary: "Shows the memory allocator's own statistics report.", handler: (c) => verbatim(mallocStats(c.server)) },
      // jemalloc returns dirty pages to the system; the model has none to return.
      { name: "purge", summary: "Asks the allocator to return unused pages to the system.", handler: () => OK },
      { name: "help", summary: "Lists the MEMORY subcommands.", handler: () => helpReply("memory", HELP) },
    ],
  },
];
