/**
 * Generic key commands: DEL, UNLINK, EXISTS, TYPE, KEYS, SCAN, RANDOMKEY, RENAME, RENAMENX,
 * COPY, MOVE, TOUCH, OBJECT.
 */
import type { CommandDef } from "./table";

export const keyCommands: CommandDef[] = [];
