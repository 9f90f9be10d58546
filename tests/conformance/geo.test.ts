/**
 * The geo family against a real redis-server 7.0: stored scores (ZRANGE WITHSCORES), decoded
 * positions, geohashes, distances, and radius/box searches over points spread worldwide with
 * clusters at the poles' limits, on the antimeridian and on cell edges, in every option
 * combination, in RESP2 and RESP3. Nothing is normalised: Redis' geo replies are deterministic,
 * including the order of members at equal distances.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { Differential, describeMismatches, type Case } from "../support/differential";
import { Gen, seeds } from "../support/random-commands";
import { exemptions } from "./exemptions";

let d: Differential;
beforeAll(async () => {
  d = await Differential.start();
});
afterAll(async () => d?.stop());
beforeEach(async () => d.reset());

async function check(cases: readonly (Case | string[])[]): Promise<void> {
  const ms = await d.compare(cases);
  expect(ms, describeMismatches(ms)).toEqual([]);
}

const BIN = "\x00\r\n\xff\x80a";
const UTF8 = Buffer.from("héllo 日本語 😀", "utf8").toString("latin1");
const HELLO3: Case = { cmd: ["HELLO", "3"], norm: exemptions.hello };
const SICILY = ["GEOADD", "Sicily", "13.361389", "38.115556", "Palermo", "15.087269", "37.502669", "Catania", "12.758489", "38.788135", "edge1", "17.241510", "38.788135", "edge2"];

/** A coordinate as text, in the many ways a client may write one. */
function coordText(g: Gen, x: number): string {
  switch (g.int(0, 5)) {
    case 0:
      return String(x);
    case 1:
      return x.toFixed(g.int(0, 3));
    case 2:
      return x.toExponential(g.int(1, 8));
    default:
      return x.toFixed(g.int(4, 12));
  }
}

const LAT_MAX = 85.05112878;

/** A longitude/latitude pair, weighted towards the places where geohash cells misbehave. */
function randomPlace(g: Gen): [number, number] {
  const u = () => g.rng.next();
  switch (g.int(0, 9)) {
    case 0: // near the top and bottom limits
      return [u() * 360 - 180, (g.chance(0.5) ? 1 : -1) * (LAT_MAX - u() * 6)];
    case 1: // near the antimeridian
      return [(g.chance(0.5) ? 1 : -1) * (180 - u() * 2), u() * 170 - 85];
    case 2: // around 0,0, where every level of the grid has an edge
      return [(u() - 0.5) * 0.02, (u() - 0.5) * 0.02];
    case 3: // exact edges and corners
      return [g.pick([-180, 180, 0, -90, 90, 45]), g.pick([LAT_MAX, -LAT_MAX, 0, 45, -66.5, 80.1])];
    case 4: // a dense cluster (Sicily)
      return [13 + u() * 4, 37 + u() * 2];
    default:
      return [u() * 360 - 180, u() * 2 * LAT_MAX - LAT_MAX];
  }
}

/** GEOADD commands for n random members (some sharing a position) on one key. */
function addPoints(g: Gen, key: string, n: number): string[][] {
  const cmds: string[][] = [];
  let batch = ["GEOADD", key];
  let prev: [number, number] = [0, 0];
  for (let i = 0; i < n; i++) {
    const p = g.chance(0.08) ? prev : randomPlace(g);
    prev = p;
    batch.push(coordText(g, p[0]), coordText(g, p[1]), `m${i}`);
    if (batch.length > 2 + 3 * 20) {
      cmds.push(batch);
      batch = ["GEOADD", key];
    }
  }
  if (batch.length > 2) cmds.push(batch);
  return cmds;
}

const UNITS = ["m", "km", "mi", "ft", "KM", "M"];

/** A radius or box size in the unit: from nothing to half the planet, log-uniform. */
function size(g: Gen, unit: string): string {
  const metres = g.chance(0.05) ? 0 : 10 ** (g.rng.next() * 7.3);
  const perUnit = { m: 1, km: 1000, mi: 1609.34, ft: 0.3048 }[unit.toLowerCase()] ?? 1;
  const v = metres / perUnit;
  return g.chance(0.5) ? v.toFixed(g.int(0, 3)) : String(v);
}

