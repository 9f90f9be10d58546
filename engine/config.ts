/**
 * Configuration parameters the engine honours, with Redis 7.0's defaults and validation.
 *
 * Two profiles: `redis` is exactly redis-server 7.0's defaults (the differential tests use
 * it); `playground` is what the browser instance starts with. Both are plain parameter
 * values, visible through CONFIG GET, never hidden switches.
 */
import { err, type Reply } from "./reply";

export type Profile = "redis" | "playground";

export type ParamType = "bool" | "int" | "memory" | "enum" | "string";

export interface ParamDef {
  name: string;
  alias?: string;
  type: ParamType;
  /** Default under the `redis` profile, in CONFIG GET form. */
  default: string;
  /** Default under the `playground` profile, when it differs. */
  playground?: string;
  /** False for parameters CONFIG SET refuses ("can't set immutable config"). */
  mutable: boolean;
  min?: number;
  max?: number;
  values?: readonly string[];
  /** Extra validation; returns the reason text Redis gives, or null when valid. */
  check?: (value: string) => string | null;
}

const LLONG_MAX = Number.MAX_SAFE_INTEGER; // memory sizes beyond 2^53 are not modelled

export const PARAMS: readonly ParamDef[] = [
  { name: "databases", type: "int", default: "16", mutable: false, min: 1, max: 2147483647 },
  { name: "hz", type: "int", default: "10", mutable: true, min: 0, max: 2147483647 },
  { name: "dynamic-hz", type: "bool", default: "yes", mutable: true },
  { name: "active-expire-effort", type: "int", default: "1", mutable: true, min: 1, max: 10 },
  { name: "maxmemory", type: "memory", default: "0", mutable: true, min: 0, max: LLONG_MAX },
  {
    name: "maxmemory-policy",
    type: "enum",
    default: "noeviction",
    mutable: true,
    values: ["volatile-lru", "volatile-lfu", "volatile-random", "volatile-ttl", "allkeys-lru", "allkeys-lfu", "allkeys-random", "noeviction"],
  },
  { name: "maxmemory-samples", type: "int", default: "5", mutable: true, min: 1, max: 2147483647 },
  { name: "lfu-log-factor", type: "int", default: "10", mutable: true, min: 0, max: 2147483647 },
  { name: "lfu-decay-time", type: "int", default: "1", mutable: true, min: 0, max: 2147483647 },
  { name: "proto-max-bulk-len", type: "memory", default: "536870912", mutable: true, min: 1048576, max: LLONG_MAX },
  { name: "enable-debug-command", type: "enum", default: "no", playground: "yes", mutable: false, values: ["no", "yes", "local"] },
  { name: "port", type: "int", default: "6379", mutable: true, min: 0, max: 65535 },
  { name: "bind", type: "string", default: "* -::*", mutable: true },
  { name: "requirepass", type: "string", default: "", mutable: true },
  { name: "maxclients", type: "int", default: "10000", mutable: true, min: 1, max: 2147483647 },
  { name: "timeout", type: "int", default: "0", mutable: true, min: 0, max: 2147483647 },
  { name: "appendonly", type: "bool", default: "no", mutable: true },
  { name: "save", type: "string", default: "3600 1 300 100 60 10000", mutable: true },
  { name: "notify-keyspace-events", type: "string", default: "", mutable: true },
];

const BY_NAME = new Map<string, ParamDef>();
for (const p of PARAMS) {
  BY_NAME.set(p.name, p);
  if (p.alias) BY_NAME.set(p.alias, p);
}

export function findParam(name: string): ParamDef | undefined {
  return BY_NAME.get(name.toLowerCase());
}

/** Parses a memory value as Redis' memtoull does: 1k=1000, 1kb=1024, 1m, 1mb, 1g, 1gb. */
export function parseMemory(s: string): number | null {
  const m = /^(-?\d+)(k|kb|m|mb|g|gb|b)?$/i.exec(s);
  if (!m) return null;
  const mul: Record<string, number> = { "": 1, b: 1, k: 1e3, kb: 1024, m: 1e6, mb: 1024 ** 2, g: 1e9, gb: 1024 ** 3 };
  return Number(m[1]) * mul[(m[2] ?? "").toLowerCase()];
}

export class Config {
  private readonly values = new Map<string, string>();
  private readonly numbers = new Map<string, number>();

  constructor(profile: Profile, overrides: Record<string, string> = {}) {
    for (const p of PARAMS) this.store(p, profile === "playground" && p.playground !== undefined ? p.playground : p.default);
    for (const [k, v] of Object.entries(overrides)) {
      const p = findParam(k);
      if (!p) throw new Error(`unknown config parameter '${k}'`);
      const reason = validate(p, v);
      if (reason) throw new Error(`bad value for '${k}': ${reason}`);
      this.store(p, normalise(p, v));
    }
  }

  get(name: string): string {
    const v = this.values.get(name);
    if (v === undefined) throw new Error(`config parameter '${name}' is not defined`);
    return v;
  }

  /** The numeric value of an int/memory/bool parameter (bool: 1 or 0). */
  num(name: string): number {
    const v = this.numbers.get(name);
    if (v === undefined) throw new Error(`config parameter '${name}' is not numeric`);
    return v;
  }

  /** CONFIG SET of one parameter: null when applied, else the reason text. */
  trySet(name: string, value: string): string | null {
    const p = findParam(name);
    if (!p) return "unknown";
    if (!p.mutable) return "can't set immutable config";
    const reason = validate(p, value);
    if (reason) return reason;
    this.store(p, normalise(p, value));
    return null;
  }

  private store(p: ParamDef, value: string): void {
    this.values.set(p.name, value);
    if (p.type === "int" || p.type === "memory") this.numbers.set(p.name, Number(value));
    else if (p.type === "bool") this.numbers.set(p.name, value === "yes" ? 1 : 0);
  }
}

function validate(p: ParamDef, value: string): string | null {
  switch (p.type) {
    case "bool":
      return /^(yes|no)$/i.test(value) ? null : "argument must be 'yes' or 'no'";
    case "enum":
      return p.values?.includes(value.toLowerCase()) ? null : `argument(s) must be one of the following: ${p.values?.join(", ")}`;
    case "int":
    case "memory": {
      const n = p.type === "memory" ? parseMemory(value) : /^-?\d+$/.test(value) ? Number(value) : null;
      if (n === null || !Number.isFinite(n)) return p.type === "memory" ? "argument must be a memory value" : "argument couldn't be parsed into an integer";
      if ((p.min !== undefined && n < p.min) || (p.max !== undefined && n > p.max)) return `argument must be between ${p.min} and ${p.max} inclusive`;
      return p.check?.(value) ?? null;
    }
    case "string":
      return p.check?.(value) ?? null;
  }
}

function normalise(p: ParamDef, value: string): string {
  if (p.type === "bool" || p.type === "enum") return value.toLowerCase();
  if (p.type === "memory") return String(parseMemory(value));
  if (p.type === "int") return String(Number(value));
  return value;
}

export const configError = (param: string, reason: string): Reply =>
  err(`ERR CONFIG SET failed (possibly related to argument '${param}') - ${reason}`);
