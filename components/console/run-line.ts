/**
 * What redis-cli does with one typed line, over EngineApi: split it into arguments as
 * sdssplitargs does (after UTF-8 encoding the text, as a terminal would), honour the repeat
 * prefix ("3 INCR n"), answer HELP itself (redis-cli does not send it either), send each
 * command and format each reply as redis-cli prints it.
 *
 * Each reply carries its timing (engine time, the simulated round trip it paid) and the RESP
 * bytes that went each way, for the wire view.
 *
 * No React here: runnable examples and lesson steps replay lines through the same function.
 */
import type { EngineApi, ExecResult } from "@/engine/host/api";
import { formatCliOutput } from "@/engine/resp/cli-format";
import { encodeReply } from "@/engine/resp/encode";
import { splitArgs } from "@/engine/resp/split-args";
import { bytesToUtf8, utf8ToBytes } from "@/engine/util/bytes";
import type { NewLine } from "@/components/state/playground-store";
import { helpLines } from "./help";

export interface Connection {
  clientId: number | null;
  db: number;
  resp: 2 | 3;
}

export interface LineOutcome {
  output: NewLine[];
  connection: Connection;
  /** The line was redis-cli's own `clear`. */
  clear: boolean;
  /** Simulated time the line cost: round trips plus engine time. */
  elapsedMs: number;
  /** CONFIG SET pairs that succeeded (name, value), for explanations in the inspector. */
  configSet: [string, string][];
}

export interface RunOptions {
  /** The simulated round trip each request pays (0 by default). */
  rttMs?: number;
  /**
   * Shared by the lines of one pipeline (a paste): the batch pays a single round trip, on its
   * first command, then `paid` is set.
   */
  pipeline?: { paid: boolean };
}

/** The playground's own cap on "N COMMAND": each repetition is a round trip to the worker. */
export const MAX_REPEAT = 10_000;

export const prompt = (db: number): string => `127.0.0.1:6379${db ? `[${db}]` : ""}>`;

/** argv as a client sends it: a RESP array of bulk strings. */
export function encodeCommand(argv: readonly string[]): string {
  let out = `*${argv.length}\r\n`;
  for (const a of argv) out += `$${a.length}\r\n${a}\r\n`;
  return out;
}

/** The time a command waited before it ran, when the API reports one. */
export function waitedOf(result: ExecResult): number | undefined {
  const w = result.waitedMs;
  return w !== undefined && w > 0 ? w : undefined;
}

export async function runLine(
  engine: EngineApi,
  connection: Connection,
  line: string,
  label = "",
  options: RunOptions = {},
): Promise<LineOutcome> {
  const output: NewLine[] = [];
  const configSet: [string, string][] = [];
  let elapsedMs = 0;
  // Only the connection facts: the caller may pass a whole tab state.
  let conn: Connection = { clientId: connection.clientId, db: connection.db, resp: connection.resp };
  const done = (clear = false): LineOutcome => ({ output, connection: conn, clear, elapsedMs, configSet });

  const argv = splitArgs(utf8ToBytes(line));
  if (argv === null) {
    output.push({ kind: "info", text: "Invalid argument(s)" });
    return done();
  }
  if (argv.length === 0) return done();
  if (argv.length === 1 && argv[0].toLowerCase() === "clear") return done(true);
  if (argv[0].toLowerCase() === "help") {
    output.push({ kind: "info", text: await helpLines(argv.slice(1).map(bytesToUtf8)) });
    return done();
  }

  let repeat = 1;
  let args = argv;
  // redis-cli reads a leading number as a repeat count (strtol: spaces, a sign, digits).
  if (argv.length > 1 && /^\s*([+-]?\d+)?$/.test(argv[0])) {
    const n = Number(argv[0].trim() || "0");
    if (!(n > 0) || n > Number.MAX_SAFE_INTEGER) {
      output.push({ kind: "info", text: "Invalid redis-cli repeat command option value." });
      return done();
    }
    if (n > MAX_REPEAT) {
      output.push({ kind: "info", text: `(the playground repeats a command at most ${MAX_REPEAT} times)` });
      return done();
    }
    repeat = n;
    args = argv.slice(1);
  }

  const rtt = options.rttMs ?? 0;
  for (let i = 0; i < repeat; i++) {
    if (conn.clientId === null) conn = { clientId: (await engine.open(label)).id, db: 0, resp: 2 };
    let result: ExecResult;
    try {
      result = await engine.exec(conn.clientId!, args);
    } catch (e) {
      // The engine dropped the connection (CLIENT KILL, reset): redis-cli reports it and
      // connects again on the next command.
      conn = { clientId: null, db: 0, resp: 2 };
      output.push({ kind: "info", text: `Error: ${e instanceof Error ? e.message : String(e)}` });
      return done();
    }
    conn = result.closed ? { clientId: null, db: 0, resp: 2 } : { clientId: conn.clientId, db: result.db, resp: result.resp };
    // CLIENT REPLY OFF/SKIP: a real client receives nothing, so nothing is printed.
    if (result.suppressed) {
      elapsedMs += result.ms;
      continue;
    }
    // A terminal shows "\r\n" (INFO's line ends) as a line break; the last one adds no line.
    const printed = formatCliOutput(args, result.reply, result.resp);
    const text = bytesToUtf8(printed).replace(/\r\n/g, "\n").replace(/\n$/, "");
    const pipe = options.pipeline;
    const paid = pipe?.paid ? 0 : rtt;
    if (pipe) pipe.paid = true;
    const waitedMs = waitedOf(result);
    output.push({
      kind: result.reply.t === "error" ? "error" : "reply",
      text,
      ms: result.ms,
      rttMs: paid,
      ...(waitedMs !== undefined ? { waitedMs } : {}),
      wire: { sent: encodeCommand(args), received: encodeReply(result.reply, result.resp) },
    });
    elapsedMs += paid + result.ms;
    if (isConfigSetOk(args, result)) for (let j = 2; j + 1 < args.length; j += 2) configSet.push([args[j], args[j + 1]]);
  }
  return done();
}

const isConfigSetOk = (args: readonly string[], r: ExecResult): boolean =>
  args.length >= 4 && args[0].toLowerCase() === "config" && args[1].toLowerCase() === "set" && r.reply.t === "simple";
