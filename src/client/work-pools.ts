// Work pool routes of the client: create (optionally overwriting), read by name, filter, count, update, delete,
// and the scheduled runs a worker polls for. Queues live in work-queues.ts, workers in workers.ts.
import { z } from "zod";
import { ObjectAlreadyExistsError } from "../errors.js";
import * as schemas from "../schemas/index.js";
import type { HttpTransport } from "./http.js";
import type { InputOf, ModelOf } from "./models.js";
import { toWire } from "./wire-mapper.js";

/** A work pool, as returned by the client (camelCase of `WorkPoolResponse`). */
export type WorkPool = ModelOf<typeof schemas.WorkPoolResponse>;
/**
 * Options of `createWorkPool` (camelCase of `WorkPoolCreate`; `name` required). `baseJobTemplate` is the wire
 * value `{ job_configuration, variables }`, passed as written.
 */
export type CreateWorkPoolOptions = InputOf<typeof schemas.WorkPoolCreate>;
/** Fields of `updateWorkPool` (camelCase of `WorkPoolUpdate`); absent fields stay as they are. */
export type UpdateWorkPoolOptions = InputOf<typeof schemas.WorkPoolUpdate>;
/** Filter on work pools, camelCase of Prefect's `WorkPoolFilter` (`{ name: { any_: ["my-pool"] } }`). */
export type WorkPoolFilter = InputOf<typeof schemas.WorkPoolFilter>;

/** Options of `readWorkPools`. */
export interface ReadWorkPoolsOptions {
  workPoolFilter?: WorkPoolFilter;
  /** @default 200 (the server's PREFECT_API_DEFAULT_LIMIT) */
  limit?: number;
  /** @default 0 */
  offset?: number;
}

/** Options of `countWorkPools`. */
export interface CountWorkPoolsOptions {
  workPoolFilter?: WorkPoolFilter;
}

/** The second argument of `createWorkPool`. */
export interface CreateWorkPoolBehaviour {
  /** When a pool of that name exists: update it with the given fields and return it, instead of throwing. @default false */
  overwrite?: boolean;
}

/** Options of `getScheduledFlowRunsForWorkPool` (what a worker polls with). */
export interface WorkPoolScheduledRunsOptions {
  /** Only these queues of the pool. @default all the pool's queues */
  workQueueNames?: string[];
  /** @default now (server clock) */
  scheduledBefore?: Date;
  scheduledAfter?: Date;
  /** @default 200 */
  limit?: number;
}

const WorkerFlowRunSchema = z.object({
  work_pool_id: schemas.Uuid,
  work_queue_id: schemas.Uuid,
  flow_run: schemas.FlowRunResponse,
});

/** A scheduled run with the pool and queue it came from (`WorkerFlowRunResponse`). */
export type WorkerFlowRun = ModelOf<typeof WorkerFlowRunSchema>;

/** The work pool methods of PrefectClient. */
export interface WorkPoolsApi {
  /**
   * Creates a work pool and its `default` queue (`POST /work_pools/`).
   * @throws ObjectAlreadyExistsError when the name is taken (unless `overwrite`), ValidationError for a reserved
   * name (starting with "prefect") or a base job template without `job_configuration` / `variables`
   * @example
   * await client.createWorkPool({ name: "my-pool", type: "process", concurrencyLimit: 4 });
   */
  createWorkPool(opts: CreateWorkPoolOptions, behaviour?: CreateWorkPoolBehaviour): Promise<WorkPool>;
  /** Reads a work pool by name. @throws ObjectNotFoundError */
  readWorkPool(name: string): Promise<WorkPool>;
  /** Work pools matching the filter (`POST /work_pools/filter`). */
  readWorkPools(opts?: ReadWorkPoolsOptions): Promise<WorkPool[]>;
  /** Number of work pools matching the filter. */
  countWorkPools(opts?: CountWorkPoolsOptions): Promise<number>;
  /** Changes the fields set in `fields` (`PATCH /work_pools/{name}`). @throws ObjectNotFoundError */
  updateWorkPool(name: string, fields: UpdateWorkPoolOptions): Promise<void>;
  /** Deletes a work pool with its queues and workers. @throws ObjectNotFoundError */
  deleteWorkPool(name: string): Promise<void>;
  /**
   * Scheduled runs of the pool's queues due by `scheduledBefore`, by queue priority then start time, within the
   * pool's and queues' concurrency limits (`POST /work_pools/{name}/get_scheduled_flow_runs`).
   * @throws ObjectNotFoundError
   */
  getScheduledFlowRunsForWorkPool(name: string, opts?: WorkPoolScheduledRunsOptions): Promise<WorkerFlowRun[]>;
  /**
   * The worker types the server knows, by collection, with their default base job templates (Prefect's registry
   * view `GET /collections/views/aggregate-worker-metadata`), passed as written.
   * @example (await client.readWorkerMetadata()).prefect?.process // { type: "process", default_base_job_configuration: {...}, ... }
   * @throws ObjectNotFoundError when the server has no such view
   */
  readWorkerMetadata(): Promise<WorkerMetadata>;
}

