/**
 * The Lua around a function library (Redis Functions, 7.0), as text the VM runs.
 *
 * The VM keeps no Lua state between runs, so a library is not loaded once and kept: its code
 * runs again at each FCALL, inside a wrapper whose redis.register_function picks out the one
 * function asked for and calls it with (keys, args). At FUNCTION LOAD the wrapper instead
 * collects every registration, checking the arguments as Redis' luaRegisterFunction does.
 * Library code is side-effect free at load in Redis (no redis.call), so running it again is
 * not observable; its redis.log lines are only written at load.
 *
 * Everything the wrapper adds sits on the code's first line, which a library's shebang leaves
 * empty, so line numbers in errors stay the library's own.
 */

/** Marks an error register_function raises ("Error registering functions: ERR <text>"). */
export const REGISTER_ERROR = "\x05";
/** Marks a read of a field the load-time redis table does not have (its name follows). */
export const MISSING_FIELD = "\x06";

const READONLY = "__newindex = function() error('Attempt to modify a readonly table', 2) end";

/**
 * The VM's globals other than `redis`. At FUNCTION LOAD 7.0 runs the library with globals
 * holding nothing but the load-time `redis` table, so reading any of these fails there. The
 * VM cannot swap a chunk's globals (lua-redis-wasm has no setfenv and read-only global
 * tables), so the load wrapper shadows each name with a local that raises 7.0's error when
 * it is called, indexed or assigned into (a bare read such as `local t = type` still goes
 * through).
 */
const LOAD_HIDDEN_GLOBALS = [
  "ARGV", "KEYS", "_G", "_VERSION", "assert", "bit", "cjson", "cmsgpack", "collectgarbage", "coroutine", "error",
  "gcinfo", "getmetatable", "ipairs", "load", "loadstring", "math", "next", "pairs", "pcall", "rawequal", "rawget",
  "rawset", "select", "setmetatable", "string", "struct", "table", "tonumber", "tostring", "type", "unpack", "xpcall",
];

/** Redis' function flags, as register_function takes them. */
export const FUNCTION_FLAGS = ["no-writes", "allow-oom", "allow-stale", "no-cluster", "allow-cross-slot-keys"];

/**
 * FUNCTION LOAD: runs the library and returns its registrations as
 * { {name, description or false, {flags...}}, ... }.
 */
