// The one datetime parser of the wire contract: every string form pydantic (Prefect's server) parses as
// a datetime, normalized to ISO 8601 with `T` and an explicit offset. Zod schemas built on it live in common.ts.

/** What to do with a datetime that carries no offset. */
export type NaiveDateTime = "utc" | "keep";

/**
 * The syntax pydantic's datetime parser (speedate) accepts: `YYYY-MM-DD`, then optionally a `T`, `t` or
 * space, `HH:MM[:SS[.ffffff]]` and `Z`, `z` or `±HH[:]MM`. {@link normalizeDateTime} also checks the ranges.
 */
export const DATETIME_PATTERN =
  /^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,6}))?)?(?:([Zz])|([+-])(\d{2})(?::?(\d{2}))?)?)?$/;

const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/**
 * Normalizes a datetime in any form pydantic accepts to `YYYY-MM-DDTHH:MM:SS[.ffffff](Z|±HH:MM)`:
 * `T` or a space between date and time, seconds and a fraction (up to microseconds) optional, `Z`,
 * `±HH:MM`, `±HHMM` or no offset, or a date alone (midnight). Without an offset the time is UTC
 * (`naive: "utc"`, Prefect's reading) or stays naive (`naive: "keep"`, for fields read in a time zone).
 * Returns undefined when `text` is not such a datetime (or names a day that does not exist).
 * @example normalizeDateTime("2026-12-06 03:43:07.060934+00:00") // "2026-12-06T03:43:07.060934+00:00"
 */
export function normalizeDateTime(text: string, naive: NaiveDateTime = "utc"): string | undefined {
  const m = DATETIME_PATTERN.exec(text);
  if (!m) return undefined;
  const [, y, mo, d, h = "00", mi = "00", s = "00", fraction, zulu, sign, oh, om = "00"] = m as unknown as string[];
  const month = Number(mo);
  const day = Number(d);
  if (month < 1 || month > 12 || day < 1 || day > DAYS_IN_MONTH[month - 1]!) return undefined;
  if (month === 2 && day === 29 && !isLeapYear(Number(y))) return undefined;
  if (Number(h) > 23 || Number(mi) > 59 || Number(s) > 59) return undefined;
  let offset = "";
  if (zulu !== undefined) offset = "Z";
  else if (sign !== undefined) {
    if (Number(oh) > 23 || Number(om) > 59) return undefined;
    offset = `${sign}${oh}:${om}`;
  } else if (naive === "utc") offset = "Z";
  return `${y}-${mo}-${d}T${h}:${mi}:${s}${fraction === undefined ? "" : `.${fraction}`}${offset}`;
}

/** Whether `text` is a datetime pydantic would parse (see {@link normalizeDateTime}). */
export function isDateTime(text: string): boolean {
  return normalizeDateTime(text) !== undefined;
}

/**
 * Parses a datetime in any form pydantic accepts into a `Date` (millisecond precision; no offset = UTC).
 * @throws RangeError naming the value and the accepted form when it is not a datetime.
 */
export function parseDateTime(text: string): Date {
  const normalized = normalizeDateTime(text);
  if (normalized === undefined) {
    throw new RangeError(
      `"${text}" is not a datetime. Use ISO 8601, e.g. "2026-12-06T03:43:07.060934+00:00" or "2026-12-06 03:43:07Z".`,
    );
  }
  return new Date(normalized);
}
