// Cron schedules (Prefect's `CronSchedule`): validation with field-naming messages, and next run times in the
// schedule's zone. The expression is iterated on wall-clock times, then each is placed in the zone, as Prefect does.
import { CronExpressionParser, type CronExpression } from "cron-parser";
import { ScheduleError } from "../errors.js";
import { DAY_MS, instantToWall, wallToInstant } from "./zoned-time.js";

/** Prefect's (croniter's) aliases and the five-field expressions they stand for. */
export const CRON_ALIASES: Readonly<Record<string, string>> = {
  "@midnight": "0 0 * * *",
  "@hourly": "0 * * * *",
  "@daily": "0 0 * * *",
  "@weekly": "0 0 * * 0",
  "@monthly": "0 0 1 * *",
  "@yearly": "0 0 1 1 *",
  "@annually": "0 0 1 1 *",
};

const EXAMPLE = 'Use five fields, e.g. "0 2 * * *".';
const MONTH_NAMES = /^(JAN|FEB|MAR|APR|MAY|JUN|JUL|AUG|SEP|OCT|NOV|DEC)$/i;
const DAY_NAMES = /^(SUN|MON|TUE|WED|THU|FRI|SAT)$/i;

interface FieldSpec {
  readonly name: string;
  readonly min: number;
  readonly max: number;
  readonly names?: RegExp;
  readonly hint?: string;
}

// Order as cron-parser reads them: second first.
const FIELDS: readonly FieldSpec[] = [
  { name: "second", min: 0, max: 59 },
  { name: "minute", min: 0, max: 59 },
  { name: "hour", min: 0, max: 23 },
  { name: "day-of-month", min: 1, max: 31 },
  { name: "month", min: 1, max: 12, names: MONTH_NAMES, hint: " (or JAN-DEC)" },
  { name: "day-of-week", min: 0, max: 7, names: DAY_NAMES, hint: " (0 or 7 is Sunday, or SUN-SAT)" },
];

/** A parsed cron schedule, ready to iterate. */
export interface ParsedCron {
  /** The six-field (second-first) expression given to cron-parser. */
  readonly expression: string;
  /** Whether both day-of-month and day-of-week are restricted, so `day_or` matters. */
  readonly bothDaysRestricted: boolean;
}

function fail(cron: string, reason: string): never {
  throw new ScheduleError(`cron "${cron}": ${reason}. ${EXAMPLE}`);
}

function checkNumber(cron: string, spec: FieldSpec, raw: string): void {
  if (spec.names?.test(raw)) return;
  if (!/^\d+$/.test(raw)) fail(cron, `${spec.name} "${raw}" is not a number`);
  const n = Number(raw);
  if (n < spec.min || n > spec.max)
    fail(cron, `${spec.name} must be ${spec.min}-${spec.max}${spec.hint ?? ""}, got ${n}`);
}

function checkField(cron: string, spec: FieldSpec, field: string): void {
  for (const item of field.split(",")) {
    if (item === "") fail(cron, `${spec.name} has an empty list item`);
    const [base = "", step, extra] = item.split("/");
    if (extra !== undefined) fail(cron, `${spec.name} "${item}" has more than one "/"`);
    if (step !== undefined && (!/^\d+$/.test(step) || Number(step) === 0)) {
      fail(cron, `${spec.name} step "${step}" must be a positive whole number`);
    }
    if (base === "*" || (base === "?" && spec.name.startsWith("day"))) continue;
    if (spec.name === "day-of-month" && /^L$|^L-\d+$|^\d+W$|^LW$/i.test(base)) continue; // cron-parser decides
    if (spec.name === "day-of-week") {
      const nth = /^(\w+)#(\d+)$/.exec(base) ?? /^(\w+)L$/i.exec(base);
      if (nth) {
        checkNumber(cron, spec, nth[1]!);
        if (nth[2] !== undefined && (Number(nth[2]) < 1 || Number(nth[2]) > 5)) {
          fail(cron, `day-of-week "#${nth[2]}" must be #1-#5`);
        }
        continue;
      }
    }
    const range = base.split("-");
    if (range.length > 2) fail(cron, `${spec.name} "${base}" is not a value or a range`);
    for (const v of range) checkNumber(cron, spec, v);
  }
}

/**
 * Validates a cron string and turns it into a cron-parser expression. Accepts five fields, Prefect's aliases
 * (`@hourly`, `@daily`, `@midnight`, `@weekly`, `@monthly`, `@yearly`, `@annually`), and, as Prefect (croniter)
 * does, a sixth field of seconds written LAST (`"0 2 * * * 30"` is 02:00:30).
 * @throws ScheduleError naming the field and the fix.
 */
export function parseCron(cron: string): ParsedCron {
  let parsed = parsedCrons.get(cron);
  if (parsed === undefined) {
    parsed = parseCronText(cron);
    if (parsedCrons.size >= MAX_CACHED) parsedCrons.clear();
    parsedCrons.set(cron, parsed);
  }
  return parsed;
}

