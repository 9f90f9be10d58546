"use client";
/**
 * The playground's data: reset it to a fresh instance (after confirming), export it as a file,
 * import a file (after confirming; a file that cannot be read shows why and changes nothing),
 * and — when the page gives a storage key — keep it across reloads (keyspace-persistence.ts).
 */
import { useEffect, useId, useRef, useState } from "react";
import { useEngine, usePlayground, usePlaygroundStore } from "@/components/engine/EngineProvider";
import { DataFileError, exportData, importData, keyCount, parseDataFile, type DataFile } from "@/components/state/keyspace-file";
import { persistData, type DataNotice } from "@/components/state/keyspace-persistence";
import styles from "./DataControls.module.css";

type Pending = { kind: "reset" } | { kind: "import"; file: DataFile; name: string };

export function DataControls({ dataKey }: { dataKey?: string }) {
  const engine = useEngine();
  const store = usePlaygroundStore();
  const ready = usePlayground((s) => s.ready);
  const [notice, setNotice] = useState<DataNotice | null>(null);
  const [pending, setPending] = useState<Pending | null>(null);
  const [busy, setBusy] = useState(false);
  const fileInput = useRef<HTMLInputElement>(null);
  const confirmText = useId();

  useEffect(() => {
    if (!engine || !ready || !dataKey) return;
    return persistData(engine, safeLocalStorage(), dataKey, { notify: setNotice });
  }, [engine, ready, dataKey]);

  const say = (text: string) => {
    const s = store.getState();
    s.appendLines(s.activeTab, [{ kind: "info", text }]);
  };

  const doReset = async () => {
    if (!engine) return;
    setBusy(true);
    try {
      await engine.reset();
      say("(the playground was reset: a fresh instance with no keys)");
      setNotice({ tone: "info", text: "The playground was reset." });
    } catch (e) {
      setNotice({ tone: "warning", text: `Reset failed: ${e instanceof Error ? e.message : String(e)}` });
    } finally {
      setBusy(false);
      setPending(null);
    }
  };

  const doExport = async () => {
    if (!engine) return;
    setBusy(true);
    try {
      const file = await exportData(engine);
      const blob = new Blob([JSON.stringify(file, null, 1)], { type: "application/json" });
      const url = URL.createObjectURL(blob);
      const a = document.createElement("a");
      a.href = url;
      a.download = "redis-playground.json";
      document.body.appendChild(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 0);
      const n = keyCount(file);
      setNotice({
        tone: file.complete ? "info" : "warning",
        text: `Exported ${n} key${n === 1 ? "" : "s"}${file.complete ? "." : " — some keys or elements were beyond the inspector's limits and are not in the file."}`,
      });
    } catch (e) {
      setNotice({ tone: "warning", text: `Export failed: ${e instanceof Error ? e.message : String(e)}` });
    } finally {
      setBusy(false);
    }
  };

  const onFile = async (f: File | undefined) => {
    if (fileInput.current) fileInput.current.value = "";
    if (!f) return;
    try {
      const file = parseDataFile(await f.text());
      setPending({ kind: "import", file, name: f.name });
    } catch (e) {
      setNotice({ tone: "warning", text: `${f.name} cannot be imported: ${e instanceof DataFileError ? e.message : "it is unreadable"}. Nothing was changed.` });
    }
  };

  const doImport = async (file: DataFile) => {
    if (!engine) return;
    setBusy(true);
    try {
      await engine.reset();
      const problems = await importData(engine, file);
      const n = keyCount(file);
      say(`(imported ${n} key${n === 1 ? "" : "s"} into a fresh instance)`);
      setNotice(
        problems.length
          ? { tone: "warning", text: `Imported ${n} keys; ${problems.length} command(s) failed, first: ${problems[0]}` }
          : { tone: "info", text: `Imported ${n} key${n === 1 ? "" : "s"}.` },
      );
    } catch (e) {
      setNotice({ tone: "warning", text: `Import failed: ${e instanceof Error ? e.message : String(e)}` });
    } finally {
      setBusy(false);
      setPending(null);
    }
  };

  const disabled = !engine || !ready || busy;
  return (
    <section className={styles.data} aria-label="Playground data">
      <button type="button" disabled={disabled} onClick={() => setPending({ kind: "reset" })}>
        Reset playground
      </button>
      <button type="button" disabled={disabled} onClick={() => void doExport()}>
        Export data
      </button>
      <button type="button" disabled={disabled} onClick={() => fileInput.current?.click()}>
        Import data
      </button>
      <input
        ref={fileInput}
        className={styles.file}
        type="file"
        accept="application/json,.json"
        aria-label="Data file to import"
        tabIndex={-1}
        onChange={(e) => void onFile(e.currentTarget.files?.[0])}
      />
      {pending && (
        <div className={styles.confirm} role="alertdialog" aria-label="Confirm" aria-describedby={confirmText}>
          <span id={confirmText}>
            {pending.kind === "reset"
              ? "Reset the playground? Every key in every database goes, and every connection is closed."
              : `Replace the playground's data with the ${keyCount(pending.file)} key(s) in ${pending.name}?${pending.file.complete ? "" : " (The file says it is incomplete.)"}`}
          </span>
          <button type="button" autoFocus disabled={busy} onClick={() => void (pending.kind === "reset" ? doReset() : doImport(pending.file))}>
            {pending.kind === "reset" ? "Reset" : "Replace"}
          </button>
          <button type="button" onClick={() => setPending(null)}>
            Cancel
          </button>
        </div>
      )}
      {notice && (
        <p className={styles.notice} role="status" aria-label="Data notice" data-tone={notice.tone}>
          {notice.text}{" "}
          <button type="button" className={styles.dismiss} aria-label="Dismiss notice" onClick={() => setNotice(null)}>
            ×
          </button>
        </p>
      )}
    </section>
  );
}

/** localStorage, or undefined where reading it throws (blocked storage, sandboxed frames). */
function safeLocalStorage(): Storage | undefined {
  try {
    return typeof window === "undefined" ? undefined : window.localStorage;
  } catch {
    return undefined;
  }
}
