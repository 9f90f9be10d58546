/**
 * Pub/Sub commands: (P|S)SUBSCRIBE, (P|S)UNSUBSCRIBE, PUBLISH, SPUBLISH and PUBSUB. The
 * subscriptions themselves live in engine/pubsub.ts.
 */
import { E } from "../errors";
import { bulk, int, bulkArray, arr, type Reply } from "../reply";
import { globMatch } from "../util/glob";
import { helpReply } from "./object";
import type { CommandDef } from "./table";

const PUBSUB_HELP = [
  "CHANNELS [<pattern>]",
  "    Return the currently active channels matching a <pattern> (default: '*').",
  "NUMPAT",
  "    Return number of subscriptions to patterns.",
  "NUMSUB [<channel> ...]",
  "    Return the number of subscribers for the specified channels, excluding",
  "    pattern subscriptions(default: no channels).",
  "SHARDCHANNELS [<pattern>]",
  "    Return the currently active shard level channels matching a <pattern> (default: '*').",
  "SHARDNUMSUB [<shardchannel> ...]",
  "    Return the number of subscribers for the specified shard level channel(s)",
];

/** Channel names of a table, filtered by an optional glob (PUBSUB CHANNELS / SHARDCHANNELS). */
function channelList(table: Map<string, Set<unknown>>, pattern: string | undefined): Reply {
  const out: string[] = [];
  for (const name of table.keys()) if (pattern === undefined || globMatch(pattern, name)) out.push(name);
  return bulkArray(out);
}

/** Flat [channel, count, …] (PUBSUB NUMSUB / SHARDNUMSUB), an array in both protocols in 7.0. */
function numsub(table: Map<string, Set<unknown>>, names: readonly string[]): Reply {
  const out: Reply[] = [];
  for (const name of names) out.push(bulk(name), int(table.get(name)?.size ?? 0));
  return arr(out);
}

export const pubsubCommands: CommandDef[] = [
  {
    name: "subscribe",
    summary: "Listens for messages published to the given channels.",
    handler: (c, argv) => c.server.pubsub.subscribe(c, "channel", argv.slice(1)),
  },
  {
    name: "unsubscribe",
    summary: "Stops listening to the given channels, or to every channel when none is named.",
    handler: (c, argv) => c.server.pubsub.unsubscribe(c, "channel", argv.slice(1)),
  },
  {
    name: "psubscribe",
    summary: "Listens for messages published to channels matching the given glob patterns.",
    handler: (c, argv) => c.server.pubsub.subscribe(c, "pattern", argv.slice(1)),
  },
  {
    name: "punsubscribe",
    summary: "Drops the given pattern subscriptions, or all of them when none is named.",
    handler: (c, argv) => c.server.pubsub.unsubscribe(c, "pattern", argv.slice(1)),
  },
  {
    name: "ssubscribe",
    summary: "Listens for messages published to the given shard channels.",
    handler: (c, argv) => c.server.pubsub.subscribe(c, "shard", argv.slice(1)),
  },
  {
    name: "sunsubscribe",
    summary: "Stops listening to the given shard channels, or to all of them when none is named.",
    handler: (c, argv) => c.server.pubsub.unsubscribe(c, "shard", argv.slice(1)),
  },
  {
    name: "publish",
    summary: "Sends a message to a channel; replies with how many subscribers received it.",
    handler: (c, argv) => int(c.server.pubsub.publish(argv[1], argv[2])),
  },
  {
    name: "spublish",
    summary: "Sends a message to a shard channel; replies with how many subscribers received it.",
    handler: (c, argv) => int(c.server.pubsub.spublish(argv[1], argv[2])),
  },
  {
    name: "pubsub",
    summary: "Inspects the Pub/Sub state: active channels, subscriber and pattern counts.",
    subcommands: [
      {
        name: "channels",
        summary: "Lists the channels with at least one subscriber, optionally matching a pattern.",
        handler: (c, argv) => (argv.length > 3 ? E.subcommandSyntax(argv[1], "pubsub") : channelList(c.server.pubsub.channels, argv[2])),
      },
      {
        name: "numsub",
        summary: "Counts the direct subscribers of each given channel.",
        handler: (c, argv) => numsub(c.server.pubsub.channels, argv.slice(2)),
      },
      {
        name: "numpat",
        summary: "Counts the distinct patterns subscribed to.",
        handler: (c) => int(c.server.pubsub.patterns.size),
      },
      {
        name: "shardchannels",
        summary: "Lists the shard channels with at least one subscriber, optionally matching a pattern.",
        handler: (c, argv) => (argv.length > 3 ? E.subcommandSyntax(argv[1], "pubsub") : channelList(c.server.pubsub.shardChannels, argv[2])),
      },
      {
        name: "shardnumsub",
        summary: "Counts the subscribers of each given shard channel.",
        handler: (c, argv) => numsub(c.server.pubsub.shardChannels, argv.slice(2)),
      },
      {
        name: "help",
        summary: "Lists the PUBSUB subcommands.",
        handler: () => helpReply("pubsub", PUBSUB_HELP),
      },
    ],
  },
];
