/**
 * Log lines shaped like redis-server's: `pid:M 12 Jan 2024 10:00:00.123 * text`, with the
 * level as Redis marks it (. debug, - verbose, * notice, # warning).
 */
export const LOG_LEVELS = ["debug", "verbose", "notice", "warning"] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

const MARK: Record<LogLevel, string> = { debug: ".", verbose: "-", notice: "*", warning: "#" };
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

const pad = (n: number, width = 2) => String(n).padStart(width, "0");

export function formatLogLine(level: LogLevel, text: string, at = new Date()): string {
  const when =
    `${pad(at.getDate())} ${MONTHS[at.getMonth()]} ${at.getFullYear()} ` +
    `${pad(at.getHours())}:${pad(at.getMinutes())}:${pad(at.getSeconds())}.${pad(at.getMilliseconds(), 3)}`;
  return `${process.pid}:M ${when} ${MARK[level]} ${text}`;
}
