/**
 * The geohash math on its own, against values recorded from redis-server 7.0.15 (GEOADD, then
 * ZSCORE, GEOPOS and GEOHASH of each point), plus the number printing and the partial sort the
 * GEO replies depend on. The differential suite (tests/conformance/geo.test.ts) compares whole
 * commands live; this file pins the pieces so a regression names the piece that broke.
 */
import { describe, expect, it } from "vitest";
import {
  boundingBox,
  cellScoreRange,
  decodeScore,
  encodeScore,
  estimateStepsByRadius,
  geoDistance,
  geohashString,
  scoreBits,
  searchCells,
  type GeoShape,
} from "../../engine/types/geohash";
import { formatFixed, formatHuman } from "../../engine/commands/geo-util";
import { pqsort } from "../../engine/util/pqsort";
import { string2d } from "../../engine/util/strtod";
import { crAsin, crCos, crSin } from "../../engine/types/geohash-math";

/** [lon, lat] as typed, the score Redis stored, GEOPOS as printed, GEOHASH. */
const RECORDED: [string, string, number, string, string][] = [
  ["13.361389", "38.115556", 3479099956230698, "13.36138933897018433 38.11555639549629859", "sqc8b49rny0"],
  ["15.087269", "37.502669", 3479447370796909, "15.08726745843887329 37.50266842333162032", "sqdtr74hyu0"],
  ["0", "0", 3377699720527872, "0.00000268220901489 0.00000126736058093", "s0000000000"],
  ["-0", "-0", 3377699720527872, "0.00000268220901489 0.00000126736058093", "s0000000000"],
  ["180", "85.05112878", 13510798882111488, "180 85.0511287799999991", "bp05b5048p0"],
  ["-180", "-85.05112878", 0, "-179.99999731779098511 -85.05112751263942528", "00bh0hbj200"],
  ["180", "-85.05112878", 9007199254740992, "180 -85.05112751263942528", "00bh0hbj200"],
  ["-180", "85.05112878", 4503599627370496, "-179.99999731779098511 85.0511287799999991", "bp05b5048p0"],
  ["179.9999999", "0.0000001", 4128299658422954, "179.99999731779098511 0.00000126736058093", "xbpbpbpbpb0"],
  ["-179.9999999", "-0.0000001", 375299968947541, "-179.99999731779098511 -0.00000126736058093", "2pbpbpbpbp0"],
  ["-73.985428", "40.748817", 1791875672669040, "-73.98542851209640503 40.74881737462570896", "dr5ru6j7nd0"],
  ["151.2093", "-33.8688", 3252046221964352, "151.20929986238479614 -33.86880091934155956", "r3gx2f77bj0"],
  ["139.6917", "35.6895", 4171231230197045, "139.69170123338699341 35.68950126697937009", "xn774c06kt0"],
  ["-43.1729", "-22.9068", 1008484280450656, "-43.17289799451828003 -22.90680107158666345", "75cm9tfqnw0"],
  ["2.3522", "48.8566", 3663832779122514, "2.35219806432723999 48.8565995303492997", "u09tvw0f640"],
  ["-0.1278", "51.5074", 2163557714755072, "-0.12779921293258667 51.50740077990133159", "gcpvj0duq50"],
  ["37.6173", "55.7558", 3721706268066593, "37.6172974705696106 55.75579875536732288", "ucfv0n014d0"],
  ["-149.9003", "61.2181", 1467997318785192, "-149.90030139684677124 61.21810004125232751", "bdvkkbmvmb0"],
  ["-21.9426", "64.1466", 2216643466013004, "-21.94260209798812866 64.14660027157923139", "ge2kuttch20"],
  ["-68.3", "-54.8", 650595401170530, "-68.29999834299087524 -54.80000103116147869", "4qr2jzcqye0"],
  ["166.6667", "-77.85", 2998149489225380, "166.66669875383377075 -77.84999990728442754", "pdnt0effzs0"],
  ["0.0001", "85.05", 3752999689392652, "0.00009924173355103 85.04999956172351006", "up05b4bh4m0"],
  ["-0.0001", "-85.05", 750599937977843, "-0.00009924173355103 -85.04999956172352427", "5bzupvpgvd0"],
  ["89.999999", "45", 3847186869369834, "89.99999731779098511 45.00000100864581043", "vbpbpbpbpb0"],
  ["-90.000001", "-45", 281112789053119, "-90.00000268220901489 -45.00000100864581043", "1zzzzzzzzz0"],
  ["1e-310", "1e-310", 3377699720527872, "0.00000268220901489 0.00000126736058093", "s0000000000"],
  ["45.123456789012", "12.987654321098", 3536390823849324, "45.12345939874649048 12.98765394625511505", "t421fu3fsf0"],
  ["-122.419416", "37.774929", 1367859919124605, "-122.41941779851913452 37.77492789249853189", "9q8yyk8yuu0"],
  ["100.5018", "13.7563", 3962257436268771, "100.50180047750473022 13.75630053366116812", "w4rqqbr0m80"],
  ["-58.3816", "-34.6037", 887133777343301, "-58.38160246610641479 -34.60370022923218158", "69y7pkxff40"],
];

