// The scheduler service, as Prefect's: for each active schedule of each unpaused deployment, insert the future
// `Scheduled` runs its limits ask for (idempotent keys, batched transactions). Also schedules one deployment at once.
// Which times come from run-times.ts; the SQL lives in store/scheduled-runs.ts.
import { type DeploymentResponse, type DeploymentSchedule, DeploymentFlowRunCreate, StateDetails } from "../../schemas/index.js";
import { flowRunFromDeployment } from "../deployments/flow-run-create.js";
import { generateRunName } from "../run-names.js";
import { toJson } from "../store/codec.js";
import { newId } from "../store/ids.js";
import { deploymentsToSchedule, insertScheduledRuns, type ScheduledRunRow } from "../store/scheduled-runs.js";
import type { Store } from "../store/store.js";
import { DEFAULT_SCHEDULER_LIMITS, scheduledRunKey, type SchedulerLimits, scheduleZone, timesToSchedule } from "./run-times.js";
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

/** Deployments read per page, and runs per insert transaction (Prefect's batch sizes). */
const DEPLOYMENT_BATCH_SIZE = 100;
const INSERT_BATCH_SIZE = 500;
const SCHEDULED_MESSAGE = "Flow run scheduled";

/** The class name Prefect shows as `created_by.display_value` for a schedule without a slug. */
function scheduleClassName(schedule: DeploymentSchedule["schedule"]): string {
  if ("cron" in schedule) return "CronSchedule";
  if ("rrule" in schedule) return "RRuleSchedule";
  return "IntervalSchedule";
}

/**
 * The rows for one schedule of `deployment` from `now` on: deployment defaults with the schedule's parameters on
 * top, built once through the create_flow_run path and stamped per time.
 */
function rowsForSchedule(deployment: DeploymentResponse, schedule: DeploymentSchedule, now: Date, limits: SchedulerLimits): ScheduledRunRow[] {
  const times = timesToSchedule(schedule.schedule, now, limits, schedule.max_scheduled_runs ?? limits.maxRuns);
  if (times.length === 0) return [];
  // Prefect does not check auto-scheduled runs' parameters against the schema: the deployment's were checked.
  const request = DeploymentFlowRunCreate.parse({ parameters: schedule.parameters, enforce_parameter_schema: false });
  const run = flowRunFromDeployment(deployment, request, now);
  const zone = scheduleZone(schedule.schedule);
  const details = StateDetails.parse({});
  const shared = {
    flowId: deployment.flow_id,
    deploymentId: deployment.id,
    deploymentVersion: deployment.version,
    workQueueName: run.work_queue_name,
    workPoolName: run.work_pool_name,
    parameters: JSON.stringify(run.parameters),
    context: JSON.stringify(run.context),
    empiricalPolicy: JSON.stringify(run.empirical_policy),
    tags: JSON.stringify(["auto-scheduled", ...deployment.tags]),
    labels: toJson(run.labels ?? {}),
    infrastructureDocumentId: run.infrastructure_document_id,
    jobVariables: toJson(run.job_variables),
    createdBy: JSON.stringify({ id: schedule.id, type: "SCHEDULE", display_value: schedule.slug ?? scheduleClassName(schedule.schedule) }),
    stateName: "Scheduled",
    stateMessage: SCHEDULED_MESSAGE,
  };
  const stamp = now.getTime();
  // The state details JSON is the same for every run but for two values: stringify once, splice per run.
  const detailsJson = JSON.stringify({ ...details, flow_run_id: "\u0000", scheduled_time: "\u0001" });
  return times.map((time) => {
    const id = newId(stamp);
    const scheduledTime = time.toISOString();
    return {
      ...shared,
      id,
      name: generateRunName(),
      idempotencyKey: scheduledRunKey(deployment.id, schedule.id, time, zone),
      scheduledTime,
      stateId: newId(stamp),
      stateDetails: detailsJson.replace('"\\u0000"', `"${id}"`).replace('"\\u0001"', `"${scheduledTime}"`),
    };
  });
}

/** The runs an unpaused deployment's active schedules need from `now` on (none for a paused one). */
function rowsForDeployment(store: Store, deploymentId: string, now: Date, limits: SchedulerLimits): ScheduledRunRow[] {
  const deployment = store.deployments.read(deploymentId, now);
  if (deployment === undefined || deployment.paused) return [];
  return deployment.schedules.filter((s) => s.active).flatMap((s) => rowsForSchedule(deployment, s, now, limits));
}

function insertInBatches(store: Store, rows: readonly ScheduledRunRow[], now: Date): number {
  let inserted = 0;
  for (let i = 0; i < rows.length; i += INSERT_BATCH_SIZE) {
    inserted += insertScheduledRuns(store.conn, rows.slice(i, i + INSERT_BATCH_SIZE), now).length;
  }
  return inserted;
}

/**
 * Schedules one deployment now (what the deployment routes call after its schedules or settings change):
 * inserts the runs its active schedules need; a paused or unknown deployment gets none.
 * @returns how many runs were inserted
 * @throws ScheduleError when a stored schedule cannot compute its times
 */
export function scheduleDeployment(store: Store, deploymentId: string, now: Date, limits: SchedulerLimits = DEFAULT_SCHEDULER_LIMITS): number {
  return insertInBatches(store, rowsForDeployment(store, deploymentId, now, limits), now);
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
      const coveredUntil = new Date(now.getTime() + limits.minScheduledTimeSeconds * 1000);
      let inserted = 0;
      let afterId: string | null = null;
      for (;;) {
        const ids = deploymentsToSchedule(store.conn, { now, minRuns: limits.minRuns, coveredUntil, afterId, limit: DEPLOYMENT_BATCH_SIZE });
        const rows: ScheduledRunRow[] = [];
        for (const id of ids) {
          try {
            rows.push(...rowsForDeployment(store, id, now, limits));
          } catch (error) {
            options.onError?.(error, id);
          }
        }
        inserted += insertInBatches(store, rows, now);
        if (ids.length < DEPLOYMENT_BATCH_SIZE) break;
        afterId = ids.at(-1) ?? null;
        // Let requests on this event loop through between pages.
        await new Promise((resolve) => setImmediate(resolve));
      }
      return { inserted };
    },
  };
}
