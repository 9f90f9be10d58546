/**
 * An instance's configuration: every parameter of config-params.ts with its current value,
 * CONFIG SET's parsing and validation (Redis' exact reason texts) and CONFIG GET's matching.
 *
 * Two profiles: `redis` is exactly redis-server 7.0's defaults (the differential tests use
 * it); `playground` is what the browser instance starts with. Both are plain parameter
 * values, visible through CONFIG GET, never hidden switches.
 *
 * Values are kept in CONFIG GET form (strings); numeric and yes/no parameters also keep a
 * number so hot paths (`num("hz")`) do not parse.
 */
import { PARAMS, tlsUnavailable, type NumType, type ParamDef } from "./config-params";
import {
  cstr,
  memtoull,
  parseBind,
  parseClientOutputBufferLimit,
  parseLatencyPercentiles,
  parseNotifyKeyspaceEvents,
  parseOomScoreAdjValues,
  parseProcTitleTemplate,
  parseSave,
  splitArgs,
  type Parsed,
} from "./config-special";
import { parseInt64 } from "./commands/args";

export { PARAMS, type ParamDef } from "./config-params";

export type Profile = "redis" | "playground";

/**
 * One name CONFIG knows. An alias is an entry of its own, as in Redis' config dictionary:
 * CONFIG GET patterns list both names, and CONFIG SET of a name and its alias in one call is
 * not a duplicate.
 */
interface Entry {
  readonly key: string;
  readonly def: ParamDef;
}

const ENTRIES: Entry[] = [];
const BY_NAME = new Map<string, Entry>();
for (const def of PARAMS) {
  for (const key of def.alias ? [def.name, def.alias] : [def.name]) {
    const e = { key, def };
    ENTRIES.push(e);
    BY_NAME.set(key, e);
  }
}

/** Redis looks configuration names up case-insensitively. */
export function findParam(name: string): ParamDef | undefined {
  return BY_NAME.get(name.toLowerCase())?.def;
}

/** Redis' CONFIG_MIN_HZ / CONFIG_MAX_HZ: hz is capped after it is set (updateHZ). */
const MIN_HZ = 1n;
const MAX_HZ = 500n;

/** Redis' CONFIG_REPL_BACKLOG_MIN_SIZE. */
const REPL_BACKLOG_MIN = 16384n;

const SDS_STRINGS: ReadonlySet<string> = new Set(["requirepass", "masterauth"]);

const UNSIGNED: ReadonlySet<NumType> = new Set(["uint", "ullong", "sizet"]);
const U64 = 1n << 64n;

export type SetOutcome =
  | { ok: true; changed: string[] }
  /** CONFIG SET names a parameter that does not exist. */
  | { ok: false; unknown: string }
  /** A parameter refused its value (or cannot be set): Redis' argument name and reason. */
  | { ok: false; param: string; reason: string };

export class Config {
  private readonly values = new Map<string, string>();
  private readonly numbers = new Map<string, number>();
  /** Bumped by every change, so hot paths can cache what they derive from the config. */
  generation = 0;

  constructor(private readonly profile: Profile, overrides: Record<string, string> = {}) {
    for (const p of PARAMS) this.values.set(p.name, profile === "playground" && p.playground !== undefined ? p.playground : p.default);
    for (const p of PARAMS) this.cacheNumber(p, this.values.get(p.name)!);
    // Start-up arguments may set immutable parameters too, as redis-server's do.
    for (const [k, v] of Object.entries(overrides)) {
      const p = findParam(k);
      if (!p || !this.known(p)) throw new Error(`unknown config parameter '${k}'`);
      const r = this.parse(p, v);
      if (!r.ok) throw new Error(`bad value for '${k}': ${r.reason}`);
      this.store(p, r);
    }
  }

  /** Whether this profile has the parameter (playground-only ones are absent from `redis`). */
  private known(p: ParamDef): boolean {
    return !p.playgroundOnly || this.profile === "playground";
  }

  get(name: string): string {
    const v = this.values.get(name);
    if (v === undefined) throw new Error(`config parameter '${name}' is not defined`);
    return v;
  }

  /** The numeric value of a numeric or yes/no parameter (yes: 1), or notify-keyspace-events' flags. */
  num(name: string): number {
    const v = this.numbers.get(name);
    if (v === undefined) throw new Error(`config parameter '${name}' is not numeric`);
    return v;
  }

  /** Sets one parameter as CONFIG SET would (for hosts): null when applied, else the reason. */
  trySet(name: string, value: string): string | null {
    const r = this.setMany([[name, value]], true);
    if (r.ok) return null;
    return "unknown" in r ? "unknown" : r.reason;
  }

