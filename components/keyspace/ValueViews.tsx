"use client";
/**
 * A value in a view made for its type: a string as text, redis-cli quoting, hex bytes, the
 * integer Redis stores, or its bits; a HyperLogLog's representation and estimate; a list with
 * the quicklist nodes that hold it; a hash table; a set; a sorted set ranked with scores (and
 * as geo points when every score is a geohash cell); a stream's entries, consumer groups and
 * pending entries.
 *
 * Every value is bytes rendered as text nodes — never markup — and cells clip with an ellipsis
 * so a 10 kB value or a right-to-left mark cannot break the layout.
 */
import { useState, type ReactNode } from "react";
import type { KeyDetail, ValueExtra } from "@/engine/inspect";
import { quoteBytes } from "@/engine/resp/cli-format";
import { formatDouble17g } from "@/engine/util/format";
import { displayKey } from "./KeyList";
import styles from "./KeyList.module.css";

const show = displayKey;

/** Strings up to this many bytes offer a bit view (8 bits per byte gets long fast). */
export const BITS_VIEW_MAX_BYTES = 64;
/** The byte view shows at most this many bytes. */
export const HEX_VIEW_MAX_BYTES = 4096;

type StringMode = "text" | "quoted" | "hex" | "int" | "bits";

const isInt64Text = (s: string) => /^-?(0|[1-9][0-9]{0,18})$/.test(s) && BigInt(s) <= 2n ** 63n - 1n && BigInt(s) >= -(2n ** 63n);

/** Offset, 16 bytes in hex, and their printable ASCII, per line — as `xxd` prints. */
export function hexDump(bytes: string, max = HEX_VIEW_MAX_BYTES): string {
  const lines: string[] = [];
  const end = Math.min(bytes.length, max);
  for (let at = 0; at < end; at += 16) {
    const chunk = bytes.slice(at, Math.min(at + 16, end));
    const hex = Array.from(chunk, (c) => c.charCodeAt(0).toString(16).padStart(2, "0")).join(" ");
    const ascii = Array.from(chunk, (c) => (c >= " " && c <= "~" ? c : ".")).join("");
    lines.push(`${at.toString(16).padStart(8, "0")}  ${hex.padEnd(47)}  ${ascii}`);
  }
  return lines.join("\n");
}

/** Each byte's 8 bits, most significant first, as GETBIT/SETBIT number them. */
export function bitRows(bytes: string): { offset: number; bits: string; byte: string }[] {
  return Array.from(bytes, (c, i) => ({
    offset: i * 8,
    bits: c.charCodeAt(0).toString(2).padStart(8, "0"),
    byte: quoteBytes(c),
  }));
}

function Modes<T extends string>({ modes, value, onChange, label }: { modes: [T, string][]; value: T; onChange(m: T): void; label: string }) {
  return (
    <div className={styles.modes} role="group" aria-label={label}>
      {modes.map(([m, text]) => (
        <button key={m} type="button" aria-pressed={m === value} onClick={() => onChange(m)}>
          {text}
        </button>
      ))}
    </div>
  );
}

function StringView({ detail, value }: { detail: KeyDetail; value: string }) {
  const hll = detail.extra?.kind === "hll" ? detail.extra : null;
  const modes: [StringMode, string][] = [
    ["text", "text"],
    ["quoted", "redis-cli"],
    ["hex", "bytes"],
  ];
  if (isInt64Text(value)) modes.push(["int", "integer"]);
  if (value.length <= BITS_VIEW_MAX_BYTES && value.length > 0) modes.push(["bits", "bits"]);
  const [mode, setMode] = useState<StringMode>("text");
  const current = modes.some(([m]) => m === mode) ? mode : "text";
  let body: ReactNode;
  if (current === "quoted") body = <pre className={styles.value} aria-label="Value">{quoteBytes(value)}</pre>;
  else if (current === "hex")
    body = (
      <>
        <pre className={`${styles.value} ${styles.hex}`} aria-label="Value">
          {hexDump(value)}
        </pre>
        {value.length > HEX_VIEW_MAX_BYTES && <p className={styles.more}>Showing {HEX_VIEW_MAX_BYTES} of {value.length} bytes.</p>}
      </>
    );
  else if (current === "int")
    body = (
      <p className={styles.value} aria-label="Value">
        {value}{" "}
        <span className={styles.muted}>
          {detail.encoding === "int"
            ? "— stored as a 64-bit integer (encoding int), not as text"
            : `— an integer as text (encoding ${detail.encoding}); INCR would work on it`}
        </span>
      </p>
    );
  else if (current === "bits") body = <BitsTable value={value} />;
  else
    body = (
      <pre className={styles.value} aria-label="Value">
        {show(value)}
      </pre>
    );
  return (
    <>
      {hll && <HllSummary hll={hll} />}
      <Modes<StringMode> label="Show the string as" modes={modes} value={current} onChange={setMode} />
      {body}
    </>
  );
}

