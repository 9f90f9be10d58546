/**
 * MONITOR (Redis 7.0 replicationFeedMonitors): every command a client runs is shown to the
 * monitoring clients as one status line,
 *   +<seconds>.<micros> [<db> <addr>] "cmd" "arg" ...
 * written after the command ran (7.0 feeds from call() once the command is done, so SELECT
 * shows its new database and a monitor sees its own commands after their replies).
 * Commands rejected before running (unknown, wrong arity, NOAUTH) are not shown, nor admin
 * commands and those flagged skip_monitor; EXEC is shown after the commands it ran. Passwords
 * (AUTH, HELLO … AUTH, MIGRATE … AUTH/AUTH2) are shown as "(redacted)", as the commands
 * redact them while parsing.
 */
import type { Client } from "./client";
import type { Command } from "./commands/table";
import { simple } from "./reply";

/** The monitoring clients of each instance, in the order they sent MONITOR. */
const monitorsByServer = new WeakMap<object, Set<Client>>();

function monitorsOf(c: Client): Set<Client> {
  let s = monitorsByServer.get(c.server);
  if (!s) monitorsByServer.set(c.server, (s = new Set()));
  return s;
}

/** True while the client is in MONITOR mode (CLIENT LIST flag O). */
export function isMonitor(c: Client): boolean {
  return monitorsByServer.get(c.server)?.has(c) ?? false;
}

/** MONITOR: the client starts receiving the feed. False when it already was a monitor. */
export function startMonitor(c: Client): boolean {
  const s = monitorsOf(c);
  if (s.has(c)) return false;
  s.add(c);
  return true;
}

/** RESET and disconnection end MONITOR mode. */
export function stopMonitor(c: Client): void {
  monitorsByServer.get(c.server)?.delete(c);
}

/** sdscatrepr: quoted, with \\ \" \n \r \t \a \b escaped, printable bytes as is, others \xNN. */
export function reprArg(s: string): string {
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const ch = s[i];
    const b = s.charCodeAt(i);
    if (ch === "\\" || ch === '"') out += "\\" + ch;
    else if (ch === "\n") out += "\\n";
    else if (ch === "\r") out += "\\r";
    else if (ch === "\t") out += "\\t";
    else if (b === 7) out += "\\a";
    else if (b === 8) out += "\\b";
    else if (b >= 0x20 && b <= 0x7e) out += ch;
    else out += "\\x" + b.toString(16).padStart(2, "0");
  }
  return out + '"';
}

const REDACTED = "(redacted)";

/** The arguments as the command left them: passwords replaced where Redis' parser redacts. */
export function redactedArgv(argv: readonly string[]): readonly string[] {
  const name = argv[0].toLowerCase();
  if (name === "auth") {
    // authCommand refuses more than 3 arguments before redacting anything.
    if (argv.length > 3) return argv;
    return [argv[0], ...argv.slice(1).map(() => REDACTED)];
  }
  if (name === "hello") {
    if (argv.length < 2) return argv;
    const ver = Number(argv[1]);
    if (!/^-?\d+$/.test(argv[1]) || ver < 2 || ver > 3) return argv;
    const out = [...argv];
    for (let j = 2; j < out.length; j++) {
      const more = out.length - 1 - j;
      const opt = out[j].toLowerCase();
      if (opt === "auth" && more >= 2) {
        out[j + 1] = REDACTED;
        out[j + 2] = REDACTED;
        j += 2;
      } else if (opt === "setname" && more >= 1) j++;
      else break;
    }
    return out;
  }
  if (name === "migrate") {
    const out = [...argv];
    for (let j = 6; j < out.length; j++) {
      const more = out.length - 1 - j;
      const opt = out[j].toLowerCase();
      if (opt === "copy" || opt === "replace") continue;
      if (opt === "auth" && more >= 1) {
        out[j + 1] = REDACTED;
        j++;
      } else if (opt === "auth2" && more >= 2) {
        out[j + 1] = REDACTED;
        out[j + 2] = REDACTED;
        j += 2;
      } else break;
    }
    return out;
  }
  return argv;
}

/** One feed line (without the '+'): time in seconds with 6 decimals, db, origin, arguments. */
export function monitorLine(nowMs: number, dbId: number, origin: string, argv: readonly string[]): string {
  const micros = Math.floor(nowMs * 1000);
  const sec = Math.floor(micros / 1e6);
  const frac = String(micros - sec * 1e6).padStart(6, "0");
  return `${sec}.${frac} [${dbId} ${origin}] ${argv.map(reprArg).join(" ")}`;
}

/**
 * call()'s feed, once a command has run (EXEC included, even without MULTI). Scripts
 * (skip_monitor) feed themselves before running, so their commands follow their line.
 */
export function feedMonitors(c: Client, cmd: Command, argv: readonly string[]): void {
  const monitors = monitorsByServer.get(c.server);
  if (!monitors || monitors.size === 0) return;
  const flags = cmd.meta.flags;
  if (flags.includes("admin") || flags.includes("skip_monitor")) return;
  // Commands run by a script come from its Lua client, whose addr is "lua": "[<db> lua]".
  feedMonitorLine(c, argv);
}

/** Feeds one line for argv as `c` sent it, unconditionally (EVAL feeds itself before running). */
export function feedMonitorLine(c: Client, argv: readonly string[]): void {
  const monitors = monitorsByServer.get(c.server);
  if (!monitors || monitors.size === 0) return;
  const line = simple(monitorLine(c.server.now(), c.db.id, c.addr, redactedArgv(argv)));
  for (const m of monitors) {
    if (m.closed) monitors.delete(m);
    else if (m === c) m.ownMonitorLine = line;
    else m.push(line);
  }
}

/** Commands that may replicate without the write flag (CMD_MAY_REPLICATE in 7.0's table). */
const MAY_REPLICATE = new Set(["publish", "spublish", "eval", "evalsha", "fcall", "function|delete", "function|flush", "function|load", "function|restore", "script|flush", "script|load"]);

/** processCommand's "Replica can't interact with the keyspace": reads, writes, may-replicate. */
export function touchesKeyspace(cmd: Command): boolean {
  const f = cmd.meta.flags;
  return f.includes("write") || f.includes("readonly") || MAY_REPLICATE.has(cmd.fullname);
}
