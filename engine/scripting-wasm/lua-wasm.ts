/**
 * The LuaVm over lua-redis-wasm: Redis' own Lua 5.1 (with cjson, cmsgpack, struct and bit)
 * compiled to WebAssembly. This is the one engine corner that imports the package; the pure
 * engine sees only engine/scripting/vm.ts.
 *
 * Loading is async (glue import, wasm compile), running is sync. The wasm bytes are fetched
 * once and kept, so a fresh VM costs a few ms: after a VM dies (an allocation bomb makes the
 * wasm abort with OOM; it cannot grow past its fixed memory) a new one is made in the
 * background, and scripts get a "restarting" error for those few ms. No spare is kept ready:
 * each Lua state reserves 64 MiB of wasm memory, too much to hold twice in a tab.
 *
 * Conversions happen here, directly between typed Replies and the package's reply values:
 * redis.call's Reply is shaped for the script's protocol (RESP2 flattens maps, turns doubles
 * into bulk strings, booleans into 1/0, as a RESP2 fake client would receive them), and the
 * script's return value becomes a typed Reply.
 */
import "./buffer-bigint";
import { LuaWasmEngine, load, type LuaEngine, type ReplyValue, type RedisHost } from "lua-redis-wasm";
import type { LuaVm, ScriptBridge, ScriptOutcome, ScriptRun } from "../scripting/vm";
import { arr, bool, bulk, double, err, int, map, NULL, set, simple, type Reply } from "../reply";
import { formatDouble17g } from "../util/format";

/** Measured: `while true do end` burns ~300k instructions per ms in Node; browsers are slower. */
const FUEL_PER_MS = 200_000;

/** The package's engine keeps its wasm exports on a field; we set the fuel per run through it. */
interface EngineInternals {
  exports: { _set_limits?: (fuel: number, reply: number, arg: number) => void };
}

const INT64_MAX = (1n << 63n) - 1n;

const B = (s: string): Buffer => Buffer.from(s, "latin1");
const S = (b: Buffer | Uint8Array): string => Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString("latin1");

/** redis.* members the package leaves to its host, as Redis 7.0.15 has them. */
const REDIS_PROPS = {
  REDIS_VERSION: { value: "7.0.15" },
  REDIS_VERSION_NUM: { value: 0x07000f },
  REPL_NONE: { value: 0 },
  REPL_AOF: { value: 1 },
  REPL_SLAVE: { value: 2 },
  REPL_REPLICA: { value: 2 },
  REPL_ALL: { value: 3 },
  // Scripts replicate their effects in 7.0: these only exist for old scripts.
  replicate_commands: { returns: true },
  set_repl: { returns: null },
  // The script debugger (LDB) is not modelled: outside a debugging session Redis' own
  // redis.breakpoint() and redis.debug() do nothing as well.
  breakpoint: { returns: false },
  debug: { returns: null },
} as const;

/**
 * A RESP3 null inside an aggregate is a nil in Lua (a hole in the table), which the VM's codec
 * cannot express (its nested null is false). Such nulls travel as HOLE, and the whole reply
 * gets MARK as its last element; PRELUDE_CALL's wrapper turns them back into holes.
 */
const HOLE = B("\0\x01h");
const MARK = B("\0\x01H");
let holes = 0;

/** Reply → the value redis.call hands Lua: replyToLua, with RESP3's nested nulls marked. */
export function callReplyToLua(r: Reply, resp: 2 | 3): ReplyValue {
  holes = 0;
  const v = replyToLua(r, resp);
  if (holes > 0 && Array.isArray(v)) v.push(MARK);
  return v;
}