const pos = (score: number): string => decodeScore(score).map(formatHuman).join(" ");

describe("encoding and decoding scores", () => {
  it.each(RECORDED)("%s,%s stores the score Redis stores and decodes as GEOPOS does", (lon, lat, score, geopos, hash) => {
    expect(encodeScore(Number(lon), Number(lat))).toBe(score);
    expect(pos(score)).toBe(geopos);
    expect(geohashString(score)).toBe(hash);
  });

  it("converts odd scores to 64 bits as x86-64 C does, and clamps decoded positions", () => {
    // ZADD then GEOPOS on redis-server 7.0.15.
    expect(pos(-1)).toBe("180 85.0511287799999991"); // two's complement: all ones
    expect(pos(1.5)).toBe("-179.99999731779098511 -85.05112497791824921"); // truncated to 1
    expect(pos(1e300)).toBe("-179.99999731779098511 -85.05112751263942528"); // >= 2^64: 0
    expect(pos(Infinity)).toBe("-179.99999731779098511 -85.05112751263942528");
    expect(pos(-Infinity)).toBe("180 -85.05112751263942528"); // 2^63
    expect(pos(-1e300)).toBe("180 -85.05112751263942528");
    expect(pos(9.3e18)).toBe("180 85.0511287799999991");
    expect(pos(1.8e19)).toBe("180 85.0511287799999991");
    expect(pos(-0.5)).toBe("-179.99999731779098511 -85.05112751263942528");
    expect(pos(-9.2e18)).toBe("180 85.0511287799999991");
    expect(scoreBits(-1)).toBe((1n << 64n) - 1n);
    expect(scoreBits(-Infinity)).toBe(1n << 63n);
    expect(scoreBits(NaN)).toBe(1n << 63n);
    expect(scoreBits(1.8e19)).toBe(18000000000000000000n);
    expect(scoreBits(-2)).toBe((1n << 64n) - 2n);
  });

  it("prints GEOHASH from the re-encoded ±90 latitude range", () => {
    expect(geohashString(-1)).toBe("bp05b5048p0");
    expect(geohashString(0)).toBe("00bh0hbj200");
    expect(geohashString(1.5)).toBe("00bh0hbj210");
  });
});

describe("distances", () => {
  it("uses Redis' haversine and Earth radius", () => {
    const [lon1, lat1] = decodeScore(3479099956230698);
    const [lon2, lat2] = decodeScore(3479447370796909);
    expect(formatFixed(geoDistance(lon1, lat1, lon2, lat2), 4)).toBe("166274.1516");
    expect(formatFixed(geoDistance(lon1, lat1, lon2, lat2) / 1000, 4)).toBe("166.2742");
    // Antipodes: GEODIST of -90,0 and 90,-0 on redis-server 7.0.15.
    const a = decodeScore(encodeScore(-90, 0));
    const b = decodeScore(encodeScore(90, -0));
    expect(formatFixed(geoDistance(a[0], a[1], b[0], b[1]), 4)).toBe("20020733.7314");
    const c = decodeScore(encodeScore(-90, 45));
    const d = decodeScore(encodeScore(90, -45));
    expect(formatFixed(geoDistance(c[0], c[1], d[0], d[1]), 4)).toBe("20020734.0000");
  });
});

