/**
 * DEBUG: the introspection subcommands the course uses. DEBUG OBJECT shows how a value is
 * stored (debug-object.ts), DEBUG SLEEP holds the instance, DEBUG SET-ACTIVE-EXPIRE turns the
 * background expiry cycle off and on, DEBUG POPULATE fills the keyspace, DEBUG LOG writes to
 * the instance log, DEBUG RELOAD saves and reloads the dataset (engine/persist/), so encodings
 * are recomputed under the current config, DEBUG HELP lists what real Redis 7.0 offers.
 *
 * DEBUG is one command with arity -2 (no subcommand table), so its subcommands are matched
 * here, each with the exact argument count Redis wants; anything else gets Redis' "unknown
 * subcommand or wrong number of arguments" error. Whether DEBUG may run at all
 * (enable-debug-command) is decided by dispatch, before authentication, as Redis does.
 */
import type { Client } from "../client";
import { E, debugPopulateLimit, rdbDuplicateKey } from "../errors";
import { emptyAll, findDuplicate, rdbLoad, rdbSave } from "../persist/rdb";
import { EMBSTR_LIMIT, newString } from "../object";
import { parseInt64 } from "./args";
import { OK, simple, type Reply } from "../reply";
import { strtod } from "../util/strtod";
import { debugObjectLine } from "./debug-object";
import { helpReply } from "./object";
import type { CommandDef } from "./table";

/** Redis 7.0's DEBUG HELP, line for line (subcommands the playground does not run included). */
const HELP = [
  "AOF-FLUSH-SLEEP <microsec>",
  "    Server will sleep before flushing the AOF, this is used for testing.",
  "ASSERT",
  "    Crash by assertion failed.",
  "CHANGE-REPL-ID",
  "    Change the replication IDs of the instance.",
  "    Dangerous: should be used only for testing the replication subsystem.",
  "CONFIG-REWRITE-FORCE-ALL",
  "    Like CONFIG REWRITE but writes all configuration options, including",
  "    keywords not listed in original configuration file or default values.",
  "CRASH-AND-RECOVER [<milliseconds>]",
  "    Hard crash and restart after a <milliseconds> delay (default 0).",
  "DIGEST",
  "    Output a hex signature representing the current DB content.",
  "DIGEST-VALUE <key> [<key> ...]",
  "    Output a hex signature of the values of all the specified keys.",
  "ERROR <string>",
  "    Return a Redis protocol error with <string> as message. Useful for clients",
  "    unit tests to simulate Redis errors.",
  "LEAK <string>",
  "    Create a memory leak of the input string.",
  "LOG <message>",
  "    Write <message> to the server log.",
  "HTSTATS <dbid>",
  "    Return hash table statistics of the specified Redis database.",
  "HTSTATS-KEY <key>",
  "    Like HTSTATS but for the hash table stored at <key>'s value.",
  "LOADAOF",
  "    Flush the AOF buffers on disk and reload the AOF in memory.",
  "REPLICATE <string>",
  "    Replicates the provided string to replicas, allowing data divergence.",
  "MALLCTL <key> [<val>]",
  "    Get or set a malloc tuning integer.",
  "MALLCTL-STR <key> [<val>]",
  "    Get or set a malloc tuning string.",
  "OBJECT <key>",
  "    Show low level info about `key` and associated value.",
  "DROP-CLUSTER-PACKET-FILTER <packet-type>",
  "    Drop all packets that match the filtered type. Set to -1 allow all packets.",
  "OOM",
  "    Crash the server simulating an out-of-memory error.",
  "PANIC",
  "    Crash the server simulating a panic.",
  "POPULATE <count> [<prefix>] [<size>]",
  "    Create <count> string keys named key:<num>. If <prefix> is specified then",
  "    it is used instead of the 'key' prefix. These are not propagated to",
  "    replicas. Cluster slots are not respected so keys not belonging to the",
  "    current node can be created in cluster mode.",
  "PROTOCOL <type>",
  "    Reply with a test value of the specified type. <type> can be: string,",
  "    integer, double, bignum, null, array, set, map, attrib, push, verbatim,",
  "    true, false.",
  "RELOAD [option ...]",
  "    Save the RDB on disk and reload it back to memory. Valid <option> values:",
  "    * MERGE: conflicting keys will be loaded from RDB.",
  "    * NOFLUSH: the existing database will not be removed before load, but",
  "      conflicting keys will generate an exception and kill the server.",
  "    * NOSAVE: the database will be loaded from an existing RDB file.",
  "    Examples:",
  "    * DEBUG RELOAD: verify that the server is able to persist, flush and reload",
  "      the database.",
  "    * DEBUG RELOAD NOSAVE: replace the current database with the contents of an",
  "      existing RDB file.",
  "    * DEBUG RELOAD NOSAVE NOFLUSH MERGE: add the contents of an existing RDB",
  "      file to the database.",
  "RESTART [<milliseconds>]",
  "    Graceful restart: save config, db, restart after a <milliseconds> delay (default 0).",
  "SDSLEN <key>",
  "    Show low level SDS string info representing `key` and value.",
  "SEGFAULT",
  "    Crash the server with sigsegv.",
  "SET-ACTIVE-EXPIRE <0|1>",
  "    Setting it to 0 disables expiring keys in background when they are not",
  "    accessed (otherwise the Redis behavior). Setting it to 1 reenables back the",
  "    default.",
  "QUICKLIST-PACKED-THRESHOLD <size>",
  "    Sets the threshold for elements to be inserted as plain vs packed nodes",
  "    Default value is 1GB, allows values up to 4GB. Setting to 0 restores to default.",
  "SET-SKIP-CHECKSUM-VALIDATION <0|1>",
  "    Enables or disables checksum checks for RDB files and RESTORE's payload.",
  "SLEEP <seconds>",
  "    Stop the server for <seconds>. Decimals allowed.",
  "STRINGMATCH-TEST",
  "    Run a fuzz tester against the stringmatchlen() function.",
  "STRUCTSIZE",
  "    Return the size of different Redis core C structures.",
  "LISTPACK <key>",
  "    Show low level info about the listpack encoding of <key>.",
  "QUICKLIST <key> [<0|1>]",
  "    Show low level info about the quicklist encoding of <key>.",
  "    The optional argument (0 by default) sets the level of detail",
  "CLIENT-EVICTION",
  "    Show low level client eviction pools info (maxmemory-clients).",
  "PAUSE-CRON <0|1>",
  "    Stop periodic cron job processing.",
  "REPLYBUFFER PEAK-RESET-TIME <NEVER||RESET|time>",
  "    Sets the time (in milliseconds) to wait between client reply buffer peak resets.",
  "    In case NEVER is provided the last observed peak will never be reset",
  "    In case RESET is provided the peak reset time will be restored to the default value",
  "REPLYBUFFER RESIZING <0|1>",
  "    Enable or disable the reply buffer resize cron job",
  "CLUSTERLINK KILL <to|from|all> <node-id>",
  "    Kills the link based on the direction to/from (both) with the provided node.",
];