  /**
   * CONFIG SET of several parameters at once, all or nothing, with Redis' order of checks:
   * every name is looked up first (unknown, immutable, protected, duplicate), then values
   * are parsed in order and the first refusal leaves every parameter as it was.
   */
  setMany(pairs: readonly (readonly [string, string])[], allowProtected: boolean): SetOutcome {
    const entries: Entry[] = [];
    let refusal: SetOutcome | null = null;
    for (const [name] of pairs) {
      const found = BY_NAME.get(name.toLowerCase());
      const e = found && this.known(found.def) ? found : undefined;
      if (!e) {
        // An unknown name is reported only when no other problem was found before it.
        if (!refusal) return { ok: false, unknown: name };
        continue;
      }
      if (refusal) continue;
      if (e.def.immutable) refusal = { ok: false, param: name, reason: "can't set immutable config" };
      else if (e.def.protected && !allowProtected) refusal = { ok: false, param: name, reason: "can't set protected config" };
      else if (entries.includes(e)) refusal = { ok: false, param: name, reason: "duplicate parameter" };
      entries.push(e);
    }
    if (refusal) return refusal;

    const parsed: Extract<Parsed, { ok: true }>[] = [];
    for (let i = 0; i < entries.length; i++) {
      const r = this.parse(entries[i].def, pairs[i][1]);
      if (!r.ok) return { ok: false, param: entries[i].key, reason: r.reason };
      parsed.push(r);
    }
    const changed: string[] = [];
    entries.forEach((e, i) => {
      if (this.values.get(e.def.name) !== parsed[i].value) changed.push(e.def.name);
      this.store(e.def, parsed[i]);
    });
    return { ok: true, changed };
  }

