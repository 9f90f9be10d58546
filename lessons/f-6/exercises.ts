/**
 * F-6's graded exercises: predict a bitmap's size, measure an HLL's error, turn a visit counter
 * into a HyperLogLog, record and combine daily-active-user bitmaps with BITOP (the signature),
 * place stations (longitude first) and run a radius search.
 *
 * Checks read state through the side-effect-free inspection path only: bits decoded from the
 * bitmap string, positions from the geo set's scores, and HLL estimates computed from the HLL
 * string with the engine's own estimator (what PFCOUNT would reply, without PFCOUNT's write of
 * its cached cardinality into the key, so looking changes nothing).
 */
import { decodeScore } from "@/engine/types/geohash";
import { ENC_OFFSET, HLL_DENSE, HLL_DENSE_SIZE, HLL_HDR_SIZE, HLL_SPARSE, bytesOfText } from "@/engine/types/hyperloglog";
import { hllCount } from "@/engine/types/hyperloglog-count";
import { custom } from "../checks";
import type { Exercise, StateReader, Step } from "../types";

/** Bit offsets set to 1 in a string, bit 0 being the high bit of byte 0 (as SETBIT counts). */
export function bitsOf(value: string): number[] {
  const out: number[] = [];
  for (let i = 0; i < value.length; i++) {
    const b = value.charCodeAt(i);
    for (let j = 0; j < 8; j++) if (b & (0x80 >> j)) out.push(i * 8 + j);
  }
  return out;
}

const list = (xs: number[]) => (xs.length ? xs.join(", ") : "nobody");

/** The learner's stored answer, trimmed; a message when there is none. */
async function stored(s: StateReader, key: string, example: string): Promise<{ value: string | null; msg: string | null }> {
  const k = await s.key(key);
  if (!k) return { value: null, msg: `Store your answer in the key ${key} first (for example SET ${key} ${example}).` };
  if (k.value.type !== "string") return { value: null, msg: `${key} should be a plain string holding a number.` };
  return { value: k.value.value.trim(), msg: null };
}

/** What PFCOUNT key would reply; null when the key is missing or not a HyperLogLog. */
async function estimate(s: StateReader, key: string): Promise<number | null> {
  const k = await s.key(key);
  if (!k || k.value.type !== "string") return null;
  const v = k.value.value;
  const enc = v.charCodeAt(ENC_OFFSET);
  // The header check PFCOUNT makes before it trusts a string as an HLL.
  if (v.length < HLL_HDR_SIZE || !v.startsWith("HYLL") || !(enc === HLL_SPARSE || (enc === HLL_DENSE && v.length === HLL_DENSE_SIZE))) return null;
  const n = hllCount(bytesOfText(v));
  return n === null ? null : Number(n);
}

// ---------------------------------------------------------------------------------------------
// Predict: how long is a bitmap with one bit set at offset 100?

const predictStrlen: Exercise = {
  kind: "predict",
  id: "f6-predict-strlen",
  title: "Predict: how big is one bit?",
  prompt:
    "On a fresh key, `SETBIT flags 100 1` sets a single bit. Before running it, predict what `STRLEN flags` will reply afterwards. Store your prediction as a number in the key `answer` (for example `SET answer 5`), then run both commands to check.",
  solution: [{ run: "SET answer 13" }, { run: "SETBIT flags 100 1" }, { run: "STRLEN flags" }],
  wrong: [
    {
      why: "thinks a bitmap stores only the bits that are set",
      steps: [{ run: "SET answer 1" }],
      expectMessage: "every bit up to the highest offset",
    },
    {
      why: "counts the offset in bytes",
      steps: [{ run: "SET answer 101" }],
      expectMessage: "offsets count bits",
    },
  ],
  hints: ["STRLEN counts bytes. Which bits must the string contain so that bit 100 exists?", "Bits 0 to 7 are byte 0, bits 8 to 15 are byte 1…"],
  checks: [
    custom("answer holds what STRLEN flags replies", async (s) => {
      const { value, msg } = await stored(s, "answer", "5");
      if (msg) return msg;
      if (value === "13") return null;
      if (value === "1")
        return "Not quite: a bitmap is a plain string, so it holds every bit up to the highest offset, set or not. Bit 100 needs all the bytes before it.";
      if (value === "101" || value === "100") return "Not quite: offsets count bits, and STRLEN counts bytes.";
      if (value === "12") return "Close: 12 bytes hold bits 0 to 95. Where does bit 100 live?";
      return `answer holds "${value}". Work out which byte bit 100 falls in.`;
    }),
  ],
};

