/**
 * Set commands: membership, random picks, set algebra and the *STORE forms, SSCAN.
 */
import type { CommandDef } from "./table";

export const setCommands: CommandDef[] = [];
