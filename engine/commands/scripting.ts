/**
 * EVAL, EVALSHA, EVAL_RO, EVALSHA_RO and SCRIPT: thin handlers over engine/scripting/.
 */
import { E } from "../errors";
import { OK, arr, bulk, int, type Reply } from "../reply";
import { evalCommand, loadScript, scriptState } from "../scripting/scripts";
import { helpReply } from "./object";
import { killScript } from "../scripting/busy-script";
import type { CommandDef } from "./table";
import { functionCommands } from "./scripting-functions";

const HELP = [
  "DEBUG (YES|SYNC|NO)",
  "    Set the debug mode for subsequent scripts executed.",
  "EXISTS <sha1> [<sha1> ...]",
  "    Return information about the existence of the scripts in the script cache.",
  "FLUSH [ASYNC|SYNC]",
  "    Flush the Lua scripts cache. Very dangerous on replicas.",
  "    When called without the optional mode argument, the behavior is determined by the",
  "    lazyfree-lazy-user-flush configuration directive. Valid modes are:",
  "    * ASYNC: Asynchronously flush the scripts cache.",
  "    * SYNC: Synchronously flush the scripts cache.",
  "KILL",
  "    Kill the currently executing Lua script.",
  "LOAD <script>",
  "    Load a script into the scripts cache without executing it.",
];

export const scriptingCommands: CommandDef[] = [
  {
    name: "eval",
    summary: "Runs a Lua script on the server, atomically, with the given keys and arguments.",
    handler: (c, argv) => evalCommand(c, argv, { bySha: false, readOnly: false }),
  },
  {
    name: "evalsha",
    summary: "Runs a cached Lua script by the SHA1 of its body.",
    handler: (c, argv) => evalCommand(c, argv, { bySha: true, readOnly: false }),
  },
  {
    name: "eval_ro",
    summary: "Runs a Lua script that may only read: any write command inside it fails.",
    handler: (c, argv) => evalCommand(c, argv, { bySha: false, readOnly: true }),
  },
  {
    name: "evalsha_ro",
    summary: "Runs a cached read-only Lua script by the SHA1 of its body.",
    handler: (c, argv) => evalCommand(c, argv, { bySha: true, readOnly: true }),
  },
  {
    name: "script",
    summary: "Manages the Lua script cache.",
    subcommands: [
      {
        name: "load",
        summary: "Compiles a script into the cache without running it and returns its SHA1.",
        handler: (c, argv): Reply => {
          const vm = c.server.luaVm;
          if (!vm) return E.NO_LUA_VM;
          const r = loadScript(c.server, vm, argv[2]);
          return "error" in r ? r.error : bulk(r.sha);
        },
      },
      {
        name: "exists",
        summary: "Tells, for each SHA1, whether the script is in the cache (1) or not (0).",
        handler: (c, argv) => {
          const cache = scriptState(c.server).cache;
          return arr(argv.slice(2).map((sha) => int(cache.has(sha.toLowerCase()) ? 1 : 0)));
        },
      },
      {
        name: "flush",
        summary: "Empties the script cache (ASYNC and SYNC both take effect at once here).",
        handler: (c, argv) => {
          if (argv.length > 3) return E.SCRIPT_FLUSH_MODE;
          if (argv.length === 3 && !["sync", "async"].includes(argv[2].toLowerCase())) return E.SCRIPT_FLUSH_MODE;
          scriptState(c.server).cache.clear();
          return OK;
        },
      },
      {
        name: "kill",
        summary: "Stops the running script if it has not written yet.",
        // Only a script running in its own worker can be running while this runs (busy-script.ts).
        handler: (c) => killScript(c.server, true),
      },
      {
        name: "debug",
        summary: "Sets the Lua debugger mode for this connection's next scripts (NO only, here).",
        handler: (_c, argv) => {
          const mode = argv[2].toLowerCase();
          if (mode === "no") return OK;
          if (mode === "yes" || mode === "sync") return E.SCRIPT_DEBUG_UNSUPPORTED;
          return E.SCRIPT_DEBUG_MODE;
        },
      },
      {
        name: "help",
        summary: "Lists the SCRIPT subcommands.",
        handler: () => helpReply("script", HELP),
      },
    ],
  },
  ...functionCommands,
];