/** Optional reply options of a search, in random order. */
function replyOptions(g: Gen, store: boolean): string[] {
  const opts: string[][] = [];
  if (!store) {
    if (g.chance(0.4)) opts.push(["WITHCOORD"]);
    if (g.chance(0.5)) opts.push(["WITHDIST"]);
    if (g.chance(0.3)) opts.push(["WITHHASH"]);
  }
  if (g.chance(0.5)) opts.push([g.pick(["ASC", "DESC", "asc", "desc"])]);
  if (g.chance(0.4)) opts.push(g.chance(0.3) ? ["COUNT", String(g.int(1, 30)), "ANY"] : ["COUNT", String(g.int(1, 30))]);
  for (let i = opts.length - 1; i > 0; i--) {
    const j = g.int(0, i);
    [opts[i], opts[j]] = [opts[j], opts[i]];
  }
  return opts.flat();
}

/** A search of any kind around a random place or member of `key`. */
function randomSearch(g: Gen, key: string, members: number): string[] {
  const unit = g.pick(UNITS);
  const [lon, lat] = randomPlace(g);
  const member = `m${g.int(0, members - 1)}`;
  switch (g.int(0, 5)) {
    case 0:
      return ["GEORADIUS", key, coordText(g, lon), coordText(g, lat), size(g, unit), unit, ...replyOptions(g, false)];
    case 1:
      return ["GEORADIUSBYMEMBER", key, member, size(g, unit), unit, ...replyOptions(g, false)];
    case 2:
      return g.chance(0.5)
        ? ["GEORADIUS_RO", key, coordText(g, lon), coordText(g, lat), size(g, unit), unit, ...replyOptions(g, false)]
        : ["GEORADIUSBYMEMBER_RO", key, member, size(g, unit), unit, ...replyOptions(g, false)];
    default:
      return ["GEOSEARCH", key, ...geosearchArgs(g, members, false)];
  }
}

/**
 * A search that stores into `dst`: GEOSEARCHSTORE, or GEORADIUS[BYMEMBER] with STORE.
 *
 * Not STOREDIST: it stores each distance with all 17 digits, and about one distance in a
 * thousand differs from Redis' in the last bit, because glibc's sin/cos/asin are not always
 * correctly rounded and ours are (see engine/types/geohash-math.ts). The hand-written cases
 * above compare STOREDIST exactly on known points.
 */
function randomStore(g: Gen, dst: string, key: string, members: number): string[] {
  if (g.chance(0.5)) return ["GEOSEARCHSTORE", dst, key, ...geosearchArgs(g, members, true)];
  const unit = g.pick(UNITS);
  const [lon, lat] = randomPlace(g);
  const centre = g.chance(0.5) ? ["GEORADIUS", key, coordText(g, lon), coordText(g, lat)] : ["GEORADIUSBYMEMBER", key, `m${g.int(0, members - 1)}`];
  return [...centre, size(g, unit), unit, ...replyOptions(g, true), "STORE", dst];
}

/** The FROM…/BY… and sorting arguments of a GEOSEARCH or GEOSEARCHSTORE. */
function geosearchArgs(g: Gen, members: number, store: boolean): string[] {
  const unit = g.pick(UNITS);
  const [lon, lat] = randomPlace(g);
  const from = g.chance(0.5) ? ["FROMMEMBER", `m${g.int(0, members - 1)}`] : ["FROMLONLAT", coordText(g, lon), coordText(g, lat)];
  const by = g.chance(0.5) ? ["BYRADIUS", size(g, unit), unit] : ["BYBOX", size(g, unit), size(g, unit), unit];
  return g.chance(0.5) ? [...from, ...by, ...replyOptions(g, store)] : [...by, ...from, ...replyOptions(g, store)];
}

