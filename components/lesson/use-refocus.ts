/**
 * Keeps keyboard focus on a button that is disabled while its work runs. A disabled button
 * drops focus to <body>, so after Run or Check a keyboard learner would start over from the top
 * of the page; this puts focus back on the button once it is enabled again, unless the learner
 * has moved on to something else meanwhile.
 */
import { useEffect, useRef } from "react";

export function useRefocus<T extends HTMLElement>(busy: boolean) {
  const ref = useRef<T>(null);
  const pending = useRef(false);
  useEffect(() => {
    if (busy || !pending.current) return;
    pending.current = false;
    const now = document.activeElement;
    if (!now || now === document.body) ref.current?.focus();
  }, [busy]);
  /** Call when the button starts its work (its click). */
  const mark = () => {
    pending.current = true;
  };
  return { ref, mark };
}
