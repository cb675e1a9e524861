// `prefect:managed` work pools: their runs need no worker of the user's, the server (`server start`, or a long-lived
// embedded host: serve(), a worker) runs them itself. This supervisor keeps one internal Worker per managed pool,
// started when the pool appears and stopped when it goes; claims make several supervisors on one API exactly-once.
import { hostname } from "node:os";
import type { PrefectClient } from "../client/index.js";
import type { EmbeddedServerHandle } from "./embedded-server.js";
import { MANAGED_POOL_TYPE } from "./managed-worker-type.js";
import { Worker } from "./worker.js";

/** Options of {@link startManagedPools}. */
export interface ManagedPoolsOptions {
  /** The API whose managed pools to run (children report to it too). */
  client: PrefectClient;
  /** The embedded server `client` talks to, when it does: served on a loopback port for the runs. */
  embeddedServer?: EmbeddedServerHandle;
  /** Seconds between looks for new or deleted managed pools. @default 5 */
  pollSeconds?: number;
  /** Seconds between each internal worker's polls for runs (it is also woken by new runs). @default 10 */
  querySeconds?: number;
  /** Where the supervisor's and its workers' messages go. @default a line on stderr */
  log?: (message: string) => void;
  /** The environment of the runs' processes. @default process.env */
  env?: NodeJS.ProcessEnv;
}

/** The running supervisor. */
export interface ManagedPools {
  /** Names of the managed pools whose runs this process executes now. */
  readonly pools: string[];
  /** Looks for managed pools at once (a pool was just created). */
  refresh(): Promise<void>;
  /** Stops looking and stops every internal worker (their runs get the shutdown grace). */
  stop(): Promise<void>;
}

/**
 * Runs the flow runs of every `prefect:managed` work pool of the API, as processes (or containers when the deployment
 * has an image and Docker answers), until `stop()`.
 * @example const managed = startManagedPools({ client }); ... await managed.stop();
 */
export function startManagedPools(options: ManagedPoolsOptions): ManagedPools {
  const { client } = options;
  const log = options.log ?? ((message: string) => process.stderr.write(`${message}\n`));
  const workers = new Map<string, { worker: Worker; started: Promise<void> }>();
  let stopped = false;
  let pass: Promise<void> = Promise.resolve();

  const look = async (): Promise<void> => {
    const pools = await client.readWorkPools({ workPoolFilter: { type: { any_: [MANAGED_POOL_TYPE] } } });
    if (stopped) return;
    const names = new Set(pools.map((p) => p.name));
    for (const name of names) {
      if (workers.has(name)) continue;
      const worker = new Worker({
        client,
        ...(options.embeddedServer ? { embeddedServer: options.embeddedServer } : {}),
        workPoolName: name,
        type: MANAGED_POOL_TYPE,
        name: `managed ${hostname()}`,
        createPoolIfNotFound: false,
        hostServices: false,
        querySeconds: options.querySeconds ?? 10,
        log,
        ...(options.env === undefined ? {} : { env: options.env }),
      });
      const started = worker.start().catch((error: unknown) => {
        log(`Managed work pool '${name}': ${error instanceof Error ? error.message : String(error)}`);
        workers.delete(name);
      });
      workers.set(name, { worker, started });
    }
    for (const [name, { worker }] of workers) {
      if (names.has(name)) continue;
      workers.delete(name);
      await worker.stop();
    }
  };
  const refresh = (): Promise<void> => {
    pass = pass
      .then(look)
      .catch((error: unknown) =>
        log(
          `Could not read the managed work pools (will retry): ${error instanceof Error ? error.message : String(error)}`,
        ),
      );
    return pass;
  };
  void refresh();
  const timer = setInterval(() => void refresh(), (options.pollSeconds ?? 5) * 1000);
  timer.unref();

  return {
    get pools() {
      return [...workers.keys()];
    },
    refresh,
    async stop() {
      stopped = true;
      clearInterval(timer);
      await pass;
      await Promise.all(
        [...workers.values()].map(async ({ worker, started }) => {
          await worker.stop();
          await started;
        }),
      );
      workers.clear();
    },
  };
}