describe("sin, cos and asin as glibc rounds them", () => {
  // Inputs where V8's Math functions are an ulp off glibc's (libm of redis-server's machine).
  it.each([
    [crSin, 0.8627205491065979, 0.7596147443353559],
    [crSin, -0.7375756502151489, -0.6724956257372657],
    [crSin, -0.7742812967696169, -0.6992024379720964],
    [crSin, 0.6389764015319148, 0.5963741046598595],
    [crCos, -0.9729595223209011, 0.562855791380137],
    [crCos, 0.9787641763687134, 0.5580484694220561],
    [crCos, 1.0795741081237793, 0.4717039400818211],
    [crCos, -0.7513903677463531, 0.7307404334105833],
    [crAsin, 0.5002434253692627, 0.523879881818257],
    [crAsin, 0.6082609295845032, 0.6538677563595766],
    [crAsin, 0.806989312171936, 0.9390362414041543],
    [crAsin, 0.5000139474868774, 0.5236148808437823],
  ])("%o(%d) is %d", (f, x, want) => {
    expect(f(x)).toBe(want);
  });

  it("keeps the special values", () => {
    expect(Object.is(crSin(-0), -0)).toBe(true);
    expect(crCos(0)).toBe(1);
    expect(crAsin(1)).toBe(Math.PI / 2);
    expect(crAsin(0)).toBe(0);
    expect(crAsin(1 + 2 ** -52)).toBeNaN();
    expect(crSin(Infinity)).toBeNaN();
    expect(crCos(1e300)).toBe(Math.cos(1e300));
  });
});

describe("search cells", () => {
  const shape = (lon: number, lat: number, radius: number, conversion = 1): GeoShape => ({
    kind: "radius",
    lon,
    lat,
    conversion,
    radius,
    width: 0,
    height: 0,
  });

  it("estimates the step from the radius, coarser towards the poles", () => {
    expect(estimateStepsByRadius(0, 0)).toBe(26);
    expect(estimateStepsByRadius(1, 0)).toBe(24);
    expect(estimateStepsByRadius(1000, 0)).toBe(14);
    expect(estimateStepsByRadius(1000, 70)).toBe(13);
    expect(estimateStepsByRadius(1000, -81)).toBe(12);
    expect(estimateStepsByRadius(5e7, 0)).toBe(1);
    expect(estimateStepsByRadius(Infinity, 0)).toBe(1);
  });

  it("bounds a radius by the wider parallel", () => {
    const [minLon, minLat, maxLon, maxLat] = boundingBox(shape(0, 60, 100, 1000));
    // 100 km over Redis' Earth radius, in degrees.
    expect(maxLat - 60).toBeCloseTo(0.8990679, 6);
    expect(60 - minLat).toBeCloseTo(0.8990679, 6);
    // North of the Equator the top edge is the wider one: 100 km at 60.9°.
    expect(maxLon).toBeCloseTo(-minLon, 12);
    expect(maxLon).toBeGreaterThan(0.8990679 / Math.cos((60 * Math.PI) / 180));
  });

  it("scans the centre cell and the neighbours the area reaches", () => {
    const cells = searchCells(shape(13.361389, 38.115556, 200, 1000));
    expect(cells).toHaveLength(9);
    // 200 km doubles 7 times past half the Equator (step 8), less 2: step 6, or 5 if a
    // neighbour falls short of the bounding box.
    expect([5, 6]).toContain(cells[0]?.step);
    const [lo, hi] = cellScoreRange(cells[0]!);
    expect(lo).toBeLessThanOrEqual(3479099956230698);
    expect(hi).toBeGreaterThan(3479099956230698);
    // A tiny radius in the middle of a cell leaves only the centre.
    const tiny = searchCells(shape(...decodeScore(3479099956230698), 0.001));
    expect(tiny.filter((c) => c !== null)).toHaveLength(1);
    const [min, max] = cellScoreRange(tiny[0]!);
    expect(min).toBeLessThanOrEqual(3479099956230698);
    expect(max).toBeGreaterThan(3479099956230698);
  });
});

