// `prefect-ts worker start --pool NAME`: runs a worker on a work pool until Ctrl-C/SIGTERM (or, with --run-once, for
// one poll), as Prefect's `prefect worker start`. The work itself is src/worker/worker.ts.
import { ObjectNotFoundError, PrefectError } from "../errors.js";
import { importHealthcheck, importWorker } from "../worker/index.js";
import type { CliContext } from "./context.js";

/** Flags of `worker start`. */
export interface WorkerStartFlags {
  pool: string;
  workQueue?: string[];
  name?: string;
  type?: string;
  limit?: number;
  prefetchSeconds?: number;
  runOnce?: boolean;
  withHealthcheck?: boolean;
}

/** Starts the worker; resolves when it has stopped (exit code 0 after a signal). */
export async function workerStart(context: CliContext, flags: WorkerStartFlags): Promise<void> {
  const [client, settings, { Worker }, { startHealthcheck }, { openEmbeddedServer }] = await Promise.all([
    context.client(),
    context.settings(),
    importWorker(),
    importHealthcheck(),
    import("../connect.js"),
  ]);
  // On the embedded database (no PREFECT_API_URL) the worker hosts that server: its services, its loopback API.
  const embeddedServer = openEmbeddedServer({ settings });
  let type = flags.type;
  if (type === undefined) {
    try {
      type = (await client.readWorkPool(flags.pool)).type;
      if (type === "prefect-agent") {
        throw new PrefectError(
          `Work pool '${flags.pool}' is a Prefect 2 agent pool: its queues are polled by an agent. Start one with: prefect-ts agent start -p '${flags.pool}'`,
        );
      }
      context.out(`Discovered type '${type}' for work pool '${flags.pool}'.`);
    } catch (error) {
      if (!(error instanceof ObjectNotFoundError)) throw error;
      type = "process";
      context.out(`Work pool '${flags.pool}' does not exist and no type was given: creating it as a 'process' pool.`);
    }
  }
  await (await import("./pool-lookup.js")).checkWorkQueuesExist(client, flags.pool, flags.workQueue ?? []);
  const querySeconds = settings.PREFECT_WORKER_QUERY_SECONDS;
  const worker = new Worker({
    client,
    ...(embeddedServer ? { embeddedServer } : {}),
    workPoolName: flags.pool,
    type,
    querySeconds,
    heartbeatSeconds: settings.PREFECT_WORKER_HEARTBEAT_SECONDS,
    prefetchSeconds: flags.prefetchSeconds ?? settings.PREFECT_WORKER_PREFETCH_SECONDS,
    log: (message) => context.err(message),
    ...(flags.workQueue?.length ? { workQueueNames: flags.workQueue } : {}),
    ...(flags.name === undefined ? {} : { name: flags.name }),
    ...(flags.limit === undefined ? {} : { limit: flags.limit }),
    onReady: () => {
      context.out(`Worker '${worker.name}' started!`);
      if (worker.dashboardUrl) context.out(`Dashboard: ${worker.dashboardUrl}`);
    },
  });

  if (flags.runOnce) {
    const started = await worker.runOnce();
    context.out(`Worker '${worker.name}' ran ${started.length} flow run(s) and stopped.`);
    return;
  }

  const health = flags.withHealthcheck
    ? await startHealthcheck({
        host: settings.PREFECT_WORKER_WEBSERVER_HOST,
        port: settings.PREFECT_WORKER_WEBSERVER_PORT,
        querySeconds,
        lastPoll: () => worker.lastPoll,
      })
    : undefined;
  const onSignal = (signal: NodeJS.Signals): void => {
    context.err(`Received ${signal}: worker '${worker.name}' stops claiming runs...`);
    void worker.stop();
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  try {
    if (health) context.out(`Health check: http://${settings.PREFECT_WORKER_WEBSERVER_HOST}:${health.port}/health`);
    await worker.start();
  } finally {
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
    await health?.close();
  }
  context.out(`Worker '${worker.name}' stopped.`);
}
