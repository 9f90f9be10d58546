/**
 * Bitmap commands on strings: SETBIT, GETBIT, BITCOUNT, BITPOS, BITOP, BITFIELD, BITFIELD_RO.
 */
import type { CommandDef } from "./table";

export const bitmapCommands: CommandDef[] = [];
