/**
 * Splits a section's Markdown at its `{{example:<id>}}` / `{{exercise:<id>}}` markers, so the
 * page can render prose chunks with react-markdown and put the runnable blocks between them.
 * A marker counts only as a paragraph of its own (a line by itself), as types.ts specifies;
 * written inside a sentence or a code fence it stays text.
 */
import type { Module, Section } from "../types";

export type Chunk = { kind: "markdown"; text: string } | { kind: "example" | "exercise"; id: string };

const MARKER = /^[ \t]*\{\{(example|exercise):([^}\s]+)\}\}[ \t]*$/;

export function splitMarkers(body: string): Chunk[] {
  const out: Chunk[] = [];
  let text: string[] = [];
  let fence: string | null = null;
  const flush = () => {
    const t = text.join("\n");
    if (t.trim()) out.push({ kind: "markdown", text: t });
    text = [];
  };
  for (const line of body.split("\n")) {
    const f = /^\s*(```|~~~)/.exec(line);
    if (f) fence = fence === null ? f[1] : fence === f[1] ? null : fence;
    const m = fence === null ? MARKER.exec(line) : null;
    if (m) {
      flush();
      out.push({ kind: m[1] as "example" | "exercise", id: m[2] });
    } else {
      text.push(line);
    }
  }
  flush();
  return out;
}

/** Every section of a module, its own and its parts', in page order. */
export function allSections(m: Pick<Module, "sections" | "parts">): Section[] {
  return [...m.sections, ...(m.parts ?? []).flatMap((p) => p.sections)];
}

/** Every marker of a module, in page order. */
export function markersOf(m: Pick<Module, "sections" | "parts">): { kind: "example" | "exercise"; id: string; section: string }[] {
  return allSections(m).flatMap((s) =>
    splitMarkers(s.body).flatMap((c) => (c.kind === "markdown" ? [] : [{ kind: c.kind, id: c.id, section: s.id }])),
  );
}
