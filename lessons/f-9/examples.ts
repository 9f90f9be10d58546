/**
 * F-9's runnable examples. Every reply the prose shows is here with its expected text.
 *
 * IDs are explicit (1-0, 2-0, …) wherever a reply shows them: an auto ID (`*`) is the
 * instance clock's milliseconds, which differ in every learner's playground, so the one
 * example that uses `*` leaves those replies unchecked. Each example builds its own keys, so
 * it gives the same replies on a fresh instance, and none uses a key an exercise checks.
 */
import type { Example } from "../types";

/** One entry as redis-cli prints it inside a list of entries, at the given indent. */
const entry = (n: number, id: string, fields: [string, string][], indent: string, inline: boolean) => {
  const head = `${n}) `;
  const pad = indent + " ".repeat(head.length);
  const body = fields
    .flatMap(([f, v], i) => [`${i === 0 ? "" : pad + "   "}${2 * i + 1}) "${f}"`, `${pad}   ${2 * i + 2}) "${v}"`])
    .join("\n");
  return `${inline ? "" : indent}${head}1) "${id}"\n${pad}2) ${body}`;
};

/** A list of entries (XRANGE's reply), top level. */
const entries = (list: [string, [string, string][]][], indent = "") =>
  list.map(([id, f], i) => entry(i + 1, id, f, indent, i === 0)).join("\n");

/** XREAD/XREADGROUP's reply for one stream. */
const streamReply = (key: string, list: [string, [string, string][]][]) =>
  `1) 1) "${key}"\n   2) ${entries(list, "      ")}`;

