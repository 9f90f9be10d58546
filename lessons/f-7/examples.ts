/**
 * F-7's runnable examples. Each gives the same replies on a fresh instance and after the ones
 * before it, uses keys no exercise checks, and leaves the tab in RESP2 (the RESP3 example
 * switches back), so running the examples never passes an exercise. Every reply was run on
 * redis-server 7.0.15 with redis-cli and on the engine, and they agree; HELLO's reply is left
 * unchecked because it carries the connection's id.
 */
import type { Example } from "../types";
import { PROTO_MAX_BULK_MB } from "./wire";

const ITEMS = "MSET item:1 pen item:2 ink item:3 pad";

export const examples: Example[] = [
  {
    id: "f7-resp2-types",
    steps: [
      { run: "SET fruit apple" },
      { run: "GET fruit" },
      { run: "INCR hits" },
      { run: "GET nothing" },
      { run: "RPUSH basket pear plum" },
      { run: "LRANGE basket 0 -1" },
      { run: "INCR fruit" },
    ],
    expect: [
      "OK",
      '"apple"',
      "(integer) 1",
      "(nil)",
      "(integer) 2",
      '1) "pear"\n2) "plum"',
      "(error) ERR value is not an integer or out of range",
    ],
    note: "OK is a simple string, \"apple\" a bulk string, (nil) a bulk string of length -1, the list an array.",
  },
  {
    id: "f7-binary",
    steps: [{ run: 'SET note "hi\\r\\nthere"' }, { run: "STRLEN note" }, { run: "GET note" }],
    expect: ["OK", "(integer) 9", '"hi\\r\\nthere"'],
    note: "The double quotes turn \\r\\n into two real bytes, CR and LF: 2 + 2 + 5 = 9.",
  },
  {
    id: "f7-limits",
    steps: [{ run: "CONFIG GET proto-max-bulk-len" }],
    expect: [`1) "proto-max-bulk-len"\n2) "${PROTO_MAX_BULK_MB * 1024 * 1024}"`],
    note: `${PROTO_MAX_BULK_MB * 1024 * 1024} bytes is ${PROTO_MAX_BULK_MB} MB.`,
  },
  {
    id: "f7-empty-nil",
    steps: [
      { run: 'SET empty ""' },
      { run: "GET empty" },
      { run: "STRLEN empty" },
      { run: "GET nothing" },
      { run: "EXISTS nothing" },
      { run: "LRANGE nothing 0 -1" },
    ],
    expect: ["OK", '""', "(integer) 0", "(nil)", "(integer) 0", "(empty array)"],
    note: "An empty string exists and has length 0; a missing key is nil.",
  },
  {
    id: "f7-resp3",
    steps: [
      { run: "HELLO 3" },
      { run: "HSET book:1 title Dune year 1965" },
      { run: "HGETALL book:1" },
      { run: "SADD ids 3 1 2" },
      { run: "SMEMBERS ids" },
      { run: "ZADD board 1.5 ada" },
      { run: "ZSCORE board ada" },
      { run: "GET nothing" },
      { run: "HELLO 2" },
      { run: "HGETALL book:1" },
      { run: "ZSCORE board ada" },
    ],
    expect: [
      null,
      "(integer) 2",
      '1# "title" => "Dune"\n2# "year" => "1965"',
      "(integer) 3",
      '1~ "1"\n2~ "2"\n3~ "3"',
      "(integer) 1",
      "(double) 1.5",
      "(nil)",
      null,
      '1) "title"\n2) "Dune"\n3) "year"\n4) "1965"',
      '"1.5"',
    ],
    note: "HELLO's reply (a map) includes this connection's id, which differs from run to run. After HELLO 2 the same hash is a flat array again, and the score a string.",
  },
  {
    id: "f7-loop",
    steps: [{ run: ITEMS }, { run: "GET item:1" }, { run: "GET item:2" }, { run: "GET item:3" }],
    expect: ["OK", '"pen"', '"ink"', '"pad"'],
    note: "Three GETs, three round trips. Paste the three GET lines at once to send them as one pipeline.",
  },
  {
    id: "f7-mget",
    steps: [{ run: ITEMS }, { run: "MGET item:1 item:2 nope item:3" }],
    expect: ["OK", '1) "pen"\n2) "ink"\n3) (nil)\n4) "pad"'],
    note: "One request, one reply: an array with a nil where a key is missing.",
  },
  {
    id: "f7-repeat",
    steps: [{ run: "3 INCR views" }],
    expect: ["(integer) 1\n(integer) 2\n(integer) 3"],
    note: "Three requests, each waiting for its reply: a loop, not a pipeline.",
  },
];
