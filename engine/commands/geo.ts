/**
 * Geo commands: positions stored as 52-bit geohash scores in a sorted set (a geo key is an
 * ordinary zset: TYPE zset, OBJECT ENCODING listpack/skiplist, readable with ZRANGE).
 *
 * GEOADD turns each position into a score and hands the rewritten argv to ZADD, as Redis does,
 * so options, encodings, the "zadd" event and the reply are ZADD's own. GEOPOS, GEOHASH and
 * GEODIST decode scores; the searches live in geo-search.ts.
 */
import type { Client } from "../client";
import { E } from "../errors";
import { arr, bulk, NULL, NULL_ARRAY, type Reply } from "../reply";
import { decodeScore, encodeScore, geoDistance, geohashString } from "../types/geohash";
import { coordReply, distanceReply, lookupGeo, parseLonLat, parseUnit } from "./geo-common";
import { geoSearchCommands } from "./geo-search";
import { zsetScoreOf } from "./geo-zset";
import { optionToken } from "./strings-common";
import type { CommandDef } from "./table";
import { zsetCommands } from "./zsets";

// ---- GEOADD ------------------------------------------------------------------------------------

function geoadd(c: Client, argv: string[]): Reply {
  let xx = false;
  let nx = false;
  let longidx = 2;
  for (; longidx < argv.length; longidx++) {
    const opt = optionToken(argv[longidx], 2);
    if (opt === "nx") nx = true;
    else if (opt === "xx") xx = true;
    else if (opt !== "ch") break;
  }
  if ((argv.length - longidx) % 3 || (xx && nx)) return E.SYNTAX;

  const zaddArgv = argv.slice(0, longidx);
  zaddArgv[0] = "zadd";
  for (let i = longidx; i < argv.length; i += 3) {
    const xy = parseLonLat(argv, i);
    if (!xy.ok) return xy.err;
    // The score goes to ZADD as the integer's decimal text, as Redis writes it.
    zaddArgv.push(String(encodeScore(xy.v[0], xy.v[1])), argv[i + 2]);
  }
  return zaddHandler()(c, zaddArgv);
}

/** ZADD's handler, looked up when first needed (the zset family owns it). */
let zadd: CommandDef["handler"];
function zaddHandler(): NonNullable<CommandDef["handler"]> {
  zadd ??= zsetCommands.find((d) => d.name === "zadd")?.handler;
  if (!zadd) throw new Error("GEOADD needs the ZADD command");
  return zadd;
}

// ---- GEOPOS, GEOHASH, GEODIST ------------------------------------------------------------------

function geopos(c: Client, argv: string[]): Reply {
  const z = lookupGeo(c, argv[1]);
  if (!z.ok) return z.err;
  const out: Reply[] = [];
  for (let j = 2; j < argv.length; j++) {
    const score = z.v && zsetScoreOf(z.v, argv[j]);
    if (score === undefined) {
      out.push(NULL_ARRAY);
    } else {
      const [lon, lat] = decodeScore(score);
      out.push(coordReply(lon, lat));
    }
  }
  return arr(out);
}

function geohash(c: Client, argv: string[]): Reply {
  const z = lookupGeo(c, argv[1]);
  if (!z.ok) return z.err;
  const out: Reply[] = [];
  for (let j = 2; j < argv.length; j++) {
    const score = z.v && zsetScoreOf(z.v, argv[j]);
    out.push(score === undefined ? NULL : bulk(geohashString(score)));
  }
  return arr(out);
}

function geodist(c: Client, argv: string[]): Reply {
  // The unit is checked before the key is looked up.
  let toMeter = 1;
  if (argv.length === 5) {
    const u = parseUnit(argv[4]);
    if (!u.ok) return u.err;
    toMeter = u.v;
  } else if (argv.length > 5) {
    return E.SYNTAX;
  }
  const z = lookupGeo(c, argv[1]);
  if (!z.ok) return z.err;
  if (!z.v) return NULL;
  const s1 = zsetScoreOf(z.v, argv[2]);
  const s2 = zsetScoreOf(z.v, argv[3]);
  if (s1 === undefined || s2 === undefined) return NULL;
  const [lon1, lat1] = decodeScore(s1);
  const [lon2, lat2] = decodeScore(s2);
  return distanceReply(geoDistance(lon1, lat1, lon2, lat2) / toMeter);
}

export const geoCommands: CommandDef[] = [
  { name: "geoadd", summary: "Stores members at longitude/latitude positions in a sorted set, as geohash scores.", handler: geoadd },
  { name: "geopos", summary: "Returns the longitude and latitude each member's geohash score decodes to.", handler: geopos },
  { name: "geohash", summary: "Returns each member's position as an 11-character standard geohash string.", handler: geohash },
  { name: "geodist", summary: "Returns the distance between two members, in metres or the given unit.", handler: geodist },
  ...geoSearchCommands,
];
