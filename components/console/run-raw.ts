/**
 * Raw mode: the learner types RESP itself, as with `nc` to port 6379. The bytes go through the
 * engine's own request parser (engine/resp/parser.ts, the same one the TCP server uses), each
 * complete command runs, and the reply is shown as the bytes Redis would send. A malformed
 * frame gets Redis' protocol error and the connection is closed, as Redis closes it; the next
 * line opens a new connection, as running nc again would.
 */
import type { EngineApi, ExecResult } from "@/engine/host/api";
import { encodeReply } from "@/engine/resp/encode";
import { RequestParser } from "@/engine/resp/parser";
import type { NewLine } from "@/components/state/playground-store";
import { escapeBytes } from "./resp-text";
import { encodeCommand, waitedOf, type Connection } from "./run-line";

export interface RawOutcome {
  output: NewLine[];
  connection: Connection;
  /** The server closed the connection (protocol error, QUIT): the parser must start afresh. */
  closed: boolean;
  elapsedMs: number;
}

export const newRawParser = (): RequestParser => new RequestParser();

export async function runRaw(
  engine: EngineApi,
  connection: Connection,
  parser: RequestParser,
  bytes: string,
  label = "",
  rttMs = 0,
): Promise<RawOutcome> {
  const output: NewLine[] = [];
  let conn: Connection = { clientId: connection.clientId, db: connection.db, resp: connection.resp };
  let elapsedMs = 0;
  // What one write sends arrives together: the whole chunk pays one round trip.
  let rtt = rttMs;
  if (conn.clientId === null) conn = { clientId: (await engine.open(label)).id, db: 0, resp: 2 };
  parser.push(bytes);
  for (;;) {
    const argv = parser.next();
    if (argv === null) {
      const error = parser.error;
      if (error) {
        const sent = encodeReply(error.reply, conn.resp);
        output.push({ kind: "error", text: escapeBytes(sent), rttMs: rtt, ms: 0, wire: { received: sent } });
        elapsedMs += rtt;
        await engine.close(conn.clientId!);
        output.push({ kind: "info", text: "Connection closed by the server (protocol error). The next line opens a new connection." });
        return { output, connection: { clientId: null, db: 0, resp: 2 }, closed: true, elapsedMs };
      }
      break;
    }
    let result: ExecResult;
    try {
      result = await engine.exec(conn.clientId!, argv);
    } catch (e) {
      output.push({ kind: "info", text: `Error: ${e instanceof Error ? e.message : String(e)}` });
      return { output, connection: { clientId: null, db: 0, resp: 2 }, closed: true, elapsedMs };
    }
    const received = result.suppressed ? "" : encodeReply(result.reply, result.resp);
    const waitedMs = waitedOf(result);
    // CLIENT REPLY OFF/SKIP: nothing comes back on the wire.
    if (!result.suppressed) output.push({
      kind: result.reply.t === "error" ? "error" : "reply",
      text: escapeBytes(received),
      ms: result.ms,
      rttMs: rtt,
      ...(waitedMs !== undefined ? { waitedMs } : {}),
      wire: { sent: encodeCommand(argv), received },
    });
    elapsedMs += rtt + result.ms;
    rtt = 0;
    if (result.closed) {
      output.push({ kind: "info", text: "Connection closed by the server." });
      return { output, connection: { clientId: null, db: 0, resp: 2 }, closed: true, elapsedMs };
    }
    conn = { clientId: conn.clientId, db: result.db, resp: result.resp };
  }
  if (parser.buffered > 0) output.push({ kind: "info", text: `(${parser.buffered} bytes buffered: the frame is not complete yet)` });
  return { output, connection: conn, closed: false, elapsedMs };
}
