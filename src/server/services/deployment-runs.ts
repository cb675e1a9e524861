// Which `Scheduled` runs a deployment's active schedules need from now on, built once per schedule through the
// create_flow_run path and stamped per time, and their insertion. It runs the schedule maths (run-times.ts: cron-parser,
// rrule, luxon), so the scheduler service and the deployment routes import it on first need (scheduler.ts), never with
// the server. The SQL lives in store/scheduled-runs.ts.
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
import { insertScheduledRuns, type ScheduledRun, type ScheduledRunGroup } from "../store/scheduled-runs.js";
import type { Store } from "../store/store.js";
import { scheduleZone } from "../../schedules/index.js";
import { scheduledRunKey, timesToSchedule } from "./run-times.js";
import { DEFAULT_SCHEDULER_LIMITS, type SchedulerLimits } from "./scheduler-limits.js";

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
export interface ScheduleRuns {
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
export function runsForDeployment(
  store: Store,
  deploymentId: string,
  now: Date,
  limits: SchedulerLimits,
): ScheduleRuns[] {
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
export function insertAll(store: Store, all: readonly ScheduleRuns[], stamp: string): number {
  let inserted = 0;
  for (const { group, runs } of all) inserted += insertScheduledRuns(store.conn, group, runs, stamp);
  return inserted;
}

/**
 * Schedules one deployment now (what the deployment routes call after its schedules or settings change, once they
 * have loaded this module): inserts the runs its active schedules need; a paused or unknown deployment gets none.
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
