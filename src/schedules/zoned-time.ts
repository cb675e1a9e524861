// Conversions between instants and wall-clock times in IANA time zones (offsets read by luxon, never the process's
// TZ). A wall-clock time is "floating": epoch ms whose UTC fields are the local fields. Offsets are cached per zone and
// UTC hour (only hours whose two ends agree). Wall -> instant is ours: luxon resolves an ambiguous time by today's offset.
import { IANAZone } from "luxon";
import { ScheduleError } from "../errors.js";

/** Milliseconds in a day. */
export const DAY_MS = 86_400_000;

function isUtc(zone: string): boolean {
  return (
    zone === "UTC" ||
    zone === "Etc/UTC" ||
    zone === "Etc/GMT" ||
    zone === "GMT" ||
    zone === "Zulu" ||
    zone === "Etc/Zulu"
  );
}

/** Answers of {@link isValidTimeZone}, per string (building an Intl.DateTimeFormat costs tens of microseconds). */
const zoneValidity = new Map<string, boolean>();
const MAX_CACHED_ZONES = 1000;

function checkTimeZone(zone: string): boolean {
  if (zone.length === 0 || /^[+-]?\d/.test(zone)) return false;
  let resolved: string;
  try {
    resolved = new Intl.DateTimeFormat("en-US", { timeZone: zone }).resolvedOptions().timeZone;
  } catch {
    return false;
  }
  // Intl accepts "america/new_york"; the tz database (and Prefect) does not.
  return !(resolved.toLowerCase() === zone.toLowerCase() && resolved !== zone);
}

/**
 * Whether `zone` names an IANA time zone (e.g. "America/New_York", "UTC", "Europe/London"). Offsets such as
 * "+02:00" and wrongly cased names are not zones here (Prefect checks names against the tz database, case and all).
 */
export function isValidTimeZone(zone: string): boolean {
  let valid = zoneValidity.get(zone);
  if (valid === undefined) {
    valid = checkTimeZone(zone);
    if (zoneValidity.size >= MAX_CACHED_ZONES) zoneValidity.clear();
    zoneValidity.set(zone, valid);
  }
  return valid;
}

/**
 * The zone a schedule computes in: `timezone`, or UTC when it is null, undefined or "" (as Prefect).
 * @throws ScheduleError when it is not an IANA time zone: never silently UTC.
 */
export function resolveTimeZone(timezone: string | null | undefined): string {
  if (timezone == null || timezone === "") return "UTC";
  if (!isValidTimeZone(timezone)) {
    throw new ScheduleError(`timezone "${timezone}" is not an IANA time zone, e.g. "America/New_York" or "UTC"`);
  }
  return timezone;
}

/**
 * The wall-clock time (floating ms) in `zone` at whole second `whole`, from luxon's reading of the tz database
 * (Intl underneath; its offset is in minutes, fractional for local mean times, hence the rounding).
 */
function formattedWall(whole: number, zone: string): number {
  return whole + Math.round(IANAZone.create(zone).offset(whole) * 60_000);
}

const HOUR_MS = 3_600_000;
/** Marks an hour that contains an offset change (never cached as one offset). */
const MIXED = Number.NaN;
/** Per zone, the offset in force through each UTC hour (keyed by hour number), or MIXED. */
const hourOffsets = new Map<string, Map<number, number>>();
const MAX_CACHED_HOURS = 200_000;
let cachedHours = 0;

/**
 * The offset of `zone` through the whole UTC hour `hour`, or MIXED when the offset at its first and last
 * second differ (a transition inside it, e.g. Lord Howe's at :30). Offsets change at most once an hour in
 * every zone, so equal ends mean one offset throughout.
 */
function hourOffset(hour: number, zone: string): number {
  let zoneHours = hourOffsets.get(zone);
  if (zoneHours === undefined) {
    zoneHours = new Map();
    hourOffsets.set(zone, zoneHours);
  }
  let offset = zoneHours.get(hour);
  if (offset === undefined) {
    const start = hour * HOUR_MS;
    const end = start + HOUR_MS - 1000;
    const first = formattedWall(start, zone) - start;
    offset = formattedWall(end, zone) - end === first ? first : MIXED;
    if (cachedHours >= MAX_CACHED_HOURS) {
      hourOffsets.clear();
      cachedHours = 0;
      zoneHours = new Map();
      hourOffsets.set(zone, zoneHours);
    }
    zoneHours.set(hour, offset);
    cachedHours++;
  }
  return offset;
}

