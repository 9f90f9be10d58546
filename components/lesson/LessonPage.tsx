"use client";
/**
 * /learn/<module>: the lesson beside its own playground.
 *
 * The lesson gets its own instance (a Web Worker engine, started here and stopped on leave),
 * reset with the module's config, or with the active exercise's setup when the learner left
 * one in progress. The playground is handed a RecordingEngine over it, so the lesson sees
 * every client's replies (for transcript checks and actors) without reaching into the REPL,
 * and the playground's store, so examples run in the learner's REPL tabs.
 *
 * Wide screens show both panes with a draggable divider (also moved with ←/→); narrow ones
 * show one pane at a time behind two tabs, keeping the playground mounted.
 */
import Link from "next/link";
import { useEffect, useMemo, useRef, useState, type ReactNode, type CSSProperties, type KeyboardEvent, type PointerEvent } from "react";
import type { EngineApi } from "@/engine/host/api";
import { Playground } from "@/components/playground/Playground";
import { createPlaygroundStore, type PlaygroundState } from "@/components/state/playground-store";
import { startBrowserEngine } from "@/components/engine/start-engine";
import type { Module } from "@/lessons/types";
import { loadModule } from "@/lessons/load";
import { fromView, markdownTexts, type ModuleView } from "@/lessons/runtime/view";
import { ProseProvider } from "./Prose";
import { RecordingEngine } from "@/lessons/runtime/recording-engine";
import { LessonSession, resetOptionsFor } from "@/lessons/runtime/session";
import { followRawInput } from "@/lessons/runtime/raw-input";
import { doneCount, moduleProgress, setActive } from "@/lessons/runtime/progress";
import { LessonPane } from "./LessonPane";
import { storeTabs } from "./store-tabs";
import { useProgress } from "./useProgress";
import { lessonDataKey, readLessonData, restorableFromKeys, saveLessonData } from "./lesson-data";
import { importData, keyCount } from "@/components/state/keyspace-file";
import styles from "./lesson.module.css";

const MIN_SPLIT = 25;
const MAX_SPLIT = 75;

export interface LessonPageProps {
  moduleId: string;
  /** The module itself, instead of looking moduleId up in the course (tests, previews). */
  module?: Module;
  /** An engine to use instead of starting a worker (tests); it is not stopped on unmount. */
  engine?: EngineApi;
  /** The title, known to the server, shown while the module's code loads. */
  title?: string;
  /** The module as plain data (from the server): the page renders from it at once. */
  view?: ModuleView;
  /** Server renderings of the module's Markdown, in markdownTexts() order. */
  prose?: ReactNode[];
}