describe("GEOADD, GEOPOS, GEOHASH, GEODIST", () => {
  it("stores and decodes positions, binary-safe member names included", async () => {
    await check([
      SICILY,
      ["ZRANGE", "Sicily", "0", "-1", "WITHSCORES"],
      ["GEOPOS", "Sicily", "Palermo", "Catania", "nope"],
      ["GEOHASH", "Sicily", "Palermo", "Catania", "edge1", "edge2", "nope"],
      ["GEODIST", "Sicily", "Palermo", "Catania"],
      ["GEODIST", "Sicily", "Palermo", "Catania", "km"],
      ["GEODIST", "Sicily", "Palermo", "Catania", "Mi"],
      ["GEODIST", "Sicily", "Palermo", "Catania", "FT"],
      ["GEODIST", "Sicily", "Palermo", "nope"],
      ["GEOADD", "b", "1", "2", BIN, "3", "4", UTF8, "5", "6", ""],
      ["ZRANGE", "b", "0", "-1", "WITHSCORES"],
      ["GEOPOS", "b", BIN, UTF8, ""],
      ["GEOHASH", "b", BIN, UTF8, ""],
      ["GEODIST", "b", BIN, UTF8, "km"],
      ["OBJECT", "ENCODING", "b"],
      ["TYPE", "b"],
      ["GEOPOS", "nokey", "a", "b"],
      ["GEOPOS", "nokey"],
      ["GEOHASH", "nokey"],
      ["GEOHASH", "nokey", "a"],
      ["GEODIST", "nokey", "a", "b"],
      ["GEODIST", "nokey", "a", "b", "parsec"],
    ]);
  });

  it("handles the edges of the map, odd numbers and ZADD's options", async () => {
    await check([
      ["GEOADD", "e", "180", "85.05112878", "ne", "-180", "85.05112878", "nw", "180", "-85.05112878", "se", "-180", "-85.05112878", "sw"],
      ["GEOADD", "e", "179.9999999", "0.0000001", "a", "-179.9999999", "-0.0000001", "b", "0", "0", "o", "-0", "-0", "o2"],
      ["GEOADD", "e", "0x10", "0x1p-3", "hex", "1e-310", "1e-310", "tiny", "+5", ".5", "plus", "5.", "-.5e1", "dots"],
      ["ZRANGE", "e", "0", "-1", "WITHSCORES"],
      ["GEOPOS", "e", "ne", "nw", "se", "sw", "a", "b", "o", "hex", "tiny", "plus", "dots"],
      ["GEOHASH", "e", "ne", "nw", "se", "sw", "a", "b", "o", "hex"],
      ["GEODIST", "e", "ne", "sw"],
      ["GEODIST", "e", "a", "b"],
      ["GEODIST", "e", "o", "a", "km"],
      ["GEOADD", "e", "180.0000000000001", "0", "x"],
      ["GEOADD", "e", "0", "85.05112878000001", "x"],
      ["GEOADD", "e", "0", "-85.0511288", "x"],
      ["GEOADD", "e", "inf", "0", "x"],
      ["GEOADD", "e", "1e300", "0", "x"],
      ["GEOADD", "e", "1.0078125", "100", "x"],
      ["GEOADD", "e", "nan", "0", "x"],
      ["GEOADD", "e", "1e400", "0", "x"],
      ["GEOADD", "e", "1e-400", "0", "x"],
      ["GEOADD", "e", " 1", "0", "x"],
      ["GEOADD", "e", "1 ", "0", "x"],
      ["GEOADD", "e", "", "0", "x"],
      ["GEOADD", "e", "0x", "0", "x"],
      ["GEOADD", "e", "1." + "0".repeat(6000), "0x1.00000000000018p0", "long"],
      ["GEOADD", "e", "1\x00", "0", "x"],
      ["GEOPOS", "e", "long"],
      ["GEOADD", "e", "1", "2", "ok", "1", "x", "bad"],
      ["EXISTS", "e2"],
      ["GEOADD", "g", "1", "1", "a"],
      ["GEOADD", "g", "xx", "2", "2", "a", "3", "3", "b"],
      ["GEOADD", "g", "ch", "2", "2", "a", "3", "3", "b"],
      ["GEOADD", "g", "NX", "CH", "4", "4", "a", "5", "5", "c"],
      ["GEOADD", "g", "xx", "ch", "4", "4", "a"],
      ["GEOADD", "g", "ch", "xx", "ch", "4", "4", "a"],
      ["GEOADD", "g", "nx", "xx", "1", "2", "m"],
      ["GEOADD", "g", "gt", "1", "2", "m"],
      ["GEOADD", "g", "incr", "1", "2", "m"],
      ["GEOADD", "g", "ch", "ch", "ch"],
      ["GEOADD", "g", "1", "2", "m", "3"],
      ["GEOADD", "g", "1", "2"],
      ["GEOADD", "g"],
      ["ZRANGE", "g", "0", "-1", "WITHSCORES"],
    ]);
  });

  it("decodes scores written with ZADD, however odd", async () => {
    const members = ["neg1", "frac", "huge", "pinf", "ninf", "nhuge", "big63", "big64", "nhalf", "zero", "n63", "top"];
    await check([
      ["ZADD", "w", "-1", "neg1", "1.5", "frac", "1e300", "huge", "inf", "pinf", "-inf", "ninf", "-1e300", "nhuge"],
      ["ZADD", "w", "9.3e18", "big63", "1.8e19", "big64", "-0.5", "nhalf", "0", "zero", "-9.2e18", "n63", "4503599627370495", "top"],
      ["GEOPOS", "w", ...members],
      ["GEOHASH", "w", ...members],
      ["GEODIST", "w", "zero", "neg1"],
      ["GEODIST", "w", "frac", "top", "mi"],
      ["GEOSEARCH", "w", "FROMMEMBER", "zero", "BYRADIUS", "1", "km", "WITHDIST", "WITHHASH", "WITHCOORD"],
      ["GEOSEARCH", "w", "FROMMEMBER", "neg1", "BYBOX", "100", "100", "km", "WITHDIST", "WITHHASH", "WITHCOORD"],
      ["GEORADIUSBYMEMBER", "w", "ninf", "500", "km", "WITHDIST"],
    ]);
  });

  it("checks types, arity and units", async () => {
    await check([
      ["SET", "s", "1"],
      ["GEOADD", "s", "1", "2", "m"],
      ["GEOADD", "s", "1", "200", "m"],
      ["GEOPOS", "s", "a"],
      ["GEOHASH", "s", "a"],
      ["GEODIST", "s", "a", "b"],
      ["GEODIST", "s", "a", "b", "xx"],
      ["GEODIST", "s", "a", "b", "km", "x"],
      ["GEODIST", "s", "a"],
      ["GEOSEARCH", "s", "FROMLONLAT", "x", "y", "BYRADIUS", "1", "km"],
      ["GEOSEARCHSTORE", "d", "s", "FROMLONLAT", "0", "0", "BYRADIUS", "1", "km"],
      ["GEORADIUS", "s", "1", "2", "3", "km"],
      ["GEORADIUSBYMEMBER", "s", "a", "3", "km"],
      ["GEORADIUS_RO", "s", "1", "2", "3", "km"],
      ["GEORADIUSBYMEMBER_RO", "s", "a", "3", "km"],
      SICILY,
      ["GEODIST", "Sicily", "Palermo", "Catania", "km\x00junk"],
      ["GEODIST", "Sicily", "Palermo", "Catania", "kilometers"],
      ["GEODIST", "Sicily", "Palermo", "Catania", ""],
      ["GEOSEARCH", "Sicily", "FROMLONLAT", "15", "37", "BYRADIUS", "200", "KM\x00"],
      ["GEOSEARCH", "Sicily"],
      ["GEOSEARCH", "Sicily", "FROMLONLAT", "15", "37"],
      ["GEOSEARCHSTORE", "d", "Sicily", "FROMLONLAT", "15", "37"],
      ["GEORADIUS", "Sicily", "15", "37", "200"],
      ["GEORADIUSBYMEMBER", "Sicily", "Palermo", "200"],
      ["GEORADIUS_RO", "Sicily", "15", "37"],
    ]);
  });
});