export function loadWrapper(code: string): string {
  const flags = FUNCTION_FLAGS.map((f) => `['${f}'] = true`).join(", ");
  const head = [
    "local __reg, __seen, __r = {}, {}, redis",
    `local __flags = {${flags}}`,
    `local function __fail(m) error('${REGISTER_ERROR}' .. m, 0) end`,
    "local function __str(v) local t = type(v) return t == 'string' or t == 'number' end",
    "local function __add(name, desc, fn, fl) if type(fn) ~= 'function' then __fail('redis.register_function must get a callback argument') end",
    "if not __str(name) then __fail('redis.register_function must get a function name argument') end name = tostring(name)",
    "if name == '' or name:find('[^%w_]') then __fail('Library names can only contain letters, numbers, or underscores(_) and must be at least one character long') end",
    "if __seen[name] then __fail('Function already exists in the library') end __seen[name] = true",
    "__reg[#__reg + 1] = {name, desc ~= nil and tostring(desc) or false, fl} end",
    "local __api = {register_function = function(...) local n = select('#', ...) local a, b = ...",
    "if n == 1 then if type(a) ~= 'table' then __fail('calling redis.register_function with a single argument is only applicable to Lua table (representing named arguments).') end",
    "local name, desc, fn, fl = nil, nil, nil, {} for k, v in pairs(a) do",
    "if k == 'function_name' then if not __str(v) then __fail('function_name argument given to redis.register_function must be a string') end name = v",
    "elseif k == 'description' then if not __str(v) then __fail('description argument given to redis.register_function must be a string') end desc = v",
    "elseif k == 'callback' then if type(v) ~= 'function' then __fail('callback argument given to redis.register_function must be a function') end fn = v",
    "elseif k == 'flags' then if type(v) ~= 'table' then __fail('flags argument to redis.register_function must be a table representing function flags') end",
    "for _, f in ipairs(v) do if not __flags[f] then __fail('unknown flag given') end fl[#fl + 1] = f end",
    "else __fail('unknown argument given to redis.register_function') end end",
    "if name == nil then __fail('redis.register_function must get a function name argument') end return __add(name, desc, fn, fl) end",
    "if n ~= 2 then __fail('wrong number of arguments to redis.register_function') end",
    "if not __str(a) then __fail('first argument to redis.register_function must be a string') end",
    "if type(b) ~= 'function' then __fail('second argument to redis.register_function must be a function') end",
    // 7.0's load-time redis table: register_function, log, the LOG_* levels and the version.
    "return __add(a, nil, b, {}) end, log = __r.log,",
    "LOG_DEBUG = __r.LOG_DEBUG, LOG_VERBOSE = __r.LOG_VERBOSE, LOG_NOTICE = __r.LOG_NOTICE, LOG_WARNING = __r.LOG_WARNING,",
    "REDIS_VERSION = __r.REDIS_VERSION, REDIS_VERSION_NUM = __r.REDIS_VERSION_NUM}",
    `local redis = setmetatable({}, {__index = function(_, k) local v = __api[k] if v == nil then error('${MISSING_FIELD}' .. tostring(k), 2) end return v end, ${READONLY}})`,
    `local function __hidden(name) local function f() error('${MISSING_FIELD}' .. name, 2) end return setmetatable({}, {__index = f, __newindex = f, __call = f}) end`,
    `local ${LOAD_HIDDEN_GLOBALS.join(", ")} = ${LOAD_HIDDEN_GLOBALS.map((g) => `__hidden('${g}')`).join(", ")}`,
    "local __lib = function()",
  ].join(" ");
  return `${head}${code}\nend __lib() return __reg`;
}

/** FCALL: runs the library, then the function `name` (case-insensitive) with (keys, args). */
export function callWrapper(code: string, name: string): string {
  const head = [
    "local __fn, __loading, __r = nil, true, redis",
    // Fields are looked up in the outer redis each time: its call/pcall may be renewed.
    "local redis = {log = function(...) if not __loading then return __r.log(...) end end}",
    "redis.register_function = function(a, b) local n, f if type(a) == 'table' then n, f = a.function_name, a.callback else n, f = a, b end",
    `if tostring(n):lower() == '${name.toLowerCase()}' then __fn = f end end`,
    `redis = setmetatable(redis, {__index = __r, ${READONLY}})`,
    // A function's globals have no KEYS and ARGV (they are its arguments). The VM's globals
    // cannot be changed, so these stand-ins raise 7.0's error when indexed (KEYS[1]) or
    // returned; other bare reads (local k = KEYS) go through.
    "local __nokeys = function(name) return setmetatable({}, {__index = function() error(\"Script attempted to access nonexistent global variable '\" .. name .. \"'\", 2) end, " + READONLY + "}) end",
    "local __keys, __args = KEYS, ARGV local KEYS, ARGV = __nokeys('KEYS'), __nokeys('ARGV')",
    "local __lib = function()",
  ].join(" ");
  // Returning the stand-in itself (`return KEYS`) is the one use its metatable cannot catch:
  // the wrapper raises the error then, at the line where the name is first used.
  const missing = (name: string) =>
    `error("user_script:${firstUseLine(code, name)}: Script attempted to access nonexistent global variable '${name}'", 0)`;
  const tail = [
    "end __lib() __loading = false local __res = __fn(__keys, __args)",
    `if rawequal(__res, KEYS) then ${missing("KEYS")} elseif rawequal(__res, ARGV) then ${missing("ARGV")} end return __res`,
  ].join(" ");
  return `${head}${code}\n${tail}`;
}

/** The 1-based line where `name` first appears as a name (not a field) in `body`, else 1. */
export function firstUseLine(body: string, name: string): number {
  const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const use = new RegExp(`(^|[^.:\\w])${escaped}(?!\\w)`);
  const lines = body.split("\n");
  const i = lines.findIndex((l) => use.test(l));
  return i === -1 ? 1 : i + 1;
}


