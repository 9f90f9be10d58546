/**
 * Typed replies to RESP bytes (as latin1 byte strings), in RESP2 or RESP3.
 *
 * This is the only place that knows how a reply looks on the wire: RESP2 turns maps into flat
 * arrays, doubles into bulk strings, booleans into integers, and both nulls into `$-1`/`*-1`.
 */
import type { Reply } from "../reply";
import { formatDouble17g } from "../util/format";

/** Byte length of a latin1 byte string is its JS length: one char per byte. */
export function encodeReply(r: Reply, resp: 2 | 3): string {
  switch (r.t) {
    case "simple":
      return `+${r.v}\r\n`;
    case "error":
      // An error text must stay on one line, whatever a message or an argument carried.
      return `-${sanitizeLine(r.v)}\r\n`;
    case "int":
      return `:${r.v}\r\n`;
    case "bulk":
      return `$${r.v.length}\r\n${r.v}\r\n`;
    case "null":
      return resp === 3 ? "_\r\n" : "$-1\r\n";
    case "nullarray":
      return resp === 3 ? "_\r\n" : "*-1\r\n";
    case "array":
      return aggregate("*", r.v, r.v.length, resp);
    case "map":
      return resp === 3 ? aggregate("%", r.v, r.v.length / 2, resp) : aggregate("*", r.v, r.v.length, resp);
    case "set":
      return aggregate(resp === 3 ? "~" : "*", r.v, r.v.length, resp);
    case "push":
      return aggregate(resp === 3 ? ">" : "*", r.v, r.v.length, resp);
    case "double": {
      const s = r.text ?? formatDouble17g(r.v);
      return resp === 3 ? `,${s}\r\n` : `$${s.length}\r\n${s}\r\n`;
    }
    case "bool":
      return resp === 3 ? (r.v ? "#t\r\n" : "#f\r\n") : r.v ? ":1\r\n" : ":0\r\n";
    case "verbatim":
      return resp === 3
        ? `=${r.v.length + 4}\r\n${r.format}:${r.v}\r\n`
        : `$${r.v.length}\r\n${r.v}\r\n`;
    case "bignum":
      return resp === 3 ? `(${r.v}\r\n` : `$${r.v.length}\r\n${r.v}\r\n`;
  }
}

function aggregate(prefix: string, items: readonly Reply[], n: number, resp: 2 | 3): string {
  let out = `${prefix}${n}\r\n`;
  for (const item of items) out += encodeReply(item, resp);
  return out;
}

const sanitizeLine = (s: string): string =>
  s.indexOf("\r") === -1 && s.indexOf("\n") === -1 ? s : s.replace(/[\r\n]/g, " ");
