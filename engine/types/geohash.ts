/**
 * Redis' geohash: a position is stored as the score of a sorted-set member, a 52-bit integer
 * whose even bits hold 26 bits of latitude and whose odd bits hold 26 bits of longitude
 * (the cell index on a 2^26 × 2^26 grid over the Web Mercator range, latitude ±85.05112878).
 * Interleaving keeps nearby cells at nearby scores, so an area of the map is a few score
 * ranges of the sorted set; a radius or box search scans the cell holding the centre and its
 * eight neighbours at a grid step coarse enough to cover the shape.
 *
 * Every step here reproduces Redis 7.0's arithmetic exactly (the same doubles, the same order
 * of operations, the same 64-bit wrap-arounds), because the reply bytes depend on it: the
 * scores ZRANGE shows, the coordinates GEOPOS decodes, which members fall inside a search and
 * in which order they are gathered.
 *
 * Two representations of hash bits: plain numbers (hi/lo 32-bit halves) on the hot paths that
 * run per member (encoding for GEOADD, decoding a score), and bigint for the per-query cell
 * arithmetic, where Redis relies on uint64 wrap-around.
 */

import { crAsin, crCos, crSin } from "./geohash-math";

export const GEO_STEP_MAX = 26;
export const GEO_LAT_MIN = -85.05112878;
export const GEO_LAT_MAX = 85.05112878;
export const GEO_LONG_MIN = -180;
export const GEO_LONG_MAX = 180;

/** The mean Earth radius Redis measures distances with. */
export const EARTH_RADIUS_IN_METERS = 6372797.560856;
/** Half the Equator in Web Mercator metres: the step estimate doubles a radius up to it. */
const MERCATOR_MAX = 20037726.37;
const D_R = Math.PI / 180;

const degRad = (ang: number): number => ang * D_R;
const radDeg = (ang: number): number => ang / D_R;

const TWO_32 = 2 ** 32;
const TWO_63 = 2 ** 63;
const TWO_64 = 2 ** 64;
const MASK64 = (1n << 64n) - 1n;
const EVEN64 = 0x5555555555555555n;
const ODD64 = 0xaaaaaaaaaaaaaaaan;

export interface Range {
  min: number;
  max: number;
}

/** The ranges scores are encoded over. */
const LONG_RANGE: Range = { min: GEO_LONG_MIN, max: GEO_LONG_MAX };
const LAT_RANGE: Range = { min: GEO_LAT_MIN, max: GEO_LAT_MAX };
/** The ranges of the standard geohash alphabet strings (GEOHASH re-encodes with these). */
const STD_LAT_RANGE: Range = { min: -90, max: 90 };

/** Hash bits at a given step (2·step significant bits; a cell of the 2^step grid). */
export interface HashBits {
  bits: bigint;
  step: number;
}

/** A cell's extent in degrees. */
export interface Area {
  lonMin: number;
  lonMax: number;
  latMin: number;
  latMax: number;
}

// ---- Bit interleaving ------------------------------------------------------------------------

/** SPREAD8[b]: the 8 bits of b moved to the even positions of a 16-bit value. */
const SPREAD8 = new Uint16Array(256);
for (let b = 0; b < 256; b++) {
  let v = 0;
  for (let i = 0; i < 8; i++) if (b & (1 << i)) v |= 1 << (2 * i);
  SPREAD8[b] = v;
}

/** The bits of a 16-bit value moved to the even positions of a 32-bit value (unsigned). */
const spread16 = (x: number): number => (SPREAD8[x & 255] | (SPREAD8[(x >>> 8) & 255] << 16)) >>> 0;

/** The bits of v (< 2^27) at the even positions: an integer below 2^53, exact as a number. */
function spread27(v: number): number {
  return spread16(v >>> 16) * TWO_32 + spread16(v & 0xffff);
}

