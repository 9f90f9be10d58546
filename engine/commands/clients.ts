/**
 * CLIENT and its subcommands: a connection's id and name, the CLIENT LIST / CLIENT INFO lines
 * (field for field as Redis 7.0 prints them), CLIENT KILL, CLIENT NO-EVICT, CLIENT UNBLOCK and
 * CLIENT PAUSE / UNPAUSE (the pause itself lives in engine/pause.ts).
 */
import type { Client } from "../client";
import { PubSub } from "../pubsub";
import { isMonitor } from "../monitor";
import { E, noSuchUser, unknownClientType } from "../errors";
import { arr, bulk, bulkOrNull, int, map, OK, set, simple, verbatim, type Reply } from "../reply";
import { is, parseInt64 } from "./args";
import type { PauseType } from "../pause";
import type { CommandDef } from "./table";

type ClientType = "normal" | "slave" | "master" | "pubsub";

/** networking.c getClientTypeByName: "replica" is another name for "slave". */
function clientTypeByName(name: string): ClientType | null {
  const n = name.toLowerCase();
  if (n === "normal" || n === "slave" || n === "master" || n === "pubsub") return n;
  return n === "replica" ? "slave" : null;
}

/** The class a client belongs to. Replication and RESP2 Pub/Sub will add the others. */
function clientType(c: Client): ClientType {
  return PubSub.subscribed(c) ? "pubsub" : "normal";
}

/**
 * The flags field: one letter per state, in Redis' order (S/O replica or monitor, M master,
 * P Pub/Sub, x MULTI, b blocked, t tracking, … c closing after reply, e no-evict), N for none.
 * Letters of features not built yet are added here as they land.
 */
function clientFlags(c: Client): string {
  let f = isMonitor(c) ? "O" : "";
  if (PubSub.subscribed(c)) f += "P";
  if (c.multi) f += "x";
  if (c.blocked || c.server.pause.isHeld(c)) f += "b";
  if (c.dirtyCas) f += "d";
  if (c.closeAfterReply) f += "c";
  if (c.noEvict) f += "e";
  return f || "N";
}

/** Size of a command's RESP multibulk encoding: what the query buffer holds while it runs. */
function multibulkLength(argv: readonly string[]): number {
  let n = 3 + String(argv.length).length;
  for (const a of argv) n += 5 + String(a.length).length + a.length;
  return n;
}

/** Redis' query buffer starts with this much room (PROTO_IOBUF_LEN plus sds slack). */
const QBUF_SIZE = 20474;

/**
 * One CLIENT LIST line. Time fields come from the instance clock in whole seconds. Memory
 * figures cannot be known here, so they are plausible: the calling client holds its current
 * command in its query buffer, a fresh client still has its 16 KB reply buffer.
 */
export function clientInfoLine(c: Client, self: Client, argv: readonly string[]): string {
  const now = Math.floor(c.server.commandTime() / 1000);
  const age = now - Math.floor(c.createdAt / 1000);
  const idle = now - Math.floor(c.lastInteraction / 1000);
  const running = c === self;
  const qbuf = running ? multibulkLength(argv) : 0;
  // A blocked client still holds its command's arguments.
  const held = running ? argv : (c.blocked?.argv ?? c.server.pause.heldArgv(c) ?? []);
  const argvMem = held.reduce((n, a) => n + a.length, 0);
  const rbs = age < 1 ? 16384 : 1024;
  const totMem = 21248 + rbs + qbuf + argvMem;
  return (
    `id=${c.id} addr=${c.addr} laddr=${c.laddr} fd=${c.fd} name=${c.name} age=${age} idle=${idle} ` +
    `flags=${clientFlags(c)} db=${c.db.id} sub=${c.subscriptions?.channels.size ?? 0} psub=${c.subscriptions?.patterns.size ?? 0} ssub=${c.subscriptions?.shardChannels.size ?? 0} multi=${c.multi ? c.multi.queue.length : -1} ` +
    `qbuf=${qbuf} qbuf-free=${QBUF_SIZE - qbuf} argv-mem=${argvMem} multi-mem=0 rbs=${rbs} rbp=${age < 1 ? rbs : 0} ` +
    `obl=0 oll=0 omem=0 tot-mem=${totMem} events=r cmd=${c.lastCommand} user=${c.user} redir=-1 resp=${c.resp}\n`
  );
}

