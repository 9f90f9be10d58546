/**
 * Sorted set commands: ZADD and its options, ranges by rank/score/lex, pops, algebra, ZSCAN.
 */
import type { CommandDef } from "./table";

export const zsetCommands: CommandDef[] = [];