/** Reply → the value redis.call hands Lua, shaped as a client of protocol `resp` gets it. */
export function replyToLua(r: Reply, resp: 2 | 3, nested = false): ReplyValue {
  if (nested && resp === 3 && (r.t === "null" || r.t === "nullarray")) {
    holes++;
    return HOLE;
  }
  switch (r.t) {
    case "simple":
      return { ok: B(r.v) };
    case "error":
      // No `code`: the package then passes the text through whole ("ERR ...").
      return { err: B(r.v) };
    case "int":
      return r.v;
    case "bulk":
      return B(r.v);
    case "null":
    case "nullarray":
      return null;
    case "array":
    case "push":
      return r.v.map((x) => replyToLua(x, resp, true));
    case "map":
      if (resp === 2) return r.v.map((x) => replyToLua(x, resp, true));
      {
        const pairs: [ReplyValue, ReplyValue][] = [];
        for (let i = 0; i + 1 < r.v.length; i += 2) pairs.push([replyToLua(r.v[i], resp, true), replyToLua(r.v[i + 1], resp, true)]);
        return { map: pairs };
      }
    case "set":
      return resp === 2 ? r.v.map((x) => replyToLua(x, resp, true)) : { set: r.v.map((x) => replyToLua(x, resp, true)) };
    case "double":
      return resp === 2 ? B(r.text ?? formatDouble17g(r.v)) : { double: r.v };
    case "bool":
      return resp === 2 ? (r.v ? 1 : 0) : r.v;
    case "verbatim":
      return resp === 2 ? B(r.v) : { verbatim_string: { format: B(r.format), string: B(r.v) } };
    case "bignum":
      return resp === 2 ? B(r.v) : { big_number: B(r.v) };
  }
}

/** The script's return value (already converted by Redis' Lua→reply rules) as a typed Reply. */
export function luaToReply(v: ReplyValue): Reply {
  if (v === null || v === undefined) return NULL;
  // Values RETURN_FIX marked (see there) become the replies Redis makes of them.
  if (v instanceof Uint8Array && v[0] === 0 && v[1] === 1) {
    const text = S(v).slice(3);
    switch (String.fromCharCode(v[2])) {
      case "D":
        return double(parseDoubleText(text));
      case "B":
        return { t: "bignum", v: text };
      case "N":
        return NULL;
    }
  }
  if (Array.isArray(v) && v.length > 0 && v[0] instanceof Uint8Array && v[0].length === 3 && v[0][0] === 0 && v[0][1] === 1) {
    const kind = String.fromCharCode(v[0][2]);
    if (kind === "M") return map(v.slice(1).map(luaToReply));
    if (kind === "S") return set(v.slice(1).map(luaToReply));
  }
  // A Lua number past the int64 range: Redis' (long long) cast gives INT64_MIN on x86-64 where
  // the VM saturates; no double converts to exactly INT64_MAX, so that value only means this.
  if (v === INT64_MAX) return int(-INT64_MAX - 1n);
  if (typeof v === "number" || typeof v === "bigint") return int(v);
  if (typeof v === "boolean") return bool(v);
  if (Array.isArray(v)) return arr(v.map(luaToReply));
  if (v instanceof Uint8Array) return bulk(S(v));
  if ("ok" in v) return simple(S(v.ok));
  if ("err" in v) return err(v.code ? `${S(v.code)} ${S(v.err)}` : S(v.err));
  if ("double" in v) return double(v.double);
  if ("map" in v) return map(v.map.flatMap(([k, x]) => [luaToReply(k), luaToReply(x)]));
  if ("set" in v) return set(v.set.map(luaToReply));
  if ("big_number" in v) return { t: "bignum", v: S(v.big_number) };
  if ("verbatim_string" in v) return { t: "verbatim", format: S(v.verbatim_string.format), v: S(v.verbatim_string.string) };
  return NULL;
}

/** "%.17g" text back to the double (C's inf/nan spellings included). */
function parseDoubleText(text: string): number {
  if (/^-?nan$/i.test(text)) return NaN;
  if (/^inf$/i.test(text)) return Infinity;
  if (/^-inf$/i.test(text)) return -Infinity;
  return Number(text);
}

