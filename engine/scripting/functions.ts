/**
 * Redis Functions (7.0): libraries of Lua functions loaded with FUNCTION LOAD and called by
 * name with FCALL / FCALL_RO (functions.c, function_lua.c).
 *
 * A library is kept as its code and the functions it registered; the VM keeps no Lua state,
 * so each FCALL runs the library code again to reach the function (see functions-lua.ts).
 * Function and library names are matched case-insensitively, as Redis' dicts do.
 */
import type { Client } from "../client";
import {
  E,
  FUNCTION_LOAD_ERRORS as FE,
  SCRIPT_CALL_ERRORS as CE,
  functionCompileError,
  functionEngineNotFound,
  functionExists,
  functionLibraryExists,
  functionListArgument,
  functionMetadataValue,
  functionRegistering,
  functionRestoreLibraryExists,
  functionVmFailed,
} from "../errors";
import { NULL, OK, arr, bulk, err, int, map, set, simple, type Reply } from "../reply";
import type { Server } from "../server";
import { splitArgs } from "../resp/split-args";
import { globMatch } from "../util/glob";
import { parseInt64 } from "../commands/args";
import { MISSING_FIELD, REGISTER_ERROR, callWrapper, firstUseLine, loadWrapper } from "./functions-lua";
import { overMaxmemory, runLua } from "./scripts";
import { runningScriptInfo } from "./busy-script";
import type { LuaVm, ScriptBridge } from "./vm";
import { decodeFunctionPayload, encodeFunctionPayload, verifyPayload } from "./function-dump";

export interface LuaFunction {
  name: string;
  description: string | null;
  flags: string[];
  library: Library;
}

export interface Library {
  name: string;
  /** The code as given to FUNCTION LOAD (shebang included). */
  code: string;
  /** What the VM runs: the shebang line blanked, its line feed kept. */
  body: string;
  functions: Map<string, LuaFunction>;
}

export class FunctionsState {
  /** Library name → library (case-sensitive, unlike function names). */
  readonly libraries = new Map<string, Library>();
  /** Lowercase function name → function, across libraries. */
  readonly functions = new Map<string, LuaFunction>();

  add(lib: Library): void {
    this.libraries.set(lib.name, lib);
    for (const [k, f] of lib.functions) this.functions.set(k, f);
  }

  remove(lib: Library): void {
    this.libraries.delete(lib.name);
    for (const k of lib.functions.keys()) this.functions.delete(k);
  }
}

const states = new WeakMap<Server, FunctionsState>();

export function functionsState(server: Server): FunctionsState {
  let s = states.get(server);
  if (!s) states.set(server, (s = new FunctionsState()));
  return s;
}

/** Redis gives a library's load this long (LOAD_TIMEOUT_MS) before it fails. */
const LOAD_TIMEOUT_MS = 500;

const fail = (text: string): { error: Reply } => ({ error: err(`ERR ${text}`) });
const validName = (name: string): boolean => /^[A-Za-z0-9_]+$/.test(name);

/** functionExtractLibMetaData: the engine and library name from the `#!lua name=...` line. */
function parseMetadata(code: string): { engine: string; name: string; body: string } | { error: Reply } {
  if (!code.startsWith("#!")) return fail(FE.MISSING_METADATA);
  const end = code.indexOf("\n");
  if (end === -1) return fail(FE.INVALID_METADATA);
  const parts = splitArgs(code.slice(0, end));
  if (!parts || parts.length === 0) return fail(FE.INVALID_METADATA);
  let name: string | null = null;
  for (const part of parts.slice(1)) {
    if (part.slice(0, 5).toLowerCase() === "name=") {
      if (name !== null) return fail(FE.NAME_TWICE);
      name = part.slice(5);
      continue;
    }
    return fail(functionMetadataValue(part));
  }
  if (name === null) return fail(FE.NO_NAME);
  return { engine: parts[0].slice(2), name, body: code.slice(end) };
}

/** FUNCTION LOAD [REPLACE] code, and RESTORE's per-library load. */
export function loadLibrary(server: Server, vm: LuaVm, code: string, replace: boolean): { name: string } | { error: Reply } {
  const meta = parseMetadata(code);
  if ("error" in meta) return meta;
  if (meta.engine.toLowerCase() !== "lua") return fail(functionEngineNotFound(meta.engine));
  if (!validName(meta.name)) return fail(FE.BAD_NAME);
  const st = functionsState(server);
  const old = st.libraries.get(meta.name);
  if (old && !replace) return fail(functionLibraryExists(meta.name));
  const problem = vm.compile(meta.body);
  if (problem !== null) return fail(functionCompileError(problem.replace(/^user_script:/, "user_function:")));
  const registered = register(server, vm, meta.body);
  if ("error" in registered) return registered;
  if (registered.length === 0) return fail(FE.NO_FUNCTIONS);
  const lib: Library = { name: meta.name, code, body: meta.body, functions: new Map() };
  for (const f of registered) {
    const other = st.functions.get(f.name.toLowerCase());
    if (other && other.library !== old) return fail(functionExists(f.name));
    lib.functions.set(f.name.toLowerCase(), { ...f, library: lib });
  }
  if (old) st.remove(old);
  st.add(lib);
  return { name: meta.name };
}

