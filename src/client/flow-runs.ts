// Flow run routes of the client: create, read, filter, count, update, delete, states and labels.
// Orchestration happens on the server: `setFlowRunState` only proposes a state and returns the verdict.
import { z } from "zod";
import * as schemas from "../schemas/index.js";
import { runFilterBody, type PageOptions, type RunFilterOptions } from "./filter-body.js";
import type { HttpTransport } from "./http.js";
import type { FlowRun, OrchestrationResult, State, StateInput } from "./models.js";
import { toWire } from "./wire-mapper.js";

/** How a flow run retries. */
export interface FlowRunPolicyInput {
  retries?: number | null;
  /** Seconds between retries. */
  retryDelay?: number | null;
  pauseKeys?: string[] | null;
  resuming?: boolean | null;
}

/** Options of `createFlowRun` (camelCase of Prefect's `FlowRunCreate`). */
export interface CreateFlowRunOptions {
  flowId: string;
  /** @default a generated two-word slug */
  name?: string;
  parameters?: Record<string, unknown>;
  context?: Record<string, unknown>;
  /** @default Pending, as Prefect's client proposes */
  state?: StateInput;
  /** The task run standing for this run in its parent flow run (subflows). */
  parentTaskRunId?: string | null;
  tags?: string[];
  labels?: Record<string, string | number | boolean>;
  /** A second create with the same key for the same flow returns the first run. */
  idempotencyKey?: string;
  empiricalPolicy?: FlowRunPolicyInput;
  flowVersion?: string;
  deploymentId?: string;
  workQueueName?: string;
  jobVariables?: Record<string, unknown>;
}

/** Fields of a flow run that can be changed (`PATCH /flow_runs/{id}`); absent fields stay as they are. */
export interface UpdateFlowRunOptions {
  name?: string;
  parameters?: Record<string, unknown>;
  tags?: string[];
  flowVersion?: string;
  empiricalPolicy?: FlowRunPolicyInput;
  infrastructurePid?: string;
  jobVariables?: Record<string, unknown>;
}

/** Options of `readFlowRuns`. */
export interface ReadFlowRunsOptions extends RunFilterOptions, PageOptions<schemas.FlowRunSort> {}

/** Options of `setFlowRunState` and `setTaskRunState`. */
export interface SetStateOptions {
  /** Skip the orchestration rules (Prefect's `force=True`). @default false */
  force?: boolean;
}

/** The flow run methods of PrefectClient. */
export interface FlowRunsApi {
  /** Creates a flow run (`POST /flow_runs/`). */
  createFlowRun(opts: CreateFlowRunOptions): Promise<FlowRun>;
  /** Reads a flow run by id. @throws ObjectNotFoundError */
  readFlowRun(id: string): Promise<FlowRun>;
  /** Flow runs matching the filters (`POST /flow_runs/filter`). */
  readFlowRuns(opts?: ReadFlowRunsOptions): Promise<FlowRun[]>;
  /** Number of flow runs matching the filters. */
  countFlowRuns(opts?: RunFilterOptions): Promise<number>;
  /** Changes a flow run's name, parameters, tags, version, policy, infrastructure pid or job variables. */
  updateFlowRun(id: string, patch: UpdateFlowRunOptions): Promise<void>;
  /** Deletes a flow run. @throws ObjectNotFoundError */
  deleteFlowRun(id: string): Promise<void>;
  /** Proposes a state; the server's orchestration rules accept, reject, abort or ask to wait. */
  setFlowRunState(flowRunId: string, state: StateInput, options?: SetStateOptions): Promise<OrchestrationResult>;
  /** Every state the flow run has been in, oldest first. */
  readFlowRunStates(flowRunId: string): Promise<State[]>;
  /** Merges labels into the flow run's labels (`PATCH /flow_runs/{id}/labels`). */
  updateFlowRunLabels(id: string, labels: Record<string, string | number | boolean>): Promise<void>;
}

const FlowRunList = z.array(schemas.FlowRunResponse);
const StateList = z.array(schemas.State);
const Count = z.int();
const PENDING: StateInput = { type: "PENDING" };

const path = (id: string, rest = ""): string => `flow_runs/${encodeURIComponent(id)}${rest}`;

/** Builds the flow run methods over a transport. */
export function flowRunsApi(http: HttpTransport): FlowRunsApi {
  return {
    createFlowRun: (opts) =>
      http.request(
        "POST",
        "flow_runs/",
        // Prefect's client proposes Pending when no state is given.
        { json: toWire(schemas.FlowRunCreate, { ...opts, state: opts.state ?? PENDING }) },
        schemas.FlowRunResponse,
      ),
    readFlowRun: (id) => http.request("GET", path(id), {}, schemas.FlowRunResponse),
    readFlowRuns: (opts) => http.request("POST", "flow_runs/filter", { json: runFilterBody(opts) }, FlowRunList),
    countFlowRuns: (opts) => http.request("POST", "flow_runs/count", { json: runFilterBody(opts) }, Count),
    updateFlowRun: (id, patch) => http.request("PATCH", path(id), { json: toWire(schemas.FlowRunUpdate, patch) }),
    deleteFlowRun: (id) => http.request("DELETE", path(id)),
    setFlowRunState: (id, state, options) =>
      http.request(
        "POST",
        path(id, "/set_state"),
        { json: toWire(schemas.SetFlowRunStateRequest, { state, force: options?.force ?? false }) },
        schemas.OrchestrationResult,
      ),
    readFlowRunStates: (id) =>
      http.request("GET", `flow_run_states/?flow_run_id=${encodeURIComponent(id)}`, {}, StateList),
    updateFlowRunLabels: (id, labels) => http.request("PATCH", path(id, "/labels"), { json: labels }),
  };
}