/**
 * Around the whole body (prefix on line 1, suffix after the last line): the value the script
 * returns goes through __ret before the VM converts it. The VM reads {double=}, {map=},
 * {set=} and {big_number=} only after redis.setresp(3) and fails on a function or userdata
 * (cjson.null) in a table; Redis converts these whatever the protocol, and a value it cannot
 * convert is a null. __ret marks them ("\0\1" + a letter) for luaToReply, walking arrays up to
 * their first nil as Redis does. The body runs as a function without varargs, as Redis'
 * f_<sha> does.
 */
const RETURN_FIX_HEAD = [
  "local __ret = (function() local fmt = string.format local function fix(v) local t = type(v)",
  "if t == 'function' or t == 'userdata' or t == 'thread' then return '\\0\\1N' end if t ~= 'table' then return v end",
  "if type(rawget(v, 'err')) == 'string' or type(rawget(v, 'ok')) == 'string' then return v end",
  "local d = rawget(v, 'double') if type(d) == 'number' then return '\\0\\1D' .. fmt('%.17g', d) end",
  "local b = rawget(v, 'big_number') if type(b) == 'string' then return '\\0\\1B' .. b end",
  "local m = rawget(v, 'map') if type(m) == 'table' then local o = {'\\0\\1M'} for k, x in pairs(m) do o[#o + 1] = fix(k) o[#o + 1] = fix(x) end return o end",
  "local s = rawget(v, 'set') if type(s) == 'table' then local o = {'\\0\\1S'} for k in pairs(s) do o[#o + 1] = fix(k) end return o end",
  "local o, i = {}, 1 while v[i] ~= nil do o[i] = fix(v[i]) i = i + 1 end return o end return fix end)()",
  "return __ret((function()",
].join(" ");
const RETURN_FIX_TAIL = "\nend)())";

/** Whether a body may return what RETURN_FIX handles. */
const needsReturnFix = (body: string): boolean => /\b(double|map|set|big_number)\s*=|cjson|cmsgpack|function|load|coroutine/.test(body);

/**
 * Put on the script's first line (no line feed, so line numbers stay the user's): a local
 * `redis` that behaves as Redis 7.0's where the VM's differs. error_reply builds the error
 * table as luaPushErrorBuff does; log and set_repl check their arguments with Redis' texts;
 * writing to it fails as writing to the real (read-only) table does. Errors are raised at
 * level 2, so they name the script's line, and lua-wasm maps their text (LIB_ERRORS).
 */
const PRELUDE_REDIS = [
  "local redis = (function(r) local t = {} for k, v in pairs(r) do t[k] = v end",
  "local bad = {err = 'ERR wrong number or type of arguments'}",
  "t.error_reply = function(e) if type(e) ~= 'string' then return bad end",
  "if e:sub(1, 1) ~= '-' then e = '-' .. e end",
  "local m = e:find(' ', 1, true) and e:sub(2) or ('ERR ' .. e:sub(2))",
  "m = m:gsub('[\\r\\n]+$', '') return {err = m} end",
  "t.status_reply = function(s) if type(s) ~= 'string' then return bad end return r.status_reply(s) end",
  "t.log = function(l, ...) if select('#', ...) < 1 then error('ERR redis.log() requires two arguments or more.', 2) end",
  "if tonumber(l) == nil then error('ERR First argument must be a number (log level).', 2) end",
  "l = tonumber(l) if l < 0 or l > 3 then error('ERR Invalid debug level.', 2) end return r.log(l, ...) end",
  "t.set_repl = function(...) if select('#', ...) ~= 1 then error('ERR redis.set_repl() requires two arguments.', 2) end",
  "local f = tonumber((...)) or 0 if f < 0 or f > 3 then",
  "error('ERR Invalid replication flags. Use REPL_AOF, REPL_REPLICA, REPL_ALL or REPL_NONE.', 2) end end",
  "return setmetatable(t, {__newindex = function() error('Attempt to modify a readonly table', 2) end}) end)(redis);",
].join(" ");

