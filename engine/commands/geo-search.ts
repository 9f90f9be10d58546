/**
 * The geo searches: GEOSEARCH, GEOSEARCHSTORE, GEORADIUS, GEORADIUSBYMEMBER and their _RO forms
 * share one body, as Redis' georadiusGeneric: parse (with its exact order of checks and
 * errors), pick the cells to scan, gather the matching members cell by cell, sort by distance,
 * then reply or store.
 *
 * The order of the gathered points is part of the reply (members at equal distances keep it
 * under a full sort, and COUNT's partial sort moves them in its own way), so cells are scanned
 * in Redis' order and each cell's score range in sorted-set order.
 */
import type { Client } from "../client";
import { E } from "../errors";
import type { ZSetObject } from "../object";
import { arr, bulk, EMPTY_ARRAY, int, type Reply } from "../reply";
import { cellScoreRange, decodeScore, distanceIfWithin, sameCell, searchCells, type GeoShape, type HashBits } from "../types/geohash";
import { coordReply, distanceReply, lookupGeo, parseLonLat, parseUnit, type Parsed } from "./geo-common";
import { pqsort } from "../util/pqsort";
import { string2d } from "../util/strtod";
import { scanScoreRange, storeZset, zsetScoreOf } from "./geo-zset";
import { parseInt64 } from "./args";
import { optionToken } from "./strings-common";
import type { CommandDef } from "./table";

// Variants, as geo.c's flags.
const RADIUS_COORDS = 1; // GEORADIUS: centre given as longitude latitude
const RADIUS_MEMBER = 2; // GEORADIUSBYMEMBER: centre at a member
const RADIUS_NOSTORE = 4; // the _RO forms: no STORE/STOREDIST
const GEOSEARCH = 8; // GEOSEARCH syntax (FROM…/BY… options)
const GEOSEARCHSTORE = 16; // GEOSEARCHSTORE: destination first, STOREDIST as a flag

type Sort = "none" | "asc" | "desc";

interface Point {
  member: string;
  score: number;
  lon: number;
  lat: number;
  /** From the centre, in metres until the reply converts it to the unit. */
  dist: number;
}

const ok = <T>(v: T): Parsed<T> => ({ ok: true, v });

/** extractDistanceOrReply: a non-negative radius and its unit. */
function parseRadius(argv: readonly string[], i: number): Parsed<[radius: number, conversion: number]> {
  const r = string2d(argv[i]);
  if (r === null) return { ok: false, err: E.GEO_NEED_RADIUS };
  if (r < 0) return { ok: false, err: E.GEO_RADIUS_NEGATIVE };
  const u = parseUnit(argv[i + 1]);
  return u.ok ? ok([r, u.v]) : u;
}

/** extractBoxOrReply: a non-negative width and height and their unit. */
function parseBox(argv: readonly string[], i: number): Parsed<[width: number, height: number, conversion: number]> {
  const w = string2d(argv[i]);
  if (w === null) return { ok: false, err: E.GEO_NEED_WIDTH };
  const h = string2d(argv[i + 1]);
  if (h === null) return { ok: false, err: E.GEO_NEED_HEIGHT };
  if (h < 0 || w < 0) return { ok: false, err: E.GEO_BOX_NEGATIVE };
  const u = parseUnit(argv[i + 2]);
  return u.ok ? ok([w, h, u.v]) : u;
}

/** The centre of a search around a member, or the error for a missing member. */
function memberCentre(z: ZSetObject, member: string): Parsed<[number, number]> {
  const score = zsetScoreOf(z, member);
  return score === undefined ? { ok: false, err: E.GEO_NO_MEMBER } : ok(decodeScore(score));
}

