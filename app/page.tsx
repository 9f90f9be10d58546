import Link from "next/link";
import { CourseMap } from "@/components/lesson/CourseMap";
import { courseOutline } from "@/lessons";
import styles from "./page.module.css";

export default function Home() {
  return (
    <main className={styles.main}>
      <h1 className={styles.title}>Redis Playground</h1>
      <p className={styles.lead}>
        Learn Redis in your browser. A Redis 7.0 server runs right in this page, and what it answers is checked
        against the real redis-server.
      </p>
      <p>
        <Link className={styles.secondary} href="/playground">
          Open the playground for free play →
        </Link>
      </p>
      <CourseMap phases={courseOutline()} />
    </main>
  );
}
