/**
 * Lua scripting through dispatch: what the differential suite cannot show (no VM, the fuel
 * stand-in for busy scripts, an allocation bomb, the log, MONITOR's "lua" origin, the hosts).
 */
import { beforeAll, describe, expect, it } from "vitest";
import type { Reply } from "../../engine/reply";
import { createServer } from "../../engine/server";
import { loadLuaVm, type WasmLuaVm } from "../../engine/scripting-wasm/lua-wasm";
import { sha1hex } from "../../engine/scripting/sha1";
import { parseShebang } from "../../engine/scripting/shebang";
import { engineFixtures } from "../support/engines";

let vm: WasmLuaVm;
beforeAll(async () => {
  vm = await loadLuaVm();
});

const fx = engineFixtures();

function setup(config: Record<string, string> = {}) {
  const server = createServer({ lua: vm, config });
  return { server, c: server.connect() };
}

describe("the VM seam", () => {
  it("without a VM, EVAL and SCRIPT LOAD answer a clear error; SCRIPT EXISTS still works", () => {
    const server = createServer();
    const c = server.connect();
    expect(c.execute(["EVAL", "return 1", "0"])).toEqual({ t: "error", v: "ERR Lua scripting is not available: this instance has no Lua VM loaded" });
    expect(c.execute(["SCRIPT", "LOAD", "return 1"]).t).toBe("error");
    expect(c.execute(["SCRIPT", "EXISTS", "x"])).toEqual({ t: "array", v: [{ t: "int", v: 0 }] });
    // numkeys is checked first, as Redis parses it before looking at the script.
    expect(c.execute(["EVAL", "return 1", "x"])).toEqual({ t: "error", v: "ERR value is not an integer or out of range" });
    server.setLuaVm(vm);
    expect(c.execute(["EVAL", "return 1", "0"])).toEqual({ t: "int", v: 1 });
  });

  it("SHA1 of the body as Redis computes it, shebang parsing keeps line numbers", () => {
    expect(sha1hex("return 1")).toBe("e0e1f9fabfc9d4800c877a703b823ac0578ff8db");
    expect(sha1hex("")).toBe("da39a3ee5e6b4b0d3255bfef95601890afd80709");
    const p = parseShebang("#!lua flags=no-writes,allow-oom\nreturn 1");
    expect("flags" in p && p.flags).toMatchObject({ compat: false, noWrites: true, allowOom: true });
    expect("code" in p && p.code).toBe("\nreturn 1");
    expect(parseShebang("return 1")).toMatchObject({ flags: { compat: true } });
  });
});

