// Task run routes of the client: create (idempotent by flow run, task key and dynamic key), read, filter,
// count, propose states, read states, delete.
import { z } from "zod";
import * as schemas from "../schemas/index.js";
import { runFilterBody, type PageOptions, type RunFilterOptions } from "./filter-body.js";
import type { SetStateOptions } from "./flow-runs.js";
import type { HttpTransport } from "./http.js";
import type { InputOf, OrchestrationResult, State, StateInput, TaskRun } from "./models.js";
import { toWire } from "./wire-mapper.js";

/** How a task run retries. */
export interface TaskRunPolicyInput {
  retries?: number | null;
  /** Seconds between retries: one delay, or one per retry. */
  retryDelay?: number | number[] | null;
  retryJitterFactor?: number | null;
}

/** Options of `createTaskRun` (camelCase of Prefect's `TaskRunCreate`). */
export interface CreateTaskRunOptions {
  /** Client-chosen id (Prefect's engine picks its own so it can log before the run exists). */
  id?: string;
  flowRunId: string | null;
  /** Stable identity of the task within its flow (e.g. `my_task-1a2b3c`). */
  taskKey: string;
  /** Distinguishes repeated calls of the same task in one flow run (`"0"`, `"1"`, ...). */
  dynamicKey: string;
  /** @default a generated slug */
  name?: string;
  cacheKey?: string;
  cacheExpiration?: Date;
  taskVersion?: string;
  empiricalPolicy?: TaskRunPolicyInput;
  tags?: string[];
  labels?: Record<string, string | number | boolean>;
  /** For each argument name, where its value came from. Keys are kept as written. */
  taskInputs?: Record<string, InputOf<typeof schemas.TaskRunInput>[]>;
  /** @default Pending, as Prefect's client proposes */
  state?: StateInput;
}

/** Options of `readTaskRuns`. */
export interface ReadTaskRunsOptions extends RunFilterOptions, PageOptions<schemas.TaskRunSort> {}

/** The task run methods of PrefectClient. */
export interface TaskRunsApi {
  /** Creates a task run (`POST /task_runs/`); the same flow run, task key and dynamic key return the existing run. */
  createTaskRun(opts: CreateTaskRunOptions): Promise<TaskRun>;
  /** Reads a task run by id. @throws ObjectNotFoundError */
  readTaskRun(id: string): Promise<TaskRun>;
  /** Task runs matching the filters (`POST /task_runs/filter`). */
  readTaskRuns(opts?: ReadTaskRunsOptions): Promise<TaskRun[]>;
  /** Number of task runs matching the filters. */
  countTaskRuns(opts?: RunFilterOptions): Promise<number>;
  /** Proposes a state; the server's orchestration rules accept, reject, abort or ask to wait. */
  setTaskRunState(taskRunId: string, state: StateInput, options?: SetStateOptions): Promise<OrchestrationResult>;
  /** Every state the task run has been in, oldest first. */
  readTaskRunStates(taskRunId: string): Promise<State[]>;
  /** Deletes a task run. @throws ObjectNotFoundError */
  deleteTaskRun(id: string): Promise<void>;
}

const TaskRunList = z.array(schemas.TaskRun);
const StateList = z.array(schemas.State);
const Count = z.int();
const PENDING: StateInput = { type: "PENDING" };

const path = (id: string, rest = ""): string => `task_runs/${encodeURIComponent(id)}${rest}`;

/** Builds the task run methods over a transport. */
export function taskRunsApi(http: HttpTransport): TaskRunsApi {
  return {
    createTaskRun: (opts) =>
      http.request(
        "POST",
        "task_runs/",
        // Prefect's client proposes Pending when no state is given.
        { json: toWire(schemas.TaskRunCreate, { ...opts, state: opts.state ?? PENDING }) },
        schemas.TaskRun,
      ),
    readTaskRun: (id) => http.request("GET", path(id), {}, schemas.TaskRun),
    readTaskRuns: (opts) => http.request("POST", "task_runs/filter", { json: runFilterBody(opts) }, TaskRunList),
    countTaskRuns: (opts) => http.request("POST", "task_runs/count", { json: runFilterBody(opts) }, Count),
    setTaskRunState: (id, state, options) =>
      http.request(
        "POST",
        path(id, "/set_state"),
        { json: toWire(schemas.SetTaskRunStateRequest, { state, force: options?.force ?? false }) },
        schemas.OrchestrationResult,
      ),
    readTaskRunStates: (id) =>
      http.request("GET", `task_run_states/?task_run_id=${encodeURIComponent(id)}`, {}, StateList),
    deleteTaskRun: (id) => http.request("DELETE", path(id)),
  };
}
