// Flow run routes: create (idempotent on idempotency_key, initial state orchestrated), read, update,
// labels, delete, filter, count, history (run-history.ts), set_state. State changes go through state-transitions.ts only.
import { Hono } from "hono";
import {
  FlowRunCountRequest,
  FlowRunCreate,
  FlowRunFilterRequest,
  FlowRunLabelsUpdate,
  FlowRunUpdate,
  PREFECT_API_DEFAULT_LIMIT,
  SetFlowRunStateRequest,
} from "../../schemas/index.js";
import { notFound } from "../http/http-error.js";
import { checkLimit, parseBody, uuidParam, uuidQuery } from "../http/request.js";
import { writeBatcherFor } from "../http/write-batcher.js";
import { generateRunName } from "../run-names.js";
import { createFlowRun, setRunState } from "../state-transitions.js";
import type { RouteDeps } from "./deps.js";
import { flowRunHistoryHandler } from "./run-history.js";

const FLOW_RUN_NOT_FOUND = "Flow run not found";

/** Routes mounted at `/api/flow_runs`. */
export function flowRunRoutes(deps: RouteDeps): Hono {
  const { store, now } = deps;
  const app = new Hono({ strict: false });
  // Over HTTP, creates and state changes share commits with concurrent requests (group commit).
  const batcher = writeBatcherFor(store);

  app.post("/", async (c) => {
    const input = await parseBody(c, FlowRunCreate);
    const at = now();
    const { run, created } = await batcher.write(c, () => {
      const inserted = createFlowRun(store, input, input.name ?? generateRunName(), at);
      return { run: store.flowRuns.read(inserted.id, at), created: inserted.created };
    });
    if (run === undefined) throw notFound(FLOW_RUN_NOT_FOUND);
    return c.json(run, created ? 201 : 200);
  });

  app.post("/filter", async (c) => {
    const query = await parseBody(c, FlowRunFilterRequest, true);
    checkLimit(query.limit, PREFECT_API_DEFAULT_LIMIT);
    return c.json(store.flowRuns.filter(query, now()));
  });

  app.post("/count", async (c) => {
    const query = await parseBody(c, FlowRunCountRequest, true);
    return c.json(store.flowRuns.count(query));
  });

  app.post("/history", flowRunHistoryHandler(deps));

  app.get("/:id", (c) => {
    const run = store.flowRuns.read(uuidParam(c), now());
    if (run === undefined) throw notFound(FLOW_RUN_NOT_FOUND);
    return c.json(run);
  });

  app.patch("/:id", async (c) => {
    const id = uuidParam(c);
    const patch = await parseBody(c, FlowRunUpdate);
    if (!store.write(() => store.flowRuns.update(id, patch, now()))) throw notFound(FLOW_RUN_NOT_FOUND);
    return c.body(null, 204);
  });

  app.patch("/:id/labels", async (c) => {
    const id = uuidParam(c);
    const labels = await parseBody(c, FlowRunLabelsUpdate);
    if (!store.write(() => store.flowRuns.updateLabels(id, labels, now()))) throw notFound(FLOW_RUN_NOT_FOUND);
    return c.body(null, 204);
  });

  app.delete("/:id", (c) => {
    const id = uuidParam(c);
    if (!store.write(() => store.flowRuns.delete(id))) throw notFound(FLOW_RUN_NOT_FOUND);
    return c.body(null, 204);
  });

  app.post("/:id/set_state", async (c) => {
    const id = uuidParam(c);
    const { state, force } = await parseBody(c, SetFlowRunStateRequest);
    const result = await batcher.write(c, () => setRunState(store, "flow_run", id, state, force, now()));
    if (result === undefined) throw notFound(FLOW_RUN_NOT_FOUND);
    return c.json(result, result.status === "ACCEPT" ? 201 : 200);
  });

  return app;
}

/** Routes mounted at `/api/flow_run_states`. */
export function flowRunStateRoutes({ store }: RouteDeps): Hono {
  const app = new Hono({ strict: false });
  app.get("/", (c) => c.json(store.flowRunStates.list(uuidQuery(c, "flow_run_id"))));
  app.get("/:id", (c) => {
    const state = store.flowRunStates.read(uuidParam(c));
    if (state === undefined) throw notFound("Flow run state not found");
    return c.json(state);
  });
  return app;
}
