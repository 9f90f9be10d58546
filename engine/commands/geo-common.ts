/**
 * What the GEO commands share: Redis' argument helpers (extractLongLatOrReply,
 * extractUnitOrReply), the source-key lookup, and the reply pieces for coordinates and
 * distances.
 */
import type { Client } from "../client";
import { E } from "../errors";
import type { RedisObject, ZSetObject } from "../object";
import { arr, bulk, doubleText, type Reply } from "../reply";
import { GEO_LAT_MAX, GEO_LAT_MIN, GEO_LONG_MAX, GEO_LONG_MIN } from "../types/geohash";
import { formatFixed, formatHuman } from "./geo-util";
import { string2d } from "../util/strtod";
import { optionToken } from "./strings-common";

/** A parsed argument or the error reply that ends the command. */
export type Parsed<T> = { ok: true; v: T } | { ok: false; err: Reply };
const ok = <T>(v: T): Parsed<T> => ({ ok: true, v });
const fail = <T>(r: Reply): Parsed<T> => ({ ok: false, err: r });

/**
 * extractLongLatOrReply: two doubles from argv[i], argv[i+1], then the limits check, whose
 * error prints both numbers with "%f".
 */
export function parseLonLat(argv: readonly string[], i: number): Parsed<[number, number]> {
  const lon = string2d(argv[i]);
  if (lon === null) return fail(E.NOT_FLOAT);
  const lat = string2d(argv[i + 1]);
  if (lat === null) return fail(E.NOT_FLOAT);
  if (lon < GEO_LONG_MIN || lon > GEO_LONG_MAX || lat < GEO_LAT_MIN || lat > GEO_LAT_MAX) {
    return fail(E.geoInvalidPair(formatFixed(lon, 6), formatFixed(lat, 6)));
  }
  return ok([lon, lat]);
}

/** extractUnitOrReply: metres per unit (the name compared as strcasecmp does). */
export function parseUnit(arg: string): Parsed<number> {
  switch (optionToken(arg, 2)) {
    case "m":
      return ok(1);
    case "km":
      return ok(1000);
    case "ft":
      return ok(0.3048);
    case "mi":
      return ok(1609.34);
    default:
      return fail(E.GEO_UNIT);
  }
}

/** The key's sorted set, undefined when missing, or WRONGTYPE. */
export function lookupGeo(c: Client, key: string): Parsed<ZSetObject | undefined> {
  const o: RedisObject | undefined = c.db.lookupRead(key);
  if (o && o.type !== "zset") return fail(E.WRONGTYPE);
  return ok(o);
}

/** GEOPOS / WITHCOORD: each coordinate as ld2string prints it (RESP2 bulk, RESP3 double). */
export const coordReply = (lon: number, lat: number): Reply =>
  arr([doubleText(lon, formatHuman(lon)), doubleText(lat, formatHuman(lat))]);

/** addReplyDoubleDistance: "%.4f" as a bulk string. */
export const distanceReply = (d: number): Reply => bulk(formatFixed(d, 4));
