// The parts of a job that come from the flow run, shared by every worker type (process now, Docker later):
// `{{ ctx.* }}` values, Prefect's `prefect.io/*` labels, and the environment with `PREFECT__FLOW_RUN_ID`.
import { ConfigError } from "../errors.js";
import { applyValues } from "../schemas/plain.js";

/** What a job needs to know about the flow run it starts (and, when known, its flow, deployment, pool and worker). */
export interface FlowRunJobInfo {
  readonly id: string;
  readonly name?: string | null | undefined;
  readonly flowId?: string | null | undefined;
  readonly flowName?: string | null | undefined;
  readonly deploymentId?: string | null | undefined;
  readonly deploymentName?: string | null | undefined;
  /** When the deployment was last updated (Prefect's `prefect.io/deployment-updated` label). */
  readonly deploymentUpdated?: Date | string | null | undefined;
  readonly workPoolName?: string | null | undefined;
  readonly workPoolId?: string | null | undefined;
  readonly workerName?: string | null | undefined;
  readonly tags?: readonly string[] | null | undefined;
  readonly parameters?: Readonly<Record<string, unknown>> | null | undefined;
}

function present(entries: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(entries).filter(([, value]) => value !== undefined && value !== null));
}

function iso(value: Date | string): string {
  return value instanceof Date ? value.toISOString() : value;
}

/**
 * The values `{{ ctx.* }}` placeholders see, snake_case as in Prefect: `ctx.flow_run.{id,name,flow_id,
 * deployment_id,tags,parameters}`, `ctx.flow.{id,name}`, `ctx.deployment.{id,name}`, `ctx.work_pool.{id,name}`,
 * `ctx.worker.name`. Unknown parts are absent.
 */
export function flowRunContext(run: FlowRunJobInfo): Record<string, unknown> {
  return {
    flow_run: present({
      id: run.id,
      name: run.name,
      flow_id: run.flowId,
      deployment_id: run.deploymentId,
      tags: run.tags,
      parameters: run.parameters,
    }),
    flow: present({ id: run.flowId, name: run.flowName }),
    deployment: present({ id: run.deploymentId, name: run.deploymentName }),
    work_pool: present({ id: run.workPoolId, name: run.workPoolName }),
    worker: present({ name: run.workerName }),
  };
}

/**
 * Fills the `{{ ctx.* }}` placeholders a rendered job kept (and `{{ $NAME }}` ones from `environment`), by the same
 * rules as the first pass: a whole-value placeholder without a value drops its key.
 */
export function resolveFlowRunPlaceholders(
  configuration: Readonly<Record<string, unknown>>,
  run: FlowRunJobInfo,
  environment?: Readonly<Record<string, string | undefined>>,
): Record<string, unknown> {
  const resolved = applyValues(
    configuration,
    { ctx: flowRunContext(run) },
    {
      onlyPrefixes: ["ctx."],
      ...(environment === undefined ? {} : { environment }),
    },
  );
  return (resolved ?? {}) as Record<string, unknown>;
}

/**
 * Prefect's labels for the infrastructure of a run (`_base_flow_run_labels` and its siblings): `prefect.io/flow-run-id`,
 * `prefect.io/flow-run-name`, `prefect.io/version`, then the work pool's, worker's, deployment's and flow's when known.
 */
export function flowRunLabels(run: FlowRunJobInfo, version: string): Record<string, string> {
  return present({
    "prefect.io/flow-run-id": run.id,
    "prefect.io/flow-run-name": run.name,
    "prefect.io/version": version,
    "prefect.io/work-pool-name": run.workPoolName,
    "prefect.io/work-pool-id": run.workPoolId,
    "prefect.io/worker-name": run.workerName,
    "prefect.io/deployment-id": run.deploymentId,
    "prefect.io/deployment-name": run.deploymentName,
    "prefect.io/deployment-updated": run.deploymentUpdated == null ? undefined : iso(run.deploymentUpdated),
    "prefect.io/flow-id": run.flowId,
    "prefect.io/flow-name": run.flowName,
  }) as Record<string, string>;
}

/** A job variable map of strings (`env`, `labels`): objects only; numbers and booleans become strings, as Prefect coerces them. */
export function stringMap(value: unknown, field: string): Record<string, string | null> {
  if (value === undefined || value === null) return {};
  if (typeof value !== "object" || Array.isArray(value)) {
    throw new ConfigError(
      `job variable "${field}": must be an object of strings (got ${JSON.stringify(value)}), e.g. {"KEY": "value"}.`,
      field,
    );
  }
  const out: Record<string, string | null> = {};
  for (const [key, entry] of Object.entries(value)) {
    if (entry === null || entry === undefined) out[key] = null;
    else if (typeof entry === "string") out[key] = entry;
    else if (typeof entry === "number" || typeof entry === "boolean") out[key] = String(entry);
    else
      throw new ConfigError(`job variable "${field}.${key}": must be a string (got ${JSON.stringify(entry)}).`, field);
  }
  return out;
}

/**
 * The environment of a run's process: `base` (the worker's own), then the job's `env` (a null value unsets the
 * variable, even one of `base`), then `PREFECT__FLOW_RUN_ID`, which the job cannot override.
 * @throws ConfigError when `env` is not an object of strings.
 */
export function jobEnvironment(
  base: Readonly<Record<string, string>>,
  env: unknown,
  flowRunId: string,
): Record<string, string> {
  const out: Record<string, string> = { ...base };
  for (const [key, value] of Object.entries(stringMap(env, "env"))) {
    if (value === null) delete out[key];
    else out[key] = value;
  }
  out.PREFECT__FLOW_RUN_ID = flowRunId;
  return out;
}

/**
 * The labels of a run's infrastructure: {@link flowRunLabels}, then the job's `labels` (which may override them).
 * @throws ConfigError when `labels` is not an object of strings.
 */
export function jobLabels(run: FlowRunJobInfo, labels: unknown, version: string): Record<string, string> {
  const out = flowRunLabels(run, version);
  for (const [key, value] of Object.entries(stringMap(labels, "labels"))) {
    if (value === null) delete out[key];
    else out[key] = value;
  }
  return out;
}
