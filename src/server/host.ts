// The standalone server: serves `createApp` over HTTP with @hono/node-server (what `prefect-ts server start`
// runs), with Prefect's websockets (http/websockets.ts) and, when asked, the background services (services/). Resolves
// once listening and closes gracefully. The HTTP server and `ws` load when a server starts: the embedded server that
// only answers in-process requests never needs them.
import type { AddressInfo } from "node:net";
import type { Server } from "node:http";
import { createApp } from "./app.js";
import type { CorsOptions } from "./http/cors.js";
import type { CsrfOptions } from "./http/csrf.js";
import type { CollectionViews } from "./routes/collections.js";
import type { UiServeOptions } from "./http/ui-static.js";
import { type RunningServices, startServices } from "./services/index.js";
import type { ServiceOptions } from "./services/options.js";
import type { SchedulerLimits } from "./services/scheduler-limits.js";
import type { Settings } from "../settings/index.js";
import { openStore, type Store } from "./store/store.js";

/** Options of {@link startServer}. */
export interface StartServerOptions {
  /** Interface to bind. @default "127.0.0.1" */
  host?: string;
  /** Port to bind; 0 picks a free one (see `RunningServer.url`). @default 4200 */
  port?: number;
  /** An open store to serve; when omitted, `dbPath` is opened (and closed again by `close()`). */
  store?: Store;
  /** The SQLite file to open when no `store` is given. */
  dbPath?: string;
  /** `PREFECT_SERVER_API_AUTH_STRING` ("user:pass"). */
  authString?: string;
  /** CSRF protection (PREFECT_SERVER_CSRF_*). @default off */
  csrf?: CsrfOptions;
  /** CORS (PREFECT_SERVER_CORS_*). @default every origin, method and header */
  cors?: CorsOptions;
  /** The clock of the API. @default () => new Date() */
  now?: () => Date;
  /**
   * Run the background services (scheduler, late runs) under the database's lease while serving, stopped by
   * `close()`; their scheduler limits also apply to the routes' immediate scheduling. @default false
   */
  services?: ServiceOptions | false;
  /**
   * Scheduler limits of the routes' immediate scheduling when no `services` run here (an embedded server served on
   * loopback keeps its own). @default Prefect's limits
   */
  scheduler?: SchedulerLimits | false;
  /** The dashboard at the root (PREFECT_UI_ENABLED, PREFECT_UI_API_URL, PREFECT_UI_SERVE_BASE); false serves the API only. @default {} (served) */
  ui?: UiServeOptions | false;
  /** Collection registry views (`aggregate-worker-metadata`: worker types and default job templates). @default none */
  collectionViews?: CollectionViews;
  /** The settings this server runs with, answered (secrets masked) by `GET /admin/settings`. @default none */
  settings?: Settings;
  /** Called once listening, with the running server. */
  onListen?: (server: RunningServer) => void;
}

/** A listening server. */
export interface RunningServer {
  /** Base URL, e.g. `http://127.0.0.1:4200`. */
  readonly url: string;
  /** The API URL to set as PREFECT_API_URL: `url + "/api"`. */
  readonly apiUrl: string;
  /** The bound port (the real one when 0 was asked). */
  readonly port: number;
  /** The background services, when started with `services`. */
  readonly services: RunningServices | undefined;
  /**
   * Stops the services (waiting for a pass in progress, releasing the lease), stops accepting, lets in-flight
   * requests finish, closes idle connections (and the store if opened here).
   */
  close(): Promise<void>;
}

/** How long `close()` waits for busy connections before cutting them. */
const CLOSE_GRACE_MS = 5000;

/**
 * Starts the API over HTTP.
 * @throws Error when neither `store` nor `dbPath` is given, or the port cannot be bound.
 * @example
 * const server = await startServer({ port: 0, dbPath: "/tmp/prefect.db" });
 * console.log(server.apiUrl); // http://127.0.0.1:54321/api
 * await server.close();
 */
export async function startServer(options: StartServerOptions): Promise<RunningServer> {
  const host = options.host ?? "127.0.0.1";
  const ownsStore = options.store === undefined;
  if (ownsStore && options.dbPath === undefined) {
    throw new Error(
      "startServer needs a `store` or a `dbPath` (the SQLite file to serve, e.g. $PREFECT_HOME/prefect.db).",
    );
  }
  // Loaded before the store opens, so a failed load leaves nothing to close; the websockets attach as soon as the
  // socket listens, as before.
  const [{ serve }, { attachWebSockets }] = await Promise.all([
    import("@hono/node-server"),
    import("./http/websockets.js"),
  ]);
  const store = options.store ?? openStore(options.dbPath as string);
  const app = createApp({
    store,
    ui: options.ui ?? {},
    ...(options.now === undefined ? {} : { now: options.now }),
    ...(options.authString === undefined ? {} : { authString: options.authString }),
    ...(options.csrf === undefined ? {} : { csrf: options.csrf }),
    ...(options.cors === undefined ? {} : { cors: options.cors }),
    ...(options.collectionViews === undefined ? {} : { collectionViews: options.collectionViews }),
    ...(options.settings === undefined ? {} : { settings: options.settings }),
    // A disabled scheduler schedules nothing, not even when a deployment changes.
    ...(options.services
      ? { scheduler: options.services.scheduler.enabled ? options.services.scheduler : false }
      : options.scheduler === undefined
        ? {}
        : { scheduler: options.scheduler }),
  });

  let server: Server;
  try {
    server = await new Promise<Server>((resolve, reject) => {
      const s = serve({ fetch: app.fetch, port: options.port ?? 4200, hostname: host }) as Server;
      s.keepAliveTimeout = 5000;
      s.once("listening", () => resolve(s));
      s.once("error", reject);
    });
  } catch (error) {
    if (ownsStore) store.close();
    throw error;
  }

  const sockets = attachWebSockets(server, {
    store,
    now: options.now ?? (() => new Date()),
    ...(options.authString ? { authString: options.authString } : {}),
  });
  const serviceOptions = options.services
    ? { ...options.services, ...(options.now && !options.services.now ? { now: options.now } : {}) }
    : undefined;
  const services = serviceOptions ? startServices(store, serviceOptions) : undefined;
  const port = (server.address() as AddressInfo).port;
  const urlHost = host.includes(":") ? `[${host}]` : host === "0.0.0.0" ? "127.0.0.1" : host;
  const url = `http://${urlHost}:${port}`;
  let closing: Promise<void> | undefined;
  const running: RunningServer = {
    url,
    apiUrl: `${url}/api`,
    port,
    services,
    close() {
      sockets.close();
      closing ??= (services?.stop() ?? Promise.resolve()).then(
        () =>
          new Promise<void>((resolve) => {
            const force = setTimeout(() => server.closeAllConnections(), CLOSE_GRACE_MS);
            force.unref();
            server.close(() => {
              clearTimeout(force);
              if (ownsStore) store.close();
              resolve();
            });
            server.closeIdleConnections();
          }),
      );
      return closing;
    },
  };
  options.onListen?.(running);
  return running;
}
