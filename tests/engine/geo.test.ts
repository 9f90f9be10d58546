/**
 * The geo family through dispatch. Expected replies were taken from redis-server 7.0.15 with the
 * same commands; the differential suite (tests/conformance/geo.test.ts) compares them byte for
 * byte as well, over many more points.
 */
import { describe, expect, it } from "vitest";
import { createServer } from "../../engine/server";
import { arr, bulk, int, NULL, NULL_ARRAY, type Reply } from "../../engine/reply";
import { encodeReply } from "../../engine/resp/encode";

function setup(config?: Record<string, string>) {
  const server = createServer({ config });
  const c = server.connect();
  const run = (...argv: string[]): Reply => c.execute(argv);
  const events: string[] = [];
  server.onKeyChange((e) => events.push(`${e.event}:${e.key}`));
  return { server, c, run, events };
}

const errorOf = (text: string): Reply => ({ t: "error", v: text });
const SYNTAX = errorOf("ERR syntax error");
const WRONGTYPE = errorOf("WRONGTYPE Operation against a key holding the wrong kind of value");
const NOT_FLOAT = errorOf("ERR value is not a valid float");
const UNIT = errorOf("ERR unsupported unit provided. please use M, KM, FT, MI");

/** RESP2 bytes of a reply: coordinates are doubles with their own text, so compare on the wire. */
const wire = (r: Reply, resp: 2 | 3 = 2): string => encodeReply(r, resp);
const bulks = (...xs: string[]): Reply => arr(xs.map(bulk));

function sicily() {
  const s = setup();
  s.run("GEOADD", "Sicily", "13.361389", "38.115556", "Palermo", "15.087269", "37.502669", "Catania");
  s.run("GEOADD", "Sicily", "12.758489", "38.788135", "edge1", "17.241510", "38.788135", "edge2");
  return s;
}

describe("GEOADD", () => {
  it("stores geohash scores in a sorted set through ZADD", () => {
    const { run, events } = setup();
    expect(run("GEOADD", "Sicily", "13.361389", "38.115556", "Palermo", "15.087269", "37.502669", "Catania")).toEqual(int(2));
    expect(wire(run("ZRANGE", "Sicily", "0", "-1", "WITHSCORES"))).toBe(
      wire(bulks("Palermo", "3479099956230698", "Catania", "3479447370796909")),
    );
    expect(run("TYPE", "Sicily")).toEqual({ t: "simple", v: "zset" });
    expect(run("OBJECT", "ENCODING", "Sicily")).toEqual(bulk("listpack"));
    expect(events).toEqual(["zadd:Sicily"]);
  });

  it("takes ZADD's NX, XX and CH", () => {
    const { run } = setup();
    expect(run("GEOADD", "g", "1", "1", "a")).toEqual(int(1));
    expect(run("GEOADD", "g", "xx", "2", "2", "a", "3", "3", "b")).toEqual(int(0));
    expect(run("GEOADD", "g", "ch", "2", "2", "a", "3", "3", "b")).toEqual(int(1));
    expect(run("GEOADD", "g", "NX", "CH", "4", "4", "a", "5", "5", "c")).toEqual(int(1));
    expect(run("GEOADD", "g", "xx", "ch", "4", "4", "a")).toEqual(int(1));
    expect(wire(run("ZRANGE", "g", "0", "-1", "WITHSCORES"))).toBe(
      wire(bulks("b", "3379368329318596", "a", "3379667504504364", "c", "3379881761160527")),
    );
  });

  it("stores the edges of the map, beyond 52 bits, as Redis rounds them", () => {
    const { run } = setup();
    run("GEOADD", "e", "180", "85.05112878", "ne", "180", "-85.05112878", "se", "-180", "-85.05112878", "sw");
    expect(wire(run("ZRANGE", "e", "0", "-1", "WITHSCORES"))).toBe(
      wire(bulks("sw", "0", "se", "9007199254740992", "ne", "13510798882111488")),
    );
  });

  it("rejects bad positions, bad numbers and bad option combinations", () => {
    const { run } = setup();
    run("SET", "s", "x");
    expect(run("GEOADD", "g", "200", "0", "x")).toEqual(errorOf("ERR invalid longitude,latitude pair 200.000000,0.000000"));
    expect(run("GEOADD", "g", "0", "85.05112878000001", "x")).toEqual(
      errorOf("ERR invalid longitude,latitude pair 0.000000,85.051129"),
    );
    expect(run("GEOADD", "g", "-inf", "-0", "x")).toEqual(errorOf("ERR invalid longitude,latitude pair -inf,-0.000000"));
    expect(run("GEOADD", "g", "1.0078125", "100", "x")).toEqual(errorOf("ERR invalid longitude,latitude pair 1.007812,100.000000"));
    expect(run("GEOADD", "g", "x", "0", "m")).toEqual(NOT_FLOAT);
    expect(run("GEOADD", "g", "1e-400", "0", "m")).toEqual(NOT_FLOAT);
    expect(run("GEOADD", "g", "nx", "xx", "1", "2", "m")).toEqual(SYNTAX);
    expect(run("GEOADD", "g", "1", "2", "m", "3")).toEqual(SYNTAX);
    expect(run("GEOADD", "g", "gt", "1", "2", "m")).toEqual(SYNTAX);
    expect(run("GEOADD", "g", "ch", "ch", "ch")).toEqual(SYNTAX);
    // Positions are checked before the key's type.
    expect(run("GEOADD", "s", "1", "200", "m")).toEqual(errorOf("ERR invalid longitude,latitude pair 1.000000,200.000000"));
    expect(run("GEOADD", "s", "1", "2", "m")).toEqual(WRONGTYPE);
    expect(run("EXISTS", "g")).toEqual(int(0));
    // Hex floats are numbers to strtod.
    expect(run("GEOADD", "g", "0x10", "0", "m")).toEqual(int(1));
  });

  it("follows the sorted-set encoding thresholds", () => {
    const { run } = setup({ "zset-max-listpack-value": "5" });
    run("GEOADD", "long", "1", "1", "abcdefgh");
    expect(run("OBJECT", "ENCODING", "long")).toEqual(bulk("skiplist"));
  });
});