const INT64_MAX = (1n << 63n) - 1n;

/**
 * CLIENT PAUSE's timeout (getTimeoutFromObjectOrReply in milliseconds): the absolute deadline.
 * 0 ends the pause at once; a deadline past 2^63 ms wraps negative in 7.0's C arithmetic, so
 * it too ends the pause at the next turn (7.0.15 answers OK and does not pause).
 */
function pauseDeadline(arg: string, now: number): number | Reply {
  const t = parseInt64(arg);
  if (t === null) return E.TIMEOUT_NOT_INTEGER;
  if (t < 0) return E.TIMEOUT_NEGATIVE;
  if (t === 0 || t === 0n) return 0;
  const end = BigInt(Math.floor(now)) + BigInt(t);
  return end > INT64_MAX ? -1 : Number(end);
}

/** networking.c validateClientName: printable ASCII without spaces ('!' to '~'). */
export function validClientName(name: string): boolean {
  for (let i = 0; i < name.length; i++) {
    const b = name.charCodeAt(i);
    if (b < 0x21 || b > 0x7e) return false;
  }
  return true;
}

/** CLIENT KILL's filters; an absent field matches every client. */
interface KillFilter {
  addr?: string;
  laddr?: string;
  type?: ClientType;
  id?: number | bigint;
  user?: string;
  skipme: boolean;
}

function parseKillFilter(argv: string[]): KillFilter | Reply {
  // CLIENT KILL <ip:port>: the old form, which may kill the caller itself.
  if (argv.length === 3) return { addr: argv[2], skipme: false };
  const f: KillFilter = { skipme: true };
  for (let i = 2; i < argv.length; i += 2) {
    const opt = argv[i];
    if (i + 1 >= argv.length) return E.SYNTAX;
    const val = argv[i + 1];
    if (is(opt, "id")) {
      const id = parseInt64(val);
      if (id === null || id < 1) return E.CLIENT_ID_POSITIVE;
      f.id = id;
    } else if (is(opt, "type")) {
      const t = clientTypeByName(val);
      if (!t) return unknownClientType(val);
      f.type = t;
    } else if (is(opt, "addr")) {
      f.addr = val;
    } else if (is(opt, "laddr")) {
      f.laddr = val;
    } else if (is(opt, "user")) {
      // Users other than "default" arrive with ACL support.
      if (val !== "default") return noSuchUser(val);
      f.user = val;
    } else if (is(opt, "skipme")) {
      if (is(val, "yes")) f.skipme = true;
      else if (is(val, "no")) f.skipme = false;
      else return E.SYNTAX;
    } else {
      return E.SYNTAX;
    }
  }
  return f;
}

const matchesKill = (f: KillFilter, target: Client, self: Client): boolean =>
  (f.addr === undefined || target.addr === f.addr) &&
  (f.laddr === undefined || target.laddr === f.laddr) &&
  (f.type === undefined || clientType(target) === f.type) &&
  (f.id === undefined || BigInt(target.id) === BigInt(f.id)) &&
  (f.user === undefined || target.user === f.user) &&
  !(target === self && f.skipme);

