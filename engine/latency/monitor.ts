/**
 * The latency monitor (LATENCY LATEST / HISTORY / RESET / GRAPH / DOCTOR): for each event
 * class ("command", "fast-command", "expire-cycle", …) a time series of the last 160 seconds
 * that had a spike of at least `latency-monitor-threshold` ms, at most one sample per second
 * (the worst), plus the all-time maximum — the shape Redis 7.0's latency.c keeps.
 *
 * Events are kept in first-seen order; Redis lists them in hash-table order, which only
 * matters when there are several.
 */

/** Redis' LATENCY_TS_LEN: samples kept per event. */
const TS_LEN = 160;

export interface LatencySample {
  /** Unix time in seconds. */
  time: number;
  /** Milliseconds. */
  latency: number;
}

export class LatencySeries {
  /** A ring of TS_LEN slots; `idx` is the next to write. Time 0 marks an empty slot. */
  readonly samples: LatencySample[] = Array.from({ length: TS_LEN }, () => ({ time: 0, latency: 0 }));
  idx = 0;
  max = 0;

  add(now: number, latency: number): void {
    if (latency > this.max) this.max = latency;
    const prev = this.samples[(this.idx + TS_LEN - 1) % TS_LEN];
    // One sample per second: a second spike in the same second only raises it.
    if (prev.time === now) {
      if (latency > prev.latency) prev.latency = latency;
      return;
    }
    this.samples[this.idx] = { time: now, latency };
    this.idx = (this.idx + 1) % TS_LEN;
  }

  /** Samples oldest first, empty slots skipped. */
  history(): LatencySample[] {
    const out: LatencySample[] = [];
    for (let j = 0; j < TS_LEN; j++) {
      const s = this.samples[(this.idx + j) % TS_LEN];
      if (s.time !== 0) out.push(s);
    }
    return out;
  }

  latest(): LatencySample {
    return this.samples[(this.idx + TS_LEN - 1) % TS_LEN];
  }
}

export class LatencyMonitor {
  readonly events = new Map<string, LatencySeries>();

  /** latencyAddSampleIfNeeded: only spikes at or above a non-zero threshold are kept. */
  addIfNeeded(threshold: number, event: string, ms: number, nowSec: number): void {
    if (!threshold || ms < threshold) return;
    let ts = this.events.get(event);
    if (!ts) this.events.set(event, (ts = new LatencySeries()));
    ts.add(nowSec, ms);
  }

  /** latencyResetEvent: the number of events removed (names compared case-insensitively). */
  reset(name?: string): number {
    let n = 0;
    for (const event of [...this.events.keys()]) {
      if (name === undefined || event.toLowerCase() === name.toLowerCase()) {
        this.events.delete(event);
        n++;
      }
    }
    return n;
  }
}

// ---- LATENCY GRAPH: an ASCII sparkline, as Redis draws it -------------------------------------

const GRAPH_COLS = 80;
const GRAPH_ROWS = 4;
const CHARSET_FILL = "_o#";

/** "13s", "2m", "5h", "3d": how long ago a sample was, as the graph labels it. */
function ago(elapsed: number): string {
  if (elapsed < 60) return `${elapsed}s`;
  if (elapsed < 3600) return `${Math.trunc(elapsed / 60)}m`;
  if (elapsed < 86400) return `${Math.trunc(elapsed / 3600)}h`;
  return `${Math.trunc(elapsed / 86400)}d`;
}

/** Renders up to GRAPH_COLS samples: GRAPH_ROWS rows of bars, a blank row, then the labels downwards. */
function renderRange(values: number[], labels: string[], min: number, max: number): string {
  const steps = CHARSET_FILL.length * GRAPH_ROWS;
  const relmax = max - min === 0 ? 1 : max - min;
  let out = "";
  for (let row = 0; ; row++) {
    let any = false;
    const chars = new Array<string>(values.length).fill(" ");
    for (let j = 0; j < values.length; j++) {
      let step = Math.trunc(Math.trunc((values[j] - min) * steps) / relmax);
      step = Math.min(Math.max(step, 0), steps - 1);
      if (row < GRAPH_ROWS) {
        any = true;
        const idx = step - (GRAPH_ROWS - row - 1) * CHARSET_FILL.length;
        if (idx >= 0 && idx < CHARSET_FILL.length) chars[j] = CHARSET_FILL[idx];
        else if (idx >= CHARSET_FILL.length) chars[j] = "|";
      } else if (row === GRAPH_ROWS) {
        // The margin between the bars and the labels (every sample has a label).
        any = true;
        break;
      } else {
        const k = row - GRAPH_ROWS - 1;
        if (labels[j].length > k) {
          any = true;
          chars[j] = labels[j][k];
        }
      }
    }
    if (!any) return out;
    out += chars.join("") + "\n";
  }
}

/** LATENCY GRAPH's text for one event. */
export function latencyGraph(event: string, ts: LatencySeries, nowSec: number): string {
  const samples = ts.history();
  const values = samples.map((s) => s.latency);
  const labels = samples.map((s) => ago(nowSec - s.time));
  const min = values.length ? Math.min(...values) : 0;
  const max = values.length ? Math.max(...values) : 0;
  let out = `${event} - high ${max} ms, low ${min} ms (all time high ${ts.max} ms)\n${"-".repeat(GRAPH_COLS)}\n`;
  for (let j = 0; j < values.length; j += GRAPH_COLS) {
    if (j !== 0) out += "\n";
    out += renderRange(values.slice(j, j + GRAPH_COLS), labels.slice(j, j + GRAPH_COLS), min, max);
  }
  return out;
}
