// Flow routes: create-by-name, read (by id, by name), filter, count, update tags, delete.
import { Hono } from "hono";
import {
  FlowCountRequest,
  FlowCreate,
  FlowFilterRequest,
  FlowUpdate,
  PREFECT_API_DEFAULT_LIMIT,
} from "../../schemas/index.js";
import { notFound } from "../http/http-error.js";
import { checkLimit, parseBody, uuidParam } from "../http/request.js";
import { writeBatcherFor } from "../http/write-batcher.js";
import type { RouteDeps } from "./deps.js";

const FLOW_NOT_FOUND = "Flow not found";

/** Routes mounted at `/api/flows`. */
export function flowRoutes({ store, now }: RouteDeps): Hono {
  const app = new Hono({ strict: false });
  const batcher = writeBatcherFor(store);

  app.post("/", async (c) => {
    const input = await parseBody(c, FlowCreate);
    const { flow, created } = await batcher.write(c, () => store.flows.create(input, now()));
    return c.json(flow, created ? 201 : 200);
  });

  app.post("/filter", async (c) => {
    const query = await parseBody(c, FlowFilterRequest, true);
    checkLimit(query.limit, PREFECT_API_DEFAULT_LIMIT);
    return c.json(store.flows.filter(query));
  });

  app.post("/count", async (c) => {
    const query = await parseBody(c, FlowCountRequest, true);
    return c.json(store.flows.count(query));
  });

  app.get("/name/:name", (c) => {
    const flow = store.flows.readByName(c.req.param("name"));
    if (flow === undefined) throw notFound(FLOW_NOT_FOUND);
    return c.json(flow);
  });

  app.get("/:id", (c) => {
    const flow = store.flows.read(uuidParam(c));
    if (flow === undefined) throw notFound(FLOW_NOT_FOUND);
    return c.json(flow);
  });

  app.patch("/:id", async (c) => {
    const id = uuidParam(c);
    const patch = await parseBody(c, FlowUpdate);
    if (!store.write(() => store.flows.update(id, patch, now()))) throw notFound(FLOW_NOT_FOUND);
    return c.body(null, 204);
  });

  app.delete("/:id", (c) => {
    const id = uuidParam(c);
    if (!store.write(() => store.flows.delete(id))) throw notFound(FLOW_NOT_FOUND);
    return c.body(null, 204);
  });

  return app;
}
