/**
 * LATENCY LATEST / HISTORY / RESET / GRAPH / DOCTOR / HISTOGRAM / HELP, over the latency
 * monitor and the per-command histograms (engine/latency/).
 *
 * Event names are looked up exactly (HISTORY, GRAPH) but reset case-insensitively, as Redis'
 * dict and strcasecmp do. HISTOGRAM names commands as COMMAND does ("get", "config|get");
 * unknown ones are skipped, and a container brings its subcommands' histograms along.
 */
import type { Client } from "../client";
import { noLatencySamples } from "../errors";
import { latencyDoctor } from "../latency/doctor";
import type { LatencyHistogram } from "../latency/histogram";
import { latencyGraph } from "../latency/monitor";
import type { TimedStats } from "../latency/tracker";
import { arr, bulk, int, map, verbatim, type Reply } from "../reply";
import type { Server } from "../server";
import { helpReply } from "./object";
import type { Command, CommandDef } from "./table";

const HELP = [
  "DOCTOR",
  "    Return a human readable latency analysis report.",
  "GRAPH <event>",
  "    Return an ASCII latency graph for the <event> class.",
  "HISTORY <event>",
  "    Return time-latency samples for the <event> class.",
  "LATEST",
  "    Return the latest latency samples for all events.",
  "RESET [<event> ...]",
  "    Reset latency data of one or more <event> classes.",
  "    (default: reset all data for all event classes)",
  "HISTOGRAM [COMMAND ...]",
  "    Return a cumulative distribution of latencies in the format of a histogram for the specified command names.",
  "    If no commands are specified then all histograms are replied.",
];

const nowSec = (s: Server) => Math.floor(s.now() / 1000);

function latest(c: Client): Reply {
  const out: Reply[] = [];
  for (const [event, ts] of c.server.latency.monitor.events) {
    const last = ts.latest();
    out.push(arr([bulk(event), int(last.time), int(last.latency), int(ts.max)]));
  }
  return arr(out);
}

function history(c: Client, argv: string[]): Reply {
  const ts = c.server.latency.monitor.events.get(argv[2]);
  return arr((ts?.history() ?? []).map((s) => arr([int(s.time), int(s.latency)])));
}

function graph(c: Client, argv: string[]): Reply {
  const ts = c.server.latency.monitor.events.get(argv[2]);
  if (!ts) return noLatencySamples(argv[2]);
  return verbatim(latencyGraph(argv[2], ts, nowSec(c.server)));
}

function doctor(c: Client): Reply {
  const s = c.server;
  const cfg = {
    threshold: s.config.num("latency-monitor-threshold"),
    slowlogSlowerThan: s.config.num("slowlog-log-slower-than"),
    hz: s.config.num("hz"),
  };
  return verbatim(latencyDoctor(s.latency.monitor, cfg, nowSec(s)));
}

function reset(c: Client, argv: string[]): Reply {
  const monitor = c.server.latency.monitor;
  if (argv.length === 2) return int(monitor.reset());
  let n = 0;
  for (const event of argv.slice(2)) n += monitor.reset(event);
  return int(n);
}

/** fillCommandCDF: calls, then the cumulative buckets as a map of µs → count. */
function cdf(h: LatencyHistogram): Reply {
  const buckets = h.cumulative().flatMap(([us, n]) => [int(us), int(n)]);
  return map([bulk("calls"), int(h.total), bulk("histogram_usec"), map(buckets)]);
}

/** lookupCommandBySds: "name" or "container|sub", case-insensitively. */
function lookupByName(s: Server, name: string): Command | undefined {
  const parts = name.toLowerCase().split("|");
  if (parts.length > 2) return undefined;
  const base = s.commands.get(parts[0]);
  return parts.length === 1 ? base : base?.subcommands?.get(parts[1]);
}

function histogram(c: Client, argv: string[]): Reply {
  const s = c.server;
  const stats = s.stats.commands as Map<string, TimedStats>;
  const out: Reply[] = [];
  const add = (fullname: string) => {
    const h = stats.get(fullname)?.histogram;
    if (h) out.push(bulk(fullname), cdf(h));
  };
  if (argv.length === 2) {
    for (const name of stats.keys()) add(name);
    return map(out);
  }
  for (const name of argv.slice(2)) {
    const cmd = lookupByName(s, name);
    if (!cmd) continue;
    add(cmd.fullname);
    for (const sub of cmd.subcommands?.values() ?? []) add(sub.fullname);
  }
  return map(out);
}

export const latencyCommands: CommandDef[] = [
  {
    name: "latency",
    summary: "Reads the latency monitor's spikes and the per-command latency histograms.",
    subcommands: [
      { name: "latest", summary: "Returns the latest spike of every event class.", handler: latest },
      { name: "history", summary: "Returns an event class's spikes, one per second, oldest first.", handler: history },
      { name: "graph", summary: "Draws an event class's spikes as an ASCII graph.", handler: graph },
      { name: "doctor", summary: "Explains the recorded spikes in plain words, with advice.", handler: doctor },
      { name: "reset", summary: "Forgets the spikes of the given event classes, or of all.", handler: reset },
      { name: "histogram", summary: "Returns the cumulative latency distribution of the given commands, or of all.", handler: histogram },
      { name: "help", summary: "Lists the LATENCY subcommands.", handler: () => helpReply("latency", HELP) },
    ],
  },
];
