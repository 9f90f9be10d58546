/**
 * F-6's runnable examples. Each runs the same on a fresh instance and after the ones before it
 * (no two share a key), and none touches a key an exercise checks. Every expected reply,
 * floats included, was run on redis-server 7.0.15 and on the engine, and they agree byte for
 * byte.
 */
import { HLL_DENSE_SIZE } from "@/engine/types/hyperloglog";
import type { Example } from "../types";
import { SPARSE_MAX_BYTES } from "./sections";

/** "1 2 3 … n": short members, so the example line stays readable. */
export const upTo = (n: number) => Array.from({ length: n }, (_, i) => String(i + 1)).join(" ");

/** The five Paris landmarks of the geo examples (longitude first, as GEOADD takes them). */
const PARIS = "2.2945 48.8584 eiffel 2.3376 48.8606 louvre 2.3499 48.8530 notre-dame 2.3431 48.8867 sacre-coeur 2.2950 48.8738 arc";

export const examples: Example[] = [
  {
    id: "f6-hll-basics",
    steps: [
      { run: "PFADD visitors:home alice bob carol" },
      { run: "PFADD visitors:home bob dave" },
      { run: "PFADD visitors:home alice" },
      { run: "PFCOUNT visitors:home" },
    ],
    expect: ["(integer) 1", "(integer) 1", "(integer) 0", "(integer) 4"],
    note: "Seven additions, four different visitors.",
  },
  {
    id: "f6-hll-estimate",
    steps: [
      { run: `PFADD nums ${upTo(128)}` },
      { run: `SADD nums:exact ${upTo(128)}` },
      { run: "PFCOUNT nums" },
      { run: "SCARD nums:exact" },
    ],
    expect: ["(integer) 1", "(integer) 128", "(integer) 129", "(integer) 128"],
    note: "The same 128 members: the set counts them exactly, the HyperLogLog estimates.",
  },
  {
    id: "f6-hll-merge",
    steps: [
      { run: "PFADD uv:mon alice bob carol" },
      { run: "PFADD uv:tue carol dave erin" },
      { run: "PFCOUNT uv:mon uv:tue" },
      { run: "PFMERGE uv:week uv:mon uv:tue" },
      { run: "PFCOUNT uv:week" },
    ],
    expect: ["(integer) 1", "(integer) 1", "(integer) 5", "OK", "(integer) 5"],
    note: "carol came on both days and is counted once.",
  },
  {
    id: "f6-hll-sparse",
    steps: [
      { run: "PFADD tiny a b c" },
      { run: "TYPE tiny" },
      { run: "GETRANGE tiny 0 3" },
      { run: "STRLEN tiny" },
      { run: "PFDEBUG ENCODING tiny" },
      { run: "CONFIG GET hll-sparse-max-bytes" },
    ],
    expect: ["(integer) 1", "string", '"HYLL"', "(integer) 27", "sparse", `1) "hll-sparse-max-bytes"\n2) "${SPARSE_MAX_BYTES}"`],
    note: "Three elements in 27 bytes: the 16-byte header and a few run-length codes.",
  },
  {
    id: "f6-hll-dense",
    steps: [
      { run: "PFADD small a b c" },
      { run: "PFDEBUG TODENSE small" },
      { run: "PFDEBUG ENCODING small" },
      { run: "STRLEN small" },
      { run: "PFCOUNT small" },
    ],
    expect: ["(integer) 1", "(integer) 1", "dense", `(integer) ${HLL_DENSE_SIZE}`, "(integer) 3"],
    note: "Same three elements, same estimate, a fixed size.",
  },
  {
    id: "f6-bits-dau",
    steps: [
      { run: "SETBIT logins:mon 3 1" },
      { run: "SETBIT logins:mon 7 1" },
      { run: "SETBIT logins:mon 12 1" },
      { run: "SETBIT logins:mon 7 1" },
      { run: "GETBIT logins:mon 7" },
      { run: "GETBIT logins:mon 5" },
      { run: "BITCOUNT logins:mon" },
      { run: "STRLEN logins:mon" },
      { run: "TYPE logins:mon" },
    ],
    expect: ["(integer) 0", "(integer) 0", "(integer) 0", "(integer) 1", "(integer) 1", "(integer) 0", "(integer) 3", "(integer) 2", "string"],
    note: "Users 3, 7 and 12 logged in on Monday; user 7 twice.",
  },
  {
    id: "f6-bits-bitop",
    steps: [
      { run: "SETBIT act:mon 3 1" },
      { run: "SETBIT act:mon 7 1" },
      { run: "SETBIT act:mon 12 1" },
      { run: "SETBIT act:tue 7 1" },
      { run: "SETBIT act:tue 12 1" },
      { run: "SETBIT act:tue 20 1" },
      { run: "BITOP AND act:both act:mon act:tue" },
      { run: "BITCOUNT act:both" },
      { run: "BITOP OR act:either act:mon act:tue" },
      { run: "BITCOUNT act:either" },
    ],
    expect: [
      "(integer) 0",
      "(integer) 0",
      "(integer) 0",
      "(integer) 0",
      "(integer) 0",
      "(integer) 0",
      "(integer) 3",
      "(integer) 2",
      "(integer) 3",
      "(integer) 4",
    ],
    note: "BITOP's 3 is the byte length of the result (bit 20 lives in byte 2), not a number of users.",
  },
  {
    id: "f6-bits-pos",
    steps: [
      { run: "SETBIT seen 10 1" },
      { run: "SETBIT seen 17 1" },
      { run: "BITPOS seen 1" },
      { run: "BITPOS seen 0" },
      { run: "BITPOS seen 1 2" },
      { run: "BITCOUNT seen 0 0" },
      { run: "BITCOUNT seen 0 10 BIT" },
    ],
    expect: ["(integer) 0", "(integer) 0", "(integer) 10", "(integer) 0", "(integer) 17", "(integer) 0", "(integer) 1"],
    note: "BITPOS seen 1 2 starts at byte 2, that is bit 16.",
  },
  {
    id: "f6-bitfield",
    steps: [
      { run: "BITFIELD stock INCRBY u8 #0 100" },
      { run: "BITFIELD stock INCRBY u8 #0 200" },
      { run: "BITFIELD stock OVERFLOW SAT INCRBY u8 #1 200 OVERFLOW SAT INCRBY u8 #1 200" },
      { run: "BITFIELD stock OVERFLOW FAIL INCRBY u8 #2 250 OVERFLOW FAIL INCRBY u8 #2 10" },
      { run: "BITFIELD stock GET u8 #0 GET u8 #1 GET u8 #2" },
      { run: "STRLEN stock" },
    ],
    expect: [
      "1) (integer) 100",
      "1) (integer) 44",
      "1) (integer) 200\n2) (integer) 255",
      "1) (integer) 250\n2) (nil)",
      "1) (integer) 44\n2) (integer) 255\n3) (integer) 250",
      "(integer) 3",
    ],
  },
  {
    id: "f6-geo-add",
    steps: [
      { run: "GEOADD paris 2.2945 48.8584 eiffel 2.3376 48.8606 louvre 2.3499 48.8530 notre-dame" },
      { run: "GEOPOS paris eiffel nowhere" },
      { run: "GEODIST paris eiffel louvre" },
      { run: "GEODIST paris eiffel louvre km" },
    ],
    expect: ["(integer) 3", '1) 1) "2.29449838399887085"\n   2) "48.85839918237243751"\n2) (nil)', '"3163.6189"', '"3.1636"'],
    note: "GEOPOS gives back slightly different coordinates, and nil for a member that isn't there.",
  },
  {
    id: "f6-geo-search",
    steps: [
      { run: `GEOADD sights ${PARIS}` },
      { run: "GEOSEARCH sights FROMMEMBER louvre BYRADIUS 2 km ASC WITHDIST" },
      { run: "GEOSEARCH sights FROMLONLAT 2.3522 48.8566 BYRADIUS 3 km ASC COUNT 2 WITHDIST" },
      { run: "GEOSEARCH sights FROMLONLAT 2.3522 48.8566 BYBOX 6 4 km ASC" },
    ],
    expect: [
      "(integer) 5",
      '1) 1) "louvre"\n   2) "0.0000"\n2) 1) "notre-dame"\n   2) "1.2348"',
      '1) 1) "notre-dame"\n   2) "0.4343"\n2) 1) "louvre"\n   2) "1.1572"',
      '1) "notre-dame"\n2) "louvre"',
    ],
    note: "Distances come in the unit of the search, with four decimals.",
  },
  {
    id: "f6-geo-zset",
    steps: [
      { run: `GEOADD landmarks ${PARIS}` },
      { run: "TYPE landmarks" },
      { run: "OBJECT ENCODING landmarks" },
      { run: "ZSCORE landmarks eiffel" },
      { run: "ZRANGE landmarks 0 -1" },
      { run: "ZREM landmarks arc" },
      { run: "ZCARD landmarks" },
    ],
    expect: [
      "(integer) 5",
      "zset",
      '"listpack"',
      '"3663832614297766"',
      '1) "eiffel"\n2) "arc"\n3) "notre-dame"\n4) "louvre"\n5) "sacre-coeur"',
      "(integer) 1",
      "(integer) 4",
    ],
    note: "The score is the 52-bit geohash; a small geo set is a listpack like any small sorted set.",
  },
];
