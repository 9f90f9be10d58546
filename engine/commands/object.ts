/**
 * OBJECT ENCODING | REFCOUNT | IDLETIME | FREQ | HELP: a look at how Redis stores a value.
 *
 * Every lookup here is NOTOUCH, so looking does not refresh the LRU/LFU data it reports (it
 * still counts a keyspace hit or miss and reaps an expired key, as objectCommandLookup does).
 */
import type { Client } from "../client";
import { NONOTIFY, NOTOUCH } from "../db";
import { E } from "../errors";
import type { RedisObject } from "../object";
import { arr, bulk, int, NULL, simple, type Reply } from "../reply";
import type { CommandDef } from "./table";

/** Redis' OBJ_SHARED_INTEGERS: 0..9999 are shared objects when the eviction policy allows. */
const SHARED_INTEGERS = 10000;
/** Redis' OBJ_SHARED_REFCOUNT (INT_MAX): what REFCOUNT reports for a shared object. */
const SHARED_REFCOUNT = 2147483647;

/** Integer objects that are private copies (COPY's dupStringObject), not shared ones. */
const unshared = new WeakSet<RedisObject>();
export const markUnshared = (o: RedisObject): void => {
  unshared.add(o);
};

/**
 * Whether a value is one of Redis' shared integers. tryObjectEncoding and the counters share
 * 0..9999 unless maxmemory is set with an LRU or LFU policy (each key then needs its own
 * LRU/LFU field). Redis decides when the value is stored; we decide when asked, which only
 * differs if the policy changed in between.
 */
export function isSharedInteger(c: Client, o: RedisObject): boolean {
  if (o.type !== "string" || o.enc !== "int" || unshared.has(o)) return false;
  const v = o.value;
  if (v.length > 4 || v.charCodeAt(0) === 45 /* - */ || Number(v) >= SHARED_INTEGERS) return false;
  const config = c.server.config;
  const policy = config.get("maxmemory-policy");
  return config.num("maxmemory") === 0 || !(policy.endsWith("-lru") || policy.endsWith("-lfu"));
}

/** addReplyHelp: the usage line, the given lines, then HELP's own entry, as status lines. */
export function helpReply(container: string, lines: readonly string[]): Reply {
  return arr(
    [
      `${container.toUpperCase()} <subcommand> [<arg> [value] [opt] ...]. Subcommands are:`,
      ...lines,
      "HELP",
      "    Prints this help.",
    ].map(simple),
  );
}

const HELP = [
  "ENCODING <key>",
  "    Return the kind of internal representation used in order to store the value",
  "    associated with a <key>.",
  "FREQ <key>",
  "    Return the access frequency index of the <key>. The returned integer is",
  "    proportional to the logarithm of the recent access frequency of the key.",
  "IDLETIME <key>",
  "    Return the idle time of the <key>, that is the approximated number of",
  "    seconds elapsed since the last access to the key.",
  "REFCOUNT <key>",
  "    Return the number of references of the value associated with the specified",
  "    <key>.",
];

/** Runs `then` on the key's object, or replies nil when there is no such key. */
const withObject =
  (then: (c: Client, o: RedisObject) => Reply) =>
  (c: Client, argv: string[]): Reply => {
    const o = c.db.lookupRead(argv[2], NOTOUCH | NONOTIFY); // objectCommandLookup: no keymiss event
    return o ? then(c, o) : NULL;
  };

export const objectCommands: CommandDef[] = [
  {
    name: "object",
    summary: "Inspects how a key's value is stored: encoding, reference count, idle time, access frequency.",
    subcommands: [
      {
        name: "encoding",
        summary: "Names the internal representation of a key's value (int, embstr, raw, listpack, ...).",
        handler: withObject((_c, o) => bulk(o.enc)),
      },
      {
        name: "refcount",
        summary: "Replies with how many references the value has; shared small integers report INT_MAX.",
        handler: withObject((c, o) => int(isSharedInteger(c, o) ? SHARED_REFCOUNT : 1)),
      },
      {
        name: "idletime",
        summary: "Replies with the seconds since the key was last read or written (LRU policies only).",
        handler: withObject((c, o) => (c.server.usesLfu() ? E.OBJECT_LRU_NOT_SELECTED : int(c.server.idleSeconds(o)))),
      },
      {
        name: "freq",
        summary: "Replies with the key's logarithmic access counter (LFU policies only).",
        handler: withObject((c, o) => (c.server.usesLfu() ? int(c.server.lfuDecrAndReturn(o)) : E.OBJECT_LFU_NOT_SELECTED)),
      },
      {
        name: "help",
        summary: "Lists the OBJECT subcommands.",
        handler: () => helpReply("object", HELP),
      },
    ],
  },
];