describe("GEOPOS, GEOHASH, GEODIST", () => {
  it("decodes positions as Redis prints them, in RESP2 and RESP3", () => {
    const { run, c } = sicily();
    const r = run("GEOPOS", "Sicily", "Palermo", "nope");
    expect(wire(r)).toBe("*2\r\n*2\r\n$20\r\n13.36138933897018433\r\n$20\r\n38.11555639549629859\r\n*-1\r\n");
    c.resp = 3;
    expect(wire(run("GEOPOS", "Sicily", "Palermo", "nope"), 3)).toBe(
      "*2\r\n*2\r\n,13.36138933897018433\r\n,38.11555639549629859\r\n_\r\n",
    );
    expect(run("GEOPOS", "nokey", "a", "b")).toEqual(arr([NULL_ARRAY, NULL_ARRAY]));
  });

  it("prints 11-character standard geohashes", () => {
    const { run } = sicily();
    expect(run("GEOHASH", "Sicily", "Palermo", "Catania", "edge1", "nope")).toEqual(
      arr([bulk("sqc8b49rny0"), bulk("sqdtr74hyu0"), bulk("sqchdm4mq20"), NULL]),
    );
    expect(run("GEOHASH", "nokey", "a")).toEqual(arr([NULL]));
  });

  it("measures distances in each unit with four decimals", () => {
    const { run } = sicily();
    expect(run("GEODIST", "Sicily", "Palermo", "Catania")).toEqual(bulk("166274.1516"));
    expect(run("GEODIST", "Sicily", "Palermo", "Catania", "km")).toEqual(bulk("166.2742"));
    expect(run("GEODIST", "Sicily", "Palermo", "Catania", "MI")).toEqual(bulk("103.3182"));
    expect(run("GEODIST", "Sicily", "Palermo", "Catania", "ft")).toEqual(bulk("545518.8700"));
    expect(run("GEODIST", "Sicily", "Palermo", "Palermo")).toEqual(bulk("0.0000"));
    expect(run("GEODIST", "Sicily", "Palermo", "nope")).toEqual(NULL);
    expect(run("GEODIST", "nokey", "a", "b")).toEqual(NULL);
  });

  it("checks the unit before the key, and the key's type", () => {
    const { run } = sicily();
    run("SET", "s", "1");
    expect(run("GEODIST", "nokey", "a", "b", "xx")).toEqual(UNIT);
    expect(run("GEODIST", "s", "a", "b", "xx")).toEqual(UNIT);
    expect(run("GEODIST", "s", "a", "b")).toEqual(WRONGTYPE);
    expect(run("GEODIST", "Sicily", "a", "b", "km", "x")).toEqual(SYNTAX);
    expect(run("GEOPOS", "s", "a")).toEqual(WRONGTYPE);
    expect(run("GEOHASH", "s", "a")).toEqual(WRONGTYPE);
  });
});

