// Public entry of `prefect-ts/client`: PrefectClient, its camelCase models and option types, the wire schemas
// as the `schemas` namespace, and the error classes it throws.
import * as schemas from "../schemas/index.js";

export { schemas };
export { PrefectClient } from "./client.js";
export type { PrefectClientOptions } from "./http.js";
export type { InProcessHandler, InProcessServer, InProcessEvents } from "./in-process-transport.js";
export type { FlowsApi, ReadFlowsOptions, CountFlowsOptions, FlowUpdateOptions } from "./flows.js";
export type {
  FlowRunsApi,
  CreateFlowRunOptions,
  UpdateFlowRunOptions,
  ReadFlowRunsOptions,
  SetStateOptions,
  FlowRunPolicyInput,
} from "./flow-runs.js";
export type { RunHistoryApi, ReadFlowRunHistoryOptions, RunHistory, FlowRunHistoryPoint } from "./run-history.js";
export type { TaskRunsApi, CreateTaskRunOptions, ReadTaskRunsOptions, TaskRunPolicyInput } from "./task-runs.js";
export type { LogsApi, LogInput, ReadLogsOptions } from "./logs.js";
export type { EventsApi, EventInput } from "./events.js";
export type { EventSubscription, ReceivedEvent, SubscribeEventsOptions } from "./event-subscriber.js";
export { eventsOutUrl } from "./event-subscriber.js";
export type { AdminApi, ServerSettings } from "./admin.js";
export { warnIfServerOlder } from "./version-check.js";
export type { VersionSource, VersionCheckOptions } from "./version-check.js";
export type {
  DeploymentsApi,
  Deployment,
  DeploymentSchedule,
  DeploymentFilter,
  DeploymentScheduleInput,
  DeploymentScheduleUpdateOptions,
  CreateDeploymentOptions,
  UpdateDeploymentOptions,
  ReadDeploymentsOptions,
  CreateFlowRunFromDeploymentOptions,
  ScheduledFlowRunsOptions,
  PaginateDeploymentsOptions,
  DeploymentPage,
} from "./deployments.js";
export type {
  WorkPoolsApi,
  WorkPool,
  WorkPoolFilter,
  CreateWorkPoolOptions,
  CreateWorkPoolBehaviour,
  UpdateWorkPoolOptions,
  ReadWorkPoolsOptions,
  CountWorkPoolsOptions,
  WorkPoolScheduledRunsOptions,
  WorkerFlowRun,
  WorkerMetadata,
} from "./work-pools.js";
export type {
  WorkQueuesApi,
  WorkQueue,
  WorkQueueFilter,
  CreateWorkQueueOptions,
  UpdateWorkQueueOptions,
  ReadWorkQueueByNameOptions,
  ReadWorkQueuesOptions,
  WorkQueueRunsOptions,
} from "./work-queues.js";
export type { WorkersApi, Worker, WorkerFilter, WorkerHeartbeatOptions, ReadWorkersOptions } from "./workers.js";
export type { RunFilterOptions, PageOptions } from "./filter-body.js";
export type {
  ArtifactsApi,
  Artifact,
  ArtifactCollection,
  ArtifactFilter,
  ArtifactCollectionFilter,
  ArtifactCreateOptions,
  ArtifactUpdateOptions,
  ReadArtifactsOptions,
  ReadLatestArtifactsOptions,
} from "./artifacts.js";
export type {
  VariablesApi,
  Variable,
  VariableFilter,
  VariableCreateOptions,
  VariableUpdateOptions,
  ReadVariablesOptions,
} from "./variables.js";
export type {
  BlocksApi,
  BlockType,
  BlockSchema,
  BlockDocument,
  BlockTypeCreateOptions,
  BlockTypeUpdateOptions,
  BlockSchemaCreateOptions,
  BlockDocumentCreateOptions,
  BlockDocumentUpdateOptions,
  BlockDocumentFilter,
  BlockTypeFilter,
  BlockSchemaFilter,
  ReadBlockDocumentsOptions,
} from "./blocks.js";
export type {
  Flow,
  FlowRun,
  TaskRun,
  TaskRunInput,
  State,
  StateDetails,
  StateInput,
  StateType,
  Log,
  OrchestrationResult,
  OrchestrationDetails,
  FlowFilter,
  FlowRunFilter,
  TaskRunFilter,
  LogFilter,
  ModelOf,
  InputOf,
  CamelCase,
} from "./models.js";
export { toModel, toWire, camelKey, snakeKey } from "./wire-mapper.js";
export {
  PrefectError,
  PrefectHTTPStatusError,
  ObjectNotFoundError,
  ObjectAlreadyExistsError,
  ValidationError,
  UnauthorizedError,
  ServerUnreachableError,
  ResponseSchemaError,
  ParameterValidationError,
} from "../errors.js";
export type { ValidationIssue } from "../errors.js";