// ---------------------------------------------------------------------------------------------
// Predict and measure: 10,000 visitors, counted exactly and estimated.

export const VISITORS = 10_000;
const BATCH = 1000;
/** The same ids in an HLL and in a set, 1,000 per command. */
const visitorSetup: Step[] = Array.from({ length: VISITORS / BATCH }, (_, b) => {
  const ids = Array.from({ length: BATCH }, (_, i) => `user:${b * BATCH + i + 1}`).join(" ");
  return [{ run: `PFADD visitors ${ids}` }, { run: `SADD visitors:exact ${ids}` }];
}).flat();

const predictEstimate: Exercise = {
  kind: "predict",
  id: "f6-predict-estimate",
  title: "Predict, then measure: is PFCOUNT exact?",
  prompt: `The setup added the same ${VISITORS.toLocaleString("en-US")} different ids (\`user:1\` to \`user:${VISITORS}\`) to the HyperLogLog \`visitors\` and to the set \`visitors:exact\`. First predict: will \`PFCOUNT visitors\` reply exactly ${VISITORS}? Then find out with \`PFCOUNT\` and \`SCARD\`, and store the difference, PFCOUNT minus SCARD (negative if the estimate is low), in the key \`gap\`.`,
  setup: visitorSetup,
  solution: [{ run: "PFCOUNT visitors" }, { run: "SCARD visitors:exact" }, { run: "SET gap 89" }],
  wrong: [
    {
      why: "assumes the count is exact",
      steps: [{ run: "SET gap 0" }],
      expectMessage: "an estimate",
    },
    {
      why: "stores the estimate itself instead of the difference",
      steps: [{ run: "SET gap 10089" }],
      expectMessage: "the difference",
    },
  ],
  hints: [
    "Run both counting commands and compare.",
    "The difference is small next to 10,000: is it within the standard error the lesson gives?",
  ],
  checks: [
    custom("gap holds PFCOUNT visitors minus SCARD visitors:exact", async (s) => {
      const { value, msg } = await stored(s, "gap", "0");
      if (msg) return msg;
      const est = await estimate(s, "visitors");
      const set = await s.key("visitors:exact");
      const exact = set?.type === "set" ? set.length : null;
      if (est === null || exact === null) return "visitors must stay a HyperLogLog and visitors:exact a set: reset the exercise to rebuild them.";
      const want = est - exact;
      if (value === String(want)) return null;
      if (value === "0")
        return "Not quite: PFCOUNT is an estimate, and for these ids it is not exactly right. Run PFCOUNT visitors and see.";
      if (value === String(est)) return "gap holds the estimate itself; store the difference between PFCOUNT and SCARD.";
      if (value === String(-want)) return "Right size, wrong sign: store PFCOUNT minus SCARD.";
      return `gap holds "${value}"; compare what PFCOUNT visitors and SCARD visitors:exact reply.`;
    }),
  ],
};

// ---------------------------------------------------------------------------------------------
// Fix: a counter that counted visits, not visitors.

const VISIT_LOG = ["ann", "bob", "ann", "cat", "bob", "ann", "dan"];
const DISTINCT = new Set(VISIT_LOG).size;

