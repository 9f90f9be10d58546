/**
 * Parsers for the configuration parameters with a syntax of their own (save, bind,
 * client-output-buffer-limit, notify-keyspace-events, …), and the C library number parsing
 * (strtoll, strtoull, memtoull) they rely on, with the exact quirks of Redis 7.0.15.
 *
 * Each parser takes the value as CONFIG SET received it and returns the value in CONFIG GET
 * form, or the reason text Redis gives for refusing it.
 */
import { parseDouble } from "./commands/args";

export type Parsed = { ok: true; value: string; num?: number } | { ok: false; reason: string };

const ok = (value: string, num?: number): Parsed => ({ ok: true, value, num });
const fail = (reason: string): Parsed => ({ ok: false, reason });

const U64 = 1n << 64n;
const LLONG_MAX = (1n << 63n) - 1n;
const LLONG_MIN = -(1n << 63n);

/** sdssplitlen(value, " "): an empty value has no arguments; runs of spaces give empty ones. */
export const splitArgs = (value: string): string[] => (value === "" ? [] : value.split(" "));

/**
 * The value as a C string: most of Redis' config parsers read up to the first NUL byte and
 * never see the rest ("yes\0junk" is "yes").
 */
export function cstr(s: string): string {
  const nul = s.indexOf("\0");
  return nul === -1 ? s : s.slice(0, nul);
}

/** The arguments of a multi-argument parameter, each read as a C string. */
const splitCArgs = (value: string): string[] => splitArgs(value).map(cstr);

/**
 * C's strtoll(s, &end, 10): leading white space, an optional sign, digits; saturates on
 * overflow. `end` is where parsing stopped (0 when no digits were read at all).
 */
export function strtoll(s: string): { v: bigint; end: number } {
  let i = 0;
  while (i < s.length && " \t\n\v\f\r".includes(s[i])) i++;
  let neg = false;
  if (s[i] === "+" || s[i] === "-") neg = s[i++] === "-";
  const start = i;
  while (i < s.length && s[i] >= "0" && s[i] <= "9") i++;
  if (i === start) return { v: 0n, end: 0 };
  let v = BigInt(s.slice(start, i));
  if (neg) v = -v;
  if (v > LLONG_MAX) v = LLONG_MAX;
  if (v < LLONG_MIN) v = LLONG_MIN;
  return { v, end: i };
}

/** strtoll that must consume the whole string (Redis checks `*eptr == '\0'`). */
function wholeStrtoll(s: string): bigint | null {
  const r = strtoll(s);
  // Without digits `end` stays at the start, so only an empty string counts as fully parsed.
  return r.end === s.length ? r.v : null;
}

const UNITS: Record<string, bigint> = {
  "": 1n,
  b: 1n,
  k: 1000n,
  kb: 1024n,
  m: 1000n * 1000n,
  mb: 1024n * 1024n,
  g: 1000n * 1000n * 1000n,
  gb: 1024n * 1024n * 1024n,
};

/**
 * Redis 7.0.15's memtoull: digits then an optional unit (b, k, kb, m, mb, g, gb, any case).
 * No sign allowed. As in 7.0, an empty digit run reads as 0, a too large number saturates
 * and the multiplication by the unit wraps around 2^64 (the overflow check came later).
 */
export function memtoull(s: string): bigint | null {
  if (s.startsWith("-")) return null;
  let u = 0;
  while (u < s.length && s[u] >= "0" && s[u] <= "9") u++;
  const mul = UNITS[s.slice(u).toLowerCase()];
  if (mul === undefined || u >= 128) return null;
  let v = u === 0 ? 0n : BigInt(s.slice(0, u));
  if (v >= U64) v = U64 - 1n;
  return (v * mul) % U64;
}

// ---- save -----------------------------------------------------------------------------------

/** "<seconds> <changes> ...": seconds >= 1, changes >= 0; changes is kept in a C int. */
export function parseSave(value: string): Parsed {
  let argv = splitCArgs(value);
  // A single empty argument means "no save points" (as CONFIG SET save "" does).
  if (argv.length === 1 && argv[0] === "") argv = [];
  if (argv.length & 1) return fail("Invalid save parameters");
  const out: string[] = [];
  for (let j = 0; j < argv.length; j += 2) {
    const seconds = wholeStrtoll(argv[j]);
    const changes = wholeStrtoll(argv[j + 1]);
    if (seconds === null || seconds < 1n || changes === null || changes < 0n) return fail("Invalid save parameters");
    out.push(`${seconds} ${BigInt.asIntN(32, changes)}`);
  }
  return ok(out.join(" "));
}

