// Worker routes of the client: heartbeat (registers the worker), list a pool's workers, delete one.
// The poll for runs is the pool's (`getScheduledFlowRunsForWorkPool` in work-pools.ts).
import { z } from "zod";
import * as schemas from "../schemas/index.js";
import type { HttpTransport } from "./http.js";
import type { InputOf, ModelOf } from "./models.js";
import { workPoolPath } from "./work-pools.js";
import { toWire } from "./wire-mapper.js";

/** A worker, as returned by the client (camelCase of `WorkerResponse`). */
export type Worker = ModelOf<typeof schemas.WorkerResponse>;
/** Filter on workers, camelCase of Prefect's `WorkerFilter` (`{ status: { any_: ["ONLINE"] } }`). */
export type WorkerFilter = InputOf<typeof schemas.WorkerFilter>;

/** Options of `sendWorkerHeartbeat`. */
export interface WorkerHeartbeatOptions {
  /**
   * How often the worker heartbeats; the server marks it OFFLINE after 3 missed intervals. Sent rounded up to whole
   * seconds (the wire field is an integer). @default the server's 30 s fallback
   */
  heartbeatIntervalSeconds?: number;
  /**
   * The worker's type (e.g. `process`). Not sent: Prefect's heartbeat body has only the name and interval (a
   * worker's type is its pool's); kept so callers can pass what they know without a wire change.
   */
  workerType?: string;
}

/** Options of `readWorkersForWorkPool`. */
export interface ReadWorkersOptions {
  workerFilter?: WorkerFilter;
  /** @default 200 */
  limit?: number;
  /** @default 0 */
  offset?: number;
}

/** The worker methods of PrefectClient. */
export interface WorkersApi {
  /**
   * Registers the worker or refreshes its heartbeat; it is ONLINE afterwards
   * (`POST /work_pools/{name}/workers/heartbeat`). @throws ObjectNotFoundError (pool)
   */
  sendWorkerHeartbeat(workPoolName: string, workerName: string, opts?: WorkerHeartbeatOptions): Promise<void>;
  /** The pool's workers matching the filter. @throws ObjectNotFoundError (pool) */
  readWorkersForWorkPool(workPoolName: string, opts?: ReadWorkersOptions): Promise<Worker[]>;
  /** Removes a worker from the pool's list. @throws ObjectNotFoundError */
  deleteWorker(workPoolName: string, workerName: string): Promise<void>;
}

const WorkerList = z.array(schemas.WorkerResponse);

/** Builds the worker methods over a transport. */
export function workersApi(http: HttpTransport): WorkersApi {
  return {
    sendWorkerHeartbeat: (workPoolName, workerName, opts = {}) =>
      http.request("POST", workPoolPath(workPoolName, "/workers/heartbeat"), {
        json: {
          name: workerName,
          // The wire field is an integer: a sub-second interval (tests) is sent as 1 s rather than refused.
          ...(opts.heartbeatIntervalSeconds === undefined
            ? {}
            : { heartbeat_interval_seconds: Math.ceil(opts.heartbeatIntervalSeconds) }),
        },
      }),
    readWorkersForWorkPool: (workPoolName, opts = {}) =>
      http.request(
        "POST",
        workPoolPath(workPoolName, "/workers/filter"),
        {
          json: {
            ...(opts.workerFilter ? { workers: toWire(schemas.WorkerFilter, opts.workerFilter) } : {}),
            ...(opts.limit === undefined ? {} : { limit: opts.limit }),
            ...(opts.offset === undefined ? {} : { offset: opts.offset }),
          },
        },
        WorkerList,
      ),
    deleteWorker: (workPoolName, workerName) =>
      http.request("DELETE", workPoolPath(workPoolName, `/workers/${encodeURIComponent(workerName)}`)),
  };
}
