// The id-based work queue routes Prefect also serves (`/work_queues/...`, the agent-era API): create (in the
// `default-agent-pool`), read by id or name, filter, update, delete, get_runs and status.
import { Hono } from "hono";
import {
  PREFECT_API_DEFAULT_LIMIT,
  WorkQueueCreate,
  WorkQueueFilterRequest,
  WorkQueueGetRunsRequest,
  WorkQueueUpdate,
  type FlowRunResponse,
  type WorkQueueStatusDetail,
} from "../../schemas/index.js";
import { conflict, notFound } from "../http/http-error.js";
import { checkLimit, parseBody, uuidParam } from "../http/request.js";
import { pollScheduledRuns } from "../store/worker-poll.js";
import { AGENT_POOL_TYPE, DEFAULT_AGENT_POOL_NAME } from "../store/work-pools.js";
import type { RouteDeps } from "./deps.js";
import { deleteQueue, updateQueue } from "./work-pool-queues.js";

const NOT_FOUND = "Work queue not found.";

/** Routes mounted at `/api/work_queues`. */
export function workQueueRoutes({ store, now }: RouteDeps): Hono {
  const app = new Hono({ strict: false });

  app.post("/", async (c) => {
    const input = await parseBody(c, WorkQueueCreate);
    const at = now();
    const id = store.write(() => {
      // Queues created without a pool live in Prefect's default agent pool, made on first use.
      let pool = store.workPools.readByName(DEFAULT_AGENT_POOL_NAME);
      if (pool === undefined) {
        const poolId = store.workPools.create(
          {
            name: DEFAULT_AGENT_POOL_NAME,
            description: null,
            type: AGENT_POOL_TYPE,
            base_job_template: {},
            is_paused: false,
            concurrency_limit: null,
            storage_configuration: {
              bundle_upload_step: null,
              bundle_execution_step: null,
              default_result_storage_block_id: null,
            },
          },
          at,
        );
        pool = store.workPools.read(poolId);
        if (input.name === "default" && pool?.default_queue_id) return pool.default_queue_id;
      }
      if (store.workQueues.readByName(DEFAULT_AGENT_POOL_NAME, input.name, at) !== undefined) {
        throw conflict("A work queue with this name already exists.");
      }
      return store.workQueues.create(pool?.id as string, input, at);
    });
    return c.json(store.workQueues.read(id, at), 201);
  });

  app.post("/filter", async (c) => {
    const query = await parseBody(c, WorkQueueFilterRequest, true);
    checkLimit(query.limit, PREFECT_API_DEFAULT_LIMIT);
    return c.json(store.workQueues.filter(query, now()));
  });

  app.get("/name/:name", (c) => {
    const name = c.req.param("name");
    const at = now();
    // Prefect looks in the default agent pool when it exists, else at any queue of that name.
    const queue = store.workPools.readByName(DEFAULT_AGENT_POOL_NAME)
      ? store.workQueues.readByName(DEFAULT_AGENT_POOL_NAME, name, at)
      : store.workQueues.filter(
          { work_queues: { operator: "and_", name: { any_: [name] } }, limit: 1, offset: 0 },
          at,
        )[0];
    if (queue === undefined) throw notFound(NOT_FOUND);
    return c.json(queue);
  });

  app.get("/:id", (c) => {
    const queue = store.workQueues.read(uuidParam(c), now());
    if (queue === undefined) throw notFound(NOT_FOUND);
    return c.json(queue);
  });

  app.patch("/:id", async (c) => {
    const id = uuidParam(c);
    const patch = await parseBody(c, WorkQueueUpdate);
    if (!store.write(() => updateQueue(store, id, patch, now()))) throw notFound(NOT_FOUND);
    return c.body(null, 204);
  });

  app.delete("/:id", (c) => {
    const id = uuidParam(c);
    if (!store.write(() => deleteQueue(store, id))) throw notFound(NOT_FOUND);
    return c.body(null, 204);
  });

  app.post("/:id/get_runs", async (c) => {
    const id = uuidParam(c);
    const query = await parseBody(c, WorkQueueGetRunsRequest, true);
    checkLimit(query.limit, PREFECT_API_DEFAULT_LIMIT);
    const at = now();
    const queue = store.workQueues.read(id, at);
    if (queue === undefined || queue.work_pool_id === null) throw notFound(NOT_FOUND);
    const polled = pollScheduledRuns(store.conn, {
      poolId: queue.work_pool_id,
      queueIds: [id],
      scheduledBefore: query.scheduled_before ? new Date(query.scheduled_before) : at,
      limit: query.limit,
    });
    const runs = polled
      .map(({ flowRunId }) => store.flowRuns.read(flowRunId, at))
      .filter((run): run is FlowRunResponse => run !== undefined);
    // The UI reads queues without counting as a poll (Prefect's x-prefect-ui header).
    if (c.req.header("x-prefect-ui") !== "true") store.write(() => store.workQueues.markPolled([id], at));
    return c.json(runs);
  });

  app.get("/:id/status", (c) => {
    const id = uuidParam(c);
    const at = now();
    const queue = store.workQueues.read(id, at);
    if (queue === undefined) throw notFound(NOT_FOUND);
    const late = store.workQueues.lateRuns(id);
    const policy = { maximum_late_runs: 0, maximum_seconds_since_last_polled: 60 };
    const recent =
      queue.last_polled !== null &&
      at.getTime() - Date.parse(queue.last_polled) <= policy.maximum_seconds_since_last_polled * 1000;
    const detail: WorkQueueStatusDetail = {
      healthy: late <= policy.maximum_late_runs && recent,
      late_runs_count: late,
      last_polled: queue.last_polled,
      health_check_policy: policy,
    };
    return c.json(detail);
  });

  return app;
}
