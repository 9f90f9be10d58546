/**
 * Lua scripting against real redis-server 7.0: EVAL/EVALSHA/_RO, SCRIPT, conversions both
 * ways in RESP2 and RESP3, errors as 7.0 words them, shebang flags, read-only scripts, the
 * Lua libraries, scripts in MULTI, and what other clients see of a script's commands.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { Differential, describeMismatches, type Case } from "../support/differential";
import { exemptions } from "./exemptions";
import { describeStreamMismatches, StreamPair } from "../support/stream-pair";

let d: Differential;
beforeAll(async () => {
  d = await Differential.start();
});
afterAll(async () => d?.stop());
beforeEach(async () => {
  await d.reset();
  await d.both(["SCRIPT", "FLUSH"], "__flush");
  await d.close("__flush");
});

/** EVAL body with keys and args: ev("return KEYS[1]", ["k"], ["a"]). */
const ev = (body: string, keys: string[] = [], args: string[] = []): string[] => ["EVAL", body, String(keys.length), ...keys, ...args];
const A = (...cmd: string[]): Case => ({ cmd, client: "a" });
const B = (...cmd: string[]): Case => ({ cmd, client: "b" });

async function check(cases: (Case | string[])[]): Promise<void> {
  const ms = await d.compare(cases);
  expect(ms, describeMismatches(ms)).toEqual([]);
}

/** Each body run as a script in RESP2, then again in RESP3 on another connection. */
async function both(bodies: string[]): Promise<void> {
  await check(bodies.map((b) => ev(b)));
  await check([{ cmd: ["HELLO", "3"], client: "r3", norm: exemptions.hello }, ...bodies.map((b) => ({ cmd: ev(b), client: "r3" }))]);
}

describe("Lua → Redis conversions", () => {
  it("numbers, strings, booleans, nil, tables", async () => {
    await both([
      "return 1", "return -1", "return 3.99", "return -3.99", "return 0.5", "return 2^53", "return 1e20", "return -1e20",
      "return 'hello'", "return 'a\\0b'", "return ''", "return true", "return false", "return nil",
      "return {1,2,3}", "return {1,2,nil,3}", "return {}", "return {1,{2,{3,'x'}},'y'}", "return {true,false,1}",
      "return {ok='fine'}", "return {err='bad thing'}", "return {err='WRONGTYPE x'}", "return {ok='a', err='b'}",
      "return redis.status_reply('PONG')", "return redis.error_reply('ERR x')",
      "return {1, {ok='s'}, {err='e'}}", "return {a=1}", "return {double=3.5}", "return {double=1/3}", "return {double=1/0}", "return {double=-1/0}",
      "return {map={a=1}}", "return {set={a=true}}", "return {big_number='123456789012345678901234567890'}", "return {1, {double=2.5}, {map={x={1,2}}}}",
      "return {double='x'}", "return {map=1}", "return loadstring", "return {1, loadstring, 2}", "return cjson.decode('[1,2,null,3]')", "return {1, cjson.null}",
      "local t = {} t.double = 1.5 return t", "return {ok='x', double=1}", "return {1, a=2}",
      "return tostring(10/2)", "return tostring(0.1)", "return 10/3", "return {10/3}",
    ]);
  });

  it("RESP3 types under redis.setresp(3)", async () => {
    await both([
      "redis.setresp(3); return {double=3.5}", "redis.setresp(3); return true", "redis.setresp(3); return false",
      "redis.setresp(3); return {map={a=1}}", "redis.setresp(3); return {set={a=true}}", "redis.setresp(3); return {big_number='123456789012345678901234567890'}",
      "redis.setresp(3); return nil", "redis.setresp(3); return {1,nil,2}",
    ]);
  });
});

