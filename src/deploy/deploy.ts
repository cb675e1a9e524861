// `deploy(...deployments, { workPoolName })` and `flow.deploy()`: registers deployments whose runs a worker of a
// work pool executes (Prefect's `deploy`). Every deployment is checked first (name, schedules, pool), so a bad one
// writes nothing. The code runs where it lies (`path` = the project directory), or from an image that deploy() builds
// (and pushes) once for all the deployments and records as their `image` job variable.
import type { Deployment, FlowRun, PrefectClient, WorkPool } from "../client/index.js";
import { currentClient } from "../engine/index.js";
import { ConfigError, ObjectNotFoundError } from "../errors.js";
import { DEFAULT_AGENT_POOL_NAME } from "../schemas/plain.js";
import type { DeploymentImage } from "./image/deployment-image.js";
import { haltAtMain, isLoadingEntrypoint } from "./entrypoint-mode.js";
import { runDeployment, type RunDeploymentOptions } from "./run-deployment.js";
import { deploymentArgs, type ApplyOptions } from "./runner-deployment.js";

/** Options of {@link deploy} (its last argument). */
export interface DeployOptions {
  /** The work pool of every deployment (over each one's own `workPoolName`). */
  workPoolName?: string;
  /** Print what was deployed and how to run it. @default true */
  print?: boolean;
  /** The API to register with. @default the engine's client (PREFECT_API_URL or the embedded server) */
  client?: PrefectClient;
  /** Where warnings go. @default a line on stderr */
  onWarning?: (message: string) => void;
  /**
   * The image the runs start from (a pool that runs images: `docker`, `prefect:managed`): `"name:tag"` or a
   * `DeploymentImage` to build. Stored as each deployment's `image` job variable (with the digest when pushed).
   */
  image?: string | DeploymentImage;
  /** Build the image before registering. @default true when `image` is given */
  build?: boolean;
  /** Push the built image to its registry (credentials from the Docker config file). @default true, as Prefect */
  push?: boolean;
  /** Print the generated Dockerfile (`dockerfile: "auto"`) before building it. @default false */
  printDockerfile?: boolean;
  /** Where build and push progress lines go. @default stdout */
  onProgress?: (line: string) => void;
}

/** A registered deployment; `run()` triggers it with the flow's parameter types. */
export interface DeployedDeployment<F = unknown> {
  /** The deployment as stored. */
  readonly deployment: Deployment;
  readonly id: string;
  /** `"<flow name>/<deployment name>"`. */
  readonly fullName: string;
  readonly workPoolName: string;
  /**
   * Creates a run and waits for its final state (`runDeployment`; `timeoutSeconds: 0` returns at once).
   * @example const run = await handle.run({ parameters: { repoName: "PrefectHQ/prefect" } });
   */
  run(options?: RunDeploymentOptions<F>): Promise<FlowRun>;
}

/** What `deploy()` needs of a deployment: a `RunnerDeployment` from `flow.toDeployment()` of any flow. */
export interface DeployableDeployment {
  readonly name: string;
  readonly flowName: string;
  readonly fullName: string;
  readonly options: {
    readonly workPoolName?: string | undefined;
    readonly jobVariables?: Record<string, unknown> | undefined;
  };
  /** Validates the schedules. */
  schedules(): Promise<unknown>;
  /** Finds the entrypoint (a flow its module does not export is an error before anything is written). */
  location?(): Promise<unknown>;
  /** Registers the deployment. */
  apply(client: PrefectClient, options: ApplyOptions): Promise<Deployment>;
}

/** The pool, or a ConfigError that lists the pools there are and how to create this one. */
export async function requireWorkPool(client: PrefectClient, name: string): Promise<WorkPool> {
  try {
    return await client.readWorkPool(name);
  } catch (error) {
    if (!(error instanceof ObjectNotFoundError)) throw error;
    const pools = await client.readWorkPools().catch(() => []);
    const known =
      pools.length > 0
        ? ` Work pools: ${pools.map((p) => `'${p.name}'`).join(", ")}.`
        : " There are no work pools yet.";
    throw new ConfigError(
      `Work pool '${name}' does not exist.${known} Create it with: prefect-ts work-pool create '${name}' --type process`,
      "workPoolName",
    );
  }
}