export function LessonPage({ moduleId, module: given, engine, title, view, prose }: LessonPageProps) {
  // The module's code comes in its own chunk (lessons/load.ts), unless it was handed over.
  const [fetched, setFetched] = useState<{ id: string; module: Module | null } | null>(null);
  useEffect(() => {
    if (given) return;
    let live = true;
    loadModule(moduleId).then((m) => live && setFetched({ id: moduleId, module: m }));
    return () => {
      live = false;
    };
  }, [moduleId, given]);
  const full = given ?? (fetched?.id === moduleId ? fetched.module : null);
  const fromServer = useMemo(() => (view ? fromView(view) : null), [view]);
  // Shown from the server's data until the module's code (with its checks) arrives.
  const module = full ?? fromServer;
  const loadingModule = !given && fetched?.id !== moduleId;
  const moduleRef = useRef(module);
  moduleRef.current = module;
  const texts = useMemo(() => (module ? markdownTexts(module) : []), [module]);
  const [store] = useState(createPlaygroundStore);
  const [session, setSession] = useState<LessonSession | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  /** What happened to the keys saved on the last visit (restored, or why not). */
  const [dataNotice, setDataNotice] = useState<string | null>(null);
  const [resetting, setResetting] = useState(false);
  const { progress, notice, loaded, update, dismissNotice } = useProgress();
  const [split, setSplit] = useState(45);
  const [pane, setPane] = useState<"lesson" | "playground">("lesson");
  const splitRef = useRef<HTMLDivElement>(null);
  const progressRef = useRef(progress);
  progressRef.current = progress;

  // "Continue where you left off" on the course map.
  const id = module?.id;
  useEffect(() => {
    if (loaded && id) update((p) => (p.last === id ? p : { ...p, last: id }));
  }, [loaded, id, update]);

  // The lesson's instance: started once progress is known (an active exercise is re-applied).
  // Keyed on the module's id: its code arriving after the server's view must not restart it.
  useEffect(() => {
    const module = moduleRef.current;
    if (!module || !loaded) return;
    let stopped = false;
    let own: EngineApi | null = null;
    let stopSaving: (() => void) | null = null;
    const storage = safeLocalStorage();
    (async () => {
      const inner = engine ?? (own = await startBrowserEngine());
      if (stopped) return own?.dispose();
      const s = new LessonSession(new RecordingEngine(inner), storeTabs(store));
      const activeId = moduleProgress(progressRef.current, module.id).active;
      const restored = await openLesson(s, module, activeId, storage);
      if (stopped) return;
      if (restored) setDataNotice(restored);
      setSession(s);
      // Back where the learner was working: the active exercise's card, not the top of the page.
      if (activeId) setTimeout(() => document.querySelector('[data-pane="lesson"] article[data-active="true"]')?.scrollIntoView?.({ block: "start" }), 0);
      // From now on the lesson's keys are saved with the exercise they belong to.
      stopSaving = saveLessonData(s.engine.inner, storage, module.id, {
        exercise: () => moduleProgress(progressRef.current, module.id).active ?? null,
        warn: setDataNotice,
      });
    })().catch((e: unknown) => !stopped && setFailure(e instanceof Error ? e.message : String(e)));
    return () => {
      stopped = true;
      stopSaving?.();
      own?.dispose();
      setSession(null);
    };
  }, [id, loaded, engine, store]);

  // Transcript checks ask for a tab by the name the learner sees: follow renames.
  useEffect(() => {
    if (!session) return;
    const sync = (s: PlaygroundState) => {
      for (const t of Object.values(s.tabs)) if (t.clientId != null) session.engine.relabel(t.clientId, t.label);
    };
    sync(store.getState());
    return store.subscribe(sync);
  }, [session, store]);

  // What a scripted actor ran shows in its client's tab, as if typed there.
  useEffect(() => {
    if (!session) return;
    return session.engine.onActor((r) =>
      session.tabs.show?.(r.client, [
        { kind: "info", text: `(${r.client} runs, scripted by the lesson) ${r.line}` },
        { kind: r.error ? "error" : "reply", text: r.text },
      ]),
    );
  }, [session]);

  // Raw-mode lines typed in the console are recorded as raw in the transcript (issue 8, F-7).
  useEffect(() => (session ? followRawInput(store, session) : undefined), [session, store]);

  if (!module) {
    return (
      <div className={styles.page}>
        <header className={styles.header}>
          <Link href="/" className={styles.home}>
            ← Course
          </Link>
          <h1 className={styles.title}>
            <span className={styles.moduleId}>{moduleId}</span> {title}
          </h1>
        </header>
        <p className={loadingModule ? styles.note : styles.failure}>
          {loadingModule ? "Loading the lesson…" : `There is no lesson “${moduleId}”.`}
        </p>
      </div>
    );
  }

  /** Reset lesson: a fresh instance with the module's config, no active exercise, no saved keys. */
  const resetLesson = async () => {
    if (!session) return;
    const id = module.id;
    await session.reset(resetOptionsFor(module));
    update((p) => setActive(p, id, undefined));
    try {
      safeLocalStorage()?.removeItem(lessonDataKey(id));
    } catch {
      // storage refused: the next key change saves the empty instance anyway
    }
    setResetting(false);
    setDataNotice("The lesson was reset: a fresh instance with no keys.");
  };

  const ids = module.exercises.map((e) => e.id);
  const done = doneCount(progress, module.id, ids);

  const moveTo = (clientX: number) => {
    const r = splitRef.current?.getBoundingClientRect();
    if (!r || r.width === 0) return;
    setSplit(Math.min(MAX_SPLIT, Math.max(MIN_SPLIT, ((clientX - r.left) / r.width) * 100)));
  };
  const onPointerDown = (e: PointerEvent<HTMLDivElement>) => {
    e.currentTarget.setPointerCapture(e.pointerId);
  };
  const onPointerMove = (e: PointerEvent<HTMLDivElement>) => {
    if (e.currentTarget.hasPointerCapture(e.pointerId)) moveTo(e.clientX);
  };
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const step = e.key === "ArrowLeft" ? -5 : e.key === "ArrowRight" ? 5 : 0;
    if (!step) return;
    e.preventDefault();
    setSplit((s) => Math.min(MAX_SPLIT, Math.max(MIN_SPLIT, s + step)));
  };

  return (
    <div className={styles.page} data-view={pane}>
      <header className={styles.header}>
        <Link href="/" className={styles.home}>
          ← Course
        </Link>
        <h1 className={styles.title}>
          <span className={styles.moduleId}>{module.id}</span> {module.title}
        </h1>
        <span className={styles.count} aria-label="exercises done">
          {done}/{ids.length}
          <span className={styles.countWord}> exercises</span>
        </span>
        <div className={styles.viewTabs} role="tablist" aria-label="Show">
          {(["lesson", "playground"] as const).map((v) => (
            <button key={v} type="button" role="tab" aria-selected={pane === v} className={styles.viewTab} onClick={() => setPane(v)}>
              {v === "lesson" ? "Lesson" : "Playground"}
            </button>
          ))}
        </div>
      </header>
      {notice && (
        <p className={styles.notice} role="status">
          {notice}{" "}
          <button type="button" className={styles.link} onClick={dismissNotice}>
            Dismiss
          </button>
        </p>
      )}
      {dataNotice && (
        <p className={styles.notice} role="status" aria-label="Lesson data">
          {dataNotice}{" "}
          <button type="button" className={styles.link} onClick={() => setDataNotice(null)}>
            Dismiss
          </button>
        </p>
      )}
      <div className={styles.split} ref={splitRef} style={{ "--split": `${split}%` } as CSSProperties}>
        <div className={styles.lessonPane} data-pane="lesson">
          <div className={styles.lessonTools}>
            <button type="button" className={styles.toolButton} onClick={() => setResetting(true)} disabled={!session || resetting}>
              Reset lesson
            </button>
          </div>
          {resetting && (
            <div className={styles.notice} role="alertdialog" aria-label="Reset the lesson?">
              Reset {module.id}? Its instance starts fresh: every key in this lesson is cleared and no exercise stays active. Exercises you have done stay
              done.{" "}
              <button type="button" className={styles.toolButton} autoFocus onClick={() => void resetLesson()}>
                Reset
              </button>{" "}
              <button type="button" className={styles.toolButton} onClick={() => setResetting(false)}>
                Cancel
              </button>
            </div>
          )}
          <ProseProvider texts={texts} rendered={prose}>
            <LessonPane module={module} session={session} canGrade={full !== null} progress={progress} update={update} />
          </ProseProvider>
        </div>
        <div
          className={styles.divider}
          role="separator"
          aria-orientation="vertical"
          aria-label="Resize the lesson and the playground"
          aria-valuemin={MIN_SPLIT}
          aria-valuemax={MAX_SPLIT}
          aria-valuenow={Math.round(split)}
          tabIndex={0}
          onPointerDown={onPointerDown}
          onPointerMove={onPointerMove}
          onKeyDown={onKeyDown}
        />
        <div className={styles.playPane} data-pane="playground">
          {session ? (
            <Playground engine={session.engine} store={store} storageKey={`lesson:${module.id}`} />
          ) : (
            <p className={failure ? styles.failure : styles.note}>{failure ? `Could not start Redis: ${failure}` : "Starting Redis…"}</p>
          )}
        </div>
      </div>
    </div>
  );
}

