/**
 * The syllabus as plain data: three phases, 39 modules with their titles and topics. Kept apart
 * from the written modules (lessons/index.ts) so that pages needing only the outline — the
 * course map — do not carry every lesson's prose and checks.
 */
import type { Phase, PlannedModule } from "./types";

export const planned: { id: Phase["id"]; title: string; modules: PlannedModule[] }[] = [
  {
    id: "foundation",
    title: "Foundation",
    modules: [
      { id: "F-1", title: "What Redis is and why it exists", summary: "in-memory key-value model vs a relational database, Redis vs Memcached, first SET/GET/DEL/EXISTS/KEYS/TYPE" },
      { id: "F-2", title: "Strings, numbers, binary safety", summary: "strings are byte arrays; int/embstr/raw encodings; atomic INCR/DECR/INCRBY/INCRBYFLOAT; the SET/GET family and options; MGET/MSET batching; why whole-JSON blobs are a trap" },
      { id: "F-3", title: "Lists, hashes, sets, sorted sets and their encodings", summary: "full command surface; in Redis 7.0: lists are quicklists of listpack nodes (`list-max-listpack-size` sizes the nodes), hashes and sorted sets listpack → hashtable/skiplist, sets intset → hashtable; which thresholds trigger an upgrade (watch it happen); memory impact" },
      { id: "F-4", title: "The single-threaded event loop", summary: "I/O multiplexing; what Redis 6+ io-threads do (reading/writing sockets, not commands) and the background threads that always existed (lazy free/UNLINK, fsync, close); one slow command blocks every client (see it with two clients)" },
      { id: "F-5", title: "TTL, expiry and eviction", summary: "lazy and active expiry; EXPIRE family and options; maxmemory; the eight maxmemory-policy values; evicted_keys/expired_keys in INFO stats" },
      { id: "F-6", title: "HyperLogLog, bitmaps, geospatial", summary: "PFADD/PFCOUNT/PFMERGE: sparse form up to `hll-sparse-max-bytes`, dense form 12,304 bytes, 0.81% standard error; SETBIT/GETBIT/BITCOUNT/BITOP/BITFIELD; GEOADD/GEOSEARCH/GEODIST" },
      { id: "F-7", title: "Pipelining and RESP", summary: "the wire protocol byte by byte; round-trip cost of a loop of GETs; pipelines vs MGET/MSET" },
      { id: "F-8", title: "Pub/Sub", summary: "SUBSCRIBE/PUBLISH/PSUBSCRIBE; no persistence; keyspace notifications; fan-out across app servers; when Streams are better" },
      { id: "F-9", title: "Streams and consumer groups", summary: "XADD/XREAD/XRANGE; XREADGROUP; XACK and the pending entries list; XAUTOCLAIM crash recovery; dead letters; Streams vs Kafka/BullMQ" },
      { id: "F-10", title: "Memory layout and object encoding", summary: "robj, SDS, allocator size classes, fragmentation ratio, active defrag, MEMORY USAGE, halving memory by encoding choices" },
      { id: "F-11", title: "Transactions and WATCH", summary: "what MULTI/EXEC guarantees; runtime errors do not roll back; WATCH optimistic locking and retry loops; when to use Lua instead" },
      { id: "F-12", title: "Caching patterns", summary: "cache-aside, write-through, write-behind, read-through; stampede prevention, invalidation timing, warm-up; choosing a pattern" },
    ],
  },
  {
    id: "practitioner",
    title: "Practitioner",
    modules: [
      { id: "P-1", title: "RDB snapshots", summary: "BGSAVE, fork and copy-on-write, file format, save directives, compression, data loss window" },
      { id: "P-2", title: "AOF", summary: "logging writes, appendfsync always/everysec/no, AOF rewrite, RDB preamble (hybrid), 7.0’s multi-part AOF (appenddirname, base + incr files, manifest)" },
      { id: "P-3", title: "Choosing persistence", summary: "RDB vs AOF vs both vs none; recovery time; storage cost; managed services" },
      { id: "P-4", title: "Memory profiling and optimisation", summary: "INFO memory field by field, MEMORY USAGE/DOCTOR, finding big keys, encoding thresholds, defrag, a diagnosis workflow" },
      { id: "P-5", title: "Counters, rate limiters, sliding windows", summary: "INCR counters; fixed window with INCR+EXPIRE; sliding window with sorted sets; token bucket; the race that Lua removes" },
      { id: "P-6", title: "Job-queue internals (BullMQ-style)", summary: "job lifecycle in sorted sets, lists and hashes; delayed jobs; stalled-job detection by heartbeat; rate limiting; queue vs raw Streams" },
      { id: "P-7", title: "Stampede, avalanche, penetration", summary: "probabilistic early expiry (XFetch), TTL jitter, Bloom-filter gating; detection and mitigation" },
      { id: "P-8", title: "Keyspace notifications", summary: "notify-keyspace-events flags, the event matrix, reacting to expiry, at-most-once delivery" },
      { id: "P-9", title: "Sessions", summary: "hash vs JSON string, sliding expiry, logout and invalidation, multi-device tracking, reading from replicas" },
      { id: "P-10", title: "Connection pooling and clients", summary: "TCP cost, pool sizing, reconnect with backoff, timeouts, lazy vs eager connect, health checks" },
      { id: "P-11", title: "Monitoring and observability", summary: "INFO section by section, SLOWLOG, LATENCY, MONITOR, the metrics every dashboard needs" },
      { id: "P-12", title: "Security", summary: "ACL users, command and key rules, TLS, bind and protected mode, requirepass limits, common misconfigurations" },
    ],
  },
  {
    id: "architect",
    title: "Architect",
    modules: [
      { id: "A-1", title: "Single-instance locks", summary: "SET NX PX, unique lock values, safe release, extension, GC-pause failure, fencing tokens" },
      { id: "A-2", title: "Lua scripting", summary: "atomic scripts, KEYS/ARGV, redis.call vs redis.pcall, SCRIPT LOAD/EVALSHA, atomic rate limiters" },
      { id: "A-3", title: "Redis Functions", summary: "FUNCTION LOAD, libraries and the shebang, FCALL, persistence and replication of functions, migrating from EVALSHA" },
      { id: "A-4", title: "Redlock", summary: "the algorithm across N independent instances, clock-drift assumptions, the critique, fencing tokens" },
      { id: "A-5", title: "Reentrant locks and deadlock prevention", summary: "hash-based reentry counts, lock ordering, watchdog extension, mutex vs counting semaphore" },
      { id: "A-6", title: "Case study: coordinating 10+ scanner instances", summary: "partitioning a block range with locks, heartbeats, crash recovery, a replication-lag incident" },
      { id: "A-7", title: "Replication", summary: "full vs partial resync (PSYNC), backlog, INFO replication, measuring lag, the write-loss window" },
      { id: "A-8", title: "Sentinel", summary: "subjective/objective down, quorum, failover election, min-replicas-to-write, what Sentinel cannot protect" },
      { id: "A-9", title: "Cluster hash slots", summary: "16,384 slots, CRC16, hash tags, MOVED vs ASK, multi-key limits, cluster-aware clients" },
      { id: "A-10", title: "Resharding", summary: "adding a node, SETSLOT MIGRATING/IMPORTING, MIGRATE, ASKING, why time scales with key count" },
      { id: "A-11", title: "Gossip and partitions", summary: "PING/PONG gossip, cluster-node-timeout, require-full-coverage, availability vs consistency" },
      { id: "A-12", title: "Multi-region", summary: "active-active (CRDTs) vs active-passive, conflict resolution, latency vs consistency" },
      { id: "A-13", title: "Disaster recovery", summary: "backup schedules, shipping AOF, BGSAVE/BGREWRITEAOF interplay, DEBUG RELOAD, a recovery runbook" },
      { id: "A-14", title: "Benchmarking and tuning", summary: "redis-benchmark and reading its output, OS tuning, slowlog, latency percentiles, the settings that matter" },
      { id: "A-15", title: "Choosing a topology", summary: "standalone vs Sentinel vs Cluster; operational cost; when a managed service wins" },
    ],
  },
];
