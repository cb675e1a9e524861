// Reads an RFC 5545 recurrence string (DTSTART, RRULE, EXRULE, RDATE, EXDATE lines) into wall-clock parts,
// with messages naming the line and the fix. Computing occurrences lives in rrule.ts.
import * as rruleModule from "rrule";
import type { Options } from "rrule";
import { ScheduleError } from "../errors.js";
import { isValidTimeZone, resolveTimeZone, wallFromFields } from "./zoned-time.js";

// rrule ships a CommonJS main and an ESM "module": Node's import sees only `default`, bundlers the named exports.
const lib: typeof rruleModule = (rruleModule as unknown as { default?: typeof rruleModule }).default ?? rruleModule;
/** The rrule library's classes, whichever module format loaded. */
export const { RRule, RRuleSet } = lib;

/** Prefect's limit on the rrule string (about a year of RDATEs). */
export const MAX_RRULE_LENGTH = 6500;

const EXAMPLE = 'e.g. "DTSTART;TZID=America/New_York:20260101T090000\\nRRULE:FREQ=DAILY;BYHOUR=9"';

/** One RRULE or EXRULE: its options as rrule reads them, without DTSTART. */
export type RuleOptions = Partial<Options>;

/** An rrule string taken apart. Every date is a wall-clock time (floating ms) in `zone`. */
export interface ParsedRRule {
  /** The zone the wall-clock times are in: DTSTART's TZID, else the schedule's `timezone`, else UTC. */
  readonly zone: string;
  /** DTSTART, when given. */
  readonly dtstart: number | undefined;
  readonly rules: readonly RuleOptions[];
  readonly exrules: readonly RuleOptions[];
  readonly rdates: readonly number[];
  readonly exdates: readonly number[];
}

function fail(rrule: string, reason: string): never {
  const shown = rrule.length > 60 ? `${rrule.slice(0, 57)}...` : rrule;
  throw new ScheduleError(`rrule ${JSON.stringify(shown)}: ${reason}. Use RFC 5545, ${EXAMPLE}`);
}

/** Parses `YYYYMMDD` or `YYYYMMDDTHHMMSS[Z]` as wall-clock fields (a `Z` is not a zone here: see `parseRRule`). */
function parseIcsDate(rrule: string, what: string, value: string): number {
  const m = /^(\d{4})(\d{2})(\d{2})(?:T(\d{2})(\d{2})(\d{2})Z?)?$/i.exec(value.trim());
  if (!m) fail(rrule, `${what} "${value}" is not a date, use YYYYMMDDTHHMMSS`);
  const [y, mo, d, h = 0, mi = 0, s = 0] = m.slice(1).map((x) => (x === undefined ? 0 : Number(x)));
  const wall = wallFromFields(y!, mo!, d!, h, mi, s);
  const back = new Date(wall);
  if (back.getUTCMonth() + 1 !== mo || back.getUTCDate() !== d || h > 23 || mi > 59 || s > 59) {
    fail(rrule, `${what} "${value}" is not a valid date-time`);
  }
  return wall;
}

function params(rrule: string, line: string, head: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const p of head.split(";").slice(1)) {
    const eq = p.indexOf("=");
    if (eq < 1) fail(rrule, `"${line}" has a malformed parameter "${p}"`);
    out.set(p.slice(0, eq).toUpperCase(), p.slice(eq + 1).replace(/^"|"$/g, ""));
  }
  return out;
}

const RULE_KEYS = new Set([
  "FREQ",
  "INTERVAL",
  "COUNT",
  "UNTIL",
  "WKST",
  "BYSETPOS",
  "BYMONTH",
  "BYMONTHDAY",
  "BYYEARDAY",
  "BYWEEKNO",
  "BYDAY",
  "BYWEEKDAY",
  "BYHOUR",
  "BYMINUTE",
  "BYSECOND",
  "BYEASTER",
]);
const RANGES: Readonly<Record<string, readonly [number, number, boolean]>> = {
  // [min, max, may be negative]
  BYSECOND: [0, 59, false],
  BYMINUTE: [0, 59, false],
  BYHOUR: [0, 23, false],
  BYMONTH: [1, 12, false],
  BYMONTHDAY: [1, 31, true],
  BYYEARDAY: [1, 366, true],
  BYWEEKNO: [1, 53, true],
  BYSETPOS: [1, 366, true],
};

