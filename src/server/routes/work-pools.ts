// Work pool routes, Prefect's paths and payloads: create (with its default queue), read, update, delete, filter,
// count and get_scheduled_flow_runs. The pool's queues and workers: work-pool-queues.ts, work-pool-workers.ts.
import { Hono } from "hono";
import {
  PREFECT_API_DEFAULT_LIMIT,
  WorkPoolCountRequest,
  WorkPoolCreate,
  WorkPoolFilterRequest,
  WorkPoolScheduledFlowRunsRequest,
  WorkPoolUpdate,
  type WorkerFlowRunResponse,
} from "../../schemas/index.js";
import { checkBaseJobTemplate } from "../deployments/job-variables.js";
import { conflict } from "../http/http-error.js";
import { checkLimit, parseBody } from "../http/request.js";
import { pollScheduledRuns } from "../store/worker-poll.js";
import type { RouteDeps } from "./deps.js";
import { poolByName, queueByName } from "./work-pool-lookups.js";
import { workPoolQueueRoutes } from "./work-pool-queues.js";
import { workPoolWorkerRoutes } from "./work-pool-workers.js";

const RESERVED = "Work pools starting with 'Prefect' are reserved for internal use.";

function isReserved(name: string): boolean {
  return name.toLowerCase().startsWith("prefect");
}

function isUniqueViolation(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === "SQLITE_CONSTRAINT_UNIQUE";
}

/** Routes mounted at `/api/work_pools`. */
export function workPoolRoutes(deps: RouteDeps): Hono {
  const { store, now } = deps;
  const app = new Hono({ strict: false });

  app.post("/", async (c) => {
    const input = await parseBody(c, WorkPoolCreate);
    // Prefect answers 403 here (its wording), before anything is stored.
    if (isReserved(input.name)) return c.json({ detail: RESERVED }, 403);
    checkBaseJobTemplate(input.base_job_template, input);
    const at = now();
    let id: string;
    try {
      id = store.write(() => store.workPools.create(input, at));
    } catch (error) {
      if (isUniqueViolation(error)) throw conflict("A work pool with this name already exists.");
      throw error;
    }
    const pool = store.workPools.read(id);
    return c.json(pool ? { ...pool, active_slots: pool.concurrency_limit === null ? null : 0 } : pool, 201);
  });

  app.post("/filter", async (c) => {
    const query = await parseBody(c, WorkPoolFilterRequest, true);
    checkLimit(query.limit, PREFECT_API_DEFAULT_LIMIT);
    return c.json(store.workPools.filter(query));
  });

  app.post("/count", async (c) => {
    const query = await parseBody(c, WorkPoolCountRequest, true);
    return c.json(store.workPools.count(query.work_pools));
  });

  app.get("/:name", (c) => c.json(poolByName(store, c.req.param("name"))));

  app.patch("/:name", async (c) => {
    const name = c.req.param("name");
    const patch = await parseBody(c, WorkPoolUpdate);
    const changes = Object.keys(patch).filter((key) => patch[key as keyof typeof patch] !== undefined);
    if (isReserved(name) && changes.some((key) => key !== "is_paused" && key !== "concurrency_limit")) {
      return c.json(
        { detail: `${RESERVED.slice(0, -1)} and can only be updated to set concurrency limits or pause.` },
        403,
      );
    }
    checkBaseJobTemplate(patch.base_job_template, patch);
    store.write(() => store.workPools.update(poolByName(store, name).id, patch, now()));
    return c.body(null, 204);
  });

  app.delete("/:name", (c) => {
    const name = c.req.param("name");
    if (isReserved(name)) return c.json({ detail: `${RESERVED.slice(0, -1)} and can not be deleted.` }, 403);
    store.write(() => store.workPools.delete(poolByName(store, name).id));
    return c.body(null, 204);
  });

  app.post("/:name/get_scheduled_flow_runs", async (c) => {
    const name = c.req.param("name");
    const query = await parseBody(c, WorkPoolScheduledFlowRunsRequest, true);
    checkLimit(query.limit, PREFECT_API_DEFAULT_LIMIT);
    const at = now();
    const pool = poolByName(store, name);
    const named = query.work_queue_names ?? [];
    const queueIds = named.length === 0 ? undefined : named.map((queue) => queueByName(store, name, queue, at).id);
    const polled = pollScheduledRuns(store.conn, {
      poolId: pool.id,
      ...(queueIds === undefined ? {} : { queueIds }),
      scheduledBefore: query.scheduled_before ? new Date(query.scheduled_before) : at,
      ...(query.scheduled_after ? { scheduledAfter: new Date(query.scheduled_after) } : {}),
      limit: query.limit,
    });
    const results: WorkerFlowRunResponse[] = [];
    for (const { flowRunId, workQueueId } of polled) {
      const run = store.flowRuns.read(flowRunId, at);
      if (run !== undefined) results.push({ work_pool_id: pool.id, work_queue_id: workQueueId, flow_run: run });
    }
    // The poll marks the polled queues (and their deployments) READY, as Prefect's mark_work_queues_ready.
    store.write(() => store.workQueues.markPolled(queueIds ?? store.workQueues.idsOfPool(pool.id), at));
    return c.json(results);
  });

  app.route("/:work_pool_name/queues", workPoolQueueRoutes(deps));
  app.route("/:work_pool_name/workers", workPoolWorkerRoutes(deps));
  return app;
}
