/**
 * Hash commands: HSET and its family, HINCRBY*, HRANDFIELD, HSCAN.
 */
import type { CommandDef } from "./table";

export const hashCommands: CommandDef[] = [];
