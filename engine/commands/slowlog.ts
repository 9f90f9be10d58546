/**
 * SLOWLOG GET [count] / LEN / RESET / HELP over the instance's slow log (engine/latency/).
 *
 * Each entry is [id, unix time, duration µs, argv, client address, client name]. GET's count
 * defaults to 10 and -1 means every entry; anything else below -1, or not an integer, gets
 * Redis' range error.
 */
import type { Client } from "../client";
import { E } from "../errors";
import { OK, arr, bulk, bulkArray, int, type Reply } from "../reply";
import { parseInt64 } from "./args";
import { helpReply } from "./object";
import type { CommandDef } from "./table";

const HELP = [
  "GET [<count>]",
  "    Return top <count> entries from the slowlog (default: 10, -1 mean all).",
  "    Entries are made of:",
  "    id, timestamp, time in microseconds, arguments array, client IP and port,",
  "    client name",
  "LEN",
  "    Return the length of the slowlog.",
  "RESET",
  "    Reset the slowlog.",
];

function slowlogGet(c: Client, argv: string[]): Reply {
  if (argv.length > 3) return E.subcommandSyntax(argv[1], argv[0]);
  const log = c.server.latency.slowlog;
  let count = 10;
  if (argv.length === 3) {
    const n = parseInt64(argv[2]);
    if (n === null || n < -1) return E.SLOWLOG_COUNT;
    count = n === -1 ? log.length : Number(n);
  }
  return arr(
    log.latest(count).map((e) => arr([int(e.id), int(e.time), int(e.durationUs), bulkArray(e.argv), bulk(e.addr), bulk(e.name)])),
  );
}

export const slowlogCommands: CommandDef[] = [
  {
    name: "slowlog",
    summary: "Reads or clears the log of commands that ran longer than slowlog-log-slower-than.",
    subcommands: [
      { name: "get", summary: "Returns the newest slow log entries (10 by default, -1 for all).", handler: slowlogGet },
      { name: "len", summary: "Returns how many entries the slow log holds.", handler: (c) => int(c.server.latency.slowlog.length) },
      {
        name: "reset",
        summary: "Empties the slow log.",
        handler: (c) => {
          c.server.latency.slowlog.reset();
          return OK;
        },
      },
      { name: "help", summary: "Lists the SLOWLOG subcommands.", handler: () => helpReply("slowlog", HELP) },
    ],
  },
];
