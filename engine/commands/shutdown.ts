/**
 * SHUTDOWN [NOSAVE|SAVE] [NOW] [FORCE] [ABORT]: the way out of an unkillable script that
 * Redis' BUSY error names.
 *
 * An engine instance cannot stop its process, so its host decides what shutting down means
 * (Server.onShutdown): the playground replaces the instance with a fresh one (every connection
 * closes, the data is gone: nothing is saved), the Node server exits as redis-server does.
 * Without a host that can, SHUTDOWN answers the error Redis gives when it cannot shut down.
 * As in Redis the caller gets no reply: its connection goes away.
 */
import { BLOCKED } from "../blocking";
import { E } from "../errors";
import type { Reply } from "../reply";
import { deferredRun } from "../scripting/busy-script";
import type { CommandDef } from "./table";

export const shutdownCommands: CommandDef[] = [
  {
    name: "shutdown",
    summary: "Stops the instance (in the playground: starts a fresh one); NOSAVE ends even an unkillable script.",
    handler: (c, argv): Reply => {
      const opts = new Set<string>();
      for (const a of argv.slice(1)) {
        const o = a.toLowerCase();
        if (!["nosave", "save", "now", "force", "abort"].includes(o)) return E.SYNTAX;
        opts.add(o);
      }
      if ((opts.has("abort") && opts.size > 1) || (opts.has("nosave") && opts.has("save"))) return E.SYNTAX;
      // Nothing here waits for replicas or a save, so no shutdown is ever in progress.
      if (opts.has("abort")) return E.NO_SHUTDOWN_IN_PROGRESS;
      const server = c.server;
      // shutdownCommand: past the busy threshold only NOSAVE may stop the instance.
      const run = deferredRun(server);
      if (run && !opts.has("nosave")) return run.kind === "eval" ? E.BUSY_SCRIPT : E.BUSY_FUNCTION;
      const hook = server.onShutdown;
      if (!hook) return E.SHUTDOWN_FAILED;
      server.log("warning", "User requested shutdown...");
      hook();
      return BLOCKED as unknown as Reply;
    },
  },
];
