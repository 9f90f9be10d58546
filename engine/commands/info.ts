/**
 * INFO: the server's own report, section by section, in Redis 7.0's field order.
 *
 * Figures the engine knows are live (keyspace, hits/misses, commands, connections, expired
 * keys, errors, clients, config values). Figures it cannot know (process id, CPU time, RSS) are
 * plausible and stable. Memory figures are a rough estimate here; the memory model (MEMORY
 * USAGE, maxmemory) replaces them with figures built on Redis' allocation sizes.
 */
import type { Server } from "../server";
import { verbatim, type Reply } from "../reply";
import type { CommandDef } from "./table";

type Section = (s: Server) => string[];

const REDIS_VERSION = "7.0.15";
/** Bytes Redis 7.0 reports as used right after start-up, before any key exists. */
const STARTUP_MEMORY = 876248;

const human = (bytes: number): string => {
  const units = ["B", "K", "M", "G", "T", "P"];
  let v = bytes;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return i === 0 ? `${bytes}B` : `${v.toFixed(2)}${units[i]}`;
};

/**
 * A stand-in until the memory model lands (MEMORY USAGE built on Redis' allocation sizes): a
 * flat per-key figure, so INFO stays O(databases) as Redis' used_memory is O(1).
 */
const BYTES_PER_KEY_ESTIMATE = 100;
function usedMemory(s: Server): number {
  let bytes = STARTUP_MEMORY;
  for (const db of s.dbs) bytes += db.size * BYTES_PER_KEY_ESTIMATE;
  return bytes;
}

const seconds = (ms: number) => Math.floor(ms / 1000);

const SECTIONS: Record<string, Section> = {
  server: (s) => {
    const now = s.now();
    const up = seconds(now - s.startedAt);
    return [
      `redis_version:${REDIS_VERSION}`,
      "redis_git_sha1:00000000",
      "redis_git_dirty:0",
      "redis_build_id:ae4d7c971a948f0",
      "redis_mode:standalone",
      "os:Linux 6.1.0 x86_64",
      "arch_bits:64",
      "monotonic_clock:POSIX clock_gettime",
      "multiplexing_api:epoll",
      "atomicvar_api:c11-builtin",
      "gcc_version:12.2.0",
      "process_id:1",
      "process_supervised:no",
      `run_id:${s.runId}`,
      `tcp_port:${s.config.get("port")}`,
      `server_time_usec:${Math.floor(now * 1000)}`,
      `uptime_in_seconds:${up}`,
      `uptime_in_days:${Math.floor(up / 86400)}`,
      `hz:${s.effectiveHz()}`,
      `configured_hz:${s.config.get("hz")}`,
      `lru_clock:${s.lruClock() & 0xffffff}`,
      "executable:/usr/bin/redis-server",
      "config_file:",
      "io_threads_active:0",
    ];
  },
  clients: (s) => [
    `connected_clients:${s.clients.size}`,
    "cluster_connections:0",
    `maxclients:${s.config.get("maxclients")}`,
    "client_recent_max_input_buffer:0",
    "client_recent_max_output_buffer:0",
    `blocked_clients:${s.blocking.blockedClients}`,
    "tracking_clients:0",
    `clients_in_timeout_table:${s.blocking.withTimeout}`,
  ],
  memory: (s) => {
    const used = usedMemory(s);
    const max = s.config.num("maxmemory");
    return [
      `used_memory:${used}`,
      `used_memory_human:${human(used)}`,
      `used_memory_rss:${used + 6_000_000}`,
      `used_memory_rss_human:${human(used + 6_000_000)}`,
      `used_memory_peak:${used}`,
      `used_memory_peak_human:${human(used)}`,
      "used_memory_peak_perc:100.00%",
      `used_memory_overhead:${STARTUP_MEMORY}`,
      `used_memory_startup:${STARTUP_MEMORY}`,
      `used_memory_dataset:${used - STARTUP_MEMORY}`,
      `used_memory_dataset_perc:${used > STARTUP_MEMORY ? "100.00" : "0.00"}%`,
      `maxmemory:${max}`,
      `maxmemory_human:${human(max)}`,
      `maxmemory_policy:${s.config.get("maxmemory-policy")}`,
      "mem_allocator:jemalloc-5.3.0",
      "lazyfree_pending_objects:0",
      "lazyfreed_objects:0",
    ];
  },
  persistence: (s) => [
    "loading:0",
    "async_loading:0",
    `rdb_changes_since_last_save:${s.stats.dirty}`,
    "rdb_bgsave_in_progress:0",
    `rdb_last_save_time:${seconds(s.startedAt)}`,
    "rdb_last_bgsave_status:ok",
    "rdb_last_bgsave_time_sec:-1",
    "rdb_current_bgsave_time_sec:-1",
    "rdb_saves:0",
    `aof_enabled:${s.config.get("appendonly") === "yes" ? 1 : 0}`,
    "aof_rewrite_in_progress:0",
    "aof_rewrite_scheduled:0",
    "aof_last_rewrite_time_sec:-1",
    "aof_current_rewrite_time_sec:-1",
    "aof_last_bgrewrite_status:ok",
    "aof_rewrites:0",
    "aof_last_write_status:ok",
  ],
  stats: (s) => {
    const st = s.stats;
    return [
      `total_connections_received:${st.totalConnections}`,
      `total_commands_processed:${st.totalCommands}`,
      "instantaneous_ops_per_sec:0",
      "rejected_connections:0",
      "sync_full:0",
      "sync_partial_ok:0",
      "sync_partial_err:0",
      `expired_keys:${st.expiredKeys}`,
      `expired_stale_perc:${st.expiredStalePerc.toFixed(2)}`,
      `expired_time_cap_reached_count:${st.expiredTimeCapReachedCount}`,
      `evicted_keys:${st.evictedKeys}`,
      "evicted_clients:0",
      `keyspace_hits:${st.keyspaceHits}`,
      `keyspace_misses:${st.keyspaceMisses}`,
      `pubsub_channels:${s.pubsub.channels.size}`,
      `pubsub_patterns:${s.pubsub.patterns.size}`,
      `pubsubshard_channels:${s.pubsub.shardChannels.size}`,
      "total_forks:0",
      "unexpected_error_replies:0",
      `total_error_replies:${st.totalErrorReplies}`,
    ];
  },
  replication: (s) => [
    "role:master",
    "connected_slaves:0",
    "master_failover_state:no-failover",
    `master_replid:${s.runId}`,
    "master_replid2:0000000000000000000000000000000000000000",
    "master_repl_offset:0",
    "second_repl_offset:-1",
    "repl_backlog_active:0",
    "repl_backlog_size:1048576",
    "repl_backlog_first_byte_offset:0",
    "repl_backlog_histlen:0",
  ],
  cpu: () => [
    "used_cpu_sys:0.000000",
    "used_cpu_user:0.000000",
    "used_cpu_sys_children:0.000000",
    "used_cpu_user_children:0.000000",
    "used_cpu_sys_main_thread:0.000000",
    "used_cpu_user_main_thread:0.000000",
  ],
  modules: () => [],
  commandstats: (s) =>
    [...s.stats.commands].filter(([, c]) => c.calls || c.rejectedCalls || c.failedCalls).map(
      ([name, c]) =>
        `cmdstat_${name}:calls=${c.calls},usec=${c.usec},usec_per_call=${(c.calls ? c.usec / c.calls : 0).toFixed(2)},rejected_calls=${c.rejectedCalls},failed_calls=${c.failedCalls}`,
    ),
  errorstats: (s) => [...s.stats.errors].map(([code, n]) => `errorstat_${code}:count=${n}`),
  latencystats: (s) =>
    [...s.stats.commands]
      .filter(([, c]) => c.calls > 0)
      .map(([name]) => `latency_percentiles_usec_${name}:p50=0.001,p99=0.001,p99.9=0.001`),
  cluster: () => ["cluster_enabled:0"],
  keyspace: (s) =>
    s.dbs
      .filter((db) => db.size > 0)
      .map((db) => `db${db.id}:keys=${db.size},expires=${db.expires.size},avg_ttl=0`),
};