/** C's atoi: optional blanks and sign, then digits; 0 when there are none. */
function atoi(s: string): number {
  const m = /^[ \t\n\v\f\r]*([+-]?\d+)/.exec(s);
  return m ? Number(m[1]) : 0;
}

/** DEBUG OBJECT reads the key dictionary directly: no expiry check, no LRU touch, no stats. */
function debugObject(c: Client, key: string): Reply {
  const o = c.db.dict.get(key);
  return o ? simple(debugObjectLine(c, o)) : E.NO_SUCH_KEY;
}

/**
 * DEBUG SLEEP: Redis stops in nanosleep for (long long)(seconds * 1e6) microseconds; nothing
 * else runs meanwhile. The engine cannot stop (the inspector must keep answering), so it asks
 * to be held instead (Server.blockFor): the instance's time moves on by that much even when
 * its clock is paused, the command's duration counts it (SLOWLOG, LATENCY, commandstats), and
 * a host with a wall clock makes every client wait that long (engine/host/busy.ts).
 */
function debugSleep(c: Client, arg: string): Reply {
  const us = strtod(arg).value * 1e6; // C's strtod on a prefix: "0.5s" is 0.5, "abc" 0
  // A value past the range of long long converts to LLONG_MIN on x86: no sleep at all.
  if (us > 0 && us < 2 ** 63) c.server.blockFor(Math.trunc(us) / 1000);
  return OK;
}

