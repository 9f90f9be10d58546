/**
 * One transcript entry: the text exactly as redis-cli prints it (in a <pre>, so tests and the
 * learner read the same thing), and beside it what the terminal cannot show — how long the
 * reply took (simulated round trip + engine time, and any wait), and the RESP bytes each way
 * when the wire view is on.
 */
import { memo } from "react";
import type { Line } from "@/components/state/playground-store";
import { escapeBytes } from "./resp-text";
import styles from "./Repl.module.css";

export function formatMs(ms: number): string {
  return ms >= 100 ? `${ms.toFixed(0)} ms` : ms >= 10 ? `${ms.toFixed(1)} ms` : `${ms.toFixed(2)} ms`;
}

/** The total a reply shows, and its breakdown for the tooltip. */
export function timing(line: Pick<Line, "ms" | "rttMs" | "waitedMs">): { total: number; detail: string } | null {
  if (line.ms === undefined) return null;
  const rtt = line.rttMs ?? 0;
  const waited = line.waitedMs ?? 0;
  const total = rtt + waited + line.ms;
  const parts = [`engine ${formatMs(line.ms)}`];
  if (rtt) parts.unshift(`round trip ${formatMs(rtt)} (simulated)`);
  if (waited) parts.push(`waited ${formatMs(waited)}`);
  return { total, detail: parts.join(" + ") };
}

export const LineView = memo(function LineView({ line, showWire }: { line: Line; showWire: boolean }) {
  const t = timing(line);
  return (
    <div className={styles.entry}>
      <pre className={styles.line} data-kind={line.kind}>
        {line.text}
      </pre>
      {t && (
        <span className={styles.time} title={t.detail} data-testid="reply-time">
          {formatMs(t.total)}
          {line.waitedMs ? <span className={styles.waited}> (waited {formatMs(line.waitedMs)})</span> : null}
        </span>
      )}
      {showWire && line.wire && (
        <div className={styles.wire} aria-label="RESP bytes">
          {line.wire.sent !== undefined && (
            <code className={styles.wireSent} data-testid="wire-sent">
              → {escapeBytes(line.wire.sent)}
            </code>
          )}
          {line.wire.received !== undefined && (
            <code className={styles.wireReceived} data-testid="wire-received">
              ← {escapeBytes(line.wire.received)}
            </code>
          )}
        </div>
      )}
    </div>
  );
});
