// `serve(...deployments)`: registers deployments built with `flow.toDeployment()` and runs them in this process until
// SIGINT/SIGTERM (or an AbortSignal): a Runner polling their scheduled runs, plus the server's scheduler and late-runs
// services when the API is the embedded one. A module loaded as an entrypoint skips it (no main-guard needed).
import type { Deployment, PrefectClient } from "../client/index.js";
import { currentClient, currentSettings } from "../engine/index.js";
import { deploymentArgs, haltAtMain, isLoadingEntrypoint } from "../deploy/index.js";
import type { EmbeddedServerHandle, RunningServices } from "./embedded-server.js";
import type { Runner } from "./runner.js";

/** Options of {@link serve} (the last argument) and of `flow.serve()`. */
export interface ServeOptions {
  /** At most this many runs at once. @default 5 (PREFECT_RUNNER_PROCESS_LIMIT) */
  limit?: number;
  /** Pause the deployments' schedules when the process stops (Prefect's default; ours is false). @default false */
  pauseOnShutdown?: boolean;
  /** Seconds between polls. @default 1 (PREFECT_RUNNER_POLL_FREQUENCY) */
  pollIntervalSeconds?: number;
  /** On shutdown, seconds running flow runs get to finish before they are killed and marked Crashed. @default 30 */
  shutdownGraceSeconds?: number;
  /** Print how to trigger the deployments. @default true */
  printStartingMessage?: boolean;
  /** Stops serving when aborted (like SIGINT, without exiting the process). */
  signal?: AbortSignal;
  /** Exit the process (code 0) after a SIGINT/SIGTERM shutdown. @default true */
  exitOnSignal?: boolean;
  /** The API to register with and poll. @default the engine's client (PREFECT_API_URL or the embedded server) */
  client?: PrefectClient;
  /**
   * The embedded server to host (its services, its API on a loopback port for the runs).
   * @default the one `client` talks to when `getClient()` made it (`openEmbeddedServer()`), none for a remote API
   */
  embeddedServer?: EmbeddedServerHandle;
}

/** What `serve()` needs of a deployment: a `RunnerDeployment` from `flow.toDeployment()` of any flow. */
export interface ServableDeployment {
  readonly flowName: string;
  readonly fullName: string;
  /** Validates the schedules. */
  schedules(): Promise<unknown>;
  /** Finds the entrypoint (a flow its module does not export is an error before anything is written). */
  location?(): Promise<unknown>;
  /** Registers the deployment. */
  apply(client: PrefectClient): Promise<Deployment>;
}

type ServeArg = ServableDeployment | ServeOptions;

function startingMessage(deployments: readonly ServableDeployment[]): string {
  const first = deployments[0];
  if (deployments.length === 1 && first) {
    return [
      `Your flow '${first.flowName}' is being served and polling for scheduled runs!`,
      "",
      "To trigger a run for this flow, use the following command:",
      "",
      `        $ prefect-ts deployment run '${first.fullName}'`,
      "",
    ].join("\n");
  }
  return [
    "Your deployments are being served and polling for scheduled runs!",
    "",
    ...deployments.map((d) => `  - ${d.fullName}`),
    "",
    "To trigger any of these deployments, use the following command:",
    "",
    "        $ prefect-ts deployment run '[FLOW_NAME]/[DEPLOYMENT_NAME]'",
    "",
  ].join("\n");
}

/**
 * Registers the deployments and executes their scheduled and triggered runs, each in a child process
 * (`prefect-ts flow-run execute <id>`), until SIGINT/SIGTERM or `signal`. When the module calling it is being loaded
 * as a run's entrypoint it does nothing and never returns: the rest of the module is its main part, not the run's.
 * @throws ConfigError/ScheduleError/EntrypointError before anything is written when a deployment is invalid
 * @example
 * await serve(etl.toDeployment({ name: "nightly", cron: "0 2 * * *" }), report.toDeployment({ name: "hourly", interval: 3600 }));
 */
export async function serve(...args: ServeArg[]): Promise<void> {
  if (isLoadingEntrypoint()) return haltAtMain();
  const { deployments, options } = deploymentArgs<ServableDeployment, ServeOptions>(args);
  if (deployments.length === 0)
    throw new TypeError('serve() needs at least one deployment: serve(myFlow.toDeployment({ name: "nightly" }))');
  const client = options.client ?? (await currentClient());
  const settings = currentSettings();

  // The signal handlers come first: a SIGINT/SIGTERM that arrives while the deployments are written or the runner
  // gets ready (say, as soon as the message below is read) lets that finish and stops cleanly, instead of killing the
  // process half-way.
  let bySignal = false;
  let runner: Runner | undefined;
  const onSignal = (signal: NodeJS.Signals): void => {
    bySignal = true;
    process.stderr.write(`Received ${signal}: stopping the runner...\n`);
    void runner?.stop();
  };
  const onAbort = (): void => void runner?.stop();
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  options.signal?.addEventListener("abort", onAbort, { once: true });
  const ids: string[] = [];
  let services: RunningServices | undefined;
  try {
    // Every deployment's schedules and entrypoint are checked before the first is written.
    for (const deployment of deployments) {
      await deployment.schedules();
      await deployment.location?.();
    }
    for (const deployment of deployments) ids.push((await deployment.apply(client)).id);
    if (options.printStartingMessage ?? true) process.stdout.write(startingMessage(deployments));

    // Loaded here, not at import: `import "prefect-ts"` for a plain flow call never needs the Runner.
    const [{ Runner }, { embeddedServerOf }] = await Promise.all([
      import("./runner.js"),
      import("./embedded-server.js"),
    ]);
    const embeddedServer = options.embeddedServer ?? embeddedServerOf(client);
    services = await embeddedServer?.startServices();
    runner = new Runner({
      client,
      ...(embeddedServer ? { embeddedServer } : {}),
      limit: options.limit ?? settings.PREFECT_RUNNER_PROCESS_LIMIT,
      pollIntervalSeconds: options.pollIntervalSeconds ?? settings.PREFECT_RUNNER_POLL_FREQUENCY,
      ...(options.shutdownGraceSeconds === undefined ? {} : { shutdownGraceSeconds: options.shutdownGraceSeconds }),
    });
    for (const id of ids) runner.addDeployment(id);
    // On the embedded database the runner serves its API (and the dashboard) on loopback: say where to look.
    await runner.prepare();
    if ((options.printStartingMessage ?? true) && runner.dashboardUrl)
      process.stdout.write(`Dashboard: ${runner.dashboardUrl}\n\n`);
    if (bySignal || options.signal?.aborted === true) await runner.stop();
    else await runner.start();
  } finally {
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
    options.signal?.removeEventListener("abort", onAbort);
    // Paused only once served: a deployment that failed to apply stopped serve() before it began.
    if (options.pauseOnShutdown === true && runner !== undefined) await pauseSchedules(client, ids);
    await services?.stop();
  }
  if (bySignal && (options.exitOnSignal ?? true)) process.exit(0);
}

/** Pauses every schedule of the deployments (Prefect's `pause_on_shutdown`). */
async function pauseSchedules(client: PrefectClient, deploymentIds: readonly string[]): Promise<void> {
  for (const id of deploymentIds) {
    for (const schedule of await client.readDeploymentSchedules(id)) {
      if (schedule.active) await client.updateDeploymentSchedule(id, schedule.id, { active: false });
    }
  }
}
