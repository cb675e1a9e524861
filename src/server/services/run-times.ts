// Which times a schedule gets runs for in one scheduler pass (Prefect's min/max runs and min/max time rules),
// and the idempotency key of each, with the time written as Python's `str(datetime)` in the schedule's zone.
// The schedule maths underneath (cron-parser, rrule, luxon) make this module heavy: the scheduler imports it on first
// need (scheduler.ts), never with the server. The limits are in scheduler-limits.ts.
import type { ScheduleInput } from "../../schemas/index.js";
import { compileSchedule, instantToWall } from "../../schedules/index.js";

import type { SchedulerLimits } from "./scheduler-limits.js";

/**
 * The times to schedule from `start` on, as Prefect's `_generate_scheduled_flow_runs` walks its date generator:
 * times at or after `start`, none after `start + maxScheduledTime`, at most `maxRuns`, stopping at the first
 * time at which there are at least `minRuns` times and `start + minScheduledTime` is reached.
 * @throws ScheduleError when the stored schedule cannot be read
 */
export function timesToSchedule(
  schedule: ScheduleInput,
  start: Date,
  limits: SchedulerLimits,
  maxRuns = limits.maxRuns,
): Date[] {
  const from = start.getTime();
  const until = from + limits.maxScheduledTimeSeconds * 1000;
  const reach = from + limits.minScheduledTimeSeconds * 1000;
  const out: number[] = [];
  if (maxRuns <= 0) return [];
  const next = compileSchedule(schedule, start);
  // Times come in growing batches: most schedules are done within the first.
  let batch = Math.max(limits.minRuns, 1) + 2;
  let after = from - 1;
  while (out.length < maxRuns) {
    const count = Math.min(batch, maxRuns - out.length);
    const got = next({ after, count, until });
    for (const t of got) {
      out.push(t);
      if (out.length >= limits.minRuns && t >= reach) return out.map((t) => new Date(t));
    }
    if (got.length < count) break;
    after = got[got.length - 1] as number;
    batch *= 4;
  }
  return out.map((t) => new Date(t));
}

const pad = (n: number, width = 2): string => String(n).padStart(width, "0");

/**
 * `time` as Python prints a timezone-aware datetime in `zone`: `2026-01-01 09:00:00-05:00`, with
 * `.ffffff` only when there are fractional seconds (what Prefect's idempotency keys contain).
 */
export function pythonDateTime(time: Date, zone: string): string {
  const ms = time.getTime();
  const wallMs = zone === "UTC" ? ms : instantToWall(ms, zone);
  const wall = new Date(wallMs);
  const offsetMinutes = Math.round((wallMs - ms) / 60_000);
  const sign = offsetMinutes < 0 ? "-" : "+";
  const abs = Math.abs(offsetMinutes);
  const fraction = wall.getUTCMilliseconds() === 0 ? "" : `.${pad(wall.getUTCMilliseconds(), 3)}000`;
  return (
    `${pad(wall.getUTCFullYear(), 4)}-${pad(wall.getUTCMonth() + 1)}-${pad(wall.getUTCDate())} ` +
    `${pad(wall.getUTCHours())}:${pad(wall.getUTCMinutes())}:${pad(wall.getUTCSeconds())}${fraction}` +
    `${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`
  );
}

/** Prefect's idempotency key of an auto-scheduled run: `scheduled {deployment_id} {schedule_id} {time}`. */
export function scheduledRunKey(deploymentId: string, scheduleId: string, time: Date, zone: string): string {
  return `scheduled ${deploymentId} ${scheduleId} ${pythonDateTime(time, zone)}`;
}
