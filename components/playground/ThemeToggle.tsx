"use client";
/**
 * Light, dark, or the system's choice (prefers-color-scheme). The choice is kept in
 * localStorage and applied as data-theme on <html>, which app/globals.css reads.
 */
import { useEffect, useState } from "react";

export type Theme = "system" | "light" | "dark";
export const THEME_STORAGE_KEY = "redis-playground:theme";
const ORDER: Theme[] = ["system", "light", "dark"];

function readTheme(): Theme {
  try {
    const t = window.localStorage.getItem(THEME_STORAGE_KEY);
    return t === "light" || t === "dark" ? t : "system";
  } catch {
    return "system";
  }
}

export function applyTheme(theme: Theme): void {
  const root = document.documentElement;
  if (theme === "system") root.removeAttribute("data-theme");
  else root.setAttribute("data-theme", theme);
}

export function ThemeToggle({ className }: { className?: string }) {
  const [theme, setTheme] = useState<Theme>("system");
  useEffect(() => {
    const t = readTheme();
    setTheme(t);
    applyTheme(t);
  }, []);
  const next = ORDER[(ORDER.indexOf(theme) + 1) % ORDER.length];
  return (
    <button
      type="button"
      className={className}
      aria-label={`Theme: ${theme}. Switch to ${next}`}
      title={`Theme: ${theme} (click for ${next})`}
      onClick={() => {
        setTheme(next);
        applyTheme(next);
        try {
          if (next === "system") window.localStorage.removeItem(THEME_STORAGE_KEY);
          else window.localStorage.setItem(THEME_STORAGE_KEY, next);
        } catch {
          // Not kept where storage is blocked; the choice still holds for this page.
        }
      }}
    >
      {theme === "dark" ? "☾ dark" : theme === "light" ? "☀ light" : "◐ system"}
    </button>
  );
}
