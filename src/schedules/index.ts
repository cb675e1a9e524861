// Schedule maths for the wire schedules (`IntervalSchedule | CronSchedule | RRuleSchedule`): validate, fill the
// defaults to store, and compute the next run times. Pure; the scheduler service that inserts runs is in src/server/.
import { ScheduleError } from "../errors.js";
import type { CronScheduleInput, IntervalScheduleInput, RRuleScheduleInput, ScheduleInput } from "../schemas/index.js";
import { cronTimes, parseCron } from "./cron.js";
import { checkInterval, intervalTimes, parseAnchor } from "./interval.js";
import { parseRRule } from "./rrule-parse.js";
import { rruleTimes, withDtstart } from "./rrule.js";
import { resolveTimeZone } from "./zoned-time.js";

export { CRON_ALIASES } from "./cron.js";
export { MAX_RRULE_LENGTH } from "./rrule-parse.js";
export { PREFECT_DEFAULT_DTSTART, withDtstart } from "./rrule.js";
export { isValidTimeZone, wallToInstant, instantToWall } from "./zoned-time.js";

/** The three kinds of schedule, named by their defining field. */
export type ScheduleKind = "interval" | "cron" | "rrule";

/** Options of {@link nextScheduledTimes}. */
export interface NextScheduledTimesOptions {
  /** Times returned are strictly after this instant. */
  readonly after: Date;
  /** At most this many times. */
  readonly count: number;
  /** No time after this instant (inclusive bound). */
  readonly until?: Date;
  /** "Now" for an interval schedule without `anchor_date` (its anchor). @default new Date() */
  readonly now?: Date;
}

/**
 * Which kind a schedule is.
 * @throws ScheduleError when it has none of `interval`, `cron`, `rrule`.
 */
export function scheduleKind(schedule: ScheduleInput): ScheduleKind {
  if ("interval" in schedule) return "interval";
  if ("cron" in schedule) return "cron";
  if ("rrule" in schedule) return "rrule";
  throw new ScheduleError('schedule needs one of "interval" (seconds), "cron" or "rrule", e.g. {"cron": "0 2 * * *"}');
}

function checkCron(s: CronScheduleInput): ReturnType<typeof parseCron> {
  if (typeof s.cron !== "string")
    throw new ScheduleError(`cron must be a string such as "0 2 * * *", got ${typeof s.cron}`);
  if (s.day_or !== undefined && typeof s.day_or !== "boolean") {
    throw new ScheduleError(
      `day_or must be true (day-of-month OR day-of-week, as cron) or false (AND), got ${JSON.stringify(s.day_or)}`,
    );
  }
  return parseCron(s.cron);
}

function intervalAnchor(s: IntervalScheduleInput, zone: string, now: Date | undefined): number {
  return s.anchor_date == null ? (now ?? new Date()).getTime() : parseAnchor(s.anchor_date, zone);
}

/**
 * Validates a schedule as the server stores it.
 * @throws ScheduleError with a message that names the field and the fix, e.g.
 *   `cron "61 * * * *": minute must be 0-59, got 61. Use five fields, e.g. "0 2 * * *".`
 */
export function validateSchedule(schedule: ScheduleInput): void {
  switch (scheduleKind(schedule)) {
    case "cron": {
      const s = schedule as CronScheduleInput;
      checkCron(s);
      resolveTimeZone(s.timezone);
      return;
    }
    case "interval": {
      const s = schedule as IntervalScheduleInput;
      checkInterval(s.interval);
      const zone = resolveTimeZone(s.timezone);
      if (s.anchor_date != null) parseAnchor(s.anchor_date, zone);
      return;
    }
    case "rrule": {
      const s = schedule as RRuleScheduleInput;
      if (typeof s.rrule !== "string")
        throw new ScheduleError(`rrule must be an RFC 5545 string, got ${typeof s.rrule}`);
      parseRRule(s.rrule, s.timezone);
      return;
    }
  }
}

