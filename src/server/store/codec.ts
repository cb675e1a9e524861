// Conversions between wire values and SQLite columns: JSON text columns, 0/1 booleans, UTC timestamps.
// Timestamps are stored as `toISOString()` text so that string order is time order in SQL; state timestamps keep
// microseconds (`.ffffffZ`, six digits in every row of their column) as Prefect's clients send them.
import { normalizeDateTime } from "../../schemas/plain.js";

/** Serializes a JSON column value (null stays SQL NULL). */
export function toJson(value: unknown): string | null {
  return value === null || value === undefined ? null : JSON.stringify(value);
}

/** Parses a JSON column, `fallback` for SQL NULL. */
export function fromJson<T>(text: unknown, fallback: T): T {
  return typeof text === "string" ? (JSON.parse(text) as T) : fallback;
}

/**
 * Normalizes any ISO 8601 datetime (any offset) to the stored UTC form `YYYY-MM-DDTHH:mm:ss.sssZ`;
 * null/undefined stay null.
 */
export function toUtc(value: string | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  // Fast path: already in the stored form (what toISOString() produces).
  if (
    value.length === 24 &&
    value.charCodeAt(23) === 90 /* Z */ &&
    value.charCodeAt(19) === 46 /* . */ &&
    value.charCodeAt(10) === 84 /* T */
  ) {
    return value;
  }
  const time = Date.parse(value);
  return Number.isNaN(time) ? value : new Date(time).toISOString();
}

/**
 * Normalizes a state timestamp (any form pydantic parses, any offset) to the stored UTC form with microseconds,
 * `YYYY-MM-DDTHH:mm:ss.ffffffZ`, keeping the fraction the client sent (Prefect's clients send microseconds, and
 * Pending, Running and Completed of a fast task differ only there). Every row of a state table has six digits, so
 * string order stays time order. null/undefined stay null; text that is no datetime is returned unchanged.
 * @example toUtcMicros("2026-12-06 05:43:07.060934+02:00") // "2026-12-06T03:43:07.060934Z"
 */
export function toUtcMicros(value: string | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  // Fast path: already in the stored form.
  if (
    value.length === 27 &&
    value.charCodeAt(26) === 90 /* Z */ &&
    value.charCodeAt(19) === 46 /* . */ &&
    value.charCodeAt(10) === 84 /* T */
  ) {
    return value;
  }
  const normalized = normalizeDateTime(value);
  if (normalized === undefined) return value;
  const fraction = /\.(\d{1,6})/.exec(normalized)?.[1] ?? "";
  const time = Date.parse(normalized);
  if (Number.isNaN(time)) return value;
  // Offsets are whole minutes: the digits below the millisecond are the same in UTC.
  return `${new Date(time).toISOString().slice(0, 19)}.${fraction.padEnd(6, "0")}Z`;
}

/** A {@link Date} in the stored state-timestamp form (`.sss000Z`). */
export function dateToUtcMicros(date: Date): string {
  return `${date.toISOString().slice(0, 23)}000Z`;
}

/** A nullable text column as `string | null`. */
export function text(value: unknown): string | null {
  return typeof value === "string" ? value : null;
}

/** A numeric column as a number (0 for NULL). */
export function num(value: unknown): number {
  return typeof value === "number" ? value : typeof value === "bigint" ? Number(value) : 0;
}
