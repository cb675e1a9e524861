// The engine as other layers see it: what defining a flow or task needs (definitions, options, names, run contexts,
// loggers, cache policies, retry delays, the client provider, the clock), loaded by `import "prefect-ts"`, and, as
// import functions, the engines that run them, whose state and log writers load the client's schemas (zod) on a first
// call. clock.ts is an entry too, for the worker's loops that need the Clock alone. flow() and task() live in
// src/flow.ts and src/task.ts.
export { callAtSite, parseModule } from "./call-at-site.js";
export type { ParsedModule } from "./call-at-site.js";
export { CachePolicy } from "./cache-policy.js";
export type { CacheKeyContext } from "./cache-policy.js";
export { currentClient, currentSettings, setDefaultClientProvider, withClient } from "./client-provider.js";
export type { ClientProvider } from "./client-provider.js";
export { every, systemClock } from "./clock.js";
export type { Clock } from "./clock.js";
export { currentFlowContext, getRunContext } from "./context.js";
export type { FlowRunContext, RunContext, TaskRunContext, TaskRunInfo } from "./context.js";
export { captureDefinitionSite, userCallerFile } from "./definition-site.js";
export type { DefinitionSite } from "./definition-site.js";
export { makeFlowDefinition, makeTaskDefinition } from "./definitions.js";
export type { FlowDefinition, TaskDefinition } from "./definitions.js";
export { getRunLogger } from "./get-run-logger.js";
export { LogLevel, RunLogger, levelNumber } from "./logger.js";
export { validateFlowOptions, validateTaskOptions } from "./options.js";
export type { FlowHook, FlowOptions, HookSubject, TaskHook, TaskOptions } from "./options.js";
export { exponentialBackoff } from "./retries.js";
export type { RetryDelay } from "./retries.js";
export { checkName, defaultName, kebabCase } from "./run-names.js";
export { stateResult } from "./state-result.js";
export type { FlowOutcome, RunFlowOptions } from "./flow-engine.js";
export type { TaskOutcome } from "./task-engine.js";

/** Loads the flow engine (`runFlow`): on a flow's first call, or ahead of one in a run's process. */
export const importFlowEngine = () => import("./flow-engine.js");

/** Loads the task engine (`runTask`): on a task's first call. */
export const importTaskEngine = () => import("./task-engine.js");

/** Loads the log writer (`logWriterFor`): batches a run's logs to the API. */
export const importLogWriter = () => import("./log-writer.js");
