// The methods of PrefectClient over one HttpTransport, built from the per-resource modules. Loaded by client.ts on
// a client's first call, so constructing a client loads neither zod, the schemas nor ky.
import { adminApi, type AdminApi } from "./admin.js";
import { artifactsApi, type ArtifactsApi } from "./artifacts.js";
import { deploymentsApi, type DeploymentsApi } from "./deployments.js";
import { eventsApi, type EventsApi } from "./events.js";
import { flowRunsApi, type FlowRunsApi } from "./flow-runs.js";
import { flowsApi, type FlowsApi } from "./flows.js";
import { HttpTransport, type PrefectClientOptions } from "./http.js";
import { logsApi, type LogsApi } from "./logs.js";
import { runHistoryApi, type RunHistoryApi } from "./run-history.js";
import { taskRunsApi, type TaskRunsApi } from "./task-runs.js";
import { variablesApi, type VariablesApi } from "./variables.js";
import { blocksApi, type BlocksApi } from "./blocks.js";
import { workPoolsApi, type WorkPoolsApi } from "./work-pools.js";
import { workQueuesApi, type WorkQueuesApi } from "./work-queues.js";
import { workersApi, type WorkersApi } from "./workers.js";

/** Every resource's methods, as one object. */
export type ResourceApis = FlowsApi &
  FlowRunsApi &
  TaskRunsApi &
  LogsApi &
  EventsApi &
  AdminApi &
  DeploymentsApi &
  WorkPoolsApi &
  WorkQueuesApi &
  WorkersApi &
  VariablesApi &
  BlocksApi &
  ArtifactsApi &
  RunHistoryApi;

/** Builds every resource's methods over one transport made from `options`. */
export function resourceApis(options: PrefectClientOptions): ResourceApis {
  const http = new HttpTransport(options);
  return {
    ...flowsApi(http),
    ...flowRunsApi(http),
    ...taskRunsApi(http),
    ...logsApi(http),
    ...eventsApi(http),
    ...adminApi(http),
    ...deploymentsApi(http),
    ...workPoolsApi(http),
    ...workQueuesApi(http),
    ...workersApi(http),
    ...variablesApi(http),
    ...blocksApi(http),
    ...artifactsApi(http),
    ...runHistoryApi(http),
  };
}