/** The even bits of a 32-bit value packed into 16 bits. */
function squeeze32(x: number): number {
  x &= 0x55555555;
  x = (x | (x >>> 1)) & 0x33333333;
  x = (x | (x >>> 2)) & 0x0f0f0f0f;
  x = (x | (x >>> 4)) & 0x00ff00ff;
  x = (x | (x >>> 8)) & 0x0000ffff;
  return x;
}

/** Latitude (even bits) and longitude (odd bits) cell indexes of a 64-bit hash given as halves. */
function deinterleave(hi: number, lo: number): [lat: number, lon: number] {
  const lat = (squeeze32(lo) | (squeeze32(hi) << 16)) >>> 0;
  const lon = (squeeze32(lo >>> 1) | (squeeze32(hi >>> 1) << 16)) >>> 0;
  return [lat, lon];
}

/**
 * C's `(uint64_t)score` on x86-64 as gcc compiles it, split into 32-bit halves: truncation
 * below 2^63, the 2^63 offset trick up to 2^64, and the "integer indefinite" 2^63 pattern for
 * NaN and values at or below -2^63 (negative values wrap as two's complement). Only a score
 * written with ZADD can be anything but a non-negative integer; GEOADD never makes one.
 */
export function scoreToUint64(score: number): [hi: number, lo: number] {
  if (score >= 0 && score < TWO_63) {
    const t = Math.trunc(score);
    const hi = Math.floor(t / TWO_32);
    return [hi, t - hi * TWO_32];
  }
  if (score >= TWO_63) {
    if (score >= TWO_64) return [0, 0]; // (x - 2^63) is out of range too: indefinite ^ 2^63
    const t = score - TWO_63;
    const hi = Math.floor(t / TWO_32);
    return [(hi + 0x80000000) >>> 0, t - hi * TWO_32];
  }
  if (!(score > -TWO_63)) return [0x80000000, 0]; // NaN, -inf, <= -2^63
  const t = Math.trunc(score); // (-2^63, 0]: two's complement
  if (t === 0) return [0, 0];
  const hi = Math.floor(t / TWO_32);
  return [hi + TWO_32, t - hi * TWO_32];
}

const toBig = (hi: number, lo: number): bigint => (BigInt(hi) << 32n) | BigInt(lo);
const halves = (bits: bigint): [number, number] => [Number((bits >> 32n) & 0xffffffffn), Number(bits & 0xffffffffn)];

// ---- Encoding and decoding -------------------------------------------------------------------

/**
 * Cell indexes of a position at `step`, as geohashEncode computes them, or null where Redis
 * refuses (outside the ±85.05112878 / ±180 limits or outside the given ranges).
 */
function cellOffsets(lonRange: Range, latRange: Range, lon: number, lat: number, step: number): [number, number] | null {
  if (step > 32 || step === 0) return null;
  if (lon > GEO_LONG_MAX || lon < GEO_LONG_MIN || lat > GEO_LAT_MAX || lat < GEO_LAT_MIN) return null;
  if (lat < latRange.min || lat > latRange.max || lon < lonRange.min || lon > lonRange.max) return null;
  let latOffset = (lat - latRange.min) / (latRange.max - latRange.min);
  let lonOffset = (lon - lonRange.min) / (lonRange.max - lonRange.min);
  latOffset *= 2 ** step;
  lonOffset *= 2 ** step;
  // The conversion to uint32_t truncates; offsets are in [0, 2^step].
  return [Math.trunc(latOffset), Math.trunc(lonOffset)];
}

/** geohashEncode: the interleaved bits of a position at `step` (step <= 26 here). */
function encode(lonRange: Range, latRange: Range, lon: number, lat: number, step: number): HashBits | null {
  const off = cellOffsets(lonRange, latRange, lon, lat, step);
  if (!off) return null;
  return { bits: BigInt(spread27(off[0])) | (BigInt(spread27(off[1])) << 1n), step };
}

