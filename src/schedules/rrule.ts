// RRule schedules (Prefect's `RRuleSchedule`): next run times, and `withDtstart` to store a missing DTSTART.
// rrule iterates wall-clock times as "floating UTC" (never with its tzid, which depends on the process TZ).
import type { Options } from "rrule";
import { RRule, parseRRule, type ParsedRRule, type RuleOptions } from "./rrule-parse.js";
import { DAY_MS, instantToWall, offsetAt, wallFromFields, wallToInstant } from "./zoned-time.js";

// rrule's Frequency values.
const YEARLY = 0;
const MONTHLY = 1;
const WEEKLY = 2;
const HOURLY = 4;
const MINUTELY = 5;
const SECONDLY = 6;
const FIXED_PERIOD_MS: readonly number[] = [0, 0, 7 * DAY_MS, DAY_MS, 3_600_000, 60_000, 1000];

/** Prefect's DTSTART for a rule without one: 2020-01-01T00:00:00 in the schedule's zone (`DEFAULT_ANCHOR_DATE`). */
export const PREFECT_DEFAULT_DTSTART = wallFromFields(2020, 1, 1);

/** Candidates examined per call before giving up (e.g. an EXRULE that removes everything). */
const MAX_CANDIDATES = 20_000;

function empty(v: unknown): boolean {
  return v == null || (Array.isArray(v) && v.length === 0);
}

/**
 * The fields rrule (like dateutil) takes from DTSTART when the rule does not give them (the time of day, and
 * the day for a plain YEARLY, MONTHLY or WEEKLY rule), written out so that DTSTART can move without changing them.
 */
function withDerivedFields(rule: RuleOptions, dtstart: number): RuleOptions {
  const d = new Date(dtstart);
  const freq = rule.freq ?? YEARLY;
  const out: RuleOptions = { ...rule };
  if (freq < HOURLY && empty(rule.byhour)) out.byhour = [d.getUTCHours()];
  if (freq < MINUTELY && empty(rule.byminute)) out.byminute = [d.getUTCMinutes()];
  if (freq < SECONDLY && empty(rule.bysecond)) out.bysecond = [d.getUTCSeconds()];
  if (
    empty(rule.byweekno) &&
    empty(rule.byyearday) &&
    empty(rule.bymonthday) &&
    rule.byweekday == null &&
    rule.byeaster == null
  ) {
    if (freq === YEARLY) {
      if (empty(rule.bymonth)) out.bymonth = [d.getUTCMonth() + 1];
      out.bymonthday = [d.getUTCDate()];
    } else if (freq === MONTHLY) out.bymonthday = [d.getUTCDate()];
    else if (freq === WEEKLY) out.byweekday = [(d.getUTCDay() + 6) % 7];
  }
  return out;
}

/**
 * The latest start of a period of the rule's grid (periods of `INTERVAL` x `FREQ` counted from `base`) that is
 * at or before `target`, or `base` itself when none is after it. Starting a rule there yields the same
 * occurrences from there on, provided the fields derived from DTSTART are explicit (or equal there).
 */
function gridStart(rule: RuleOptions, base: number, target: number): number {
  const freq = rule.freq ?? YEARLY;
  const interval = rule.interval ?? 1;
  if (target <= base) return base;
  const b = new Date(base);
  const t = new Date(target);
  if (freq === YEARLY || freq === MONTHLY) {
    const span =
      freq === YEARLY
        ? t.getUTCFullYear() - b.getUTCFullYear()
        : (t.getUTCFullYear() - b.getUTCFullYear()) * 12 + t.getUTCMonth() - b.getUTCMonth();
    const k = Math.floor(span / interval);
    if (k < 1) return base;
    return freq === YEARLY
      ? wallFromFields(b.getUTCFullYear() + k * interval, 1, 1)
      : wallFromFields(b.getUTCFullYear(), b.getUTCMonth() + 1 + k * interval, 1);
  }
  const period = FIXED_PERIOD_MS[freq]! * interval;
  return base + Math.floor((target - base) / period) * period;
}

function buildRule(rule: RuleOptions, base: number, target: number): InstanceType<typeof RRule> {
  // A COUNT rule counts from its DTSTART, so it cannot move; it is finite anyway.
  if (rule.count != null) return new RRule({ ...rule, dtstart: new Date(base) } as Partial<Options>, true);
  // A weekly rule's first period runs only to the next WKST, so BYSETPOS would pick from a partial week there:
  // start a week earlier, so that week ends before `target`.
  const start = gridStart(rule, base, rule.freq === WEEKLY ? target - 7 * DAY_MS : target);
  const opts = start === base ? rule : withDerivedFields(rule, base);
  return new RRule({ ...opts, dtstart: new Date(start) } as Partial<Options>, true);
}

/** Walls (floating ms) an EXRULE removes, materialized on demand in growing windows. */
class ExruleIndex {
  readonly #rule: InstanceType<typeof RRule>;
  readonly #dates = new Set<number>();
  #coveredTo: number;
  #span = 31 * DAY_MS;

  constructor(rule: InstanceType<typeof RRule>, from: number) {
    this.#rule = rule;
    this.#coveredTo = from - 1;
  }

