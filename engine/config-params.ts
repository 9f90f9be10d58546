/**
 * Every configuration parameter redis-server 7.0.15 answers CONFIG GET for, with its type,
 * bounds, default and whether CONFIG SET may change it — the facts of Redis' config.c table.
 *
 * The engine honours only some of them (hz, maxmemory-policy, the encoding thresholds, …);
 * the rest are kept so that CONFIG GET with any pattern, and a client asking for any
 * parameter at connect time, see exactly what a real 7.0 server would show. Values of
 * parameters the engine does not act on are stored and reported, nothing more.
 */

/**
 * The C type a numeric parameter is stored in. It decides how bounds are checked: Redis
 * compares unsigned int, unsigned long long and size_t parameters as unsigned numbers and the
 * others (unsigned long included) as signed ones.
 */
export type NumType = "int" | "uint" | "ulong" | "llong" | "ullong" | "sizet" | "ssizet" | "timet" | "offt";

interface Common {
  name: string;
  alias?: string;
  /** Default under the `redis` profile, in CONFIG GET form. */
  default: string;
  /** Default under the `playground` profile, when it differs. */
  playground?: string;
  /** IMMUTABLE_CONFIG: CONFIG SET answers "can't set immutable config". */
  immutable?: boolean;
  /** PROTECTED_CONFIG: settable only with enable-protected-configs. */
  protected?: boolean;
  /** HIDDEN_CONFIG: a debugging knob CONFIG GET shows only when asked for by its exact name. */
  hidden?: boolean;
  /**
   * A parameter of ours that exists only in the playground profile (a safety limit real
   * Redis does not have): under the `redis` profile CONFIG GET does not list it and CONFIG
   * SET answers as for any unknown name.
   */
  playgroundOnly?: boolean;
}

export type ParamDef =
  | (Common & { type: "bool"; check?: (yes: boolean) => string | null })
  | (Common & { type: "string"; check?: (value: string) => string | null })
  | (Common & {
      type: "enum";
      values: readonly string[];
      /** Several values may be given at once, space separated, and are OR-ed (shutdown-on-sigint). */
      flags?: boolean;
      /** Names of the same value: CONFIG GET shows the first name of a value. */
      same?: Readonly<Record<string, string>>;
    })
  | (Common & {
      type: "numeric";
      num: NumType;
      min: bigint;
      max: bigint;
      memory?: boolean;
      percent?: boolean;
      octal?: boolean;
      /** Any value but 0 needs TLS (tls-port). */
      noTls?: boolean;
    })
  /** A parameter with its own parser and printer (save, bind, notify-keyspace-events, …). */
  | (Common & { type: "special"; multiArg?: boolean });

const INT_MAX = 2147483647n;
const INT_MIN = -2147483648n;
const UINT_MAX = 4294967295n;
const LONG_MAX = 9223372036854775807n;
const LLONG_MAX = LONG_MAX;
const ULLONG_MAX = 18446744073709551615n;
const SSIZE_MAX = LONG_MAX;

const bool = (name: string, def: boolean, o: Partial<Common> & { check?: (yes: boolean) => string | null } = {}): ParamDef => ({
  name,
  type: "bool",
  default: def ? "yes" : "no",
  ...o,
});
const str = (name: string, def: string, o: Partial<Common> & { check?: (v: string) => string | null } = {}): ParamDef => ({
  name,
  type: "string",
  default: def,
  ...o,
});
const enm = (
  name: string,
  values: readonly string[],
  def: string,
  o: Partial<Common> & { flags?: boolean; same?: Readonly<Record<string, string>> } = {},
): ParamDef => ({
  name,
  type: "enum",
  values,
  default: def,
  ...o,
});
const num = (
  name: string,
  type: NumType,
  min: bigint,
  max: bigint,
  def: string,
  o: Partial<Common> & { memory?: boolean; percent?: boolean; octal?: boolean; noTls?: boolean } = {},
): ParamDef => ({ name, type: "numeric", num: type, min, max, default: def, ...o });
const special = (name: string, def: string, o: Partial<Common> & { multiArg?: boolean } = {}): ParamDef => ({
  name,
  type: "special",
  default: def,
  ...o,
});