/** The wall-clock time (floating ms) in `zone` at instant `ms`. */
export function instantToWall(ms: number, zone: string): number {
  if (isUtc(zone)) return ms;
  const offset = hourOffset(Math.floor(ms / HOUR_MS), zone);
  if (offset === offset) return ms + offset; // not MIXED
  const whole = Math.floor(ms / 1000) * 1000;
  return formattedWall(whole, zone) + (ms - whole);
}

/** The UTC offset (ms, east positive) of `zone` at instant `ms`. */
export function offsetAt(ms: number, zone: string): number {
  return instantToWall(ms, zone) - ms;
}

/**
 * The instant of wall-clock time `wall` (floating ms) in `zone`, resolved as Prefect resolves it (Python's
 * zoneinfo with fold=0, i.e. Temporal's "compatible"):
 * - an ambiguous time (clocks set back: 01:30 happens twice in New York on 2026-11-01) is the earlier
 *   instant, the one still on daylight time;
 * - a non-existent time (clocks set forward: 02:30 never happens in New York on 2026-03-08) is read with the
 *   offset in force before the gap, which moves it forward by the gap (02:30 -> 03:30 EDT).
 */
export function wallToInstant(wall: number, zone: string): number {
  if (isUtc(zone)) return wall;
  // Offsets in force a day either side bracket at most one transition in every real zone.
  const before = offsetAt(wall - DAY_MS, zone);
  const after = offsetAt(wall + DAY_MS, zone);
  if (before === after) {
    const c = wall - before;
    const actual = offsetAt(c, zone);
    return actual === before ? c : wall - actual;
  }
  const c1 = wall - before;
  const c2 = wall - after;
  const ok1 = offsetAt(c1, zone) === before;
  const ok2 = offsetAt(c2, zone) === after;
  if (ok1 && ok2) return Math.min(c1, c2);
  if (ok1) return c1;
  if (ok2) return c2;
  return c1; // in a gap: the pre-transition offset moves it forward
}

/** Floating ms from calendar fields (month 1-12); years before 100 are kept as written. */
export function wallFromFields(
  year: number,
  month: number,
  day: number,
  hour = 0,
  minute = 0,
  second = 0,
  ms = 0,
): number {
  const d = new Date(0);
  d.setUTCFullYear(year, month - 1, day);
  d.setUTCHours(hour, minute, second, ms);
  return d.getTime();
}

/**
 * Parses an ISO 8601 date-time (`2026-03-08T02:30:00`, `...Z`, `...-05:00`, `.123`, space or `T`): an instant
 * when it carries an offset, else a wall-clock time. Undefined when it is not one.
 */
export function parseIsoDateTime(text: string): { kind: "instant" | "wall"; ms: number } | undefined {
  const m =
    /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i.exec(
      text.trim(),
    );
  if (!m) return undefined;
  const [, y, mo, d, h = "0", mi = "0", s = "0", frac = "", off] = m;
  const fields = [Number(y), Number(mo), Number(d), Number(h), Number(mi), Number(s)] as const;
  if (
    fields[1] < 1 ||
    fields[1] > 12 ||
    fields[2] < 1 ||
    fields[2] > 31 ||
    fields[3] > 23 ||
    fields[4] > 59 ||
    fields[5] > 59
  ) {
    return undefined;
  }
  const wall = wallFromFields(...fields, Number(frac.padEnd(3, "0").slice(0, 3)));
  if (new Date(wall).getUTCDate() !== fields[2]) return undefined; // 2026-02-30
  if (off === undefined) return { kind: "wall", ms: wall };
  if (off.toUpperCase() === "Z") return { kind: "instant", ms: wall };
  const om = /^([+-])(\d{2}):?(\d{2})?$/.exec(off);
  const sign = om?.[1] === "-" ? -1 : 1;
  const offsetMs = sign * (Number(om?.[2] ?? 0) * 60 + Number(om?.[3] ?? 0)) * 60_000;
  return { kind: "instant", ms: wall - offsetMs };
}