describe("Redis → Lua conversions through redis.call", () => {
  it("SORT of a set BY nosort inside a script sorts by bytes (CLIENT_SCRIPT), outside it does not", async () => {
    await check([
      ["SADD", "hs", "c", "a", "b", "10", "2"],
      ev("return redis.call('SORT', 'hs', 'BY', 'nosort')"),
      ev("return redis.call('SORT', 'hs', 'BY', 'nosort', 'LIMIT', '1', '2')"),
      ["SADD", "is", "5", "3", "9"],
      ev("return redis.call('SORT_RO', 'is', 'BY', 'nosort')"),
    ]);
  });

  it("RESP2 replies", async () => {
    await check([
      ["SET", "s", "v"], ["RPUSH", "l", "a", "b"], ["HSET", "h", "f", "v"], ["ZADD", "z", "1.5", "m"], ["SADD", "st", "1", "2"],
      ev("return redis.call('GET', 's')"), ev("return redis.call('GET', 'nokey')"), ev("return {redis.call('GET', 'nokey'), 1}"),
      ev("return type(redis.call('GET', 'nokey'))"), ev("return redis.call('SET', 'x', '1')"), ev("return redis.call('SET', 'x', '1').ok"),
      ev("return redis.call('INCR', 'x')"), ev("return redis.call('LRANGE', 'l', 0, -1)"), ev("return redis.call('HGETALL', 'h')"),
      ev("return redis.call('ZSCORE', 'z', 'm')"), ev("return redis.call('ZRANGE', 'z', 0, -1, 'WITHSCORES')"), ev("return redis.call('SMEMBERS', 'st')"),
      ev("return redis.call('PING')"), ev("return redis.call('EXISTS', 's', 'l')"), ev("return redis.call('BLPOP', 'none', 0)"),
      ev("return redis.pcall('INCR', 's')"), ev("local r = redis.pcall('INCR', 's') return r.err"), ev("return type(redis.pcall('INCR', 's'))"),
      ev("return redis.call('LPOS', 'l', 'zz')"), ev("return redis.call('HGET', 'h', 'nof')"), ev("return redis.call('TTL', 's')"),
      ev("return redis.call('SET', KEYS[1], ARGV[1])", ["k1"], ["v1"]), ev("return {KEYS[1], KEYS[2], ARGV[1], ARGV[2], #KEYS, #ARGV}", ["a", "b"], ["c", "d"]),
      ev("return redis.call('set', 'n', 1.5)"), ev("return redis.call('get', 'n')"), ev("return redis.call('set', 'n', 3.0)"), ev("return redis.call('get', 'n')"),
      ev("return redis.call('set', 'n', 1e20)"), ev("return redis.call('get', 'n')"), ev("return redis.call('set', 'n', -0.1)"), ev("return redis.call('get', 'n')"),
      ev("redis.call('set', 'n', 1732000000123456) return redis.call('get', 'n')"), ev("redis.call('zadd', 'zt', 1/3, 1/3) return redis.call('zrange', 'zt', 0, -1, 'withscores')"),
      ev("return redis.call('incrbyfloat', 'f', 0.1)"), ev("return redis.pcall('set', 'n', 2^53)"), ev("return redis.call('get', 'n')"),
      ev("\nlocal x = 1\nreturn redis.call('lpush', 's', 'x')"), ev("\n\nlocal r = redis.call('lpush', 's', 'x')"), ev("\nreturn redis.call({})"),
      ev("local ok, e = pcall(redis.call, 'lpush', 's', 'x') return e"), ev("local ok, e = pcall(function() return redis.call('lpush', 's', 'x') end) return e"),
      ev("local ok, e = pcall(function() redis.call('nosuch') end) return {e, redis.call('get', 'n')}"),
      ev("local t = {} for i = 1, 3 do local ok, e = pcall(redis.call, 'incr', 's') t[i] = e end return t"),
    ]);
  });

  it("RESP3 replies after redis.setresp(3)", async () => {
    const r3 = (body: string): string[] => ev(`redis.setresp(3); ${body}`);
    await check([
      ["HSET", "h", "f", "v", "g", "w"], ["ZADD", "z", "1.5", "m"], ["SADD", "st", "1"], ["SET", "s", "v"],
      r3("return redis.call('HGETALL', 'h')"), r3("local t = redis.call('HGETALL', 'h') return t.map.f"), r3("return redis.call('ZSCORE', 'z', 'm')"),
      r3("return redis.call('ZSCORE', 'z', 'm').double"), r3("return redis.call('SMEMBERS', 'st')"), r3("return redis.call('GET', 'nokey')"),
      r3("return type(redis.call('GET', 'nokey'))"), r3("return type(redis.pcall('GET', 'nokey'))"), r3("return {redis.call('GET', 'nokey'), 1}"), r3("return redis.call('ZRANGE', 'z', 0, -1, 'WITHSCORES')"), r3("return redis.call('EXISTS', 's')"),
      r3("return redis.call('TYPE', 's')"),
    ]);
  });
});

