/**
 * F-4's runnable examples. DEBUG SLEEP stays at half a second or less: in the browser it
 * really holds the instance that long. Replies that carry a wall-clock time or a client
 * address (SLOWLOG GET) are left unchecked and said so in the note.
 */
import type { Example } from "../types";

export const examples: Example[] = [
  {
    id: "f4-turns",
    steps: [
      { client: "a", run: "SET stock 10" },
      { client: "b", run: "DECR stock" },
      { client: "a", run: "DECRBY stock 3" },
      { client: "b", run: "GET stock" },
    ],
    expect: ["OK", "(integer) 9", "(integer) 6", '"6"'],
    note: "Two tabs, two connections, one queue of commands: each runs whole before the next starts.",
  },
  {
    id: "f4-sleep",
    steps: [
      { client: "web", run: "SET greeting hello" },
      { client: "batch", run: "DEBUG SLEEP 0.5" },
      { client: "web", run: "GET greeting" },
    ],
    expect: ["OK", "OK", '"hello"'],
    note: "Played from here, the lines run one after another, so web's GET starts after the sleep. To watch it wait, type DEBUG SLEEP 2 in the batch tab and, before it answers, GET greeting in the web tab: its reply comes when the sleep ends, marked (waited …).",
  },
  {
    id: "f4-slowlog",
    steps: [
      { run: "SLOWLOG RESET" },
      { run: "DEBUG SLEEP 0.2" },
      { run: "GET greeting" },
      { run: "SLOWLOG LEN" },
      { run: "SLOWLOG GET 1" },
    ],
    expect: ["OK", "OK", "(nil)", "(integer) 1", null],
    note: "SLOWLOG GET shows an ID, the Unix time, the duration in microseconds (about 200000 here), the command and its arguments, the client's address and its name. The time and address differ on every machine, so that reply is not compared.",
  },
  {
    id: "f4-slowlog-config",
    steps: [{ run: "CONFIG GET slowlog-log-slower-than" }, { run: "CONFIG GET slowlog-max-len" }],
    expect: ['1) "slowlog-log-slower-than"\n2) "10000"', '1) "slowlog-max-len"\n2) "128"'],
  },
  {
    id: "f4-keys-scan",
    steps: [
      { run: "DEBUG POPULATE 1000 item" },
      { run: "DBSIZE" },
      { run: "KEYS item:999" },
      { run: "SCAN 0 MATCH item:999 COUNT 2000" },
    ],
    expect: ["OK", "(integer) 1000", '1) "item:999"', '1) "0"\n2) 1) "item:999"'],
    note: "Both looked at all 1,000 keys to find one. SCAN's first reply is the cursor for the next call; 0 means the scan is complete. With a normal COUNT it would have taken many short calls.",
  },
  {
    id: "f4-unlink",
    steps: [{ run: "SADD tags:big a b c d" }, { run: "UNLINK tags:big" }, { run: "EXISTS tags:big" }, { run: "DEL tags:big" }],
    expect: ["(integer) 4", "(integer) 1", "(integer) 0", "(integer) 0"],
    note: "UNLINK answers like DEL: how many keys it removed. The key is gone at once; only freeing the memory may happen later.",
  },
  {
    id: "f4-threads",
    steps: [{ run: "CONFIG GET io-threads" }, { run: "CONFIG GET io-threads-do-reads" }, { run: "CONFIG GET busy-reply-threshold" }],
    expect: ['1) "io-threads"\n2) "1"', '1) "io-threads-do-reads"\n2) "no"', '1) "busy-reply-threshold"\n2) "1000"'],
  },
];