/** `{ [collection]: { [type]: { type, display_name, description, default_base_job_configuration, ... } } }`. */
export type WorkerMetadata = Record<string, Record<string, Record<string, unknown>>>;
const WorkerMetadataSchema = z.record(z.string(), z.record(z.string(), z.record(z.string(), z.unknown())));

const WorkPoolList = z.array(schemas.WorkPoolResponse);
const WorkerFlowRunList = z.array(WorkerFlowRunSchema);
const Count = z.int();

/** `work_pools/{name}` with the name escaped. */
export const workPoolPath = (name: string, rest = ""): string => `work_pools/${encodeURIComponent(name)}${rest}`;

function updateFromCreate(opts: CreateWorkPoolOptions): UpdateWorkPoolOptions {
  // Prefect's overwrite only touches what the update model knows (type and name stay).
  const fields: UpdateWorkPoolOptions = {};
  if (opts.description !== undefined) fields.description = opts.description;
  if (opts.isPaused !== undefined) fields.isPaused = opts.isPaused;
  if (opts.baseJobTemplate !== undefined) fields.baseJobTemplate = opts.baseJobTemplate;
  if (opts.concurrencyLimit !== undefined) fields.concurrencyLimit = opts.concurrencyLimit;
  if (opts.storageConfiguration !== undefined) fields.storageConfiguration = opts.storageConfiguration;
  return fields;
}

/** Builds the work pool methods over a transport. */
export function workPoolsApi(http: HttpTransport): WorkPoolsApi {
  const api: WorkPoolsApi = {
    createWorkPool: async (opts, behaviour = {}) => {
      try {
        return await http.request(
          "POST",
          "work_pools/",
          { json: toWire(schemas.WorkPoolCreate, opts) },
          schemas.WorkPoolResponse,
        );
      } catch (error) {
        if (!(error instanceof ObjectAlreadyExistsError)) throw error;
        if (behaviour.overwrite !== true) {
          throw new ObjectAlreadyExistsError(
            `Work pool "${opts.name}" already exists. Pass { overwrite: true } (CLI: --overwrite) to update it, or pick another name.`,
            { status: error.status, method: error.method, url: error.url, body: error.body },
            { cause: error },
          );
        }
        await api.updateWorkPool(opts.name, updateFromCreate(opts));
        return api.readWorkPool(opts.name);
      }
    },
    readWorkPool: (name) => http.request("GET", workPoolPath(name), {}, schemas.WorkPoolResponse),
    readWorkerMetadata: () =>
      http.request("GET", "collections/views/aggregate-worker-metadata", {}, WorkerMetadataSchema),
    readWorkPools: (opts = {}) =>
      http.request(
        "POST",
        "work_pools/filter",
        {
          json: {
            ...(opts.workPoolFilter ? { work_pools: toWire(schemas.WorkPoolFilter, opts.workPoolFilter) } : {}),
            ...(opts.limit === undefined ? {} : { limit: opts.limit }),
            ...(opts.offset === undefined ? {} : { offset: opts.offset }),
          },
        },
        WorkPoolList,
      ),
    countWorkPools: (opts = {}) =>
      http.request(
        "POST",
        "work_pools/count",
        { json: opts.workPoolFilter ? { work_pools: toWire(schemas.WorkPoolFilter, opts.workPoolFilter) } : {} },
        Count,
      ),
    updateWorkPool: (name, fields) =>
      http.request("PATCH", workPoolPath(name), { json: toWire(schemas.WorkPoolUpdate, fields) }),
    deleteWorkPool: (name) => http.request("DELETE", workPoolPath(name)),
    getScheduledFlowRunsForWorkPool: (name, opts = {}) =>
      http.request(
        "POST",
        workPoolPath(name, "/get_scheduled_flow_runs"),
        {
          json: {
            ...(opts.workQueueNames ? { work_queue_names: opts.workQueueNames } : {}),
            ...(opts.scheduledBefore ? { scheduled_before: opts.scheduledBefore.toISOString() } : {}),
            ...(opts.scheduledAfter ? { scheduled_after: opts.scheduledAfter.toISOString() } : {}),
            ...(opts.limit === undefined ? {} : { limit: opts.limit }),
          },
        },
        WorkerFlowRunList,
      ),
  };
  return api;
}