// ---- client-output-buffer-limit ---------------------------------------------------------------

const OBUF_CLASSES = ["normal", "slave", "pubsub"] as const;

/** "<class> <hard> <soft> <soft-seconds> ...", merged into the current limits. */
export function parseClientOutputBufferLimit(value: string, current: string): Parsed {
  const argv = splitCArgs(value);
  if (argv.length % 4) return fail("Wrong number of arguments in buffer limit configuration.");
  const limits = new Map<string, string>();
  const cur = current.split(" ");
  for (let j = 0; j + 3 < cur.length; j += 4) limits.set(cur[j], cur.slice(j + 1, j + 4).join(" "));
  for (let j = 0; j < argv.length; j += 4) {
    let cls = argv[j].toLowerCase();
    if (cls === "replica") cls = "slave";
    if (!(OBUF_CLASSES as readonly string[]).includes(cls)) {
      return fail("Invalid client class specified in buffer limit configuration.");
    }
    const hard = memtoull(argv[j + 1]);
    const soft = memtoull(argv[j + 2]);
    const secs = strtoll(argv[j + 3]);
    const seconds = BigInt.asIntN(32, secs.v);
    if (hard === null || soft === null || seconds < 0n || secs.end !== argv[j + 3].length) {
      return fail("Error in hard, soft or soft_seconds setting in buffer limit configuration.");
    }
    limits.set(cls, `${hard} ${soft} ${seconds}`);
  }
  return ok(OBUF_CLASSES.map((c) => `${c} ${limits.get(c)}`).join(" "));
}

// ---- oom-score-adj-values -----------------------------------------------------------------------

export function parseOomScoreAdjValues(value: string): Parsed {
  const argv = splitCArgs(value);
  if (argv.length !== 3) return fail("wrong number of arguments");
  const out: bigint[] = [];
  for (const a of argv) {
    const v = wholeStrtoll(a);
    if (v === null || v < -2000n || v > 2000n) return fail("Invalid oom-score-adj-values, elements must be between -2000 and 2000.");
    out.push(v);
  }
  return ok(out.join(" "));
}

// ---- notify-keyspace-events -------------------------------------------------------------------

/** notify.c's flag bits, shared with keyspace notifications. */
export const NOTIFY = {
  KEYSPACE: 1 << 0,
  KEYEVENT: 1 << 1,
  GENERIC: 1 << 2,
  STRING: 1 << 3,
  LIST: 1 << 4,
  SET: 1 << 5,
  HASH: 1 << 6,
  ZSET: 1 << 7,
  EXPIRED: 1 << 8,
  EVICTED: 1 << 9,
  STREAM: 1 << 10,
  KEY_MISS: 1 << 11,
  MODULE: 1 << 13,
  NEW: 1 << 14,
} as const;

/** The classes "A" stands for: not key-miss or new-key events. */
const NOTIFY_ALL =
  NOTIFY.GENERIC | NOTIFY.STRING | NOTIFY.LIST | NOTIFY.SET | NOTIFY.HASH | NOTIFY.ZSET | NOTIFY.EXPIRED | NOTIFY.EVICTED | NOTIFY.STREAM | NOTIFY.MODULE;

/** Class characters in the order CONFIG GET prints them (when they are not all set). */
const CLASS_CHARS: readonly [string, number][] = [
  ["g", NOTIFY.GENERIC],
  ["$", NOTIFY.STRING],
  ["l", NOTIFY.LIST],
  ["s", NOTIFY.SET],
  ["h", NOTIFY.HASH],
  ["z", NOTIFY.ZSET],
  ["x", NOTIFY.EXPIRED],
  ["e", NOTIFY.EVICTED],
  ["t", NOTIFY.STREAM],
  ["d", NOTIFY.MODULE],
  ["n", NOTIFY.NEW],
];

const CHAR_FLAGS: Record<string, number> = {
  A: NOTIFY_ALL,
  K: NOTIFY.KEYSPACE,
  E: NOTIFY.KEYEVENT,
  m: NOTIFY.KEY_MISS,
  ...Object.fromEntries(CLASS_CHARS),
};