const PRELUDE_MATH = [
  // math.random/randomseed as Redis 7.0's: one rand48 sequence per instance, kept by the engine
  // (the bridge answers the two internal calls), so scripts draw the numbers Redis draws.
  "local math = (function(m) local t = {} for k, v in pairs(m) do t[k] = v end local call = redis.call",
  "local function ci(v, i, f) local x = tonumber(v) if x == nil then",
  "error('\\2bad argument #' .. i .. ' to \\'' .. f .. '\\' (number expected, got ' .. (v == nil and 'no value' or type(v)) .. ')', 3) end",
  "if x >= 0 then return m.floor(x) end return m.ceil(x) end",
  "t.random = function(...) local n = select('#', ...) local r = (call('\\0rand48') % 2147483647) / 2147483647",
  "if n == 0 then return r end if n == 1 then local u = ci((...), 1, 'random') if u < 1 then",
  "error('\\2bad argument #1 to \\'random\\' (interval is empty)', 2) end return m.floor(r * u) + 1 end",
  "if n == 2 then local l, u = ... l = ci(l, 1, 'random') u = ci(u, 2, 'random') if l > u then",
  "error('\\2bad argument #2 to \\'random\\' (interval is empty)', 2) end return m.floor(r * (u - l + 1)) + l end",
  "error('\\2wrong number of arguments', 2) end",
  "t.randomseed = function(s) call('\\0srand48', ci(s, 1, 'randomseed')) end return t end)(math);",
].join(" ");

const PRELUDE_ERROR = [
  // The VM loses the text of an error table a script raises: hand it over as a marked string
  // (positioned at the caller, level 2), which run() turns back into the table's text.
  "local error = function(e, l) local raise = _G.error if type(e) == 'table' and e.err ~= nil then",
  "raise('\\1' .. tostring(e.err), 2) end if l == 0 then raise(e, 0) end raise(e, (l or 1) + 1) end; ",
].join(" ");

/**
 * redis.call and redis.pcall as Redis 7.0 hands them their arguments and results: a number
 * argument becomes text with "%.17g" (the VM would use Lua's "%.14g", turning a microsecond
 * timestamp into "1.732e+15"), and under redis.setresp(3) a null reply is nil, not false.
 *
 * The wrappers are C functions (coroutine.wrap), not Lua ones, so that an error they raise is
 * still located at the script's line: a Lua wrapper would be the innermost frame, and
 * `return redis.call(...)` would report line 1. An error kills the coroutine; __callstate.fix()
 * (called by the pcall family below) makes fresh ones when a script caught it.
 */
const PRELUDE_CALL = [
  "local redis, __callstate = (function(r) local t = {} for k, v in pairs(r) do t[k] = v end",
  "local rc, rp, fmt, st = r.call, r.pcall, string.format, {}",
  "local function pack(...) return {n = select('#', ...), ...} end",
  "local function holes(t) for k, x in pairs(t) do if x == '\\0\\1h' then t[k] = nil elseif type(x) == 'table' then holes(x) end end end",
  "local function mk(f) return coroutine.wrap(function(...) local a = pack(...) while true do",
  "for i = 1, a.n do if type(a[i]) == 'number' then a[i] = fmt('%.17g', a[i]) end end",
  "st.busy = true local ok, v = pcall(f, unpack(a, 1, a.n)) if not ok then st.err = v error(v, 0) end st.busy = false",
  // RESP3 nulls inside the reply (see HOLE): back to holes in the table.
  "if type(v) == 'table' and v[#v] == '\\0\\1H' then v[#v] = nil holes(v) end",
  "if v == false and rc('\\0wasnull') == 1 then v = nil end a = pack(coroutine.yield(v)) end end) end",
  "t.call, t.pcall = mk(rc), mk(rp)",
  "st.fix = function() if st.busy then st.busy = false t.call, t.pcall = mk(rc), mk(rp) end end",
  `return setmetatable(t, {__newindex = function() error('Attempt to modify a readonly table', 2) end}), st end)(redis);`,
].join(" ");