function georadiusGeneric(c: Client, argv: string[], srcIndex: number, flags: number): Reply {
  // The source key is looked up (and type-checked) before any argument is parsed.
  const found = lookupGeo(c, argv[srcIndex]);
  if (!found.ok) return found.err;
  const zobj = found.v;
  let storeKey: string | undefined;
  let storeDist = false;

  const shape: GeoShape = { kind: "radius", lon: 0, lat: 0, conversion: 0, radius: 0, width: 0, height: 0 };
  let baseArgs: number;
  if (flags & RADIUS_COORDS) {
    baseArgs = 6;
    const xy = parseLonLat(argv, 2);
    if (!xy.ok) return xy.err;
    [shape.lon, shape.lat] = xy.v;
    const r = parseRadius(argv, 4);
    if (!r.ok) return r.err;
    [shape.radius, shape.conversion] = r.v;
  } else if (flags & RADIUS_MEMBER) {
    baseArgs = 5;
    // Without a source key the radius is not even parsed: the reply is empty either way.
    if (zobj) {
      const xy = memberCentre(zobj, argv[2]);
      if (!xy.ok) return xy.err;
      [shape.lon, shape.lat] = xy.v;
      const r = parseRadius(argv, 3);
      if (!r.ok) return r.err;
      [shape.radius, shape.conversion] = r.v;
    }
  } else {
    baseArgs = flags & GEOSEARCHSTORE ? 3 : 2;
    if (flags & GEOSEARCHSTORE) storeKey = argv[1];
  }

  let withDist = false;
  let withHash = false;
  let withCoord = false;
  let fromMember = false;
  let fromLonLat = false;
  let byRadius = false;
  let byBox = false;
  let sort: Sort = "none";
  let any = false;
  let count = 0;
  const search = (flags & GEOSEARCH) !== 0;
  const remaining = argv.length - baseArgs;
  for (let i = 0; i < remaining; i++) {
    const at = baseArgs + i;
    const opt = optionToken(argv[at]);
    if (opt === "withdist") withDist = true;
    else if (opt === "withhash") withHash = true;
    else if (opt === "withcoord") withCoord = true;
    else if (opt === "any") any = true;
    else if (opt === "asc") sort = "asc";
    else if (opt === "desc") sort = "desc";
    else if (opt === "count" && i + 1 < remaining) {
      const n = parseInt64(argv[at + 1]);
      if (n === null) return E.NOT_INTEGER;
      if (n <= 0) return E.GEO_COUNT_NOT_POSITIVE;
      count = Number(n);
      i++;
    } else if ((opt === "store" || opt === "storedist") && i + 1 < remaining && !(flags & RADIUS_NOSTORE) && !search) {
      storeKey = argv[at + 1];
      storeDist = opt === "storedist";
      i++;
    } else if (opt === "storedist" && search && flags & GEOSEARCHSTORE) {
      storeDist = true;
    } else if (opt === "frommember" && i + 1 < remaining && search && !fromLonLat) {
      // Without a source key the member is not looked up; parsing goes on.
      if (zobj) {
        const xy = memberCentre(zobj, argv[at + 1]);
        if (!xy.ok) return xy.err;
        [shape.lon, shape.lat] = xy.v;
      }
      fromMember = true;
      i++;
    } else if (opt === "fromlonlat" && i + 2 < remaining && search && !fromMember) {
      const xy = parseLonLat(argv, at + 1);
      if (!xy.ok) return xy.err;
      [shape.lon, shape.lat] = xy.v;
      fromLonLat = true;
      i += 2;
    } else if (opt === "byradius" && i + 2 < remaining && search && !byBox) {
      const r = parseRadius(argv, at + 1);
      if (!r.ok) return r.err;
      [shape.radius, shape.conversion] = r.v;
      shape.kind = "radius";
      byRadius = true;
      i += 2;
    } else if (opt === "bybox" && i + 3 < remaining && search && !byRadius) {
      const b = parseBox(argv, at + 1);
      if (!b.ok) return b.err;
      [shape.width, shape.height, shape.conversion] = b.v;
      shape.kind = "box";
      byBox = true;
      i += 3;
    } else {
      return E.SYNTAX;
    }
  }

  if (storeKey !== undefined && (withDist || withHash || withCoord)) {
    return flags & GEOSEARCHSTORE ? E.GEOSEARCHSTORE_WITH_OPTIONS : E.GEO_STORE_WITH_OPTIONS;
  }
  if (search && !(fromMember || fromLonLat)) return E.geoNeedsFrom(argv[0]);
  if (search && !(byRadius || byBox)) return E.geoNeedsBy(argv[0]);
  if (any && !count) return E.GEO_ANY_NEEDS_COUNT;

  if (!zobj) {
    if (storeKey === undefined) return EMPTY_ARRAY;
    if (c.db.delete(storeKey)) c.db.written(storeKey, "g", "del");
    return int(0);
  }

  // COUNT keeps the nearest ones, so it implies ASC unless ANY asked for any N matches.
  if (count !== 0 && sort === "none" && !any) sort = "asc";

  const points = gather(zobj, shape, any ? count : 0);
  if (points.length === 0 && storeKey === undefined) return EMPTY_ARRAY;

  const returned = count === 0 || points.length < count ? points.length : count;
  if (sort !== "none") {
    const asc = (a: Point, b: Point) => (a.dist > b.dist ? 1 : a.dist === b.dist ? 0 : -1);
    const cmp = sort === "asc" ? asc : (a: Point, b: Point) => -asc(a, b);
    // A full sort is glibc's qsort, a stable merge sort, as Array.prototype.sort is.
    if (returned === points.length) points.sort(cmp);
    else pqsort(points, cmp, 0, returned - 1);
  }

  if (storeKey === undefined) {
    const out: Reply[] = [];
    for (let i = 0; i < returned; i++) {
      const p = points[i];
      const dist = p.dist / shape.conversion;
      if (!withDist && !withHash && !withCoord) {
        out.push(bulk(p.member));
        continue;
      }
      const item: Reply[] = [bulk(p.member)];
      if (withDist) item.push(distanceReply(dist));
      if (withHash) item.push(int(Math.trunc(p.score)));
      if (withCoord) item.push(coordReply(p.lon, p.lat));
      out.push(arr(item));
    }
    return arr(out);
  }

  if (returned === 0) {
    if (c.db.delete(storeKey)) c.db.written(storeKey, "g", "del");
    return int(0);
  }
  const entries: [string, number][] = [];
  for (let i = 0; i < returned; i++) {
    const p = points[i];
    entries.push([p.member, storeDist ? p.dist / shape.conversion : p.score]);
  }
  storeZset(c, storeKey, entries);
  c.db.written(storeKey, "z", flags & GEOSEARCH ? "geosearchstore" : "georadiusstore", returned);
  return int(returned);
}