/** The lines `deploy()` prints; `managed` names the pools whose runs need no worker. */
export function deployedMessage(
  deployed: readonly DeployedDeployment[],
  managed: ReadonlySet<string> = new Set(),
): string {
  const pools = [...new Set(deployed.map((d) => d.workPoolName))].filter((p) => !managed.has(p));
  const workers =
    pools.length === 0
      ? [
          `The server runs the flow runs of ${managed.size === 1 ? "this managed work pool" : "these managed work pools"} itself: no worker is needed.`,
          "",
        ]
      : [
          `To execute flow runs from ${deployed.length === 1 ? "this deployment" : "these deployments"}, start a worker that pulls work from the ${pools.map((p) => `'${p}'`).join(", ")} work pool:`,
          "",
          // Prefect 2's agents, not workers, poll the default agent pool's queues.
          ...pools.flatMap((p) =>
            p === DEFAULT_AGENT_POOL_NAME
              ? [
                  ...new Set(
                    deployed.filter((d) => d.workPoolName === p).map((d) => d.deployment.workQueueName ?? "default"),
                  ),
                ].map((q) => `        $ prefect-ts agent start -q '${q}'`)
              : [`        $ prefect-ts worker start --pool '${p}'`],
          ),
          "",
        ];
  return [
    `Successfully created/updated all deployments!`,
    "",
    ...deployed.map((d) => `  - ${d.fullName} (work pool '${d.workPoolName}')`),
    "",
    ...workers,
    `To schedule a run for ${deployed.length === 1 ? "this deployment" : "a deployment"}, use the following command:`,
    "",
    `        $ prefect-ts deployment run '${deployed[0]?.fullName ?? "[FLOW_NAME]/[DEPLOYMENT_NAME]"}'`,
    "",
  ].join("\n");
}

/**
 * Registers deployments built with `flow.toDeployment()` to run on a work pool. Checks every deployment (schedules,
 * work pool) before writing any. When the calling module is being loaded as a run's entrypoint it does nothing and
 * never returns, so the code after it (triggering runs, say) is the module's main part and needs no guard.
 * @throws ConfigError (no pool, unknown pool: listing the pools), ScheduleError, EntrypointError (the flow is not
 *   exported from the module that defines it), before anything is written or built
 * @example
 * await deploy(etl.toDeployment({ name: "nightly", cron: "0 2 * * *" }), { workPoolName: "my-pool" });
 */
export async function deploy(...args: (DeployableDeployment | DeployOptions)[]): Promise<DeployedDeployment[]> {
  if (isLoadingEntrypoint()) return haltAtMain();
  const { deployments, options } = deploymentArgs<DeployableDeployment, DeployOptions>(args);
  if (deployments.length === 0)
    throw new TypeError(
      'deploy() needs at least one deployment: deploy(myFlow.toDeployment({ name: "nightly" }), { workPoolName: "my-pool" })',
    );
  const client = options.client ?? (await currentClient());

  const pools = new Map<string, WorkPool>();
  for (const deployment of deployments) {
    const poolName = options.workPoolName ?? deployment.options.workPoolName;
    if (!poolName) {
      throw new ConfigError(
        `Deployment '${deployment.fullName}' needs a work pool: deploy({ name: "${deployment.name}", workPoolName: "my-pool" }), ` +
          `or serve() it instead to run it in this process.`,
        "workPoolName",
      );
    }
    await deployment.schedules();
    await deployment.location?.();
    if (!pools.has(poolName)) pools.set(poolName, await requireWorkPool(client, poolName));
  }
  if (options.image !== undefined) for (const pool of pools.values()) requireImagePool(pool);

  // One build (and push) for every deployment, before any is written: a failed build or push registers nothing.
  const image = options.image === undefined ? undefined : await prepareImage(options.image, options);
  const deployed: DeployedDeployment[] = [];
  for (const deployment of deployments) {
    const workPoolName = (options.workPoolName ?? deployment.options.workPoolName) as string;
    const stored = await deployment.apply(client, {
      workPoolName,
      ...(options.onWarning ? { onWarning: options.onWarning } : {}),
      // The code is in the image, copied from the project directory into its working directory.
      ...(image === undefined
        ? {}
        : {
            jobVariables: imageJobVariables(image, pools.get(workPoolName), deployment.options.jobVariables),
            path: null,
          }),
    });
    deployed.push(handle(stored, deployment.fullName, workPoolName, client));
  }
  const managed = new Set([...pools.values()].filter((p) => p.type === "prefect:managed").map((p) => p.name));
  if (options.print ?? true) process.stdout.write(deployedMessage(deployed, managed));
  return deployed;
}

