// Event routes: `POST /events` records a batch of events (204) in one write transaction; task-run state events
// become task runs and states through the task-run recorder, the rest are stored whole; all reach live subscribers.
import { Hono } from "hono";
import { EventsCreateRequest } from "../../schemas/index.js";
import { checkedEvents } from "../events/events-fast-check.js";
import { ingestEvents } from "../events/ingest-events.js";
import { parseBody } from "../http/request.js";
import type { RouteDeps } from "./deps.js";

/** Routes mounted at `/api/events`. */
export function eventRoutes({ store, now }: RouteDeps): Hono {
  const app = new Hono({ strict: false });

  app.post("/", async (c) => {
    const events = await parseBody(c, EventsCreateRequest, false, checkedEvents);
    ingestEvents(store, events, now());
    return c.body(null, 204);
  });

  return app;
}