describe("runaway scripts (no-SharedArrayBuffer fallback)", () => {
  it("a script past busy-reply-threshold's fuel ends with a clear error and the instance goes on", () => {
    const { c } = setup({ "busy-reply-threshold": "20" });
    const t = performance.now();
    const r = c.execute(["EVAL", "local i = 0 while true do i = i + 1 end", "0"]);
    expect(performance.now() - t).toBeLessThan(2000);
    expect(r.t).toBe("error");
    expect((r as { v: string }).v).toMatch(/^ERR Script stopped after about 20 ms \(busy-reply-threshold\).* script: [0-9a-f]{40}, on @user_script:1\.$/);
    expect(c.execute(["SCRIPT", "KILL"])).toEqual({ t: "error", v: "NOTBUSY No scripts in execution right now." });
    expect(c.execute(["EVAL", "return redis.call('ping')", "0"])).toEqual({ t: "simple", v: "PONG" });
  });

  it("pcall, xpcall and coroutines cannot swallow the end of the budget", () => {
    const { c } = setup({ "busy-reply-threshold": "20" });
    for (const body of [
      "while true do pcall(function() while true do end end) end",
      "while true do xpcall(function() while true do end end, function() return 'swallowed' end) end",
      "while true do coroutine.resume(coroutine.create(function() while true do end end)) end",
      "while true do pcall(coroutine.wrap(function() while true do end end)) end",
    ]) {
      const t = performance.now();
      const r = c.execute(["EVAL", body, "0"]);
      expect(performance.now() - t).toBeLessThan(3000);
      expect((r as { v: string }).v).toMatch(/^ERR Script stopped after about 20 ms/);
    }
    expect(c.execute(["EVAL", "return {pcall(error, 'x')}", "0"])).toEqual({ t: "array", v: [{ t: "null" }, { t: "bulk", v: "x" }] });
  });

  it("the fuel is read live from CONFIG SET busy-reply-threshold (alias lua-time-limit)", () => {
    const { c } = setup();
    const loop = ["EVAL", "for i = 1, 3000000 do end return 1", "0"];
    expect(c.execute(loop)).toEqual({ t: "int", v: 1 });
    c.execute(["CONFIG", "SET", "lua-time-limit", "1"]);
    expect(c.execute(loop).t).toBe("error");
  });

  it("an allocation bomb ends with an error, not a crash, and the next script runs", async () => {
    const { c } = setup();
    const r = c.execute(["EVAL", "local t = {} for i = 1, 1e6 do t[i] = string.rep('x', 1000000) .. i end return #t", "0"]);
    expect(r.t).toBe("error");
    expect((r as { v: string }).v).toMatch(/^ERR Script aborted: the Lua VM failed \(out of memory\) and is being restarted script: [0-9a-f]{40}$/);
    // A new Lua state comes in a few ms; meanwhile scripts are refused, the instance answers.
    expect((c.execute(["EVAL", "return 1", "0"]) as { v: string }).v).toMatch(/restarting after a failure/);
    expect(c.execute(["PING"])).toEqual({ t: "simple", v: "PONG" });
    await vm.ready();
    expect(c.execute(["EVAL", "return 'alive'", "0"])).toEqual({ t: "bulk", v: "alive" });
  }, 30_000);
});

describe("what a script's commands do to the instance", () => {
  it("redis.log goes to the instance log (kept for the UI)", () => {
    const { server, c } = setup();
    c.execute(["EVAL", "redis.log(redis.LOG_WARNING, 'hello from lua') redis.log(redis.LOG_DEBUG, 'dbg')", "0"]);
    const lines = server.recentLog().map((l) => `${l.level} ${l.line}`);
    expect(lines).toContain("warning hello from lua");
    expect(lines).toContain("debug dbg");
  });

  it("MONITOR shows the EVAL, then its commands as [db lua]", () => {
    const { server, c } = setup();
    const mon = server.connect();
    const lines: string[] = [];
    mon.onPush = (r: Reply) => {
      if (r.t === "simple") lines.push(r.v.replace(/^\d+\.\d{6} /, ""));
    };
    mon.send(["MONITOR"]);
    c.execute(["SELECT", "1"]);
    c.execute(["EVAL", "redis.call('set', KEYS[1], 'v') return redis.call('get', KEYS[1])", "1", "k"]);
    c.execute(["EVAL", "return 1", "x"]);
    expect(lines).toEqual([
      `[1 ${c.addr}] "SELECT" "1"`,
      `[1 ${c.addr}] "EVAL" "redis.call('set', KEYS[1], 'v') return redis.call('get', KEYS[1])" "1" "k"`,
      `[1 lua] "set" "k" "v"`,
      `[1 lua] "get" "k"`,
      `[1 ${c.addr}] "EVAL" "return 1" "x"`,
    ]);
  });

  it("blocking commands inside a script answer at once; WATCH sees a script's writes", () => {
    const { server, c } = setup();
    expect(c.execute(["EVAL", "return redis.call('blmpop', 0, 1, 'l', 'left')", "0"])).toEqual({ t: "null" });
    expect(server.blocking.blockedClients).toBe(0);
    const w = server.connect();
    w.execute(["WATCH", "k"]);
    c.execute(["EVAL", "return redis.call('set', 'k', '1')", "0"]);
    w.execute(["MULTI"]);
    w.execute(["PING"]);
    expect(w.execute(["EXEC"])).toEqual({ t: "nullarray" });
  });

  it("a script's writes count as changes and reach key-change listeners", () => {
    const { server, c } = setup();
    const seen: string[] = [];
    server.onKeyChange((k) => seen.push(`${k.key}:${k.event}`));
    const dirty = server.stats.dirty;
    c.execute(["EVAL", "redis.call('set', 'a', '1') redis.call('incr', 'a') return redis.call('del', 'a')", "0"]);
    expect(seen).toEqual(["a:set", "a:incrby", "a:del"]);
    expect(server.stats.dirty - dirty).toBe(3);
  });
});

