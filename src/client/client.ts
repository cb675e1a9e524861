// PrefectClient: one object with every resource's methods. Constructing it is cheap: the resource modules (zod, the
// schemas, ky) load on the first call, from resource-apis.ts. Choosing remote vs embedded happens in src/connect.ts.
import type { AdminApi } from "./admin.js";
import type { ArtifactsApi } from "./artifacts.js";
import type { DeploymentsApi } from "./deployments.js";
import type { EventSubscription } from "./event-subscriber.js";
import type { EventsApi } from "./events.js";
import type { FlowRunsApi } from "./flow-runs.js";
import type { FlowsApi } from "./flows.js";
import type { PrefectClientOptions } from "./http.js";
import type { LogsApi } from "./logs.js";
import type { ResourceApis } from "./resource-apis.js";
import type { RunHistoryApi } from "./run-history.js";
import type { TaskRunsApi } from "./task-runs.js";
import type { VariablesApi } from "./variables.js";
import type { BlocksApi } from "./blocks.js";
import type { WorkPoolsApi } from "./work-pools.js";
import type { WorkQueuesApi } from "./work-queues.js";
import type { WorkersApi } from "./workers.js";

// Declaration merging: the class gains the resource interfaces' methods, assigned in the constructor.
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging -- every member is assigned in the constructor
export interface PrefectClient
  extends
    FlowsApi,
    FlowRunsApi,
    TaskRunsApi,
    LogsApi,
    EventsApi,
    AdminApi,
    DeploymentsApi,
    WorkPoolsApi,
    WorkQueuesApi,
    WorkersApi,
    VariablesApi,
    BlocksApi,
    ArtifactsApi,
    RunHistoryApi {}

/**
 * Every method of the client and its shape before the resources load: "async" ones return a Promise, so they can
 * wait for the load; a "subscription" returns its handle at once and connects once loaded. The mapped type makes a
 * method added to a resource interface and missing here a compile error.
 */
const METHODS: { readonly [K in keyof ResourceApis]: K extends "subscribeEvents" ? "subscription" : "async" } = {
  createFlow: "async",
  readFlow: "async",
  readFlowByName: "async",
  readFlows: "async",
  countFlows: "async",
  updateFlow: "async",
  deleteFlow: "async",
  createFlowRun: "async",
  readFlowRun: "async",
  readFlowRuns: "async",
  countFlowRuns: "async",
  updateFlowRun: "async",
  deleteFlowRun: "async",
  setFlowRunState: "async",
  readFlowRunStates: "async",
  updateFlowRunLabels: "async",
  readFlowRunHistory: "async",
  readFlowRunHistoryPoints: "async",
  createTaskRun: "async",
  readTaskRun: "async",
  readTaskRuns: "async",
  countTaskRuns: "async",
  setTaskRunState: "async",
  readTaskRunStates: "async",
  deleteTaskRun: "async",
  createLogs: "async",
  readLogs: "async",
  createEvents: "async",
  subscribeEvents: "subscription",
  health: "async",
  readServerVersion: "async",
  readServerSettings: "async",
  hello: "async",
  createDeployment: "async",
  readDeployment: "async",
  readDeploymentByName: "async",
  readDeployments: "async",
  paginateDeployments: "async",
  countDeployments: "async",
  updateDeployment: "async",
  deleteDeployment: "async",
  createFlowRunFromDeployment: "async",
  pauseDeployment: "async",
  resumeDeployment: "async",
  readDeploymentSchedules: "async",
  createDeploymentSchedules: "async",
  updateDeploymentSchedule: "async",
  deleteDeploymentSchedule: "async",
  getScheduledFlowRunsForDeployments: "async",
  createWorkPool: "async",
  readWorkPool: "async",
  readWorkPools: "async",
  countWorkPools: "async",
  updateWorkPool: "async",
  deleteWorkPool: "async",
  getScheduledFlowRunsForWorkPool: "async",
  readWorkerMetadata: "async",
  createWorkQueue: "async",
  readWorkQueue: "async",
  readWorkQueueByName: "async",
  readWorkQueues: "async",
  updateWorkQueue: "async",
  deleteWorkQueue: "async",
  getRunsInWorkQueue: "async",
  sendWorkerHeartbeat: "async",
  readWorkersForWorkPool: "async",
  deleteWorker: "async",
  createVariable: "async",
  readVariable: "async",
  readVariableByName: "async",
  readVariables: "async",
  countVariables: "async",
  updateVariable: "async",
  updateVariableByName: "async",
  deleteVariable: "async",
  deleteVariableByName: "async",
  createBlockType: "async",
  readBlockType: "async",
  readBlockTypeBySlug: "async",
  readBlockTypes: "async",
  updateBlockType: "async",
  deleteBlockType: "async",
  createBlockSchema: "async",
  readBlockSchema: "async",
  readBlockSchemaByChecksum: "async",
  readBlockSchemas: "async",
  readBlockCapabilities: "async",
  createBlockDocument: "async",
  readBlockDocument: "async",
  readBlockDocumentByName: "async",
  readBlockDocuments: "async",
  countBlockDocuments: "async",
  updateBlockDocument: "async",
  deleteBlockDocument: "async",
  createArtifact: "async",
  readArtifact: "async",
  readLatestArtifact: "async",
  readArtifacts: "async",
  countArtifacts: "async",
  readLatestArtifacts: "async",
  countLatestArtifacts: "async",
  updateArtifact: "async",
  deleteArtifact: "async",
};

