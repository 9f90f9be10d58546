/**
 * Every command family, joined into the one command table.
 */
import { CommandTable, type CommandDef } from "./table";
import { connectionCommands } from "./connection";
import { stringCommands } from "./strings";

export const ALL_COMMANDS: readonly CommandDef[] = [...connectionCommands, ...stringCommands];

export const commandTable = new CommandTable(ALL_COMMANDS);