/**
 * The VM's instruction budget raises an ordinary Lua error, which pcall, xpcall and coroutines
 * could catch, letting a loop around them run for ever. These pass that one error on.
 */
const PRELUDE_PCALL = [
  "local pcall, xpcall, coroutine = (function(p, xp, co) local FUEL = 'Script killed by fuel limit'",
  "local function chk(ok, ...) if ok then return ok, ... end local e = ...",
  "if type(e) == 'string' and (e == FUEL or e:sub(-#FUEL - 2) == ': ' .. FUEL) then error(FUEL, 0) end",
  // A redis.call error caught here: as Redis hands it over, without the wrapper's position.
  "__callstate.fix() local c = __callstate.err",
  "if type(e) == 'string' and c and e ~= c and e:sub(-#c) == c and e:sub(1, #e - #c):match('^user_script:%d+: $') then e = c end",
  // An error table raised through PRELUDE_ERROR's error: Redis 7.0 hands pcall its text.
  "if type(e) == 'string' then local t = e:match('^user_script:%d+: \\1(.*)$') or e:match('^\\1(.*)$') if t then e = t end end",
  "return ok, e end",
  "local c = {} for k, v in pairs(co) do c[k] = v end",
  "c.resume = function(...) return chk(co.resume(...)) end",
  "c.wrap = function(f) local t = co.create(f) return function(...) local r = {chk(co.resume(t, ...))}",
  "if not r[1] then error(r[2], 0) end return unpack(r, 2, table.maxn(r)) end end",
  "return function(...) return chk(p(...)) end,",
  "function(f, h) return chk(xp(f, function(e) if e == FUEL then return FUEL end return h(e) end)) end, c",
  "end)(pcall, xpcall, coroutine);",
].join(" ");

/**
 * The prelude parts a body needs: each one costs compile time on every run (the whole prelude
 * would triple the cost of a small EVALSHA), and a part only matters when the body names what
 * it replaces.
 */
export function preludeFor(body: string): string {
  let p = "";
  if (/\bredis\b/.test(body) && /error_reply|status_reply|log|set_repl|\bredis\s*(\.\s*\w+|\[[^\]]*\])\s*=[^=]/.test(body)) p += PRELUDE_REDIS + " ";
  // The math part keeps the VM's own redis.call (for its internal draws): it comes first.
  if (body.includes("random")) p += PRELUDE_MATH + " ";
  const protect = body.includes("pcall") || body.includes("coroutine");
  if (protect || body.includes("call")) p += PRELUDE_CALL + " ";
  if (body.includes("error")) p += PRELUDE_ERROR + " ";
  if (protect) p += PRELUDE_PCALL + " ";
  return p;
}

/**
 * Errors the redis.* library raises, which the VM words its own way (or raises as a plain
 * Lua error, with a position prefix): Redis' texts for them. Null for any other error.
 */
function redisLibError(message: string, code: string | undefined): string | null {
  // An error table the script raised (see PRELUDE's error): its text, as is.
  const table = /^(?:user_script:\d+: )?\x01(.*)$/s.exec(message);
  if (table) return table[1];
  // Raised from a tail call (`return redis.log(99, 'x')`) the text has no position and the VM
  // split its code off.
  if (code === "ERR" && LIB_ERRORS.has(`ERR ${message}`)) return `ERR ${message}`;
  const m = /^user_script:\d+: (.*)$/s.exec(message);
  const inner = m ? m[1] : message;
  if (inner.startsWith("bad argument #1 to 'setresp'")) return "ERR redis.setresp() requires one argument.";
  if (inner.startsWith("bad argument #1 to 'sha1hex'")) return "ERR wrong number of arguments";
  if (inner === "ERR redis.log requires level and message") return "ERR redis.log() requires two arguments or more.";
  // Raised by the library as a Redis error (Redis raises these as error tables: no prefix).
  if (m && LIB_ERRORS.has(inner)) return inner;
  // The VM loses the text of an error table a script raises (error({err=...}), error(nil)).
  if (message === "script execution failed\0" || message === "script execution failed") {
    return "ERR the script raised an error value whose text this playground's Lua VM cannot show (error tables, error(nil))";
  }
  return null;
}

