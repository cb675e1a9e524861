// Flow run history routes for charts: `POST /flow_runs/history` (runs per interval and state, mounted on the flow
// run routes) and `POST /ui/flow_runs/history` (one point per run), as Prefect's API and UI routes answer them.
import { Hono, type Context } from "hono";
import { FlowRunHistoryRequest, FlowRunUiHistoryRequest } from "../../schemas/index.js";
import { unprocessable } from "../http/http-error.js";
import { parseBody } from "../http/request.js";
import { flowRunHistory, flowRunHistoryPoints } from "../store/run-history.js";
import type { RouteDeps } from "./deps.js";

/** Handler of `POST /flow_runs/history`: 422 for an interval under a second, as Prefect's route. */
export function flowRunHistoryHandler({ store, now }: RouteDeps): (c: Context) => Promise<Response> {
  return async (c) => {
    const query = await parseBody(c, FlowRunHistoryRequest);
    // Prefect's message; the fix is in the name of the field.
    if (!(query.history_interval_seconds >= 1)) throw unprocessable("History interval must not be less than 1 second.");
    return c.json(flowRunHistory(store.conn, query, now()));
  };
}

/** Routes mounted at `/api/ui/flow_runs`. */
export function uiFlowRunRoutes({ store, now }: RouteDeps): Hono {
  const app = new Hono({ strict: false });
  app.post("/history", async (c) => {
    const query = await parseBody(c, FlowRunUiHistoryRequest, true);
    return c.json(flowRunHistoryPoints(store.conn, query, now()));
  });
  return app;
}
