/**
 * `npm run server -- --port 6380 [--bind ADDR...] [--profile playground] [--<config> <value>]`
 *
 * Serves the engine over RESP on 127.0.0.1 (by default), taking arguments the way
 * redis-server does: every `--name` is a configuration parameter followed by its value, and
 * several words up to the next `--name` are joined with spaces (`--save 3600 1`). Only
 * --profile belongs to this host rather than to the instance's config. `--port 0` picks a
 * free port (the log says which).
 */
import { appendFileSync } from "node:fs";
import { nodeClock, startServer } from "./tcp";
import { formatLogLine, LOG_LEVELS, type LogLevel } from "./log";
import { findParam, type Profile } from "../config";
import { createServer, type Server } from "../server";
import { loadNodeLuaVm } from "./lua-vm";

interface Cli {
  port: number;
  bind: string[];
  profile: Profile;
  /** Every other `--name value`, for the instance's config. */
  config: Record<string, string>;
}

/** Parses redis-server style arguments; throws with Redis-like wording when one is wrong. */
export function parseArgs(argv: readonly string[]): Cli {
  const cli: Cli = { port: 6379, bind: ["127.0.0.1"], profile: "redis", config: {} };
  for (let i = 0; i < argv.length; ) {
    const opt = argv[i++];
    if (!opt.startsWith("--") || opt.length === 2) throw new Error(`Bad directive or wrong number of arguments: '${opt}'`);
    const words: string[] = [];
    while (i < argv.length && !argv[i].startsWith("--")) words.push(argv[i++]);
    const name = opt.slice(2).toLowerCase();
    const value = words.join(" ");
    switch (name) {
      case "port":
        if (!/^\d+$/.test(value) || Number(value) > 65535) throw new Error(`Invalid port: '${value}'`);
        cli.port = Number(value);
        break;
      case "bind":
        cli.bind = value.split(" ").filter(Boolean);
        if (!cli.bind.length) throw new Error("'bind' needs at least one address");
        break;
      case "profile":
        if (value !== "redis" && value !== "playground") throw new Error(`Unknown profile '${value}' (redis or playground)`);
        cli.profile = value;
        break;
      default:
        if (!findParam(name)) throw new Error(`Bad directive or wrong number of arguments: '${name}' is not a configuration parameter the engine knows`);
        cli.config[name] = value;
    }
  }
  return cli;
}

function fatal(message: string): never {
  process.stderr.write(`\n*** FATAL CONFIG FILE ERROR (redis-playground) ***\n${message}\n`);
  process.exit(1);
}

async function main(): Promise<void> {
  let cli: Cli;
  try {
    cli = parseArgs(process.argv.slice(2));
  } catch (e) {
    fatal((e as Error).message);
  }
  let server: Server | undefined;
  // loglevel and logfile are read live, so CONFIG SET of either applies at once.
  const log = (level: LogLevel, line: string) => {
    const threshold = LOG_LEVELS.indexOf((server?.config.get("loglevel") ?? cli.config.loglevel ?? "notice") as LogLevel);
    if (LOG_LEVELS.indexOf(level) < threshold) return;
    const text = formatLogLine(level, line) + "\n";
    const file = server?.config.get("logfile") ?? cli.config.logfile ?? "";
    if (file) appendFileSync(file, text);
    else process.stdout.write(text);
  };
  log("warning", "redis-playground is starting: a Redis 7.0.15 emulator in TypeScript");
  try {
    const config: Record<string, string> = { ...cli.config, bind: cli.bind.join(" ") };
    if (cli.port) config.port = String(cli.port);
    server = createServer({ profile: cli.profile, config, clock: nodeClock(), log });
  } catch (e) {
    fatal((e as Error).message);
  }
  try {
    // In a worker_thread: a busy script leaves the server answering BUSY and SCRIPT KILL.
    server.setLuaVm(await loadNodeLuaVm());
  } catch (e) {
    log("warning", `Lua scripting is unavailable: ${(e as Error).message}`);
  }
  if (server.config.get("daemonize") === "yes") log("warning", "daemonize is not supported: staying in the foreground");
  let running;
  try {
    running = await startServer({ server, port: cli.port, bind: cli.bind });
  } catch (e) {
    log("warning", `Failed listening on port ${cli.port} (tcp), aborting: ${(e as Error).message}`);
    process.exit(1);
  }
  log("notice", `Server initialized (profile ${cli.profile}), ${Math.round(process.uptime() * 1000)} ms after start`);
  for (const host of running.addresses) log("notice", `Listening on ${host}:${running.port}`);
  log("notice", "Ready to accept connections tcp");
  // SHUTDOWN [NOSAVE]: the process exits, as redis-server's does (nothing is ever saved here).
  server.onShutdown = () => {
    void running.close().then(() => {
      log("warning", "redis-playground is now ready to exit, bye bye...");
      process.exit(0);
    });
  };
  const stop = (signal: string) => {
    log("warning", `Received ${signal} scheduling shutdown...`);
    void running.close().then(() => {
      log("warning", "redis-playground is now ready to exit, bye bye...");
      process.exit(0);
    });
  };
  process.once("SIGINT", () => stop("SIGINT"));
  process.once("SIGTERM", () => stop("SIGTERM"));
}

// Run only as the entry point, so tests can import parseArgs.
if (process.argv[1] && /main\.[cm]?[tj]s$/.test(process.argv[1])) void main();