const fixUniques: Exercise = {
  kind: "fix",
  id: "f6-fix-uniques",
  title: "Count visitors, not visits",
  prompt: `The key \`uniques\` was meant to count today's *different* visitors, but the app ran \`INCR uniques\` on every page view, so it says ${VISIT_LOG.length}. The list \`visits:log\` holds who visited, in order. Replace \`uniques\` with a HyperLogLog of the visitors in \`visits:log\`, so that \`PFCOUNT uniques\` gives the right number and tomorrow's code can keep adding to it with \`PFADD\`.`,
  setup: [{ run: `RPUSH visits:log ${VISIT_LOG.join(" ")}` }, { run: `SET uniques ${VISIT_LOG.length}` }],
  solution: [{ run: "LRANGE visits:log 0 -1" }, { run: "DEL uniques" }, { run: `PFADD uniques ${VISIT_LOG.join(" ")}` }],
  wrong: [
    {
      why: "writes the right number as a plain counter",
      steps: [{ run: `SET uniques ${DISTINCT}` }],
      expectMessage: "a plain number",
    },
    {
      why: "runs PFADD on the old counter without removing it (WRONGTYPE)",
      steps: [{ run: `PFADD uniques ${[...new Set(VISIT_LOG)].join(" ")}` }],
      expectMessage: "every visit",
    },
    {
      why: "adds only some of the visitors",
      steps: [{ run: "DEL uniques" }, { run: "PFADD uniques ann bob cat" }],
      expectMessage: "estimates 3",
    },
  ],
  hints: [
    "A key holds one type at a time: what must happen to the old counter first?",
    "PFADD takes many elements at once, and duplicates cost nothing.",
  ],
  checks: [
    custom("uniques is a HyperLogLog", async (s) => {
      const k = await s.key("uniques");
      if (!k) return "There is no key uniques.";
      if (k.value.type !== "string") return `uniques is a ${k.type}; a HyperLogLog is stored as a string made by PFADD.`;
      if ((await estimate(s, "uniques")) !== null) return null;
      if (k.value.value === String(VISIT_LOG.length))
        return `uniques is still the old counter (${VISIT_LOG.length}): INCR counted every visit, so repeat visitors were counted again.`;
      if (/^\d+$/.test(k.value.value))
        return "uniques holds a plain number: right or not today, it cannot tell tomorrow whether a visitor was already counted. Make it a HyperLogLog.";
      return "uniques is a string but not a HyperLogLog; PFADD makes one.";
    }),
    custom(`PFCOUNT uniques estimates the ${DISTINCT} different visitors of visits:log`, async (s) => {
      const n = await estimate(s, "uniques");
      if (n === null) return "Make uniques a HyperLogLog first.";
      if (n === DISTINCT) return null;
      return `PFCOUNT uniques estimates ${n}; count the different names in visits:log again.`;
    }),
  ],
};

// ---------------------------------------------------------------------------------------------
// Signature: daily active users as bitmaps, combined with BITOP.

const MON = [1, 4, 9, 12];
const TUE = [4, 9, 20];
const WED = [4, 12, 33];
const ALL3 = MON.filter((u) => TUE.includes(u) && WED.includes(u));
const ANY = [...new Set([...MON, ...TUE, ...WED])].sort((a, b) => a - b);

/** The users a bitmap key marks; a message when the key is missing or not a string. */
async function users(s: StateReader, key: string): Promise<{ ids: number[] | null; msg: string | null }> {
  const k = await s.key(key);
  if (!k) return { ids: null, msg: `There is no key ${key} yet.` };
  if (k.value.type !== "string")
    return { ids: null, msg: `${key} is a ${k.type}; BITOP combines bitmaps, which are strings: record users with SETBIT.` };
  return { ids: bitsOf(k.value.value), msg: null };
}

function compare(key: string, got: number[], want: number[], extra: string, missing: string): string | null {
  const more = got.filter((u) => !want.includes(u));
  const less = want.filter((u) => !got.includes(u));
  if (more.length) return `${key} marks user(s) ${list(more)} ${extra}`;
  if (less.length) return `${key} is missing user(s) ${list(less)} ${missing}`;
  return null;
}