/**
 * membersOfAllNeighbors: every member inside the shape, cell by cell (a cell equal to the one
 * scanned just before is skipped: with huge radii neighbours coincide). With a limit (ANY)
 * the scan stops as soon as that many matched.
 */
function gather(z: ZSetObject, shape: GeoShape, limit: number): Point[] {
  const points: Point[] = [];
  const cells = searchCells(shape);
  let last: HashBits | null = null;
  for (const cell of cells) {
    if (!cell) continue;
    if (last && sameCell(cell, last)) continue;
    if (points.length && limit && points.length >= limit) break;
    const [min, max] = cellScoreRange(cell);
    scanScoreRange(z, min, max, (member, score) => {
      const [lon, lat] = decodeScore(score);
      const dist = distanceIfWithin(shape, lon, lat);
      if (dist !== -1) points.push({ member, score, lon, lat, dist });
      return !(points.length && limit && points.length >= limit);
    });
    last = cell;
  }
  return points;
}

const generic =
  (srcIndex: number, flags: number): CommandDef["handler"] =>
  (c, argv) =>
    georadiusGeneric(c, argv, srcIndex, flags);

export const geoSearchCommands: CommandDef[] = [
  {
    name: "geosearch",
    summary: "Returns the members inside a circle or box around a member or a position.",
    handler: generic(1, GEOSEARCH),
  },
  {
    name: "geosearchstore",
    summary: "Stores the members inside a circle or box in a sorted set, by geohash or by distance.",
    handler: generic(2, GEOSEARCH | GEOSEARCHSTORE),
  },
  {
    name: "georadius",
    summary: "Returns (or with STORE saves) the members within a radius of a position.",
    handler: generic(1, RADIUS_COORDS),
  },
  {
    name: "georadiusbymember",
    summary: "Returns (or with STORE saves) the members within a radius of another member.",
    handler: generic(1, RADIUS_MEMBER),
  },
  {
    name: "georadius_ro",
    summary: "Returns the members within a radius of a position, without a STORE option.",
    handler: generic(1, RADIUS_COORDS | RADIUS_NOSTORE),
  },
  {
    name: "georadiusbymember_ro",
    summary: "Returns the members within a radius of another member, without a STORE option.",
    handler: generic(1, RADIUS_MEMBER | RADIUS_NOSTORE),
  },
];
