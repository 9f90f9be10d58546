/**
 * Loads one written module's code on demand, for the lesson page in the browser: the page
 * then carries its own lesson's prose and checks, not the whole course's. Every module lives
 * in lessons/<id lowercased>/index.ts exporting `module` (the folder convention the course
 * registry in index.ts relies on too), so the bundler makes one chunk per folder.
 */
import type { Module } from "./types";

/** Only ids shaped like the syllabus' ("F-1", "a-15") name a folder. */
const FOLDER = /^[a-z]-\d{1,2}$/;

export async function loadModule(id: string): Promise<Module | null> {
  const dir = id.toLowerCase();
  if (!FOLDER.test(dir)) return null;
  try {
    const m = (await import(`./${dir}/index.ts`)) as { module?: Module };
    return m.module && m.module.id.toLowerCase() === dir ? m.module : null;
  } catch {
    return null;
  }
}
