/**
 * The server's memory as INFO memory, MEMORY STATS and MEMORY DOCTOR put it, from one set of
 * figures so the three always agree with each other.
 *
 * used_memory and its parts come from the accountant (accountant.ts). What only a real
 * process has (RSS, the allocator's own active/resident pages, total system memory) is
 * derived from used_memory with fixed, plausible ratios taken from a quiet redis-server 7.0:
 * stable, consistent, and never tripping the doctor's fragmentation warnings by accident.
 */
import type { Server } from "../server";
import { doubleText, int, bulk, map, type Reply } from "../reply";
import { formatDouble17g } from "../util/format";
import { FUNCTIONS_MEMORY, LUA_VM_EVAL, LUA_VM_FUNCTIONS, type MemoryFigures } from "./accountant";

/** jemalloc's own metadata and thread caches beyond what Redis counts. */
const ALLOCATOR_EXTRA = 776000;
const ALLOCATOR_FRAG = 1.08;
const ALLOCATOR_RSS_EXTRA = 2670592;
const PROCESS_RSS_EXTRA = 2207744;
const PAGE = 4096;
/** total_system_memory: a stable, plausible 8 GB machine. */
export const TOTAL_SYSTEM_MEMORY = 8 * 1024 ** 3;

/** Redis' bytesToHuman. */
export function bytesToHuman(n: number): string {
  const units = ["K", "M", "G", "T", "P"];
  if (n < 1024) return `${n}B`;
  let v = n / 1024;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v.toFixed(2)}${units[i]}`;
}

export interface ProcessFigures {
  allocated: number;
  active: number;
  resident: number;
  rss: number;
}

export function processFigures(used: number): ProcessFigures {
  const allocated = used + ALLOCATOR_EXTRA;
  const active = Math.ceil((allocated * ALLOCATOR_FRAG) / PAGE) * PAGE;
  const resident = active + ALLOCATOR_RSS_EXTRA;
  const rss = resident + PROCESS_RSS_EXTRA;
  return { allocated, active, resident, rss };
}

const ratio = (a: number, b: number) => (b ? a / b : 0);
const pct2 = (x: number) => `${x.toFixed(2)}%`;

/** The figures getMemoryOverheadData derives (percentages, bytes per key). */
function derived(f: MemoryFigures) {
  const net = f.used - f.startup;
  return {
    net,
    datasetPerc: net > 0 ? (f.dataset * 100) / net : 0,
    peakPerc: f.peak ? (f.used * 100) / f.peak : 0,
    bytesPerKey: f.keys ? Math.floor(net / f.keys) : 0,
  };
}

/** The INFO memory section, in Redis 7.0's field order. */
export function infoMemory(s: Server): string[] {
  const f = s.memory.figures();
  const p = processFigures(f.used);
  const d = derived(f);
  const max = s.config.num("maxmemory");
  const vmTotal = LUA_VM_EVAL + LUA_VM_FUNCTIONS;
  return [
    `used_memory:${f.used}`,
    `used_memory_human:${bytesToHuman(f.used)}`,
    `used_memory_rss:${p.rss}`,
    `used_memory_rss_human:${bytesToHuman(p.rss)}`,
    `used_memory_peak:${f.peak}`,
    `used_memory_peak_human:${bytesToHuman(f.peak)}`,
    `used_memory_peak_perc:${pct2(d.peakPerc)}`,
    `used_memory_overhead:${f.overhead}`,
    `used_memory_startup:${f.startup}`,
    `used_memory_dataset:${f.dataset}`,
    `used_memory_dataset_perc:${pct2(d.datasetPerc)}`,
    `allocator_allocated:${p.allocated}`,
    `allocator_active:${p.active}`,
    `allocator_resident:${p.resident}`,
    `total_system_memory:${TOTAL_SYSTEM_MEMORY}`,
    `total_system_memory_human:${bytesToHuman(TOTAL_SYSTEM_MEMORY)}`,
    `used_memory_lua:${LUA_VM_EVAL}`,
    `used_memory_vm_eval:${LUA_VM_EVAL}`,
    `used_memory_lua_human:${bytesToHuman(LUA_VM_EVAL)}`,
    "used_memory_scripts_eval:0",
    "number_of_cached_scripts:0",
    "number_of_functions:0",
    "number_of_libraries:0",
    `used_memory_vm_functions:${LUA_VM_FUNCTIONS}`,
    `used_memory_vm_total:${vmTotal}`,
    `used_memory_vm_total_human:${bytesToHuman(vmTotal)}`,
    `used_memory_functions:${FUNCTIONS_MEMORY}`,
    `used_memory_scripts:${FUNCTIONS_MEMORY}`,
    `used_memory_scripts_human:${bytesToHuman(FUNCTIONS_MEMORY)}`,
    `maxmemory:${max}`,
    `maxmemory_human:${bytesToHuman(max)}`,
    `maxmemory_policy:${s.config.get("maxmemory-policy")}`,
    `allocator_frag_ratio:${ratio(p.active, p.allocated).toFixed(2)}`,
    `allocator_frag_bytes:${p.active - p.allocated}`,
    `allocator_rss_ratio:${ratio(p.resident, p.active).toFixed(2)}`,
    `allocator_rss_bytes:${p.resident - p.active}`,
    `rss_overhead_ratio:${ratio(p.rss, p.resident).toFixed(2)}`,
    `rss_overhead_bytes:${p.rss - p.resident}`,
    `mem_fragmentation_ratio:${ratio(p.rss, f.used).toFixed(2)}`,
    `mem_fragmentation_bytes:${p.rss - f.used}`,
    "mem_not_counted_for_evict:0",
    "mem_replication_backlog:0",
    "mem_total_replication_buffers:0",
    "mem_clients_slaves:0",
    `mem_clients_normal:${f.clients}`,
    "mem_cluster_links:0",
    "mem_aof_buffer:0",
    "mem_allocator:jemalloc-5.3.0",
    "active_defrag_running:0",
    "lazyfree_pending_objects:0",
    "lazyfreed_objects:0",
  ];
}

/** Redis replies these ratios as C floats printed with %.17g. */
const float = (x: number): Reply => {
  const v = Math.fround(x);
  return doubleText(v, formatDouble17g(v));
};

/** MEMORY STATS: a map (flat pairs in RESP2) in Redis 7.0's key order. */
export function memoryStats(s: Server): Reply {
  const f = s.memory.figures();
  const p = processFigures(f.used);
  const d = derived(f);
  const out: Reply[] = [];
  const put = (k: string, v: Reply) => out.push(bulk(k), v);
  put("peak.allocated", int(f.peak));
  put("total.allocated", int(f.used));
  put("startup.allocated", int(f.startup));
  put("replication.backlog", int(0));
  put("clients.slaves", int(0));
  put("clients.normal", int(f.clients));
  put("cluster.links", int(0));
  put("aof.buffer", int(0));
  put("lua.caches", int(0));
  put("functions.caches", int(FUNCTIONS_MEMORY));
  for (const db of f.dbs) {
    put(
      `db.${db.id}`,
      map([bulk("overhead.hashtable.main"), int(db.main), bulk("overhead.hashtable.expires"), int(db.expires), bulk("overhead.hashtable.slot-to-keys"), int(0)]),
    );
  }
  put("overhead.total", int(f.overhead));
  put("keys.count", int(f.keys));
  put("keys.bytes-per-key", int(d.bytesPerKey));
  put("dataset.bytes", int(f.dataset));
  put("dataset.percentage", float(d.datasetPerc));
  put("peak.percentage", float(d.peakPerc));
  put("allocator.allocated", int(p.allocated));
  put("allocator.active", int(p.active));
  put("allocator.resident", int(p.resident));
  put("allocator-fragmentation.ratio", float(ratio(p.active, p.allocated)));
  put("allocator-fragmentation.bytes", int(p.active - p.allocated));
  put("allocator-rss.ratio", float(ratio(p.resident, p.active)));
  put("allocator-rss.bytes", int(p.resident - p.active));
  put("rss-overhead.ratio", float(ratio(p.rss, p.resident)));
  put("rss-overhead.bytes", int(p.rss - p.resident));
  put("fragmentation", float(ratio(p.rss, f.used)));
  put("fragmentation.bytes", int(p.rss - f.used));
  return map(out);
}

/** getMemoryDoctorReport's threshold for "too little memory to judge". */
const DOCTOR_MIN_BYTES = 5 * 1024 * 1024;

/**
 * MEMORY DOCTOR. Of Redis' checks only the peak one can fire here: fragmentation and RSS
 * figures are modelled with ratios that stay under its thresholds, and there are no replicas
 * or big client buffers.
 */
export function memoryDoctor(s: Server): string {
  const f = s.memory.figures();
  if (f.used < DOCTOR_MIN_BYTES) {
    return (
      "Hi Sam, this instance is empty or is using very little memory, my issues detector can't be used in these conditions. " +
      "Please, leave for your mission on Earth and fill it with some data. The new Sam and I will be back to our programming as soon as I finished rebooting.\n"
    );
  }
  if (Math.fround(f.peak / f.used) > 1.5) {
    return (
      "Sam, I detected a few issues in this Redis instance memory implants:\n\n" +
      " * Peak memory: In the past this instance used more than 150% the memory that is currently using. The allocator is normally not able to release memory after a peak, so you can expect to see a big fragmentation ratio, however this is actually harmless and is only due to the memory peak, and if the Redis instance Resident Set Size (RSS) is currently bigger than expected, the memory will be used as soon as you fill the Redis instance with more data. If the memory peak was only occasional and you want to try to reclaim memory, please try the MEMORY PURGE command, otherwise the only other option is to shutdown and restart the instance.\n\n" +
      "I'm here to keep you safe, Sam. I want to help you.\n"
    );
  }
  return "Hi Sam, I can't find any memory issue in your instance. I can only account for what occurs on this base.\n";
}

/**
 * MEMORY MALLOC-STATS: the head of jemalloc's report with the modelled totals. The per-arena
 * and per-size-class tables of a real report describe a real process; there is none here.
 */
export function mallocStats(s: Server): string {
  const p = processFigures(s.memory.used());
  return [
    "___ Begin jemalloc statistics ___",
    'Version: "5.3.0-0-g54eaed1d8b56b1aa528be3bdd1877e59c56fa90c"',
    "Build-time option settings",
    "  config.cache_oblivious: true",
    "  config.debug: false",
    "  config.fill: true",
    "  config.lazy_lock: false",
    '  config.malloc_conf: ""',
    "  config.prof: false",
    "  config.stats: true",
    "  config.utrace: false",
    "  config.xmalloc: false",
    "Arenas: 4",
    "Quantum size: 16",
    "Page size: 4096",
    `Allocated: ${p.allocated}, active: ${p.active}, metadata: 2424880 (n_thp 0), resident: ${p.resident}, mapped: ${p.resident + 4194304}, retained: 1085440`,
    "--- End jemalloc statistics ---",
    "",
  ].join("\n");
}
