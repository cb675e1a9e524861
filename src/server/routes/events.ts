// Event routes: `POST /events` records a batch of events (204) in one write transaction; task-run state events
// become task runs and states through the task-run recorder, the rest are stored whole; all reach live subscribers.
import { Hono } from "hono";
import { EventsCreateRequest } from "../../schemas/index.js";
import { checkedEvents } from "../events/events-fast-check.js";
import { recordEvents } from "../events/task-run-recorder.js";
import { parseBody } from "../http/request.js";
import type { RouteDeps } from "./deps.js";

/** Routes mounted at `/api/events`. */
export function eventRoutes({ store, now }: RouteDeps): Hono {
  const app = new Hono({ strict: false });

  app.post("/", async (c) => {
    const events = await parseBody(c, EventsCreateRequest, false, checkedEvents);
    const at = now();
    store.write(() => recordEvents(store, events, at));
    if (store.eventBus.hasSubscribers) {
      const received = at.toISOString();
      for (const event of events) store.eventBus.publish({ ...event, received });
    }
    return c.body(null, 204);
  });

  return app;
}
