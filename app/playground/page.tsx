import type { Metadata } from "next";
import Link from "next/link";
import { Playground } from "@/components/playground/Playground";
import styles from "./page.module.css";

export const metadata: Metadata = { title: "Playground" };

export default function PlaygroundPage() {
  return (
    <div className={styles.page}>
      <header className={styles.header}>
        <Link href="/" className={styles.home}>
          Redis Playground
        </Link>
        <span className={styles.note}>Free play · Redis 7.0</span>
      </header>
      <main className={styles.main}>
        <Playground storageKey="playground" dataKey="playground" />
      </main>
    </div>
  );
}
