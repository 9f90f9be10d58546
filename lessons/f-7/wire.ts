/**
 * The RESP bytes F-7's prose prints, each with the commands that produce it. The bytes are
 * written the way the wire view and raw mode show them (components/console/resp-text.ts:
 * `\r\n` as escapes). The module's test runs each entry's commands on the engine and compares
 * the encoded reply (or the encoded request, for `sent`) with these strings; each was also read
 * off a socket to redis-server 7.0.15.
 */

export interface WireSample {
  /** Commands run first, on one fresh connection (argv each). */
  before: string[][];
  /** The command whose reply (or request, when `sent`) is shown. */
  argv: string[];
  resp: 2 | 3;
  /** The bytes, escaped as the wire view prints them. */
  bytes: string;
  /** Show the request the client sends instead of the reply. */
  sent?: boolean;
  /** Typed in raw mode instead (escaped, as the learner types it; Enter adds the last CRLF). */
  raw?: string;
}

/** proto-max-bulk-len's default (536870912 bytes), in MB as the prose says it. */
export const PROTO_MAX_BULK_MB = 512;

export const WIRE = {
  ok: { before: [], argv: ["SET", "fruit", "apple"], resp: 2, bytes: "+OK\\r\\n" },
  incrError: {
    before: [["SET", "fruit", "apple"]],
    argv: ["INCR", "fruit"],
    resp: 2,
    bytes: "-ERR value is not an integer or out of range\\r\\n",
  },
  incr: { before: [], argv: ["INCR", "hits"], resp: 2, bytes: ":1\\r\\n" },
  getFruit: { before: [["SET", "fruit", "apple"]], argv: ["GET", "fruit"], resp: 2, bytes: "$5\\r\\napple\\r\\n" },
  lrange: {
    before: [["RPUSH", "basket", "pear", "plum"]],
    argv: ["LRANGE", "basket", "0", "-1"],
    resp: 2,
    bytes: "*2\\r\\n$4\\r\\npear\\r\\n$4\\r\\nplum\\r\\n",
  },
  getNote: { before: [["SET", "note", "hi\r\nthere"]], argv: ["GET", "note"], resp: 2, bytes: "$9\\r\\nhi\\r\\nthere\\r\\n" },
  getNothing: { before: [], argv: ["GET", "nothing"], resp: 2, bytes: "$-1\\r\\n" },
  getEmpty: { before: [["SET", "empty", ""]], argv: ["GET", "empty"], resp: 2, bytes: "$0\\r\\n\\r\\n" },
  lrangeEmpty: { before: [], argv: ["LRANGE", "nothing", "0", "-1"], resp: 2, bytes: "*0\\r\\n" },
  setFruitSent: {
    before: [],
    argv: ["SET", "fruit", "apple"],
    resp: 2,
    sent: true,
    bytes: "*3\\r\\n$3\\r\\nSET\\r\\n$5\\r\\nfruit\\r\\n$5\\r\\napple\\r\\n",
  },
  ping: { before: [], argv: ["PING"], resp: 2, bytes: "+PONG\\r\\n" },
  hgetallMap: {
    before: [["HELLO", "3"], ["HSET", "book:1", "title", "Dune", "year", "1965"]],
    argv: ["HGETALL", "book:1"],
    resp: 3,
    bytes: "%2\\r\\n$5\\r\\ntitle\\r\\n$4\\r\\nDune\\r\\n$4\\r\\nyear\\r\\n$4\\r\\n1965\\r\\n",
  },
  hgetallArray: {
    before: [["HSET", "book:1", "title", "Dune", "year", "1965"]],
    argv: ["HGETALL", "book:1"],
    resp: 2,
    bytes: "*4\\r\\n$5\\r\\ntitle\\r\\n$4\\r\\nDune\\r\\n$4\\r\\nyear\\r\\n$4\\r\\n1965\\r\\n",
  },
  getNull3: { before: [["HELLO", "3"]], argv: ["GET", "nothing"], resp: 3, bytes: "_\\r\\n" },
  protoDollar: { before: [], argv: [], raw: "*1\\r\\nx4\\r\\nPING", resp: 2, bytes: "-ERR Protocol error: expected '$', got 'x'\\r\\n" },
} satisfies Record<string, WireSample>;
