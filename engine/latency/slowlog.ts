/**
 * The slow log: the last `slowlog-max-len` commands that ran for at least
 * `slowlog-log-slower-than` microseconds (-1 turns it off, 0 logs everything), as Redis 7.0
 * keeps it. Each entry remembers its id, the wall-clock second it was logged, the duration,
 * the arguments (trimmed so a huge command costs little: at most 32 arguments and 128 bytes
 * per argument, the rest summarised), and the client's address and name at that moment.
 *
 * Entries live in a ring-like array, newest last, so logging and trimming are O(1) amortised
 * whatever the configured length.
 */

/** Redis' SLOWLOG_ENTRY_MAX_ARGC and SLOWLOG_ENTRY_MAX_STRING. */
const MAX_ARGC = 32;
const MAX_STRING = 128;

export interface SlowlogEntry {
  id: number;
  /** Unix time in seconds. */
  time: number;
  durationUs: number;
  argv: string[];
  addr: string;
  name: string;
}

/** The arguments as Redis stores them in an entry. */
export function slowlogArgv(argv: readonly string[]): string[] {
  const argc = Math.min(argv.length, MAX_ARGC);
  const out: string[] = [];
  for (let j = 0; j < argc; j++) {
    if (argc !== argv.length && j === argc - 1) {
      out.push(`... (${argv.length - argc + 1} more arguments)`);
    } else {
      const a = argv[j];
      out.push(a.length > MAX_STRING ? `${a.slice(0, MAX_STRING)}... (${a.length - MAX_STRING} more bytes)` : a);
    }
  }
  return out;
}

export class SlowLog {
  private entries: SlowlogEntry[] = [];
  /** Index of the oldest live entry in `entries` (older ones are dropped lazily). */
  private start = 0;
  private nextId = 0;

  get length(): number {
    return this.entries.length - this.start;
  }

  /** Logs an entry (the caller checked slowlog-log-slower-than), then trims. */
  push(entry: Omit<SlowlogEntry, "id">, maxLen: number): void {
    this.entries.push({ id: this.nextId++, ...entry });
    this.trim(maxLen);
  }

  /** Drops the oldest entries beyond `maxLen` (Redis trims after every command). */
  trim(maxLen: number): void {
    if (this.length <= maxLen) return;
    while (this.length > maxLen) this.start++;
    // Compact once the dead prefix dominates, so memory follows the live length.
    if (this.start > 64 && this.start * 2 > this.entries.length) {
      this.entries = this.entries.slice(this.start);
      this.start = 0;
    }
  }

  /** The newest `count` entries, newest first. */
  latest(count: number): SlowlogEntry[] {
    const out: SlowlogEntry[] = [];
    for (let i = this.entries.length - 1; i >= this.start && out.length < count; i--) out.push(this.entries[i]);
    return out;
  }

  reset(): void {
    this.entries = [];
    this.start = 0;
  }
}
