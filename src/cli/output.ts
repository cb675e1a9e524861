// Printing results for humans (cli-table3 tables, timestamps) or machines (`-o json`, the camelCase models).
// Command modules decide what to show; this file decides how it looks.
import Table from "cli-table3";
import type { CliContext } from "./context.js";

/** Prints a value as pretty JSON (Dates become ISO strings). */
export function printJson(context: CliContext, value: unknown): void {
  context.out(JSON.stringify(value, null, 2));
}

/** Prints rows as a table with a title line; prints `empty` instead when there are no rows. */
export function printTable(
  context: CliContext,
  options: { title?: string; head: string[]; rows: (string | number)[][]; empty?: string },
): void {
  if (options.rows.length === 0 && options.empty !== undefined) {
    context.out(options.empty);
    return;
  }
  const table = new Table({ head: options.head, style: { head: [], border: [] }, wordWrap: true });
  for (const row of options.rows) table.push(row.map(String));
  if (options.title !== undefined) context.out(options.title);
  context.out(table.toString());
}

/** A timestamp as `YYYY-MM-DD HH:MM:SS` in UTC; `-` when missing. */
export function formatTime(date: Date | null | undefined): string {
  if (date === null || date === undefined) return "-";
  return date.toISOString().replace("T", " ").slice(0, 19);
}

/** A timestamp with milliseconds, as Prefect prints log times: `YYYY-MM-DD HH:MM:SS.mmm`. */
export function formatLogTime(date: Date): string {
  return date.toISOString().replace("T", " ").slice(0, 23);
}

/** Python's logging level names, as Prefect prints them. */
export function levelName(level: number): string {
  const names: Record<number, string> = { 10: "DEBUG", 20: "INFO", 30: "WARNING", 40: "ERROR", 50: "CRITICAL" };
  return names[level] ?? `Level ${level}`;
}
