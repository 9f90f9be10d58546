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
import { bitmapCommands } from "./bitmaps";
import { blockingCommands } from "./blocking";
import { debugCommands } from "./debug";
import { geoCommands } from "./geo";
import { hashCommands } from "./hashes";
import { hyperloglogCommands } from "./hyperloglog";
import { listCommands } from "./lists";
import { setCommands } from "./sets";
import { sortCommands } from "./sort";
import { zsetCommands } from "./zsets";
import { transactionCommands } from "./transactions";
import { pubsubCommands } from "./pubsub";
import { streamCommands } from "./streams";
import { monitorCommands } from "./monitor";
// -- scripting (h-lua) --
import { scriptingCommands } from "./scripting";
// -- Latency --
import { slowlogCommands } from "./slowlog";
import { latencyCommands } from "./latency";
// -- Memory --
import { memoryCommands } from "./memory";
// -- Shutdown: the way out of an unkillable script --
import { shutdownCommands } from "./shutdown";

export const ALL_COMMANDS: readonly CommandDef[] = [
  ...connectionCommands,
  ...adminCommands,
  ...introspectionCommands,
  ...infoCommands,
  ...keyCommands,
  ...objectCommands,
  ...expireCommands,
  ...stringCommands,
  ...listCommands,
  ...hashCommands,
  ...setCommands,
  ...zsetCommands,
  ...blockingCommands,
  ...sortCommands,
  ...hyperloglogCommands,
  ...bitmapCommands,
  ...geoCommands,
  ...debugCommands,
  ...transactionCommands,
  ...pubsubCommands,
  ...streamCommands,
  ...monitorCommands,
  ...scriptingCommands,
  ...memoryCommands,
  ...slowlogCommands,
  ...latencyCommands,
  ...shutdownCommands,
];

export const commandTable = new CommandTable(ALL_COMMANDS);