describe("errors as 7.0 words them", () => {
  it("script errors", async () => {
    await check([
      ["SET", "s", "1"],
      ev("return x"), ev("x = 1"), ev("error('boom')"),
      ev("error(12)"), ev("return 1 +"), ev("error({err='boom'})"), ev("error({err='WRONGTYPE boom'})"), ev("error(redis.error_reply('My bad'))"),
      ev("\n\nerror({err='third line'})"), ev("local function f() error('inner') end\nf()"), ev("error('WRONGTYPE str', 0)"), ev("error('lvl0', 0)"), ev("error({err='ERR'})"),
      ev("local ok, e = pcall(error, 'x') return e"), ev("local ok, e = pcall(function() error({err='tbl'}) end) return {type(e), e.err}"),
      ev("local ok, e = pcall(error, {err='direct'}) return e.err"), ev("local ok, e = pcall(function() error(redis.error_reply('via reply')) end) return e"), ev("local ok, e = pcall(function() error('y') end) return e"), ev("return redis.call('lpush', 's', 'x')"),
      ev("return redis.call('nosuch')"), ev("return redis.call()"), ev("return redis.call({})"), ev("return redis.call('get')"),
      ev("return redis.call('set', 'k', 'v', 'bad')"), ev("return redis.call('eval', 'return 1', 0)"), ev("return redis.call('blpop', 'l', 0)"),
      ev("return redis.call('multi')"), ev("return redis.call('script', 'load', 'return 1')"), ev("return redis.call('client', 'nosuch')"),
      ev("return os"), ev("return print"), ev("return setfenv"), ev("return _G.x"), ev("return rawget(_G, 'x')"),
      ev("\nlocal a = 1\nreturn b"), ev("\n\nerror('line three')"), ev("local t = {} t.x.y = 1"),
      ev("return redis.setresp(4)"), ev("return redis.setresp()"), ev("return redis.sha1hex()"), ev("return redis.log()"),
      ["EVAL", "return 1", "-1"], ["EVAL", "return 1", "2", "a"], ["EVAL", "return 1", "x"], ["EVAL", "return 1"],
      ["EVALSHA", "abc", "0"], ["EVALSHA", "0000000000000000000000000000000000000000", "0"],
    ]);
  });

  it("pcall catches errors as tables", async () => {
    await check([
      ["SET", "s", "1"],
      ev("return redis.pcall('lpush', 's', 'x')"), ev("return redis.pcall('nosuch')"), ev("return redis.pcall()"),
      ev("local ok, e = pcall(function() return redis.call('lpush', 's', 'x') end) return {tostring(ok), e.err}"),
      ev("local ok, e = pcall(function() error('x') end) return {tostring(ok), e}"),
      ev("local ok, e = pcall(function() return redis.call('nosuch') end) return e.err"),
      ev("return redis.pcall('get')"), ev("return redis.pcall('blpop', 'x', 0)"),
    ]);
  });
});

