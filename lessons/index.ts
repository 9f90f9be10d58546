/**
 * The course, in order: three phases, the 39 modules of the syllabus. A module that is written
 * is imported from its folder and replaces its planned entry; the rest show on the course map
 * as "coming soon" with their topics.
 */
import { isWritten, type Module, type Phase } from "./types";
import { planned } from "./outline";
import { module as f1 } from "./f-1";
import { module as f2 } from "./f-2";
import { module as f3 } from "./f-3";
import { module as f4 } from "./f-4";
import { module as f5 } from "./f-5";
import { module as f6 } from "./f-6";
import { module as f7 } from "./f-7";
import { module as f8 } from "./f-8";
import { module as f9 } from "./f-9";
import { module as f10 } from "./f-10";
import { module as f11 } from "./f-11";
import { module as f12 } from "./f-12";

export type * from "./types";
export { isWritten } from "./types";

/** Written modules, by id. Add a module here when its folder lands. */
const written: Module[] = [
  // -- written modules: one import each, in course order --
  f1,
  f2,
  f3,
  f4,
  f5,
  f6,
  f7,
  f8,
  f9,
  f10,
  f11,
  f12,
];

export const course: Phase[] = planned.map((p) => ({
  ...p,
  modules: p.modules.map((m) => written.find((w) => w.id === m.id) ?? m),
}));

/** Every module in course order. */
export const allModules = course.flatMap((p) => p.modules);

export function findModule(id: string) {
  return allModules.find((m) => m.id.toLowerCase() === id.toLowerCase());
}

/** What the course map shows of a module: plain data, no prose or checks. */
export interface ModuleSummary {
  id: string;
  title: string;
  summary: string;
  /** Exercise ids of a written module; null for a module still to come. */
  exercises: string[] | null;
}

/** The course as the map shows it (serialisable: a server page hands it to the client). */
export function courseOutline(): { id: Phase["id"]; title: string; modules: ModuleSummary[] }[] {
  return course.map((p) => ({
    id: p.id,
    title: p.title,
    modules: p.modules.map((m) => ({
      id: m.id,
      title: m.title,
      summary: m.summary,
      exercises: isWritten(m) ? m.exercises.map((e) => e.id) : null,
    })),
  }));
}
