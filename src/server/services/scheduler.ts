// The scheduler service, as Prefect's: for each active schedule of each unpaused deployment, insert the future
// `Scheduled` runs its limits ask for (idempotent keys, one transaction per page of deployments). Also schedules one deployment at once.
// Which times come from run-times.ts; the SQL lives in store/scheduled-runs.ts.
import {
  type DeploymentResponse,
  type DeploymentSchedule,
  DeploymentFlowRunCreate,
  StateDetails,
} from "../../schemas/index.js";
import { flowRunFromDeployment } from "../deployments/flow-run-create.js";
import { generateRunName } from "../run-names.js";
import { toJson } from "../store/codec.js";
import { newId } from "../store/ids.js";
import {
  deploymentsToSchedule,
  insertScheduledRuns,
  type ScheduledRun,
  type ScheduledRunGroup,
} from "../store/scheduled-runs.js";
import type { Store } from "../store/store.js";
import {
  DEFAULT_SCHEDULER_LIMITS,
  scheduledRunKey,
  type SchedulerLimits,
  scheduleZone,
  timesToSchedule,
} from "./run-times.js";
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
const SCHEDULED_MESSAGE = "Flow run scheduled";

/**
 * The run-from-deployment request of every auto-scheduled run but for its parameters, parsed once. Its state is
 * given so that none is built per schedule (the rows carry their own Scheduled state).
 */
const BASE_REQUEST = DeploymentFlowRunCreate.parse({
  enforce_parameter_schema: false,
  state: { type: "SCHEDULED", name: "Scheduled" },
});

/**
 * The state details JSON of a Scheduled run, cut around its two per-run values (flow_run_id, scheduled_time):
 * stringified once, joined per run.
 */
const DETAILS_PARTS = ((): readonly [string, string, string] => {
  const json = JSON.stringify({ ...StateDetails.parse({}), flow_run_id: "\u0000", scheduled_time: "\u0001" });
  const [head = "", rest = ""] = json.split('"\\u0000"');
  const [middle = "", tail = ""] = rest.split('"\\u0001"');
  return [`${head}"`, `"${middle}"`, `"${tail}`];
})();

/** The class name Prefect shows as `created_by.display_value` for a schedule without a slug. */
function scheduleClassName(schedule: DeploymentSchedule["schedule"]): string {
  if ("cron" in schedule) return "CronSchedule";
  if ("rrule" in schedule) return "RRuleSchedule";
  return "IntervalSchedule";
}

/** The runs one schedule needs, with what they share. */
interface ScheduleRuns {
  readonly group: ScheduledRunGroup;
  readonly runs: readonly ScheduledRun[];
}

/**
 * The runs for one schedule of `deployment` from `now` on: deployment defaults with the schedule's parameters on
 * top, built once through the create_flow_run path and stamped per time.
 */
function runsForSchedule(
  deployment: DeploymentResponse,
  schedule: DeploymentSchedule,
  now: Date,
  limits: SchedulerLimits,
): ScheduleRuns | undefined {
  const times = timesToSchedule(schedule.schedule, now, limits, schedule.max_scheduled_runs ?? limits.maxRuns);
  if (times.length === 0) return undefined;
  // Prefect does not check auto-scheduled runs' parameters against the schema: the deployment's were checked.
  const run = flowRunFromDeployment(deployment, { ...BASE_REQUEST, parameters: schedule.parameters }, now);
  const zone = scheduleZone(schedule.schedule);
  const group: ScheduledRunGroup = {
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
    createdBy: JSON.stringify({
      id: schedule.id,
      type: "SCHEDULE",
      display_value: schedule.slug ?? scheduleClassName(schedule.schedule),
    }),
    stateName: "Scheduled",
    stateMessage: SCHEDULED_MESSAGE,
  };
  const stamp = now.getTime();
  const [head, middle, tail] = DETAILS_PARTS;
  const runs = times.map((time): ScheduledRun => {
    const id = newId(stamp);
    const scheduledTime = time.toISOString();
    return {
      id,
      name: generateRunName(),
      idempotencyKey: scheduledRunKey(deployment.id, schedule.id, time, zone),
      scheduledTime,
      stateId: newId(stamp),
      stateDetails: head + id + middle + scheduledTime + tail,
    };
  });
  return { group, runs };
}

/** The runs an unpaused deployment's active schedules need from `now` on (none for a paused one). */
function runsForDeployment(store: Store, deploymentId: string, now: Date, limits: SchedulerLimits): ScheduleRuns[] {
  const deployment = store.deployments.read(deploymentId, now);
  if (deployment === undefined || deployment.paused) return [];
  const out: ScheduleRuns[] = [];
  for (const schedule of deployment.schedules) {
    if (!schedule.active) continue;
    const runs = runsForSchedule(deployment, schedule, now, limits);
    if (runs !== undefined) out.push(runs);
  }
  return out;
}

/** Inserts each schedule's runs in the current write transaction; returns how many were new. */
function insertAll(store: Store, all: readonly ScheduleRuns[], stamp: string): number {
  let inserted = 0;
  for (const { group, runs } of all) inserted += insertScheduledRuns(store.conn, group, runs, stamp);
  return inserted;
}

/**
 * Schedules one deployment now (what the deployment routes call after its schedules or settings change):
 * inserts the runs its active schedules need; a paused or unknown deployment gets none.
 * @returns how many runs were inserted
 * @throws ScheduleError when a stored schedule cannot compute its times
 */
export function scheduleDeployment(
  store: Store,
  deploymentId: string,
  now: Date,
  limits: SchedulerLimits = DEFAULT_SCHEDULER_LIMITS,
): number {
  const all = runsForDeployment(store, deploymentId, now, limits);
  if (all.length === 0) return 0;
  return store.conn.write(() => insertAll(store, all, now.toISOString()));
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
