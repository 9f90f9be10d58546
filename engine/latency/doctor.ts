/**
 * LATENCY DOCTOR: Redis 7.0's human-readable report on the latency monitor's events, with its
 * exact wording (a reply text is behaviour). Only the advice the playground's events can call
 * for is modelled: commands, fast commands, the expiry cycle and eviction. Redis' machine
 * checks (transparent huge pages, fork rate, disks) never apply to an instance in a tab.
 */
import type { LatencyMonitor } from "./monitor";

export interface DoctorConfig {
  threshold: number;
  slowlogSlowerThan: number;
  hz: number;
}

/** analyzeLatencyForEvent: samples, average, mean absolute deviation, period (integer maths). */
function analyze(samples: { time: number; latency: number }[], nowSec: number) {
  if (!samples.length) return { n: 0, avg: 0, mad: 0, period: 0 };
  let sum = 0;
  let oldest = 0;
  for (const s of samples) {
    sum += s.latency;
    if (oldest === 0 || s.time < oldest) oldest = s.time;
  }
  const avg = Math.floor(sum / samples.length);
  const period = nowSec - oldest || 1;
  let dev = 0;
  for (const s of samples) dev += Math.abs(avg - s.latency);
  return { n: samples.length, avg, mad: Math.floor(dev / samples.length), period };
}

const ADVICE = {
  slowlogEnable: (t: number) =>
    `- There are latency issues with potentially slow commands you are using. Try to enable the Slow Log Redis feature using the command 'CONFIG SET slowlog-log-slower-than ${t * 1000}'. If the Slow log is disabled Redis is not able to log slow commands execution for you.\n`,
  slowlogTuning: (t: number) =>
    `- Your current Slow Log configuration only logs events that are slower than your configured latency monitor threshold. Please use 'CONFIG SET slowlog-log-slower-than ${t * 1000}'.\n`,
  slowlogInspect:
    "- Check your Slow Log to understand what are the commands you are running which are too slow to execute. Please check https://redis.io/commands/slowlog for more information.\n",
  scheduler:
    "- The system is slow to execute Redis code paths not containing system calls. This usually means the system does not provide Redis CPU time to run for long periods. You should try to:\n" +
    "  1) Lower the system load.\n" +
    "  2) Use a computer / VM just for Redis if you are running other software in the same system.\n" +
    '  3) Check if you have a "noisy neighbour" problem.\n' +
    "  4) Check with 'redis-cli --intrinsic-latency 100' what is the intrinsic latency in your system.\n" +
    "  5) Check if the problem is allocator-related by recompiling Redis with MALLOC=libc, if you are using Jemalloc. However this may create fragmentation problems.\n",
  hz: "- In order to make the Redis keys expiring process more incremental, try to set the 'hz' configuration parameter to 100 using 'CONFIG SET hz 100'.\n",
  largeObjects:
    "- Deleting, expiring or evicting (because of maxmemory policy) large objects is a blocking operation. If you have very large objects that are often deleted, expired, or evicted, try to fragment those objects into multiple smaller objects.\n",
  massEviction:
    "- Sudden changes to the 'maxmemory' setting via 'CONFIG SET', or allocation of large objects via sets or sorted sets intersections, STORE option of SORT, Redis Cluster large keys migrations (RESTORE command), may create sudden memory pressure forcing the server to block trying to evict keys. \n",
};

export function latencyDoctor(monitor: LatencyMonitor, cfg: DoctorConfig, nowSec: number): string {
  if (monitor.events.size === 0 && cfg.threshold === 0) {
    return `I'm sorry, Dave, I can't do that. Latency monitoring is disabled in this Redis instance. You may use "CONFIG SET latency-monitor-threshold <milliseconds>." in order to enable it. If we weren't in a deep space mission I'd suggest to take a look at https://redis.io/topics/latency-monitor.\n`;
  }
  const want = new Set<keyof typeof ADVICE>();
  let advices = 0;
  let report = "";
  let eventnum = 0;
  for (const [event, ts] of monitor.events) {
    eventnum++;
    if (eventnum === 1) report += "Dave, I have observed latency spikes in this Redis instance. You don't mind talking about it, do you Dave?\n\n";
    const a = analyze(ts.history(), nowSec);
    report += `${eventnum}. ${event}: ${a.n} latency spikes (average ${a.avg}ms, mean deviation ${a.mad}ms, period ${(a.period / a.n).toFixed(2)} sec). Worst all time event ${ts.max}ms.`;
    const name = event.toLowerCase();
    if (name === "command") {
      if (cfg.slowlogSlowerThan < 0) want.add("slowlogEnable");
      else if (Math.trunc(cfg.slowlogSlowerThan / 1000) > cfg.threshold) want.add("slowlogTuning");
      if (cfg.slowlogSlowerThan < 0 || Math.trunc(cfg.slowlogSlowerThan / 1000) > cfg.threshold) advices++;
      want.add("slowlogInspect").add("largeObjects");
      advices += 2;
    } else if (name === "fast-command") {
      want.add("scheduler");
      advices++;
    } else if (name === "expire-cycle") {
      want.add("hz").add("largeObjects");
      advices += 2;
    } else if (name === "eviction-del") {
      want.add("largeObjects");
      advices++;
    } else if (name === "eviction-cycle") {
      want.add("massEviction");
      advices++;
    }
    report += "\n";
  }
  if (eventnum === 0 && advices === 0) {
    return report + "Dave, no latency spike was observed during the lifetime of this Redis instance, not in the slightest bit. I honestly think you ought to sit down calmly, take a stress pill, and think things over.\n";
  }
  if (advices === 0) {
    return report + "\nWhile there are latency events logged, I'm not able to suggest any easy fix. Please use the Redis community to get some help, providing this report in your help request.\n";
  }
  report += "\nI have a few advices for you:\n\n";
  if (want.has("slowlogEnable")) report += ADVICE.slowlogEnable(cfg.threshold);
  if (want.has("slowlogTuning")) report += ADVICE.slowlogTuning(cfg.threshold);
  if (want.has("slowlogInspect")) report += ADVICE.slowlogInspect;
  if (want.has("scheduler")) report += ADVICE.scheduler;
  if (want.has("hz") && cfg.hz < 100) report += ADVICE.hz;
  if (want.has("largeObjects")) report += ADVICE.largeObjects;
  if (want.has("massEviction")) report += ADVICE.massEviction;
  return report;
}