const dau: Exercise = {
  kind: "signature",
  id: "f6-dau",
  title: "Daily active users with BITOP",
  prompt: `The bitmaps \`dau:mon\` and \`dau:tue\` mark who logged in on Monday and Tuesday (bit n = user n). On Wednesday, users ${WED.join(", ")} logged in.

1. Record Wednesday in \`dau:wed\`, one bit per user.
2. Store in \`dau:all3\` the users active on **all three** days.
3. Store in \`dau:any\` the users active on **at least one** day.

Then use \`BITCOUNT\` to see how many users each holds.`,
  setup: [...MON.map((u) => ({ run: `SETBIT dau:mon ${u} 1` })), ...TUE.map((u) => ({ run: `SETBIT dau:tue ${u} 1` }))],
  solution: [
    ...WED.map((u) => ({ run: `SETBIT dau:wed ${u} 1` })),
    { run: "BITOP AND dau:all3 dau:mon dau:tue dau:wed" },
    { run: "BITOP OR dau:any dau:mon dau:tue dau:wed" },
    { run: "BITCOUNT dau:all3" },
    { run: "BITCOUNT dau:any" },
  ],
  wrong: [
    {
      why: "records Wednesday as a set",
      steps: [
        { run: `SADD dau:wed ${WED.join(" ")}` },
        { run: "BITOP AND dau:all3 dau:mon dau:tue dau:wed" },
        { run: "BITOP OR dau:any dau:mon dau:tue dau:wed" },
      ],
      expectMessage: "BITOP combines bitmaps",
    },
    {
      why: "mixes up AND and OR",
      steps: [
        ...WED.map((u) => ({ run: `SETBIT dau:wed ${u} 1` })),
        { run: "BITOP OR dau:all3 dau:mon dau:tue dau:wed" },
        { run: "BITOP AND dau:any dau:mon dau:tue dau:wed" },
      ],
      expectMessage: "not active on every day",
    },
    {
      why: "forgets Wednesday in the combination",
      steps: [
        ...WED.map((u) => ({ run: `SETBIT dau:wed ${u} 1` })),
        { run: "BITOP AND dau:all3 dau:mon dau:tue" },
        { run: "BITOP OR dau:any dau:mon dau:tue" },
      ],
      expectMessage: "not active on every day",
    },
  ],
  hints: [
    "SETBIT takes the key, the offset (the user id) and the bit value.",
    "Which bitwise operation keeps a bit only when every input has it? Which keeps it when any input has it?",
    "BITOP takes the destination key first, then as many source keys as you like.",
  ],
  checks: [
    custom(`dau:wed marks exactly users ${WED.join(", ")}`, async (s) => {
      const { ids, msg } = await users(s, "dau:wed");
      if (msg) return msg;
      return compare("dau:wed", ids!, WED, "who did not log in on Wednesday.", "who did log in on Wednesday.");
    }),
    custom("dau:all3 marks the users active on all three days", async (s) => {
      const { ids, msg } = await users(s, "dau:all3");
      if (msg) return msg;
      return compare("dau:all3", ids!, ALL3, "who were not active on every day.", "who were active on all three days.");
    }),
    custom("dau:any marks the users active on at least one day", async (s) => {
      const { ids, msg } = await users(s, "dau:any");
      if (msg) return msg;
      return compare("dau:any", ids!, ANY, "who were never active.", "who were active on at least one day.");
    }),
  ],
};

// ---------------------------------------------------------------------------------------------
// Build: three stations, longitude first.

const STATIONS: [string, number, number][] = [
  ["kings-cross", -0.124, 51.5308],
  ["waterloo", -0.1131, 51.5031],
  ["paddington", -0.1759, 51.5154],
];
const geoArgs = (rows: [string, number, number][], swap = false) =>
  rows.map(([m, lon, lat]) => (swap ? `${lat} ${lon} ${m}` : `${lon} ${lat} ${m}`)).join(" ");