describe("redis.* helpers and libraries", () => {
  it("helpers and constants", async () => {
    await both([
      "return redis.sha1hex('')", "return redis.sha1hex('abc')", "return redis.REDIS_VERSION", "return redis.REDIS_VERSION_NUM",
      "return {redis.LOG_DEBUG, redis.LOG_VERBOSE, redis.LOG_NOTICE, redis.LOG_WARNING}",
      "return {redis.REPL_NONE, redis.REPL_AOF, redis.REPL_SLAVE, redis.REPL_REPLICA, redis.REPL_ALL}",
      "return redis.replicate_commands()", "return redis.set_repl(redis.REPL_ALL)", "return redis.log(redis.LOG_WARNING, 'hi')",
      "return type(loadstring)", "return type(load)", "return type(unpack)", "return type(require)", "return type(dofile)", "return type(io)",
      "return loadstring('return 1')()", "return {pcall(error)}", "return select('#', 1, 2, 3)", "return string.format('%5.2f', 3.14159)",
      "return math.floor(3.7)", "return table.concat({'a','b'}, ',')", "return #('abc')", "return string.rep('ab', 3)",
    ]);
  });

  it("error_reply, status_reply, log and set_repl check their arguments as Redis does", async () => {
    await both([
      "return redis.error_reply('My err')", "return redis.error_reply('nospace')", "return redis.error_reply('-X y')", "return redis.error_reply('x\\r\\n')",
      "return redis.error_reply()", "return redis.error_reply(12)", "return redis.status_reply()", "return redis.status_reply(12)", "return redis.status_reply('a b')",
      "local t = redis.error_reply('My e') return t.err", "return redis.error_reply('WRONGTYPE custom')", "return {redis.error_reply('in table')}",
      "return redis.log(1)", "return redis.log('a', 'b')", "return redis.log(99, 'x')", "return redis.log(-1, 'x')", "return redis.log('3', 'x')",
      "return redis.log(3, 'a', 'b', 1)", "\n\nredis.log(99, 'x') return 1", "\nredis.set_repl(7)\nreturn 1", "return redis.set_repl()", "return redis.set_repl(99)", "return redis.set_repl('x')",
      "return redis.set_repl(redis.REPL_NONE)", "redis.x = 1", "\nredis.y = 1", "return type(redis.call)", "return rawget(redis, 'call') ~= nil",
    ]);
  });

  it("cjson, cmsgpack, struct, bit", async () => {
    await both([
      "return cjson.encode({1,2,3})", "return cjson.encode({a=1})", "return cjson.encode(cjson.decode('[1,2,null,3]'))", "return cjson.decode('{\"a\":[1,2]}').a",
      "return cjson.encode(cjson.decode('{\"x\":1.5}'))", "return cjson.encode('a\"b')", "return cjson.decode('\"\\\\u00e9\"')",
      "return cmsgpack.pack({1,'a',true})", "return cmsgpack.unpack(cmsgpack.pack({1,'a',{2,3}}))", "return {cmsgpack.unpack(cmsgpack.pack(1,2,3))}",
      "return struct.pack('>I2', 513)", "return {struct.unpack('>I2', struct.pack('>I2', 513))}", "return struct.pack('<i4d', -2, 1.5)",
      "return bit.band(7, 3)", "return bit.bor(1, 2)", "return bit.bxor(5, 1)", "return bit.lshift(1, 10)", "return bit.tohex(65535)", "return bit.tobit(2^32 + 5)",
      "return cjson.encode(cjson.decode('[1e2]'))",
    ]);
  });
});

describe("SCRIPT and EVALSHA", () => {
  it("load, exists, evalsha, flush", async () => {
    await check([
      ["SCRIPT", "LOAD", "return 1"], ["SCRIPT", "EXISTS", "e0e1f9fabfc9d4800c877a703b823ac0578ff8db", "E0E1F9FABFC9D4800C877A703B823AC0578FF8DB", "nope"],
      ["EVALSHA", "e0e1f9fabfc9d4800c877a703b823ac0578ff8db", "0"], ["EVALSHA", "E0E1F9FABFC9D4800C877A703B823AC0578FF8DB", "0"],
      ["EVALSHA_RO", "e0e1f9fabfc9d4800c877a703b823ac0578ff8db", "0"],
      ev("return 2"), ["SCRIPT", "EXISTS", "7f923f79fe76194c868d7e1d0820de36700eb649"], ["SCRIPT", "FLUSH"],
      ["SCRIPT", "EXISTS", "e0e1f9fabfc9d4800c877a703b823ac0578ff8db"], ["EVALSHA", "e0e1f9fabfc9d4800c877a703b823ac0578ff8db", "0"],
      ["SCRIPT", "FLUSH", "ASYNC"], ["SCRIPT", "FLUSH", "sync"], ["SCRIPT", "FLUSH", "x"], ["SCRIPT", "FLUSH", "async", "sync"],
      ["SCRIPT", "EXISTS"], ["SCRIPT", "KILL"], ["SCRIPT", "KILL", "x"], ["SCRIPT", "HELP"], ["SCRIPT", "DEBUG", "x"], ["SCRIPT", "DEBUG", "no"],
      ["SCRIPT", "LOAD", "return +"], ["SCRIPT", "LOAD", "#!lua flags=x\nreturn 1"], ["SCRIPT", "NOSUCH"], ["SCRIPT"],
      ev("return 1 +"), ["SCRIPT", "EXISTS", "a5260dd66ce02462c5b5231c727b3f7772c0bcc5"],
    ]);
  });
});

