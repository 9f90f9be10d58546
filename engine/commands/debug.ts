/**
 * DEBUG: the introspection subcommands the course uses (DEBUG OBJECT, …).
 */
import type { CommandDef } from "./table";

export const debugCommands: CommandDef[] = [];
