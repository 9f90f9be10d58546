/**
 * Server commands about the whole instance: TIME, DBSIZE, FLUSHDB, FLUSHALL, SWAPDB, CONFIG.
 */
import type { CommandDef } from "./table";

export const adminCommands: CommandDef[] = [];