export const examples: Example[] = [
  {
    id: "f9-xadd",
    steps: [
      { run: "XADD orders 1-1 item book qty 1" },
      { run: "XADD orders 1-2 item pen qty 3" },
      { run: "XADD orders 2-0 item ink qty 2" },
      { run: "XLEN orders" },
      { run: "XADD orders 1-5 item cup qty 1" },
      { run: "XADD orders 2-* item cup qty 1" },
    ],
    expect: [
      '"1-1"',
      '"1-2"',
      '"2-0"',
      "(integer) 3",
      "(error) ERR The ID specified in XADD is equal or smaller than the target stream top item",
      '"2-1"',
    ],
    note: "1-5 comes before 2-0, so Redis refuses it: IDs only ever grow. With 2-* Redis picks the next sequence number itself.",
  },
  {
    id: "f9-auto-id",
    steps: [{ run: "XADD clicks * page home" }, { run: "XADD clicks * page pricing" }, { run: "XLEN clicks" }],
    expect: [null, null, "(integer) 2"],
    note: "Your two IDs show your playground clock's milliseconds, so they differ from anyone else's. If both land in the same millisecond, the second ends in -1.",
  },
  {
    id: "f9-range",
    steps: [
      { run: "XADD temps 1-0 celsius 20" },
      { run: "XADD temps 2-0 celsius 21" },
      { run: "XADD temps 3-0 celsius 23" },
      { run: "XADD temps 4-0 celsius 22" },
      { run: "XRANGE temps - + COUNT 2" },
      { run: "XRANGE temps (2-0 +" },
      { run: "XREVRANGE temps + - COUNT 1" },
      { run: "XRANGE temps 2 3" },
    ],
    expect: [
      '"1-0"',
      '"2-0"',
      '"3-0"',
      '"4-0"',
      entries([
        ["1-0", [["celsius", "20"]]],
        ["2-0", [["celsius", "21"]]],
      ]),
      entries([
        ["3-0", [["celsius", "23"]]],
        ["4-0", [["celsius", "22"]]],
      ]),
      entries([["4-0", [["celsius", "22"]]]]),
      entries([
        ["2-0", [["celsius", "21"]]],
        ["3-0", [["celsius", "23"]]],
      ]),
    ],
    note: "( makes a bound exclusive. A bare 2 means 2-0 as a start and the last entry of millisecond 3 as an end.",
  },
  {
    id: "f9-xread",
    steps: [
      { run: "XADD chat 1-0 from ann text hi" },
      { run: "XADD chat 2-0 from bob text hello" },
      { run: "XREAD STREAMS chat 1-0" },
      { run: "XREAD STREAMS chat $" },
      { run: "XREAD BLOCK 1000 STREAMS chat 0" },
    ],
    expect: [
      '"1-0"',
      '"2-0"',
      streamReply("chat", [["2-0", [["from", "bob"], ["text", "hello"]]]]),
      "(nil)",
      streamReply("chat", [
        ["1-0", [["from", "ann"], ["text", "hi"]]],
        ["2-0", [["from", "bob"], ["text", "hello"]]],
      ]),
    ],
    note: "XREAD returns entries after the ID you give. $ means \"after the newest\", which is nothing until something new arrives; BLOCK answered at once because entries were already there.",
  },
  {
    id: "f9-group",
    steps: [
      { run: "XADD tasks 1-0 task resize" },
      { run: "XADD tasks 2-0 task email" },
      { run: "XADD tasks 3-0 task invoice" },
      { run: "XGROUP CREATE tasks workers 0" },
      { run: "XREADGROUP GROUP workers alice COUNT 2 STREAMS tasks >" },
      { run: "XREADGROUP GROUP workers bob COUNT 2 STREAMS tasks >" },
      { run: "XREADGROUP GROUP workers bob STREAMS tasks >" },
    ],
    expect: [
      '"1-0"',
      '"2-0"',
      '"3-0"',
      "OK",
      streamReply("tasks", [
        ["1-0", [["task", "resize"]]],
        ["2-0", [["task", "email"]]],
      ]),
      streamReply("tasks", [["3-0", [["task", "invoice"]]]]),
      "(nil)",
    ],
    note: "alice and bob share the work: no entry goes to both. Once the group has handed out everything, > has nothing more.",
  },
  {
    id: "f9-pending",
    fresh: false,
    steps: [
      { run: "XACK tasks workers 1-0" },
      { run: "XPENDING tasks workers" },
      { run: "XREADGROUP GROUP workers alice STREAMS tasks 0" },
      { run: "XLEN tasks" },
    ],
    expect: [
      "(integer) 1",
      '1) (integer) 2\n2) "2-0"\n3) "3-0"\n4) 1) 1) "alice"\n      2) "1"\n   2) 1) "bob"\n      2) "1"',
      streamReply("tasks", [["2-0", [["task", "email"]]]]),
      "(integer) 3",
    ],
    note: "Continues the example above. Two entries are delivered but not acknowledged, one each. With 0 instead of >, alice gets back her own unacknowledged entry. The stream itself still holds all three.",
  },
  {
    id: "f9-autoclaim",
    steps: [
      { run: "XADD mail 1-0 to ann" },
      { run: "XADD mail 2-0 to bob" },
      { run: "XGROUP CREATE mail senders 0" },
      { run: "XREADGROUP GROUP senders s1 STREAMS mail >" },
      { advanceMs: 60000 },
      { run: "XPENDING mail senders - + 10" },
      { run: "XAUTOCLAIM mail senders s2 60000 0-0" },
      { run: "XPENDING mail senders - + 10" },
    ],
    expect: [
      '"1-0"',
      '"2-0"',
      "OK",
      streamReply("mail", [
        ["1-0", [["to", "ann"]]],
        ["2-0", [["to", "bob"]]],
      ]),
      '1) 1) "1-0"\n   2) "s1"\n   3) (integer) 60000\n   4) (integer) 1\n2) 1) "2-0"\n   2) "s1"\n   3) (integer) 60000\n   4) (integer) 1',
      `1) "0-0"\n2) ${entries(
        [
          ["1-0", [["to", "ann"]]],
          ["2-0", [["to", "bob"]]],
        ],
        "   ",
      )}\n3) (empty array)`,
      '1) 1) "1-0"\n   2) "s2"\n   3) (integer) 0\n   4) (integer) 2\n2) 1) "2-0"\n   2) "s2"\n   3) (integer) 0\n   4) (integer) 2',
    ],
    note: "The example moves the clock a minute forward. Idle times are milliseconds as your playground's clock counts them, so yours may be a little higher if the clock is running.",
  },
  {
    id: "f9-trim",
    steps: [
      { run: "XADD log 1-0 level info" },
      { run: "XADD log 2-0 level warn" },
      { run: "XADD log 3-0 level info" },
      { run: "XADD log 4-0 level error" },
      { run: "XTRIM log MAXLEN ~ 2" },
      { run: "XTRIM log MAXLEN 2" },
      { run: "XRANGE log - +" },
    ],
    expect: [
      '"1-0"',
      '"2-0"',
      '"3-0"',
      '"4-0"',
      "(integer) 0",
      "(integer) 2",
      entries([
        ["3-0", [["level", "info"]]],
        ["4-0", [["level", "error"]]],
      ]),
    ],
    note: "With ~ Redis only drops whole internal nodes; four entries fit in one node, so nothing went. Without ~ it trims exactly.",
  },
  {
    id: "f9-dead-letter",
    steps: [
      { run: "XADD uploads 1-0 file cat.png" },
      { run: "XGROUP CREATE uploads thumbs 0" },
      { run: "XREADGROUP GROUP thumbs t1 STREAMS uploads >" },
      { run: "XCLAIM uploads thumbs t2 0 1-0" },
      { run: "XCLAIM uploads thumbs t3 0 1-0" },
      { run: "XPENDING uploads thumbs - + 10" },
      { run: "XADD uploads:dead 1-0 file cat.png" },
      { run: "XACK uploads thumbs 1-0" },
      { run: "XPENDING uploads thumbs" },
    ],
    expect: [
      '"1-0"',
      "OK",
      streamReply("uploads", [["1-0", [["file", "cat.png"]]]]),
      entries([["1-0", [["file", "cat.png"]]]]),
      entries([["1-0", [["file", "cat.png"]]]]),
      '1) 1) "1-0"\n   2) "t3"\n   3) (integer) 0\n   4) (integer) 3',
      '"1-0"',
      "(integer) 1",
      "1) (integer) 0\n2) (nil)\n3) (nil)\n4) (nil)",
    ],
    note: "Every claim counted one more delivery. After three, the entry is copied to its own stream (here under its old ID, to keep the link) and acknowledged.",
  },
];
