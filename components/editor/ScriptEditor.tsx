"use client";
/**
 * The Lua script editor: a script, its KEYS and ARGV, and Run, which sends EVAL through the
 * shown console tab — as if typed there — so the reply, its timing and any error land in that
 * tab's transcript, and a long script blocks that client the way it would in redis-cli.
 *
 * Monaco is heavy (megabytes), so it is loaded only when the editor is opened (next/dynamic,
 * no server rendering), never with the page.
 */
import dynamic from "next/dynamic";
import { useCallback, useState } from "react";
import { usePlayground, usePlaygroundStore } from "@/components/engine/EngineProvider";
import { evalLine, splitField } from "./script-line";
import styles from "./ScriptEditor.module.css";

const MonacoLua = dynamic(() => import("./MonacoLua"), {
  ssr: false,
  loading: () => <p className={styles.loading}>Loading the editor…</p>,
});

export const DEFAULT_SCRIPT = `-- KEYS and ARGV come from the fields below.
local n = redis.call('INCRBY', KEYS[1], ARGV[1])
redis.log(redis.LOG_NOTICE, 'counter is now ' .. n)
return n
`;

export function ScriptEditor() {
  const [open, setOpen] = useState(false);
  return (
    <details className={styles.editor} open={open} onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary>Lua script editor</summary>
      {open && <ScriptForm />}
    </details>
  );
}

function ScriptForm() {
  const store = usePlaygroundStore();
  const ready = usePlayground((s) => s.ready);
  const tabLabel = usePlayground((s) => s.tabs[s.activeTab]?.label ?? "");
  const [script, setScript] = useState(DEFAULT_SCRIPT);
  const [keys, setKeys] = useState("counter");
  const [args, setArgs] = useState("1");

  const run = useCallback(() => {
    const s = store.getState();
    s.requestRun(s.activeTab, [evalLine(script, splitField(keys), splitField(args))]);
  }, [store, script, keys, args]);

  return (
    <div className={styles.form}>
      <MonacoLua value={script} onChange={setScript} onRun={run} />
      <div className={styles.fields}>
        <label>
          KEYS <input value={keys} onChange={(e) => setKeys(e.target.value)} spellCheck={false} aria-label="KEYS (space-separated)" />
        </label>
        <label>
          ARGV <input value={args} onChange={(e) => setArgs(e.target.value)} spellCheck={false} aria-label="ARGV (space-separated)" />
        </label>
        <button type="button" disabled={!ready} onClick={run}>
          Run in {tabLabel || "console"}
        </button>
      </div>
      <p className={styles.hint}>
        Ctrl+Enter runs. Tab indents inside the editor; Ctrl+M (Ctrl+Shift+M on macOS) lets Tab move focus out instead.
      </p>
    </div>
  );
}