describe("number formatting", () => {
  it("prints %f and %.4f as glibc does", () => {
    expect(formatFixed(200, 6)).toBe("200.000000");
    expect(formatFixed(-0, 6)).toBe("-0.000000");
    expect(formatFixed(1.0078125, 6)).toBe("1.007812"); // an exact tie rounds to even
    expect(formatFixed(1.0234375, 6)).toBe("1.023438");
    expect(formatFixed(0.03125, 4)).toBe("0.0312");
    expect(formatFixed(0.09375, 4)).toBe("0.0938");
    expect(formatFixed(Infinity, 6)).toBe("inf");
    expect(formatFixed(-Infinity, 6)).toBe("-inf");
    expect(formatFixed(1e300, 6)).toBe(
      "1000000000000000052504760255204420248704468581108159154915854115511802457988908195786371375080447864043704443832883878176942523235360430575644792184786706982848387200926575803737830233794788090059368953234970799945081119038967640880074652742780142494579258788820056842838115669472196386865459400540160.000000",
    );
    expect(formatFixed(85.05112878000001, 6)).toBe("85.051129");
  });

  it("prints coordinates in ld2string's human format", () => {
    expect(formatHuman(180)).toBe("180");
    expect(formatHuman(-0)).toBe("0");
    expect(formatHuman(85.05112878)).toBe("85.0511287799999991");
    expect(formatHuman(0.5)).toBe("0.5");
  });

  it("parses numbers as strtod with Redis' range checks", () => {
    expect(string2d("0x10")).toBe(16);
    expect(string2d("-0x.8p1")).toBe(-1);
    expect(string2d("1e-310")).toBe(1e-310);
    expect(string2d("1e-400")).toBeNull();
    expect(string2d("0e-400")).toBe(0);
    expect(string2d("1e400")).toBeNull();
    expect(string2d("inf")).toBe(Infinity);
    expect(string2d("-Infinity")).toBe(-Infinity);
    expect(string2d("nan")).toBeNull();
    expect(string2d(" 1")).toBeNull();
    expect(string2d("1 ")).toBeNull();
    expect(string2d("")).toBeNull();
    expect(string2d("0x")).toBeNull();
  });
});

describe("pqsort", () => {
  const byKey = (a: [number, string], b: [number, string]) => (a[0] > b[0] ? 1 : a[0] === b[0] ? 0 : -1);

  it("sorts the requested positions like a full sort", () => {
    for (let n = 1; n < 120; n += 7) {
      const xs: [number, string][] = Array.from({ length: n }, (_, i) => [(i * 7919) % 13, `m${i}`]);
      const want = [...xs].sort(byKey).map((x) => x[0]);
      for (const k of [1, 3, n]) {
        const a = [...xs];
        pqsort(a, byKey, 0, Math.min(k, n) - 1);
        expect(a.slice(0, Math.min(k, n)).map((x) => x[0])).toEqual(want.slice(0, Math.min(k, n)));
      }
    }
  });

  it("leaves ties in the order redis-server 7.0.15 leaves them", () => {
    // 60 members at one spot and 30 at another, COUNT 50: GEOSEARCH on the real server.
    const ms = (p: string, n: number) => Array.from({ length: n }, (_, i) => `${p}${i + 1}`).sort();
    const a: [number, string][] = [...ms("a", 60).map((m): [number, string] => [0, m]), ...ms("b", 30).map((m): [number, string] => [1, m])];
    pqsort(a, byKey, 0, 49);
    expect(a.slice(0, 50).map((x) => x[1]).join(" ")).toBe(
      "a3 a10 a11 a12 a13 a14 a15 a16 a17 a18 a19 a2 a20 a21 a22 a23 a24 a25 a26 a27 a28 a29 a1 a30 a31 a32 a33 a34 a35 a36 a37 a38 a39 a4 a40 a41 a42 a43 a44 a45 a46 a47 a48 a49 a5 a50 a51 a52 a53 a54",
    );
  });

  it("moves equal elements as the Bentley-McIlroy partition does", () => {
    // Six equal keys: insertion sort, nothing moves.
    const a: [number, string][] = ["a", "b", "c", "d", "e", "f"].map((m) => [1, m]);
    pqsort(a, byKey, 0, 2);
    expect(a.map((x) => x[1]).join("")).toBe("abcdef");
    // Eight equal keys: the pivot (the middle one) is swapped to the front first.
    const b: [number, string][] = ["a", "b", "c", "d", "e", "f", "g", "h"].map((m) => [1, m]);
    pqsort(b, byKey, 0, 2);
    expect(b.map((x) => x[1]).join("")).not.toBe("abcdefgh");
  });
});
