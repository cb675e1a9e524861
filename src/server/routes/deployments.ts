// Deployment routes, Prefect's paths and payloads: upsert, read (id, flow/deployment name), update, delete,
// filter/count/paginate, create_flow_run, pause/resume, schedules CRUD, get_scheduled_flow_runs.
import { Hono } from "hono";
import { z } from "zod";
import {
  DeploymentCountRequest,
  DeploymentCreate,
  DeploymentFilterRequest,
  DeploymentFlowRunCreate,
  type DeploymentResponse,
  DeploymentScheduleCreate,
  DeploymentScheduledFlowRunsRequest,
  DeploymentScheduleUpdate,
  DeploymentUpdate,
  FlowRunFilterRequest,
  PREFECT_API_DEFAULT_LIMIT,
} from "../../schemas/index.js";
import { flowRunFromDeployment } from "../deployments/flow-run-create.js";
import { checkJobVariables } from "../deployments/job-variables.js";
import { checkParameters, describeFailures } from "../deployments/parameters.js";
import { conflict, invalidRequest, notFound } from "../http/http-error.js";
import { checkLimit, parseBody, uuidParam } from "../http/request.js";
import { writeBatcherFor } from "../http/write-batcher.js";
import { generateRunName } from "../run-names.js";
import { DEFAULT_SCHEDULER_LIMITS } from "../services/scheduler-limits.js";
import { loadDeploymentScheduler } from "../services/scheduler.js";
import { createFlowRun } from "../state-transitions.js";
import type { RouteDeps } from "./deps.js";
import { poolByName, resolveWorkQueue } from "./work-pool-lookups.js";

/** Validating and storing schedules (deployments/schedules.ts): it runs the schedule maths. */
type ScheduleWriting = typeof import("../deployments/schedules.js");

let scheduleWriting: Promise<ScheduleWriting> | undefined;

/**
 * Imports deployments/schedules.ts once per process, by the first request that writes schedules: the schedule maths
 * under it (cron-parser, rrule, luxon) never load with the server, and a server that only records flow runs never
 * loads them at all.
 */
function loadScheduleWriting(): Promise<ScheduleWriting> {
  scheduleWriting ??= import("../deployments/schedules.js").catch((error: unknown) => {
    scheduleWriting = undefined; // not cached: the next request tries again
    throw error;
  });
  return scheduleWriting;
}

const NOT_FOUND = "Deployment not found";
const SCHEDULE_NOT_FOUND = "Schedule not found";

/** Body of `POST /deployments/paginate`: the filter body with `page` (from 1) instead of `offset`. */
const DeploymentPaginateRequest = DeploymentFilterRequest.omit({ offset: true }).extend({
  page: z.int().min(1).default(1),
});
const ScheduleCreateList = z.array(DeploymentScheduleCreate);

/** Fields of a deployment an upsert rewrites without them meaning a change (timestamps, poll status). */
const VOLATILE_FIELDS = new Set(["updated", "last_polled", "status", "schedules"]);

/** Whether an upsert left the deployment as it was, but for its timestamps (schedules are compared apart). */
function sameDeployment(before: DeploymentResponse, after: DeploymentResponse | undefined): boolean {
  if (after === undefined) return false;
  const strip = (d: DeploymentResponse) =>
    JSON.stringify(Object.entries(d).filter(([key]) => !VOLATILE_FIELDS.has(key)));
  return strip(before) === strip(after);
}

