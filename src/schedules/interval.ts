// Interval schedules (Prefect's `IntervalSchedule`): every `interval` seconds on a lattice through the anchor.
// Under a day the step is elapsed time (UTC); a day or more steps calendar days in the zone, keeping the anchor's clock time.
import { ScheduleError } from "../errors.js";
import { DAY_MS, instantToWall, parseIsoDateTime, wallToInstant } from "./zoned-time.js";

/**
 * The anchor as an instant: an ISO date-time with an offset is that instant; one without is a wall-clock time
 * in `zone` (as Prefect documents for naive anchors).
 * @throws ScheduleError when it is not an ISO 8601 date-time.
 */
export function parseAnchor(anchor: string, zone: string): number {
  const parsed = parseIsoDateTime(anchor);
  if (!parsed) {
    throw new ScheduleError(
      `anchor_date "${anchor}" is not an ISO 8601 date-time; use e.g. "2026-01-01T09:00:00" (read in the schedule's timezone) or "2026-01-01T09:00:00Z"`,
    );
  }
  return parsed.kind === "instant" ? parsed.ms : wallToInstant(parsed.ms, zone);
}

/**
 * @throws ScheduleError unless `interval` is a positive, finite number of seconds.
 */
export function checkInterval(interval: unknown): number {
  if (typeof interval !== "number" || !Number.isFinite(interval) || interval <= 0) {
    const shown = typeof interval === "number" ? String(interval) : JSON.stringify(interval);
    throw new ScheduleError(`interval must be a positive number of seconds, got ${shown}`);
  }
  return interval;
}

/**
 * Next run times of an interval schedule: strictly after `after`, ascending, at most `count`, none past `until`.
 * The lattice extends before the anchor too, as in Prefect. With `interval` under 86 400 s the runs are exactly
 * `interval` apart in elapsed time (an hourly schedule runs twice in the repeated 01:00 hour of a fall-back and
 * skips no elapsed hour at a spring-forward). With 86 400 s or more, Prefect steps whole calendar days in the zone
 * plus the rest as elapsed seconds, so a daily run stays at the anchor's local time across DST; a day where that
 * time does not exist runs at the instant shifted forward by the gap (02:30 -> 03:30), and the next day is back
 * at 02:30 (computed from the anchor, so one gap never shifts later runs).
 */
export function intervalTimes(
  intervalSeconds: number,
  anchor: number,
  zone: string,
  opts: { after: number; count: number; until?: number },
): number[] {
  const out: number[] = [];
  if (opts.count <= 0) return out;
  const step = intervalSeconds * 1000;
  let occurrence: (k: number) => number;
  if (step < DAY_MS) {
    occurrence = (k) => anchor + k * step;
  } else {
    const days = Math.floor(intervalSeconds / 86_400);
    const restMs = step - days * DAY_MS;
    const anchorWall = instantToWall(anchor, zone);
    occurrence = (k) => wallToInstant(anchorWall + k * days * DAY_MS, zone) + k * restMs;
  }
  // Elapsed-time estimate, then correct by the few DST hours it can be off.
  let k = Math.floor((opts.after - anchor) / step);
  while (occurrence(k) > opts.after) k--;
  while (occurrence(k) <= opts.after) k++;
  let last = opts.after;
  while (out.length < opts.count) {
    const t = occurrence(k++);
    if (opts.until !== undefined && t > opts.until) break;
    if (t > last) {
      out.push(t);
      last = t;
    }
  }
  return out;
}
