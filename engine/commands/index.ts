/**
 * Every command family, joined into the one command table.
 */
import { CommandTable, type CommandDef } from "./table";
import { adminCommands } from "./admin";
import { connectionCommands } from "./connection";
import { expireCommands } from "./expire";
import { infoCommands } from "./info";
import { introspectionCommands } from "./introspection";
import { keyCommands } from "./keys";
import { objectCommands } from "./object";
import { stringCommands } from "./strings";

export const ALL_COMMANDS: readonly CommandDef[] = [
  ...connectionCommands,
  ...adminCommands,
  ...introspectionCommands,
  ...infoCommands,
  ...keyCommands,
  ...objectCommands,
  ...expireCommands,
  ...stringCommands,
];

export const commandTable = new CommandTable(ALL_COMMANDS);
