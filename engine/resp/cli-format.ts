/**
 * Replies as redis-cli 7.0 shows them in a terminal (its "TTY" output: cliFormatReplyTTY).
 *
 * The REPL must look exactly like redis-cli, because the course's prose, Redis' docs and every
 * tutorial a learner reads show that output. redis-cli formats what arrives on the wire, so the
 * protocol matters: under RESP2 a map arrives as a flat array, a double as a bulk string and a
 * boolean as an integer, and they look like those. The output is a byte string (one char per
 * byte): bulk strings are escaped to ASCII, while status and error texts are written raw, as
 * redis-cli writes them to a UTF-8 terminal (use bytesToUtf8 to display them).
 *
 * Verified against the real redis-cli 7.0.15 in tests/engine/cli-format.test.ts.
 */
import type { Reply } from "../reply";
import { formatDouble17g } from "../util/format";

/** Formats one reply; the result ends with a newline, as redis-cli prints it. */
export function formatCliReply(r: Reply, resp: 2 | 3): string {
  return format(r, resp, "");
}

/**
 * What redis-cli prints for the reply to `argv`: a few commands whose replies are reports meant
 * to be read as text (INFO, CLIENT LIST, LATENCY DOCTOR…) are printed raw, everything else in
 * the terminal format. Raw output is printed as is, without an added newline.
 */
export function formatCliOutput(argv: readonly string[], r: Reply, resp: 2 | 3): string {
  return printsRaw(argv) ? formatCliRaw(r) : formatCliReply(r, resp);
}

/** redis-cli 7.0's list of commands whose replies it prints raw even in terminal mode. */
export function printsRaw(argv: readonly string[]): boolean {
  const cmd = argv[0]?.toLowerCase();
  const sub = argv[1]?.toLowerCase();
  const n = argv.length;
  switch (cmd) {
    case "info":
    case "lolwut":
      return true;
    case "debug":
      return n >= 2 && (sub === "htstats" || sub === "htstats-key");
    case "memory":
      return n >= 2 && (sub === "malloc-stats" || sub === "doctor");
    case "cluster":
      return n === 2 && (sub === "nodes" || sub === "info");
    case "client":
      return n >= 2 && sub === "list";
    case "latency":
      return (n === 3 && sub === "graph") || (n === 2 && sub === "doctor");
    default:
      return false;
  }
}

/**
 * redis-cli's raw format: texts as they are, nil as nothing, an error's text with a newline,
 * aggregates one element per line. Only the shapes the raw-printed commands return (texts,
 * errors, empty replies) are checked against redis-cli; the rest follow the same rule.
 */
export function formatCliRaw(r: Reply): string {
  switch (r.t) {
    case "null":
    case "nullarray":
      return "";
    case "error":
      return `${cString(r.v)}\n`;
    case "simple":
    case "bulk":
    case "verbatim":
    case "bignum":
      return r.v;
    case "int":
      return String(r.v);
    case "double":
      return r.text ?? formatDouble17g(r.v);
    case "bool":
      return r.v ? "1" : "0";
    case "array":
    case "map":
    case "set":
    case "push":
      return r.v.map(formatCliRaw).join("\n");
  }
}

/**
 * Redis' sdscatrepr: a double-quoted string where \ and " are escaped, \n \r \t \a \b use their
 * C escapes and every other byte outside printable ASCII is \xHH (so é in UTF-8 is \xc3\xa9).
 */
export function quoteBytes(s: string): string {
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    switch (c) {
      case 0x5c:
        out += "\\\\";
        break;
      case 0x22:
        out += '\\"';
        break;
      case 0x0a:
        out += "\\n";
        break;
      case 0x0d:
        out += "\\r";
        break;
      case 0x09:
        out += "\\t";
        break;
      case 0x07:
        out += "\\a";
        break;
      case 0x08:
        out += "\\b";
        break;
      default:
        out += c >= 0x20 && c <= 0x7e ? s[i] : `\\x${(c & 0xff).toString(16).padStart(2, "0")}`;
    }
  }
  return out + '"';
}

