/**
 * SORT and SORT_RO over lists, sets and sorted sets.
 */
import type { CommandDef } from "./table";

export const sortCommands: CommandDef[] = [];
