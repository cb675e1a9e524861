// PrefectClient: one object with every resource's methods, composed from the per-resource modules
// over one HttpTransport (one ky instance). Choosing remote vs embedded happens in src/connect.ts.
import { adminApi, type AdminApi } from "./admin.js";
import { deploymentsApi, type DeploymentsApi } from "./deployments.js";
import type { EmbeddedHost } from "./embedded-host.js";
import { eventsApi, type EventsApi } from "./events.js";
import { flowRunsApi, type FlowRunsApi } from "./flow-runs.js";
import { flowsApi, type FlowsApi } from "./flows.js";
import { HttpTransport, type PrefectClientOptions } from "./http.js";
import { logsApi, type LogsApi } from "./logs.js";
import { taskRunsApi, type TaskRunsApi } from "./task-runs.js";
import { variablesApi, type VariablesApi } from "./variables.js";
import { workPoolsApi, type WorkPoolsApi } from "./work-pools.js";
import { workQueuesApi, type WorkQueuesApi } from "./work-queues.js";
import { workersApi, type WorkersApi } from "./workers.js";

// Declaration merging: the class gains the resource interfaces' methods, assigned in the constructor.
export interface PrefectClient
  extends FlowsApi, FlowRunsApi, TaskRunsApi, LogsApi, EventsApi, AdminApi, DeploymentsApi, WorkPoolsApi, WorkQueuesApi, WorkersApi, VariablesApi {}

/**
 * A typed client of Prefect's REST API (ours, Prefect's own server, or Prefect Cloud).
 * Methods are named as in Prefect's Python client and return camelCase models with `Date` timestamps.
 * Methods are bound: `const { createFlow } = client` works.
 *
 * @example
 * const client = new PrefectClient({ apiUrl: "http://127.0.0.1:4200/api" });
 * const flow = await client.createFlow("etl");
 * const run = await client.createFlowRun({ flowId: flow.id, parameters: { day: "2024-05-01" } });
 * @throws ServerUnreachableError, ObjectNotFoundError, ValidationError, UnauthorizedError from every method
 */
export class PrefectClient {
  /** The API base URL, without trailing slash. */
  readonly apiUrl: string;
  /** Hooks of the embedded server this client talks to in-process; `undefined` for a remote API. */
  readonly embeddedHost: EmbeddedHost | undefined;

  constructor(options: PrefectClientOptions) {
    const http = new HttpTransport(options);
    this.apiUrl = http.apiUrl;
    this.embeddedHost = options.embeddedHost;
    Object.assign(this, flowsApi(http), flowRunsApi(http), taskRunsApi(http), logsApi(http), eventsApi(http), adminApi(http), deploymentsApi(http));
    Object.assign(this, workPoolsApi(http), workQueuesApi(http), workersApi(http));
    Object.assign(this, variablesApi(http));
  }
}
