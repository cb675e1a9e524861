// Log routes: batch create (`POST /logs/`, 201 with no body; committed logs reach `/logs/out` subscribers) and
// `POST /logs/filter`.
import { Hono } from "hono";
import { LogCreateRequest, LogFilterRequest, PREFECT_API_DEFAULT_LIMIT } from "../../schemas/index.js";
import { checkLimit, parseBody } from "../http/request.js";
import { logBusOf } from "../logs/log-stream.js";
import type { RouteDeps } from "./deps.js";

/** Routes mounted at `/api/logs`. */
export function logRoutes({ store, now }: RouteDeps): Hono {
  const app = new Hono({ strict: false });

  app.post("/", async (c) => {
    const logs = await parseBody(c, LogCreateRequest);
    const at = now();
    const stored = store.write(() => store.logs.insertMany(logs, at));
    const bus = logBusOf(store);
    if (bus.hasSubscribers) for (const log of stored) bus.publish(log);
    return c.body(null, 201);
  });

  app.post("/filter", async (c) => {
    const query = await parseBody(c, LogFilterRequest, true);
    checkLimit(query.limit, PREFECT_API_DEFAULT_LIMIT);
    return c.json(store.logs.filter(query));
  });

  return app;
}
