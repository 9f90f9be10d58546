"use client";
/**
 * One key in full: its facts (type, encoding, TTL, idle time, LFU counter, length, modelled
 * memory when the engine has it) and its value in a view made for its type. Values are bytes
 * and render as text — escaped like redis-cli when not readable — never as markup.
 */
import type { KeyDetail } from "@/engine/host/api";
import { displayKey, formatBytes, formatTtl, memoryOf } from "./KeyList";
import styles from "./KeyList.module.css";
import { ValueBody } from "./ValueViews";

/** "1 byte", "2 bytes". */
const plural = (n: number, unit: string) => `${n} ${unit}${n === 1 ? "" : "s"}`;

const show = displayKey;

export function KeyDetailView({ detail }: { detail: KeyDetail }) {
  const memory = memoryOf(detail);
  const usage = (detail as KeyDetail & { memoryUsage?: unknown }).memoryUsage;
  return (
    <section className={`${styles.panel} ${styles.detail}`} aria-label="Key details">
      <h3 title={show(detail.key)}>{show(detail.key)}</h3>
      <p className={styles.facts}>
        <span>type {detail.type}</span>
        <span>encoding {detail.encoding}</span>
        <span>TTL {formatTtl(detail)}</span>
        <span>{plural(detail.length, detail.type === "string" ? "byte" : "element")}</span>
        <span>idle {detail.idleSeconds} s</span>
        <span>LFU counter {detail.lfuFrequency}</span>
        {memory !== undefined && <span>memory {formatBytes(memory)} (modelled)</span>}
        {typeof usage === "number" && <span>MEMORY USAGE {usage} B (modelled)</span>}
      </p>
      <ValueBody detail={detail} />
    </section>
  );
}