/**
 * Brings the lesson's instance to where the learner left it. Saved keys that belong to the
 * active exercise (or to free play, when none is active) come back as they were, on an instance
 * with that exercise's config and clock; the setup is not applied over them. With no such keys,
 * or an exercise whose setup keys alone cannot restore (see restorableFromKeys), the active
 * exercise starts afresh. Returns a notice for the learner, or null.
 */
async function openLesson(s: LessonSession, module: Module, activeId: string | undefined, storage: Storage | undefined): Promise<string | null> {
  const found = module.exercises.find((e) => e.id === activeId);
  const active = found && found.kind !== "quiz" ? found : undefined;
  const { saved, notice } = readLessonData(storage, module.id);
  const mine = saved !== null && saved.exercise === (active?.id ?? null);
  if (mine && (!active || restorableFromKeys(active))) {
    await s.reset(resetOptionsFor(module, active));
    const problems = await importData(s.engine.inner, saved.data);
    const n = keyCount(saved.data);
    if (n === 0 && !active) return null;
    const what = `${n} key${n === 1 ? "" : "s"}`;
    const where = active ? ` of the exercise “${active.title}”` : "";
    return problems.length
      ? `Restored ${what}${where} from your last visit; ${problems.length} could not be written back: ${problems[0]}`
      : `Restored your ${what}${where} from your last visit.`;
  }
  if (active) {
    await s.startExercise(module, active);
    if (mine) return `The exercise “${active.title}” was set up again: its setup leaves clients in a state (WATCH, a subscription, a scripted client) that saved keys cannot bring back.`;
    return notice;
  }
  await s.reset(resetOptionsFor(module));
  return notice;
}

/** localStorage, or undefined where reading it throws (blocked storage, sandboxed frames). */
function safeLocalStorage(): Storage | undefined {
  try {
    return typeof window === "undefined" ? undefined : window.localStorage;
  } catch {
    return undefined;
  }
}
