// Work queue routes of the client: create in a pool, read by id or by name, filter (in a pool or across all),
// update, delete, and the legacy per-queue poll. Pools live in work-pools.ts.
import { z } from "zod";
import * as schemas from "../schemas/index.js";
import type { HttpTransport } from "./http.js";
import type { FlowRun, InputOf, ModelOf } from "./models.js";
import { workPoolPath } from "./work-pools.js";
import { toWire } from "./wire-mapper.js";

/** A work queue, as returned by the client (camelCase of `WorkQueueResponse`). */
export type WorkQueue = ModelOf<typeof schemas.WorkQueueResponse>;
/** Filter on work queues, camelCase of Prefect's `WorkQueueFilter` (`{ name: { startswith_: ["etl-"] } }`). */
export type WorkQueueFilter = InputOf<typeof schemas.WorkQueueFilter>;
/** Fields of `updateWorkQueue` (camelCase of `WorkQueueUpdate`); absent fields stay as they are. */
export type UpdateWorkQueueOptions = InputOf<typeof schemas.WorkQueueUpdate>;

/** Options of `createWorkQueue` (camelCase of `WorkQueueCreate`, plus the pool). */
export type CreateWorkQueueOptions = InputOf<typeof schemas.WorkQueueCreate> & {
  /** The pool to create the queue in. @default Prefect's `POST /work_queues/` (the `default-agent-pool`) */
  workPoolName?: string;
};

/** Options of `readWorkQueueByName`. */
export interface ReadWorkQueueByNameOptions {
  /** The queue's pool. @default the server's `GET /work_queues/name/{name}` (the `default-agent-pool`) */
  workPoolName?: string;
}

/** Options of `readWorkQueues`. */
export interface ReadWorkQueuesOptions {
  /** Only the queues of this pool (`POST /work_pools/{name}/queues/filter`). @default queues of every pool */
  workPoolName?: string;
  workQueueFilter?: WorkQueueFilter;
  /** @default 200 */
  limit?: number;
  /** @default 0 */
  offset?: number;
}

/** Options of `getRunsInWorkQueue`. */
export interface WorkQueueRunsOptions {
  /** @default 10, as Prefect's client */
  limit?: number;
  /** @default now (server clock) */
  scheduledBefore?: Date;
}

/** The work queue methods of PrefectClient. */
export interface WorkQueuesApi {
  /**
   * Creates a work queue, in `workPoolName` when given. @throws ObjectAlreadyExistsError, ObjectNotFoundError (pool)
   * @example
   * await client.createWorkQueue({ name: "critical", workPoolName: "my-pool", priority: 1, concurrencyLimit: 2 });
   */
  createWorkQueue(opts: CreateWorkQueueOptions): Promise<WorkQueue>;
  /** Reads a work queue by id. @throws ObjectNotFoundError */
  readWorkQueue(id: string): Promise<WorkQueue>;
  /** Reads a work queue by name, in `workPoolName` when given. @throws ObjectNotFoundError */
  readWorkQueueByName(name: string, opts?: ReadWorkQueueByNameOptions): Promise<WorkQueue>;
  /** Work queues matching the filter, in one pool or in all. @throws ObjectNotFoundError (pool) */
  readWorkQueues(opts?: ReadWorkQueuesOptions): Promise<WorkQueue[]>;
  /** Changes the fields set in `fields` (`PATCH /work_queues/{id}`). @throws ObjectNotFoundError */
  updateWorkQueue(id: string, fields: UpdateWorkQueueOptions): Promise<void>;
  /** Deletes a work queue (a pool's default queue cannot be deleted). @throws ObjectNotFoundError */
  deleteWorkQueue(id: string): Promise<void>;
  /** Scheduled runs of the queue due by `scheduledBefore` (`POST /work_queues/{id}/get_runs`). */
  getRunsInWorkQueue(id: string, opts?: WorkQueueRunsOptions): Promise<FlowRun[]>;
}

const WorkQueueList = z.array(schemas.WorkQueueResponse);
const FlowRunList = z.array(schemas.FlowRunResponse);

const queuePath = (id: string, rest = ""): string => `work_queues/${encodeURIComponent(id)}${rest}`;

function filterBody(opts: ReadWorkQueuesOptions): Record<string, unknown> {
  return {
    ...(opts.workQueueFilter ? { work_queues: toWire(schemas.WorkQueueFilter, opts.workQueueFilter) } : {}),
    ...(opts.limit === undefined ? {} : { limit: opts.limit }),
    ...(opts.offset === undefined ? {} : { offset: opts.offset }),
  };
}

/** Builds the work queue methods over a transport. */
export function workQueuesApi(http: HttpTransport): WorkQueuesApi {
  return {
    createWorkQueue: ({ workPoolName, ...fields }) => {
      const json = toWire(schemas.WorkQueueCreate, fields);
      const route = workPoolName === undefined ? "work_queues/" : workPoolPath(workPoolName, "/queues");
      return http.request("POST", route, { json }, schemas.WorkQueueResponse);
    },
    readWorkQueue: (id) => http.request("GET", queuePath(id), {}, schemas.WorkQueueResponse),
    readWorkQueueByName: (name, opts = {}) =>
      http.request(
        "GET",
        opts.workPoolName === undefined
          ? `work_queues/name/${encodeURIComponent(name)}`
          : workPoolPath(opts.workPoolName, `/queues/${encodeURIComponent(name)}`),
        {},
        schemas.WorkQueueResponse,
      ),
    readWorkQueues: (opts = {}) =>
      http.request(
        "POST",
        opts.workPoolName === undefined ? "work_queues/filter" : workPoolPath(opts.workPoolName, "/queues/filter"),
        { json: filterBody(opts) },
        WorkQueueList,
      ),
    updateWorkQueue: (id, fields) =>
      http.request("PATCH", queuePath(id), { json: toWire(schemas.WorkQueueUpdate, fields) }),
    deleteWorkQueue: (id) => http.request("DELETE", queuePath(id)),
    getRunsInWorkQueue: (id, opts = {}) =>
      http.request(
        "POST",
        queuePath(id, "/get_runs"),
        {
          json: {
            limit: opts.limit ?? 10,
            ...(opts.scheduledBefore ? { scheduled_before: opts.scheduledBefore.toISOString() } : {}),
          },
        },
        FlowRunList,
      ),
  };
}
