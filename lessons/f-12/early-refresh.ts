/**
 * F-12's stampede staged by the runtime: three scripted app servers (tabs B, C and D) run
 * plain cache-aside the moment the instance clock reaches 31 s, each reading cache:home and,
 * on a miss, querying the simulated slow database (reading db:home) and refilling the cache.
 * Left alone, the hot entry expires at 30 s and all three miss at once: three queries. The
 * learner's fix is an early refresh, so the servers find a live entry and the database sees
 * the one query of the refresh.
 *
 * Graded on the runtime's own count of database queries (StateReader.slowDb: reads of db:*
 * keys by any tab or scripted client), which no command can fake, and on what each server
 * received, read from its transcript.
 */
import { custom } from "../checks";
import type { Exercise, Step, TranscriptEntry } from "../types";

const PAGE = "Welcome back!";
const SERVERS = ["B", "C", "D"];
/** When the servers come, in ms after the exercise starts: just after the entry's 30 s TTL. */
const ARRIVAL_MS = 31_000;

/** Each server's request handler: cache-aside, no lock (an app as many are written). */
const requesters: Step[] = SERVERS.map((client) => ({
  actor: {
    client,
    when: "afterClock" as const,
    ms: ARRIVAL_MS,
    run: "GET cache:home",
    onReply: { nil: [{ run: "GET db:home" }, { run: `SET cache:home "${PAGE}" EX 60` }] },
  },
}));

/** The replies a tab received, as the REPL prints them. */
const received = (entries: TranscriptEntry[]) => entries.flatMap((e) => (e.kind === "reply" ? [e.text] : []));

export const earlyRefresh: Exercise = {
  kind: "fix",
  id: "f12-refresh-early",
  title: "Refresh before the stampede",
  prompt:
    `\`cache:home\` holds the home page and expires in 30 s. At 31 s, three app servers (tabs **B**, **C** and **D**) will each handle a request for it ` +
    "with plain cache-aside and no lock: `GET cache:home`, and on a miss read `db:home` (a query to the slow database) and `SET cache:home ... EX 60`. " +
    "In this exercise the simulation itself counts database queries: every read of a `db:` key, by any tab.\n\n" +
    "Left alone, all three miss at once and the database gets three identical queries. Fix it from the **main** tab without touching the servers: " +
    "refresh the entry early, so that when the clock passes 31 s (use the clock controls, or wait) the three servers are served by the cache and the database sees a single query.",
  pausedClock: true,
  setup: [{ run: `SET db:home "${PAGE}"` }, { run: `SET cache:home "${PAGE}" EX 30` }, ...requesters],
  solution: [{ run: "GET db:home" }, { run: `SET cache:home "${PAGE}" EX 60` }, { advanceMs: ARRIVAL_MS }],
  wrong: [
    {
      why: "lets the entry expire (the stampede)",
      steps: [{ advanceMs: ARRIVAL_MS }],
      expectMessage: "a stampede",
    },
    {
      why: "keeps the old copy alive without reading the database",
      steps: [{ run: "EXPIRE cache:home 60" }, { advanceMs: ARRIVAL_MS }],
      expectMessage: "without reading db:home",
    },
    {
      why: "refreshes too late, after the servers have missed",
      steps: [{ advanceMs: ARRIVAL_MS }, { run: "GET db:home" }, { run: `SET cache:home "${PAGE}" EX 60` }],
      expectMessage: "4 times",
    },
  ],
  hints: [
    "The servers miss only if cache:home is gone when they arrive. What could you do before 30 s are up?",
    "Refreshing means doing what a miss would do, once and in advance: read the row, write the entry with a fresh TTL.",
  ],
  checks: [
    custom("the three app servers have handled their requests", async (s) => {
      const waiting = SERVERS.filter((c) => !received(s.transcript(c)).length);
      return waiting.length ? `${waiting.join(", ")} ${waiting.length === 1 ? "has" : "have"} not come yet: the servers arrive when the clock passes 31 s. Advance it (clock controls) once your fix is in.` : null;
    }),
    custom("the database was queried exactly once", async (s) => {
      const { queries, byClient } = s.slowDb();
      if (queries === 1) return null;
      if (queries === 0)
        return "The database was never queried: cache:home was kept alive without reading db:home. If the page had changed, the cache would go on serving the old one. A refresh reads the row, once, and rewrites the entry.";
      const who = Object.entries(byClient)
        .map(([c, n]) => `${c} ${n}`)
        .join(", ");
      return `The database was queried ${queries} times (${who}): a stampede. Each server that found cache:home missing queried it; refresh the entry before they arrive.`;
    }),
    custom("every server was served the page", async (s) => {
      for (const c of SERVERS) {
        const got = received(s.transcript(c));
        if (got.length && got[0] !== `"${PAGE}"`) return `${c}'s GET cache:home got ${got[0]}: it missed the cache.`;
      }
      return null;
    }),
    custom("cache:home holds the page with a fresh TTL", async (s) => {
      const k = await s.key("cache:home");
      if (!k) return "cache:home is missing.";
      if (k.value.type !== "string" || k.value.value !== PAGE) return "cache:home doesn't hold the page from db:home.";
      return k.ttlMs === null ? "cache:home has no TTL: if the page changes, the cache would never notice." : null;
    }),
  ],
};
