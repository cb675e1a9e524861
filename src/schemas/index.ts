// The public wire schemas of prefect-ts: every model of Prefect's REST API that client/ and server/ share,
// listed by name (no `export *`). One block per file; a new resource gets its own file and block.

export {
  Uuid,
  DateTimeString,
  JsonObject,
  KeyValueLabels,
  Name,
  LocalDateTimeString,
  RunName,
  CreatedBy,
  UpdatedBy,
  PREFECT_API_DEFAULT_LIMIT,
  nullAsDefault,
  pageOffset,
  pageLimit,
} from "./common.js";
export { DATETIME_PATTERN, normalizeDateTime, isDateTime, parseDateTime } from "./datetime.js";
export type { NaiveDateTime } from "./datetime.js";
export { PREFECT_VERSION, PREFECT_API_VERSION } from "./version.js";
export {
  StateType,
  StateTypeSchema,
  TERMINAL_STATE_TYPES,
  StateDetails,
  State,
  StateCreate,
  SetStateStatus,
  SetStateStatusSchema,
  StateAcceptDetails,
  StateRejectDetails,
  StateAbortDetails,
  StateWaitDetails,
  OrchestrationDetails,
  OrchestrationResult,
  SetFlowRunStateRequest,
  SetTaskRunStateRequest,
} from "./states.js";
export type {
  StateDetailsInput,
  StateInput,
  StateCreateInput,
  OrchestrationResultInput,
  SetFlowRunStateRequestInput,
  SetTaskRunStateRequestInput,
} from "./states.js";
export { Flow, FlowCreate, FlowUpdate } from "./flows.js";
export type { FlowInput, FlowCreateInput, FlowUpdateInput } from "./flows.js";
export {
  FlowRunPolicy,
  FlowRun,
  FlowRunResponse,
  FlowRunCreate,
  FlowRunUpdate,
  FlowRunLabelsUpdate,
} from "./flow-runs.js";
export type {
  FlowRunPolicyInput,
  FlowRunInput,
  FlowRunResponseInput,
  FlowRunCreateInput,
  FlowRunUpdateInput,
} from "./flow-runs.js";
export {
  TaskRunPolicy,
  TaskRunResult,
  FlowRunResult,
  Parameter,
  Constant,
  TaskRunInput,
  TaskInputs,
  TaskRun,
  TaskRunCreate,
  TaskRunUpdate,
} from "./task-runs.js";
export type { TaskRunPolicyInput, TaskRunCreateInput, TaskRunUpdateInput } from "./task-runs.js";
export { Log, LogCreate, LogCreateRequest } from "./logs.js";
export type { LogCreateInput } from "./logs.js";
export {
  IntervalSchedule,
  CronSchedule,
  RRuleSchedule,
  Schedule,
  DeploymentSchedule,
  DeploymentScheduleCreate,
  DeploymentScheduleUpdate,
} from "./schedules.js";
export type {
  IntervalScheduleInput,
  CronScheduleInput,
  RRuleScheduleInput,
  ScheduleInput,
  DeploymentScheduleCreateInput,
  DeploymentScheduleUpdateInput,
} from "./schedules.js";
export {
  DeploymentStatus,
  DeploymentStatusSchema,
  ConcurrencyLimitStrategy,
  ConcurrencyLimitStrategySchema,
  ConcurrencyOptions,
  VersionInfo,
  GlobalConcurrencyLimitResponse,
  DeploymentResponse,
  DeploymentCreate,
  DeploymentUpdate,
  DeploymentFlowRunCreate,
  DeploymentFilterRequest,
  DeploymentCountRequest,
  DeploymentScheduledFlowRunsRequest,
} from "./deployments.js";
export type {
  DeploymentResponseInput,
  DeploymentCreateInput,
  DeploymentUpdateInput,
  DeploymentFlowRunCreateInput,
  DeploymentFilterRequestInput,
} from "./deployments.js";
export {
  WorkPoolStatus,
  WorkPoolStatusSchema,
  WorkPoolStorageConfiguration,
  WorkPoolResponse,
  WorkPoolCreate,
  WorkPoolUpdate,
  WorkPoolFilterRequest,
  WorkPoolCountRequest,
  WorkPoolScheduledFlowRunsRequest,
  WorkerFlowRunResponse,
} from "./work-pools.js";
export { DEFAULT_AGENT_POOL_NAME } from "./default-agent-pool.js";
export type { WorkPoolResponseInput, WorkPoolCreateInput, WorkPoolUpdateInput } from "./work-pools.js";
export {
  WorkQueueStatus,
  WorkQueueStatusSchema,
  QueueFilter,
  WorkQueue,
  WorkQueueResponse,
  WorkQueueCreate,
  WorkQueueUpdate,
  WorkQueueHealthPolicy,
  WorkQueueStatusDetail,
  WorkQueueFilterRequest,
  WorkQueueGetRunsRequest,
} from "./work-queues.js";
export type { WorkQueueResponseInput, WorkQueueCreateInput, WorkQueueUpdateInput } from "./work-queues.js";
export {
  WorkerStatus,
  WorkerStatusSchema,
  WorkerResponse,
  WorkerHeartbeatRequest,
  WorkerFilterRequest,
} from "./workers.js";
export type { WorkerResponseInput } from "./workers.js";
export { Operator, OperatorSchema } from "./filters/operators.js";
export { FlowFilterId, FlowFilterName, FlowFilterTags, FlowFilterDeployment, FlowFilter } from "./filters/flows.js";
export type { FlowFilterInput } from "./filters/flows.js";
export {
  FlowRunFilterId,
  FlowRunFilterName,
  FlowRunFilterTags,
  FlowRunFilterDeploymentId,
  FlowRunFilterWorkQueueName,
  FlowRunFilterStateType,
  FlowRunFilterStateName,
  FlowRunFilterState,
  FlowRunFilterFlowVersion,
  FlowRunFilterStartTime,
  FlowRunFilterEndTime,
  FlowRunFilterExpectedStartTime,
  FlowRunFilterNextScheduledStartTime,
  FlowRunFilterParentFlowRunId,
  FlowRunFilterParentTaskRunId,
  FlowRunFilterIdempotencyKey,
  FlowRunFilterCreatedBy,
  FlowRunFilter,
} from "./filters/flow-runs.js";
export type { FlowRunFilterInput } from "./filters/flow-runs.js";
export {
  TaskRunFilterId,
  TaskRunFilterName,
  TaskRunFilterTags,
  TaskRunFilterStateType,
  TaskRunFilterStateName,
  TaskRunFilterState,
  TaskRunFilterSubFlowRuns,
  TaskRunFilterStartTime,
  TaskRunFilterEndTime,
  TaskRunFilterExpectedStartTime,
  TaskRunFilterFlowRunId,
  TaskRunFilter,
} from "./filters/task-runs.js";
export type { TaskRunFilterInput } from "./filters/task-runs.js";
export {
  LogFilterLevel,
  LogFilterTimestamp,
  LogFilterFlowRunId,
  LogFilterTaskRunId,
  LogFilterTextSearch,
  LogFilter,
} from "./filters/logs.js";
export type { LogFilterInput } from "./filters/logs.js";
export {
  DeploymentFilterId,
  DeploymentFilterName,
  DeploymentOrFlowNameFilter,
  DeploymentFilterPaused,
  DeploymentFilterTags,
  DeploymentFilterWorkQueueName,
  DeploymentFilterConcurrencyLimit,
  DeploymentFilter,
} from "./filters/deployments.js";
export type { DeploymentFilterInput } from "./filters/deployments.js";
export {
  WorkPoolFilterId,
  WorkPoolFilterName,
  WorkPoolFilterType,
  WorkPoolFilter,
  WorkQueueFilterId,
  WorkQueueFilterName,
  WorkQueueFilter,
} from "./filters/work-pools.js";
export { WorkerFilterLastHeartbeatTime, WorkerFilterStatus, WorkerFilter } from "./filters/workers.js";
export {
  FlowSort,
  FlowSortSchema,
  FlowRunSort,
  FlowRunSortSchema,
  TaskRunSort,
  TaskRunSortSchema,
  LogSort,
  LogSortSchema,
  DeploymentSort,
  DeploymentSortSchema,
} from "./filters/sorts.js";
export {
  FlowFilterRequest,
  FlowCountRequest,
  FlowRunFilterRequest,
  FlowRunCountRequest,
  TaskRunFilterRequest,
  TaskRunCountRequest,
  LogFilterRequest,
} from "./filters/requests.js";
export type {
  FlowFilterRequestInput,
  FlowCountRequestInput,
  FlowRunFilterRequestInput,
  FlowRunCountRequestInput,
  TaskRunFilterRequestInput,
  TaskRunCountRequestInput,
  LogFilterRequestInput,
} from "./filters/requests.js";
export { ValidationErrorDetail, ValidationErrorResponse, ErrorDetailResponse, UnauthorizedResponse } from "./errors.js";
export {
  Event,
  Resource,
  RelatedResource,
  EventsCreateRequest,
  MAXIMUM_LABELS_PER_RESOURCE,
  MAXIMUM_RELATED_RESOURCES,
  MAXIMUM_EVENT_NAME_LENGTH,
} from "./events.js";
export type { EventInput } from "./events.js";
export {
  ResourceSpecification,
  EventNameFilter,
  EventResourceFilter,
  EventRelatedFilter,
  EventAnyResourceFilter,
  EventOccurredFilter,
  EventIDFilter,
  EventFilter,
} from "./filters/events.js";
export type { EventFilterInput } from "./filters/events.js";
export {
  MAX_VARIABLE_NAME_LENGTH,
  MAX_VARIABLE_VALUE_LENGTH,
  VariableName,
  VariableValue,
  Variable,
  VariableCreate,
  VariableUpdate,
  pythonJsonLength,
} from "./variables.js";
export type { JsonValue, VariableInput, VariableCreateInput, VariableUpdateInput } from "./variables.js";
export {
  VariableFilterId,
  VariableFilterName,
  VariableFilterTags,
  VariableFilter,
  VariableSort,
  VariableSortSchema,
  VariableCountRequest,
  VariableFilterRequest,
} from "./filters/variables.js";
export type {
  VariableFilterInput,
  VariableCountRequestInput,
  VariableFilterRequestInput,
} from "./filters/variables.js";
export {
  BlockTypeSlug,
  BlockDocumentName,
  BlockType,
  BlockTypeCreate,
  BlockTypeUpdate,
  BlockSchema,
  BlockSchemaCreate,
  BlockDocument,
  BlockDocumentCreate,
  BlockDocumentUpdate,
} from "./blocks.js";
export type {
  BlockTypeCreateInput,
  BlockSchemaCreateInput,
  BlockDocumentCreateInput,
  BlockDocumentUpdateInput,
} from "./blocks.js";
export {
  BlockTypeFilter,
  BlockSchemaFilter,
  BlockDocumentFilter,
  BlockDocumentSort,
  BlockDocumentSortSchema,
  BlockTypeFilterRequest,
  BlockSchemaFilterRequest,
  BlockDocumentCountRequest,
  BlockDocumentFilterRequest,
} from "./filters/blocks.js";
export type { BlockDocumentFilterInput, BlockDocumentFilterRequestInput } from "./filters/blocks.js";
export { ServerDefaultResultStorage, ServerDefaultResultStorageUpdate } from "./admin.js";
export {
  FlowRunHistoryRequest,
  FlowRunUiHistoryRequest,
  HistoryResponse,
  HistoryResponseState,
  SimpleFlowRun,
} from "./history.js";
export type { FlowRunHistoryRequestInput, FlowRunUiHistoryRequestInput } from "./history.js";
export {
  ArtifactKey,
  ArtifactMetadata,
  MAX_ARTIFACT_METADATA_VALUE_LENGTH,
  Artifact,
  ArtifactCollection,
  ArtifactCreate,
  ArtifactUpdate,
} from "./artifacts.js";
export type { ArtifactCreateInput, ArtifactUpdateInput } from "./artifacts.js";
export {
  ArtifactFilterId,
  ArtifactFilterKey,
  ArtifactFilterFlowRunId,
  ArtifactFilterTaskRunId,
  ArtifactFilterType,
  ArtifactFilter,
  ArtifactCollectionFilterLatestId,
  ArtifactCollectionFilterKey,
  ArtifactCollectionFilterFlowRunId,
  ArtifactCollectionFilterTaskRunId,
  ArtifactCollectionFilterType,
  ArtifactCollectionFilter,
  ArtifactSort,
  ArtifactSortSchema,
  ArtifactCollectionSort,
  ArtifactCollectionSortSchema,
  ArtifactCountRequest,
  ArtifactFilterRequest,
  ArtifactCollectionCountRequest,
  ArtifactCollectionFilterRequest,
} from "./filters/artifacts.js";
export type { ArtifactFilterInput, ArtifactCollectionFilterInput } from "./filters/artifacts.js";