/** Runs the library to collect its registrations (its redis.log lines are written now). */
function register(server: Server, vm: LuaVm, body: string): Omit<LuaFunction, "library">[] | { error: Reply } {
  const bridge: ScriptBridge = {
    resp: 2,
    // The load-time redis table has no call/pcall: the wrapper refuses before coming here.
    call: () => err(CE.UNKNOWN),
    log: (level, message) => server.log((["debug", "verbose", "notice", "warning"] as const)[level] ?? "notice", message),
  };
  const out = vm.run({ body: loadWrapper(body), sha: "", keys: [], argv: [], fuel: LOAD_TIMEOUT_MS * vm.fuelPerMs }, bridge);
  const registering = (text: string) => fail(functionRegistering(text));
  if (out.t === "error") {
    const at = (m: string) => m.replace(/^user_script:/, "user_function:");
    switch (out.kind) {
      case "fuel":
      case "killed":
        return registering(FE.TIMEOUT);
      case "global-read":
        return registering(`ERR user_function:${out.line}: Script attempted to access nonexistent global variable '${out.name}'`);
      case "crash":
        return fail(functionVmFailed(out.message));
      case "arg-type":
        return registering(CE.ARG_TYPE);
      case "redis-error":
        return registering(out.message);
      case "runtime": {
        const m = out.code && out.code !== "ERR" ? `${out.code} ${out.message}` : out.message;
        if (m.startsWith(REGISTER_ERROR)) return registering(`ERR ${m.slice(1)}`);
        const missing = new RegExp(`^(?:user_script:(\\d+): )?${MISSING_FIELD}(.*)$`, "s").exec(m);
        if (missing) {
          // A tail call (`return type(x)`) leaves Lua no line to name: take the name's first use.
          const line = missing[1] ?? firstUseLine(body, missing[2]);
          return registering(`ERR user_function:${line}: Script attempted to access nonexistent global variable '${missing[2]}'`);
        }
        return registering(`ERR ${at(m)}`);
      }
    }
  }
  const reply = out.reply;
  if (reply.t !== "array") return [];
  return reply.v.map((entry) => {
    const [name, desc, flags] = entry.t === "array" ? entry.v : [];
    return {
      name: name?.t === "bulk" ? name.v : "",
      description: desc?.t === "bulk" ? desc.v : null,
      flags: flags?.t === "array" ? flags.v.map((f) => (f.t === "bulk" ? f.v : "")) : [],
    };
  });
}

/** FCALL / FCALL_RO name numkeys key... arg... */
export function fcallCommand(c: Client, argv: string[], readOnly: boolean): Reply {
  const server = c.server;
  const fn = functionsState(server).functions.get(argv[1].toLowerCase());
  if (!fn) return E.FUNCTION_NOT_FOUND;
  // processCommand's OOM check with the function's flags (fcallGetCommandFlags).
  const allowOom = fn.flags.includes("allow-oom");
  if (!allowOom && !fn.flags.includes("no-writes") && overMaxmemory(server)) return E.OOM;
  const numkeys = parseInt64(argv[2]);
  if (numkeys === null) return E.FUNCTION_BAD_NUMKEYS;
  if (numkeys > argv.length - 3) return E.NUMKEYS_TOO_BIG;
  if (numkeys < 0) return E.NUMKEYS_NEGATIVE;
  const vm = server.luaVm;
  if (!vm) return E.NO_LUA_VM;
  const noWrites = fn.flags.includes("no-writes");
  // scriptPrepareForRun: a function is never in compat mode.
  if (readOnly && !noWrites) return E.SCRIPT_RO_WITH_WRITE_FLAG;
  const n = Number(numkeys);
  const target = { code: callWrapper(fn.library.body, fn.name), name: fn.name, chunk: "user_function", allowOom };
  return runLua(c, vm, target, argv.slice(3, 3 + n), argv.slice(3 + n), readOnly || noWrites, argv);
}