describe("GEOSEARCH and GEORADIUS", () => {
  it("finds members by radius and by box, sorted by distance", () => {
    const { run } = sicily();
    expect(run("GEOSEARCH", "Sicily", "FROMLONLAT", "15", "37", "BYRADIUS", "200", "km", "ASC")).toEqual(
      bulks("Catania", "Palermo"),
    );
    expect(wire(run("GEOSEARCH", "Sicily", "FROMLONLAT", "15", "37", "BYBOX", "400", "400", "km", "ASC", "WITHCOORD", "WITHDIST"))).toBe(
      wire(
        arr([
          arr([bulk("Catania"), bulk("56.4413"), bulks("15.08726745843887329", "37.50266842333162032")]),
          arr([bulk("Palermo"), bulk("190.4424"), bulks("13.36138933897018433", "38.11555639549629859")]),
          arr([bulk("edge2"), bulk("279.7403"), bulks("17.24151045083999634", "38.78813451624225195")]),
          arr([bulk("edge1"), bulk("279.7405"), bulks("12.7584877610206604", "38.78813451624225195")]),
        ]),
      ),
    );
    expect(run("GEOSEARCH", "Sicily", "FROMMEMBER", "Palermo", "BYRADIUS", "300", "km", "DESC", "COUNT", "2", "WITHDIST")).toEqual(
      arr([arr([bulk("Catania"), bulk("166.2742")]), arr([bulk("edge1"), bulk("91.4007")])]),
    );
    expect(run("GEORADIUSBYMEMBER", "Sicily", "Palermo", "100", "mi", "WITHDIST")).toEqual(
      arr([arr([bulk("Palermo"), bulk("0.0000")]), arr([bulk("edge1"), bulk("56.7939")])]),
    );
    expect(wire(run("GEORADIUS", "Sicily", "15", "37", "200", "km", "WITHDIST", "WITHCOORD", "WITHHASH"))).toBe(
      wire(
        arr([
          arr([bulk("Palermo"), bulk("190.4424"), int(3479099956230698), bulks("13.36138933897018433", "38.11555639549629859")]),
          arr([bulk("Catania"), bulk("56.4413"), int(3479447370796909), bulks("15.08726745843887329", "37.50266842333162032")]),
        ]),
      ),
    );
    expect(run("GEOSEARCH", "Sicily", "FROMLONLAT", "15", "37", "BYBOX", "400", "400", "km", "COUNT", "1", "ANY")).toEqual(
      bulks("Palermo"),
    );
    expect(run("GEOSEARCH", "Sicily", "FROMLONLAT", "0", "0", "BYRADIUS", "1", "m")).toEqual(arr([]));
    expect(run("GEOSEARCH", "nokey", "FROMMEMBER", "x", "BYRADIUS", "1", "km")).toEqual(arr([]));
    expect(run("GEORADIUSBYMEMBER", "nokey", "x", "not-a-number", "km")).toEqual(arr([]));
  });

  it("stores results by geohash or by distance", () => {
    const { run, events } = sicily();
    events.length = 0;
    expect(run("GEOSEARCHSTORE", "dst", "Sicily", "FROMLONLAT", "15", "37", "BYRADIUS", "200", "km", "STOREDIST")).toEqual(int(2));
    expect(wire(run("ZRANGE", "dst", "0", "-1", "WITHSCORES"))).toBe(
      wire(bulks("Catania", "56.441257870158204", "Palermo", "190.44242984775784")),
    );
    expect(run("GEORADIUS", "Sicily", "15", "37", "200", "km", "STORE", "dst2")).toEqual(int(2));
    expect(wire(run("ZRANGE", "dst2", "0", "-1", "WITHSCORES"))).toBe(
      wire(bulks("Palermo", "3479099956230698", "Catania", "3479447370796909")),
    );
    expect(run("OBJECT", "ENCODING", "dst2")).toEqual(bulk("listpack"));
    // Nothing found: the destination is deleted.
    expect(run("GEOSEARCHSTORE", "dst", "Sicily", "FROMLONLAT", "0", "0", "BYRADIUS", "1", "m")).toEqual(int(0));
    expect(run("EXISTS", "dst")).toEqual(int(0));
    expect(run("GEOSEARCHSTORE", "dst2", "nokey", "FROMLONLAT", "0", "0", "BYRADIUS", "1", "m")).toEqual(int(0));
    expect(events).toEqual(["geosearchstore:dst", "georadiusstore:dst2", "del:dst", "del:dst2"]);
  });

  it("answers Redis' errors in Redis' order", () => {
    const { run } = sicily();
    run("SET", "s", "1");
    const e = (...argv: string[]) => run(...argv);
    expect(e("GEOSEARCH", "s", "FROMLONLAT", "x", "x", "BYRADIUS", "1", "km")).toEqual(WRONGTYPE);
    expect(e("GEOSEARCH", "Sicily", "fromlonlat", "1", "2", "byradius", "1", "km", "withdist", "count", "0")).toEqual(
      errorOf("ERR COUNT must be > 0"),
    );
    expect(e("GEOSEARCH", "Sicily", "fromlonlat", "1", "2", "byradius", "1", "km", "count", "x")).toEqual(
      errorOf("ERR value is not an integer or out of range"),
    );
    expect(e("GeoSearch", "Sicily", "bybox", "1", "1", "km", "withcoord")).toEqual(
      errorOf("ERR exactly one of FROMMEMBER or FROMLONLAT can be specified for GeoSearch"),
    );
    expect(e("geosearch", "Sicily", "fromlonlat", "1", "2", "count", "1")).toEqual(
      errorOf("ERR exactly one of BYRADIUS and BYBOX can be specified for geosearch"),
    );
    expect(e("GEOSEARCH", "Sicily", "fromlonlat", "1", "2", "bybox", "1", "2", "km", "byradius", "1", "km")).toEqual(SYNTAX);
    expect(e("GEOSEARCH", "Sicily", "fromlonlat", "1", "2", "byradius", "1", "km", "frommember", "Palermo")).toEqual(SYNTAX);
    expect(e("GEOSEARCH", "Sicily", "fromlonlat", "1", "2", "byradius", "-1", "km")).toEqual(
      errorOf("ERR radius cannot be negative"),
    );
    expect(e("GEOSEARCH", "Sicily", "fromlonlat", "1", "2", "byradius", "1", "kmx")).toEqual(UNIT);
    expect(e("GEOSEARCH", "Sicily", "fromlonlat", "1", "2", "byradius", "x", "km")).toEqual(errorOf("ERR need numeric radius"));
    expect(e("GEOSEARCH", "Sicily", "fromlonlat", "1", "2", "bybox", "x", "1", "km")).toEqual(errorOf("ERR need numeric width"));
    expect(e("GEOSEARCH", "Sicily", "fromlonlat", "1", "2", "bybox", "1", "x", "km")).toEqual(errorOf("ERR need numeric height"));
    expect(e("GEOSEARCH", "Sicily", "fromlonlat", "1", "2", "bybox", "-1", "1", "km")).toEqual(
      errorOf("ERR height or width cannot be negative"),
    );
    expect(e("GEOSEARCH", "Sicily", "fromlonlat", "1", "2", "byradius", "1", "km", "any")).toEqual(
      errorOf("ERR the ANY argument requires COUNT argument"),
    );
    expect(e("GEOSEARCH", "Sicily", "frommember", "nope", "byradius", "1", "km")).toEqual(
      errorOf("ERR could not decode requested zset member"),
    );
    expect(e("GEOSEARCHSTORE", "d", "Sicily", "fromlonlat", "1", "2", "byradius", "1", "km", "withdist")).toEqual(
      errorOf("ERR GEOSEARCHSTORE is not compatible with WITHDIST, WITHHASH and WITHCOORD options"),
    );
    expect(e("GEORADIUS", "Sicily", "1", "2", "1", "km", "store", "x", "withdist")).toEqual(
      errorOf("ERR STORE option in GEORADIUS is not compatible with WITHDIST, WITHHASH and WITHCOORD options"),
    );
    expect(e("GEORADIUS_RO", "Sicily", "1", "2", "1", "km", "store", "x")).toEqual(SYNTAX);
    expect(e("GEOSEARCH", "Sicily", "fromlonlat", "1", "2", "byradius", "1", "km", "store", "x")).toEqual(SYNTAX);
    expect(e("GEOSEARCH", "Sicily", "fromlonlat", "1", "2", "byradius", "1", "km", "storedist")).toEqual(SYNTAX);
    expect(e("GEORADIUS", "Sicily", "1", "2", "1", "km", "count")).toEqual(SYNTAX);
    expect(e("GEORADIUS", "Sicily", "1", "200", "1", "km")).toEqual(
      errorOf("ERR invalid longitude,latitude pair 1.000000,200.000000"),
    );
    expect(e("GEORADIUSBYMEMBER", "Sicily", "nope", "1", "km")).toEqual(errorOf("ERR could not decode requested zset member"));
  });
});
