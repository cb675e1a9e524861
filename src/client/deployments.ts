// Deployment routes of the client: create (upsert), read (id, "flow/deployment"), filter, count, update,
// delete, runs from a deployment, pause/resume, schedules, and the scheduled runs a runner polls for.
import { z } from "zod";
import { ObjectAlreadyExistsError, ParameterValidationError, PrefectError } from "../errors.js";
import * as schemas from "../schemas/index.js";
import { runFilterBody, type PageOptions, type RunFilterOptions } from "./filter-body.js";
import type { HttpTransport } from "./http.js";
import type { FlowRun, InputOf, ModelOf, StateInput } from "./models.js";
import { toWire } from "./wire-mapper.js";

/** A deployment, as returned by the client (camelCase of `DeploymentResponse`). */
export type Deployment = ModelOf<typeof schemas.DeploymentResponse>;
/** A deployment's schedule (camelCase of `DeploymentSchedule`). */
export type DeploymentSchedule = ModelOf<typeof schemas.DeploymentSchedule>;
/** Options of `createDeployment` (camelCase of `DeploymentCreate`; `name` and `flowId` required). */
export type CreateDeploymentOptions = InputOf<typeof schemas.DeploymentCreate>;
/** Fields of `updateDeployment` (camelCase of `DeploymentUpdate`); absent fields stay as they are. */
export type UpdateDeploymentOptions = InputOf<typeof schemas.DeploymentUpdate>;
/** A schedule to add (camelCase of `DeploymentScheduleCreate`), e.g. `{ schedule: { cron: "0 2 * * *" } }`. */
export type DeploymentScheduleInput = InputOf<typeof schemas.DeploymentScheduleCreate>;
/** Fields of `updateDeploymentSchedule` (camelCase of `DeploymentScheduleUpdate`). */
export type DeploymentScheduleUpdateOptions = InputOf<typeof schemas.DeploymentScheduleUpdate>;
/** Filter on deployments, camelCase of Prefect's `DeploymentFilter` (`{ name: { any_: ["nightly"] } }`). */
export type DeploymentFilter = InputOf<typeof schemas.DeploymentFilter>;

/** Options of `readDeployments` and `countDeployments`. */
export interface ReadDeploymentsOptions extends RunFilterOptions, Partial<PageOptions<schemas.DeploymentSort>> {
  deploymentFilter?: DeploymentFilter;
}

/** Options of `paginateDeployments`: the filters of `readDeployments`, with `page` (from 1) instead of `offset`. */
export interface PaginateDeploymentsOptions extends Omit<ReadDeploymentsOptions, "offset"> {
  /** @default 1 */
  page?: number;
}

/** One page of deployments (`DeploymentPaginationResponse`). */
export interface DeploymentPage {
  results: Deployment[];
  /** Deployments matching the filters, on all pages. */
  count: number;
  limit: number;
  pages: number;
  page: number;
}

/**
 * Options of `createFlowRunFromDeployment` (Prefect's `create_flow_run_from_deployment`). `P` types the
 * parameters: `createFlowRunFromDeployment<ParametersOf<typeof etl>>(id, { parameters: { day: "..." } })`.
 */
export interface CreateFlowRunFromDeploymentOptions<P extends object = Record<string, unknown>> {
  /** Merged over the deployment's parameters (so required ones may be left to it); checked against its schema when enforced. */
  parameters?: Partial<P>;
  /** @default a generated two-word slug */
  name?: string;
  /** Added to the deployment's tags. */
  tags?: string[];
  /** Run at this time (a `Scheduled` state for it). Ignored when `state` is given. @default now */
  scheduledTime?: Date;
  /** The first state. @default Scheduled for `scheduledTime` */
  state?: StateInput;
  /** A second call with the same key returns the first run. */
  idempotencyKey?: string;
  /** Merged over the deployment's job variables. */
  jobVariables?: Record<string, unknown>;
  /** @default the deployment's work queue */
  workQueueName?: string;
  context?: Record<string, unknown>;
  labels?: Record<string, string | number | boolean>;
  parentTaskRunId?: string;
  /** Override the deployment's `enforceParameterSchema` for this run. */
  enforceParameterSchema?: boolean;
}

/** Options of `getScheduledFlowRunsForDeployments`. */
export interface ScheduledFlowRunsOptions {
  deploymentIds: string[];
  /** @default now (server clock) */
  scheduledBefore?: Date;
  /** @default 200 */
  limit?: number;
}