describe("shebang flags and read-only scripts", () => {
  it("flags, EVAL_RO, no-writes", async () => {
    await check([
      ev("#!lua\nreturn 1"), ev("#!lua flags=no-writes,allow-oom\nreturn 1"), ev("#!lua flags=\nreturn 1"), ev("#!lua  flags=no-writes   \nreturn 1"),
      ev('#!lua "flags=no-writes"\nreturn 1'), ev('#!lua "fl\nreturn 1'), ev("#!lua flags=bad\nreturn 1"), ev("#!lua name=x\nreturn 1"),
      ev("#!luax\nreturn 1"), ev("#!lua"), ev("#!lua flags=no-writes\nreturn redis.call('set', 'k', 'v')"),
      ev("#!lua flags=no-writes\nreturn redis.call('get', 'k')"), ev("#!lua flags=allow-stale,no-cluster,allow-cross-slot-keys\nreturn 1"),
      ["EVAL_RO", "return redis.call('set', 'k', 'v')", "0"], ["EVAL_RO", "return redis.call('get', 'k')", "0"], ["EVAL_RO", "#!lua\nreturn 1", "0"],
      ["EVAL_RO", "#!lua flags=no-writes\nreturn 1", "0"], ["EVAL_RO", "return redis.pcall('incr', 'k')", "0"],
      ev("#!lua\nreturn x"), ev("#!lua\n\nerror('two')"),
    ]);
  });
});

describe("atomicity, MULTI, other clients", () => {
  it("scripts inside MULTI and WATCH", async () => {
    await check([
      A("MULTI"), A(...ev("return redis.call('incr', 'c')")), A(...ev("return redis.call('incr', 'c')")), A("EXEC"),
      A("WATCH", "w"), B(...ev("return redis.call('set', 'w', '1')")), A("MULTI"), A("GET", "w"), A("EXEC"),
      A("MULTI"), A(...ev("return 1", ["a", "b"].slice(0, 0))), A("EVAL", "return 1", "x"), A("EXEC"),
      A("SELECT", "2"), A(...ev("redis.call('select', '3') return redis.call('set', 'd', '1')")), A("GET", "d"), A("SELECT", "3"), A("GET", "d"),
    ]);
  });

  it("command statistics count a script's commands", async () => {
    await check([ev("redis.call('set', 'a', '1') redis.call('get', 'a') return redis.pcall('incr', 'nonint')"), ["SET", "b", "x"], ev("return redis.pcall('incr', 'b')"),
      ev("return redis.call('incr', 'b')"), ev("return redis.error_reply('ERR mine')"), ev("return {err='WRONGTYPE mine'}"), ev("error('x')"), ev("return redis.call('nosuch')"), ev("return y"),
      ev("return redis.call('blpop', 'l', 0)"), ev("return redis.pcall('get')"), ["EVAL_RO", "return redis.call('set', 'a', 'b')", "0"], ev("return redis.call('get', 'a', 'b')"),
      ["EVALSHA", "nope", "0"], ["EVAL", "return +", "0"], ev("return redis.call('hset', 'b', 'f', 'v')"),
      ev("local r = redis.pcall('incr', 'b') return 'swallowed'"), ["FUNCTION", "LOAD", "#!lua name=st\nredis.register_function('sf', function() return redis.pcall('incr', 'b') end)"],
      ["FCALL", "sf", "0"], ["FCALL_RO", "sf", "0"], ["FCALL", "nosuch", "0"]]);
    for (const section of ["commandstats", "errorstats"]) {
      const r = await d.both(["INFO", section]);
      const lines = (text: string) =>
        text.split("\r\n").filter((l) => l.includes(":")).map((l) => l.replace(/usec=\d+,usec_per_call=[\d.]+,/, "")).sort();
      expect(lines(r.engine)).toEqual(lines(r.real));
    }
  });
});