const buildStations: Exercise = {
  kind: "build",
  id: "f6-build-stations",
  title: "Put three stations on the map",
  prompt: `Create the geo set \`stations\` with three London stations, named exactly as below. Then check your work with \`GEODIST stations kings-cross waterloo km\` (about 3.2 km).

| member | latitude | longitude |
|---|---|---|
${STATIONS.map(([m, lon, lat]) => `| \`${m}\` | ${lat} | ${lon} |`).join("\n")}`,
  solution: [{ run: `GEOADD stations ${geoArgs(STATIONS)}` }, { run: "GEODIST stations kings-cross waterloo km" }],
  wrong: [
    {
      why: "types latitude first, in the order of the table",
      steps: [{ run: `GEOADD stations ${geoArgs(STATIONS, true)}` }],
      expectMessage: "longitude first",
    },
    {
      why: "adds only one station",
      steps: [{ run: `GEOADD stations ${geoArgs(STATIONS.slice(0, 1))}` }],
      expectMessage: "no member",
    },
  ],
  hints: ["One GEOADD can add several places: longitude, latitude, member, repeated.", "Look at the order of the columns in the table, and at the order GEOADD wants."],
  checks: STATIONS.map(([m, lon, lat]) =>
    custom(`${m} is at ${lat}, ${lon}`, async (s) => {
      const k = await s.key("stations");
      if (!k) return "There is no key stations yet.";
      if (k.value.type !== "zset") return `stations is a ${k.type}; GEOADD makes a geo set (a sorted set).`;
      const entry = k.value.entries.find(([name]) => name === m);
      if (!entry) return `stations has no member "${m}".`;
      const [gotLon, gotLat] = decodeScore(entry[1]);
      const near = (a: number, b: number) => Math.abs(a - b) < 0.001;
      if (near(gotLon, lon) && near(gotLat, lat)) return null;
      if (near(gotLon, lat) && near(gotLat, lon))
        return `${m} landed at longitude ${gotLon.toFixed(4)}, latitude ${gotLat.toFixed(4)}, far from London: GEOADD takes longitude first.`;
      return `${m} is at longitude ${gotLon.toFixed(4)}, latitude ${gotLat.toFixed(4)}, not where the table puts it.`;
    }),
  ),
};

// ---------------------------------------------------------------------------------------------
// Signature: the three nearest cafés within 1 km, stored with GEOSEARCHSTORE.

const CAFES: [string, number, number][] = [
  ["tuileries", 2.332, 48.863],
  ["palais-royal", 2.3371, 48.8638],
  ["pont-neuf", 2.3413, 48.8577],
  ["chatelet", 2.347, 48.8584],
  ["opera", 2.3316, 48.8708],
  ["marais", 2.36, 48.858],
];
/** From the Louvre's entrance: 358 m, 421 m, 489 m; chatelet at 730 m is the fourth. */
const NEAREST3 = ["palais-royal", "pont-neuf", "tuileries"];

const nearby: Exercise = {
  kind: "signature",
  id: "f6-nearby",
  title: "Cafés near the Louvre",
  prompt:
    "The geo set `cafes` holds six cafés in central Paris. A visitor stands at the Louvre entrance, longitude 2.3376, latitude 48.8606. Store in the key `nearby` the **three nearest** cafés within **1 km** of that point (and no others), with a single search command that stores its result.",
  setup: [{ run: `GEOADD cafes ${geoArgs(CAFES)}` }],
  solution: [
    { run: "GEOSEARCH cafes FROMLONLAT 2.3376 48.8606 BYRADIUS 1 km ASC WITHDIST" },
    { run: "GEOSEARCHSTORE nearby cafes FROMLONLAT 2.3376 48.8606 BYRADIUS 1 km ASC COUNT 3" },
  ],
  wrong: [
    {
      why: "searches 1 metre instead of 1 kilometre",
      steps: [{ run: "GEOSEARCHSTORE nearby cafes FROMLONLAT 2.3376 48.8606 BYRADIUS 1 m ASC COUNT 3" }],
      expectMessage: "check the unit",
    },
    {
      why: "keeps every café within the radius",
      steps: [{ run: "GEOSEARCHSTORE nearby cafes FROMLONLAT 2.3376 48.8606 BYRADIUS 1 km ASC" }],
      expectMessage: "only the three nearest",
    },
    {
      why: "gives latitude first",
      steps: [{ run: "GEOSEARCHSTORE nearby cafes FROMLONLAT 48.8606 2.3376 BYRADIUS 1 km ASC COUNT 3" }],
      expectMessage: "check the unit",
    },
  ],
  hints: [
    "GEOSEARCH shows you the answer first; GEOSEARCHSTORE takes the same options plus a destination key.",
    "Which option limits the result to the first n, and which order makes them the nearest?",
  ],
  checks: [
    custom("nearby holds the three nearest cafés within 1 km", async (s) => {
      const k = await s.key("nearby");
      if (!k)
        return "There is no key nearby. If your search stored nothing, it found no café: check the unit, and that the point is given longitude first.";
      if (k.value.type !== "zset") return `nearby is a ${k.type}; GEOSEARCHSTORE stores a sorted set.`;
      const got = k.value.entries.map(([m]) => m);
      if (got.length > NEAREST3.length) return `nearby holds ${got.length} cafés; keep only the three nearest.`;
      const wrong = got.filter((m) => !NEAREST3.includes(m));
      if (wrong.length) return `nearby includes ${wrong.join(", ")}, which is not among the three nearest.`;
      if (got.length < NEAREST3.length) return `nearby holds ${got.length} café(s); the exercise wants three.`;
      return null;
    }),
  ],
};

export const exercises: Exercise[] = [predictEstimate, fixUniques, predictStrlen, dau, buildStations, nearby];
