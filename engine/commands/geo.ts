/**
 * Geo commands: positions stored as 52-bit geohash scores in a sorted set.
 */
import type { CommandDef } from "./table";

export const geoCommands: CommandDef[] = [];