describe("hosts get the VM", () => {
  it("the in-thread and worker engines run EVAL once their VM is loaded", async () => {
    for (const e of [fx.local(), fx.remote()]) {
      const h = await e.open("t");
      await new Promise((r) => setTimeout(r, 200));
      const r = await e.exec(h.id, ["EVAL", "return {KEYS[1], tonumber(ARGV[1]) + 1}", "1", "k", "41"]);
      expect(r.reply).toEqual({ t: "array", v: [{ t: "bulk", v: "k" }, { t: "int", v: 42 }] });
    }
  });
});

describe("Redis Functions", () => {
  const LIB = "#!lua name=lib\nredis.register_function('hello', function(keys, args) return 'hi ' .. args[1] end)";

  it("FUNCTION DUMP / RESTORE round-trip through this engine, with FLUSH, APPEND and REPLACE", () => {
    const { c } = setup();
    expect(c.execute(["FUNCTION", "LOAD", LIB])).toEqual({ t: "bulk", v: "lib" });
    const dump = c.execute(["FUNCTION", "DUMP"]);
    expect(dump.t).toBe("bulk");
    const payload = (dump as { v: string }).v;
    // Joining with the current libraries words it without quotes (libraryJoin), unlike FUNCTION LOAD.
    expect(c.execute(["FUNCTION", "RESTORE", payload])).toEqual({ t: "error", v: "ERR Library lib already exists" });
    expect(c.execute(["FUNCTION", "RESTORE", payload, "REPLACE"])).toEqual({ t: "simple", v: "OK" });
    c.execute(["FUNCTION", "FLUSH"]);
    expect(c.execute(["FCALL", "hello", "0", "x"])).toEqual({ t: "error", v: "ERR Function not found" });
    expect(c.execute(["FUNCTION", "RESTORE", payload])).toEqual({ t: "simple", v: "OK" });
    expect(c.execute(["FCALL", "hello", "0", "you"])).toEqual({ t: "bulk", v: "hi you" });
    expect(c.execute(["FUNCTION", "RESTORE", payload, "FLUSH"])).toEqual({ t: "simple", v: "OK" });
    expect(c.execute(["FUNCTION", "RESTORE", payload.replace("hello", "jello")])).toEqual({ t: "error", v: "ERR DUMP payload version or checksum are wrong" });
    expect(c.execute(["FUNCTION", "RESTORE", payload, "MERGE"])).toEqual({
      t: "error",
      v: "ERR Wrong restore policy given, value should be either FLUSH, APPEND or REPLACE.",
    });
  });

  it("a library's redis.log lines are written at load only, not at every FCALL", () => {
    const { server, c } = setup();
    c.execute(["FUNCTION", "LOAD", "#!lua name=l2\nredis.log(redis.LOG_WARNING, 'loading l2')\nredis.register_function('f', function() return 1 end)"]);
    c.execute(["FCALL", "f", "0"]);
    c.execute(["FCALL", "f", "0"]);
    expect(server.recentLog().filter((l) => l.line === "loading l2")).toHaveLength(1);
  });
});