/** FUNCTION LIST [LIBRARYNAME pattern] [WITHCODE]. */
export function functionList(c: Client, argv: string[]): Reply {
  let pattern: string | null = null;
  let withCode = false;
  for (let i = 2; i < argv.length; i++) {
    const a = argv[i].toLowerCase();
    if (a === "withcode" && !withCode) {
      withCode = true;
    } else if (a === "libraryname" && pattern === null) {
      if (i + 1 >= argv.length) return E.FUNCTION_LIST_NO_NAME;
      pattern = argv[++i];
    } else {
      return functionListArgument(argv[i]);
    }
  }
  const out: Reply[] = [];
  for (const lib of functionsState(c.server).libraries.values()) {
    if (pattern !== null && !globMatch(pattern, lib.name, true)) continue;
    const fns = [...lib.functions.values()].map((f) =>
      map([bulk("name"), bulk(f.name), bulk("description"), f.description === null ? NULL : bulk(f.description), bulk("flags"), set(f.flags.map(simple))]),
    );
    const fields: Reply[] = [bulk("library_name"), bulk(lib.name), bulk("engine"), bulk("LUA"), bulk("functions"), arr(fns)];
    if (withCode) fields.push(bulk("library_code"), bulk(lib.code));
    out.push(map(fields));
  }
  return arr(out);
}

/** FUNCTION STATS: the function running in the Lua worker, if any (an EVAL's: BUSY). */
export function functionStats(c: Client): Reply {
  const st = functionsState(c.server);
  const running = runningScriptInfo(c.server);
  if (running && "t" in running) return running;
  return map([
    bulk("running_script"),
    running
      ? map([bulk("name"), bulk(running.name), bulk("command"), arr(running.argv.map(bulk)), bulk("duration_ms"), int(running.ms)])
      : NULL,
    bulk("engines"),
    map([bulk("LUA"), map([bulk("libraries_count"), int(st.libraries.size), bulk("functions_count"), int(st.functions.size)])]),
  ]);
}

export function functionDelete(c: Client, name: string): Reply {
  const st = functionsState(c.server);
  const lib = st.libraries.get(name);
  if (!lib) return E.FUNCTION_LIBRARY_NOT_FOUND;
  st.remove(lib);
  return OK;
}

export function functionFlush(c: Client, argv: string[]): Reply {
  if (argv.length > 3 || (argv.length === 3 && !["sync", "async"].includes(argv[2].toLowerCase()))) {
    return E.FUNCTION_FLUSH_MODE;
  }
  const st = functionsState(c.server);
  for (const lib of [...st.libraries.values()]) st.remove(lib);
  return OK;
}

/** FUNCTION DUMP: Redis 7.0's payload (function-dump.ts), libraries in load order. */
export function functionDump(c: Client): Reply {
  const codes = [...functionsState(c.server).libraries.values()].map((lib) => lib.code);
  return bulk(encodeFunctionPayload(codes, c.server.config.get("rdbcompression") === "yes"));
}

/**
 * FUNCTION RESTORE payload [FLUSH|APPEND|REPLACE]: all libraries or none. As Redis does it,
 * the payload's libraries are first loaded on their own (compile and registration errors,
 * duplicates within the payload), then joined with the current ones by the policy.
 */
export function functionRestore(c: Client, argv: string[]): Reply {
  let policy = "append";
  if (argv.length > 4) return E.subcommandSyntax(argv[1], argv[0]);
  if (argv.length === 4) {
    policy = argv[3].toLowerCase();
    if (!["flush", "append", "replace"].includes(policy)) return E.FUNCTION_RESTORE_POLICY;
  }
  if (!verifyPayload(argv[2])) return E.FUNCTION_RESTORE_PAYLOAD;
  const decoded = decodeFunctionPayload(argv[2]);
  const vm = c.server.luaVm;
  if (!vm) return E.NO_LUA_VM;
  const st = functionsState(c.server);
  const before = [...st.libraries.values()];
  const putBack = (): void => {
    for (const lib of [...st.libraries.values()]) st.remove(lib);
    for (const lib of before) st.add(lib);
  };
  // Load into an empty set of libraries, standing in for Redis' fresh library context.
  for (const lib of before) st.remove(lib);
  for (const code of decoded.codes) {
    const r = loadLibrary(c.server, vm, code, false);
    if ("error" in r) {
      putBack();
      return r.error;
    }
  }
  if (decoded.error !== undefined) {
    putBack();
    return err(`ERR ${decoded.error}`);
  }
  if (policy === "flush") return OK;
  const added = [...st.libraries.values()];
  putBack();
  // libraryJoin: a library of the same name is an error for APPEND, replaced for REPLACE;
  // then no function may clash with one a remaining library has.
  for (const lib of added) {
    const old = st.libraries.get(lib.name);
    if (!old) continue;
    if (policy === "append") {
      putBack();
      return err(`ERR ${functionRestoreLibraryExists(lib.name)}`);
    }
    st.remove(old);
  }
  for (const lib of added) {
    for (const [key, f] of lib.functions) {
      if (st.functions.has(key)) {
        putBack();
        return err(`ERR ${functionExists(f.name)}`);
      }
    }
  }
  for (const lib of added) st.add(lib);
  return OK;
}
