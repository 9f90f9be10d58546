/**
 * What the Lua editor offers as you type: the redis.* API a script has in Redis 7.0 (call,
 * pcall, log levels, reply helpers), KEYS and ARGV, the bundled libraries, and — inside the
 * first string of redis.call( / redis.pcall( — the command names of the engine's command table.
 * Pure data and a matcher, so it is tested without Monaco.
 */

export interface LuaSuggestion {
  label: string;
  /** Text inserted; `${n:…}` placeholders as Monaco snippets. */
  insert: string;
  detail: string;
  snippet?: boolean;
  kind: "function" | "variable" | "constant" | "module" | "command";
}

export const LUA_API: LuaSuggestion[] = [
  { label: "redis.call", insert: "redis.call('${1:GET}', ${2:KEYS[1]})", detail: "Run a command; an error reply raises a Lua error", snippet: true, kind: "function" },
  { label: "redis.pcall", insert: "redis.pcall('${1:GET}', ${2:KEYS[1]})", detail: "Run a command; an error reply comes back as a table {err=…}", snippet: true, kind: "function" },
  { label: "redis.log", insert: "redis.log(redis.LOG_${1:NOTICE}, ${2:'message'})", detail: "Write to the server log (the log pane shows it)", snippet: true, kind: "function" },
  { label: "redis.error_reply", insert: "redis.error_reply(${1:'ERR message'})", detail: "Make an error reply", snippet: true, kind: "function" },
  { label: "redis.status_reply", insert: "redis.status_reply(${1:'OK'})", detail: "Make a status reply", snippet: true, kind: "function" },
  { label: "redis.sha1hex", insert: "redis.sha1hex(${1:s})", detail: "SHA1 of a string, in hex", snippet: true, kind: "function" },
  { label: "redis.setresp", insert: "redis.setresp(${1:3})", detail: "Protocol of replies to redis.call inside the script", snippet: true, kind: "function" },
  { label: "redis.set_repl", insert: "redis.set_repl(redis.REPL_${1:ALL})", detail: "What the script's effects replicate to", snippet: true, kind: "function" },
  { label: "redis.REDIS_VERSION", insert: "redis.REDIS_VERSION", detail: "The server version, as a string", kind: "constant" },
  { label: "redis.LOG_DEBUG", insert: "redis.LOG_DEBUG", detail: "Log level", kind: "constant" },
  { label: "redis.LOG_VERBOSE", insert: "redis.LOG_VERBOSE", detail: "Log level", kind: "constant" },
  { label: "redis.LOG_NOTICE", insert: "redis.LOG_NOTICE", detail: "Log level", kind: "constant" },
  { label: "redis.LOG_WARNING", insert: "redis.LOG_WARNING", detail: "Log level", kind: "constant" },
  { label: "KEYS", insert: "KEYS[${1:1}]", detail: "The key names passed after numkeys (1-based)", snippet: true, kind: "variable" },
  { label: "ARGV", insert: "ARGV[${1:1}]", detail: "The other arguments (1-based)", snippet: true, kind: "variable" },
  { label: "cjson.encode", insert: "cjson.encode(${1:t})", detail: "A Lua table as JSON", snippet: true, kind: "module" },
  { label: "cjson.decode", insert: "cjson.decode(${1:s})", detail: "JSON as a Lua table", snippet: true, kind: "module" },
  { label: "cmsgpack.pack", insert: "cmsgpack.pack(${1:t})", detail: "A Lua value as MessagePack", snippet: true, kind: "module" },
  { label: "cmsgpack.unpack", insert: "cmsgpack.unpack(${1:s})", detail: "MessagePack as Lua values", snippet: true, kind: "module" },
  { label: "tonumber", insert: "tonumber(${1:ARGV[1]})", detail: "Arguments arrive as strings", snippet: true, kind: "function" },
];

/** True when the cursor is inside the command-name string of redis.call( or redis.pcall(. */
export function inCommandName(lineBeforeCursor: string): string | null {
  const m = /redis\.p?call\(\s*(['"])([A-Za-z_|]*)$/.exec(lineBeforeCursor);
  return m ? m[2] : null;
}

/** Command names for the typed prefix, in the case the learner started with. */
export function commandSuggestions(names: readonly string[], typed: string): LuaSuggestion[] {
  const up = typed.toUpperCase();
  const lower = typed !== "" && typed === typed.toLowerCase();
  return names
    .filter((n) => n.startsWith(up))
    .map((n) => ({ label: lower ? n.toLowerCase() : n, insert: lower ? n.toLowerCase() : n, detail: "Redis command", kind: "command" as const }));
}
