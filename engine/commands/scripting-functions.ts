/**
 * FCALL, FCALL_RO and FUNCTION: thin handlers over engine/scripting/functions.ts.
 */
import { E, functionLoadOption } from "../errors";
import { bulk, type Reply } from "../reply";
import {
  fcallCommand,
  functionDelete,
  functionDump,
  functionFlush,
  functionList,
  functionRestore,
  functionStats,
  loadLibrary,
} from "../scripting/functions";
import { helpReply } from "./object";
import { killScript } from "../scripting/busy-script";
import type { CommandDef } from "./table";

const HELP = [
  "LOAD [REPLACE] <FUNCTION CODE>",
  "    Create a new library with the given library name and code.",
  "DELETE <LIBRARY NAME>",
  "    Delete the given library.",
  "LIST [LIBRARYNAME PATTERN] [WITHCODE]",
  "    Return general information on all the libraries:",
  "    * Library name",
  "    * The engine used to run the Library",
  "    * Library description",
  "    * Functions list",
  "    * Library code (if WITHCODE is given)",
  "    It also possible to get only function that matches a pattern using LIBRARYNAME argument.",
  "STATS",
  "    Return information about the current function running:",
  "    * Function name",
  "    * Command used to run the function",
  "    * Duration in MS that the function is running",
  "    If no function is running, return nil",
  "    In addition, returns a list of available engines.",
  "KILL",
  "    Kill the current running function.",
  "FLUSH [ASYNC|SYNC]",
  "    Delete all the libraries.",
  "    When called without the optional mode argument, the behavior is determined by the",
  "    lazyfree-lazy-user-flush configuration directive. Valid modes are:",
  "    * ASYNC: Asynchronously flush the libraries.",
  "    * SYNC: Synchronously flush the libraries.",
  "DUMP",
  "    Return a serialized payload representing the current libraries, can be restored using FUNCTION RESTORE command",
  "RESTORE <PAYLOAD> [FLUSH|APPEND|REPLACE]",
  "    Restore the libraries represented by the given payload, it is possible to give a restore policy to",
  "    control how to handle existing libraries (default APPEND):",
  "    * FLUSH: delete all existing libraries.",
  "    * APPEND: appends the restored libraries to the existing libraries. On collision, abort.",
  "    * REPLACE: appends the restored libraries to the existing libraries, On collision, replace the old",
  "      libraries with the new libraries (notice that even on this option there is a chance of failure",
  "      in case of functions name collision with another library).",
];

export const functionCommands: CommandDef[] = [
  {
    name: "fcall",
    summary: "Calls a function of a loaded library by name, with keys and arguments.",
    handler: (c, argv) => fcallCommand(c, argv, false),
  },
  {
    name: "fcall_ro",
    summary: "Calls a function flagged no-writes; any write command inside it fails.",
    handler: (c, argv) => fcallCommand(c, argv, true),
  },
  {
    name: "function",
    summary: "Manages libraries of Lua functions.",
    subcommands: [
      {
        name: "load",
        summary: "Loads a library (its first line names it: #!lua name=<lib>); REPLACE swaps an existing one.",
        handler: (c, argv): Reply => {
          // functionLoadCommand: options up to the last argument, which is the code.
          let replace = false;
          for (const opt of argv.slice(2, -1)) {
            if (opt.toLowerCase() !== "replace") return functionLoadOption(opt);
            replace = true;
          }
          const vm = c.server.luaVm;
          if (!vm) return E.NO_LUA_VM;
          const r = loadLibrary(c.server, vm, argv[argv.length - 1], replace);
          return "error" in r ? r.error : bulk(r.name);
        },
      },
      { name: "delete", summary: "Deletes a library and its functions.", handler: (c, argv) => functionDelete(c, argv[2]) },
      { name: "list", summary: "Lists the libraries, their functions and flags (and code with WITHCODE).", handler: (c, argv) => functionList(c, argv) },
      { name: "stats", summary: "Shows the running function (never any here) and how many libraries and functions exist.", handler: (c) => functionStats(c) },
      { name: "flush", summary: "Deletes every library.", handler: (c, argv) => functionFlush(c, argv) },
      { name: "kill", summary: "Stops the running function if it has not written yet.", handler: (c) => killScript(c.server, false) },
      { name: "dump", summary: "Serialises every library into a payload FUNCTION RESTORE takes back.", handler: (c) => functionDump(c) },
      { name: "restore", summary: "Loads the libraries of a FUNCTION DUMP payload (FLUSH, APPEND or REPLACE).", handler: (c, argv) => functionRestore(c, argv) },
      { name: "help", summary: "Lists the FUNCTION subcommands.", handler: () => helpReply("function", HELP) },
    ],
  },
];