function BitsTable({ value }: { value: string }) {
  const rows = bitRows(value);
  const set = rows.reduce((n, r) => n + r.bits.split("1").length - 1, 0);
  return (
    <>
      <p className={styles.more}>
        {set} of {value.length * 8} bits set (BITCOUNT). Bit offsets count from the most significant bit of byte 0.
      </p>
      <Table
        label="Bits"
        head={["offset", "bits", "byte"]}
        rows={rows.map((r) => [`${r.offset}–${r.offset + 7}`, r.bits, r.byte])}
        mono
      />
    </>
  );
}

function HllSummary({ hll }: { hll: Extract<ValueExtra, { kind: "hll" }> }) {
  return (
    <p className={styles.structure} aria-label="HyperLogLog">
      <strong>HyperLogLog</strong> · {hll.representation} representation, {hll.bytes} bytes · estimate{" "}
      {hll.estimate ?? "unreadable (corrupt sparse data)"}
      {hll.estimate !== null && (hll.cached ? " (cached in the header)" : " (not cached: the next PFCOUNT computes it)")}.{" "}
      {hll.representation === "sparse"
        ? "Sparse runs of equal registers stay small until hll-sparse-max-bytes is passed; then Redis converts to dense (12 KB)."
        : "Dense: 16384 registers of 6 bits, always 12304 bytes."}
    </p>
  );
}

function ListView({ items, extra, length }: { items: string[]; extra?: ValueExtra; length: number }) {
  const q = extra?.kind === "quicklist" ? extra : null;
  // Which node each shown index lives in, from the nodes' element counts.
  const nodeOf: number[] = [];
  if (q) q.nodes.forEach((n, i) => { for (let k = 0; k < n.count && nodeOf.length < items.length; k++) nodeOf.push(i); });
  return (
    <>
      {q && (
        <div className={styles.structure} aria-label="Quicklist nodes">
          <p>
            <strong>quicklist</strong> · {q.nodeCount} node{q.nodeCount === 1 ? "" : "s"} (listpacks), list-max-listpack-size {q.fill}
            {q.fill < 0 ? ` (each node up to ${[4, 8, 16, 32, 64][-q.fill - 1]} KB)` : ` (each node up to ${q.fill} elements)`}
            {q.compress > 0 ? `, list-compress-depth ${q.compress}` : ""}
          </p>
          <ol className={styles.nodes}>
            {q.nodes.map((n, i) => (
              <li key={i} title={`node ${i}: ${n.count} elements, ${n.bytes} bytes`}>
                <span>#{i}</span> {n.count} el · {n.bytes} B
              </li>
            ))}
          </ol>
          {q.nodeCount > q.nodes.length && <p className={styles.more}>Showing {q.nodes.length} of {q.nodeCount} nodes.</p>}
        </div>
      )}
      <Table
        label="Value"
        head={q ? ["index", "node", "element"] : ["index", "element"]}
        rows={items.map((x, i) => (q ? [String(i), String(nodeOf[i] ?? ""), show(x)] : [String(i), show(x)]))}
      />
      <Cut shown={items.length} length={length} />
    </>
  );
}

function ZSetView({ entries, extra, length }: { entries: [string, number][]; extra?: ValueExtra; length: number }) {
  const geo = extra?.kind === "geo" ? extra : null;
  const [asGeo, setAsGeo] = useState(false);
  return (
    <>
      {geo && (
        <Modes
          label="Show the sorted set as"
          modes={[
            ["ranked", "ranked"],
            ["geo", "as geo"],
          ]}
          value={asGeo ? "geo" : "ranked"}
          onChange={(m) => setAsGeo(m === "geo")}
        />
      )}
      {geo && asGeo ? (
        <Table
          label="Value"
          head={["member", "longitude", "latitude"]}
          rows={geo.points.map(([m, lon, lat]) => [show(m), lon.toFixed(6), lat.toFixed(6)])}
        />
      ) : (
        <Table label="Value" head={["rank", "member", "score"]} rows={entries.map(([m, s], i) => [String(i), show(m), formatDouble17g(s)])} />
      )}
      <Cut shown={entries.length} length={length} />
    </>
  );
}

