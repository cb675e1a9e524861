// Prefect 2.0's `deployment create FILE` (register the DeploymentSpecs a file declares; again = update in place) and
// `deployment execute 'flow/name'` (run a deployment's flow in this process, for debugging).
import path from "node:path";
import type { PrefectClient } from "../client/index.js";
import { importDeploymentSpecLoad, resolveDeployment } from "../deploy/index.js";
import { ObjectAlreadyExistsError, ObjectNotFoundError } from "../errors.js";
import { importExecute } from "../worker/index.js";
import type { CliContext } from "./context.js";

/**
 * Creates the `default-agent-pool` when missing, as Prefect's legacy `POST /work_queues/` does (with its `default`
 * queue), so `prefect-ts agent start -q default` runs the specs' deployments.
 */
async function ensureAgentPool(client: PrefectClient, pool: string): Promise<void> {
  try {
    await client.readWorkPool(pool);
  } catch (error) {
    if (!(error instanceof ObjectNotFoundError)) throw error;
    try {
      await client.createWorkQueue({ name: "default" });
    } catch (created) {
      if (!(created instanceof ObjectAlreadyExistsError)) throw created;
    }
  }
}

/**
 * `deployment create FILE`: loads FILE in entrypoint mode, and registers every DeploymentSpec it declared, one
 * `Created deployment 'name' for flow 'flow'` line each. Nothing is written unless every spec's flow is found.
 */
export async function deploymentCreate(context: CliContext, file: string): Promise<void> {
  const { loadDeploymentSpecs, runnerDeploymentOf, DEFAULT_SPEC_POOL } = await importDeploymentSpecLoad();
  context.out(`Loading deployments from script at '${file}'...`);
  const specs = await loadDeploymentSpecs(file);
  const baseDir = path.dirname(path.resolve(file));
  const deployments = [];
  for (const spec of specs) deployments.push(await runnerDeploymentOf(spec, { baseDir }));
  const client = await context.client();
  for (const pool of new Set(deployments.map((d) => d.options.workPoolName ?? DEFAULT_SPEC_POOL))) {
    if (pool === DEFAULT_SPEC_POOL) await ensureAgentPool(client, pool);
  }
  for (const deployment of deployments) {
    await deployment.apply(client, { onWarning: (message) => context.err(`Warning: ${message}`) });
    context.out(`Created deployment '${deployment.name}' for flow '${deployment.flowName}'`);
  }
}

/**
 * `deployment execute NAME`: creates a run of the deployment (its parameters) and executes it in this process, as
 * a worker's child would (the run is the deployment's, so it shows in the UI); exit code 0 when it ends Completed.
 */
export async function deploymentExecute(context: CliContext, name: string): Promise<void> {
  const [client, { executeFlowRun }] = await Promise.all([context.client(), importExecute()]);
  const { deployment } = await resolveDeployment(client, name);
  // Pending, not Scheduled: an agent or worker polling the deployment's pool must not also pick it up. The engine
  // logs "Beginning flow run '<run>' for flow '<flow>'" and the final state.
  const run = await client.createFlowRunFromDeployment(deployment.id, { state: { type: "PENDING", name: "Pending" } });
  const state = await executeFlowRun(run.id, { client });
  process.exitCode = state.type === "COMPLETED" ? 0 : 1;
}