  /**
   * CONFIG GET: a name without glob characters is looked up as given (and answered under the
   * spelling asked for); a pattern is matched, case-insensitively, against every name and
   * alias. Each parameter name appears once.
   */
  matching(patterns: readonly string[], match: (pattern: string, name: string) => boolean): [string, string][] {
    const found = new Map<string, [string, string]>();
    for (const pattern of patterns) {
      if (!/[*?[]/.test(pattern)) {
        const lower = pattern.toLowerCase();
        const e = BY_NAME.get(lower);
        if (e && this.known(e.def) && !found.has(lower)) found.set(lower, [pattern, this.values.get(e.def.name)!]);
        continue;
      }
      for (const e of ENTRIES) {
        if (e.def.hidden || !this.known(e.def) || found.has(e.key) || !match(pattern, e.key)) continue;
        found.set(e.key, [e.key, this.values.get(e.def.name)!]);
      }
    }
    return [...found.values()];
  }

  // ---- Parsing ------------------------------------------------------------------------------

  private parse(p: ParamDef, value: string): Parsed {
    switch (p.type) {
      case "bool": {
        const v = cstr(value).toLowerCase();
        if (v !== "yes" && v !== "no") return { ok: false, reason: "argument must be 'yes' or 'no'" };
        const reason = p.check?.(v === "yes");
        return reason ? { ok: false, reason } : { ok: true, value: v, num: v === "yes" ? 1 : 0 };
      }
      case "string": {
        // requirepass and masterauth are kept as binary-safe sds strings, the others as C strings.
        const v = SDS_STRINGS.has(p.name) ? value : cstr(value);
        const reason = p.check?.(v);
        return reason ? { ok: false, reason } : { ok: true, value: v };
      }
      case "enum":
        return parseEnum(p, value);
      case "numeric":
        return parseNumeric(p, value);
      case "special":
        return this.parseSpecial(p, value, this.values.get(p.name)!);
    }
  }

  private parseSpecial(p: ParamDef, value: string, current: string): Parsed {
    switch (p.name) {
      case "save":
        return parseSave(value);
      case "client-output-buffer-limit":
        return parseClientOutputBufferLimit(value, current);
      case "oom-score-adj-values":
        return parseOomScoreAdjValues(value);
      case "notify-keyspace-events":
        return parseNotifyKeyspaceEvents(value);
      case "bind":
        return parseBind(value);
      case "latency-tracking-info-percentiles":
        return parseLatencyPercentiles(value);
      case "proc-title-template":
        return parseProcTitleTemplate(value, this.values.get("port") ?? "6379");
      case "replicaof": {
        // Only reachable from start-up arguments: "no one" or "<host> <port>".
        const argv = splitArgs(value);
        if (argv.length !== 2) return { ok: false, reason: "wrong number of arguments" };
        if (argv[0].toLowerCase() === "no" && argv[1].toLowerCase() === "one") return { ok: true, value: "" };
        const port = Number(argv[1]);
        if (!/^\d+$/.test(argv[1]) || port > 65535) return { ok: false, reason: "Invalid master port" };
        return { ok: true, value: `${argv[0]} ${port}` };
      }
      default:
        // dir: there is no filesystem to change into; any path is taken as given.
        return { ok: true, value: cstr(value) };
    }
  }

  private store(p: ParamDef, r: Extract<Parsed, { ok: true }>): void {
    this.generation++;
    let value = r.value;
    if (p.name === "hz") {
      const hz = BigInt(value);
      value = String(hz < MIN_HZ ? MIN_HZ : hz > MAX_HZ ? MAX_HZ : hz);
    } else if (p.name === "repl-backlog-size" && BigInt(value) < REPL_BACKLOG_MIN) {
      value = String(REPL_BACKLOG_MIN);
    } else if (p.name === "watchdog-period" && value !== "0") {
      // applyWatchdogPeriod: a period under two cron ticks is too short to be reliable.
      const min = Math.floor(1000 / this.num("hz")) * 2;
      if (Number(value) < min) value = String(min);
    }
    this.values.set(p.name, value);
    if (r.num !== undefined) this.numbers.set(p.name, r.num);
    else this.cacheNumber(p, value);
  }

  private cacheNumber(p: ParamDef, value: string): void {
    if (p.type === "bool") this.numbers.set(p.name, value === "yes" ? 1 : 0);
    else if (p.type === "numeric") {
      this.numbers.set(p.name, value.endsWith("%") ? -Number(value.slice(0, -1)) : p.octal ? parseInt(value, 8) : Number(value));
    } else if (p.name === "notify-keyspace-events") {
      const r = parseNotifyKeyspaceEvents(value);
      this.numbers.set(p.name, r.ok ? (r.num ?? 0) : 0);
    }
  }
}

function parseEnum(p: Extract<ParamDef, { type: "enum" }>, value: string): Parsed {
  const refuse = { ok: false, reason: `argument(s) must be one of the following: ${p.values.join(", ")}` } as const;
  if (!p.flags) {
    const v = cstr(value).toLowerCase();
    if (!p.values.includes(v)) return refuse;
    return { ok: true, value: p.same?.[v] ?? v };
  }
  // A set of flags: each word one of the values, "default" meaning none.
  const chosen = new Set<string>();
  for (const word of splitArgs(value.toLowerCase()).map(cstr)) {
    if (!p.values.includes(word)) return refuse;
    if (word !== p.values[0]) chosen.add(word);
  }
  if (splitArgs(value).length === 0) return refuse;
  if (chosen.has("save") && chosen.has("nosave")) return { ok: false, reason: "shutdown options SAVE and NOSAVE can't be used simultaneously" };
  const words = p.values.filter((v) => chosen.has(v));
  return { ok: true, value: words.length ? words.join(" ") : p.values[0] };
}

/** strtoll(value, &end, 8) consuming the whole value. */
function strtollOctal(value: string): bigint | null {
  const m = /^[ \t\n\v\f\r]*([+-]?)([0-7]+)$/.exec(value);
  if (!m) return null;
  const v = BigInt(`0o${m[2]}`);
  return m[1] === "-" ? -v : v;
}

/**
 * Redis' numericParseString + numericBoundaryCheck: memory values (with units), percentages
 * (stored negative) and octal numbers where the parameter allows them, plain integers
 * otherwise; then bounds, compared as unsigned for unsigned C types.
 */
function parseNumeric(p: Extract<ParamDef, { type: "numeric" }>, value: string): Parsed {
  let ll: bigint | null = null;
  if (p.memory) {
    const m = memtoull(cstr(value));
    if (m !== null) ll = BigInt.asIntN(64, m);
  }
  if (ll === null && p.percent && value.length > 1 && value.endsWith("%")) {
    const n = parseInt64(value.slice(0, -1));
    if (n !== null && n >= 0) ll = -BigInt(n);
  }
  if (ll === null && p.octal) ll = strtollOctal(cstr(value));
  if (ll === null && !p.memory && !p.percent && !p.octal) {
    const n = parseInt64(value);
    if (n !== null) ll = BigInt(n);
  }
  if (ll === null) {
    const reason = p.memory && p.percent
      ? "argument must be a memory or percent value"
      : p.memory
        ? "argument must be a memory value"
        : p.octal
          ? "argument couldn't be parsed as an octal number"
          : "argument couldn't be parsed into an integer";
    return { ok: false, reason };
  }
  const fmt = (n: bigint) => (p.octal ? n.toString(8) : n.toString());
  if (UNSIGNED.has(p.num)) {
    const ull = ll < 0n ? ll + U64 : ll;
    if (ull < p.min || ull > p.max) return { ok: false, reason: `argument must be between ${fmt(p.min)} and ${fmt(p.max)} inclusive` };
  } else if (p.percent && ll < 0n) {
    if (ll < p.min) return { ok: false, reason: `percentage argument must be less or equal to ${-p.min}` };
  } else if (ll < p.min || ll > p.max) {
    return { ok: false, reason: `argument must be between ${p.min} and ${p.max} inclusive` };
  }
  if (p.noTls && ll !== 0n) return { ok: false, reason: tlsUnavailable };
  // CONFIG GET form: percentages as "N%", memory values unsigned, octal in base 8.
  let shown: string;
  if (p.percent && ll < 0n) shown = `${-ll}%`;
  else if (p.memory || UNSIGNED.has(p.num)) shown = String(ll < 0n ? ll + U64 : ll);
  else shown = p.octal ? ll.toString(8) : String(ll);
  return { ok: true, value: shown };
}
