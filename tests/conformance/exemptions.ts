/**
 * Every place where the differential suite does not compare replies byte for byte, and why.
 *
 * Only what real Redis itself leaves nondeterministic may be normalised here: the order of
 * hashtable-encoded collections, random picks, timings, ids and addresses, and the prose of
 * COMMAND DOCS. A test picks an exemption by name, so each one is written down once.
 */
import type { Reply } from "../../engine/reply";

export type Normaliser = (r: Reply) => Reply;

const sortKey = (r: Reply) => JSON.stringify(r, (_k, v) => (typeof v === "bigint" ? v.toString() : v));

export const exemptions = {
  /** Members of a hashtable (KEYS, SMEMBERS of a big set, …): Redis' order depends on a random hash seed. */
  unordered: ((r) =>
    r.t === "array" || r.t === "set" ? { ...r, v: [...r.v].sort((a, b) => (sortKey(a) < sortKey(b) ? -1 : 1)) } : r) as Normaliser,

  /** TIME: the seconds and microseconds are the wall clock's. */
  time: ((r) => (r.t === "array" ? { ...r, v: r.v.map(() => ({ t: "bulk", v: "<time>" }) as Reply) } : r)) as Normaliser,

  /**
   * A TTL/PTTL measured at slightly different instants on the two servers: equal within the
   * given tolerance in the reply's unit.
   */
  approx:
    (tolerance: number, anchor: number): Normaliser =>
    (r) =>
      r.t === "int" && Math.abs(Number(r.v) - anchor) <= tolerance ? { t: "int", v: anchor } : r,

  /** Any integer: ids and counters that depend on the process (CLIENT ID, HELLO's id). */
  anyInt: ((r) => (r.t === "int" ? { t: "int", v: 0 } : r)) as Normaliser,

  /** CLIENT LIST / CLIENT INFO lines: ids, addresses, fds, ages, idle times and memory figures. */
  clientInfo: ((r) => {
    const mask = (line: string) =>
      line.replace(
        /\b(id|addr|laddr|fd|age|idle|qbuf|qbuf-free|argv-mem|multi-mem|rbs|rbp|obl|oll|omem|tot-mem)=\S*/g,
        "$1=<x>",
      );
    if (r.t === "bulk" || r.t === "verbatim") return { ...r, v: r.v.split("\n").map(mask).join("\n") };
    return r;
  }) as Normaliser,

  /** HELLO's map: the connection id and the server version's patch level. */
  hello: ((r) => {
    if (r.t !== "map" && r.t !== "array") return r;
    const v = [...r.v];
    for (let i = 0; i + 1 < v.length; i += 2) {
      const k = v[i];
      if (k.t === "bulk" && k.v === "id") v[i + 1] = { t: "int", v: 0 };
    }
    return { ...r, v } as Reply;
  }) as Normaliser,

  /** COMMAND DOCS (compared under RESP3, where docs are maps): summaries and history are prose; ours are our own. */
  docsProse: ((r) => stripDocsProse(r)) as Normaliser,

  /**
   * CONFIG GET with patterns (a map in RESP3, flat pairs in RESP2): Redis lists the matches in
   * the order of a hash table whose seed is random per process. Pairs stay pairs; only their
   * order is normalised.
   */
  unorderedPairs: ((r) => {
    if ((r.t !== "map" && r.t !== "array") || r.v.length % 2) return r;
    const pairs: [Reply, Reply][] = [];
    for (let i = 0; i < r.v.length; i += 2) pairs.push([r.v[i], r.v[i + 1]]);
    pairs.sort((a, b) => (sortKey(a[0]) < sortKey(b[0]) ? -1 : 1));
    return { ...r, v: pairs.flat() } as Reply;
  }) as Normaliser,

  /**
   * COMMAND INFO / COMMAND DOCS of commands with subcommands: Redis keeps subcommands in a
   * hash table with a per-process random seed, so their order varies from run to run.
   */
  subcommandOrder: ((r) => sortSubcommands(r)) as Normaliser,

  /**
   * A SCAN page [cursor, keys]: keys come in the order of Redis' hash table (random seed), so
   * the page's keys are sorted. The cursor is compared as is: tests use it only where the walk
   * completes in one call (cursor 0 on both sides).
   */
  scanPage: ((r) =>
    r.t === "array" && r.v.length === 2 ? { ...r, v: [r.v[0], exemptions.unordered(r.v[1])] } : r) as Normaliser,

  /**
   * A SCAN page for a cursor Redis never handed out: Redis maps it onto a bucket of a hash
   * table with a random seed, so which keys come back, and the next cursor, are arbitrary.
   * Only the reply's shape is compared (errors stay as they are).
   */
  scanShape: ((r) =>
    r.t === "array" && r.v.length === 2 && r.v[0].t === "bulk" && r.v[1].t === "array"
      ? { t: "array", v: [{ t: "bulk", v: "<cursor>" }, { t: "array", v: [] }] }
      : r) as Normaliser,

  /**
   * DEBUG OBJECT: the value's heap address, and its LRU stamp and idle seconds (read from the
   * wall clock through a cron-updated LRU clock). Every other field is compared.
   */
  debugObject: ((r) =>
    r.t === "simple"
      ? {
          ...r,
          v: r.v
            .replace(/^Value at:0x[0-9a-f]+ /, "Value at:<addr> ")
            .replace(/ lru:\d+ lru_seconds_idle:\d+/, " lru:<x> lru_seconds_idle:<x>"),
        }
      : r) as Normaliser,

  /**
   * A ZSCAN (or HSCAN) page [cursor, pairs] of a skiplist/hashtable-encoded value, taken in one
   * call (cursor 0 on both sides): pairs come in hash-table order (random seed), so they are
   * sorted as pairs; each member stays next to its score.
   */
  scanPairsPage: ((r) =>
    r.t === "array" && r.v.length === 2 ? { ...r, v: [r.v[0], exemptions.unorderedPairs(r.v[1])] } : r) as Normaliser,

  /** RANDOMKEY with several candidates: which one comes back is random; nil stays nil. */
  randomPick: ((r) => (r.t === "bulk" ? { t: "bulk", v: "<key>" } : r)) as Normaliser,

  /**
   * HRANDFIELD (and kin) with a count that samples: which elements come back, and in which
   * order, is random. The reply's shape is compared: its length and, in RESP3, the nesting
   * of field/value pairs; every string in it is masked (errors and empty replies stay).
   */
  randomSample: ((r) => maskStrings(r)) as Normaliser,

  /**
   * SPOP / SRANDMEMBER: which members come back, and in which order, is random. A pick is
   * masked only if it belongs to `pool` (the set's members just before the command), and a
   * reply that must be `distinct` is masked only if it has no repeats; anything else is left
   * as is, so it shows up as a mismatch. The length, the reply type and errors stay exact.
   */
  picksFrom:
    (pool: ReadonlySet<string>, distinct: boolean): Normaliser =>
    (r) => {
      const mask = (x: Reply): Reply => (x.t === "bulk" && pool.has(x.v) ? { t: "bulk", v: "<pick>" } : x);
      if (r.t === "bulk") return mask(r);
      if (r.t !== "array" && r.t !== "set") return r;
      if (distinct && new Set(r.v.map((x) => (x.t === "bulk" ? x.v : sortKey(x)))).size !== r.v.length) return r;
      return { ...r, v: r.v.map(mask) } as Reply;
    },

  /**
   * TTL, PTTL, EXPIRETIME, PEXPIRETIME of a key given a relative TTL: each server read its own
   * clock at a slightly different instant, so a positive value is compared by sign only
   * (-2 and -1 stay exact).
   */
  ttlSign: ((r) => (r.t === "int" && Number(r.v) >= 0 ? { t: "int", v: 1 } : r)) as Normaliser,

  /**
   * Stream consumer-group times (XPENDING's idle, XINFO's idle / seen-time / delivery times)
   * read each server's own clock. (XINFO STREAM's radix-tree-nodes is modelled exactly and
   * compared; see engine/types/stream-rax.ts.)
   */
  streamTimes: ((r) => maskStreamTimes(r)) as Normaliser,

  /**
   * MONITOR lines in a raw RESP stream: the wall-clock time of each command and the
   * connection's address (ephemeral port) differ between servers; addresses are replaced by
   * the name of the session they belong to so the origin of each line is still compared.
   */
  monitorLine: (text: string, addrNames: ReadonlyMap<string, string>): string =>
    text.replace(/^\+\d+\.\d{6} \[(\d+) ([^\]]+)\]/gm, (_m, db: string, addr: string) => `+<time> [${db} ${addrNames.get(addr) ?? "<addr>"}]`),

  // -- Memory --
  /**
   * MEMORY STATS: every figure depends on the process (allocator state, RSS, client buffers,
   * the exact startup allocation), so values are masked by type and only the keys, their
   * order, the per-database maps and each value's reply type are compared.
   */
  memoryFigures: ((r) => maskFigures(r)) as Normaliser,

  /** MEMORY MALLOC-STATS: jemalloc's report describes the real process; only its first line is compared. */
  firstLine: ((r) => (r.t === "bulk" || r.t === "verbatim" ? { ...r, v: r.v.split("\n")[0] } : r)) as Normaliser,

  // -- Latency --
  /**
   * SLOWLOG GET entries [id, time, duration, argv, addr, name]: the wall-clock second, how
   * long the command took and the client's ephemeral port differ between servers. Ids,
   * arguments (as trimmed and redacted) and names are compared.
   */
  slowlogEntries: ((r) => maskSlowlog(r)) as Normaliser,

  /**
   * SLOWLOG GET after blocking commands: the harness checks that the real server holds a
   * client blocked with INFO clients on a side connection (tests/support/differential.ts),
   * which only the real server logs. Those entries are dropped, and ids count down from the
   * newest entry; everything else is compared as in slowlogEntries.
   */
  slowlogWithoutProbe: ((r) => {
    if (r.t !== "array") return r;
    const isProbe = (e: Reply) =>
      e.t === "array" && e.v[3]?.t === "array" && e.v[3].v.map((a) => (a.t === "bulk" ? a.v.toLowerCase() : "")).join(" ") === "info clients";
    const masked: Reply = maskSlowlog({ ...r, v: r.v.filter((e) => !isProbe(e)) });
    if (masked.t !== "array") return masked;
    return { ...masked, v: masked.v.map((e: Reply, i: number) => (e.t === "array" ? ({ ...e, v: [{ t: "int", v: -i }, ...e.v.slice(1)] } as Reply) : e)) };
  }) as Normaliser,

  /**
   * LATENCY LATEST / HISTORY: a spike's second and its length in ms are the wall clock's
   * (DEBUG SLEEP 0.05 takes 50 or 51 ms); event names and the number of samples are compared.
   */
  latencySamples: ((r) => maskInts(r)) as Normaliser,

  /** LATENCY GRAPH / DOCTOR text: every number (ms, "seconds ago" labels) is timing. */
  latencyText: ((r) => (r.t === "verbatim" || r.t === "bulk" ? { ...r, v: r.v.replace(/\d+(\.\d+)?/g, "N") } : r)) as Normaliser,

  /**
   * LATENCY HISTOGRAM: which buckets a command's calls fall in is timing; per command the
   * calls count and the cumulative total (the last bucket's count) are compared. With no
   * arguments Redis lists the commands in hash-table order, so command entries are sorted.
   */
  latencyHistogram: ((r) => exemptions.unorderedPairs(maskHistogram(r))) as Normaliser,

  /**
   * INFO latencystats and commandstats: the percentiles and usec figures are timing, and
   * Redis lists commands in hash-table order. Lines are sorted and figures masked.
   */
  infoTimings: ((r) =>
    r.t === "verbatim" || r.t === "bulk"
      ? {
          ...r,
          v: r.v
            .split("\r\n")
            .map((l) => l.replace(/=\d+\.\d{3}/g, "=N").replace(/usec=\d+,usec_per_call=[\d.]+/, "usec=N,usec_per_call=N"))
            .sort()
            .join("\r\n"),
        }
      : r) as Normaliser,

  // -- Limits --
  /**
   * INFO reduced to its shape: section titles and field names, values dropped. Within
   * Commandstats and Latencystats the lines are sorted: Redis walks its command table, a hash
   * table, so their order is the hash's, not something a learner can rely on.
   */
  infoShape: ((r) => (r.t === "verbatim" || r.t === "bulk" ? { ...r, v: infoShape(r.v) } : r)) as Normaliser,

  // -- scripting (h-lua) --
  /**
   * FUNCTION LIST: Redis walks its libraries and each library's functions in dict (hash)
   * order; both are sorted by name here. Everything else (fields, flags, code) must match.
   */
  functionList: ((r) => sortFunctionList(r)) as Normaliser,

  // -- Busy scripts --
  /** FUNCTION STATS while a function runs: running_script's duration_ms is wall time. */
  functionStatsDuration: ((r) => maskDurationMs(r)) as Normaliser,
};

