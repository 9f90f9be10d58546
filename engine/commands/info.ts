/**
 * INFO: the server's own report, section by section, in Redis 7.0's field order.
 *
 * Figures the engine knows are live (keyspace, hits/misses, commands, connections, expired
 * keys, errors, clients, config values). Figures it cannot know (process id, CPU time, RSS) are
 * plausible and stable. Memory figures come from the memory model (engine/memory/), built on
 * Redis' allocation sizes.
 */
import type { Server } from "../server";
import { verbatim, type Reply } from "../reply";
import type { CommandDef } from "./table";
import { infoMemory } from "../memory/report";
import type { TimedStats } from "../latency/tracker";

type Section = (s: Server) => string[];

const REDIS_VERSION = "7.0.15";
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
  // -- Memory: live figures from the memory model, engine/memory/report.ts --
  memory: (s) => infoMemory(s),
  persistence: (s) => [
    "loading:0",
    "async_loading:0",
    // Fields of 7.0's report about forks and loads, which never happen here.
    "current_cow_peak:0",
    "current_cow_size:0",
    "current_cow_size_age:0",
    "current_fork_perc:0.00",
    "current_save_keys_processed:0",
    "current_save_keys_total:0",
    `rdb_changes_since_last_save:${s.stats.dirty}`,
    "rdb_bgsave_in_progress:0",
    `rdb_last_save_time:${seconds(s.persistence.lastSaveAt ?? s.startedAt)}`, // h-debug-reload
    "rdb_last_bgsave_status:ok",
    "rdb_last_bgsave_time_sec:-1",
    "rdb_current_bgsave_time_sec:-1",
    "rdb_saves:0",
    "rdb_last_cow_size:0",
    `rdb_last_load_keys_expired:${s.persistence.lastLoadKeysExpired}`,
    `rdb_last_load_keys_loaded:${s.persistence.lastLoadKeysLoaded}`,
    `aof_enabled:${s.config.get("appendonly") === "yes" ? 1 : 0}`,
    "aof_rewrite_in_progress:0",
    "aof_rewrite_scheduled:0",
    "aof_last_rewrite_time_sec:-1",
    "aof_current_rewrite_time_sec:-1",
    "aof_last_bgrewrite_status:ok",
    "aof_rewrites:0",
    "aof_rewrites_consecutive_failures:0",
    "aof_last_write_status:ok",
    "aof_last_cow_size:0",
    "module_fork_in_progress:0",
    "module_fork_last_cow_size:0",
  ],
  stats: (s) => {
    const st = s.stats;
    return [
      `total_connections_received:${st.totalConnections}`,
      `total_commands_processed:${st.totalCommands}`,
      "instantaneous_ops_per_sec:0",
      // Network byte counts are not kept (clients are often in-process): plausible zeros.
      "total_net_input_bytes:0",
      "total_net_output_bytes:0",
      "total_net_repl_input_bytes:0",
      "total_net_repl_output_bytes:0",
      "instantaneous_input_kbps:0.00",
      "instantaneous_output_kbps:0.00",
      "instantaneous_input_repl_kbps:0.00",
      "instantaneous_output_repl_kbps:0.00",
      "rejected_connections:0",
      "sync_full:0",
      "sync_partial_ok:0",
      "sync_partial_err:0",
      `expired_keys:${st.expiredKeys}`,
      `expired_stale_perc:${st.expiredStalePerc.toFixed(2)}`,
      `expired_time_cap_reached_count:${st.expiredTimeCapReachedCount}`,
      "expire_cycle_cpu_milliseconds:0",
      `evicted_keys:${st.evictedKeys}`,
      "evicted_clients:0",
      "total_eviction_exceeded_time:0",
      "current_eviction_exceeded_time:0",
      `keyspace_hits:${st.keyspaceHits}`,
      `keyspace_misses:${st.keyspaceMisses}`,
      `pubsub_channels:${s.pubsub.channels.size}`,
      `pubsub_patterns:${s.pubsub.patterns.size}`,
      `pubsubshard_channels:${s.pubsub.shardChannels.size}`,
      "latest_fork_usec:0",
      "total_forks:0",
      "migrate_cached_sockets:0",
      "slave_expires_tracked_keys:0",
      "active_defrag_hits:0",
      "active_defrag_misses:0",
      "active_defrag_key_hits:0",
      "active_defrag_key_misses:0",
      "total_active_defrag_time:0",
      "current_active_defrag_time:0",
      "tracking_total_keys:0",
      "tracking_total_items:0",
      "tracking_total_prefixes:0",
      "unexpected_error_replies:0",
      `total_error_replies:${st.totalErrorReplies}`,
      "dump_payload_sanitizations:0",
      "total_reads_processed:0",
      "total_writes_processed:0",
      "io_threaded_reads_processed:0",
      "io_threaded_writes_processed:0",
      "reply_buffer_shrinks:0",
      "reply_buffer_expands:0",
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
  latencystats: (s) => latencyStats(s),
  cluster: () => ["cluster_enabled:0"],
  keyspace: (s) =>
    s.dbs
      .filter((db) => db.size > 0)
      .map((db) => `db${db.id}:keys=${db.size},expires=${db.expires.size},avg_ttl=0`),
};

/**
 * INFO latencystats: for every command with a latency histogram, the configured percentiles
 * (latency-tracking-info-percentiles, as CONFIG GET prints them) in microseconds with three
 * decimals. Nothing when latency-tracking is off, as Redis prints only the section title then.
 */
function latencyStats(s: Server): string[] {
  if (!s.config.num("latency-tracking")) return [];
  const percentiles = s.config.get("latency-tracking-info-percentiles").split(" ").filter(Boolean);
  const lines: string[] = [];
  for (const [name, c] of s.stats.commands as Map<string, TimedStats>) {
    const h = c.histogram;
    if (!h) continue;
    const values = percentiles.map((p) => `p${p}=${(h.valueAtPercentile(Number(p)) / 1000).toFixed(3)}`);
    lines.push(`latency_percentiles_usec_${name}:${values.join(",")}`);
  }
  return lines;
}

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
