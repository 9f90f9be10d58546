/**
 * Lesson Markdown (GitHub flavour) to React elements. react-markdown ignores raw HTML, so
 * nothing in a lesson's text can inject markup. No "use client": the lesson route renders
 * prose with it on the server; the browser loads it only for text the server did not render.
 */
import Markdown from "react-markdown";
import remarkGfm from "remark-gfm";

const plugins = [remarkGfm];

export default function LessonMarkdown({ text }: { text: string }) {
  return <Markdown remarkPlugins={plugins}>{text}</Markdown>;
}
