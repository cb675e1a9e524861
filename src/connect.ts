// getClient(): the one place that chooses between a remote API (PREFECT_API_URL set) and the embedded server
// (same app, in-process, no socket), plus closeEmbeddedServers(). The server is imported lazily on first request.
import { randomBytes } from "node:crypto";
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { PrefectClient } from "./client/client.js";
import { warnIfServerOlder } from "./client/version-check.js";
import type { ApiActivity, EmbeddedHost, LoopbackApi, RunningServices } from "./client/embedded-host.js";
import type { ReceivedEvent } from "./client/event-subscriber.js";
import type { InProcessHandler } from "./client/in-process-transport.js";
import { PrefectError } from "./errors.js";
import { EventFilter, type EventFilterInput } from "./schemas/index.js";
import { EMBEDDED_API_URL, type GetClientOptions } from "./api-target.js";
import { resolveSettings, sqlitePathFromConnectionUrl, type Settings } from "./settings/index.js";

export { EMBEDDED_API_URL };
export type { GetClientOptions };

interface EmbeddedApp {
  fetch(request: Request): Response | Promise<Response>;
}
interface EmbeddedServer {
  readonly app: EmbeddedApp;
  /** Starts the background services on this server's store. */
  startServices(settings: Settings): Promise<RunningServices>;
  /** SQLite's `data_version`: changes when another process commits to the database. */
  dataVersion(): number;
  /** Hands the events committed by this process's server that match `filter` to `listener`; returns the unsubscribe. */
  subscribeEvents(filter: EventFilterInput, listener: (event: ReceivedEvent) => void): () => void;
  /** Serves this server's store on a free loopback port with a random auth string. */
  listen(): Promise<LoopbackApi>;
  close(): void;
}

const embedded = new Map<string, Promise<EmbeddedServer>>();
/** Bumped by closeEmbeddedServers() so clients drop the app they cached. */
let generation = 0;

async function openEmbedded(dbPath: string, settings: Settings): Promise<EmbeddedServer> {
  const home = settings.PREFECT_HOME;
  try {
    mkdirSync(home, { recursive: true });
    if (dbPath !== ":memory:") mkdirSync(dirname(dbPath), { recursive: true });
    // Dynamic import: importing the SDK must not load better-sqlite3 or hono until a request needs them.
    const server = await import("./server/index.js");
    const store = server.openStore(dbPath);
    const services = server.serviceOptionsFromSettings(settings);
    // Deployments get their scheduled runs as soon as they change, with the configured scheduler limits.
    const app: EmbeddedApp = server.createApp({ store, scheduler: services.scheduler });
    // Unref'd: a long-lived host's own work (its poll loop, its children) keeps the process alive, not these timers.
    const startServices = async (hostSettings: Settings): Promise<RunningServices> =>
      server.startServices(store, { ...server.serviceOptionsFromSettings(hostSettings), unref: true });
    const dataVersion = (): number => Number(store.conn.db.pragma("data_version", { simple: true }));
    const subscribeEvents = (filter: EventFilterInput, listener: (event: ReceivedEvent) => void): (() => void) => {
      const parsed = EventFilter.parse(filter);
      return store.eventBus.subscribe((event) => {
        if (server.eventMatches(event, parsed)) listener(event);
      });
    };
    const listen = async (): Promise<LoopbackApi> => {
      const authString = `prefect-ts:${randomBytes(18).toString("base64url")}`;
      const running = await server.startServer({ store, port: 0, host: "127.0.0.1", authString, scheduler: services.scheduler });
      return { apiUrl: running.apiUrl, authString, close: () => running.close() };
    };
    return { app, startServices, dataVersion, subscribeEvents, listen, close: () => store.close() };
  } catch (error) {
    if (error instanceof PrefectError) throw error;
    const reason = error instanceof Error ? error.message : String(error);
    throw new PrefectError(
      `Could not open the embedded Prefect database at ${dbPath}: ${reason}. Check PREFECT_HOME and ` +
        `PREFECT_API_DATABASE_CONNECTION_URL, or set PREFECT_API_URL to use a running server.`,
      { cause: error },
    );
  }
}

/** The shared embedded server of a database path, opened on first use (one per path per process). */
function embeddedServer(dbPath: string, settings: Settings): Promise<EmbeddedServer> {
  let pending = embedded.get(dbPath);
  if (!pending) {
    pending = openEmbedded(dbPath, settings);
    embedded.set(dbPath, pending);
    // A failed open is not cached: the next request tries again.
    pending.catch(() => embedded.delete(dbPath));
  }
  return pending;
}

/** Listeners of this process's writes to flow runs and deployments, per database path. */
const activityListeners = new Map<string, Set<(activity: ApiActivity) => void>>();
/**
 * Writes that may give a runner work or take it away: a flow run created (directly or from a deployment) or its state
 * set. Read-only POSTs (`/filter`, `/count`, `get_scheduled_flow_runs`) are not activity: a runner's own polls must
 * not wake it again.
 */
const ACTIVITY_PATH = /^\/(flow_runs\/?$|flow_runs\/[^/]+\/set_state$|deployments\/[^/]+\/create_flow_run$)/;