describe("scripts learners write", () => {
  const LIMITER = "local n = redis.call('INCR', KEYS[1]) if n == 1 then redis.call('EXPIRE', KEYS[1], ARGV[1]) end if n > tonumber(ARGV[2]) then return 0 end return 1";
  const UNLOCK = "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) else return 0 end";
  const TAKE = "local v = redis.call('GET', KEYS[1]) if not v then return redis.error_reply('no stock') end if tonumber(v) <= 0 then return false end return redis.call('DECR', KEYS[1])";
  it("rate limiter, lock release, stock counter, with EVALSHA", async () => {
    await check([
      ev(LIMITER, ["rl"], ["60", "2"]), ev(LIMITER, ["rl"], ["60", "2"]), ev(LIMITER, ["rl"], ["60", "2"]), ["TTL", "rl"],
      ["SET", "lock", "token1"], ev(UNLOCK, ["lock"], ["other"]), ev(UNLOCK, ["lock"], ["token1"]), ["EXISTS", "lock"],
      ev(TAKE, ["stock"]), ["SET", "stock", "1"], ev(TAKE, ["stock"]), ev(TAKE, ["stock"]), ["SCRIPT", "LOAD", TAKE],
      ["EVALSHA", "a9d7aa9b1b8d0f3a1d4e4a0f1b2f5a2e3c7b1e90", "1", "stock"],
      ev("local t = {} for i, k in ipairs(KEYS) do t[#t + 1] = redis.call('INCRBY', k, ARGV[i]) end return t", ["a", "b", "c"], ["1", "2", "3"]),
      ev("local s = 0 for _, v in ipairs(redis.call('MGET', unpack(KEYS))) do s = s + tonumber(v) end return s", ["a", "b", "c"]),
      ev("redis.call('HSET', KEYS[1], 'n', 0) for i = 1, 100 do redis.call('HINCRBY', KEYS[1], 'n', i) end return redis.call('HGET', KEYS[1], 'n')", ["h"]),
      ev("return redis.call('ZADD', KEYS[1], 1.5, 'a', 2, 'b')", ["z"]), ev("return redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', '+inf', 'WITHSCORES')", ["z"]),
      ev("return {KEYS[1], ARGV[1], #ARGV[1]}", ["k\x00\xff"], ["\x00\r\n\xfe"]), ev("return redis.call('SET', KEYS[1], ARGV[1])", ["bin\x00"], ["\xff\x00"]), ["GET", "bin\x00"],
      ev("return {math.random(1000), math.random(1000)}"), ev("return {math.random(1000), math.random(5, 10), math.random(2.7), math.random(-2.5, -1)}"),
      ev("math.randomseed(7) return math.random(1000)"), ev("return tostring(math.random())"), ev("return math.random(0)"), ev("return math.random(5, 1)"),
      ev("return math.random(1, 2, 3)"), ev("return math.random('x')"), ev("return math.randomseed()"), ev("\nlocal x = math.random(0)"), ev("return {tostring(1e15), tostring(1e16), tostring(0.1), tostring(-0)}"),
      ev("local function f(n) if n == 0 then return 0 end return 1 + f(n - 1) end return f(150)"), ev("return string.format('%d %s %q', 42, 'x', 'a\"b')"),
      ev("return redis.call('XREAD', 'BLOCK', '10', 'STREAMS', 's', '$')"), ev("return redis.call('xreadgroup', 'GROUP', 'g', 'c', 'BLOCK', '10', 'STREAMS', 's', '>')"),
      ev("return redis.call('XREAD', 'COUNT', '1', 'BLOCK', 'x')"), ev("return redis.call('XREAD', 'STREAMS', 'BLOCK', '0')"), ev("return redis.call('dbsize')"),
      ev("return redis.call('client', 'id')"), ev("return redis.call('config', 'get', 'maxmemory')"), ev("return redis.call('select', 20)"), ev("return redis.call('publish', 'c', 'm')"),
      ev("return redis.call('watch', 'x')"), ev("return redis.call('command', 'count') > 0"),
      ev("return #redis.call('KEYS', '*')"), ev("return redis.call('TYPE', KEYS[1]).ok", ["h"]), ev("return redis.call('OBJECT', 'ENCODING', KEYS[1])", ["h"]),
    ]);
  });
});