/**
 * The sorted-set score GEOADD stores for a position already checked to be in range: the 52-bit
 * hash as a double. A position on the top or right edge yields a cell index of 2^26, one bit
 * beyond 52; the sum then rounds exactly as Redis' ZADD parses the integer's decimal text.
 */
export function encodeScore(lon: number, lat: number): number {
  const off = cellOffsets(LONG_RANGE, LAT_RANGE, lon, lat, GEO_STEP_MAX);
  if (!off) throw new Error("encodeScore: position out of range");
  return spread27(off[0]) + 2 * spread27(off[1]);
}

/** geohashDecode: the extent of a cell. */
function decodeArea(lonRange: Range, latRange: Range, hi: number, lo: number, step: number): Area {
  const [ilat, ilon] = deinterleave(hi, lo);
  const latScale = latRange.max - latRange.min;
  const lonScale = lonRange.max - lonRange.min;
  const cells = 2 ** step;
  // (i + 1) is uint32 arithmetic in C, so it wraps at 2^32.
  return {
    latMin: latRange.min + (ilat / cells) * latScale,
    latMax: latRange.min + (((ilat + 1) >>> 0) / cells) * latScale,
    lonMin: lonRange.min + (ilon / cells) * lonScale,
    lonMax: lonRange.min + (((ilon + 1) >>> 0) / cells) * lonScale,
  };
}

const areaOf = (h: HashBits): Area => {
  const [hi, lo] = halves(h.bits);
  return decodeArea(LONG_RANGE, LAT_RANGE, hi, lo, h.step);
};

/**
 * The position a score stands for: the centre of its cell, clamped to the valid limits (as
 * Redis does, so a cell index of 2^26 on an edge decodes to exactly 180 / 85.05112878).
 */
export function decodeScore(score: number): [lon: number, lat: number] {
  const [hi, lo] = scoreToUint64(score);
  const a = decodeArea(LONG_RANGE, LAT_RANGE, hi, lo, GEO_STEP_MAX);
  let lon = (a.lonMin + a.lonMax) / 2;
  if (lon > GEO_LONG_MAX) lon = GEO_LONG_MAX;
  if (lon < GEO_LONG_MIN) lon = GEO_LONG_MIN;
  let lat = (a.latMin + a.latMax) / 2;
  if (lat > GEO_LAT_MAX) lat = GEO_LAT_MAX;
  if (lat < GEO_LAT_MIN) lat = GEO_LAT_MIN;
  return [lon, lat];
}

const GEO_ALPHABET = "0123456789bcdefghjkmnpqrstuvwxyz";

/**
 * The 11-character standard geohash of a stored score. Redis' internal latitude range is
 * ±85.05…, the standard one ±90, so the score is decoded and the position re-encoded over
 * ±90 before printing 5 bits per character; the 11th character has no bits left and is '0'.
 */
export function geohashString(score: number): string {
  const [lon, lat] = decodeScore(score);
  // A decoded position is always within limits, so this never fails.
  const h = encode(LONG_RANGE, STD_LAT_RANGE, lon, lat, GEO_STEP_MAX) as HashBits;
  let out = "";
  for (let i = 0; i < 10; i++) out += GEO_ALPHABET[Number((h.bits >> BigInt(52 - (i + 1) * 5)) & 0x1fn)];
  return out + GEO_ALPHABET[0];
}

// ---- Distances -------------------------------------------------------------------------------

/** Great-circle distance in metres by the haversine formula, as Redis 7.0 computes it. */
export function geoDistance(lon1: number, lat1: number, lon2: number, lat2: number): number {
  const lat1r = degRad(lat1);
  const lon1r = degRad(lon1);
  const lat2r = degRad(lat2);
  const lon2r = degRad(lon2);
  const u = crSin((lat2r - lat1r) / 2);
  const v = crSin((lon2r - lon1r) / 2);
  return 2.0 * EARTH_RADIUS_IN_METERS * crAsin(Math.sqrt(u * u + crCos(lat1r) * crCos(lat2r) * v * v));
}