/** redis-cli prints status and error texts with %s: they end at the first NUL byte. */
const cString = (s: string): string => {
  const nul = s.indexOf("\0");
  return nul === -1 ? s : s.slice(0, nul);
};

type Aggregate = { kind: "array" | "map" | "set" | "push"; items: readonly Reply[] };

/** What redis-cli receives for an aggregate reply under the given protocol. */
function asAggregate(r: Reply, resp: 2 | 3): Aggregate | null {
  switch (r.t) {
    case "array":
      return { kind: "array", items: r.v };
    case "map":
    case "set":
    case "push":
      return { kind: resp === 3 ? r.t : "array", items: r.v };
    default:
      return null;
  }
}

const EMPTY: Record<Aggregate["kind"], string> = {
  array: "(empty array)\n",
  map: "(empty hash)\n",
  set: "(empty set)\n",
  push: "(empty push)\n",
};

/** The marker after an element's number: "1)" in arrays and pushes, "1~" in sets, "1#" in maps. */
const NUMSEP: Record<Aggregate["kind"], string> = { array: ")", push: ")", set: "~", map: "#" };

function format(r: Reply, resp: 2 | 3, prefix: string): string {
  const agg = asAggregate(r, resp);
  if (agg) return formatAggregate(agg, resp, prefix);
  switch (r.t) {
    case "error":
      return `(error) ${cString(r.v)}\n`;
    case "simple":
      return `${cString(r.v)}\n`;
    case "int":
      return `(integer) ${r.v}\n`;
    case "bulk":
      return `${quoteBytes(r.v)}\n`;
    case "null":
    case "nullarray":
      return "(nil)\n";
    case "double":
      return resp === 3 ? `(double) ${r.text ?? formatDouble17g(r.v)}\n` : `${quoteBytes(r.text ?? formatDouble17g(r.v))}\n`;
    case "bool":
      return resp === 3 ? (r.v ? "(true)\n" : "(false)\n") : `(integer) ${r.v ? 1 : 0}\n`;
    case "verbatim":
      // RESP3 verbatim text is printed as is (no quotes, no escapes), without its "txt:" tag.
      return resp === 3 ? `${r.v}\n` : `${quoteBytes(r.v)}\n`;
    case "bignum":
      // redis-cli 7.0 cannot print a RESP3 big number (it exits: "Unknown reply type: 13");
      // we show it the way later redis-cli versions do.
      return resp === 3 ? `(big number) ${r.v}\n` : `${quoteBytes(r.v)}\n`;
    default:
      return "";
  }
}

function formatAggregate(agg: Aggregate, resp: 2 | 3, prefix: string): string {
  const { kind, items } = agg;
  if (items.length === 0) return EMPTY[kind];
  const count = kind === "map" ? Math.floor(items.length / 2) : items.length;
  // Numbers are right-aligned to the widest index; nested replies indent past "NN) ".
  const width = String(count).length;
  const childPrefix = prefix + " ".repeat(width + 2);
  const sep = NUMSEP[kind];
  let out = "";
  for (let i = 0; i < items.length; i++) {
    const n = (kind === "map" ? Math.floor(i / 2) : i) + 1;
    // The first line needs no indent: the caller has already written this reply's own number.
    out += `${i === 0 ? "" : prefix}${String(n).padStart(width)}${sep} `;
    out += format(items[i], resp, childPrefix);
    if (kind === "map") {
      i++;
      out = out.slice(0, -1) + " => ";
      const value = i < items.length ? format(items[i], resp, childPrefix) : "";
      // A value that spans several lines starts on a line of its own, indented.
      if (value.indexOf("\n") < value.length - 1) out += `\n${childPrefix}`;
      out += value;
    }
  }
  return out;
}
