// Parsing the CLI's typed inputs: `--param k=v` (JSON when it parses, else a string, as Prefect), `--params '{json}'`,
// `--start-in '10 minutes'` and `--start-at ISO`. Pure functions; the commands that use them live in deployment.ts.
import { ConfigError } from "../errors.js";

/** A command-line value as Prefect's CLI reads it: JSON when it parses (`42`, `true`, `{"a":1}`), else the text itself. */
export function parseJsonOrText(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/**
 * `["a=1", "b=hello", "c={\"x\": 2}"]` -> `{ a: 1, b: "hello", c: { x: 2 } }`: each value parsed as JSON when it
 * parses, else kept as the string (Prefect's `_load_json_key_values`). Later keys win.
 * @throws ConfigError for an item without "=", naming the option
 */
export function parseKeyValues(items: readonly string[] | undefined, option: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const item of items ?? []) {
    const eq = item.indexOf("=");
    if (eq <= 0) {
      throw new ConfigError(
        `Invalid ${option} ${JSON.stringify(item)}: expected KEY=VALUE, e.g. ${option} name=Marvin.`,
        option,
      );
    }
    out[item.slice(0, eq)] = parseJsonOrText(item.slice(eq + 1));
  }
  return out;
}

/**
 * `--params '{"a": 1}'`: a JSON object.
 * @throws ConfigError when it is not valid JSON or not an object
 */
export function parseJsonObject(text: string | undefined, option: string): Record<string, unknown> {
  if (text === undefined) return {};
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new ConfigError(
      `Invalid ${option}: ${(error as Error).message}. Give a JSON object, e.g. ${option} '{"name": "Marvin"}'.`,
      option,
    );
  }
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    throw new ConfigError(`Invalid ${option}: expected a JSON object, e.g. ${option} '{"name": "Marvin"}'.`, option);
  }
  return value as Record<string, unknown>;
}

const UNIT_SECONDS: Record<string, number> = {
  s: 1,
  sec: 1,
  secs: 1,
  second: 1,
  seconds: 1,
  m: 60,
  min: 60,
  mins: 60,
  minute: 60,
  minutes: 60,
  h: 3600,
  hr: 3600,
  hrs: 3600,
  hour: 3600,
  hours: 3600,
  d: 86_400,
  day: 86_400,
  days: 86_400,
  w: 604_800,
  week: 604_800,
  weeks: 604_800,
};

/**
 * A relative duration in seconds: `"10 minutes"`, `"in 1 hour"`, `"30s"`, `"2 days"`, `"1h 30m"`, `"now"`.
 * @throws ConfigError naming the accepted forms
 */
export function parseDuration(text: string, option = "--start-in"): number {
  const input = text
    .trim()
    .toLowerCase()
    .replace(/^in\s+/, "")
    .replace(/\s+from\s+now$/, "");
  if (input === "now") return 0;
  const part = /(\d+(?:\.\d+)?)\s*([a-z]+)\s*,?\s*(?:and\s+)?/gy;
  let seconds = 0;
  let matched = 0;
  let m: RegExpExecArray | null;
  while ((m = part.exec(input)) !== null) {
    const unit = UNIT_SECONDS[m[2]!];
    if (unit === undefined) break;
    seconds += Number(m[1]) * unit;
    matched = part.lastIndex;
  }
  if (matched === 0 || matched !== input.length) {
    throw new ConfigError(
      `Invalid ${option} ${JSON.stringify(text)}: expected a duration such as '10 minutes', '1 hour', '30s', '2 days' or '1h 30m'.`,
      option,
    );
  }
  return seconds;
}

/**
 * When a run should start from `--start-in` or `--start-at` (at most one), or undefined for now.
 * @throws ConfigError for both options, an invalid duration or a date that does not parse
 */
export function parseStartTime(
  options: { startIn?: string; startAt?: string },
  now: Date = new Date(),
): Date | undefined {
  if (options.startIn !== undefined && options.startAt !== undefined) {
    throw new ConfigError("Use --start-in or --start-at, not both.", "--start-in");
  }
  if (options.startIn !== undefined) return new Date(now.getTime() + parseDuration(options.startIn) * 1000);
  if (options.startAt === undefined) return undefined;
  const at = options.startAt.trim();
  const ms = /^\d{4}-\d{2}-\d{2}/.test(at) ? Date.parse(at) : Number.NaN;
  if (Number.isNaN(ms)) {
    throw new ConfigError(
      `Invalid --start-at ${JSON.stringify(options.startAt)}: expected an ISO 8601 date-time such as '2026-05-01T09:30:00Z' (local time without an offset).`,
      "--start-at",
    );
  }
  return new Date(ms);
}

/** `"in 10 minutes"` / `"12 seconds ago"`-style description of `when` relative to `now`, for printed start times. */
export function describeRelative(when: Date, now: Date = new Date()): string {
  const seconds = Math.round((when.getTime() - now.getTime()) / 1000);
  const abs = Math.abs(seconds);
  const [value, unit] =
    abs < 60
      ? [abs, "second"]
      : abs < 3600
        ? [Math.round(abs / 60), "minute"]
        : abs < 86_400
          ? [Math.round(abs / 3600), "hour"]
          : [Math.round(abs / 86_400), "day"];
  const text = `${value} ${unit}${value === 1 ? "" : "s"}`;
  if (abs < 1) return "now";
  return seconds > 0 ? `in ${text}` : `${text} ago`;
}
