// Conversions between wire values and SQLite columns: JSON text columns, 0/1 booleans, UTC timestamps.
// Timestamps are stored as `toISOString()` text so that string order is time order in SQL.

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
  if (value.length === 24 && value.charCodeAt(23) === 90 /* Z */ && value.charCodeAt(19) === 46 /* . */ && value.charCodeAt(10) === 84 /* T */) {
    return value;
  }
  const time = Date.parse(value);
  return Number.isNaN(time) ? value : new Date(time).toISOString();
}

/** A nullable text column as `string | null`. */
export function text(value: unknown): string | null {
  return typeof value === "string" ? value : null;
}

/** A numeric column as a number (0 for NULL). */
export function num(value: unknown): number {
  return typeof value === "number" ? value : typeof value === "bigint" ? Number(value) : 0;
}
