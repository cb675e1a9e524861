// runDeployment(): create a flow run of a deployment and wait for its final state (Prefect's `run_deployment`).
// Finding the deployment lives in deployment-ref.ts, the typed input in flow-run-input.ts; executing the run is a
// runner's or worker's job.
import type { FlowRun, PrefectClient } from "../client/index.js";
import { ParameterValidationError } from "../errors.js";
import { currentClient, currentFlowContext } from "../engine/index.js";
import { resolveDeployment, type ResolvedDeployment } from "./deployment-ref.js";
import { parametersFromInput, type DeploymentRunInput } from "./flow-run-input.js";
import { describeParameterError } from "./parameter-errors.js";

const FINAL_STATES = new Set(["COMPLETED", "FAILED", "CANCELLED", "CRASHED"]);
/** First poll delay; each poll waits 1.5x longer, up to `pollIntervalSeconds`, so quick runs return quickly. */
const FIRST_POLL_SECONDS = 0.1;

/** Options of {@link runDeployment} besides the parameters. */
export interface RunDeploymentSettings {
  /**
   * Seconds to wait for a final state; on timeout the run is returned as it is. `0` returns at once after
   * creating the run. @default null (wait forever)
   */
  timeoutSeconds?: number | null;
  /** Longest pause between two reads of the run (polls start at 0.1 s and grow to this). @default 5 */
  pollIntervalSeconds?: number;
  /** When the run should start. @default now */
  scheduledTime?: Date;
  /** @default a generated two-word slug */
  flowRunName?: string;
  /** Added to the deployment's tags. */
  tags?: string[];
  /** A second call with the same key returns the first run. */
  idempotencyKey?: string;
  /** Merged over the deployment's job variables. */
  jobVariables?: Record<string, unknown>;
  /** @default the deployment's work queue */
  workQueueName?: string;
  /**
   * Inside a flow run, link the new run as a subflow of it through a stand-in task run, as Prefect does.
   * @default true
   */
  asSubflow?: boolean;
  /** @default the client of the current flow run, else the process's default client (getClient()) */
  client?: PrefectClient;
}

/** Options of {@link runDeployment}: the parameters (typed by `F`) plus {@link RunDeploymentSettings}. */
export type RunDeploymentOptions<F = unknown> = DeploymentRunInput<F> & RunDeploymentSettings;

function slugify(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "");
}

/** The parent flow run's stand-in task run for the new run (Prefect's dummy task of `run_deployment`). */
async function createParentTaskRun(
  client: PrefectClient,
  resolved: ResolvedDeployment,
  parameters: Record<string, unknown>,
): Promise<string | undefined> {
  const parent = currentFlowContext();
  if (parent === undefined) return undefined;
  const taskKey = `prefect.deployments.flow_runs.run_deployment.${slugify(resolved.fullName)}`;
  const dynamic = parent.dynamicKeys.get(taskKey) ?? 0;
  parent.dynamicKeys.set(taskKey, dynamic + 1);
  const taskRun = await client.createTaskRun({
    flowRunId: parent.flowRun.id,
    taskKey,
    dynamicKey: String(dynamic),
    name: `${resolved.fullName}-${dynamic}`,
    ...(resolved.deployment.version ? { taskVersion: resolved.deployment.version } : {}),
    taskInputs: Object.fromEntries(Object.keys(parameters).map((name) => [name, []])),
    state: { type: "PENDING", name: "Pending" },
  });
  return taskRun.id;
}

const sleep = (seconds: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, seconds * 1000));

/** Reads the run until it is in a final state or `timeoutSeconds` have passed. */
async function waitForFinalState(
  client: PrefectClient,
  run: FlowRun,
  timeoutSeconds: number | null,
  pollIntervalSeconds: number,
): Promise<FlowRun> {
  const deadline = timeoutSeconds === null ? Infinity : Date.now() + timeoutSeconds * 1000;
  let delay = Math.min(FIRST_POLL_SECONDS, pollIntervalSeconds);
  let current = run;
  while (!FINAL_STATES.has(current.state?.type ?? "")) {
    const left = (deadline - Date.now()) / 1000;
    if (left <= 0) return current;
    await sleep(Math.min(delay, left));
    delay = Math.min(delay * 1.5, pollIntervalSeconds);
    current = await client.readFlowRun(run.id);
  }
  return current;
}

/**
 * Creates a flow run of a deployment and resolves to it in its final state (Completed, Failed, Cancelled or
 * Crashed), or as it is when `timeoutSeconds` pass first, as Prefect's `run_deployment`. A failed run does not
 * throw: read `run.state`. Give the flow's type to type-check the parameters: `runDeployment<typeof etl>(...)`.
 * @param nameOrId `"flow-name/deployment-name"` or the deployment's id
 * @throws ObjectNotFoundError for an unknown deployment (listing similar names), PrefectError for a name without
 *   "/", ParameterValidationError naming each failing parameter and its expected type
 * @example
 * const run = await runDeployment<typeof etl>("etl/nightly", { parameters: { day: "2024-05-01" }, timeoutSeconds: 600 });
 * if (run.state?.type !== "COMPLETED") throw new Error(`run ${run.name} ended ${run.state?.name}`);
 */
export async function runDeployment<F = unknown>(
  nameOrId: string,
  options?: RunDeploymentOptions<F>,
): Promise<FlowRun> {
  const o = (options ?? {}) as RunDeploymentSettings & {
    parameters?: Record<string, unknown>;
    args?: readonly unknown[];
  };
  if (o.timeoutSeconds != null && !(o.timeoutSeconds >= 0))
    throw new RangeError(`timeoutSeconds must be >= 0 or null, got ${o.timeoutSeconds}`);
  const pollIntervalSeconds = o.pollIntervalSeconds ?? 5;
  if (!(pollIntervalSeconds > 0)) throw new RangeError(`pollIntervalSeconds must be > 0, got ${pollIntervalSeconds}`);
  const client = o.client ?? currentFlowContext()?.client ?? (await currentClient());
  const resolved = await resolveDeployment(client, nameOrId);
  const parameters = parametersFromInput(resolved.deployment, o, resolved.flowName);
  const parentTaskRunId = o.asSubflow === false ? undefined : await createParentTaskRun(client, resolved, parameters);
  let run: FlowRun;
  try {
    run = await client.createFlowRunFromDeployment(resolved.deployment.id, {
      parameters,
      ...(o.scheduledTime ? { scheduledTime: o.scheduledTime } : {}),
      ...(o.flowRunName !== undefined ? { name: o.flowRunName } : {}),
      ...(o.tags !== undefined ? { tags: o.tags } : {}),
      ...(o.idempotencyKey !== undefined ? { idempotencyKey: o.idempotencyKey } : {}),
      ...(o.jobVariables !== undefined ? { jobVariables: o.jobVariables } : {}),
      ...(o.workQueueName !== undefined ? { workQueueName: o.workQueueName } : {}),
      ...(parentTaskRunId !== undefined ? { parentTaskRunId } : {}),
    });
  } catch (error) {
    if (error instanceof ParameterValidationError)
      throw describeParameterError(error, resolved.deployment, resolved.fullName);
    throw error;
  }
  if (o.timeoutSeconds === 0) return run;
  return waitForFinalState(client, run, o.timeoutSeconds ?? null, pollIntervalSeconds);
}