// -- Busy scripts --
function maskDurationMs(r: Reply): Reply {
  if (r.t !== "array" && r.t !== "map") return r;
  const v = r.v.map((x, i) => (i > 0 && r.v[i - 1].t === "bulk" && (r.v[i - 1] as { v: string }).v === "duration_ms" && x.t === "int" ? ({ t: "int", v: 0 } as Reply) : maskDurationMs(x)));
  return { ...r, v } as Reply;
}

// -- scripting (h-lua) --
/** The value after `field` in a map (or RESP2 flat array) reply, as text, for sorting. */
function fieldText(r: Reply, field: string): string {
  if (r.t !== "map" && r.t !== "array") return "";
  for (let i = 0; i + 1 < r.v.length; i += 2) {
    const k = r.v[i];
    const v = r.v[i + 1];
    if ((k.t === "bulk" || k.t === "simple") && k.v === field) return v.t === "bulk" || v.t === "simple" ? v.v : "";
  }
  return "";
}

function sortFunctionList(r: Reply): Reply {
  if (r.t !== "array") return r;
  const byName = (field: string) => (a: Reply, b: Reply) => (fieldText(a, field) < fieldText(b, field) ? -1 : fieldText(a, field) > fieldText(b, field) ? 1 : 0);
  const libs = r.v.map((lib) => {
    if (lib.t !== "map" && lib.t !== "array") return lib;
    const v = lib.v.map((x, i) => {
      const k = lib.v[i - 1];
      if (i % 2 === 1 && k && (k.t === "bulk" || k.t === "simple") && k.v === "functions" && x.t === "array") {
        return { ...x, v: [...x.v].sort(byName("name")) };
      }
      return x;
    });
    return { ...lib, v };
  });
  return { ...r, v: libs.sort(byName("library_name")) };
}

