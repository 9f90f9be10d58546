/** MONITOR: the connection starts receiving a line for every command the instance runs (engine/monitor.ts). */
import { E } from "../errors";
import { startMonitor } from "../monitor";
import { OK } from "../reply";
import type { CommandDef } from "./table";

export const monitorCommands: CommandDef[] = [
  {
    name: "monitor",
    summary: "Streams every command the server runs to this connection, one line each.",
    handler: (c) => {
      // A client that expects one reply per command (inside EXEC) cannot take a stream.
      if (c.denyBlocking) return E.MONITOR_DENY_BLOCKING;
      // Sent again by a monitor: ignored, without a reply.
      if (!startMonitor(c)) c.dropReply = true;
      return OK;
    },
  },
];
