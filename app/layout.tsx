import type { Metadata } from "next";
import type { ReactNode } from "react";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Redis Playground", template: "%s · Redis Playground" },
  description: "Learn Redis in the browser: a Redis 7.0 emulator beside each lesson, graded on state.",
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>{children}</body>
    </html>
  );
}