const STREAM_TIME_FIELDS = new Set(["idle", "seen-time"]);

function maskStreamTimes(r: Reply): Reply {
  if (r.t !== "array" && r.t !== "map") return r;
  const v = r.v.map(maskStreamTimes);
  // XPENDING's extended form: [id, consumer, idle, deliveries].
  if (r.t === "array" && v.length === 4 && v[0].t === "bulk" && /^\d+-\d+$/.test(v[0].v) && v[1].t === "bulk" && v[2].t === "int")
    v[2] = { t: "int", v: 0 };
  // A consumer's pending list in XINFO STREAM FULL: [id, delivery time, deliveries].
  if (r.t === "array" && v.length === 3 && v[0].t === "bulk" && /^\d+-\d+$/.test(v[0].v) && v[1].t === "int" && v[2].t === "int")
    v[1] = { t: "int", v: 0 };
  // XINFO STREAM FULL's pending lists: [id, (consumer,) delivery time, deliveries].
  for (let i = 0; i + 1 < v.length; i += 2) {
    const k = v[i];
    if (k.t === "bulk" && STREAM_TIME_FIELDS.has(k.v) && v[i + 1].t === "int") v[i + 1] = { t: "int", v: 0 };
  }
  return { ...r, v } as Reply;
}

/** Sorts, at every depth, COMMAND INFO subcommand entries by name and DOCS "subcommands" maps by key. */
function sortSubcommands(r: Reply): Reply {
  if (r.t === "array" && r.v.length === 10 && r.v[0].t === "bulk" && r.v[1].t === "int" && r.v[9].t === "array") {
    const subs = [...r.v[9].v.map(sortSubcommands)].sort((a, b) => (sortKey(a) < sortKey(b) ? -1 : 1));
    return { ...r, v: [...r.v.slice(0, 9), { t: "array", v: subs }] } as Reply;
  }
  if (r.t === "map") {
    const v: Reply[] = [];
    for (let i = 0; i + 1 < r.v.length; i += 2) {
      const k = r.v[i];
      const val = sortSubcommands(r.v[i + 1]);
      v.push(k, k.t === "bulk" && k.v === "subcommands" ? exemptions.unorderedPairs(val) : val);
    }
    return { ...r, v } as Reply;
  }
  if (r.t === "array" || r.t === "set") return { ...r, v: r.v.map(sortSubcommands) } as Reply;
  return r;
}

