/**
 * XINFO STREAM [FULL [COUNT n]], XINFO GROUPS and XINFO CONSUMERS, with Redis 7.0's fields
 * (no 7.2 "inactive" or "active-time").
 */
import type { Client } from "../client";
import { E } from "../errors";
import { arr, bulk, int, map, NULL, type Reply } from "../reply";
import { ID_MAX, ID_MIN, type Group, type StreamValue } from "../types/stream";
import { is, parseInt64 } from "./args";
import { helpReply } from "./object";
import { entryReply, groupLag, idReply, isReply, readStream } from "./streams-common";
import type { CommandDef } from "./table";

const byName = (a: Group | { name: string }, b: { name: string }) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

/** The stream at argv[2], or "no such key" / WRONGTYPE. */
function streamOrReply(c: Client, key: string): StreamValue | Reply {
  const o = readStream(c, key);
  if (isReply(o)) return o;
  return o ? o.value : E.NO_SUCH_KEY;
}

const nullable = (n: number): Reply => (n === -1 ? NULL : int(n));

function header(s: StreamValue): Reply[] {
  return [
    bulk("length"),
    int(s.length),
    bulk("radix-tree-keys"),
    int(s.nodeCount),
    bulk("radix-tree-nodes"),
    int(s.raxNodes),
    bulk("last-generated-id"),
    idReply(s.lastId),
    bulk("max-deleted-entry-id"),
    idReply(s.maxDeletedId),
    bulk("entries-added"),
    int(s.entriesAdded),
    bulk("recorded-first-entry-id"),
    idReply(s.firstId),
  ];
}

function xinfoStream(c: Client, argv: string[]): Reply {
  const s = streamOrReply(c, argv[2]);
  if (isReply(s)) return s;
  const opts = argv.slice(3);
  if (opts.length === 0) {
    const first = s.range(ID_MIN, ID_MAX, 1)[0];
    const last = s.revRange(ID_MIN, ID_MAX, 1)[0];
    return map([
      ...header(s),
      bulk("groups"),
      int(s.groups.size),
      bulk("first-entry"),
      first ? entryReply(first) : NULL,
      bulk("last-entry"),
      last ? entryReply(last) : NULL,
    ]);
  }
  if ((opts.length !== 1 && opts.length !== 3) || !is(opts[0], "full")) return E.subcommandSyntax(argv[1], argv[0]);
  let count = 10;
  if (opts.length === 3) {
    if (!is(opts[1], "count")) return E.subcommandSyntax(argv[1], argv[0]);
    const n = parseInt64(opts[2]);
    if (n === null) return E.NOT_INTEGER;
    count = n < 0 ? 10 : Number(n);
  }
  const groups = [...s.groups.values()].sort(byName).map((g) => {
    const pending: Reply[] = [];
    for (const it = g.pel.seek(0n); it.valid && (!count || pending.length < count); it.next()) {
      const n = it.value;
      pending.push(arr([idReply(it.id), bulk(n.consumer.name), int(n.deliveryTime), int(n.deliveryCount)]));
    }
    const consumers = [...g.consumers.values()].sort(byName).map((cs) => {
      const cp: Reply[] = [];
      for (const it = cs.pel.seek(0n); it.valid && (!count || cp.length < count); it.next()) {
        const n = it.value;
        cp.push(arr([idReply(it.id), int(n.deliveryTime), int(n.deliveryCount)]));
      }
      return map([bulk("name"), bulk(cs.name), bulk("seen-time"), int(cs.seenTime), bulk("pel-count"), int(cs.pel.size), bulk("pending"), arr(cp)]);
    });
    return map([
      bulk("name"),
      bulk(g.name),
      bulk("last-delivered-id"),
      idReply(g.lastId),
      bulk("entries-read"),
      nullable(g.entriesRead),
      bulk("lag"),
      nullable(groupLag(s, g)),
      bulk("pel-count"),
      int(g.pel.size),
      bulk("pending"),
      arr(pending),
      bulk("consumers"),
      arr(consumers),
    ]);
  });
  return map([...header(s), bulk("entries"), arr(s.range(ID_MIN, ID_MAX, count).map(entryReply)), bulk("groups"), arr(groups)]);
}

function xinfoGroups(c: Client, argv: string[]): Reply {
  const s = streamOrReply(c, argv[2]);
  if (isReply(s)) return s;
  return arr(
    [...s.groups.values()].sort(byName).map((g) =>
      map([
        bulk("name"),
        bulk(g.name),
        bulk("consumers"),
        int(g.consumers.size),
        bulk("pending"),
        int(g.pel.size),
        bulk("last-delivered-id"),
        idReply(g.lastId),
        bulk("entries-read"),
        nullable(g.entriesRead),
        bulk("lag"),
        nullable(groupLag(s, g)),
      ]),
    ),
  );
}

function xinfoConsumers(c: Client, argv: string[]): Reply {
  const s = streamOrReply(c, argv[2]);
  if (isReply(s)) return s;
  const g = s.groups.get(argv[3]);
  if (!g) return E.noGroupFor(argv[3], argv[2]);
  const now = c.server.commandTime();
  return arr(
    [...g.consumers.values()]
      .sort(byName)
      .map((cs) => map([bulk("name"), bulk(cs.name), bulk("pending"), int(cs.pel.size), bulk("idle"), int(Math.max(0, now - cs.seenTime))])),
  );
}

/** XINFO HELP's lines, worded exactly as Redis 7.0 prints them (the unclosed bracket too). */
const XINFO_HELP = [
  "CONSUMERS <key> <groupname>",
  "    Show consumers of <groupname>.",
  "GROUPS <key>",
  "    Show the stream consumer groups.",
  "STREAM <key> [FULL [COUNT <count>]",
  "    Show information about the stream.",
];

export const streamInfoCommands: CommandDef[] = [
  {
    name: "xinfo",
    summary: "Describes a stream, its consumer groups, or a group's consumers.",
    subcommands: [
      { name: "stream", summary: "Describes a stream, optionally with all its entries, groups and pending lists.", handler: xinfoStream },
      { name: "groups", summary: "Lists a stream's consumer groups with their progress.", handler: xinfoGroups },
      { name: "consumers", summary: "Lists the consumers of a group with their pending counts and idle times.", handler: xinfoConsumers },
      { name: "help", summary: "Lists the XINFO subcommands.", handler: () => helpReply("xinfo", XINFO_HELP) },
    ],
  },
];