export function parseNotifyKeyspaceEvents(value: string): Parsed {
  let flags = 0;
  for (const ch of cstr(value)) {
    const f = CHAR_FLAGS[ch];
    if (f === undefined) return fail("Invalid event class character. Use 'Ag$lshzxeKEtmdn'.");
    flags |= f;
  }
  return ok(formatNotifyFlags(flags), flags);
}

/** notify.c keyspaceEventsFlagsToString: "A" hides the new-key class, as in Redis. */
export function formatNotifyFlags(flags: number): string {
  let s = "";
  if ((flags & NOTIFY_ALL) === NOTIFY_ALL) s = "A";
  else for (const [ch, f] of CLASS_CHARS) if (flags & f) s += ch;
  if (flags & NOTIFY.KEYSPACE) s += "K";
  if (flags & NOTIFY.KEYEVENT) s += "E";
  if (flags & NOTIFY.KEY_MISS) s += "m";
  return s;
}

// ---- bind ---------------------------------------------------------------------------------------

const IPV4 = /^(25[0-5]|2[0-4]\d|1?\d?\d)(\.(25[0-5]|2[0-4]\d|1?\d?\d)){3}$/;
const IPV6 = /^[0-9a-f:.]+$/i;

/**
 * Up to 16 addresses, each optionally prefixed with "-" (optional address). There is no real
 * socket to bind here, so an address is accepted when it could be bound: "*", "::*" or an IP.
 */
export function parseBind(value: string): Parsed {
  let argv = splitCArgs(value);
  if (argv.length === 1 && argv[0] === "") argv = [];
  if (argv.length > 16) return fail("Too many bind addresses specified.");
  for (const a of argv) {
    const addr = a.startsWith("-") ? a.slice(1) : a;
    if (addr === "*" || addr === "::*" || IPV4.test(addr) || (addr.includes(":") && IPV6.test(addr))) continue;
    return fail("Failed to bind to specified addresses.");
  }
  return ok(argv.join(" "));
}

// ---- latency-tracking-info-percentiles ----------------------------------------------------------

/** printf("%f") then Redis' trimDoubleString: "99.900000" → "99.9", "-0.000000" → "-0". */
function formatPercentile(d: number): string {
  let s = d.toFixed(6);
  if (Object.is(d, -0) || (d < 0 && !s.startsWith("-"))) s = `-${s}`;
  s = s.replace(/0+$/, "");
  return s.endsWith(".") ? s.slice(0, -1) : s;
}

export function parseLatencyPercentiles(value: string): Parsed {
  const out: string[] = [];
  for (const a of splitArgs(value)) {
    const d = parseDouble(a);
    if (d === null) return fail("Invalid latency-tracking-info-percentiles parameters");
    if (d > 100 || d < 0) return fail("latency-tracking-info-percentiles parameters should sit between [0.0,100.0]");
    out.push(formatPercentile(d));
  }
  return ok(out.join(" "));
}

// ---- proc-title-template ------------------------------------------------------------------------

const TITLE_VARS = new Set(["title", "listen-addr", "server-mode", "port", "tls-port", "unixsocket", "config-file"]);

/**
 * Redis expands the template with an empty title (sdstemplate: "{name}" variables, "{{" for a
 * brace) and refuses it when a variable is unknown, a brace is left open, or nothing but
 * spaces remains. The variables' values here are those of a standalone instance on a port.
 */
export function parseProcTitleTemplate(raw: string, port: string): Parsed {
  const value = cstr(raw);
  const invalid = fail("template format is invalid or contains unknown variables");
  let out = "";
  let p = 0;
  while (p < value.length) {
    const sv = value.indexOf("{", p);
    if (sv === -1) {
      out += value.slice(p);
      break;
    }
    out += value.slice(p, sv);
    if (sv + 1 >= value.length) return invalid;
    if (value[sv + 1] === "{") {
      out += "{";
      p = sv + 2;
      continue;
    }
    const ev = value.indexOf("}", sv + 1);
    if (ev === -1) return invalid;
    const name = value.slice(sv + 1, ev);
    if (!TITLE_VARS.has(name)) return invalid;
    out += name === "listen-addr" ? `*:${port}` : name === "port" ? port : name === "tls-port" ? "0" : "";
    p = ev + 1;
  }
  return out.replace(/^ +| +$/g, "") === "" ? invalid : ok(value);
}