function stripDocsProse(r: Reply): Reply {
  if (r.t === "map") {
    const v: Reply[] = [];
    for (let i = 0; i + 1 < r.v.length; i += 2) {
      const k = r.v[i];
      if (k.t === "bulk" && (k.v === "summary" || k.v === "history")) continue;
      v.push(k, stripDocsProse(r.v[i + 1]));
    }
    return { ...r, v } as Reply;
  }
  if (r.t === "array" || r.t === "set") return { ...r, v: r.v.map(stripDocsProse) } as Reply;
  return r;
}

/** Replaces every bulk string at any depth with a placeholder, keeping the structure. */
function maskStrings(r: Reply): Reply {
  // A double (a score) is a bulk string once RESP2 decodes it: both are masked alike.
  if (r.t === "bulk" || r.t === "double") return { t: "bulk", v: "<pick>" };
  if (r.t === "array" || r.t === "set" || r.t === "map") return { ...r, v: r.v.map(maskStrings) } as Reply;
  return r;
}

// -- Latency --
/** SLOWLOG entries with their time, duration and address masked. */
function maskSlowlog(r: Reply): Reply {
  if (r.t !== "array") return r;
  const blank = (e: Reply): Reply =>
    e.t === "array" && e.v.length === 6
      ? ({ ...e, v: [e.v[0], { t: "int", v: 0 }, { t: "int", v: 0 }, e.v[3], { t: "bulk", v: "<addr>" }, e.v[5]] } as Reply)
      : e;
  return { ...r, v: r.v.map(blank) };
}