/** Routes mounted at `/api/deployments`. */
export function deploymentRoutes({ store, now, scheduler = DEFAULT_SCHEDULER_LIMITS }: RouteDeps): Hono {
  const app = new Hono({ strict: false });
  // A deployment whose schedules (or settings) changed gets its runs at once, as Prefect's
  // RecentDeploymentsScheduler does within seconds; the scheduler service tops them up later. A handler loads the
  // scheduler before its write, so the runs are inserted in the same turn as the write, with nothing in between.
  const loadScheduleNow = async (): Promise<(id: string, at: Date) => void> => {
    if (scheduler === false) return () => undefined;
    const { scheduleDeployment } = await loadDeploymentScheduler();
    return (id, at) => {
      try {
        scheduleDeployment(store, id, at, scheduler);
      } catch {
        // The change itself is stored; the scheduler service retries this deployment and reports the error.
      }
    };
  };
  const batcher = writeBatcherFor(store);
  const exists = (id: string): void => {
    if (!store.deployments.exists(id)) throw notFound(NOT_FOUND);
  };

  app.post("/", async (c) => {
    const input = await parseBody(c, DeploymentCreate);
    const [{ prepareSchedules, prepareUpsertSchedules, sameSchedules }, scheduleNow] = await Promise.all([
      loadScheduleWriting(),
      loadScheduleNow(),
    ]);
    const at = now();
    // Validated before the write for a 422 that names the schedule; prepared again below against the stored ones.
    prepareSchedules(input.schedules, at, ["body", "schedules"], input);
    if (input.enforce_parameter_schema && input.parameter_openapi_schema !== null) {
      const failures = checkParameters(input.parameters, input.parameter_openapi_schema, { ignoreRequired: true });
      if (failures.length > 0) {
        throw invalidRequest(
          [{ type: "value_error", loc: ["body"], msg: `Value error, ${describeFailures(failures)}`, input }],
          input,
        );
      }
    }
    // A pool links the deployment to one of its queues (created when missing), as Prefect's WorkerLookups.
    if (input.work_pool_name != null)
      checkJobVariables(input.job_variables, poolByName(store, input.work_pool_name).base_job_template, "creating");
    const { id, created, changed } = store.write(() => {
      // Read under the write lock, so concurrent upserts of one deployment each see the previous one's result.
      const previousId = store.deployments.idOf(input.flow_id, input.name);
      const before = previousId === undefined ? undefined : store.deployments.read(previousId, at);
      const schedules = prepareUpsertSchedules(
        input.schedules,
        before?.schedules ?? [],
        at,
        ["body", "schedules"],
        input,
      );
      const queue =
        input.work_pool_name == null
          ? undefined
          : resolveWorkQueue(store, input.work_pool_name, input.work_queue_name, at);
      const result = store.deployments.upsert(
        queue === undefined ? input : { ...input, work_queue_name: queue.name },
        at,
      );
      store.deployments.setWorkQueue(result.id, queue?.id ?? null);
      const keepSchedules = before !== undefined && sameSchedules(before.schedules, schedules);
      if (!keepSchedules) {
        // An upsert replaces the schedules (new ids, so new idempotency keys for their runs).
        store.deploymentSchedules.deleteAll(result.id);
        store.deploymentSchedules.insert(result.id, schedules, at);
      }
      const changed =
        before === undefined || !keepSchedules || !sameDeployment(before, store.deployments.read(result.id, at));
      // As Prefect's upsert: the future auto-scheduled runs of the old configuration go, the scheduler makes them
      // again. An upsert that changes nothing keeps them (and their ids), so re-deploying never piles up runs.
      if (!result.created && changed) store.deployments.deleteScheduledRuns(result.id, { after: at });
      return { ...result, changed };
    });
    if (changed) scheduleNow(id, at);
    return c.json(store.deployments.read(id, at), created ? 201 : 200);
  });

  app.post("/filter", async (c) => {
    const query = await parseBody(c, DeploymentFilterRequest, true);
    checkLimit(query.limit, PREFECT_API_DEFAULT_LIMIT);
    return c.json(store.deployments.filter(query, now()));
  });

  app.post("/count", async (c) => {
    const query = await parseBody(c, DeploymentCountRequest, true);
    return c.json(store.deployments.count(query));
  });

  app.post("/paginate", async (c) => {
    const { page, ...query } = await parseBody(c, DeploymentPaginateRequest, true);
    checkLimit(query.limit, PREFECT_API_DEFAULT_LIMIT);
    const count = store.deployments.count(query);
    const results = store.deployments.filter({ ...query, offset: (page - 1) * query.limit }, now());
    const pages = query.limit === 0 ? 0 : Math.ceil(count / query.limit);
    return c.json({ results, count, limit: query.limit, pages, page });
  });

  app.post("/get_scheduled_flow_runs", async (c) => {
    const query = await parseBody(c, DeploymentScheduledFlowRunsRequest);
    checkLimit(query.limit, PREFECT_API_DEFAULT_LIMIT);
    const at = now();
    const filter = FlowRunFilterRequest.parse({
      flow_runs: {
        deployment_id: { any_: query.deployment_ids },
        state: { type: { any_: ["SCHEDULED"] } },
        next_scheduled_start_time: { before_: query.scheduled_before ?? at.toISOString() },
      },
      sort: "NEXT_SCHEDULED_START_TIME_ASC",
      limit: query.limit,
    });
    const runs = store.flowRuns.filter(filter, at);
    // Polling marks the deployments READY, as Prefect's runner poll does.
    if (query.deployment_ids.length > 0) store.write(() => store.deployments.markPolled(query.deployment_ids, at));
    return c.json(runs);
  });

  app.get("/name/:flow_name/:deployment_name", (c) => {
    const deployment = store.deployments.readByName(c.req.param("flow_name"), c.req.param("deployment_name"), now());
    if (deployment === undefined) throw notFound(NOT_FOUND);
    return c.json(deployment);
  });

  app.get("/:id", (c) => {
    const deployment = store.deployments.read(uuidParam(c), now());
    if (deployment === undefined) throw notFound(NOT_FOUND);
    return c.json(deployment);
  });

  app.patch("/:id", async (c) => {
    const id = uuidParam(c);
    const patch = await parseBody(c, DeploymentUpdate);
    const [{ syncSchedules }, scheduleNow] = await Promise.all([loadScheduleWriting(), loadScheduleNow()]);
    const at = now();
    const existing = store.deployments.read(id, at);
    if (existing === undefined) throw notFound(`${NOT_FOUND}.`);
    const enforce = patch.enforce_parameter_schema ?? existing.enforce_parameter_schema;
    if (enforce && (patch.parameters != null || patch.parameter_openapi_schema != null)) {
      const schema = patch.parameter_openapi_schema ?? existing.parameter_openapi_schema;
      if (schema === null) {
        throw conflict(
          "Error updating deployment: Cannot update parameters because parameter schema enforcement is enabled and the deployment does not have a valid parameter schema.",
        );
      }
      const failures = checkParameters(patch.parameters ?? existing.parameters, schema, { ignoreRequired: true });
      if (failures.length > 0) throw conflict(`Error updating deployment: ${describeFailures(failures)}`);
    }
    const { schedules, global_concurrency_limit_id: _gcl, ...fields } = patch;
    const poolName = patch.work_pool_name ?? (patch.work_queue_name != null ? existing.work_pool_name : null);
    if (patch.job_variables != null && (poolName ?? existing.work_pool_name) != null) {
      checkJobVariables(
        patch.job_variables,
        poolByName(store, (poolName ?? existing.work_pool_name) as string).base_job_template,
        "updating",
      );
    }
    store.write(() => {
      const queue = poolName == null ? undefined : resolveWorkQueue(store, poolName, patch.work_queue_name, at);
      store.deployments.update(
        id,
        queue === undefined ? fields : { ...fields, work_pool_name: poolName, work_queue_name: queue.name },
        at,
      );
      if (queue !== undefined) store.deployments.setWorkQueue(id, queue.id);
      if (schedules !== undefined) syncSchedules(store, id, schedules, at, patch);
      // Runs made from the old configuration are made again by the scheduler.
      store.deployments.deleteScheduledRuns(id, { after: at });
    });
    scheduleNow(id, at);
    return c.body(null, 204);
  });

  app.delete("/:id", (c) => {
    const id = uuidParam(c);
    const deleted = store.write(() => {
      // Prefect deletes the deployment's scheduled runs, auto-scheduled or not, with it.
      store.deployments.deleteScheduledRuns(id, { autoOnly: false });
      return store.deployments.delete(id);
    });
    if (!deleted) throw notFound(NOT_FOUND);
    return c.body(null, 204);
  });

  app.post("/:id/create_flow_run", async (c) => {
    const id = uuidParam(c);
    const request = await parseBody(c, DeploymentFlowRunCreate, true);
    const at = now();
    const deployment = store.deployments.read(id, at);
    if (deployment === undefined) throw notFound(NOT_FOUND);
    const input = flowRunFromDeployment(deployment, request, at);
    const { run, created } = await batcher.write(c, () => {
      // A run sent to another queue of the deployment's pool gets that queue, created when missing (as Prefect).
      if (
        request.work_queue_name != null &&
        input.work_pool_name != null &&
        store.workPools.readByName(input.work_pool_name)
      ) {
        resolveWorkQueue(store, input.work_pool_name, request.work_queue_name, at);
      }
      const inserted = createFlowRun(store, input, input.name ?? generateRunName(), at);
      if (inserted.created) store.deployments.stampRunVersion(inserted.id, deployment.version);
      return { run: store.flowRuns.read(inserted.id, at), created: inserted.created };
    });
    if (run === undefined) throw notFound("Flow run not found");
    return c.json(run, created ? 201 : 200);
  });

  for (const [action, paused] of [
    ["pause_deployment", true],
    ["resume_deployment", false],
  ] as const) {
    app.post(`/:id/${action}`, async (c) => {
      const id = uuidParam(c);
      const scheduleNow = paused ? undefined : await loadScheduleNow();
      const at = now();
      const found = store.write(() => {
        const updated = store.deployments.update(id, { paused }, at);
        if (updated) store.deployments.deleteScheduledRuns(id, { after: at });
        return updated;
      });
      if (!found) throw notFound(NOT_FOUND);
      scheduleNow?.(id, at);
      return c.json(null, 200);
    });
  }

  app.get("/:id/schedules", (c) => {
    const id = uuidParam(c);
    exists(id);
    return c.json(store.deploymentSchedules.list(id));
  });

  app.post("/:id/schedules", async (c) => {
    const id = uuidParam(c);
    const body = await parseBody(c, ScheduleCreateList);
    const [{ prepareSchedules }, scheduleNow] = await Promise.all([loadScheduleWriting(), loadScheduleNow()]);
    const at = now();
    exists(id);
    const schedules = prepareSchedules(body, at, ["body"], body);
    const created = store.write(() => {
      const stored = store.deploymentSchedules.insert(id, schedules, at);
      store.deployments.deleteScheduledRuns(id, { after: at });
      return stored;
    });
    scheduleNow(id, at);
    return c.json(created, 201);
  });

  app.patch("/:id/schedules/:schedule_id", async (c) => {
    const id = uuidParam(c);
    const scheduleId = uuidParam(c, "schedule_id");
    const patch = await parseBody(c, DeploymentScheduleUpdate);
    const [{ prepareSchedule }, scheduleNow] = await Promise.all([loadScheduleWriting(), loadScheduleNow()]);
    const at = now();
    exists(id);
    const schedule =
      patch.schedule == null ? patch.schedule : prepareSchedule(patch.schedule, at, ["body", "schedule"], patch);
    const found = store.write(() => {
      const updated = store.deploymentSchedules.update(id, scheduleId, { ...patch, schedule }, at);
      if (updated) store.deployments.deleteScheduledRuns(id, { after: at });
      return updated;
    });
    if (!found) throw notFound(SCHEDULE_NOT_FOUND);
    scheduleNow(id, at);
    return c.body(null, 204);
  });

  app.delete("/:id/schedules/:schedule_id", async (c) => {
    const id = uuidParam(c);
    const scheduleId = uuidParam(c, "schedule_id");
    const scheduleNow = await loadScheduleNow();
    exists(id);
    const at = now();
    const found = store.write(() => {
      const deleted = store.deploymentSchedules.delete(id, scheduleId);
      if (deleted) store.deployments.deleteScheduledRuns(id, { after: at });
      return deleted;
    });
    if (!found) throw notFound(SCHEDULE_NOT_FOUND);
    scheduleNow(id, at);
    return c.body(null, 204);
  });

  return app;
}