/**
 * The schedule with the defaults Prefect fills at write time made explicit, so that what is stored computes
 * the same runs forever and cheaply: an interval's missing `anchor_date` becomes `now` (ISO, UTC), an rrule's
 * missing DTSTART is added (see {@link withDtstart}). Cron schedules are returned as given.
 * @throws ScheduleError when the schedule is invalid.
 */
export function withScheduleDefaults<S extends ScheduleInput>(schedule: S, now: Date): S {
  validateSchedule(schedule);
  if ("interval" in schedule && schedule.anchor_date == null) return { ...schedule, anchor_date: now.toISOString() };
  if ("rrule" in schedule) return { ...schedule, rrule: withDtstart(schedule.rrule, now, schedule.timezone) };
  return schedule;
}

/**
 * The next run times of a schedule, in its time zone: strictly after `after`, ascending, at most `count`,
 * none after `until`. DST as Prefect: cron and rrule times are wall-clock times (a skipped time moves forward
 * by the gap, a repeated one fires once, first occurrence); intervals under a day are elapsed time, a day or
 * more keep the anchor's local time.
 * @throws ScheduleError when the schedule is invalid.
 * @example nextScheduledTimes({ cron: "0 2 * * *", timezone: "America/New_York" }, { after: new Date(), count: 3 })
 */
export function nextScheduledTimes(schedule: ScheduleInput, options: NextScheduledTimesOptions): Date[] {
  const bounds = {
    after: options.after.getTime(),
    count: Math.floor(options.count),
    ...(options.until ? { until: options.until.getTime() } : {}),
  };
  let times: number[];
  switch (scheduleKind(schedule)) {
    case "cron": {
      const s = schedule as CronScheduleInput;
      const parsed = checkCron(s);
      times = cronTimes(parsed, resolveTimeZone(s.timezone), s.day_or ?? true, bounds);
      break;
    }
    case "interval": {
      const s = schedule as IntervalScheduleInput;
      const seconds = checkInterval(s.interval);
      const zone = resolveTimeZone(s.timezone);
      times = intervalTimes(seconds, intervalAnchor(s, zone, options.now), zone, bounds);
      break;
    }
    case "rrule": {
      const s = schedule as RRuleScheduleInput;
      times = rruleTimes(parseRRule(s.rrule, s.timezone), bounds);
      break;
    }
  }
  return times.map((t) => new Date(t));
}

/** The zone a stored schedule's times are written in: its `timezone`, or UTC (as Prefect). */
export function scheduleZone(schedule: ScheduleInput): string {
  const zone = (schedule as { timezone?: string | null }).timezone;
  return zone == null || zone === "" ? "UTC" : zone;
}

/** A compiled schedule's next times (ms): strictly after `after`, ascending, at most `count`, none after `until`. */
export type ScheduleTimes = (bounds: { after: number; count: number; until: number }) => number[];

/**
 * The next-times function of a stored schedule, parsed once, for the server's scheduler: what
 * {@link nextScheduledTimes} computes without its per-call parsing and time-zone check (a stored schedule was
 * validated when written). An interval without `anchor_date` counts from `start`.
 */
export function compileSchedule(schedule: ScheduleInput, start: Date): ScheduleTimes {
  const zone = scheduleZone(schedule);
  if ("cron" in schedule) {
    const parsed = parseCron(schedule.cron);
    const dayOr = schedule.day_or ?? true;
    return (bounds) => cronTimes(parsed, zone, dayOr, bounds);
  }
  if ("interval" in schedule) {
    const seconds = checkInterval(schedule.interval);
    const anchor = schedule.anchor_date == null ? start.getTime() : parseAnchor(schedule.anchor_date, zone);
    return (bounds) => intervalTimes(seconds, anchor, zone, bounds);
  }
  const parsed = parseRRule(schedule.rrule, schedule.timezone);
  return (bounds) => rruleTimes(parsed, bounds);
}