function StreamView({ entries, extra, length }: { entries: [string, string[]][]; extra?: ValueExtra; length: number }) {
  const info = extra?.kind === "stream" ? extra : null;
  return (
    <>
      {info && (
        <p className={styles.structure}>
          last ID {info.lastId} · entries added {info.entriesAdded} · max deleted ID {info.maxDeletedId} · {info.groups.length} consumer group
          {info.groups.length === 1 ? "" : "s"}
        </p>
      )}
      <Table
        label="Value"
        head={["id", "fields"]}
        rows={entries.map(([id, fields]) => [id, pairs(fields).map(([f, x]) => `${show(f)}=${show(x)}`).join(" ")])}
      />
      <Cut shown={entries.length} length={length} />
      {info?.groups.map((g) => (
        <section key={g.name} className={styles.group} aria-label={`Consumer group ${show(g.name)}`}>
          <h4>
            group {show(g.name)} <span className={styles.muted}>last delivered {g.lastDeliveredId} · entries read {g.entriesRead ?? "unknown"} · {g.pendingCount} pending</span>
          </h4>
          {g.consumers.length > 0 && (
            <Table label="Consumers" head={["consumer", "pending", "idle"]} rows={g.consumers.map((c) => [show(c.name), String(c.pending), `${c.idleMs} ms`])} />
          )}
          {g.pending.length > 0 && (
            <Table
              label="Pending entries"
              head={["pending id", "consumer", "idle", "deliveries"]}
              rows={g.pending.map((p) => [p.id, show(p.consumer), `${p.idleMs} ms`, String(p.deliveries)])}
            />
          )}
          {g.pendingCount > g.pending.length && <p className={styles.more}>Showing {g.pending.length} of {g.pendingCount} pending entries.</p>}
        </section>
      ))}
    </>
  );
}

export function ValueBody({ detail }: { detail: KeyDetail }) {
  const v = detail.value;
  switch (v.type) {
    case "string":
      return <StringView key={detail.key} detail={detail} value={v.value} />;
    case "list":
      return <ListView items={v.items} extra={detail.extra} length={detail.length} />;
    case "set":
      return (
        <>
          <Table label="Value" head={["member"]} rows={v.members.map((m) => [show(m)])} />
          <Cut shown={v.members.length} length={detail.length} />
        </>
      );
    case "hash":
      return (
        <>
          <Table label="Value" head={["field", "value"]} rows={v.fields.map(([f, x]) => [show(f), show(x)])} />
          <Cut shown={v.fields.length} length={detail.length} />
        </>
      );
    case "zset":
      return <ZSetView key={detail.key} entries={v.entries} extra={detail.extra} length={detail.length} />;
    case "stream":
      return <StreamView entries={v.entries} extra={detail.extra} length={detail.length} />;
  }
}

function Cut({ shown, length }: { shown: number; length: number }) {
  return length > shown ? <p className={styles.more}>Showing {shown} of {length}.</p> : null;
}

function pairs(flat: string[]): [string, string][] {
  const out: [string, string][] = [];
  for (let i = 0; i + 1 < flat.length; i += 2) out.push([flat[i], flat[i + 1]]);
  return out;
}

/** Columns that hold a small number. */
const NARROW = new Set(["index", "rank", "node", "pending", "deliveries"]);

function Table({ head, rows, label, mono }: { head: string[]; rows: string[][]; label: string; mono?: boolean }) {
  return (
    <div className={styles.valueScroller}>
      <table className={`${styles.table} ${styles.valueTable}`} aria-label={label}>
        <thead>
          <tr>
            {head.map((h) => (
              <th key={h} scope="col" className={NARROW.has(h) ? styles.narrow : undefined}>
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((r, i) => (
            <tr key={i}>
              {r.map((c, j) => (
                <td key={j} className={mono || j > 0 || head[0] !== "index" ? styles.key : undefined} title={c.length > 40 ? c.slice(0, 200) : undefined}>
                  {c}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
