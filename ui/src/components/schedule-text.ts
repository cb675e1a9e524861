// A deployment schedule in words, shared by the deployments list and a deployment's schedules panel.
import type { DeploymentSchedule } from "prefect-ts/client";

/** `Cron 0 2 * * *`, `Every 3600 s`, `RRule FREQ=DAILY`. */
export function describeSchedule(schedule: DeploymentSchedule["schedule"]): string {
  const s = schedule as { cron?: string; interval?: number; rrule?: string };
  if (s.cron !== undefined) return `Cron ${s.cron}`;
  if (s.interval !== undefined) return `Every ${s.interval} s`;
  if (s.rrule !== undefined) return `RRule ${s.rrule}`;
  return JSON.stringify(schedule);
}

/** The schedule's IANA time zone (`UTC` when it names none, as the server reads it). */
export function scheduleZone(schedule: DeploymentSchedule["schedule"]): string {
  return (schedule as { timezone?: string | null }).timezone ?? "UTC";
}
