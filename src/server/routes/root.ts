// Server-level routes: health and readiness probes, versions, the default result storage and hello. The CSRF
// token endpoint lives with the CSRF middleware (http/csrf.ts).
import { Hono } from "hono";
import { PREFECT_API_VERSION, PREFECT_VERSION } from "../../schemas/version.js";
import type { RouteDeps } from "./deps.js";

/** The Prefect server version this API implements; Prefect clients compare its major version with theirs. */
export const SERVER_VERSION = PREFECT_VERSION;
/** Prefect's REST API version (`GET /version`). */
export const API_VERSION = PREFECT_API_VERSION;

/** Routes mounted at `/api`: `/health`, `/ready`, `/version`, `/admin/version`, `/admin/storage`, `/hello`. */
export function rootRoutes(deps: RouteDeps): Hono {
  const app = new Hono({ strict: false });
  app.get("/health", (c) => c.json(true));
  app.get("/ready", (c) =>
    deps.store.open ? c.json({ message: "OK" }) : c.json({ message: "Database is not available" }, 503),
  );
  app.get("/version", (c) => c.json(API_VERSION));
  app.get("/admin/version", (c) => c.json(SERVER_VERSION));
  // Prefect's server default result storage: a block document id, unset (null) until configured. We keep
  // no block documents, so it is never set; Prefect's Python client reads it when its flows start.
  app.get("/admin/storage", (c) => c.json({ default_result_storage_block_id: null }));
  app.delete("/admin/storage", (c) => c.body(null, 204));
  app.get("/hello", (c) => c.json("👋"));
  return app;
}
