// `prefect-ts server start`: runs the API server (src/server) and its background services on a socket until
// SIGINT/SIGTERM.
// The server itself, its store and routes live in src/server; this only wires settings to it and prints.
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { processEnvironment, sqlitePathFromConnectionUrl } from "../settings/index.js";
import { importManagedPools, importWorkerMetadata } from "../worker/index.js";
import type { CliContext } from "./context.js";

const LOOPBACK = new Set(["127.0.0.1", "localhost", "::1", "[::1]"]);

/** `server start [--host] [--port]`: prints the URL and how to point clients at it; resolves after a clean shutdown. */
export async function serverStart(context: CliContext, options: { host?: string; port?: number }): Promise<void> {
  const settings = await context.settings();
  const host = options.host ?? settings.PREFECT_SERVER_API_HOST;
  const port = options.port ?? settings.PREFECT_SERVER_API_PORT;
  const dbPath = sqlitePathFromConnectionUrl(settings.PREFECT_API_DATABASE_CONNECTION_URL);
  const authString = settings.PREFECT_SERVER_API_AUTH_STRING;
  if (dbPath !== ":memory:") mkdirSync(dirname(dbPath), { recursive: true });
  if (!LOOPBACK.has(host) && authString === undefined) {
    context.err(
      `Warning: binding ${host} exposes the API without authentication. ` +
        "Set PREFECT_SERVER_API_AUTH_STRING=user:password (and PREFECT_API_AUTH_STRING on clients) to require it.",
    );
  }
  const { securityOptionsFromSettings, serviceOptionsFromSettings, startServer } = await import("../server/index.js");
  const services = {
    ...serviceOptionsFromSettings(settings),
    onError: (error: unknown, service: string) =>
      context.err(`Service ${service} failed: ${error instanceof Error ? error.message : String(error)}`),
  };
  const ui = settings.PREFECT_UI_ENABLED
    ? {
        serveBase: settings.PREFECT_UI_SERVE_BASE,
        ...(settings.PREFECT_UI_API_URL === undefined ? {} : { apiUrl: settings.PREFECT_UI_API_URL }),
      }
    : false;
  const security = securityOptionsFromSettings(settings);
  // The worker types and their default job templates, for the dashboard's "create a work pool" (the server cannot know them).
  const { collectionViews } = await importWorkerMetadata();
  const server = await startServer({
    host,
    port,
    dbPath,
    services,
    ui,
    collectionViews: collectionViews(),
    settings,
    ...security,
    ...(authString === undefined ? {} : { authString }),
  }).catch(async (error: unknown) => {
    const { isAddressInUse, portInUseError } = await import("./port-in-use.js");
    throw isAddressInUse(error) ? await portInUseError(host, port, error) : error;
  });
  // The runs of `prefect:managed` pools are this server's to execute (as a client of itself, like any worker).
  const [{ startManagedPools }, { getClient }, { resolveSettings }] = await Promise.all([
    importManagedPools(),
    import("../connect.js"),
    import("../settings/index.js"),
  ]);
  const self = getClient({
    settings: resolveSettings({
      overrides: {
        PREFECT_API_URL: server.apiUrl,
        ...(authString === undefined ? {} : { PREFECT_API_AUTH_STRING: authString }),
      },
    }),
  });
  const managed = startManagedPools({
    client: self,
    log: (message) => context.err(message),
    ...(authString === undefined ? {} : { env: { ...processEnvironment(), PREFECT_API_AUTH_STRING: authString } }),
  });
  // The handlers are in place before the lines that say the server is up: a signal sent as soon as they are read
  // (a supervisor, a test, a quick Ctrl+C) stops the server cleanly instead of killing the process.
  const stopped = new Promise<void>((resolve, reject) => {
    let stopping = false;
    const stop = (signal: NodeJS.Signals): void => {
      if (stopping) return;
      stopping = true;
      context.out(`Received ${signal}, stopping the server...`);
      managed
        .stop()
        .then(() => server.close())
        .then(() => {
          process.off("SIGINT", stop);
          process.off("SIGTERM", stop);
          context.out("Server stopped.");
          resolve();
        }, reject);
    };
    process.on("SIGINT", stop);
    process.on("SIGTERM", stop);
  });
  context.out(`prefect-ts server running at ${server.url}`);
  if (ui) context.out(`Dashboard: ${server.url}${ui.serveBase.replace(/^\/*|\/*$/g, "").replace(/^(?=.)/, "/")}`);
  context.out(`Database: ${dbPath}`);
  const running = [services.scheduler.enabled ? "scheduler" : "", services.lateRuns.enabled ? "late runs" : ""].filter(
    Boolean,
  );
  context.out(`Services: ${[...running, "managed work pools"].join(", ")}`);
  context.out("");
  context.out("Configure clients to use this server by setting PREFECT_API_URL:");
  context.out(`    prefect-ts config set PREFECT_API_URL=${server.apiUrl}`);
  context.out(`Check it: curl ${server.apiUrl}/health`);
  context.out("Press Ctrl+C to stop.");
  await stopped;
}