// ---- Search shapes ---------------------------------------------------------------------------

/** What a search covers: a circle (radius) or an axis-aligned box (width × height). */
export interface GeoShape {
  kind: "radius" | "box";
  /** Centre. */
  lon: number;
  lat: number;
  /** Metres per unit of the given sizes (m 1, km 1000, ft 0.3048, mi 1609.34). */
  conversion: number;
  /** In the given unit. */
  radius: number;
  width: number;
  height: number;
}

/**
 * Whether a decoded point lies in the shape; returns its distance from the centre (metres) or
 * -1 when outside. A box tests the east-west distance along the point's parallel and the
 * north-south distance along its meridian against the half sizes.
 */
export function distanceIfWithin(shape: GeoShape, lon: number, lat: number): number {
  if (shape.kind === "radius") {
    const d = geoDistance(shape.lon, shape.lat, lon, lat);
    // `d > radius` rejects; NaN never does, exactly as in C.
    return d > shape.radius * shape.conversion ? -1 : d;
  }
  const widthM = shape.width * shape.conversion;
  const heightM = shape.height * shape.conversion;
  const lonDistance = geoDistance(lon, lat, shape.lon, lat);
  const latDistance = geoDistance(lon, lat, lon, shape.lat);
  if (lonDistance > widthM / 2 || latDistance > heightM / 2) return -1;
  return geoDistance(shape.lon, shape.lat, lon, lat);
}

/**
 * The shape's bounding box [minLon, minLat, maxLon, maxLat]: the latitude span from the half
 * height, the longitude span from the half width at the parallel farther from the Equator.
 */
export function boundingBox(shape: GeoShape): [number, number, number, number] {
  const { lon, lat } = shape;
  const height = shape.conversion * (shape.kind === "radius" ? shape.radius : shape.height / 2);
  const width = shape.conversion * (shape.kind === "radius" ? shape.radius : shape.width / 2);
  const latDelta = radDeg(height / EARTH_RADIUS_IN_METERS);
  const lonDeltaTop = radDeg(width / EARTH_RADIUS_IN_METERS / crCos(degRad(lat + latDelta)));
  const lonDeltaBottom = radDeg(width / EARTH_RADIUS_IN_METERS / crCos(degRad(lat - latDelta)));
  const south = lat < 0;
  return [
    south ? lon - lonDeltaBottom : lon - lonDeltaTop,
    lat - latDelta,
    south ? lon + lonDeltaBottom : lon + lonDeltaTop,
    lat + latDelta,
  ];
}

/** The grid step whose cells are about as big as the search radius (coarser near the poles). */
export function estimateStepsByRadius(rangeMeters: number, lat: number): number {
  if (rangeMeters === 0) return 26;
  let step = 1;
  while (rangeMeters < MERCATOR_MAX) {
    rangeMeters *= 2;
    step++;
  }
  step -= 2;
  if (lat > 66 || lat < -66) {
    step--;
    if (lat > 80 || lat < -80) step--;
  }
  if (step < 1) step = 1;
  if (step > 26) step = 26;
  return step;
}

/** Moves a cell one column east (d > 0) or west, wrapping around within the grid. */
function moveX(h: HashBits, d: number): HashBits {
  let x = h.bits & ODD64;
  const y = h.bits & EVEN64;
  const shift = BigInt(64 - h.step * 2);
  const zz = EVEN64 >> shift;
  x = d > 0 ? x + (zz + 1n) : (x | zz) - (zz + 1n);
  x &= ODD64 >> shift;
  return { bits: (x | y) & MASK64, step: h.step };
}

