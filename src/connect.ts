// getClient(): the one place that chooses between a remote API (PREFECT_API_URL set) and the embedded server
// (same app, in-process, no socket), plus closeEmbeddedServers(). The server is imported lazily on first request.
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { PrefectClient } from "./client/client.js";
import type { InProcessHandler } from "./client/in-process-transport.js";
import { PrefectError } from "./errors.js";
import { EMBEDDED_API_URL, type GetClientOptions } from "./api-target.js";
import { resolveSettings, sqlitePathFromConnectionUrl } from "./settings/index.js";

export { EMBEDDED_API_URL };
export type { GetClientOptions };

interface EmbeddedApp {
  fetch(request: Request): Response | Promise<Response>;
}
interface EmbeddedServer {
  readonly app: EmbeddedApp;
  close(): void;
}

const embedded = new Map<string, Promise<EmbeddedServer>>();
/** Bumped by closeEmbeddedServers() so clients drop the app they cached. */
let generation = 0;

async function openEmbedded(dbPath: string, home: string): Promise<EmbeddedServer> {
  try {
    mkdirSync(home, { recursive: true });
    if (dbPath !== ":memory:") mkdirSync(dirname(dbPath), { recursive: true });
    // Dynamic import: importing the SDK must not load better-sqlite3 or hono until a request needs them.
    const server = await import("./server/index.js");
    const store = server.openStore(dbPath);
    const app: EmbeddedApp = server.createApp({ store });
    return { app, close: () => store.close() };
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
function embeddedServer(dbPath: string, home: string): Promise<EmbeddedServer> {
  let pending = embedded.get(dbPath);
  if (!pending) {
    pending = openEmbedded(dbPath, home);
    embedded.set(dbPath, pending);
    // A failed open is not cached: the next request tries again.
    pending.catch(() => embedded.delete(dbPath));
  }
  return pending;
}

/** The in-process handler of the embedded server: opens it on the first request, then calls `app.fetch`. */
function embeddedHandler(dbPath: string, home: string): InProcessHandler {
  let app: EmbeddedApp | undefined;
  let openedIn = -1;
  return async (request: Request): Promise<Response> => {
    if (app === undefined || openedIn !== generation) {
      const current = generation;
      app = (await embeddedServer(dbPath, home)).app;
      openedIn = current;
    }
    return app.fetch(request);
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
    return new PrefectClient({
      apiUrl,
      ...common,
      ...(settings.PREFECT_API_KEY ? { apiKey: settings.PREFECT_API_KEY } : {}),
      ...(settings.PREFECT_API_AUTH_STRING ? { authString: settings.PREFECT_API_AUTH_STRING } : {}),
    });
  }
  const dbPath = sqlitePathFromConnectionUrl(settings.PREFECT_API_DATABASE_CONNECTION_URL);
  return new PrefectClient({ apiUrl: EMBEDDED_API_URL, ...common, inProcess: embeddedHandler(dbPath, settings.PREFECT_HOME) });
}

/** Closes every embedded server this process opened (their SQLite stores); the next request reopens. */
export async function closeEmbeddedServers(): Promise<void> {
  const all = [...embedded.values()];
  embedded.clear();
  generation++;
  const results = await Promise.allSettled(all);
  for (const r of results) if (r.status === "fulfilled") r.value.close();
}
