// Task run routes: create (idempotent on flow_run_id + task_key + dynamic_key, client ids accepted, initial
// state orchestrated), read, rename, delete, filter, count, set_state, and the task run state history. Deferred
// (background) runs entering Scheduled are queued for task workers (task-queue.ts).
import { Hono } from "hono";
import {
  PREFECT_API_DEFAULT_LIMIT,
  SetTaskRunStateRequest,
  TaskRunCountRequest,
  TaskRunCreate,
  TaskRunFilterRequest,
  TaskRunUpdate,
  type TaskRun,
} from "../../schemas/index.js";
import { notFound } from "../http/http-error.js";
import { checkLimit, parseBody, uuidParam, uuidQuery } from "../http/request.js";
import { generateRunName } from "../run-names.js";
import { createTaskRun, setRunState } from "../state-transitions.js";
import type { Store } from "../store/store.js";
import { taskQueuesOf } from "../task-queue.js";
import type { RouteDeps } from "./deps.js";

const TASK_RUN_NOT_FOUND = "Task run not found";

/**
 * Prefect's `EnqueueScheduledTasks` rule: a background (deferred) task run entering Scheduled waits for a task
 * worker; one entering AwaitingRetry goes to the retry queue.
 */
function queueIfDeferred(store: Store, run: TaskRun): void {
  if (run.state?.type !== "SCHEDULED" || !run.state.state_details.deferred) return;
  const queues = taskQueuesOf(store);
  if (run.state.name === "AwaitingRetry") queues.retry(run);
  else queues.enqueue(run);
}

/** Routes mounted at `/api/task_runs`. */
export function taskRunRoutes({ store, now }: RouteDeps): Hono {
  const app = new Hono({ strict: false });

  app.post("/", async (c) => {
    const input = await parseBody(c, TaskRunCreate);
    const at = now();
    const { run, created } = store.write(() => {
      const inserted = createTaskRun(store, input, input.name ?? generateRunName(), at);
      return { run: store.taskRuns.read(inserted.id, at), created: inserted.created };
    });
    if (run === undefined) throw notFound(TASK_RUN_NOT_FOUND);
    if (created) queueIfDeferred(store, run);
    return c.json(run, created ? 201 : 200);
  });

  app.post("/filter", async (c) => {
    const query = await parseBody(c, TaskRunFilterRequest, true);
    checkLimit(query.limit, PREFECT_API_DEFAULT_LIMIT);
    return c.json(store.taskRuns.filter(query, now()));
  });

  app.post("/count", async (c) => {
    const query = await parseBody(c, TaskRunCountRequest, true);
    return c.json(store.taskRuns.count(query));
  });

  app.get("/:id", (c) => {
    const run = store.taskRuns.read(uuidParam(c), now());
    if (run === undefined) throw notFound(TASK_RUN_NOT_FOUND);
    return c.json(run);
  });

  app.patch("/:id", async (c) => {
    const id = uuidParam(c);
    const patch = await parseBody(c, TaskRunUpdate);
    // Prefect's set_name validator: an explicit null renames the run to a fresh slug.
    if (!store.write(() => store.taskRuns.rename(id, patch.name === null ? generateRunName() : patch.name, now())))
      throw notFound(TASK_RUN_NOT_FOUND);
    return c.body(null, 204);
  });

  app.delete("/:id", (c) => {
    const id = uuidParam(c);
    if (!store.write(() => store.taskRuns.delete(id))) throw notFound(TASK_RUN_NOT_FOUND);
    return c.body(null, 204);
  });

  app.post("/:id/set_state", async (c) => {
    const id = uuidParam(c);
    const { state, force } = await parseBody(c, SetTaskRunStateRequest);
    const at = now();
    const result = store.write(() => setRunState(store, "task_run", id, state, force, at));
    if (result === undefined) throw notFound(TASK_RUN_NOT_FOUND);
    if (result.status === "ACCEPT" && result.state?.type === "SCHEDULED" && result.state.state_details.deferred) {
      const run = store.taskRuns.read(id, at);
      if (run !== undefined) queueIfDeferred(store, run);
    }
    return c.json(result, result.status === "ACCEPT" ? 201 : 200);
  });

  return app;
}

/** Routes mounted at `/api/task_run_states`. */
export function taskRunStateRoutes({ store }: RouteDeps): Hono {
  const app = new Hono({ strict: false });
  app.get("/", (c) => c.json(store.taskRunStates.list(uuidQuery(c, "task_run_id"))));
  app.get("/:id", (c) => {
    const state = store.taskRunStates.read(uuidParam(c));
    if (state === undefined) throw notFound("Task run state not found");
    return c.json(state);
  });
  return app;
}
