// The scheduler service, as Prefect's: for each active schedule of each unpaused deployment, insert the future
// `Scheduled` runs its limits ask for (idempotent keys, one transaction per page of deployments). Also schedules one deployment at once.
// Which runs come from deployment-runs.ts, imported at the first deployment to schedule: its cron and rrule maths
// (cron-parser, rrule, luxon) weighed a fifth of the server's import, and most hosts (every embedded server) never
// meet a schedule.
import { deploymentsToSchedule } from "../store/scheduled-runs.js";
import type { Store } from "../store/store.js";
import type { ScheduleRuns } from "./deployment-runs.js";
import { DEFAULT_SCHEDULER_LIMITS, type SchedulerLimits } from "./scheduler-limits.js";
import type { Service } from "./service.js";

/** What one scheduler pass did. */
export interface SchedulerSummary {
  /** Runs inserted (runs that already existed are not counted). */
  inserted: number;
}

/** Options of {@link createSchedulerService}. */
export interface SchedulerServiceOptions {
  /** The clock. @default () => new Date() */
  readonly now?: () => Date;
  /** How far ahead to fill. @default DEFAULT_SCHEDULER_LIMITS */
  readonly limits?: SchedulerLimits;
  /** Called with a deployment whose schedules failed (the pass goes on with the others). */
  readonly onError?: (error: unknown, deploymentId: string) => void;
}

/** Deployments read per page (Prefect's batch size); each page's runs are inserted in one transaction. */
const DEPLOYMENT_BATCH_SIZE = 100;

/** Building and inserting a deployment's scheduled runs, synchronously (deployment-runs.ts). */
export type DeploymentScheduler = typeof import("./deployment-runs.js");

let deploymentRuns: Promise<DeploymentScheduler> | undefined;

/**
 * Imports deployment-runs.ts (with the schedule maths) once per process. A caller that must schedule in the same turn
 * as its own write, as the deployment routes do, loads it before the write and calls its synchronous
 * `scheduleDeployment` after.
 */
export function loadDeploymentScheduler(): Promise<DeploymentScheduler> {
  deploymentRuns ??= import("./deployment-runs.js").catch((error: unknown) => {
    deploymentRuns = undefined; // not cached: the next caller tries again
    throw error;
  });
  return deploymentRuns;
}

/**
 * Schedules one deployment now: inserts the runs its active schedules need; a paused or unknown deployment gets none.
 * @returns how many runs were inserted
 * @throws ScheduleError when a stored schedule cannot compute its times
 */
export async function scheduleDeployment(
  store: Store,
  deploymentId: string,
  now: Date,
  limits: SchedulerLimits = DEFAULT_SCHEDULER_LIMITS,
): Promise<number> {
  return (await loadDeploymentScheduler()).scheduleDeployment(store, deploymentId, now, limits);
}

/**
 * The scheduler service: each pass selects, as Prefect does, the unpaused deployments with an active schedule
 * that have fewer than `minRuns` future auto-scheduled runs or none reaching `minScheduledTime` ahead, and
 * inserts their runs. Repeated passes insert nothing new; a restart or a second host never duplicates a run.
 * @example
 * const scheduler = createSchedulerService(store, { now: () => clock });
 * const { inserted } = await scheduler.runOnce();
 */
export function createSchedulerService(store: Store, options: SchedulerServiceOptions = {}): Service<SchedulerSummary> {
  const clock = options.now ?? (() => new Date());
  const limits = options.limits ?? DEFAULT_SCHEDULER_LIMITS;
  return {
    name: "scheduler",
    async runOnce() {
      const now = clock();
      const stamp = now.toISOString();
      const coveredUntil = new Date(now.getTime() + limits.minScheduledTimeSeconds * 1000);
      let inserted = 0;
      let afterId: string | null = null;
      for (;;) {
        const ids = deploymentsToSchedule(store.conn, {
          now,
          minRuns: limits.minRuns,
          coveredUntil,
          afterId,
          limit: DEPLOYMENT_BATCH_SIZE,
        });
        // One transaction per page: each deployment's runs are computed and inserted at once, so they never pile
        // up (they die young, which keeps GC cheap) and the page shares one commit.
        const failures: { error: unknown; id: string }[] = [];
        if (ids.length > 0) {
          const { runsForDeployment, insertAll } = await loadDeploymentScheduler();
          inserted += store.conn.write(() => {
            let n = 0;
            for (const id of ids) {
              let all: ScheduleRuns[];
              try {
                all = runsForDeployment(store, id, now, limits);
              } catch (error) {
                failures.push({ error, id });
                continue;
              }
              n += insertAll(store, all, stamp);
            }
            return n;
          });
        }
        for (const { error, id } of failures) options.onError?.(error, id);
        if (ids.length < DEPLOYMENT_BATCH_SIZE) break;
        afterId = ids.at(-1) ?? null;
        // Let requests on this event loop through between pages.
        await new Promise((resolve) => setImmediate(resolve));
      }
      return { inserted };
    },
  };
}