type AnyMethod = (...args: unknown[]) => unknown;

/** A subscription handed out before the client code loaded: it subscribes once loaded, unless closed first. */
function deferredSubscription(start: Promise<() => EventSubscription>): EventSubscription {
  let inner: EventSubscription | undefined;
  let closed = false;
  const ready = start.then((subscribe) => {
    if (closed) throw new Error("The event subscription was closed before the server accepted it.");
    inner = subscribe();
    return inner.ready;
  });
  ready.catch(() => undefined);
  return {
    ready,
    close() {
      closed = true;
      inner?.close();
    },
  };
}

/**
 * A typed client of Prefect's REST API (ours, Prefect's own server, or Prefect Cloud).
 * Methods are named as in Prefect's Python client and return camelCase models with `Date` timestamps.
 * Methods are bound: `const { createFlow } = client` works. Constructing one opens nothing and loads nothing:
 * the transport and the resource code load on the first call.
 *
 * @example
 * const client = new PrefectClient({ apiUrl: "http://127.0.0.1:4200/api" });
 * const flow = await client.createFlow("etl");
 * const run = await client.createFlowRun({ flowId: flow.id, parameters: { day: "2024-05-01" } });
 * @throws ServerUnreachableError, ObjectNotFoundError, ValidationError, UnauthorizedError from every method
 */
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging -- see the interface above
export class PrefectClient {
  /** The API base URL, without trailing slash. */
  readonly apiUrl: string;

  constructor(options: PrefectClientOptions) {
    this.apiUrl = options.apiUrl.replace(/\/+$/, "");
    let loading: Promise<ResourceApis> | undefined;
    // Once loaded, the real methods replace the stubs on this object, so later calls go straight to them.
    const load = (): Promise<ResourceApis> =>
      (loading ??= import("./resource-apis.js").then(({ resourceApis }) => {
        const apis = resourceApis(options);
        Object.assign(this, apis);
        return apis;
      }));
    const self = this as unknown as Record<string, AnyMethod>;
    for (const [name, shape] of Object.entries(METHODS)) {
      const real = async (): Promise<AnyMethod> => (await load())[name as keyof ResourceApis] as AnyMethod;
      self[name] =
        shape === "async"
          ? async (...args: unknown[]) => (await real())(...args)
          : (...args: unknown[]) =>
              deferredSubscription(real().then((method) => () => method(...args) as EventSubscription));
    }
  }
}