/** The deployment methods of PrefectClient. */
export interface DeploymentsApi {
  /** Creates a deployment, or updates the one of the same flow and name (`POST /deployments/`). */
  createDeployment(opts: CreateDeploymentOptions): Promise<Deployment>;
  /** Reads a deployment by id. @throws ObjectNotFoundError */
  readDeployment(id: string): Promise<Deployment>;
  /** Reads a deployment by `"flow-name/deployment-name"`. @throws ObjectNotFoundError, PrefectError without a "/" */
  readDeploymentByName(name: string): Promise<Deployment>;
  /** Deployments matching the filters (`POST /deployments/filter`), sorted by name by default. */
  readDeployments(opts?: ReadDeploymentsOptions): Promise<Deployment[]>;
  /** One page of the deployments matching the filters (`POST /deployments/paginate`). */
  paginateDeployments(opts?: PaginateDeploymentsOptions): Promise<DeploymentPage>;
  /** Number of deployments matching the filters. */
  countDeployments(opts?: Omit<ReadDeploymentsOptions, "limit" | "offset" | "sort">): Promise<number>;
  /** Changes the fields set in `patch` (`PATCH /deployments/{id}`). @throws ObjectNotFoundError */
  updateDeployment(id: string, patch: UpdateDeploymentOptions): Promise<void>;
  /** Deletes a deployment and its scheduled runs. @throws ObjectNotFoundError */
  deleteDeployment(id: string): Promise<void>;
  /**
   * Creates a flow run of the deployment. @throws ParameterValidationError listing each failing parameter
   * (the server's 409), ObjectNotFoundError
   */
  createFlowRunFromDeployment<P extends object = Record<string, unknown>>(
    id: string,
    opts?: CreateFlowRunFromDeploymentOptions<P>,
  ): Promise<FlowRun>;
  /** Pauses the deployment's schedules. */
  pauseDeployment(id: string): Promise<void>;
  /** Resumes the deployment's schedules. */
  resumeDeployment(id: string): Promise<void>;
  /** The deployment's schedules. */
  readDeploymentSchedules(id: string): Promise<DeploymentSchedule[]>;
  /** Adds schedules to the deployment; returns them with their ids. */
  createDeploymentSchedules(id: string, schedules: DeploymentScheduleInput[]): Promise<DeploymentSchedule[]>;
  /** Changes one schedule (e.g. `{ active: false }`). */
  updateDeploymentSchedule(id: string, scheduleId: string, patch: DeploymentScheduleUpdateOptions): Promise<void>;
  /** Deletes one schedule. */
  deleteDeploymentSchedule(id: string, scheduleId: string): Promise<void>;
  /** Scheduled runs of these deployments due by `scheduledBefore`, earliest first (what a runner polls). */
  getScheduledFlowRunsForDeployments(opts: ScheduledFlowRunsOptions): Promise<FlowRun[]>;
}

const DeploymentList = z.array(schemas.DeploymentResponse);
const ScheduleList = z.array(schemas.DeploymentSchedule);
const FlowRunList = z.array(schemas.FlowRunResponse);
const Count = z.int();
const Page = z.object({ results: DeploymentList, count: z.int(), limit: z.int(), pages: z.int(), page: z.int() });
const FAILURE = /^Validation failed(?: for field '(.*?)')?\. Failure reason: (.*)$/;

const path = (id: string, rest = ""): string => `deployments/${encodeURIComponent(id)}${rest}`;

function deploymentFilterBody(opts: ReadDeploymentsOptions = {}): Record<string, unknown> {
  const { deploymentFilter, ...rest } = opts;
  const body = runFilterBody(rest);
  if (deploymentFilter) body.deployments = toWire(schemas.DeploymentFilter, deploymentFilter);
  return body;
}

/** A 409 of create_flow_run whose detail lists failing parameters, as a ParameterValidationError. */
function parameterError(error: unknown): unknown {
  if (!(error instanceof ObjectAlreadyExistsError)) return error;
  const detail = (error.body as { detail?: unknown } | undefined)?.detail;
  if (typeof detail !== "string" || !detail.startsWith("Error creating flow run: Validation failed")) return error;
  const issues = detail
    .slice("Error creating flow run: ".length)
    .split("; ")
    .map((part) => FAILURE.exec(part))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({ path: m[1] ?? "", message: m[2] ?? "" }));
  const lines = issues.map((i) => `  - ${i.path === "" ? "(parameters)" : i.path}: ${i.message}`).join("\n");
  return new ParameterValidationError(`Invalid parameters for the deployment's flow:\n${lines}`, issues, {
    cause: error,
  });
}

