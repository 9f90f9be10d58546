/**
 * Server commands about the whole instance: TIME, DBSIZE, FLUSHDB, FLUSHALL, SWAPDB, CONFIG.
 */
import type { Client } from "../client";
import { configSetError, E, unknownConfigOption } from "../errors";
import { arr, bulk, int, map, OK, type Reply } from "../reply";
import { globMatch } from "../util/glob";
import { is, parseInt64 } from "./args";
import { helpReply } from "./clients";
import type { CommandDef } from "./table";

/** FLUSHDB / FLUSHALL take nothing, SYNC or ASYNC (both flush at once here: no lazy free). */
const flushOptionOk = (argv: string[]): boolean =>
  argv.length === 1 || (argv.length === 2 && (is(argv[1], "sync") || is(argv[1], "async")));

/** SWAPDB's index parsing: a C int, else that argument's own error text. */
function dbIndex(arg: string): number | null {
  const n = parseInt64(arg);
  return typeof n === "number" && n >= -2147483648 && n <= 2147483647 ? n : null;
}

/** enable-protected-configs: "yes" for everyone, "local" for loopback connections only. */
function protectedAllowed(c: Client): boolean {
  const mode = c.server.config.get("enable-protected-configs");
  if (mode === "yes") return true;
  return mode === "local" && (c.addr.startsWith("127.") || c.addr.startsWith("[::1]") || c.addr.startsWith("::1"));
}

const CONFIG_HELP = [
  "CONFIG <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
  "GET <pattern>",
  "    Return parameters matching the glob-like <pattern> and their values.",
  "SET <directive> <value>",
  "    Set the configuration <directive> to <value>.",
  "RESETSTAT",
  "    Reset statistics reported by the INFO command.",
  "REWRITE",
  "    Rewrite the configuration file.",
  "HELP",
  "    Prints this help.",
];

export const adminCommands: CommandDef[] = [
  {
    name: "time",
    summary: "Returns the instance's current time as Unix seconds and microseconds.",
    handler: (c) => {
      // The clock's own now, not the command's frozen time: inside a long script TIME moves on,
      // as gettimeofday does in Redis (only key expiry uses the script's start time).
      const us = Math.floor(c.server.clock.now() * 1000);
      const secs = Math.floor(us / 1e6);
      return arr([bulk(String(secs)), bulk(String(us - secs * 1e6))]);
    },
  },
  {
    name: "dbsize",
    summary: "Counts the keys in the selected database.",
    handler: (c) => int(c.db.size),
  },
  {
    name: "flushdb",
    summary: "Deletes every key of the selected database.",
    handler: (c, argv) => {
      if (!flushOptionOk(argv)) return E.SYNTAX;
      c.server.stats.dirty += c.db.clear();
      c.server.dbChanged(c.db, "flushdb");
      return OK;
    },
  },
  {
    name: "flushall",
    summary: "Deletes every key of every database.",
    handler: (c, argv) => {
      if (!flushOptionOk(argv)) return E.SYNTAX;
      const server = c.server;
      for (const db of server.dbs) {
        server.stats.dirty += db.clear();
        server.dbChanged(db, "flushdb");
      }
      // With save points configured Redis writes an RDB right away, which resets the count
      // of changes; either way FLUSHALL itself then counts as one change.
      if (server.config.get("save") !== "") server.stats.dirty = 0;
      server.stats.dirty++;
      return OK;
    },
  },
  {
    name: "swapdb",
    summary: "Exchanges the contents of two databases; connections keep their database number.",
    handler: (c, argv) => {
      const a = dbIndex(argv[1]);
      if (a === null) return E.SWAPDB_FIRST;
      const b = dbIndex(argv[2]);
      if (b === null) return E.SWAPDB_SECOND;
      const dbs = c.server.dbs;
      if (a < 0 || a >= dbs.length || b < 0 || b >= dbs.length) return E.DB_OUT_OF_RANGE;
      if (a !== b) {
        dbs[a].swapWith(dbs[b]);
        c.server.dbChanged(dbs[a], "swapdb");
        c.server.dbChanged(dbs[b], "swapdb");
      }
      c.server.stats.dirty++;
      return OK;
    },
  },
  {
    name: "config",
    summary: "Reads and changes the server's configuration parameters.",
    subcommands: [
      {
        name: "get",
        summary: "Returns the parameters matching one or more glob patterns, with their values.",
        handler: (c, argv) => {
          const pairs = c.server.config.matching(argv.slice(2), (pattern, name) => globMatch(pattern, name, true));
          return map(pairs.flatMap(([k, v]) => [bulk(k), bulk(v)]));
        },
      },
      {
        name: "set",
        summary: "Sets one or more parameters at once; if any value is refused, none changes.",
        handler: (c, argv) => {
          if (argv.length % 2) return E.SYNTAX;
          const pairs: [string, string][] = [];
          for (let i = 2; i < argv.length; i += 2) pairs.push([argv[i], argv[i + 1]]);
          const r = c.server.config.setMany(pairs, protectedAllowed(c));
          if (!r.ok) return "unknown" in r ? unknownConfigOption(r.unknown) : configSetError(r.param, r.reason);
          if (r.changed.includes("hz") || r.changed.includes("dynamic-hz")) c.server.rescheduleCron();
          // Redis evicts inside CONFIG SET when the new limit is below what is in use.
          if (r.changed.includes("maxmemory")) c.server.evictor.perform();
          return OK;
        },
      },
      {
        name: "resetstat",
        summary: "Zeroes the statistics INFO reports (hits, misses, command counts, errors).",
        handler: (c) => {
          c.server.resetStats();
          return OK;
        },
      },
      {
        name: "rewrite",
        summary: "Would save the running configuration to the config file; there is none here.",
        handler: (): Reply => E.CONFIG_NO_FILE,
      },
      {
        name: "help",
        summary: "Lists the CONFIG subcommands.",
        handler: () => helpReply(CONFIG_HELP),
      },
    ],
  },
];