function parseRuleValue(rrule: string, name: string, value: string): RuleOptions {
  const seen = new Set<string>();
  for (const part of value.split(";")) {
    const [key = "", val, ...rest] = part.split("=");
    const k = key.trim().toUpperCase();
    if (!RULE_KEYS.has(k)) fail(rrule, `${name} has unknown part "${key}"; allowed: ${[...RULE_KEYS].join(", ")}`);
    if (val === undefined || val === "" || rest.length > 0)
      fail(rrule, `${name} part "${part}" needs one value, e.g. FREQ=DAILY`);
    if (seen.has(k)) fail(rrule, `${name} gives ${k} twice`);
    seen.add(k);
    const v = val.trim().toUpperCase();
    if (k === "FREQ" && !/^(YEARLY|MONTHLY|WEEKLY|DAILY|HOURLY|MINUTELY|SECONDLY)$/.test(v)) {
      fail(rrule, `${name} FREQ "${val}" must be one of YEARLY, MONTHLY, WEEKLY, DAILY, HOURLY, MINUTELY, SECONDLY`);
    }
    if ((k === "INTERVAL" || k === "COUNT") && !/^[1-9]\d*$/.test(v))
      fail(rrule, `${name} ${k} must be a positive whole number, got "${val}"`);
    if (k === "UNTIL") parseIcsDate(rrule, `${name} UNTIL`, v);
    if (k === "WKST" && !/^(MO|TU|WE|TH|FR|SA|SU)$/.test(v)) fail(rrule, `${name} WKST "${val}" must be MO-SU`);
    if (
      (k === "BYDAY" || k === "BYWEEKDAY") &&
      !v.split(",").every((d) => /^[+-]?([1-9]|[1-4]\d|5[0-3])?(MO|TU|WE|TH|FR|SA|SU)$/.test(d))
    ) {
      fail(rrule, `${name} ${k} "${val}" must list days such as MO,WE or 1MO,-1FR`);
    }
    const range = RANGES[k];
    if (range) {
      for (const item of v.split(",")) {
        const n = Number(item);
        const ok =
          /^[+-]?\d+$/.test(item) &&
          Math.abs(n) >= range[0] &&
          Math.abs(n) <= range[1] &&
          (range[2] ? n !== 0 : n >= 0);
        if (!ok)
          fail(
            rrule,
            `${name} ${k} must be ${range[2] ? `±${Math.max(range[0], 1)}-${range[1]}` : `${range[0]}-${range[1]}`}, got "${item}"`,
          );
      }
    }
  }
  if (!seen.has("FREQ")) fail(rrule, `${name} needs FREQ, e.g. FREQ=DAILY`);
  try {
    const opts = RRule.parseString(`RRULE:${value.toUpperCase()}`);
    delete opts.dtstart;
    delete opts.tzid;
    return opts;
  } catch (err) {
    fail(rrule, `${name}: ${(err as Error).message}`);
  }
}

/** Splits the string into logical lines (CRLF or LF, RFC 5545 folding undone, blank lines dropped). */
export function lines(rrule: string): string[] {
  return rrule
    .replace(/\r\n?/g, "\n")
    .replace(/\n[ \t]/g, "")
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l !== "");
}

/**
 * Parses and validates an rrule string as Prefect (dateutil's `rrulestr`) reads it. Dates in it are wall-clock
 * times in one zone: DTSTART's TZID if given, else `timezone`, else UTC. As in Prefect, a trailing `Z` on
 * DTSTART, UNTIL, RDATE or EXDATE does not switch to UTC (Prefect's own client writes local times with a `Z`).
 * @throws ScheduleError naming the line and the fix.
 */
export function parseRRule(rrule: string, timezone: string | null | undefined): ParsedRRule {
  if (rrule.length > MAX_RRULE_LENGTH) fail(rrule, `is ${rrule.length} characters; the maximum is ${MAX_RRULE_LENGTH}`);
  const all = lines(rrule);
  if (all.length === 0) fail(rrule, "is empty");
  let dtstart: number | undefined;
  let tzid: string | undefined;
  const rules: RuleOptions[] = [];
  const exrules: RuleOptions[] = [];
  const rdates: { tz: string | undefined; value: string }[] = [];
  const exdates: { tz: string | undefined; value: string }[] = [];
  for (const line of all) {
    // dateutil reads a line without a name ("FREQ=DAILY") as an RRULE.
    const colon = line.indexOf(":");
    const bare = colon < 0 || /^[A-Z]+=/i.test(line.slice(0, colon));
    const head = bare ? "RRULE" : line.slice(0, colon);
    const value = bare ? line : line.slice(colon + 1);
    const name = head.split(";")[0]!.toUpperCase();
    const p = params(rrule, line, head);
    switch (name) {
      case "DTSTART": {
        if (dtstart !== undefined) fail(rrule, "has more than one DTSTART");
        tzid = p.get("TZID");
        dtstart = parseIcsDate(rrule, "DTSTART", value);
        break;
      }
      case "RRULE":
      case "EXRULE":
        if (p.size > 0) fail(rrule, `${name} takes no parameters`);
        (name === "RRULE" ? rules : exrules).push(parseRuleValue(rrule, name, value));
        break;
      case "RDATE":
      case "EXDATE": {
        if (p.get("VALUE")?.toUpperCase() === "PERIOD")
          fail(rrule, `${name};VALUE=PERIOD is not supported; list date-times`);
        const list = name === "RDATE" ? rdates : exdates;
        for (const v of value.split(",")) list.push({ tz: p.get("TZID"), value: v });
        break;
      }
      default:
        fail(rrule, `has an unsupported line "${head}"; use DTSTART, RRULE, EXRULE, RDATE or EXDATE`);
    }
  }
  if (rules.length === 0 && rdates.length === 0) fail(rrule, "has no RRULE and no RDATE, so it never runs");
  const tz = timezone == null || timezone === "" ? null : resolveTimeZone(timezone);
  if (tzid !== undefined && !isValidTimeZone(tzid)) {
    fail(rrule, `DTSTART TZID "${tzid}" is not an IANA time zone; use e.g. TZID=America/New_York`);
  }
  if (tzid !== undefined && tz != null && tz !== "UTC" && tz !== tzid) {
    fail(rrule, `DTSTART TZID "${tzid}" differs from timezone "${tz}"; give one zone (or set timezone to "${tzid}")`);
  }
  const zone = tzid ?? tz ?? "UTC";
  const dates = (list: typeof rdates, what: string): number[] =>
    list.map(({ tz: dateTz, value }) => {
      if (dateTz !== undefined && dateTz !== zone)
        fail(rrule, `${what} TZID "${dateTz}" differs from the schedule's zone "${zone}"`);
      return parseIcsDate(rrule, what, value);
    });
  return { zone, dtstart, rules, exrules, rdates: dates(rdates, "RDATE"), exdates: dates(exdates, "EXDATE") };
}
