// Public surface of the engine: run contexts, loggers, cache policies, retry helpers, the client provider and
// the definitions/engines flow.ts and task.ts build on. The user API (flow(), task()) lives in src/flow.ts, src/task.ts.
export { CachePolicy } from "./cache-policy.js";
export type { CacheKeyContext } from "./cache-policy.js";
export {
  currentClient,
  currentSettings,
  resetDefaultSettings,
  setDefaultClientProvider,
  withClient,
  withSettings,
} from "./client-provider.js";
export { currentFlowContext, getRunContext } from "./context.js";
export type { FlowRunContext, RunContext, TaskRunContext, TaskRunInfo } from "./context.js";
export { flushAllWriters } from "./exit-flush.js";
export { getRunLogger } from "./get-run-logger.js";
export { LogLevel, RunLogger, formatConsoleLine, setConsoleWriter } from "./logger.js";
export type { LogLevelName, RunLoggerTarget } from "./logger.js";
export { LogWriter } from "./log-writer.js";
export type { LogRecord, LogWriterOptions } from "./log-writer.js";
export type { FlowHook, FlowOptions, HookSubject, TaskHook, TaskOptions } from "./options.js";
export { argsFromParameters, parametersFromArgs, parseParameterSignature } from "./parameters.js";
export type { ParameterSignature } from "./parameters.js";
export { ResultStore } from "./results.js";
export type { ResultRecord, ResultRecordMetadata } from "./results.js";
export { exponentialBackoff, retryDelayFor, withJitter } from "./retries.js";
export type { RetryDelay } from "./retries.js";
export { kebabCase, renderRunName } from "./run-names.js";
export { stateResult } from "./state-result.js";
export { StateWriter } from "./state-writer.js";
export { runFlow } from "./flow-engine.js";
export type { FlowOutcome } from "./flow-engine.js";
export { runTask } from "./task-engine.js";
export type { TaskOutcome } from "./task-engine.js";
