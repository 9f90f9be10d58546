/**
 * What redis-cli does with one typed line, over EngineApi: split it into arguments as
 * sdssplitargs does (after UTF-8 encoding the text, as a terminal would), honour the repeat
 * prefix ("3 INCR n"), send each command and format each reply as redis-cli prints it.
 *
 * No React here: runnable examples and lesson steps replay lines through the same function.
 */
import type { EngineApi } from "@/engine/host/api";
import { formatCliOutput } from "@/engine/resp/cli-format";
import { splitArgs } from "@/engine/resp/split-args";
import { bytesToUtf8, utf8ToBytes } from "@/engine/util/bytes";
import type { LineKind } from "@/components/state/playground-store";

export interface Connection {
  clientId: number | null;
  db: number;
  resp: 2 | 3;
}

export interface LineOutcome {
  output: { kind: LineKind; text: string }[];
  connection: Connection;
  /** The line was redis-cli's own `clear`. */
  clear: boolean;
}

/** The playground's own cap on "N COMMAND": each repetition is a round trip to the worker. */
export const MAX_REPEAT = 10_000;

export const prompt = (db: number): string => `127.0.0.1:6379${db ? `[${db}]` : ""}>`;

export async function runLine(engine: EngineApi, connection: Connection, line: string, label = ""): Promise<LineOutcome> {
  const output: LineOutcome["output"] = [];
  // Only the connection facts: the caller may pass a whole tab state.
  let conn: Connection = { clientId: connection.clientId, db: connection.db, resp: connection.resp };
  const done = (clear = false): LineOutcome => ({ output, connection: conn, clear });

  const argv = splitArgs(utf8ToBytes(line));
  if (argv === null) {
    output.push({ kind: "info", text: "Invalid argument(s)" });
    return done();
  }
  if (argv.length === 0) return done();
  if (argv.length === 1 && argv[0].toLowerCase() === "clear") return done(true);

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

  for (let i = 0; i < repeat; i++) {
    if (conn.clientId === null) conn = { clientId: (await engine.open(label)).id, db: 0, resp: 2 };
    let result;
    try {
      result = await engine.exec(conn.clientId!, args);
    } catch (e) {
      // The engine dropped the connection (CLIENT KILL, reset): redis-cli reports it and
      // connects again on the next command.
      conn = { clientId: null, db: 0, resp: 2 };
      output.push({ kind: "info", text: `Error: ${e instanceof Error ? e.message : String(e)}` });
      return done();
    }
    // A terminal shows "\r\n" (INFO's line ends) as a line break; the last one adds no line.
    const printed = formatCliOutput(args, result.reply, result.resp);
    const text = bytesToUtf8(printed).replace(/\r\n/g, "\n").replace(/\n$/, "");
    output.push({ kind: result.reply.t === "error" ? "error" : "reply", text });
    conn = result.closed ? { clientId: null, db: 0, resp: 2 } : { clientId: conn.clientId, db: result.db, resp: result.resp };
  }
  return done();
}
