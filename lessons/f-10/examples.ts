/**
 * F-10's runnable examples. Each uses key names of its own (no exercise checks them) and runs
 * the same on a fresh instance and after the ones before it.
 *
 * The MEMORY USAGE figures come from the playground's memory model. For these keys every one
 * was also run on redis-server 7.0.15 (64-bit, jemalloc 5.3) and the replies agree byte for
 * byte; the prose still calls them modelled, because a different build or allocator gives
 * other numbers.
 */
import type { Example } from "../types";

export const BIO =
  "Rear admiral, compiler pioneer, found an actual moth in the Mark II and taped it into the log book.";

export const examples: Example[] = [
  {
    id: "f10-int-embstr",
    steps: [
      { run: "SET views 12345" },
      { run: "OBJECT ENCODING views" },
      { run: "MEMORY USAGE views" },
      { run: "SET greeting hello" },
      { run: "OBJECT ENCODING greeting" },
      { run: "MEMORY USAGE greeting" },
    ],
    expect: ["OK", '"int"', "(integer) 48", "OK", '"embstr"', "(integer) 72"],
    note: "Both counts include the key's name and its slot in the keyspace, not just the value.",
  },
  {
    id: "f10-embstr-raw",
    steps: [
      { run: "SET s44 12345678901234567890123456789012345678901234" },
      { run: "OBJECT ENCODING s44" },
      { run: "MEMORY USAGE s44" },
      { run: "SET s45 123456789012345678901234567890123456789012345" },
      { run: "OBJECT ENCODING s45" },
      { run: "MEMORY USAGE s45" },
    ],
    expect: ["OK", '"embstr"', "(integer) 96", "OK", '"raw"', "(integer) 112"],
    note: "One byte more, and the string needs a second allocation.",
  },
  {
    id: "f10-size-classes",
    steps: [
      { run: 'SET msg:1 "hello world!"' },
      { run: "MEMORY USAGE msg:1" },
      { run: 'SET msg:2 "hello, world!"' },
      { run: "MEMORY USAGE msg:2" },
    ],
    expect: ["OK", "(integer) 64", "OK", "(integer) 80"],
    note: "One more character crosses from the 32-byte size class into the 48-byte one.",
  },
  {
    id: "f10-strings-vs-hash",
    steps: [
      { run: "SET u:3:name Ada" },
      { run: "SET u:3:email ada@example.com" },
      { run: "SET u:3:plan pro" },
      { run: "MEMORY USAGE u:3:name" },
      { run: "MEMORY USAGE u:3:email" },
      { run: "MEMORY USAGE u:3:plan" },
      { run: "HSET u:3 name Ada email ada@example.com plan pro" },
      { run: "OBJECT ENCODING u:3" },
      { run: "MEMORY USAGE u:3" },
    ],
    expect: ["OK", "OK", "OK", "(integer) 72", "(integer) 88", "(integer) 72", "(integer) 3", '"listpack"', "(integer) 112"],
    note: "232 bytes as three keys, 112 as one small hash: the same data in less than half.",
  },
  {
    id: "f10-reencode",
    steps: [
      { run: "HSET profile:1 name Grace email grace@example.com plan pro" },
      { run: "OBJECT ENCODING profile:1" },
      { run: "MEMORY USAGE profile:1" },
      { run: `HSET profile:1 bio "${BIO}"` },
      { run: "OBJECT ENCODING profile:1" },
      { run: "MEMORY USAGE profile:1" },
      { run: "HDEL profile:1 bio" },
      { run: "OBJECT ENCODING profile:1" },
      { run: "MEMORY USAGE profile:1" },
    ],
    expect: ["(integer) 3", '"listpack"', "(integer) 120", "(integer) 1", '"hashtable"', "(integer) 432", "(integer) 1", '"hashtable"', "(integer) 288"],
    note: "After HDEL the hash holds the same three fields as at the start, in more than twice the memory.",
  },
  {
    id: "f10-bucket",
    steps: [
      { run: "HSET seen:42 00 1717000000 01 1717000100 02 1717000200" },
      { run: "OBJECT ENCODING seen:42" },
      { run: "HGET seen:42 01" },
      { run: "MEMORY USAGE seen:42" },
    ],
    expect: ["(integer) 3", '"listpack"', '"1717000100"', "(integer) 104"],
    note: "Users 4200, 4201 and 4202 in one bucket: 104 bytes. As three string keys (seen:4200 and so on) they would take 168, and the gap widens with every user a bucket holds.",
  },
  {
    id: "f10-defrag-config",
    steps: [
      { run: "CONFIG GET activedefrag" },
      { run: "CONFIG GET active-defrag-ignore-bytes" },
      { run: "CONFIG GET active-defrag-threshold-lower" },
    ],
    expect: [
      '1) "activedefrag"\n2) "no"',
      '1) "active-defrag-ignore-bytes"\n2) "104857600"',
      '1) "active-defrag-threshold-lower"\n2) "10"',
    ],
    note: "Off by default; when on, it starts only past 100 MB of waste and 10% fragmentation.",
  },
];
