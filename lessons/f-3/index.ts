/**
 * F-3 "Lists, hashes, sets, sorted sets and their encodings", in five parts: an introduction
 * (one type per key, keys that vanish when emptied, compact vs converted encodings), then one
 * part per type with its command surface, realistic uses and the encoding change it makes
 * visible — always quicklist for lists (DEBUG OBJECT shows the listpack nodes), listpack →
 * hashtable for hashes, intset → hashtable for sets, listpack → skiplist for sorted sets.
 *
 * Every threshold the prose states is the Redis 7.0 default, which CONFIG GET shows in the
 * intro's thresholds example (and the module's test checks against the engine's config).
 */
import type { Module } from "../types";
import { introExamples, introExercises, introSections } from "./intro";
import { hashExamples, hashExercises, hashSections } from "./hashes";
import { setExamples, setExercises, setSections } from "./sets";
import { zsetExamples, zsetExercises, zsetSections } from "./zsets";
import { listExamples, listExercises, listSections } from "./lists";

export const module: Module = {
  id: "F-3",
  title: "Lists, hashes, sets, sorted sets and their encodings",
  summary:
    "The four collection types and their commands — queues and capped lists, objects in hashes, tags and set algebra, leaderboards and score windows — and how Redis 7.0 stores each: compact listpacks and intsets while small, converted for good past a threshold you can watch it cross.",
  sections: [],
  parts: [
    { id: "f-3-intro", title: "Part 1 · Collections and encodings", sections: introSections },
    { id: "f-3-lists", title: "Part 2 · Lists", sections: listSections },
    { id: "f-3-hashes", title: "Part 3 · Hashes", sections: hashSections },
    { id: "f-3-sets", title: "Part 4 · Sets", sections: setSections },
    { id: "f-3-zsets", title: "Part 5 · Sorted sets", sections: zsetSections },
  ],
  examples: [...introExamples, ...listExamples, ...hashExamples, ...setExamples, ...zsetExamples],
  exercises: [...introExercises, ...listExercises, ...hashExercises, ...setExercises, ...zsetExercises],
};
