// Deploying a flow named by its entrypoint (`prefect-ts deploy flows/etl.ts:etl -n nightly -p my-pool`): the module is
// loaded in entrypoint mode (its own top-level `.deploy()`/`.serve()` calls do nothing), its flow found, and deployed
// with `path` = the directory the entrypoint is relative to, exactly as `flow.deploy()` would from that module.
import path from "node:path";
import { loadFlowFromEntrypoint } from "./entrypoint.js";
import { deploy, type DeployedDeployment, type DeployOptions } from "./deploy.js";
import { RunnerDeployment, type DeploymentOptions } from "./runner-deployment.js";

/** Options of {@link deployEntrypoint}: the deployment's (`name` and `workPoolName` required) and `deploy()`'s. */
export interface DeployEntrypointOptions
  extends Omit<DeploymentOptions, "entrypoint">, Omit<DeployOptions, "workPoolName"> {
  workPoolName: string;
}

/**
 * Loads the flow at `entrypoint` (relative to `options.path`, default the current directory) and deploys it to
 * `options.workPoolName`.
 * @throws EntrypointError (missing file, no such flow, import failed), ConfigError (unknown pool, listing the pools),
 *   ScheduleError, before anything is written
 */
export async function deployEntrypoint(
  entrypoint: string,
  options: DeployEntrypointOptions,
): Promise<DeployedDeployment> {
  const base = path.resolve(options.path ?? process.cwd());
  const flow = await loadFlowFromEntrypoint(entrypoint, { baseDir: base });
  const { print, client, onWarning, image, build, push, printDockerfile, onProgress, ...deployment } = options;
  const runner = new RunnerDeployment(flow.deployable, { ...deployment, entrypoint, path: base });
  const deployOptions: DeployOptions = { print, client, onWarning, image, build, push, printDockerfile, onProgress };
  const [deployed] = await deploy(runner, {
    workPoolName: options.workPoolName,
    ...(Object.fromEntries(Object.entries(deployOptions).filter(([, value]) => value !== undefined)) as DeployOptions),
  });
  return deployed as DeployedDeployment;
}