describe("searches", () => {
  it("answers every error in Redis' order", async () => {
    const s = (...rest: string[]) => ["GEOSEARCH", "Sicily", ...rest];
    await check([
      SICILY,
      s("fromlonlat", "1", "2", "byradius", "1", "km", "withdist", "count", "0"),
      s("fromlonlat", "1", "2", "byradius", "1", "km", "count", "-3"),
      s("fromlonlat", "1", "2", "byradius", "1", "km", "count", "x"),
      s("fromlonlat", "1", "2", "byradius", "1", "km", "count", "99999999999999999999"),
      s("fromlonlat", "1", "2", "byradius", "1", "km", "count", "9223372036854775807"),
      ["GeoSearch", "Sicily", "bybox", "1", "1", "km", "withcoord", "withcoord"],
      ["geosearch", "Sicily", "fromlonlat", "1", "2", "count", "1"],
      ["GEOSEARCHstore", "d", "Sicily", "byradius", "1", "km"],
      s("fromlonlat", "1", "2", "bybox", "1", "2", "km", "byradius", "1", "km"),
      s("fromlonlat", "1", "2", "byradius", "1", "km", "frommember", "Palermo"),
      s("frommember", "Palermo", "fromlonlat", "1", "2", "byradius", "1", "km"),
      s("frommember", "Palermo", "frommember", "Catania", "byradius", "1000", "km"),
      s("frommember", "Palermo", "byradius", "1", "km", "byradius", "200", "km"),
      s("fromlonlat", "1", "2", "byradius", "-1", "km"),
      s("fromlonlat", "1", "2", "byradius", "-0", "km"),
      s("fromlonlat", "1", "2", "byradius", "1", "kmx"),
      s("fromlonlat", "1", "2", "byradius", "x", "km"),
      s("fromlonlat", "1", "2", "byradius", "nan", "km"),
      s("fromlonlat", "1", "2", "byradius", "inf", "km", "count", "3"),
      s("fromlonlat", "1", "2", "bybox", "x", "1", "km"),
      s("fromlonlat", "1", "2", "bybox", "1", "x", "km"),
      s("fromlonlat", "1", "2", "bybox", "-1", "1", "km"),
      s("fromlonlat", "1", "2", "bybox", "1", "-1", "parsec"),
      s("fromlonlat", "1", "2", "bybox", "1", "1", "parsec"),
      s("fromlonlat", "1", "2", "bybox", "1", "1"),
      s("fromlonlat", "1", "2", "byradius", "1"),
      s("fromlonlat", "1", "byradius", "1", "km"),
      s("fromlonlat", "x", "2", "byradius", "1", "km"),
      s("fromlonlat", "1", "95", "byradius", "1", "km"),
      s("fromlonlat", "1", "2", "byradius", "1", "km", "any"),
      s("fromlonlat", "1", "2", "byradius", "1", "km", "any", "count", "0"),
      s("frommember", "nope", "byradius", "1", "km"),
      s("frommember", "nope", "byradius", "x", "km"),
      s("fromlonlat", "1", "2", "byradius", "1", "km", "store", "x"),
      s("fromlonlat", "1", "2", "byradius", "1", "km", "storedist"),
      s("fromlonlat", "1", "2", "byradius", "1", "km", "withdistx"),
      s("fromlonlat", "1", "2", "byradius", "1", "km", "count"),
      ["GEOSEARCHSTORE", "d", "Sicily", "fromlonlat", "1", "2", "byradius", "1", "km", "withdist"],
      ["GEOSEARCHSTORE", "d", "Sicily", "fromlonlat", "1", "2", "byradius", "1", "km", "withhash", "count", "0"],
      ["GEOSEARCHSTORE", "d", "Sicily", "fromlonlat", "1", "2", "byradius", "1", "km", "store", "x"],
      ["GEORADIUS", "Sicily", "1", "2", "1", "km", "store", "x", "withdist"],
      ["GEORADIUS", "Sicily", "1", "2", "1", "km", "withcoord", "storedist", "x"],
      ["GEORADIUS", "Sicily", "1", "2", "1", "km", "store"],
      ["GEORADIUS", "Sicily", "1", "2", "1", "km", "count"],
      ["GEORADIUS", "Sicily", "1", "2", "1", "km", "fromlonlat", "1", "2"],
      ["GEORADIUS", "Sicily", "1", "200", "1", "km"],
      ["GEORADIUS", "Sicily", "1", "2", "-1", "km"],
      ["GEORADIUS", "Sicily", "1", "2", "1", "kilometre"],
      ["GEORADIUS_RO", "Sicily", "1", "2", "1", "km", "store", "x"],
      ["GEORADIUSBYMEMBER_RO", "Sicily", "Palermo", "1", "km", "storedist", "x"],
      ["GEORADIUSBYMEMBER", "Sicily", "nope", "1", "km"],
      ["GEORADIUSBYMEMBER", "Sicily", "nope", "x", "km"],
      ["GEORADIUSBYMEMBER", "Sicily", "Palermo", "x", "km"],
      ["GEORADIUSBYMEMBER", "nokey", "nope", "x", "km"],
      ["GEORADIUSBYMEMBER", "nokey", "nope", "1", "km", "withdist", "store", "x"],
      ["GEORADIUSBYMEMBER", "nokey", "nope", "1", "km", "bogus"],
      ["GEOSEARCH", "nokey", "frommember", "x", "byradius", "1", "km"],
      ["GEOSEARCH", "nokey", "frommember", "x", "byradius", "1", "km", "any"],
      ["GEOSEARCH", "nokey", "fromlonlat", "1", "2"],
      ["GEORADIUS", "nokey", "1", "2", "x", "km"],
    ]);
  });

  it("finds, sorts, limits and stores like Redis", async () => {
    await check([
      SICILY,
      ["GEOSEARCH", "Sicily", "FROMLONLAT", "15", "37", "BYRADIUS", "200", "km", "ASC"],
      ["GEOSEARCH", "Sicily", "FROMLONLAT", "15", "37", "BYBOX", "400", "400", "km", "ASC", "WITHCOORD", "WITHDIST"],
      ["GEOSEARCH", "Sicily", "FROMMEMBER", "Palermo", "BYRADIUS", "300", "km", "DESC", "COUNT", "2", "WITHDIST"],
      ["GEOSEARCH", "Sicily", "FROMLONLAT", "15", "37", "BYBOX", "400", "400", "km", "COUNT", "1", "ANY"],
      ["GEOSEARCH", "Sicily", "FROMLONLAT", "15", "37", "BYBOX", "400", "400", "km", "COUNT", "3", "ANY", "DESC"],
      ["GEORADIUS", "Sicily", "15", "37", "200", "km", "WITHDIST", "WITHCOORD", "WITHHASH"],
      ["GEORADIUS", "Sicily", "15", "37", "200", "km", "COUNT", "1", "ANY", "ANY", "DESC", "ASC"],
      ["GEORADIUS", "Sicily", "15", "37", "200", "km", "COUNT", "1", "COUNT", "3"],
      ["GEORADIUSBYMEMBER", "Sicily", "Palermo", "100", "mi", "WITHDIST"],
      ["GEORADIUSBYMEMBER_RO", "Sicily", "Palermo", "100", "mi", "WITHDIST", "WITHHASH"],
      ["GEORADIUS_RO", "Sicily", "15", "37", "1000", "ft"],
      ["GEOSEARCH", "Sicily", "FROMLONLAT", "0", "0", "BYRADIUS", "0", "m"],
      ["GEOSEARCH", "Sicily", "FROMMEMBER", "Palermo", "BYRADIUS", "0", "m", "WITHDIST"],
      ["GEOSEARCH", "Sicily", "FROMMEMBER", "Palermo", "BYBOX", "0", "0", "m", "WITHDIST"],
      ["GEOSEARCHSTORE", "dst", "Sicily", "FROMLONLAT", "15", "37", "BYRADIUS", "200", "km", "STOREDIST"],
      ["ZRANGE", "dst", "0", "-1", "WITHSCORES"],
      ["OBJECT", "ENCODING", "dst"],
      ["GEOSEARCHSTORE", "dst", "Sicily", "FROMLONLAT", "15", "37", "BYRADIUS", "200", "km", "STOREDIST", "COUNT", "1", "DESC"],
      ["ZRANGE", "dst", "0", "-1", "WITHSCORES"],
      ["GEORADIUS", "Sicily", "15", "37", "200", "km", "STORE", "dst2"],
      ["ZRANGE", "dst2", "0", "-1", "WITHSCORES"],
      ["GEORADIUS", "Sicily", "15", "37", "200", "km", "STOREDIST", "dst2", "STORE", "dst3"],
      ["ZRANGE", "dst3", "0", "-1", "WITHSCORES"],
      ["GEORADIUSBYMEMBER", "Sicily", "Palermo", "500", "km", "STOREDIST", "dst4", "COUNT", "2"],
      ["ZRANGE", "dst4", "0", "-1", "WITHSCORES"],
      ["SET", "str", "x"],
      ["EXPIRE", "dst2", "100"],
      ["GEOSEARCHSTORE", "dst2", "Sicily", "FROMLONLAT", "15", "37", "BYRADIUS", "200", "km"],
      ["TTL", "dst2"],
      ["GEOSEARCHSTORE", "str", "Sicily", "FROMLONLAT", "15", "37", "BYRADIUS", "200", "km"],
      ["TYPE", "str"],
      ["GEOSEARCHSTORE", "dst", "Sicily", "FROMLONLAT", "0", "0", "BYRADIUS", "1", "m"],
      ["EXISTS", "dst"],
      ["GEOSEARCHSTORE", "dst2", "nokey", "FROMLONLAT", "0", "0", "BYRADIUS", "1", "m"],
      ["GEORADIUS", "nokey", "0", "0", "1", "m", "STORE", "dst3"],
      ["EXISTS", "dst2", "dst3"],
      ["GEOSEARCHSTORE", "Sicily", "Sicily", "FROMMEMBER", "Palermo", "BYRADIUS", "100", "km"],
      ["ZRANGE", "Sicily", "0", "-1", "WITHSCORES"],
    ]);
  });

  it("leaves equal distances where 7.0's pqsort does under COUNT", async () => {
    const g = new Gen(4242);
    const cases: string[][] = [];
    for (let round = 0; round < 120; round++) {
      const n = g.int(8, 47);
      const kinds = g.int(1, 30);
      cases.push(["DEL", "t"]);
      for (let i = 0; i < n; i++) {
        // Few distinct spots on the equator, often in ascending order: many ties.
        const k = g.chance(0.5) ? Math.floor((i * kinds) / n) : g.int(0, kinds - 1);
        cases.push(["GEOADD", "t", String(k / 100), "0", `m${i}`]);
      }
      const count = String(g.int(1, n - 1));
      cases.push(["GEOSEARCH", "t", "FROMLONLAT", "0", "0", "BYRADIUS", "5000", "km", "ASC", "COUNT", count]);
      cases.push(["GEOSEARCH", "t", "FROMLONLAT", "0.3", "0", "BYRADIUS", "5000", "km", "DESC", "COUNT", count]);
    }
    await check(cases);
  });

  it("sends coordinates as RESP3 doubles with Redis' own text", async () => {
    await check([
      HELLO3,
      SICILY,
      ["GEOPOS", "Sicily", "Palermo", "nope", "edge2"],
      ["GEOSEARCH", "Sicily", "FROMLONLAT", "15", "37", "BYRADIUS", "300", "km", "WITHCOORD", "WITHDIST", "WITHHASH"],
      ["GEODIST", "Sicily", "Palermo", "Catania"],
      ["GEODIST", "Sicily", "Palermo", "nope"],
      ["GEOHASH", "Sicily", "Palermo", "nope"],
      ["GEOSEARCHSTORE", "d", "Sicily", "FROMLONLAT", "15", "37", "BYRADIUS", "200", "km", "STOREDIST"],
      ["ZRANGE", "d", "0", "-1", "WITHSCORES"],
      ["GEOSEARCH", "nokey", "FROMLONLAT", "15", "37", "BYRADIUS", "200", "km"],
      ["GEOPOS", "nokey", "a"],
    ]);
  });

  it("stores listpack or skiplist results by the zset thresholds", async () => {
    const g = new Gen(77);
    await check([
      ["CONFIG", "SET", "zset-max-listpack-entries", "4"],
      ...addPoints(g, "pts", 40),
      ["OBJECT", "ENCODING", "pts"],
      ["GEOSEARCHSTORE", "a", "pts", "FROMLONLAT", "0", "0", "BYRADIUS", "20000", "km", "COUNT", "4"],
      ["OBJECT", "ENCODING", "a"],
      ["GEOSEARCHSTORE", "b", "pts", "FROMLONLAT", "0", "0", "BYRADIUS", "20000", "km", "COUNT", "5"],
      ["OBJECT", "ENCODING", "b"],
      ["ZRANGE", "b", "0", "-1", "WITHSCORES"],
      ["CONFIG", "SET", "zset-max-listpack-entries", "128"],
      ["CONFIG", "SET", "zset-max-listpack-value", "3"],
      ["GEOADD", "c", "1", "2", "abcd"],
      ["OBJECT", "ENCODING", "c"],
      ["GEOADD", "c2", "1", "2", "abc"],
      ["OBJECT", "ENCODING", "c2"],
      ["GEOADD", "c2", "1", "2", "abcd"],
      ["OBJECT", "ENCODING", "c2"],
      ["GEOSEARCHSTORE", "d", "pts", "FROMLONLAT", "0", "0", "BYRADIUS", "20000", "km", "COUNT", "2"],
      ["OBJECT", "ENCODING", "d"],
      ["CONFIG", "SET", "zset-max-listpack-value", "64"],
      ["CONFIG", "SET", "zset-max-listpack-entries", "0"],
      ["GEOSEARCHSTORE", "e", "pts", "FROMLONLAT", "0", "0", "BYRADIUS", "20000", "km", "COUNT", "1"],
      ["OBJECT", "ENCODING", "e"],
      ["GEOADD", "f", "1", "2", "x"],
      ["OBJECT", "ENCODING", "f"],
      ["CONFIG", "SET", "zset-max-listpack-entries", "128"],
    ]);
  });
});