/** In the playground profile DEBUG POPULATE stops here, so a typo cannot freeze the tab. */
export const PLAYGROUND_POPULATE_LIMIT = 1_000_000;

/** getPositiveLongFromObjectOrReply, as DEBUG POPULATE answers: any bad value is "not positive". */
function positiveLong(s: string): number | null {
  const n = parseInt64(s);
  return n === null || n < 0 || typeof n === "bigint" ? null : n;
}

/**
 * DEBUG POPULATE count [prefix] [size]: string keys `prefix:N` (at most 127 bytes, as Redis'
 * buffer cuts them) holding `value:N`, cut or padded with zero bytes to `size`. Existing keys
 * are left alone. Like Redis it marks the keys modified (WATCH) but sends no keyspace event
 * and counts no change for persistence.
 */
function debugPopulate(c: Client, argv: string[]): Reply {
  const count = positiveLong(argv[2]);
  if (count === null) return E.NOT_POSITIVE;
  const size = argv.length === 5 ? positiveLong(argv[4]) : 0;
  if (size === null) return E.NOT_POSITIVE;
  if (count > PLAYGROUND_POPULATE_LIMIT && c.server.profile === "playground") return debugPopulateLimit(PLAYGROUND_POPULATE_LIMIT);
  const prefix = argv.length >= 4 ? argv[3] : "key";
  const db = c.db;
  for (let j = 0; j < count; j++) {
    const key = `${prefix}:${j}`.slice(0, 127);
    if (db.lookupWrite(key)) continue;
    const base = `value:${j}`;
    const value = size === 0 ? base : size <= base.length ? base.slice(0, size) : base + "\0".repeat(size - base.length);
    db.add(key, newString(value, value.length <= EMBSTR_LIMIT ? "embstr" : "raw"));
    db.written(key, "g", "", 0);
  }
  return OK;
}

/**
 * DEBUG RELOAD [MERGE] [NOFLUSH] [NOSAVE]: save the dataset to the RDB file, empty memory and
 * load the file back (engine/persist/). NOSAVE loads whatever file exists; with none (a fresh
 * playground) Redis still empties memory first and then fails to load. NOFLUSH keeps memory,
 * and a key found both there and in the file crashes Redis unless MERGE lets the file win:
 * the playground refuses before changing anything instead.
 */
function debugReload(c: Client, argv: string[]): Reply {
  let merge = false;
  let flush = true;
  let save = true;
  for (const opt of argv.slice(2)) {
    const o = opt.toLowerCase();
    if (o === "merge") merge = true;
    else if (o === "noflush") flush = false;
    else if (o === "nosave") save = false;
    else return E.DEBUG_RELOAD_OPTION;
  }
  const server = c.server;
  if (!flush && !merge) {
    const dup = findDuplicate(server, save ? "unsaved" : server.persistence.file);
    if (dup) {
      server.log("warning", `RDB has duplicated key '${dup.key}' in DB ${dup.db}`);
      return rdbDuplicateKey(dup.key, dup.db);
    }
  }
  if (save) rdbSave(server);
  if (flush) emptyAll(server);
  if (!rdbLoad(server, merge)) return E.RDB_LOAD_FAILED;
  server.log("warning", "DB reloaded by DEBUG RELOAD");
  return OK;
}

function debug(c: Client, argv: string[]): Reply {
  const sub = argv[1].toLowerCase();
  const n = argv.length;
  if (sub === "help" && n === 2) return helpReply("debug", HELP);
  if (sub === "object" && n === 3) return debugObject(c, argv[2]);
  if (sub === "sleep" && n === 3) return debugSleep(c, argv[2]);
  if (sub === "populate" && n >= 3 && n <= 5) return debugPopulate(c, argv);
  if (sub === "log" && n === 3) {
    c.server.log("warning", `DEBUG LOG: ${argv[2]}`);
    return OK;
  }
  if (sub === "reload") return debugReload(c, argv);
  if (sub === "set-active-expire" && n === 3) {
    c.server.activeExpireEnabled = atoi(argv[2]) !== 0;
    return OK;
  }
  return E.subcommandSyntax(argv[1], argv[0]);
}

export const debugCommands: CommandDef[] = [
  {
    name: "debug",
    summary: "Low-level introspection: how a value is stored, holding the server, filling it with keys, toggling active expiry, saving and reloading the dataset.",
    handler: debug,
  },
];
