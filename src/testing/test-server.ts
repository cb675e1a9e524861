// createTestServer(): a fresh prefect-ts server (temp PREFECT_HOME and database) with a client on it, over the
// in-process transport or real loopback HTTP; `transports` lists both for `describe.each`.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PrefectClient } from "../client/index.js";
import type { Clock } from "../engine/index.js";
import { createApp, openStore, startServer } from "../server/index.js";

/** The two ways a client reaches a server: `app.fetch` in-process, or HTTP on 127.0.0.1. */
export const transports = ["in-process", "http"] as const;
/** One of {@link transports}. */
export type Transport = (typeof transports)[number];

/** Options of {@link createTestServer}. */
export interface TestServerOptions {
  transport: Transport;
  /** Require HTTP Basic `user:password` (PREFECT_SERVER_API_AUTH_STRING); the client sends it. */
  authString?: string;
  /** The API's clock (a `ManualClock` the engine or a worker also reads, so orchestration's waits agree). @default wall time */
  clock?: Clock;
}

/** A running test server and a client on it. `close()` stops it and deletes its temp directory. */
export interface TestServer {
  readonly client: PrefectClient;
  readonly apiUrl: string;
  /** The temp PREFECT_HOME. */
  readonly home: string;
  /** The SQLite file under `home`. */
  readonly dbPath: string;
  close(): Promise<void>;
}

/** The API URL of an in-process test server (requests never leave the process). */
export const IN_PROCESS_API_URL = "http://in-process.prefect-ts/api";

/**
 * Starts a server on a fresh temp database, over the chosen transport.
 * @example
 * describe.each(transports)("flows over %s", (transport) => {
 *   let server: TestServer;
 *   beforeAll(async () => { server = await createTestServer({ transport }); });
 *   afterAll(() => server.close());
 * });
 */
export async function createTestServer(options: TestServerOptions): Promise<TestServer> {
  const home = await mkdtemp(join(tmpdir(), "prefect-ts-test-"));
  const dbPath = join(home, "prefect.db");
  const auth = options.authString ? { authString: options.authString } : {};
  const clock = options.clock;
  const now = clock ? { now: () => new Date(clock.now()) } : {};
  const removeHome = () => rm(home, { recursive: true, force: true });
  try {
    if (options.transport === "http") {
      const server = await startServer({ host: "127.0.0.1", port: 0, dbPath, ...auth, ...now });
      const client = new PrefectClient({ apiUrl: server.apiUrl, ...auth });
      return {
        client,
        apiUrl: server.apiUrl,
        home,
        dbPath,
        close: async () => {
          await server.close();
          await removeHome();
        },
      };
    }
    const store = openStore(dbPath);
    const app = createApp({ store, ...auth, ...now });
    // The in-process transport: requests go straight to app.fetch, without ky (no network, so no retries).
    const client = new PrefectClient({
      apiUrl: IN_PROCESS_API_URL,
      inProcess: (request) => app.fetch(request),
      ...auth,
    });
    return {
      client,
      apiUrl: IN_PROCESS_API_URL,
      home,
      dbPath,
      close: async () => {
        store.close();
        await removeHome();
      },
    };
  } catch (error) {
    await removeHome();
    throw error;
  }
}