const TITLES: Record<string, string> = {
  server: "Server",
  clients: "Clients",
  memory: "Memory",
  persistence: "Persistence",
  stats: "Stats",
  replication: "Replication",
  cpu: "CPU",
  modules: "Modules",
  commandstats: "Commandstats",
  errorstats: "Errorstats",
  latencystats: "Latencystats",
  cluster: "Cluster",
  keyspace: "Keyspace",
};

/** Report order, as genRedisInfoString writes sections. */
const ORDER = Object.keys(TITLES);
const DEFAULT = new Set(["server", "clients", "memory", "persistence", "stats", "replication", "cpu", "modules", "errorstats", "cluster", "keyspace"]);

/** The INFO text for the requested section names (lowercase), as Redis 7.0 selects them. */
export function infoText(s: Server, requested: readonly string[]): string {
  const wanted = new Set<string>();
  const args = requested.length ? requested : ["default"];
  for (const a of args) {
    // "all" leaves out sections generated by modules; no module is ever loaded here, so it
    // selects the same sections as "everything".
    if (a === "all" || a === "everything") for (const k of ORDER) wanted.add(k);
    else if (a === "default") for (const k of DEFAULT) wanted.add(k);
    else wanted.add(a);
  }
  const parts: string[] = [];
  for (const name of ORDER) {
    if (!wanted.has(name)) continue;
    const lines = SECTIONS[name](s);
    parts.push(`# ${TITLES[name]}\r\n${lines.map((l) => `${l}\r\n`).join("")}`);
  }
  return parts.join("\r\n");
}

export const infoCommands: CommandDef[] = [
  {
    name: "info",
    summary: "Reports the server's state and statistics, section by section.",
    handler: (c, argv): Reply => verbatim(infoText(c.server, argv.slice(1).map((a) => a.toLowerCase()))),
  },
];
