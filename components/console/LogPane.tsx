"use client";
/**
 * The server log: what the instance writes to its log (server events, redis.log from scripts),
 * newest last, as `tail -f redis.log` would show it.
 *
 * The engine keeps its recent log lines (Server.recentLog); the pane reads them through
 * EngineApi's `readLog()` when the API offers it, and renders nothing where it does not, so
 * the page never shows an empty promise.
 */
import { useEffect, useRef, useState } from "react";
import type { EngineApi } from "@/engine/host/api";
import { useEngine, usePlayground } from "@/components/engine/EngineProvider";
import styles from "./LogPane.module.css";

export interface LogEntry {
  at: number;
  level: "debug" | "verbose" | "notice" | "warning";
  line: string;
}

type WithLog = EngineApi & { readLog?: () => Promise<LogEntry[]> };

/** How often an open pane looks for new lines. */
const LOG_POLL_MS = 1000;

/** Redis' log line marks: '.' debug, '-' verbose, '*' notice, '#' warning. */
const MARK: Record<LogEntry["level"], string> = { debug: ".", verbose: "-", notice: "*", warning: "#" };

export function formatLogLine(e: LogEntry): string {
  const d = new Date(e.at);
  const time = `${d.toISOString().slice(11, 23)}`;
  return `${time} ${MARK[e.level] ?? "*"} ${e.line}`;
}

export function LogPane() {
  const engine = useEngine() as WithLog | null;
  const ready = usePlayground((s) => s.ready);
  const [lines, setLines] = useState<LogEntry[]>([]);
  const [open, setOpen] = useState(false);
  const listRef = useRef<HTMLPreElement>(null);
  const readLog = engine?.readLog?.bind(engine);

  useEffect(() => {
    if (!readLog || !ready || !open) return;
    let live = true;
    const read = () =>
      readLog().then(
        (l) => live && setLines(l),
        () => {},
      );
    void read();
    const timer = setInterval(read, LOG_POLL_MS);
    return () => {
      live = false;
      clearInterval(timer);
    };
  }, [readLog, ready, open]);

  useEffect(() => {
    const el = listRef.current;
    if (el) el.scrollTop = el.scrollHeight;
  }, [lines]);

  if (!engine?.readLog) return null;
  return (
    <details className={styles.pane} open={open} onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary>Server log</summary>
      <pre ref={listRef} className={styles.lines} role="log" aria-label="Server log">
        {lines.length ? lines.map(formatLogLine).join("\n") : "(nothing logged yet)"}
      </pre>
    </details>
  );
}
