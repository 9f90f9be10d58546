"use client";
/**
 * The key table: every key of the selected database (as the inspector filtered it) with type,
 * encoding, TTL and, when the engine models it, memory. A row whose encoding just flipped is
 * highlighted; clicking a key, or moving to it with the arrow keys, selects it for the value view.
 */
import { useEffect, useId, useMemo, useRef, useState, type KeyboardEvent } from "react";
import type { KeyView } from "@/engine/host/api";
import { quoteBytes } from "@/engine/resp/cli-format";
import { bytesToUtf8 } from "@/engine/util/bytes";
import styles from "./KeyList.module.css";

/** Every row has this height (CSS pins it), which is what lets the list compute its window. */
export const ROW_HEIGHT = 28;
/** Rows rendered above and below the visible ones, so a quick scroll shows no gap. */
const OVERSCAN = 8;
/** The viewport height assumed before the browser has measured one (and in jsdom). */
const DEFAULT_VIEWPORT = 420;

/** KeyView may gain a modelled memory figure; shown when present. */
export const memoryOf = (k: KeyView): number | undefined => {
  const m = (k as KeyView & { memory?: unknown }).memory;
  return typeof m === "number" ? m : undefined;
};

export interface KeyListProps {
  keys: KeyView[];
  selected: string | null;
  onSelect(key: string): void;
  /** Keys whose encoding flipped recently. */
  flipped: ReadonlySet<string>;
}

/** The first and last (exclusive) row to render for a scroll position. */
export function rowWindow(scrollTop: number, viewport: number, total: number): [number, number] {
  const first = Math.max(0, Math.floor(scrollTop / ROW_HEIGHT) - OVERSCAN);
  const last = Math.min(total, Math.ceil((scrollTop + viewport) / ROW_HEIGHT) + OVERSCAN);
  return [first, Math.max(first, last)];
}

/**
 * A virtualised grid: only the rows in (and near) the scrolled viewport are in the DOM, with
 * spacer rows standing in for the rest, so 10,000 keys scroll as lightly as 10. The grid is
 * one tab stop; arrow keys, Page Up/Down, Home and End move the selection (which follows
 * focus, as in a listbox) and scroll it into view.
 */
export function KeyTable({ keys, selected, onSelect, flipped }: KeyListProps) {
  const id = useId();
  const scroller = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [viewport, setViewport] = useState(DEFAULT_VIEWPORT);
  const withMemory = keys.some((k) => memoryOf(k) !== undefined);
  const selectedIndex = useMemo(() => (selected === null ? -1 : keys.findIndex((k) => k.key === selected)), [keys, selected]);

  useEffect(() => {
    const el = scroller.current;
    if (!el || typeof ResizeObserver === "undefined") return;
    const ro = new ResizeObserver(() => el.clientHeight > 0 && setViewport(el.clientHeight));
    ro.observe(el);
    return () => ro.disconnect();
  }, []);

  const [first, last] = rowWindow(scrollTop, viewport, keys.length);
  const shown = keys.slice(first, last);
  const columns = withMemory ? 5 : 4;

  const moveTo = (index: number) => {
    if (!keys.length) return;
    const i = Math.max(0, Math.min(keys.length - 1, index));
    onSelect(keys[i].key);
    const el = scroller.current;
    if (!el) return;
    const top = (i + 1) * ROW_HEIGHT; // below the sticky header row
    const height = el.clientHeight || viewport;
    if (top < el.scrollTop + ROW_HEIGHT) el.scrollTop = top - ROW_HEIGHT;
    else if (top + ROW_HEIGHT > el.scrollTop + height) el.scrollTop = top + ROW_HEIGHT - height;
    setScrollTop(el.scrollTop);
  };

  const onKeyDown = (e: KeyboardEvent<HTMLTableElement>) => {
    const page = Math.max(1, Math.floor(viewport / ROW_HEIGHT) - 1);
    const at = selectedIndex;
    const to: Record<string, number> = {
      ArrowDown: at + 1,
      ArrowUp: at < 0 ? 0 : at - 1,
      PageDown: at + page,
      PageUp: at - page,
      Home: 0,
      End: keys.length - 1,
    };
    if (!(e.key in to)) return;
    e.preventDefault();
    moveTo(to[e.key]);
  };

  return (
    <div
      ref={scroller}
      className={styles.scroller}
      onScroll={(e) => setScrollTop(e.currentTarget.scrollTop)}
      data-rendered-rows={shown.length}
    >
      <table
        className={`${styles.table} ${styles.keyGrid}`}
        role="grid"
        aria-label="Keys in this database"
        aria-rowcount={keys.length + 1}
        aria-activedescendant={selectedIndex >= first && selectedIndex < last ? `${id}-r${selectedIndex}` : undefined}
        tabIndex={0}
        onKeyDown={onKeyDown}
      >
        <thead>
          <tr aria-rowindex={1}>
            <th scope="col">Key</th>
            <th scope="col">Type</th>
            <th scope="col">Encoding</th>
            <th scope="col">TTL</th>
            {withMemory && (
              // A narrow panel drops the "(modelled)" note from sight, never from the column's name.
              <th scope="col" aria-label="Memory (modelled)" title="Memory as the playground models Redis' allocations">
                Memory<span className={styles.memNote}> (modelled)</span>
              </th>
            )}
          </tr>
        </thead>
        <tbody>
          {first > 0 && (
            <tr aria-hidden="true" className={styles.spacer} style={{ height: first * ROW_HEIGHT }}>
              <td colSpan={columns} />
            </tr>
          )}
          {shown.map((k, n) => (
            <tr
              key={k.key}
              id={`${id}-r${first + n}`}
              aria-rowindex={first + n + 2}
              data-key={k.key}
              aria-selected={k.key === selected}
              data-flipped={flipped.has(k.key) ? "true" : undefined}
              className={styles.row}
              onClick={() => onSelect(k.key)}
            >
              <td className={`${styles.key} ${styles.clip}`} title={displayKey(k.key)}>
                <button type="button" className={styles.keyButton} tabIndex={-1}>
                  {displayKey(k.key)}
                </button>
              </td>
              <td>{k.type}</td>
              <td className={styles.muted}>{k.encoding}</td>
              <td className={styles.ttl}>{formatTtl(k)}</td>
              {withMemory && <td className={styles.ttl}>{formatBytes(memoryOf(k))}</td>}
            </tr>
          ))}
          {last < keys.length && (
            <tr aria-hidden="true" className={styles.spacer} style={{ height: (keys.length - last) * ROW_HEIGHT }}>
              <td colSpan={columns} />
            </tr>
          )}
        </tbody>
      </table>
    </div>
  );
}

/** Keys are bytes: readable UTF-8 shows as text, anything else as redis-cli would quote it. */
export function displayKey(key: string): string {
  const text = bytesToUtf8(key);
  return text.includes("\ufffd") || /[\x00-\x1f\x7f]/.test(text) ? quoteBytes(key) : text;
}

export function formatTtl(k: Pick<KeyView, "ttlMs" | "expired">): string {
  if (k.ttlMs === null) return "—";
  if (k.expired) return "expired";
  const ms = k.ttlMs;
  if (ms < 1000) return `${Math.ceil(ms)} ms`;
  const s = Math.ceil(ms / 1000);
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} m ${s % 60} s`;
  if (s < 86400) return `${Math.floor(s / 3600)} h ${Math.floor((s % 3600) / 60)} m`;
  return `${Math.floor(s / 86400)} d ${Math.floor((s % 86400) / 3600)} h`;
}

export function formatBytes(n: number | undefined): string {
  if (n === undefined) return "—";
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}
