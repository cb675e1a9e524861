// Public entry of `prefect-ts`: flows, tasks, their helpers, getClient and the errors, listed by name.
// Nothing here may load zod, ky or the server at import time (bench/startup.bench.ts: <= 60 ms over bare node):
// they load on a client's first request.
export { flow } from "./flow.js";
export type {
  DeploymentParameters,
  Flow,
  FlowHandle,
  FlowServeOptions,
  FlowDeployOptions,
  SchemaFlow,
  SchemaFlowArgs,
  SchemaFlowOptions,
} from "./flow.js";
export { serve } from "./worker/serve.js";
export type { ServableDeployment, ServeOptions } from "./worker/serve.js";
export {
  CronSchedule,
  deploy,
  DeploymentImage,
  DeploymentSpec,
  ImageBuildError,
  ImageCheckError,
  ImagePushError,
  IntervalSchedule,
  resolveDeployment,
  RRuleSchedule,
  runDeployment,
  RunnerDeployment,
} from "./deploy/index.js";
export type {
  CronScheduleOptions,
  DeployableDeployment,
  DeployableFlow,
  DeployedDeployment,
  DeploymentImageOptions,
  DeploymentOptions,
  DeploymentRunInput,
  DeploymentSpecOptions,
  DeploymentSpecSchedule,
  DeployOptions,
  FlowArgsOf,
  ImageDependencies,
  Integer,
  IntervalScheduleOptions,
  ParametersOf,
  ResolvedDeployment,
  RRuleScheduleOptions,
  RunDeploymentOptions,
  RunDeploymentSettings,
  ScheduleOptions,
  ScheduleSpec,
} from "./deploy/index.js";
export { task, unmapped } from "./task.js";
export type { MapArgs, Task, TaskHandle, Unmapped } from "./task.js";
export {
  CachePolicy,
  exponentialBackoff,
  getRunContext,
  getRunLogger,
  LogLevel,
  RunLogger,
  setDefaultClientProvider,
  stateResult,
  withClient,
} from "./engine/index.js";
export type {
  CacheKeyContext,
  ClientProvider,
  FlowHook,
  FlowOptions,
  FlowRunContext,
  HookSubject,
  RetryDelay,
  RunContext,
  TaskHook,
  TaskOptions,
  TaskRunContext,
  TaskRunInfo,
} from "./engine/index.js";
export { Variable } from "./variables.js";
export type { VariableSetOptions } from "./variables.js";
export {
  createImageArtifact,
  createLinkArtifact,
  createMarkdownArtifact,
  createProgressArtifact,
  createTableArtifact,
  updateProgressArtifact,
} from "./artifacts.js";
export type { ArtifactOptions, ArtifactTable } from "./artifacts.js";
export type { Artifact, ArtifactCollection } from "./client/index.js";
export type { JsonValue } from "./schemas/index.js";
export { EMBEDDED_API_URL, getClient, openEmbeddedServer } from "./connect.js";
export type { GetClientOptions } from "./connect.js";
export type { EmbeddedServerHandle, LoopbackApi, RunningServices } from "./worker/index.js";
export type { PrefectClient, Flow as FlowModel, FlowRun, TaskRun, State, StateType, Log } from "./client/index.js";
export type { WorkPool, WorkQueue, Worker, WorkerFlowRun } from "./client/index.js";
export {
  PrefectError,
  ObjectNotFoundError,
  ObjectAlreadyExistsError,
  ValidationError,
  UnauthorizedError,
  ServerUnreachableError,
  ConfigError,
  FailedRunError,
  CrashedRunError,
  CancelledRunError,
  TimeoutRunError,
  ParameterValidationError,
  ArtifactError,
} from "./errors.js";
// Flows called without withClient() use connect.ts's getClient() (PREFECT_API_URL or the embedded server), made on
// the first flow call.
import { getClient as connectClient } from "./connect.js";
import { setDefaultClientProvider as wireDefaultClient } from "./engine/index.js";
wireDefaultClient(() => connectClient());