describe("points worldwide", () => {
  it.each(seeds(4, 4100))("stores, decodes and measures random points (seed %i)", async (seed) => {
    const g = new Gen(seed);
    const n = 300;
    const cases: string[][] = [...addPoints(g, "pts", n), ["ZRANGE", "pts", "0", "-1", "WITHSCORES"], ["OBJECT", "ENCODING", "pts"]];
    for (let i = 0; i < n; i += 25) {
      const ms = Array.from({ length: 25 }, (_, j) => `m${i + j}`);
      cases.push(["GEOPOS", "pts", ...ms], ["GEOHASH", "pts", ...ms]);
    }
    for (let i = 0; i < 150; i++) {
      cases.push(["GEODIST", "pts", `m${g.int(0, n - 1)}`, `m${g.int(0, n - 1)}`, g.pick(UNITS)]);
    }
    await check(cases);
  });

  it.each(seeds(6, 4200))("searches by radius and box of every size, every option (seed %i)", async (seed) => {
    const g = new Gen(seed);
    const n = 400;
    const cases: Case[] = [...addPoints(g, "pts", n)].map((cmd) => ({ cmd }));
    if (seed % 2) cases.push({ cmd: HELLO3.cmd, norm: HELLO3.norm });
    for (let i = 0; i < 120; i++) cases.push({ cmd: randomSearch(g, "pts", n) });
    for (let i = 0; i < 25; i++) {
      cases.push({ cmd: randomStore(g, "dst", "pts", n) });
      cases.push({ cmd: ["ZRANGE", "dst", "0", "-1", "WITHSCORES"] }, { cmd: ["OBJECT", "ENCODING", "dst"] });
    }
    await check(cases);
  });
});

