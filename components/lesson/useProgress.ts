"use client";
/**
 * Progress as React state, loaded from localStorage after mount (the server render and the
 * first client render agree: no progress yet) and saved on every change.
 */
import { useCallback, useEffect, useState } from "react";
import { emptyProgress, loadProgress, saveProgress, type Progress } from "@/lessons/runtime/progress";

export function useProgress() {
  const [state, setState] = useState<{ progress: Progress; notice: string | null; loaded: boolean }>({
    progress: emptyProgress(),
    notice: null,
    loaded: false,
  });
  useEffect(() => {
    setState({ ...loadProgress(), loaded: true });
  }, []);
  const update = useCallback((fn: (p: Progress) => Progress) => {
    setState((s) => {
      const progress = fn(s.progress);
      if (progress === s.progress) return s;
      saveProgress(progress);
      return { ...s, progress };
    });
  }, []);
  const dismissNotice = useCallback(() => setState((s) => ({ ...s, notice: null })), []);
  return { ...state, update, dismissNotice };
}