function emitActivity(dbPath: string, request: Request, response: Response): void {
  const listeners = activityListeners.get(dbPath);
  if (!listeners || listeners.size === 0 || request.method === "GET" || !response.ok) return;
  const path = request.url.slice(EMBEDDED_API_URL.length);
  if (!ACTIVITY_PATH.test(path)) return;
  const activity: ApiActivity = { method: request.method, path };
  for (const listener of listeners) listener(activity);
}

/** The in-process handler of the embedded server: opens it on the first request, then calls `app.fetch`. */
function embeddedHandler(dbPath: string, settings: Settings): InProcessHandler {
  let app: EmbeddedApp | undefined;
  let openedIn = -1;
  return async (request: Request): Promise<Response> => {
    if (app === undefined || openedIn !== generation) {
      const current = generation;
      app = (await embeddedServer(dbPath, settings)).app;
      openedIn = current;
    }
    const response = await app.fetch(request);
    emitActivity(dbPath, request, response);
    return response;
  };
}

/** How often a listened-to embedded database is checked for commits by other processes (a CLI, another script). */
const DATA_VERSION_CHECK_MS = 50;

/**
 * Calls `listener` when another process commits to the database, until the returned stop: SQLite's `data_version`
 * pragma is a cheap read that changes only then, so a run triggered from another terminal wakes a runner at once.
 */
function watchOtherProcesses(dbPath: string, settings: Settings, listener: (activity: ApiActivity) => void): () => void {
  let last: number | undefined;
  let server: EmbeddedServer | undefined;
  void embeddedServer(dbPath, settings).then((s) => (server = s), () => undefined);
  const timer = setInterval(() => {
    if (server === undefined) return;
    const version = server.dataVersion();
    if (last !== undefined && version !== last) listener({ method: "COMMIT", path: "" });
    last = version;
  }, DATA_VERSION_CHECK_MS);
  timer.unref();
  return () => clearInterval(timer);
}

/** The embedded server's host hooks for a database path (see EmbeddedHost). */
function embeddedHost(dbPath: string, settings: Settings): EmbeddedHost {
  return {
    onActivity(listener) {
      let listeners = activityListeners.get(dbPath);
      if (!listeners) activityListeners.set(dbPath, (listeners = new Set()));
      const set = listeners;
      set.add(listener);
      const stopWatching = watchOtherProcesses(dbPath, settings, listener);
      return () => {
        stopWatching();
        set.delete(listener);
      };
    },
    async startServices() {
      // The runs of `prefect:managed` pools belong to whoever hosts the server: here, this long-lived process.
      const [services, { startManagedPools }] = await Promise.all([
        (await embeddedServer(dbPath, settings)).startServices(settings),
        import("./worker/managed-pools.js"),
      ]);
      const managed = startManagedPools({ client: getClient({ settings }) });
      return {
        async stop() {
          await managed.stop();
          await services.stop();
        },
      };
    },
    async serveOnLoopback() {
      return (await embeddedServer(dbPath, settings)).listen();
    },
    subscribeEvents(filter, listener) {
      let unsubscribe: (() => void) | undefined;
      let closed = false;
      void embeddedServer(dbPath, settings).then((server) => {
        if (!closed) unsubscribe = server.subscribeEvents(filter, listener);
      }, () => undefined); // a database that cannot open fails the client's requests, which say why
      return () => {
        closed = true;
        unsubscribe?.();
      };
    },
  };
}

/**
 * A client for the configured API. With `PREFECT_API_URL` set it talks to that server; without it, to the
 * embedded server on `PREFECT_API_DATABASE_CONNECTION_URL` (default `$PREFECT_HOME/prefect.db`), served
 * in-process at {@link EMBEDDED_API_URL}. Synchronous: nothing is opened until the first request.
 *
 * @example
 * const client = getClient();
 * const flow = await client.createFlow("etl");
 * @throws ConfigError when PREFECT_API_DATABASE_CONNECTION_URL is not a SQLite URL (embedded mode)
 */
export function getClient(options: GetClientOptions = {}): PrefectClient {
  const settings = options.settings ?? resolveSettings();
  const common = {
    timeoutMs: settings.PREFECT_API_REQUEST_TIMEOUT * 1000,
    maxRetries: settings.PREFECT_CLIENT_MAX_RETRIES,
  };
  const apiUrl = settings.PREFECT_API_URL;
  if (apiUrl) {
    const remote = new PrefectClient({
      apiUrl,
      ...common,
      ...(settings.PREFECT_API_KEY ? { apiKey: settings.PREFECT_API_KEY } : {}),
      ...(settings.PREFECT_API_AUTH_STRING ? { authString: settings.PREFECT_API_AUTH_STRING } : {}),
    });
    // As Prefect's client does on entering: compare the server's version with ours, once per process (warns only).
    void warnIfServerOlder(remote);
    return remote;
  }
  const dbPath = sqlitePathFromConnectionUrl(settings.PREFECT_API_DATABASE_CONNECTION_URL);
  return new PrefectClient({
    apiUrl: EMBEDDED_API_URL,
    ...common,
    inProcess: embeddedHandler(dbPath, settings),
    embeddedHost: embeddedHost(dbPath, settings),
  });
}

/** Closes every embedded server this process opened (their SQLite stores); the next request reopens. */
export async function closeEmbeddedServers(): Promise<void> {
  const all = [...embedded.values()];
  embedded.clear();
  generation++;
  const results = await Promise.allSettled(all);
  for (const r of results) if (r.status === "fulfilled") r.value.close();
}