function parseCronText(cron: string): ParsedCron {
  const text = cron.trim().replace(/\s+/g, " ");
  if (text === "") fail(cron, "is empty");
  let fields: string[];
  if (text.startsWith("@")) {
    const alias = CRON_ALIASES[text.toLowerCase()];
    if (!alias) fail(cron, `unknown alias; use one of ${Object.keys(CRON_ALIASES).join(", ")}`);
    fields = ["0", ...alias.split(" ")];
  } else {
    const parts = text.split(" ");
    if (parts.length === 5) fields = ["0", ...parts];
    else if (parts.length === 6)
      fields = [parts[5]!, ...parts.slice(0, 5)]; // croniter: seconds last
    else {
      fail(
        cron,
        `has ${parts.length} field${parts.length === 1 ? "" : "s"}; expected minute hour day-of-month month day-of-week (a sixth, last field is seconds)`,
      );
    }
  }
  // Prefect refuses croniter's random (R) and hashed (H) forms; cron-parser would accept H.
  if (fields.some((f) => /(?<![A-Za-z])[HhRr](?![A-Za-z])/.test(f))) {
    fail(cron, "random (R) and hashed (H) expressions are not supported");
  }
  fields.forEach((f, i) => checkField(cron, FIELDS[i]!, f));
  const expression = fields.join(" ");
  let parsed: CronExpression;
  try {
    parsed = utcExpression(expression);
  } catch (err) {
    const message = (err as Error).message.replace(/\.$/, "");
    fail(cron, /explicit day of month/i.test(message) ? "day-of-month never occurs in the given month(s)" : message);
  }
  return {
    expression,
    bothDaysRestricted: !parsed.fields.dayOfMonth.isWildcard && !parsed.fields.dayOfWeek.isWildcard,
  };
}

/** Days examined per call before giving up (30 years: an expression that never fires, e.g. with `day_or: false`). */
const MAX_DAYS = 366 * 30;

/** An expression ready to iterate: the times of a day, and which days match. */
interface CompiledCron {
  readonly seconds: readonly number[];
  readonly minutes: readonly number[];
  readonly hours: readonly number[];
  /** Whether the day (floating ms at 00:00) has runs. */
  readonly dayMatches: (day: number) => boolean;
}

/** Per expression: cron-parser's parse (it builds luxon dates, tens of microseconds), and the compiled forms. */
const expressions = new Map<string, CronExpression>();
const compiled = new Map<string, CompiledCron>();
/** parseCron's answers per cron string (stored schedules are read on every scheduler pass). */
const parsedCrons = new Map<string, ParsedCron>();
const MAX_CACHED = 5000;

/** cron-parser's expression in UTC; it is only asked which dates match, never iterated, so it is shared. */
function utcExpression(expression: string): CronExpression {
  let expr = expressions.get(expression);
  if (expr === undefined) {
    expr = CronExpressionParser.parse(expression, { tz: "UTC", currentDate: new Date(0) });
    if (expressions.size >= MAX_CACHED) expressions.clear();
    expressions.set(expression, expr);
  }
  return expr;
}

function compile(parsed: ParsedCron, dayOr: boolean): CompiledCron {
  const key = `${dayOr ? "or" : "and"} ${parsed.expression}`;
  let c = compiled.get(key);
  if (c !== undefined) return c;
  // cron-parser decides which days match (its own day walk is slow); the times within a day are expanded here.
  const expr = utcExpression(parsed.expression);
  const { second, minute, hour, month, dayOfMonth, dayOfWeek } = expr.fields;
  const seconds = [...second.values].sort((a, b) => a - b);
  const minutes = [...minute.values].sort((a, b) => a - b);
  const hours = [...hour.values].sort((a, b) => a - b);
  const months = new Set<number>(month.values);
  const everyDay = dayOfMonth.isWildcard && dayOfWeek.isWildcard;
  // Day filters: cron-parser's own (OR, as cron), or for AND (croniter's day_or=False) both halves separately.
  let filters: CronExpression[] = [expr];
  if (!dayOr && parsed.bothDaysRestricted) {
    const f = parsed.expression.split(" ");
    filters = [
      utcExpression([...f.slice(0, 5), "*"].join(" ")),
      utcExpression([...f.slice(0, 3), "*", ...f.slice(4)].join(" ")),
    ];
  }
  const firstTime = (hours[0]! * 60 + minutes[0]!) * 60_000 + seconds[0]! * 1000;
  const dayMatches = (day: number): boolean => {
    if (!months.has(new Date(day).getUTCMonth() + 1)) return false;
    if (everyDay) return true;
    const probe = new Date(day + firstTime);
    return filters.every((f) => f.includesDate(probe));
  };
  c = { seconds, minutes, hours, dayMatches };
  if (compiled.size >= MAX_CACHED) compiled.clear();
  compiled.set(key, c);
  return c;
}

/**
 * Next run times of a cron schedule: strictly after `after`, ascending, at most `count`, none past `until`.
 * Wall-clock semantics, as Prefect: a time skipped by a spring-forward gap runs at the same instant shifted
 * forward by the gap (02:30 -> 03:30 EDT) and is deduplicated with a run already there; a time repeated by a
 * fall-back runs once, at its first (daylight-time) occurrence.
 */
export function cronTimes(
  parsed: ParsedCron,
  zone: string,
  dayOr: boolean,
  opts: { after: number; count: number; until?: number },
): number[] {
  const out: number[] = [];
  if (opts.count <= 0) return out;
  const { seconds, minutes, hours, dayMatches } = compile(parsed, dayOr);
  const startWall = instantToWall(opts.after, zone);
  let last = opts.after;
  for (let day = Math.floor(startWall / DAY_MS) * DAY_MS, n = 0; n < MAX_DAYS; day += DAY_MS, n++) {
    if (!dayMatches(day)) continue;
    for (const h of hours) {
      for (const m of minutes) {
        for (const sec of seconds) {
          const wall = day + (h * 60 + m) * 60_000 + sec * 1000;
          if (wall + DAY_MS < startWall) continue;
          const t = wallToInstant(wall, zone);
          if (opts.until !== undefined && t > opts.until) return out;
          if (t <= last) continue; // before `after` (a repeated hour) or a duplicate made by a gap
          out.push(t);
          last = t;
          if (out.length >= opts.count) return out;
        }
      }
    }
  }
  return out;
}