const IMM = { immutable: true } as const;
const PROTECTION = ["no", "yes", "local"] as const;

/** networking.c NET_HOST_STR_LEN and the character set Redis accepts for announced hostnames. */
function validHostname(v: string): string | null {
  if (v.length >= 256) return "Hostnames must be less than 256 characters";
  if (!/^[A-Za-z0-9.-]*$/.test(v)) return "Hostnames may only contain alphanumeric characters, hyphens or dots";
  return null;
}

/**
 * Turning TLS on (tls-port, tls-replication, tls-cluster) makes Redis load the certificates,
 * which fails without tls-cert-file and friends; there are none here.
 */
const TLS_UNAVAILABLE = "Unable to update TLS configuration. Check server logs.";
const noTls = (yes: boolean): string | null => (yes ? TLS_UNAVAILABLE : null);
export const tlsUnavailable = TLS_UNAVAILABLE;

const ACTIVE_DEFRAG_UNAVAILABLE =
  "Active defragmentation cannot be enabled: it requires a Redis server compiled with a modified Jemalloc like the one shipped by default with the Redis source distribution";

export const PARAMS: readonly ParamDef[] = [
  // ---- yes/no -------------------------------------------------------------------------------
  bool("rdbchecksum", true, IMM),
  bool("daemonize", false, IMM),
  bool("io-threads-do-reads", false, IMM),
  bool("always-show-logo", false, IMM),
  bool("protected-mode", true),
  bool("rdbcompression", true),
  bool("rdb-del-sync-files", false),
  bool("activerehashing", true),
  bool("stop-writes-on-bgsave-error", true),
  bool("set-proc-title", true, IMM),
  bool("dynamic-hz", true),
  bool("lazyfree-lazy-eviction", false),
  bool("lazyfree-lazy-expire", false),
  bool("lazyfree-lazy-server-del", false),
  bool("lazyfree-lazy-user-del", false),
  bool("lazyfree-lazy-user-flush", false),
  bool("repl-disable-tcp-nodelay", false),
  bool("repl-diskless-sync", true),
  bool("aof-rewrite-incremental-fsync", true),
  bool("no-appendfsync-on-rewrite", false),
  bool("cluster-require-full-coverage", true),
  bool("rdb-save-incremental-fsync", true),
  bool("aof-load-truncated", true),
  bool("aof-use-rdb-preamble", true),
  bool("aof-timestamp-enabled", false),
  bool("cluster-replica-no-failover", false, { alias: "cluster-slave-no-failover" }),
  bool("replica-lazy-flush", false, { alias: "slave-lazy-flush" }),
  bool("replica-serve-stale-data", true, { alias: "slave-serve-stale-data" }),
  bool("replica-read-only", true, { alias: "slave-read-only" }),
  bool("replica-ignore-maxmemory", true, { alias: "slave-ignore-maxmemory" }),
  bool("jemalloc-bg-thread", true),
  // Debian's 7.0.15 is built against the system jemalloc, which has no defragmentation hooks.
  bool("activedefrag", false, { check: (yes) => (yes ? ACTIVE_DEFRAG_UNAVAILABLE : null) }),
  bool("syslog-enabled", false, IMM),
  bool("cluster-enabled", false, IMM),
  bool("appendonly", false),
  bool("cluster-allow-reads-when-down", false),
  bool("cluster-allow-pubsubshard-when-down", true),
  bool("crash-log-enabled", true),
  bool("crash-memcheck-enabled", true),
  bool("disable-thp", true, IMM),
  bool("cluster-allow-replica-migration", true),
  bool("replica-announced", true),
  bool("latency-tracking", true),
  bool("aof-disable-auto-gc", false),
  bool("replica-ignore-disk-write-errors", false),
  bool("tls-cluster", false, { check: noTls }),
  bool("tls-replication", false, { check: noTls }),
  bool("tls-prefer-server-ciphers", false),
  bool("tls-session-caching", true),

  // ---- strings ------------------------------------------------------------------------------
  str("aclfile", "", IMM),
  str("unixsocket", "", IMM),
  str("pidfile", "", IMM),
  str("replica-announce-ip", "", { alias: "slave-announce-ip" }),
  str("masteruser", ""),
  str("cluster-announce-ip", ""),
  str("cluster-config-file", "nodes.conf", IMM),
  str("cluster-announce-hostname", "", { check: validHostname }),
  str("syslog-ident", "redis", IMM),
  str("dbfilename", "dump.rdb", { protected: true, check: (v) => (v.includes("/") ? "dbfilename can't be a path, just a filename" : null) }),
  str("appendfilename", "appendonly.aof", IMM),
  str("appenddirname", "appendonlydir", IMM),
  str("server_cpulist", "", IMM),
  str("bio_cpulist", "", IMM),
  str("aof_rewrite_cpulist", "", IMM),
  str("bgsave_cpulist", "", IMM),
  str("ignore-warnings", ""),
  str("bind-source-addr", ""),
  str("logfile", "", IMM),
  str("masterauth", ""),
  str("requirepass", ""),
  str("tls-cert-file", ""),
  str("tls-key-file", ""),
  str("tls-key-file-pass", ""),
  str("tls-client-cert-file", ""),
  str("tls-client-key-file", ""),
  str("tls-client-key-file-pass", ""),
  str("tls-dh-params-file", ""),
  str("tls-ca-cert-file", ""),
  str("tls-ca-cert-dir", ""),
  str("tls-protocols", ""),
  str("tls-ciphers", ""),
  str("tls-ciphersuites", ""),
  // Validated by expanding the template (see config.ts).
  special("proc-title-template", "{title} {listen-addr} {server-mode}"),

  // ---- enumerations -------------------------------------------------------------------------
  enm("supervised", ["upstart", "systemd", "auto", "no"], "no", IMM),
  enm("syslog-facility", ["user", "local0", "local1", "local2", "local3", "local4", "local5", "local6", "local7"], "local0", IMM),
  enm("repl-diskless-load", ["disabled", "on-empty-db", "swapdb"], "disabled"),
  enm("loglevel", ["debug", "verbose", "notice", "warning"], "notice"),
  enm(
    "maxmemory-policy",
    ["volatile-lru", "volatile-lfu", "volatile-random", "volatile-ttl", "allkeys-lru", "allkeys-lfu", "allkeys-random", "noeviction"],
    "noeviction",
  ),
  enm("appendfsync", ["everysec", "always", "no"], "everysec"),
  // "yes" and "relative" are one value; CONFIG GET names it by its first name, "yes".
  enm("oom-score-adj", ["no", "yes", "relative", "absolute"], "no", { same: { relative: "yes" } }),
  enm("acl-pubsub-default", ["allchannels", "resetchannels"], "resetchannels"),
  enm("sanitize-dump-payload", ["no", "yes", "clients"], "no"),
  enm("enable-protected-configs", PROTECTION, "no", IMM),
  enm("enable-debug-command", PROTECTION, "no", { ...IMM, playground: "yes" }),
  enm("enable-module-command", PROTECTION, "no", IMM),
  enm("cluster-preferred-endpoint-type", ["ip", "hostname", "unknown-endpoint"], "ip"),
  enm("propagation-error-behavior", ["ignore", "panic", "panic-on-replicas"], "ignore"),
  enm("tls-auth-clients", ["no", "yes", "optional"], "yes"),
  // Several of these flags may be given at once, space separated ("nosave now").
  enm("shutdown-on-sigint", ["default", "save", "nosave", "now", "force"], "default", { flags: true }),
  enm("shutdown-on-sigterm", ["default", "save", "nosave", "now", "force"], "default", { flags: true }),

  // ---- numbers ------------------------------------------------------------------------------
  num("databases", "int", 1n, INT_MAX, "16", IMM),
  num("port", "int", 0n, 65535n, "6379"),
  num("io-threads", "int", 1n, 128n, "1", IMM),
  num("auto-aof-rewrite-percentage", "int", 0n, INT_MAX, "100"),
  num("cluster-replica-validity-factor", "int", 0n, INT_MAX, "10", { alias: "cluster-slave-validity-factor" }),
  num("list-max-listpack-size", "int", INT_MIN, INT_MAX, "-2", { alias: "list-max-ziplist-size" }),
  num("tcp-keepalive", "int", 0n, INT_MAX, "300"),
  num("cluster-migration-barrier", "int", 0n, INT_MAX, "1"),
  num("active-defrag-cycle-min", "int", 1n, 99n, "1"),
  num("active-defrag-cycle-max", "int", 1n, 99n, "25"),
  num("active-defrag-threshold-lower", "int", 0n, 1000n, "10"),
  num("active-defrag-threshold-upper", "int", 0n, 1000n, "100"),
  num("lfu-log-factor", "int", 0n, INT_MAX, "10"),
  num("lfu-decay-time", "int", 0n, INT_MAX, "1"),
  num("replica-priority", "int", 0n, INT_MAX, "100", { alias: "slave-priority" }),
  num("repl-diskless-sync-delay", "int", 0n, INT_MAX, "5"),
  num("maxmemory-samples", "int", 1n, INT_MAX, "5"),
  num("maxmemory-eviction-tenacity", "int", 0n, 100n, "10"),
  num("timeout", "int", 0n, INT_MAX, "0"),
  num("replica-announce-port", "int", 0n, 65535n, "0", { alias: "slave-announce-port" }),
  num("tcp-backlog", "int", 0n, INT_MAX, "511", IMM),
  num("cluster-port", "int", 0n, 65535n, "0", IMM),
  num("cluster-announce-bus-port", "int", 0n, 65535n, "0"),
  num("cluster-announce-port", "int", 0n, 65535n, "0"),
  num("cluster-announce-tls-port", "int", 0n, 65535n, "0"),
  num("repl-timeout", "int", 1n, INT_MAX, "60"),
  num("repl-ping-replica-period", "int", 1n, INT_MAX, "10", { alias: "repl-ping-slave-period" }),
  num("list-compress-depth", "int", 0n, INT_MAX, "0"),
  num("active-expire-effort", "int", 1n, 10n, "1"),
  // Redis caps hz to 1..500 after setting it (updateHZ); config.ts does the same.
  num("hz", "int", 0n, INT_MAX, "10"),
  num("min-replicas-to-write", "int", 0n, INT_MAX, "0", { alias: "min-slaves-to-write" }),
  num("min-replicas-max-lag", "int", 0n, INT_MAX, "10", { alias: "min-slaves-max-lag" }),
  num("shutdown-timeout", "int", 0n, INT_MAX, "10"),
  num("repl-diskless-sync-max-replicas", "int", 0n, INT_MAX, "0"),
  num("tls-port", "int", 0n, 65535n, "0", { noTls: true }),
  num("tls-session-cache-size", "int", 0n, INT_MAX, "20480"),
  num("tls-session-cache-timeout", "int", 0n, INT_MAX, "300"),
  num("maxclients", "uint", 1n, UINT_MAX, "10000"),
  num("unixsocketperm", "uint", 0n, 0o777n, "0", { ...IMM, octal: true }),
  num("socket-mark-id", "uint", 0n, UINT_MAX, "0", IMM),
  num("active-defrag-max-scan-fields", "ulong", 1n, LONG_MAX, "1000"),
  num("slowlog-max-len", "ulong", 0n, LONG_MAX, "128"),
  num("acllog-max-len", "ulong", 0n, LONG_MAX, "128"),
  num("busy-reply-threshold", "llong", 0n, LONG_MAX, "5000", { alias: "lua-time-limit", playground: "1000" }), // a runaway script answers BUSY after 1 s in the tab
  num("cluster-node-timeout", "llong", 0n, LLONG_MAX, "15000"),
  num("slowlog-log-slower-than", "llong", -1n, LLONG_MAX, "10000"),
  num("latency-monitor-threshold", "llong", 0n, LLONG_MAX, "0"),
  num("proto-max-bulk-len", "llong", 1024n * 1024n, LONG_MAX, "536870912", { memory: true }),
  num("stream-node-max-entries", "llong", 0n, LLONG_MAX, "100"),
  // Raised to 16 KB when set lower (resizeReplicationBacklog; see config.ts).
  num("repl-backlog-size", "llong", 1n, LLONG_MAX, "1048576", { memory: true }),
  // The playground models 64 MB of memory, so a runaway loop or DEBUG POPULATE
  // meets Redis' own OOM error instead of exhausting the browser tab. The policy stays
  // Redis' noeviction: learners see the OOM error Redis gives, and keys never vanish behind
  // their back unless they choose an eviction policy (lessons on eviction set one).
  num("maxmemory", "ullong", 0n, ULLONG_MAX, "0", { memory: true, playground: "67108864" }),
  num("cluster-link-sendbuf-limit", "ullong", 0n, ULLONG_MAX, "0", { memory: true }),
  num("hash-max-listpack-entries", "sizet", 0n, LONG_MAX, "512", { alias: "hash-max-ziplist-entries" }),
  num("set-max-intset-entries", "sizet", 0n, LONG_MAX, "512"),
  num("zset-max-listpack-entries", "sizet", 0n, LONG_MAX, "128", { alias: "zset-max-ziplist-entries" }),
  num("active-defrag-ignore-bytes", "sizet", 1n, LLONG_MAX, "104857600", { memory: true }),
  num("hash-max-listpack-value", "sizet", 0n, LONG_MAX, "64", { alias: "hash-max-ziplist-value", memory: true }),
  num("stream-node-max-bytes", "sizet", 0n, LONG_MAX, "4096", { memory: true }),
  num("zset-max-listpack-value", "sizet", 0n, LONG_MAX, "64", { alias: "zset-max-ziplist-value", memory: true }),
  num("hll-sparse-max-bytes", "sizet", 0n, LONG_MAX, "3000", { memory: true }),
  num("tracking-table-max-keys", "sizet", 0n, LONG_MAX, "1000000"),
  num("client-query-buffer-limit", "sizet", 1024n * 1024n, LONG_MAX, "1073741824", { memory: true }),
  num("maxmemory-clients", "ssizet", -100n, SSIZE_MAX, "0", { memory: true, percent: true }),
  num("repl-backlog-ttl", "timet", 0n, LONG_MAX, "3600"),
  num("auto-aof-rewrite-min-size", "offt", 0n, LLONG_MAX, "67108864", { memory: true }),

  // ---- debugging knobs, hidden from CONFIG GET patterns --------------------------------------
  bool("use-exit-on-panic", false, { hidden: true }),
  num("rdb-key-save-delay", "int", INT_MIN, INT_MAX, "0", { hidden: true }),
  num("key-load-delay", "int", INT_MIN, INT_MAX, "0", { hidden: true }),
  // Raised to twice the cron period when set lower (applyWatchdogPeriod; see config.ts).
  num("watchdog-period", "int", 0n, INT_MAX, "0", { hidden: true }),
  num("loading-process-events-interval-bytes", "offt", 1024n, INT_MAX, "2097152", { hidden: true }),

  // ---- the playground's own limits (engine/limits.ts), absent from the redis profile --
  // The most elements one reply may carry (top-level items; a map's pairs count once). A
  // learner who really wants a bigger reply can raise it, or set 0 for no limit.
  num("playground-max-reply-elements", "llong", 0n, LLONG_MAX, "100000", { playgroundOnly: true }),

  // ---- parameters with their own syntax -----------------------------------------------------
  // No filesystem here: the directory an instance reports is a plausible constant.
  special("dir", "/data", { protected: true }),
  special("save", "3600 1 300 100 60 10000", { multiArg: true }),
  special("client-output-buffer-limit", "normal 0 0 0 slave 268435456 67108864 60 pubsub 33554432 8388608 60", { multiArg: true }),
  special("oom-score-adj-values", "0 200 800", { multiArg: true }),
  special("notify-keyspace-events", ""),
  special("bind", "* -::*", { multiArg: true }),
  special("replicaof", "", { alias: "slaveof", immutable: true, multiArg: true }),
  special("latency-tracking-info-percentiles", "50 99 99.9", { multiArg: true }),
];
