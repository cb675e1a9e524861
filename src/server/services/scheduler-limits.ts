// How far ahead the scheduler fills each schedule (Prefect's PREFECT_SERVER_SERVICES_SCHEDULER_* limits). Apart from
// the run-times maths (run-times.ts), so the routes and options that pass limits around never load cron or rrule.

/** How far ahead the scheduler fills each schedule. */
export interface SchedulerLimits {
  /** At least this many future runs per schedule. @default 3 */
  readonly minRuns: number;
  /** Never more than this many future runs per schedule (a schedule's `max_scheduled_runs` overrides it). @default 100 */
  readonly maxRuns: number;
  /** Runs at least this many seconds ahead. @default 3600 */
  readonly minScheduledTimeSeconds: number;
  /** No run further ahead than this many seconds. @default 8640000 (100 days) */
  readonly maxScheduledTimeSeconds: number;
}

/** Prefect's defaults: 3 runs and 1 hour at least, 100 runs and 100 days at most. */
export const DEFAULT_SCHEDULER_LIMITS: SchedulerLimits = Object.freeze({
  minRuns: 3,
  maxRuns: 100,
  minScheduledTimeSeconds: 3600,
  maxScheduledTimeSeconds: 100 * 86_400,
});
