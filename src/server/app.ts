// Builds the Prefect-compatible REST API as one Hono app over a store and a clock: the same app serves
// in-process (`app.fetch`) for the embedded mode and over a socket (host.ts) for `server start`.
import { Hono, type NotFoundHandler } from "hono";
import { TrieRouter } from "hono/router/trie-router";
import { basicAuth } from "./http/auth.js";
import { requireJsonBodies } from "./http/content-type.js";
import { type CorsOptions, corsMiddleware } from "./http/cors.js";
import { type CsrfOptions, csrfProtection } from "./http/csrf.js";
import { consoleErrorLogger, type ErrorLogger, errorHandler, logServerErrors } from "./http/error-handler.js";
import { mountLazily } from "./http/lazy-routes.js";
import { serveUi, type UiServeOptions } from "./http/ui-static.js";
import { collectionRoutes, type CollectionViews } from "./routes/collections.js";
import type { RouteDeps } from "./routes/deps.js";
import { eventRoutes } from "./routes/events.js";
import { flowRoutes } from "./routes/flows.js";
import { flowRunRoutes, flowRunStateRoutes } from "./routes/flow-runs.js";
import { logRoutes } from "./routes/logs.js";
import { rootRoutes } from "./routes/root.js";
import { uiFlowRunRoutes } from "./routes/run-history.js";
import { taskRunRoutes, taskRunStateRoutes } from "./routes/task-runs.js";
import type { SchedulerLimits } from "./services/scheduler-limits.js";
import type { Store } from "./store/store.js";
import type { Settings } from "../settings/index.js";

/** Options of {@link createApp}. */
export interface CreateAppOptions {
  /** The database the API reads and writes. */
  store: Store;
  /** The clock every route reads. @default () => new Date() */
  now?: () => Date;
  /**
   * `PREFECT_SERVER_API_AUTH_STRING` ("user:pass"): when set, every route but GET /api/health and
   * /api/ready requires `Authorization: Basic base64(authString)`.
   */
  authString?: string;
  /** Where every 5xx is reported, with its error. @default console.error */
  logError?: ErrorLogger;
  /**
   * How far ahead a deployment's runs are scheduled as soon as it is created or its schedules change
   * (PREFECT_SERVER_SERVICES_SCHEDULER_* limits); false leaves it all to the scheduler service.
   * @default DEFAULT_SCHEDULER_LIMITS (Prefect's: 3 runs and 1 hour at least, 100 runs and 100 days at most)
   */
  scheduler?: SchedulerLimits | false;
  /** The dashboard at `/` (PREFECT_UI_*); false serves the API only. @default false */
  ui?: UiServeOptions | false;
  /** CSRF protection (PREFECT_SERVER_CSRF_PROTECTION_ENABLED, PREFECT_SERVER_CSRF_TOKEN_EXPIRATION). @default off */
  csrf?: CsrfOptions;
  /** CORS (PREFECT_SERVER_CORS_ALLOWED_ORIGINS, _METHODS, _HEADERS). @default every origin, method and header */
  cors?: CorsOptions;
  /** Collection registry views (`aggregate-worker-metadata`), from the host that knows the worker types. @default none */
  collectionViews?: CollectionViews;
  /** The settings the host runs with, answered (secrets masked) by `GET /admin/settings`. @default none: `{}` */
  settings?: Settings;
}

/**
 * The route groups mounted on their first request (http/lazy-routes.ts), by path under `/api`: recording flow and task
 * runs never asks for them, so the embedded server behind a flow call never loads their modules.
 */
export const LAZY_ROUTE_GROUPS: Readonly<Record<string, (deps: RouteDeps) => Promise<Hono>>> = {
  "/deployments": async (deps) => (await import("./routes/deployments.js")).deploymentRoutes(deps),
  "/work_pools": async (deps) => (await import("./routes/work-pools.js")).workPoolRoutes(deps),
  "/work_queues": async (deps) => (await import("./routes/work-queues.js")).workQueueRoutes(deps),
  "/variables": async (deps) => (await import("./routes/variables.js")).variableRoutes(deps),
  "/artifacts": async (deps) => (await import("./routes/artifacts.js")).artifactRoutes(deps),
  "/block_types": async (deps) => (await import("./routes/block-types.js")).blockTypeRoutes(deps),
  "/block_schemas": async (deps) => (await import("./routes/block-schemas.js")).blockSchemaRoutes(deps),
  "/block_documents": async (deps) => (await import("./routes/block-documents.js")).blockDocumentRoutes(deps),
  "/block_capabilities": async (deps) => (await import("./routes/block-schemas.js")).blockCapabilityRoutes(deps),
};

/**
 * Creates the API application; routes live under `/api`.
 * @example
 * const app = createApp({ store: openStore("/tmp/prefect.db") });
 * const res = await app.fetch(new Request("http://local/api/health"));
 */
export function createApp(options: CreateAppOptions): Hono {
  const deps: RouteDeps = {
    store: options.store,
    now: options.now ?? (() => new Date()),
    ...(options.scheduler === undefined ? {} : { scheduler: options.scheduler }),
    ...(options.settings === undefined ? {} : { settings: options.settings }),
  };
  // TrieRouter from the start: Hono's default SmartRouter first builds a RegExpRouter on the first request, which
  // refuses this route table (`/api/flows/name/:name` beside `/api/flows/:id`, ...), and then falls back to TrieRouter.
  const app = new Hono({ strict: false, router: new TrieRouter() });
  const logError = options.logError ?? consoleErrorLogger;
  app.use("*", logServerErrors(logError));
  // Preflights are answered before auth and CSRF, as Prefect's CORSMiddleware wraps its whole app.
  app.use("*", corsMiddleware(options.cors));
  const csrf = csrfProtection(options.store, deps.now, options.csrf);
  // Before auth, as Prefect mounts its UI beside the API: the page loads, then asks for the auth string itself.
  if (options.ui) {
    const auth = options.authString !== undefined && options.authString !== "";
    app.use("*", serveUi({ ...options.ui, auth, csrf: options.csrf?.enabled === true }));
  }
  // Prefect checks the CSRF token outside its API app, so before the auth string.
  app.use("*", csrf.middleware);
  if (options.authString !== undefined && options.authString !== "") app.use("*", basicAuth(options.authString));
  // Bodies must be declared JSON: a page cannot send that cross-origin without a preflight CORS can refuse.
  app.use("*", requireJsonBodies());

  const api = new Hono({ strict: false });
  api.get("/csrf-token", csrf.tokenRoute);
  api.route("/", rootRoutes(deps));
  api.route("/flows", flowRoutes(deps));
  api.route("/flow_runs", flowRunRoutes(deps));
  api.route("/flow_run_states", flowRunStateRoutes(deps));
  api.route("/ui/flow_runs", uiFlowRunRoutes(deps));
  api.route("/task_runs", taskRunRoutes(deps));
  api.route("/task_run_states", taskRunStateRoutes(deps));
  api.route("/logs", logRoutes(deps));
  api.route("/events", eventRoutes(deps));
  api.route("/collections", collectionRoutes(options.collectionViews ?? {}));
  app.route("/api", api);
  const notFound: NotFoundHandler = (c) => c.json({ detail: "Not Found" }, 404);
  const onError = errorHandler(logError);
  for (const [path, load] of Object.entries(LAZY_ROUTE_GROUPS))
    mountLazily(app, `/api${path}`, () => load(deps), { notFound, onError });

  app.notFound(notFound);
  app.onError(onError);
  return app;
}
