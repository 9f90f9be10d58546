/**
 * Blocking commands: BLPOP, BRPOP, BLMOVE, BRPOPLPUSH, BLMPOP, BZPOPMIN, BZPOPMAX, BZMPOP.
 */
import type { CommandDef } from "./table";

export const blockingCommands: CommandDef[] = [];