describe("random command sequences", () => {
  /** Geo commands mixed with plain sorted-set and string commands on a few keys. */
  function step(g: Gen): string[] {
    const key = g.key(4);
    const member = `m${g.int(0, 11)}`;
    const [lon, lat] = randomPlace(g);
    switch (g.int(0, 15)) {
      case 0:
      case 1:
      case 2: {
        const opts = g.chance(0.3) ? [g.pick(["NX", "XX", "CH", "nx", "ch"])] : [];
        const extra = g.chance(0.3) ? [coordText(g, randomPlace(g)[0]), coordText(g, randomPlace(g)[1]), `m${g.int(0, 11)}`] : [];
        return ["GEOADD", key, ...opts, coordText(g, lon), coordText(g, lat), member, ...extra];
      }
      case 3:
        return ["GEOPOS", key, member, `m${g.int(0, 11)}`];
      case 4:
        return ["GEOHASH", key, member, `m${g.int(0, 11)}`];
      case 5:
        return ["GEODIST", key, member, `m${g.int(0, 11)}`, ...(g.chance(0.5) ? [g.pick(UNITS)] : [])];
      case 6:
      case 7:
        return randomSearch(g, key, 12);
      case 8:
        return randomStore(g, g.key(4), key, 12);
      case 9:
        return ["ZRANGE", key, "0", "-1", "WITHSCORES"];
      case 10:
        return ["ZADD", key, g.pick(["-1", "0", "1.5", "inf", "3479099956230698", "9007199254740993", g.value()]), member];
      case 11:
        return ["ZREM", key, member];
      case 12:
        return g.chance(0.5) ? ["SET", key, g.value()] : ["DEL", key];
      case 13:
        return ["OBJECT", "ENCODING", key];
      case 14:
        return ["CONFIG", "SET", "zset-max-listpack-entries", String(g.pick([0, 1, 3, 128]))];
      default:
        return ["TYPE", key];
    }
  }

  it.each(seeds(6, 4300))("seed %i", async (seed) => {
    const g = new Gen(seed);
    const cases: string[][] = [];
    for (let i = 0; i < 300; i++) cases.push(step(g));
    cases.push(["CONFIG", "SET", "zset-max-listpack-entries", "128"]);
    await check(cases);
  });
});
