/**
 * F-7 "Pipelining and RESP": the wire protocol byte by byte (RESP2's five types, bulk lengths
 * that count bytes, nulls; RESP3's maps, sets, doubles and pushes after HELLO 3), a frame typed
 * by hand in raw mode and what a malformed one does to the connection, and the cost of round
 * trips: a loop of GETs against a pipeline against MGET, with the console's simulated round
 * trip. The signature exercise sends a frame by hand whose payload holds CR LF, which a
 * hand-typed frame stores whole only with a correct bulk length.
 */
import type { Module } from "../types";
import { examples } from "./examples";
import { exercises } from "./exercises";
import { sections } from "./sections";

export const module: Module = {
  id: "F-7",
  title: "Pipelining and RESP",
  summary:
    "Read the bytes Redis sends and receives (RESP2, then RESP3's maps, sets and doubles after HELLO 3), type a command frame by hand and see what a malformed one does, and measure why a loop of GETs is slow and a pipeline or MGET is not.",
  sections,
  examples,
  exercises,
};
