/**
 * Helpers shared by F-3's parts: the learner's stored prediction, and the few facts a check
 * can only get by asking (DEBUG OBJECT's quicklist figures). Every part's examples and
 * exercises use key names the others do not check, so no exercise passes from the examples.
 */
import type { StateReader } from "../checks";

/** The learner's prediction, stored in the key `answer`; a message when there is none. */
export async function prediction(s: StateReader): Promise<{ value: string; msg: string | null }> {
  const k = await s.key("answer");
  if (!k) return { value: "", msg: "Store your prediction in the key answer first (for example SET answer 7)." };
  if (k.value.type !== "string") return { value: "", msg: "answer should be a plain string (use SET answer ...)." };
  // Accept the answer with the quotes the console prints around it, in any case.
  return { value: k.value.value.trim().replace(/^"|"$/g, "").toLowerCase(), msg: null };
}

/** A number field of DEBUG OBJECT's line for a key (ql_nodes, ql_listpack_max, ...), or null. */
export async function debugObjectField(s: StateReader, key: string, field: string): Promise<number | null> {
  const r = await s.command(["DEBUG", "OBJECT", key]);
  if (r.t !== "simple") return null;
  const m = new RegExp(`(?:^| )${field}:(-?[0-9.]+)`).exec(r.v);
  return m ? Number(m[1]) : null;
}

/** `HSET key f1 v1 ... fN vN` style argument lists, built instead of typed out. */
export const numbered = (prefix: string, from: number, to: number, value?: (i: number) => string): string =>
  Array.from({ length: to - from + 1 }, (_, j) => {
    const i = from + j;
    return value ? `${prefix}${i} ${value(i)}` : `${prefix}${i}`;
  }).join(" ");