function flowRunBody(opts: CreateFlowRunFromDeploymentOptions<object>): Record<string, unknown> {
  const { scheduledTime, state, ...rest } = opts;
  const first: StateInput | undefined =
    state ?? (scheduledTime ? { type: "SCHEDULED", name: "Scheduled", stateDetails: { scheduledTime } } : undefined);
  return toWire(schemas.DeploymentFlowRunCreate, { ...rest, ...(first ? { state: first } : {}) } as InputOf<
    typeof schemas.DeploymentFlowRunCreate
  >) as Record<string, unknown>;
}

/** Builds the deployment methods over a transport. */
export function deploymentsApi(http: HttpTransport): DeploymentsApi {
  return {
    createDeployment: (opts) =>
      http.request(
        "POST",
        "deployments/",
        { json: toWire(schemas.DeploymentCreate, opts) },
        schemas.DeploymentResponse,
      ),
    readDeployment: (id) => http.request("GET", path(id), {}, schemas.DeploymentResponse),
    readDeploymentByName: async (name) => {
      const slash = name.indexOf("/");
      if (slash <= 0 || slash === name.length - 1) {
        throw new PrefectError(
          `Deployment name "${name}" must be "<flow-name>/<deployment-name>", e.g. "etl/nightly".`,
        );
      }
      const route = `deployments/name/${encodeURIComponent(name.slice(0, slash))}/${encodeURIComponent(name.slice(slash + 1))}`;
      return http.request("GET", route, {}, schemas.DeploymentResponse);
    },
    readDeployments: (opts) =>
      http.request("POST", "deployments/filter", { json: deploymentFilterBody(opts) }, DeploymentList),
    paginateDeployments: ({ page, ...opts } = {}) =>
      http.request(
        "POST",
        "deployments/paginate",
        { json: { ...deploymentFilterBody(opts), ...(page === undefined ? {} : { page }) } },
        Page,
      ),
    countDeployments: (opts) => http.request("POST", "deployments/count", { json: deploymentFilterBody(opts) }, Count),
    updateDeployment: (id, patch) => http.request("PATCH", path(id), { json: toWire(schemas.DeploymentUpdate, patch) }),
    deleteDeployment: (id) => http.request("DELETE", path(id)),
    createFlowRunFromDeployment: async (id: string, opts: CreateFlowRunFromDeploymentOptions<object> = {}) => {
      try {
        return await http.request(
          "POST",
          path(id, "/create_flow_run"),
          { json: flowRunBody(opts) },
          schemas.FlowRunResponse,
        );
      } catch (error) {
        throw parameterError(error);
      }
    },
    pauseDeployment: (id) => http.request("POST", path(id, "/pause_deployment")),
    resumeDeployment: (id) => http.request("POST", path(id, "/resume_deployment")),
    readDeploymentSchedules: (id) => http.request("GET", path(id, "/schedules"), {}, ScheduleList),
    createDeploymentSchedules: (id, list) =>
      http.request(
        "POST",
        path(id, "/schedules"),
        { json: list.map((s) => toWire(schemas.DeploymentScheduleCreate, s)) },
        ScheduleList,
      ),
    updateDeploymentSchedule: (id, scheduleId, patch) =>
      http.request("PATCH", path(id, `/schedules/${encodeURIComponent(scheduleId)}`), {
        json: toWire(schemas.DeploymentScheduleUpdate, patch),
      }),
    deleteDeploymentSchedule: (id, scheduleId) =>
      http.request("DELETE", path(id, `/schedules/${encodeURIComponent(scheduleId)}`)),
    getScheduledFlowRunsForDeployments: ({ deploymentIds, scheduledBefore, limit }) =>
      http.request(
        "POST",
        "deployments/get_scheduled_flow_runs",
        {
          json: {
            deployment_ids: deploymentIds,
            ...(scheduledBefore ? { scheduled_before: scheduledBefore.toISOString() } : {}),
            ...(limit === undefined ? {} : { limit }),
          },
        },
        FlowRunList,
      ),
  };
}
