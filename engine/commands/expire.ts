/**
 * Expiry commands: EXPIRE family, TTL family, EXPIRETIME family, PERSIST.
 */
import type { CommandDef } from "./table";

export const expireCommands: CommandDef[] = [];