  has(wall: number): boolean {
    while (wall > this.#coveredTo) {
      const to = Math.max(wall, this.#coveredTo + this.#span);
      for (const d of this.#rule.between(new Date(this.#coveredTo), new Date(to), true)) this.#dates.add(d.getTime());
      this.#coveredTo = to;
      this.#span *= 2;
    }
    return this.#dates.has(wall);
  }
}

/** Up to `n` walls of one rule at or after `from` that are not excluded, stopping past `until`. */
function collect(
  rule: InstanceType<typeof RRule>,
  n: number,
  from: number,
  until: number | undefined,
  excluded: (wall: number) => boolean,
): number[] {
  const out: number[] = [];
  let seen = 0;
  rule.all((d) => {
    if (++seen > MAX_CANDIDATES) return false;
    const wall = d.getTime();
    if (until !== undefined && wall > until) return false;
    if (wall >= from && !excluded(wall)) out.push(wall);
    return out.length < n;
  });
  return out;
}

/**
 * Next run times of a parsed rrule: strictly after `after`, ascending, at most `count`, none past `until`.
 * Occurrences are wall-clock times in the rule's zone (so a daily 09:00 stays 09:00 across DST), placed as
 * Prefect places them: a non-existent time moves forward by the gap, an ambiguous one is its first occurrence,
 * and duplicates are dropped. Rules without COUNT start iterating at their grid period just before `after`, so
 * the work does not grow with the age of DTSTART.
 */
export function rruleTimes(parsed: ParsedRRule, opts: { after: number; count: number; until?: number }): number[] {
  if (opts.count <= 0) return [];
  const zone = parsed.zone;
  const base = parsed.dtstart ?? PREFECT_DEFAULT_DTSTART;
  const afterWall = instantToWall(opts.after, zone);
  // A wall before `afterWall` can only be an instant after `after` across an offset change. With the same offset
  // a day either side (almost always), iterate from `afterWall` itself; else from a day before, starting the rule
  // a day earlier still (the zone's offset moves a wall time by hours only).
  const offset = afterWall - opts.after;
  const steady = offsetAt(opts.after - DAY_MS, zone) === offset && offsetAt(opts.after + DAY_MS, zone) === offset;
  const fromWall = steady ? afterWall : afterWall - DAY_MS;
  const target = steady ? afterWall : afterWall - 2 * DAY_MS;
  const untilWall = opts.until === undefined ? undefined : instantToWall(opts.until, zone) + DAY_MS;
  const rules = parsed.rules.map((r) => buildRule(r, base, target));
  const exrules = parsed.exrules.map((r) => new ExruleIndex(buildRule(r, base, target), fromWall));
  const exdates = new Set(parsed.exdates);
  const excluded = (wall: number): boolean => exdates.has(wall) || exrules.some((e) => e.has(wall));
  // rrule's RRuleSet runs its rules one after the other and sorts at the end, so merge here instead.
  for (let n = opts.count; ; n *= 2) {
    let saturated = false;
    const walls = new Set<number>();
    for (const rule of rules) {
      const got = collect(rule, n, fromWall, untilWall, excluded);
      if (got.length >= n) saturated = true;
      for (const w of got) walls.add(w);
    }
    for (const w of parsed.rdates) {
      if (w >= fromWall && (untilWall === undefined || w <= untilWall) && !excluded(w)) walls.add(w);
    }
    const out: number[] = [];
    let last = opts.after;
    for (const wall of [...walls].sort((a, b) => a - b)) {
      const t = wallToInstant(wall, zone);
      if (opts.until !== undefined && t > opts.until) break;
      if (t <= last) continue;
      out.push(t);
      last = t;
      if (out.length === opts.count) break;
    }
    if (out.length >= opts.count || !saturated) return out;
  }
}

function icsDate(wall: number): string {
  return new Date(wall)
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d{3}Z$/, "");
}

/**
 * The rrule string with a DTSTART line, ready to store: unchanged when it has one; otherwise
 * `DTSTART:<wall-clock time in the schedule's zone>` is prepended. The time chosen is the start of the rule's
 * period at or before `now` on Prefect's grid (Prefect reads a missing DTSTART as 2020-01-01T00:00:00), so the
 * stored rule fires exactly when Prefect's would, and computing its next runs never walks from 2020. One
 * difference: a COUNT then counts from that DTSTART, where Prefect counts from 2020 (and such a rule never runs).
 * @throws ScheduleError when the string or zone is invalid.
 * @example withDtstart("RRULE:FREQ=DAILY;BYHOUR=9", new Date("2026-05-04T12:00:00Z"), "UTC")
 *   // "DTSTART:20260504T000000\nRRULE:FREQ=DAILY;BYHOUR=9"
 */
export function withDtstart(rrule: string, now: Date, timezone: string | null | undefined): string {
  const parsed = parseRRule(rrule, timezone);
  if (parsed.dtstart !== undefined) return rrule;
  const target = Math.floor(instantToWall(now.getTime(), parsed.zone) / 1000) * 1000;
  const rules = [...parsed.rules, ...parsed.exrules];
  const base = PREFECT_DEFAULT_DTSTART;
  // A start that is on every rule's grid; the latest such candidate, else Prefect's own default.
  const candidates = rules.map((r) => gridStart(r, base, target)).sort((a, b) => b - a);
  const start = candidates.find((c) => rules.every((r) => gridStart(r, base, c) === c)) ?? base;
  return `DTSTART:${icsDate(start)}\n${rrule.trim()}`;
}
