/**
 * List commands: pushes, pops, ranges, LPOS, LMOVE, LMPOP.
 */
import type { CommandDef } from "./table";

export const listCommands: CommandDef[] = [];