/** Texts of Redis' Lua library errors the VM raises with the same words. */
const LIB_ERRORS = new Set([
  "ERR RESP version must be 2 or 3.",
  "ERR redis.log() requires two arguments or more.",
  "ERR First argument must be a number (log level).",
  "ERR Invalid debug level.",
  "ERR redis.set_repl() requires two arguments.",
  "ERR Invalid replication flags. Use REPL_AOF, REPL_REPLICA, REPL_ALL or REPL_NONE.",
]);

function isUnsupportedReturn(v: ReplyValue): boolean {
  if (!v || typeof v !== "object" || Array.isArray(v) || v instanceof Uint8Array || !("err" in v)) return false;
  return S(v.err).startsWith("unsupported Lua return type");
}

/** One wasm Lua state with its host callbacks bound to whichever bridge runs now. */
class Instance {
  bridge: ScriptBridge | null = null;
  private fuel = -1;
  dead = false;
  private constructor(readonly engine: LuaEngine) {}

  static async create(bytes: Uint8Array | undefined): Promise<Instance> {
    const module = await load({ wasmBytes: bytes, profile: "redis-7.0", redisProps: REDIS_PROPS });
    // The host closes over `inst`, set right after create(): callbacks only fire inside eval.
    let inst: Instance | null = null;
    const host: RedisHost = {
      redisCall: (args) => inst!.call(args, true),
      redisPcall: (args) => inst!.call(args, false),
      log: (level, message) => inst!.bridge?.log(level, S(message)),
      onSetResp: (version) => {
        if (inst?.bridge) inst.bridge.resp = version;
      },
    };
    inst = new Instance(module.create(host));
    return inst;
  }

  private call(args: Buffer[], raise: boolean): ReplyValue {
    const bridge = this.bridge;
    if (!bridge) return { err: B("ERR no script is running") };
    return callReplyToLua(bridge.call(args.map(S), raise), bridge.resp);
  }

  setFuel(fuel: number): void {
    if (fuel === this.fuel) return;
    (this.engine as unknown as EngineInternals).exports._set_limits?.(fuel, 0, 0);
    this.fuel = fuel;
  }
}

export class WasmLuaVm implements LuaVm {
  readonly fuelPerMs = FUEL_PER_MS;
  private spare: Instance | null = null;
  private refilling: Promise<void> | null = null;

  private constructor(
    private readonly bytes: Uint8Array | undefined,
    private current: Instance,
  ) {
  }

  /** Loads a VM from the wasm bytes (undefined: the package reads its own file). */
  static async create(bytes: Uint8Array | undefined): Promise<WasmLuaVm> {
    return new WasmLuaVm(bytes, await Instance.create(bytes));
  }

  /** Resolves once a replacement VM is ready (tests that crash the VM on purpose wait for it). */
  async ready(): Promise<void> {
    while (this.refilling) await this.refilling;
  }

  private refill(): void {
    if (this.spare || this.refilling) return;
    this.refilling = Instance.create(this.bytes)
      .then((i) => {
        this.spare = i;
      })
      .catch(() => {})
      .finally(() => {
        this.refilling = null;
      });
  }

  compile(body: string): string | null {
    const inst = this.usable();
    if (!inst) return null;
    inst.setFuel(0);
    try {
      // loadstring compiles without running; "@user_script" names the chunk as Redis does.
      const v = inst.engine.evalWithArgs(
        "local f, e = loadstring(ARGV[1], '@user_script') if f then return 0 end return e",
        [],
        [B(body)],
      );
      return v instanceof Uint8Array ? S(v) : null;
    } catch {
      this.retire(inst);
      return null;
    }
  }