/** Moves a cell one row north (d > 0) or south, wrapping around within the grid. */
function moveY(h: HashBits, d: number): HashBits {
  const x = h.bits & ODD64;
  let y = h.bits & EVEN64;
  const shift = BigInt(64 - h.step * 2);
  const zz = ODD64 >> shift;
  y = d > 0 ? y + (zz + 1n) : (y | zz) - (zz + 1n);
  y &= EVEN64 >> shift;
  return { bits: (x | y) & MASK64, step: h.step };
}

interface Neighbors {
  north: HashBits | null;
  south: HashBits | null;
  east: HashBits | null;
  west: HashBits | null;
  northEast: HashBits | null;
  northWest: HashBits | null;
  southEast: HashBits | null;
  southWest: HashBits | null;
}

function neighborsOf(h: HashBits): Neighbors {
  return {
    east: moveX(h, 1),
    west: moveX(h, -1),
    south: moveY(h, -1),
    north: moveY(h, 1),
    northWest: moveY(moveX(h, -1), 1),
    northEast: moveY(moveX(h, 1), 1),
    southEast: moveY(moveX(h, 1), -1),
    southWest: moveY(moveX(h, -1), -1),
  };
}

/**
 * The cells a search scans, in Redis' order: the centre's cell, then north, south, east, west,
 * north-east, north-west, south-east, south-west; null for a neighbour that cannot hold a
 * match. The step comes from the radius (for a box, the half diagonal), one coarser if a
 * neighbour does not reach the bounding box's edge.
 */
export function searchCells(shape: GeoShape): (HashBits | null)[] {
  const [minLon, minLat, maxLon, maxLat] = boundingBox(shape);
  const radiusMeters =
    (shape.kind === "radius"
      ? shape.radius
      : Math.sqrt((shape.width / 2) * (shape.width / 2) + (shape.height / 2) * (shape.height / 2))) * shape.conversion;
  let steps = estimateStepsByRadius(radiusMeters, shape.lat);
  // The centre is always a valid position (checked, or decoded and clamped).
  let hash = encode(LONG_RANGE, LAT_RANGE, shape.lon, shape.lat, steps) as HashBits;
  let n = neighborsOf(hash);
  let area = areaOf(hash);

  const north = areaOf(n.north as HashBits);
  const south = areaOf(n.south as HashBits);
  const east = areaOf(n.east as HashBits);
  const west = areaOf(n.west as HashBits);
  const decrease = north.latMax < maxLat || south.latMin > minLat || east.lonMax < maxLon || west.lonMin > minLon;
  if (steps > 1 && decrease) {
    steps--;
    hash = encode(LONG_RANGE, LAT_RANGE, shape.lon, shape.lat, steps) as HashBits;
    n = neighborsOf(hash);
    area = areaOf(hash);
  }

  // Drop the neighbours on a side the search area does not reach.
  if (steps >= 2) {
    if (area.latMin < minLat) n.south = n.southWest = n.southEast = null;
    if (area.latMax > maxLat) n.north = n.northEast = n.northWest = null;
    if (area.lonMin < minLon) n.west = n.southWest = n.northWest = null;
    if (area.lonMax > maxLon) n.east = n.southEast = n.northEast = null;
  }
  return [hash, n.north, n.south, n.east, n.west, n.northEast, n.northWest, n.southEast, n.southWest];
}

/**
 * The score range [min, max) holding every point of a cell: its bits and its successor's,
 * shifted up to 52 bits (uint64 arithmetic), then as the doubles Redis compares scores with.
 */
export function cellScoreRange(h: HashBits): [min: number, max: number] {
  const shift = BigInt(52 - h.step * 2);
  const min = (h.bits << shift) & MASK64;
  const max = (((h.bits + 1n) & MASK64) << shift) & MASK64;
  return [Number(min), Number(max)];
}

export const sameCell = (a: HashBits, b: HashBits): boolean => a.bits === b.bits && a.step === b.step;

/** For tests: the uint64 a score converts to, as a bigint. */
export const scoreBits = (score: number): bigint => {
  const [hi, lo] = scoreToUint64(score);
  return toBig(hi, lo);
};