describe("what other clients see of a script (whole streams)", () => {
  let p: StreamPair;
  beforeAll(async () => {
    p = await StreamPair.start();
  }, 30_000);
  afterAll(async () => p?.stop());

  it("keyspace notifications and Pub/Sub messages from a script reach subscribers", async () => {
    await p.reset();
    await p.quiet("w", "CONFIG", "SET", "notify-keyspace-events", "KEA");
    await p.quiet("s", "PSUBSCRIBE", "__key*__:*", "chan");
    const ms = await p.run([
      ["w", ...ev("redis.call('set', 'k', 'v') redis.call('expire', 'k', 100) redis.call('del', 'k') return 1")],
      ["w", ...ev("return redis.call('publish', 'chan', 'hello')")],
      ["w", ...ev("redis.call('rpush', 'l', 'a') redis.call('lpop', 'l') return redis.call('incrbyfloat', 'f', '1.5')")],
      ["w", "EVAL", "return redis.call('nosuch')", "0"],
    ]);
    expect(ms, describeStreamMismatches(ms)).toEqual([]);
  });
});

describe("Redis Functions", () => {
  const LIB = [
    "#!lua name=mylib",
    "redis.register_function('incr1', function(keys, args) return redis.call('incr', keys[1]) end)",
    "redis.register_function{function_name='ro', callback=function(keys, args) return args[1] end, flags={'no-writes'}, description='read only'}",
    "redis.register_function('boom', function(keys, args)",
    "  error('bad')",
    "end)",
    "redis.register_function('gx', function(keys, args) return x end)",
    "redis.register_function('w', function(keys, args) return redis.call('set', keys[1], args[1]) end)",
    "redis.register_function{function_name='rw', callback=function(keys) return redis.call('set', keys[1], 'v') end, flags={'no-writes', 'allow-oom'}}",
  ].join("\n");
  // Each load names a new library: REPLACE after a failed registration has crashed 7.0.15.
  let libs = 0;
  const load = (body: string): string[] => ["FUNCTION", "LOAD", `#!lua name=z${++libs}\n${body}`];
  const list = (...args: string[]): Case => ({ cmd: ["FUNCTION", "LIST", ...args], norm: exemptions.functionList });

  beforeEach(async () => {
    await d.both(["FUNCTION", "FLUSH"], "__fflush");
    await d.close("__fflush");
  });

  it("load, call, list, delete", async () => {
    await check([
      ["FUNCTION", "LOAD", LIB], ["FUNCTION", "LOAD", LIB], ["FCALL", "incr1", "1", "k"], ["FCALL", "INCR1", "1", "k"], ["FCALL", "ro", "0", "a"],
      ["FCALL_RO", "incr1", "1", "k"], ["FCALL_RO", "ro", "0", "b"], ["FCALL", "boom", "0"], ["FCALL", "gx", "0"], ["FCALL", "nosuch", "0"],
      ["FCALL", "incr1", "2", "k"], ["FCALL", "incr1", "x", "k"], ["FCALL", "incr1", "-1"], ["FCALL", "rw", "1", "k"], ["FCALL_RO", "rw", "1", "k"],
      ["FCALL", "w", "1", "k", "val"], ["GET", "k"], list(), list("WITHCODE"), list("LIBRARYNAME", "my*"), list("LIBRARYNAME", "MY*", "WITHCODE"),
      list("LIBRARYNAME", "zz*"), list("x"), list("LIBRARYNAME"), list("WITHCODE", "WITHCODE"), list("LIBRARYNAME", "a", "LIBRARYNAME", "b"),
      ["FUNCTION", "STATS"], ["FUNCTION", "KILL"], ["FUNCTION", "DELETE", "nolib"], ["FUNCTION", "DELETE", "MYLIB"], ["FCALL", "incr1", "1", "k"],
      ["FUNCTION", "STATS"], ["FUNCTION", "HELP"], ["FUNCTION", "FLUSH", "x"], ["FUNCTION", "FLUSH", "ASYNC"], ["FUNCTION", "FLUSH", "sync"],
    ]);
    await check([{ cmd: ["HELLO", "3"], norm: exemptions.hello }, ["FUNCTION", "LOAD", LIB], list(), ["FUNCTION", "STATS"], ["FCALL", "ro", "0", "x"]]);
  });

  it("load errors as 7.0 words them", async () => {
    await check([
      ["FUNCTION", "LOAD", "return 1"], ["FUNCTION", "LOAD", "#!lua"], ["FUNCTION", "LOAD", "#!lua name=a foo=bar\nreturn 1"],
      ["FUNCTION", "LOAD", "#!lua name=a name=b\nreturn 1"], ["FUNCTION", "LOAD", "#!js name=j\nx"], ["FUNCTION", "LOAD", "#!lua\nreturn 1"],
      ["FUNCTION", "LOAD", "#!lua name=f-g\nreturn 1"], ["FUNCTION", "LOAD", "#!LUA NAME=up\nredis.register_function('up1', function() return 1 end)"],
      ["FUNCTION", "LOAD", "X", "#!lua name=q\nreturn 1"], ["FUNCTION", "LOAD", "REPLACE", "replace", "#!lua name=q\nredis.register_function('q1', function() return 1 end)"],
      load("return 1"), load("return +"), load("redis.call('ping')"), load("local x = redis.setresp"), load("x = 1"), load("redis.y = 1"),
      load("redis.register_function()"), load("redis.register_function('f1')"), load("redis.register_function('f1', 'notfn')"),
      load("redis.register_function('f1', function() end, 'x')"), load("redis.register_function(1, function() return 1 end)"),
      load("redis.register_function{function_name='f1'}"), load("redis.register_function{callback=function() end}"),
      load("redis.register_function{function_name='f1', callback=function() return 1 end, extra=1}"),
      load("redis.register_function{function_name='f1', callback=function() return 1 end, flags='no-writes'}"),
      load("redis.register_function{function_name='f1', callback=function() return 1 end, flags={'bad'}}"),
      load("redis.register_function{function_name='f1', callback=function() return 1 end, description=1}"), ["FCALL", "f1", "0"],
      load("redis.register_function{function_name={}, callback=function() return 1 end}"),
load("redis.register_function('a-b', function() return 1 end)"),
      load("redis.register_function('1a', function() return 1 end)"), ["FCALL", "1a", "0"], ["FUNCTION", "LOAD", "#!lua name=other\nredis.register_function('1a', function() return 2 end)"],
      load("redis.log(redis.LOG_WARNING, 'at load') redis.register_function('f2', function() return 2 end) return 5"), ["FCALL", "f2", "0"],
      load("local t = {1, 2} redis.register_function('f3', function(keys, args) return {#t, keys[1], args[1]} end)"), ["FCALL", "f3", "1", "k", "a"],
      load("redis.register_function('f4', function(keys) return redis.call('nosuch') end)"), ["FCALL", "f4", "0"],
      load("redis.register_function('f5', function(keys)\n  return redis.pcall('incr', keys[1])\nend)"), ["SET", "s", "x"], ["FCALL", "f5", "1", "s"],
    ]);
  });
});
