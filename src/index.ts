// Public entry of `prefect-ts` (owned by the lead; lines below appended by the engine helper until the lead merges).
export { flow } from "./flow.js";
export type { Flow, FlowHandle, SchemaFlow, SchemaFlowArgs, SchemaFlowOptions } from "./flow.js";
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
export { stateResult } from "./engine/state-result.js";
export type { FlowHook, FlowOptions, HookSubject, TaskHook, TaskOptions } from "./engine/options.js";
export {
  PrefectError,
  ConfigError,
  FailedRunError,
  CrashedRunError,
  CancelledRunError,
  TimeoutRunError,
  ParameterValidationError,
} from "./errors.js";
// Edge wiring (lead to keep or move): flows called without withClient() use getClient() (PREFECT_API_URL or embedded).
import { getClient } from "./connect.js";
import { setDefaultClientProvider as wireDefaultClient } from "./engine/client-provider.js";
wireDefaultClient(() => getClient());
