/**
 * Monaco's editor worker (diffing, word suggestions), bundled from the installed package so the
 * editor never reaches a CDN. Started by MonacoLua.tsx through MonacoEnvironment.getWorker.
 */
import "monaco-editor/editor/editor.worker.js";