const CLIENT_HELP = [
  "CLIENT <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
  "CACHING (YES|NO)",
  "    Enable/disable tracking of the keys for next command in OPTIN/OPTOUT modes.",
  "GETREDIR",
  "    Return the client ID we are redirecting to when tracking is enabled.",
  "GETNAME",
  "    Return the name of the current connection.",
  "ID",
  "    Return the ID of the current connection.",
  "INFO",
  "    Return information about the current client connection.",
  "KILL <ip:port>",
  "    Kill connection made from <ip:port>.",
  "KILL <option> <value> [<option> <value> [...]]",
  "    Kill connections. Options are:",
  "    * ADDR (<ip:port>|<unixsocket>:0)",
  "      Kill connections made from the specified address",
  "    * LADDR (<ip:port>|<unixsocket>:0)",
  "      Kill connections made to specified local address",
  "    * TYPE (NORMAL|MASTER|REPLICA|PUBSUB)",
  "      Kill connections by type.",
  "    * USER <username>",
  "      Kill connections authenticated by <username>.",
  "    * SKIPME (YES|NO)",
  "      Skip killing current connection (default: yes).",
  "LIST [options ...]",
  "    Return information about client connections. Options:",
  "    * TYPE (NORMAL|MASTER|REPLICA|PUBSUB)",
  "      Return clients of specified type.",
  "UNPAUSE",
  "    Stop the current client pause, resuming traffic.",
  "PAUSE <timeout> [WRITE|ALL]",
  "    Suspend all, or just write, clients for <timeout> milliseconds.",
  "REPLY (ON|OFF|SKIP)",
  "    Control the replies sent to the current connection.",
  "SETNAME <name>",
  "    Assign the name <name> to the current connection.",
  "UNBLOCK <clientid> [TIMEOUT|ERROR]",
  "    Unblock the specified blocked client.",
  "TRACKING (ON|OFF) [REDIRECT <id>] [BCAST] [PREFIX <prefix> [...]]",
  "         [OPTIN] [OPTOUT] [NOLOOP]",
  "    Control server assisted client side caching.",
  "TRACKINGINFO",
  "    Report tracking status for the current connection.",
  "NO-EVICT (ON|OFF)",
  "    Protect current client connection from eviction.",
  "HELP",
  "    Prints this help.",
];

/** A help reply: one status line per entry, as Redis' addReplyHelp sends it. */
export const helpReply = (lines: readonly string[]): Reply => ({ t: "array", v: lines.map(simple) });

