/**
 * The lesson page's bridge from the console's raw RESP mode to the transcript. The console
 * (components/console/Repl.tsx) echoes each raw line into its tab as `RESP> <typed>` before
 * it sends the bytes, and sends them through the same engine the lesson records; this
 * follower sees that echo in the playground's store (zustand calls it synchronously, so it
 * runs before the bytes are sent) and tells the RecordingEngine which bytes are coming, so
 * the commands they carry are recorded `raw`. Lines the session shows itself (a raw step's
 * echo) are skipped: the session has told the engine already.
 */
import type { PlaygroundStore } from "@/components/state/playground-store";
import type { LessonSession } from "./session";
import { RAW_PROMPT, rawBytesOf } from "./session";

export function followRawInput(store: PlaygroundStore, session: LessonSession): () => void {
  /** The last line id seen per tab id. */
  const seen = new Map<string, number>();
  const prefix = `${RAW_PROMPT} `;
  const sync = (note: boolean) => {
    for (const [id, tab] of Object.entries(store.getState().tabs)) {
      const lines = tab.lines;
      const last = seen.get(id) ?? -1;
      if (!lines.length || lines[lines.length - 1].id <= last) continue;
      seen.set(id, lines[lines.length - 1].id);
      if (!note || !tab.raw || session.echoing) continue;
      // Only the lines added since the last call, from the end (a tab keeps many lines).
      let from = lines.length;
      while (from > 0 && lines[from - 1].id > last) from--;
      for (const l of lines.slice(from)) {
        const typed = l.kind === "input" && l.text.startsWith(prefix) ? l.text.slice(prefix.length) : "";
        if (typed) session.engine.noteRaw(tab.label, rawBytesOf(typed));
      }
    }
  };
  sync(false);
  return store.subscribe(() => sync(true));
}
