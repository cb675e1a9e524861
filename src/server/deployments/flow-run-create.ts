// `POST /deployments/{id}/create_flow_run` as a FlowRunCreate: the deployment's defaults merged with the
// request (parameters, tags, labels, job variables, work queue), parameters checked when the schema is enforced.
import {
  type DeploymentFlowRunCreate,
  type DeploymentResponse,
  type FlowRunCreate,
  StateCreate,
} from "../../schemas/index.js";
import { conflict } from "../http/http-error.js";
import { checkParameters, describeFailures } from "./parameters.js";

/** The deployment's parameters with the request's on top (shallow, as Prefect's `dict.update`). */
export function mergeParameters(
  defaults: Record<string, unknown>,
  given: Record<string, unknown>,
): Record<string, unknown> {
  return { ...defaults, ...given };
}

/**
 * Checks merged parameters when the schema is enforced (the request's `enforce_parameter_schema` wins over the
 * deployment's). @throws HttpError 409 naming every failing field, in Prefect's words.
 */
export function enforceParameters(
  deployment: DeploymentResponse,
  parameters: Record<string, unknown>,
  requested: boolean | null,
): void {
  const enforce = requested ?? deployment.enforce_parameter_schema;
  if (!enforce) return;
  const schema = deployment.parameter_openapi_schema;
  if (schema === null || typeof schema !== "object") {
    throw conflict(
      "Error creating flow run: Cannot create run because parameter schema enforcement is enabled and the deployment does not have a valid parameter schema.",
    );
  }
  const failures = checkParameters(parameters, schema);
  if (failures.length > 0) throw conflict(`Error creating flow run: ${describeFailures(failures)}`);
}

/** Prefect's default state of a run created from a deployment: Scheduled for now. */
function scheduledNow(now: Date): StateCreate {
  return StateCreate.parse({
    type: "SCHEDULED",
    name: "Scheduled",
    state_details: { scheduled_time: now.toISOString() },
  });
}

/**
 * The flow run to create for `deployment` from a create_flow_run body, after checking its parameters.
 * @throws HttpError 409 when enforced parameters fail the schema.
 */
export function flowRunFromDeployment(
  deployment: DeploymentResponse,
  request: DeploymentFlowRunCreate,
  now: Date,
): FlowRunCreate {
  const parameters = mergeParameters(deployment.parameters, request.parameters);
  enforceParameters(deployment, parameters, request.enforce_parameter_schema);
  return {
    state: request.state ?? scheduledNow(now),
    ...(request.name === undefined ? {} : { name: request.name }),
    flow_id: deployment.flow_id,
    flow_version: null,
    parameters,
    context: request.context,
    parent_task_run_id: request.parent_task_run_id,
    infrastructure_document_id: request.infrastructure_document_id ?? deployment.infrastructure_document_id,
    empirical_policy: request.empirical_policy,
    tags: [...new Set([...deployment.tags, ...request.tags])],
    labels: { ...deployment.labels, ...(request.labels ?? {}) },
    idempotency_key: request.idempotency_key,
    work_pool_name: deployment.work_pool_name,
    work_queue_name: request.work_queue_name ?? deployment.work_queue_name,
    job_variables: { ...deployment.job_variables, ...(request.job_variables ?? {}) },
    deployment_id: deployment.id,
  };
}
