/**
 * EngineApi fixtures for host tests: the in-thread engine and the worker protocol over a
 * MessageChannel, both disposed after each test. Call `engineFixtures()` at the top level of
 * a test file.
 */
import { afterEach } from "vitest";
import { LocalEngine } from "../../engine/host/local";
import { RemoteEngine } from "../../engine/host/remote";
import { serveEngine } from "../../engine/host/worker-host";
import { loadLuaVm } from "../../engine/scripting-wasm/lua-wasm";
import type { LuaVm } from "../../engine/scripting/vm";

/** One Lua VM for the test file's engines, loaded at the first use. */
let lua: Promise<LuaVm> | null = null;
const sharedLua = (): Promise<LuaVm> => (lua ??= loadLuaVm());

export function engineFixtures() {
  const cleanups: (() => void)[] = [];
  afterEach(() => {
    while (cleanups.length) cleanups.pop()!();
  });

  function local(): LocalEngine {
    const e = new LocalEngine({ seed: 1, lua: sharedLua() });
    cleanups.push(() => e.dispose());
    return e;
  }

  function remote(): RemoteEngine {
    const channel = new MessageChannel();
    const worker = serveEngine(channel.port2 as unknown as Parameters<typeof serveEngine>[0], { seed: 1, lua: sharedLua() });
    const engine = new RemoteEngine(channel.port1 as unknown as ConstructorParameters<typeof RemoteEngine>[0]);
    cleanups.push(() => {
      engine.dispose();
      worker.stop();
      channel.port1.close();
      channel.port2.close();
    });
    return engine;
  }

  return { local, remote, cleanups };
}

/** Both EngineApi kinds, named, for `describe.each(bothEngines(fixtures))`. */
export function bothEngines({ local, remote }: ReturnType<typeof engineFixtures>) {
  return [
    ["LocalEngine", local],
    ["RemoteEngine over the worker protocol", remote],
  ] as [string, () => LocalEngine | RemoteEngine][];
}

/** A promise with a flag telling whether it has settled yet. */
export function track<T>(p: Promise<T>): { p: Promise<T>; done: () => boolean } {
  let settled = false;
  p.then(
    () => (settled = true),
    () => (settled = true),
  );
  return { p, done: () => settled };
}

/** Lets pending messages and microtasks run. */
export const tick = () => new Promise((r) => setTimeout(r, 5));
