// Printing results for humans (compact tables fitted to the terminal, state colours, spinners) or machines (`-o json`,
// Prefect's snake_case wire JSON). Command modules decide what to show; this file decides how it looks.
import Table from "cli-table3";
import type * as z from "zod";
import yoctoSpinner from "yocto-spinner";
import { toWire, type ModelOf } from "../client/index.js";
import type { CliContext, Colors } from "./context.js";

/** Prints a value as pretty JSON (Dates become ISO strings). For API objects use {@link printWireJson}. */
export function printJson(context: CliContext, value: unknown): void {
  context.out(JSON.stringify(value, null, 2));
}

/**
 * The API object(s) as Prefect's CLI prints them with `-o json` (`model_dump(mode="json")`): the wire JSON, snake_case,
 * timestamps as ISO strings, not our camelCase models.
 */
export function toWireJson<S extends z.ZodType>(schema: S, value: ModelOf<S>): Record<string, unknown> {
  return toWire(schema, value as never) as Record<string, unknown>;
}

/** Prints one API object, or a list of them, as Prefect's `-o json` does (see {@link toWireJson}). */
export function printWireJson<S extends z.ZodType>(
  context: CliContext,
  schema: S,
  value: ModelOf<S> | readonly ModelOf<S>[],
): void {
  const wire = Array.isArray(value)
    ? value.map((v: ModelOf<S>) => toWireJson(schema, v))
    : toWireJson(schema, value as ModelOf<S>);
  printJson(context, wire);
}

/** Light single-line borders; with `compact` there is no rule between rows, only under the header. */
const CHARS = {
  top: "─",
  "top-mid": "┬",
  "top-left": "┌",
  "top-right": "┐",
  bottom: "─",
  "bottom-mid": "┴",
  "bottom-left": "└",
  "bottom-right": "┘",
  left: "│",
  "left-mid": "├",
  mid: "─",
  "mid-mid": "┼",
  right: "│",
  "right-mid": "┤",
  middle: "│",
};

/** The narrowest a column is squeezed to (with its padding) before the table is allowed to overflow. */
const MIN_COLUMN = 8;

/** Printable width of a cell (ANSI colours do not count). */
function visibleWidth(text: string): number {
  // eslint-disable-next-line no-control-regex
  return [...text.replace(/\u001b\[[0-9;]*m/g, "")].length;
}

/**
 * Column widths (padding included) that fit `columns`: the widest columns give way first, down to
 * {@link MIN_COLUMN}; undefined when the table fits as it is or there is no terminal width to fit.
 */
export function fitColumnWidths(
  cells: readonly (readonly string[])[],
  columns: number | undefined,
): number[] | undefined {
  if (columns === undefined || cells.length === 0) return undefined;
  const count = Math.max(...cells.map((row) => row.length));
  const widths = Array.from({ length: count }, (_, i) =>
    Math.max(...cells.map((row) => visibleWidth(row[i] ?? "") + 2)),
  );
  const borders = count + 1;
  let total = widths.reduce((a, b) => a + b, 0) + borders;
  if (total <= columns) return undefined;
  while (total > columns) {
    const widest = widths.indexOf(Math.max(...widths));
    if ((widths[widest] ?? 0) <= MIN_COLUMN) break;
    widths[widest] = (widths[widest] ?? 0) - 1;
    total -= 1;
  }
  return widths;
}

/**
 * Prints rows as a compact table with a title line, fitted to the terminal's width (long cells end in `…`); prints
 * `empty` instead when there are no rows. Piped output is never truncated.
 */
export function printTable(
  context: CliContext,
  options: { title?: string; head: string[]; rows: (string | number)[][]; empty?: string },
): void {
  if (options.rows.length === 0 && options.empty !== undefined) {
    context.out(options.empty);
    return;
  }
  const style = context.style;
  const head = options.head.map((h) => style.bold(h));
  const rows = options.rows.map((row) => row.map(String));
  const colWidths = fitColumnWidths([head, ...rows], context.terminal.columns);
  const table = new Table({
    head,
    chars: CHARS,
    style: { head: [], border: [], compact: true },
    wordWrap: false,
    truncate: "…",
    ...(colWidths === undefined ? {} : { colWidths }),
  });
  for (const row of rows) table.push(row);
  if (options.title !== undefined) context.out(style.bold(options.title));
  context.out(table.toString());
}

/**
 * A state's label coloured as Prefect's UI colours its type: Completed green, Failed red, Crashed magenta (orange in
 * the UI), Running blue, Scheduled and Late yellow, Pending, Paused, Cancelling and Cancelled grey.
 */
export function colorState(style: Colors, type: string | null | undefined, label: string): string {
  switch (type) {
    case "COMPLETED":
      return style.green(label);
    case "FAILED":
      return style.red(label);
    case "CRASHED":
      return style.magenta(label);
    case "RUNNING":
      return style.blue(label);
    case "SCHEDULED":
      return style.yellow(label);
    case "PENDING":
    case "PAUSED":
    case "CANCELLING":
    case "CANCELLED":
      return style.gray(label);
    default:
      return label;
  }
}

/** A line that says what the CLI is waiting for. */
export interface Progress {
  /** Replaces the text. */
  update(text: string): void;
  /** Removes the spinner (lines printed meanwhile stay). */
  stop(): void;
}

const SILENT: Progress = { update: () => undefined, stop: () => undefined };

/**
 * A spinner on stderr while waiting, only when stderr is a terminal; in a pipe or a log file nothing is drawn. Lines
 * printed while it spins appear above it.
 */
export function startProgress(context: CliContext, text: string): Progress {
  if (!context.terminal.stderrIsTTY) return SILENT;
  const spinner = yoctoSpinner({ text, stream: context.io.stderr, color: "cyan" }).start();
  return {
    update(next) {
      spinner.text = next;
    },
    stop() {
      spinner.stop();
    },
  };
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
