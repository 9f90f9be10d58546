"use client";
/**
 * Gives a subtree its engine (an EngineApi) and its playground store.
 *
 * In the browser the engine is started in a Web Worker when the provider mounts and stopped
 * when it unmounts; tests pass an in-thread LocalEngine instead. Components reach the engine
 * only through useEngine(), and read UI state only through usePlayground().
 */
import { createContext, useContext, useEffect, useState, type ReactNode } from "react";
import { useStore } from "zustand";
import type { EngineApi } from "@/engine/host/api";
import { createPlaygroundStore, type PlaygroundState, type PlaygroundStore } from "@/components/state/playground-store";
import { startBrowserEngine } from "./start-engine";

interface EngineContextValue {
  engine: EngineApi | null;
  store: PlaygroundStore;
}

const EngineContext = createContext<EngineContextValue | null>(null);

export function EngineProvider({
  engine,
  store: givenStore,
  children,
}: {
  engine?: EngineApi;
  /** A store made by the caller (the lesson page writes example lines into its tabs). */
  store?: PlaygroundStore;
  children: ReactNode;
}) {
  const [store] = useState(() => givenStore ?? createPlaygroundStore());
  const [api, setApi] = useState<EngineApi | null>(engine ?? null);

  useEffect(() => {
    if (engine) {
      setApi(engine);
      return;
    }
    let stopped = false;
    let started: EngineApi | null = null;
    startBrowserEngine().then(
      (e) => {
        if (stopped) return e.dispose();
        started = e;
        setApi(e);
      },
      (err: unknown) => store.getState().setReady(false, err instanceof Error ? err.message : String(err)),
    );
    return () => {
      stopped = true;
      started?.dispose();
      setApi(null);
    };
  }, [engine, store]);

  useEffect(() => {
    if (!api) return;
    let live = true;
    api.info().then(
      () => live && store.getState().setReady(true),
      (err: unknown) => live && store.getState().setReady(false, err instanceof Error ? err.message : String(err)),
    );
    return () => {
      live = false;
      store.getState().setReady(false);
      store.getState().dropConnections();
    };
  }, [api, store]);

  return <EngineContext.Provider value={{ engine: api, store }}>{children}</EngineContext.Provider>;
}

function useEngineContext(): EngineContextValue {
  const ctx = useContext(EngineContext);
  if (!ctx) throw new Error("this component needs an <EngineProvider> above it");
  return ctx;
}

/** The engine, or null while it is starting. */
export function useEngine(): EngineApi | null {
  return useEngineContext().engine;
}

export function usePlaygroundStore(): PlaygroundStore {
  return useEngineContext().store;
}

export function usePlayground<T>(selector: (s: PlaygroundState) => T): T {
  return useStore(useEngineContext().store, selector);
}