/** A pool whose runs can start from an image: its job variables have an `image` (Prefect's check). */
function requireImagePool(pool: WorkPool): void {
  const properties = ((pool.baseJobTemplate as { variables?: { properties?: Record<string, unknown> } }).variables
    ?.properties ?? {}) as Record<string, unknown>;
  if ("image" in properties) return;
  throw new ConfigError(
    `Work pool '${pool.name}' (type ${pool.type}) does not run images: leave out \`image\` to run the code where it lies, ` +
      `or deploy to a Docker pool (prefect-ts work-pool create my-docker-pool --type docker).`,
    "image",
  );
}

/** The image a deploy() call prepared: its reference, and whether it exists only in the engine that built it. */
interface PreparedDeployImage {
  readonly reference: string;
  /** Built here and not pushed: no registry has it, so a worker must not try to pull it. */
  readonly localOnly: boolean;
}

/**
 * The job variables that carry a deployment's image: `image`, and for an image that exists only in the local engine
 * (built, not pushed) `image_pull_policy: "IfNotPresent"` unless the deployment sets its own. Without it a `latest`
 * (or untagged) image would get Prefect's default policy `Always`, and every run would crash on a pull from a
 * registry that never had the image (seed 001: tag `latest`, no push, a worker on the same engine).
 */
function imageJobVariables(
  image: PreparedDeployImage,
  pool: WorkPool | undefined,
  own: Record<string, unknown> | undefined,
): Record<string, unknown> {
  const properties = ((pool?.baseJobTemplate as { variables?: { properties?: Record<string, unknown> } } | undefined)
    ?.variables?.properties ?? {}) as Record<string, unknown>;
  const pinPolicy = image.localOnly && "image_pull_policy" in properties && own?.image_pull_policy === undefined;
  return { image: image.reference, ...(pinPolicy ? { image_pull_policy: "IfNotPresent" } : {}) };
}

/** Builds and pushes as asked; the reference to store as the `image` job variable. */
async function prepareImage(image: string | DeploymentImage, options: DeployOptions): Promise<PreparedDeployImage> {
  const { prepareDeploymentImage } = await import("./image/prepare-image.js");
  const prepared = await prepareDeploymentImage(image, {
    build: options.build ?? true,
    push: options.push ?? true,
    ...(options.printDockerfile ? { printDockerfile: true } : {}),
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
  });
  // A pushed image is pinned by its digest: the runs start from exactly what was pushed, even if the tag moves.
  const reference =
    prepared.digest === undefined || prepared.reference.includes("@")
      ? prepared.reference
      : `${prepared.reference}@${prepared.digest}`;
  return { reference, localOnly: (options.build ?? true) && !(options.push ?? true) };
}

function handle<F>(
  deployment: Deployment,
  fullName: string,
  workPoolName: string,
  client: PrefectClient,
): DeployedDeployment<F> {
  return {
    deployment,
    id: deployment.id,
    fullName,
    workPoolName,
    run: (options) => runDeployment<F>(deployment.id, { client, ...options } as RunDeploymentOptions<F>),
  };
}