export const clientCommand: CommandDef = {
  name: "client",
  summary: "Inspects and manages client connections.",
  subcommands: [
    {
      name: "id",
      summary: "Returns the unique id of this connection.",
      handler: (c) => int(c.id),
    },
    {
      name: "setname",
      summary: "Names this connection (shown by CLIENT LIST); an empty name removes it.",
      handler: (c, argv) => {
        if (!validClientName(argv[2])) return E.CLIENT_NAME_SPACES;
        c.name = argv[2];
        return OK;
      },
    },
    {
      name: "getname",
      summary: "Returns this connection's name, or nil when it has none.",
      handler: (c) => bulkOrNull(c.name || null),
    },
    {
      name: "list",
      summary: "Describes every connection, one line each, optionally only some types or ids.",
      handler: (c, argv) => {
        let lines = "";
        if (argv.length === 4 && is(argv[2], "type")) {
          const type = clientTypeByName(argv[3]);
          if (!type) return unknownClientType(argv[3]);
          for (const cl of c.server.clients.values()) if (clientType(cl) === type) lines += clientInfoLine(cl, c, argv);
        } else if (argv.length > 3 && is(argv[2], "id")) {
          const ids: (number | bigint)[] = [];
          for (const a of argv.slice(3)) {
            const id = parseInt64(a);
            if (id === null) return E.INVALID_CLIENT_ID;
            ids.push(id);
          }
          for (const id of ids) {
            const cl = typeof id === "number" ? c.server.clients.get(id) : undefined;
            if (cl) lines += clientInfoLine(cl, c, argv);
          }
        } else if (argv.length !== 2) {
          return E.SYNTAX;
        } else {
          for (const cl of c.server.clients.values()) lines += clientInfoLine(cl, c, argv);
        }
        return verbatim(lines);
      },
    },
    {
      name: "info",
      summary: "Describes this connection in the CLIENT LIST format.",
      handler: (c, argv) => verbatim(clientInfoLine(c, c, argv)),
    },
    {
      name: "kill",
      summary: "Closes connections chosen by address, id, type or user.",
      handler: (c, argv) => {
        const f = parseKillFilter(argv);
        if ("t" in f) return f;
        let killed = 0;
        for (const target of [...c.server.clients.values()]) {
          if (!matchesKill(f, target, c)) continue;
          killed++;
          // The caller gets its reply first, then the connection closes.
          if (target === c) c.closeAfterReply = true;
          else {
            target.onKill?.();
            c.server.disconnect(target);
          }
        }
        if (argv.length === 3) return killed ? OK : E.NO_SUCH_CLIENT;
        return int(killed);
      },
    },
    {
      name: "no-evict",
      summary: "Exempts this connection from client eviction (ON) or not (OFF).",
      handler: (c, argv) => {
        if (is(argv[2], "on")) c.noEvict = true;
        else if (is(argv[2], "off")) c.noEvict = false;
        else return E.SYNTAX;
        return OK;
      },
    },
    {
      name: "reply",
      summary: "Turns this connection's replies off, back on, or skips the next one.",
      handler: (c, argv) => {
        // OFF and SKIP answer nothing; SKIP is ignored while replies are off.
        if (is(argv[2], "on")) {
          c.replyOff = c.replySkip = false;
          return OK;
        }
        if (is(argv[2], "off")) c.replyOff = true;
        else if (is(argv[2], "skip")) {
          if (!c.replyOff) c.replySkipNext = true;
        } else return E.SYNTAX;
        c.dropReply = true;
        return OK;
      },
    },
    {
      name: "unblock",
      summary: "Ends another connection's blocking wait (BLPOP …) as a timeout or with an error.",
      handler: (c, argv) => {
        if (argv.length > 4) return E.subcommandSyntax(argv[1], argv[0]);
        // The reason is checked before the id, as Redis does.
        let withError = false;
        if (argv.length === 4) {
          if (is(argv[3], "error")) withError = true;
          else if (!is(argv[3], "timeout")) return E.CLIENT_UNBLOCK_REASON;
        }
        const id = parseInt64(argv[2]);
        if (id === null) return E.NOT_INTEGER;
        const target = typeof id === "number" ? c.server.clients.get(id) : undefined;
        if (target && c.server.pause.isHeld(target)) {
          // A client held by CLIENT PAUSE: 7.0.15 crashes on TIMEOUT (no timeout reply for a
          // postponed client), so we answer 0; ERROR is reproduced as 7.0.15 behaves.
          return int(withError && c.server.pause.unblockWithError(target, E.UNBLOCKED as { t: "error"; v: string }) ? 1 : 0);
        }
        return int(target && c.server.blocking.unblockByRequest(target, withError) ? 1 : 0);
      },
    },
    {
      name: "trackinginfo",
      summary: "Describes this connection's client-side caching (tracking is not modelled: always off).",
      // The 7.0 shape: flags (a set), redirect, prefixes.
      handler: () => map([bulk("flags"), set([bulk("off")]), bulk("redirect"), int(-1), bulk("prefixes"), arr([])]),
    },
    {
      name: "getredir",
      summary: "Returns the client id tracking redirects to: -1, tracking being off.",
      handler: () => int(-1),
    },
    {
      name: "pause",
      summary: "Holds every client's commands (ALL) or their writes (WRITE) for a number of milliseconds.",
      handler: (c, argv) => {
        if (argv.length > 4) return E.subcommandSyntax(argv[1], argv[0]);
        // The mode is checked before the timeout, as Redis does.
        let type: PauseType = "all";
        if (argv.length === 4) {
          if (is(argv[3], "write")) type = "write";
          else if (!is(argv[3], "all")) return E.CLIENT_PAUSE_MODE;
        }
        const end = pauseDeadline(argv[2], c.server.commandTime());
        if (typeof end !== "number") return end;
        c.server.pause.pause(end, type);
        return OK;
      },
    },
    {
      name: "unpause",
      summary: "Ends a CLIENT PAUSE now: held commands run.",
      handler: (c) => {
        c.server.pause.unpause();
        return OK;
      },
    },
    {
      name: "help",
      summary: "Lists the CLIENT subcommands.",
      handler: () => helpReply(CLIENT_HELP),
    },
  ],
};
