import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { LessonPage } from "@/components/lesson/LessonPage";
import LessonMarkdown from "@/components/lesson/Markdown";
import { allModules, findModule, isWritten } from "@/lessons";
import { markdownTexts, toView } from "@/lessons/runtime/view";

// Only written modules have a page; the site can be exported as static files.
export const dynamicParams = false;

export function generateStaticParams(): { id: string }[] {
  return allModules.filter(isWritten).map((m) => ({ id: m.id.toLowerCase() }));
}

type Props = { params: Promise<{ id: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const m = findModule((await params).id);
  return { title: m ? `${m.id} ${m.title}` : "Lesson" };
}

/**
 * The lesson is rendered here from plain data (its prose as HTML, its examples and exercise
 * cards), so it shows in the first paint; the browser then loads the module's code for the
 * checks, and the Markdown parser never reaches it.
 */
export default async function LearnPage({ params }: Props) {
  const m = findModule((await params).id);
  if (!m || !isWritten(m)) notFound();
  const prose = markdownTexts(m).map((text, i) => <LessonMarkdown key={i} text={text} />);
  return <LessonPage moduleId={m.id} title={m.title} view={toView(m)} prose={prose} />;
}
