// Run loggers: Prefect's levels (10..50), the console line format
// `HH:MM:SS.mmm | INFO    | Flow run 'name' - message`, and forwarding to the API log writer.
import { format } from "node:util";
import type { LogWriter } from "./log-writer.js";

/** Prefect's (Python's) numeric log levels. */
export const LogLevel = { DEBUG: 10, INFO: 20, WARNING: 30, ERROR: 40, CRITICAL: 50 } as const;
/** A level name. */
export type LogLevelName = keyof typeof LogLevel;

const LEVEL_NAMES: Record<number, string> = { 10: "DEBUG", 20: "INFO", 30: "WARNING", 40: "ERROR", 50: "CRITICAL" };

/** The numeric level of a name or number (`"info"`, `"WARNING"`, `20`). */
export function levelNumber(level: string | number): number {
  if (typeof level === "number") return level;
  const upper = level.toUpperCase();
  if (upper === "WARN") return LogLevel.WARNING;
  return (LogLevel as Record<string, number>)[upper] ?? LogLevel.INFO;
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/** Formats a console line as Prefect does; `label` is e.g. `Flow run 'name'` or `prefect.engine`. */
export function formatConsoleLine(timestamp: Date, level: number, label: string, message: string): string {
  const ms = timestamp.getMilliseconds();
  const time = `${pad2(timestamp.getHours())}:${pad2(timestamp.getMinutes())}:${pad2(timestamp.getSeconds())}.${ms < 10 ? "00" : ms < 100 ? "0" : ""}${ms}`;
  const name = (LEVEL_NAMES[level] ?? `Level ${level}`).padEnd(7);
  return `${time} | ${name} | ${label} - ${message}`;
}

/** Where a run logger writes. */
export interface RunLoggerTarget {
  /** Logger name stored with API logs, e.g. `prefect.flow_runs`. */
  readonly name: string;
  /** Console label, e.g. `Flow run 'crimson-otter'`. */
  readonly label: string;
  readonly flowRunId: string | null;
  readonly taskRunId: string | null;
  /** Lowest level printed to the console. */
  readonly consoleLevel: number;
  /** Lowest level sent to the API. */
  readonly apiLevel: number;
  /** The API sink, or null to log to the console only. */
  readonly writer: LogWriter | null;
  /** Longest message sent to the API (characters); longer ones are truncated. */
  readonly maxMessageSize?: number;
}

/** The stream console lines go to (stderr, as Prefect's console handler). */
let consoleWrite: (line: string) => void = (line) => {
  process.stderr.write(`${line}\n`);
};

/** Replaces where console lines go (tests). Returns the previous writer. */
export function setConsoleWriter(write: (line: string) => void): (line: string) => void {
  const previous = consoleWrite;
  consoleWrite = write;
  return previous;
}

/** A logger bound to a run: `info`, `warning`, ... print to the console and queue the record for the API. */
export class RunLogger {
  constructor(readonly target: RunLoggerTarget) {}

  /** Logs at `level` (number or name); extra arguments are formatted as `console.log` does. */
  log(level: number | LogLevelName, message: unknown, ...args: unknown[]): void {
    const n = typeof level === "number" ? level : LogLevel[level];
    const t = this.target;
    if (n < t.consoleLevel && (t.writer === null || n < t.apiLevel)) return;
    const text = args.length > 0 || typeof message !== "string" ? format(message, ...args) : message;
    const timestamp = new Date();
    if (n >= t.consoleLevel) consoleWrite(formatConsoleLine(timestamp, n, t.label, text));
    if (t.writer !== null && n >= t.apiLevel) {
      const max = t.maxMessageSize ?? 1_000_000;
      t.writer.push({
        name: t.name,
        level: n,
        message: text.length > max ? `${text.slice(0, max)}...` : text,
        timestamp,
        flowRunId: t.flowRunId,
        taskRunId: t.taskRunId,
      });
    }
  }

  /** Logs at DEBUG (10). */
  debug(message: unknown, ...args: unknown[]): void {
    this.log(LogLevel.DEBUG, message, ...args);
  }
  /** Logs at INFO (20). */
  info(message: unknown, ...args: unknown[]): void {
    this.log(LogLevel.INFO, message, ...args);
  }
  /** Logs at WARNING (30). */
  warning(message: unknown, ...args: unknown[]): void {
    this.log(LogLevel.WARNING, message, ...args);
  }
  /** Alias of {@link RunLogger.warning}. */
  warn(message: unknown, ...args: unknown[]): void {
    this.log(LogLevel.WARNING, message, ...args);
  }
  /** Logs at ERROR (40). */
  error(message: unknown, ...args: unknown[]): void {
    this.log(LogLevel.ERROR, message, ...args);
  }
  /** Logs at CRITICAL (50). */
  critical(message: unknown, ...args: unknown[]): void {
    this.log(LogLevel.CRITICAL, message, ...args);
  }
}
