"use client";
/**
 * A piece of lesson Markdown. The lesson route renders every Markdown text of the module on
 * the server and hands the results down (ProseProvider), so the page shows its prose in the
 * first HTML and the browser never loads the Markdown parser (~40 kB gzipped). Text without a
 * server rendering (tests, previews) is rendered by the parser, loaded on demand, showing the
 * plain text meanwhile.
 */
import { createContext, lazy, Suspense, useContext, useMemo, type ReactNode } from "react";
import styles from "./lesson.module.css";

const LazyMarkdown = lazy(() => import("./Markdown"));

const ProseContext = createContext<ReadonlyMap<string, ReactNode> | null>(null);

/** Server-rendered prose: `texts[i]` rendered as `rendered[i]`. */
export function ProseProvider({ texts, rendered, children }: { texts: string[]; rendered?: ReactNode[]; children: ReactNode }) {
  const map = useMemo(() => {
    const m = new Map<string, ReactNode>();
    if (rendered && rendered.length === texts.length) texts.forEach((t, i) => m.set(t, rendered[i]));
    return m;
  }, [texts, rendered]);
  return <ProseContext.Provider value={map}>{children}</ProseContext.Provider>;
}

export function Prose({ text }: { text: string }) {
  const pre = useContext(ProseContext)?.get(text);
  return (
    <div className={styles.prose}>
      {pre ?? (
        <Suspense fallback={<p className={styles.plain}>{text}</p>}>
          <LazyMarkdown text={text} />
        </Suspense>
      )}
    </div>
  );
}
