/**
 * F-4 "The single-threaded event loop": I/O multiplexing and one thread running every
 * command (atomic by construction), one slow command holding every client (DEBUG SLEEP in two
 * tabs; the browser host holds the instance in wall time and the REPL marks the wait), O(N)
 * commands and SCAN, the slow log (microseconds) and the latency monitor (milliseconds), the
 * background threads (lazy free, fsync, close) and what Redis 6+ io-threads do.
 *
 * The signature exercise (f4-culprit) stages the freeze in two tabs and asks the learner to
 * read SLOWLOG: the client that waited has no entry; the one that ran long does.
 */
import type { Module } from "../types";
import { examples } from "./examples";
import { exercises } from "./exercises";
import { sections } from "./sections";

export const module: Module = {
  id: "F-4",
  title: "The single-threaded event loop",
  summary:
    "One thread runs every command: I/O multiplexing, atomic commands, one slow command (DEBUG SLEEP, KEYS, a big DEL) holding every client, SCAN instead of KEYS, the slow log and the latency monitor, and the threads Redis does have: lazy free, fsync, close, and Redis 6's I/O threads.",
  sections,
  examples,
  exercises,
};
