// getClient(): the one place that chooses between a remote API (PREFECT_API_URL set) and the embedded server (same
// app, in-process, no socket); openEmbeddedServer(): that server as a long-lived host uses it. Cheap to import: the
// server (better-sqlite3, hono) and the schemas load on the first request.
import { randomBytes } from "node:crypto";
import { watch, mkdirSync } from "node:fs";
import { basename, dirname } from "node:path";
import { PrefectClient } from "./client/client.js";
import type { EventSubscription, InProcessServer, ReceivedEvent } from "./client/index.js";
import { PrefectError } from "./errors.js";
import type { EventFilterInput } from "./schemas/index.js";
import { resolveSettings, sqlitePathFromConnectionUrl, type Settings } from "./settings/index.js";
import {
  importManagedPools,
  importWorkerMetadata,
  setEmbeddedServerLookup,
  type EmbeddedServerHandle,
  type LoopbackApi,
  type RunningServices,
} from "./worker/index.js";

/** The API URL an embedded client reports; requests to it never leave the process. */
export const EMBEDDED_API_URL = "http://embedded.prefect-ts/api";

/** Options of `getClient()` and `openEmbeddedServer()`. */
export interface GetClientOptions {
  /** Resolved settings. @default resolveSettings() (environment, then active profile, then defaults) */
  settings?: Settings;
}

/** The embedded server of one database, opened in this process. */
interface EmbeddedServer {
  fetch(request: Request): Response | Promise<Response>;
  startServices(settings: Settings): RunningServices;
  /** SQLite's `data_version`: changes when another connection (another process) commits to the database. */
  dataVersion(): number;
  subscribeEvents(filter: EventFilterInput, listener: (event: ReceivedEvent) => void): () => void;
  listen(hostSettings: Settings): Promise<LoopbackApi>;
  close(): void;
}

const opened = new Map<string, Promise<EmbeddedServer>>();
/** Bumped by closeEmbeddedServers() so clients drop the server they cached. */
let generation = 0;

