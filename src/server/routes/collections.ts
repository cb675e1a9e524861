// `GET /collections/views/{view}`: Prefect's collection registry views. The one the dashboard reads,
// `aggregate-worker-metadata` (the worker types and their default base job templates), is handed in by the host that
// knows the worker types (the server never imports src/worker): `server start`, an embedded host.
import { Hono } from "hono";
import { notFound } from "../http/http-error.js";

/** Views by name, e.g. `{ "aggregate-worker-metadata": { prefect: { process: {...} } } }`. */
export type CollectionViews = Readonly<Record<string, Record<string, unknown>>>;

/** The routes over `views` (a view not given answers 404, as Prefect's does for a view the registry lacks). */
export function collectionRoutes(views: CollectionViews): Hono {
  const app = new Hono({ strict: false });
  app.get("/views/:view", (c) => {
    const view = c.req.param("view");
    const content = views[view];
    if (content === undefined) throw notFound(`View ${view} not found in registry`);
    return c.json(content);
  });
  return app;
}