function maskInts(r: Reply): Reply {
  if (r.t === "int") return { t: "int", v: 0 };
  if (r.t === "array" || r.t === "map") return { ...r, v: r.v.map(maskInts) } as Reply;
  return r;
}

/** In each command's {calls, histogram_usec} the buckets become one: [0 → last cumulative count]. */
function maskHistogram(r: Reply): Reply {
  if (r.t !== "map" && r.t !== "array") return r;
  const v = [...r.v];
  for (let i = 0; i + 1 < v.length; i += 2) {
    const k = v[i];
    const val = v[i + 1];
    if (k.t === "bulk" && k.v === "histogram_usec" && (val.t === "map" || val.t === "array")) {
      const last = val.v[val.v.length - 1];
      v[i + 1] = { ...val, v: last ? [{ t: "int", v: 0 }, last] : [] } as Reply;
    } else if (val.t === "map" || val.t === "array") v[i + 1] = maskHistogram(val);
  }
  return { ...r, v } as Reply;
}

// -- Memory --
/** Masks every value of a map (or RESP2 flat pairs) by type, at any depth; keys stay. */
function maskFigures(r: Reply): Reply {
  if (r.t !== "map" && r.t !== "array") return r;
  const v = r.v.map((x, i) => {
    if (i % 2 === 0) return x;
    if (x.t === "int") return { t: "int", v: 0 } as Reply;
    // A double is a bulk string once RESP2 decodes it: both mask to the same text.
    if (x.t === "double") return { t: "double", v: 0, text: "<n>" } as Reply;
    if (x.t === "bulk") return { t: "bulk", v: "<n>" } as Reply;
    return maskFigures(x);
  });
  return { ...r, v } as Reply;
}

// -- Limits --
function infoShape(text: string): string {
  const out: string[] = [];
  let section = "";
  let hashOrdered: string[] = [];
  const flush = () => out.push(...hashOrdered.sort());
  for (const line of text.split("\r\n")) {
    if (line.startsWith("# ")) {
      flush();
      hashOrdered = [];
      section = line.slice(2);
      out.push(line);
    } else if (line.includes(":")) {
      const name = line.slice(0, line.indexOf(":"));
      if (section === "Commandstats" || section === "Latencystats") hashOrdered.push(name);
      else out.push(name);
    }
  }
  flush();
  return out.join("\n");
}
