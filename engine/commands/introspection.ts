/**
 * COMMAND and its subcommands, answered from the command table itself.
 */
import type { CommandDef } from "./table";

export const introspectionCommands: CommandDef[] = [];