async function openEmbedded(dbPath: string, settings: Settings): Promise<EmbeddedServer> {
  try {
    mkdirSync(settings.PREFECT_HOME, { recursive: true });
    if (dbPath !== ":memory:") mkdirSync(dirname(dbPath), { recursive: true });
    // Dynamic imports: importing the SDK must not load better-sqlite3, hono or zod until a request needs them.
    const [server, { EventFilter }] = await Promise.all([import("./server/index.js"), import("./schemas/index.js")]);
    const store = server.openStore(dbPath);
    const services = server.serviceOptionsFromSettings(settings);
    // Deployments get their scheduled runs as soon as they change, with the configured scheduler limits.
    const app = server.createApp({ store, scheduler: services.scheduler, settings });
    return {
      fetch: (request) => app.fetch(request),
      // Unref'd: a long-lived host's own work (its poll loop, its children) keeps the process alive, not these timers.
      startServices: (hostSettings) =>
        server.startServices(store, { ...server.serviceOptionsFromSettings(hostSettings), unref: true }),
      dataVersion: () => Number(store.conn.db.pragma("data_version", { simple: true })),
      subscribeEvents(filter, listener) {
        const parsed = EventFilter.parse(filter);
        return store.eventBus.subscribe((event) => {
          if (server.eventMatches(event, parsed)) listener(event);
        });
      },
      async listen(hostSettings) {
        const authString = `prefect-ts:${randomBytes(18).toString("base64url")}`;
        // The dashboard rides on the same port as Prefect's does on its server (PREFECT_UI_ENABLED=false: API only).
        const ui = hostSettings.PREFECT_UI_ENABLED ? { serveBase: hostSettings.PREFECT_UI_SERVE_BASE } : false;
        const { collectionViews } = await importWorkerMetadata();
        const running = await server.startServer({
          store,
          port: 0,
          host: "127.0.0.1",
          authString,
          scheduler: services.scheduler,
          ui,
          collectionViews: collectionViews(),
          settings: hostSettings,
        });
        return {
          apiUrl: running.apiUrl,
          authString,
          dashboardUrl: ui ? dashboardUrl(running.url, ui.serveBase, authString) : undefined,
          close: () => running.close(),
        };
      },
      close: () => store.close(),
    };
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

/**
 * The URL to open the loopback dashboard with: the serve base, and the auth string in the fragment (never sent to
 * the server; the dashboard keeps it for the tab and drops it from the address bar), as Jupyter hands out its token.
 */
function dashboardUrl(origin: string, serveBase: string, authString: string): string {
  const base = serveBase.replace(/^\/*|\/*$/g, "");
  return `${origin}/${base === "" ? "" : `${base}/`}#auth=${encodeURIComponent(authString)}`;
}

/** The shared embedded server of a database path, opened on first use (one per path per process). */
function embeddedServer(dbPath: string, settings: Settings): Promise<EmbeddedServer> {
  let pending = opened.get(dbPath);
  if (!pending) {
    pending = openEmbedded(dbPath, settings);
    opened.set(dbPath, pending);
    // A failed open is not cached: the next request tries again.
    pending.catch(() => opened.delete(dbPath));
  }
  return pending;
}

/** The in-process server a client of the embedded database sends to: opened on its first request. */
function inProcessServer(dbPath: string, settings: Settings): InProcessServer {
  let server: EmbeddedServer | undefined;
  let openedIn = -1;
  const current = async (): Promise<EmbeddedServer> => {
    if (server === undefined || openedIn !== generation) {
      const at = generation;
      server = await embeddedServer(dbPath, settings);
      openedIn = at;
    }
    return server;
  };
  return {
    fetch: async (request) => (await current()).fetch(request),
    subscribeEvents(filter, listener): EventSubscription {
      let unsubscribe: (() => void) | undefined;
      let closed = false;
      const ready = current().then((s) => {
        if (closed) throw new Error("The event subscription was closed before the server accepted it.");
        unsubscribe = s.subscribeEvents(filter, listener);
      });
      ready.catch(() => undefined);
      return {
        ready,
        close() {
          closed = true;
          unsubscribe?.();
        },
      };
    },
  };
}

/**
 * Calls `listener` when another process commits to the database at `dbPath`, until the returned stop. SQLite in WAL
 * mode appends every commit to `<db>-wal`: a change to that file (fs.watch, no polling) whose `data_version` moved
 * is another connection's commit (this process's own writes leave `data_version` as it is).
 */
function watchExternalCommits(dbPath: string, settings: Settings, listener: () => void): () => void {
  let stopped = false;
  let watcher: ReturnType<typeof watch> | undefined;
  void embeddedServer(dbPath, settings).then(
    (server) => {
      if (stopped) return;
      const wal = `${basename(dbPath)}-wal`;
      let last = server.dataVersion();
      watcher = watch(dirname(dbPath), { persistent: false }, (_type, file) => {
        if (file !== wal) return;
        let version: number;
        try {
          version = server.dataVersion();
        } catch {
          watcher?.close(); // closeEmbeddedServers() closed the database: nothing more to hear from it
          return;
        }
        if (version === last) return;
        last = version;
        listener();
      });
      watcher.on("error", () => watcher?.close()); // the directory went away: nothing more to hear
    },
    () => undefined, // a database that cannot open fails the client's requests, which say why
  );
  return () => {
    stopped = true;
    watcher?.close();
  };
}

/** Remembers which database an embedded client talks to, for {@link embeddedServerOf}. */
const embeddedClients = new WeakMap<PrefectClient, Settings>();

/**
 * A client for the configured API: a real {@link PrefectClient}. With `PREFECT_API_URL` set it talks to that
 * server; without it, to the embedded server on `PREFECT_API_DATABASE_CONNECTION_URL` (default
 * `$PREFECT_HOME/prefect.db`), called in-process at {@link EMBEDDED_API_URL}. Synchronous and cheap: settings are
 * resolved now, the client code, the transport and the server load on the first request.
 *
 * @example
 * const client = getClient();
 * const flow = await client.createFlow("etl");
 * @throws ConfigError when a setting is invalid, or PREFECT_API_DATABASE_CONNECTION_URL is not a SQLite URL
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
    // The check's code comes with the client's (zod), which its request loads anyway.
    void import("./client/index.js").then(({ warnIfServerOlder }) => warnIfServerOlder(remote));
    return remote;
  }
  const dbPath = sqlitePathFromConnectionUrl(settings.PREFECT_API_DATABASE_CONNECTION_URL);
  const client = new PrefectClient({
    apiUrl: EMBEDDED_API_URL,
    ...common,
    inProcess: inProcessServer(dbPath, settings),
  });
  embeddedClients.set(client, settings);
  return client;
}

/**
 * The embedded server of the configured database, for a long-lived host (`serve()`, `worker start`): its services,
 * its API on a loopback port, wake-ups on other processes' commits. `undefined` when `PREFECT_API_URL` is set (the
 * API is remote: its own host runs all that). Opens nothing until one of its methods is used.
 *
 * @example
 * const server = openEmbeddedServer({ settings });
 * const services = await server?.startServices();
 * @throws ConfigError when PREFECT_API_DATABASE_CONNECTION_URL is not a SQLite URL
 */
export function openEmbeddedServer(options: GetClientOptions = {}): EmbeddedServerHandle | undefined {
  const settings = options.settings ?? resolveSettings();
  if (settings.PREFECT_API_URL) return undefined;
  const dbPath = sqlitePathFromConnectionUrl(settings.PREFECT_API_DATABASE_CONNECTION_URL);
  const handle: EmbeddedServerHandle = {
    async startServices() {
      // The runs of `prefect:managed` pools belong to whoever hosts the server: here, this long-lived process.
      const [services, { startManagedPools }] = await Promise.all([
        embeddedServer(dbPath, settings).then((server) => server.startServices(settings)),
        importManagedPools(),
      ]);
      const managed = startManagedPools({ client: getClient({ settings }), embeddedServer: handle });
      return {
        async stop() {
          await managed.stop();
          await services.stop();
        },
      };
    },
    serveOnLoopback: async () => (await embeddedServer(dbPath, settings)).listen(settings),
    onExternalCommit: (listener) => watchExternalCommits(dbPath, settings, listener),
  };
  return handle;
}

/** The embedded server a client made by {@link getClient} talks to; `undefined` for a remote API or another client. */
export function embeddedServerOf(client: PrefectClient): EmbeddedServerHandle | undefined {
  const settings = embeddedClients.get(client);
  return settings === undefined ? undefined : openEmbeddedServer({ settings });
}
// serve() finds the embedded server of a client through this lookup; every client it can answer for is made here,
// so the lookup is in place whenever one exists.
setEmbeddedServerLookup(embeddedServerOf);

/** Closes every embedded server this process opened (their SQLite stores); the next request reopens. */
export async function closeEmbeddedServers(): Promise<void> {
  const all = [...opened.values()];
  opened.clear();
  generation++;
  const results = await Promise.allSettled(all);
  for (const r of results) if (r.status === "fulfilled") r.value.close();
}