  run(script: ScriptRun, bridge: ScriptBridge): ScriptOutcome {
    const inst = this.usable();
    if (!inst) return { t: "error", kind: "crash", message: "the Lua VM is restarting after a failure, try again in a moment", line: 1 };
    inst.setFuel(Math.max(1, Math.floor(script.fuel)));
    inst.bridge = bridge;
    let v: ReplyValue;
    try {
      const fix = needsReturnFix(script.body);
      const code = preludeFor(script.body) + (fix ? `${RETURN_FIX_HEAD} ${script.body}${RETURN_FIX_TAIL}` : script.body);
      v = inst.engine.evalWithArgs(B(code), script.keys.map(B), script.argv.map(B));
    } catch (e) {
      // The wasm aborted (out of memory): this Lua state is gone; a new one is on its way.
      this.retire(inst);
      const text = e instanceof Error ? e.message : String(e);
      return { t: "error", kind: "crash", message: /Aborted\(OOM\)/.test(text) ? "out of memory" : text, line: 1 };
    } finally {
      inst.bridge = null;
    }
    if (v && typeof v === "object" && !Array.isArray(v) && !(v instanceof Uint8Array) && "err" in v && v.meta) {
      const meta = { ...v.meta };
      const message = S(v.err);
      const code = v.code ? S(v.code) : undefined;
      // A Lua error names the line it was raised for ("user_script:N: ..."): Redis reports that one.
      const at = /^user_script:(\d+): /.exec(message);
      if (at) meta.line = Number(at[1]);
      // The prelude's own argument errors (marked \x02): positioned as Lua positions them,
      // even when a tail call lost the position.
      const own = /^(?:user_script:\d+: )?\x02(.*)$/s.exec(message);
      if (own) return { t: "error", kind: "runtime", message: `user_script:${meta.line}: ${own[1]}`, line: meta.line };
      if (meta.kind === "global-read") return { t: "error", kind: "global-read", name: meta.name ?? "", message, line: meta.line };
      if (meta.kind === "command-arg-type") return { t: "error", kind: "arg-type", message, line: meta.line };
      // (Raised inside redis.call's wrapper it carries the script's position.)
      if (/^(?:user_script:\d+: )?Script killed by fuel limit$/.test(message)) return { t: "error", kind: "fuel", message, line: meta.line };
      const worded = redisLibError(message, code);
      if (worded) return { t: "error", kind: "redis-error", message: worded, line: meta.line };
      return { t: "error", kind: "runtime", message, code, line: meta.line };
    }
    // Redis replies nil for a value it cannot convert (a function, a userdata); the VM errors.
    if (isUnsupportedReturn(v)) return { t: "reply", reply: NULL };
    return { t: "reply", reply: luaToReply(v) };
  }

  private usable(): Instance | null {
    if (!this.current.dead) return this.current;
    if (!this.spare) return null;
    this.current = this.spare;
    this.spare = null;
    this.refill();
    return this.current;
  }

  private retire(inst: Instance): void {
    inst.dead = true;
    if (inst === this.current && this.spare) {
      this.current = this.spare;
      this.spare = null;
    }
    this.refill();
  }
}

let bytesPromise: Promise<Uint8Array | undefined> | null = null;

/**
 * The wasm bytes, fetched once per page and shared by every VM made from them. Under Node the
 * package reads its own file (a local read, no fetch), so there is nothing to share.
 */
export function wasmBytes(): Promise<Uint8Array | undefined> {
  bytesPromise ??= (async () => {
    const path = LuaWasmEngine.defaultWasmPath();
    if (path.startsWith("file:")) return undefined;
    const res = await fetch(path);
    if (!res.ok) throw new Error(`cannot fetch the Lua wasm (${res.status})`);
    return new Uint8Array(await res.arrayBuffer());
  })();
  return bytesPromise;
}

/** Loads a VM (a few ms once the wasm bytes are cached). */
export async function loadLuaVm(): Promise<WasmLuaVm> {
  return WasmLuaVm.create(await wasmBytes());
}
