"use client";
/**
 * Monaco for Lua, from the installed monaco-editor package (never a CDN): the lean entry
 * points of /work/shared/TOOLCHAIN.md, our own worker file, and @monaco-editor/react's loader
 * pointed at this Monaco. Only ever loaded through next/dynamic (ScriptEditor.tsx), so none of
 * it is in the page's first-load JavaScript.
 */
import * as monaco from "monaco-editor/editor";
import "monaco-editor/features/register.all";
import "monaco-editor/languages/definitions/lua/register";
import Editor, { loader } from "@monaco-editor/react";
import { useEffect, useRef, useState } from "react";
import { loadLookup } from "@/components/console/help";
import { LUA_API, commandSuggestions, inCommandName } from "./lua-completion";

declare global {
  interface Window {
    MonacoEnvironment?: { getWorker(workerId: string, label: string): Worker };
  }
}

window.MonacoEnvironment = {
  getWorker: () => new Worker(new URL("./editor.worker.ts", import.meta.url), { type: "module" }),
};
loader.config({ monaco: monaco as unknown as Parameters<typeof loader.config>[0]["monaco"] });

let completionRegistered = false;

function registerCompletion(): void {
  if (completionRegistered) return;
  completionRegistered = true;
  const K = monaco.languages.CompletionItemKind;
  const kinds = { function: K.Function, variable: K.Variable, constant: K.Constant, module: K.Module, command: K.Keyword };
  let names: readonly string[] = [];
  void loadLookup().then((l) => (names = l.commandNames()), () => {});
  monaco.languages.registerCompletionItemProvider("lua", {
    triggerCharacters: [".", "'", '"'],
    provideCompletionItems(model, position) {
      const word = model.getWordUntilPosition(position);
      const range = { startLineNumber: position.lineNumber, endLineNumber: position.lineNumber, startColumn: word.startColumn, endColumn: word.endColumn };
      const before = model.getLineContent(position.lineNumber).slice(0, position.column - 1);
      const typed = inCommandName(before);
      const list = typed !== null ? commandSuggestions(names, typed) : LUA_API;
      // After "redis." Monaco's word is only what follows the dot: replace from "redis" on.
      const dotted = typed === null ? /([A-Za-z_]+)\.([A-Za-z_]*)$/.exec(before) : null;
      const from = dotted ? { ...range, startColumn: position.column - dotted[0].length } : range;
      return {
        suggestions: list.map((s) => ({
          label: s.label,
          kind: kinds[s.kind],
          detail: s.detail,
          insertText: s.insert,
          insertTextRules: s.snippet ? monaco.languages.CompletionItemInsertTextRule.InsertAsSnippet : undefined,
          range: from,
        })),
      };
    },
  });
}

function prefersDark(): boolean {
  const t = document.documentElement.getAttribute("data-theme");
  if (t) return t === "dark";
  return typeof matchMedia === "function" && matchMedia("(prefers-color-scheme: dark)").matches;
}

export interface MonacoLuaProps {
  value: string;
  onChange(value: string): void;
  /** Ctrl/Cmd+Enter in the editor. */
  onRun(): void;
}

export default function MonacoLua({ value, onChange, onRun }: MonacoLuaProps) {
  const [ready, setReady] = useState(false);
  const [dark, setDark] = useState(false);
  const run = useRef(onRun);
  useEffect(() => {
    run.current = onRun;
  }, [onRun]);
  useEffect(() => {
    registerCompletion();
    setDark(prefersDark());
    // Follow the theme toggle while the editor is open.
    const mo = new MutationObserver(() => setDark(prefersDark()));
    mo.observe(document.documentElement, { attributes: true, attributeFilter: ["data-theme"] });
    return () => mo.disconnect();
  }, []);
  return (
    <div data-ready={ready ? "true" : "false"} data-testid="lua-editor">
      <Editor
        height="220px"
        language="lua"
        theme={dark ? "vs-dark" : "vs"}
        value={value}
        onChange={(v) => onChange(v ?? "")}
        options={{ minimap: { enabled: false }, fontSize: 13, scrollBeyondLastLine: false, automaticLayout: true, tabSize: 2, ariaLabel: "Lua script" }}
        onMount={(editor) => {
          editor.addCommand(monaco.KeyMod.CtrlCmd | monaco.KeyCode.Enter, () => run.current());
          setReady(true);
        }}
      />
    </div>
  );
}
