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
export { RunnerDeployment } from "./deploy/runner-deployment.js";
export { DeploymentSpec, IntervalSchedule, CronSchedule, RRuleSchedule } from "./deploy/deployment-spec.js";
export type {
  DeploymentSpecOptions,
  DeploymentSpecSchedule,
  IntervalScheduleOptions,
  CronScheduleOptions,
  RRuleScheduleOptions,
} from "./deploy/deployment-spec.js";
export { deploy } from "./deploy/deploy.js";
export type { DeployOptions, DeployedDeployment, DeployableDeployment } from "./deploy/deploy.js";
export type { DeployableFlow, DeploymentOptions } from "./deploy/runner-deployment.js";
export type { ScheduleOptions, ScheduleSpec } from "./deploy/schedule-options.js";
export type { Integer } from "./deploy/parameter-schema/index.js";
export { DeploymentImage } from "./deploy/image/deployment-image.js";
export type { DeploymentImageOptions, ImageDependencies } from "./deploy/image/deployment-image.js";
export { ImageBuildError, ImageCheckError, ImagePushError } from "./deploy/image/image-errors.js";
export { runDeployment } from "./deploy/run-deployment.js";
export type { RunDeploymentOptions, RunDeploymentSettings } from "./deploy/run-deployment.js";
export { resolveDeployment } from "./deploy/deployment-ref.js";
export type { ResolvedDeployment } from "./deploy/deployment-ref.js";
export type { ParametersOf, DeploymentRunInput, FlowArgsOf } from "./deploy/flow-run-input.js";
export { task, unmapped } from "./task.js";
export type { MapArgs, Task, TaskHandle, Unmapped } from "./task.js";
export { CachePolicy } from "./engine/cache-policy.js";
export type { CacheKeyContext } from "./engine/cache-policy.js";
export { exponentialBackoff } from "./engine/retries.js";
export type { RetryDelay } from "./engine/retries.js";
export { getRunLogger } from "./engine/get-run-logger.js";
export { LogLevel, RunLogger } from "./engine/logger.js";
export { getRunContext } from "./engine/context.js";
export type { FlowRunContext, RunContext, TaskRunContext, TaskRunInfo } from "./engine/context.js";
export { setDefaultClientProvider, withClient } from "./engine/client-provider.js";
export type { ClientProvider } from "./engine/client-provider.js";
export { stateResult } from "./engine/state-result.js";
export { Variable } from "./variables.js";
export type { VariableSetOptions } from "./variables.js";
export type { JsonValue } from "./schemas/index.js";
export type { FlowHook, FlowOptions, HookSubject, TaskHook, TaskOptions } from "./engine/options.js";
export { EMBEDDED_API_URL, getClient, openEmbeddedServer } from "./connect.js";
export type { GetClientOptions } from "./connect.js";
export type { EmbeddedServerHandle, LoopbackApi, RunningServices } from "./worker/embedded-server.js";
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
} from "./errors.js";
// Flows called without withClient() use connect.ts's getClient() (PREFECT_API_URL or the embedded server), made on
// the first flow call.
import { getClient as connectClient } from "./connect.js";
import { setDefaultClientProvider as wireDefaultClient } from "./engine/client-provider.js";
wireDefaultClient(() => connectClient());
