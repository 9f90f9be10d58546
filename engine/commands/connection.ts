/**
 * Connection commands: PING, ECHO, SELECT, QUIT, RESET, HELLO, AUTH, CLIENT.
 */
import { wrongArity } from "../errors";
import { bulk, PONG, type Reply } from "../reply";
import type { CommandDef } from "./table";

export const connectionCommands: CommandDef[] = [
  {
    name: "ping",
    summary: "Checks that the server answers; replies PONG, or echoes the argument given.",
    handler: (_c, argv): Reply => {
      if (argv.length > 2) return wrongArity("ping");
      return argv.length === 2 ? bulk(argv[1]) : PONG;
    },
  },
  {
    name: "echo",
    summary: "Replies with the message it was given.",
    handler: (_c, argv) => bulk(argv[1]),
  },
];
