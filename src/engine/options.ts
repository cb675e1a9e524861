// The options of flow() and task() (FlowOptions, TaskOptions) and their validation at definition time:
// every invalid option throws ConfigError naming the option and the fix.
import type { z } from "zod";
import type { FlowRun, State } from "../client/index.js";
import { ConfigError } from "../errors.js";
import { CachePolicy, type CacheKeyContext } from "./cache-policy.js";
import type { TaskRunInfo } from "./context.js";
import { MAX_RETRY_DELAY_LIST, type RetryDelay } from "./retries.js";
import { checkName } from "./run-names.js";

/** What a hook receives as its first argument: the flow or task object. */
export interface HookSubject {
  readonly name: string;
}

/** A flow state hook (`onCompletion`, `onFailure`, ...), as Prefect's `(flow, flow_run, state)`. */
export type FlowHook = (flow: HookSubject, flowRun: FlowRun, state: State) => void | Promise<void>;
/** A task state hook, as Prefect's `(task, task_run, state)`. */
export type TaskHook = (task: HookSubject, taskRun: TaskRunInfo, state: State) => void | Promise<void>;

/** Options shared by flows and tasks. */
export interface RunOptionsBase {
  /** The name; flows default to the kebab-cased function name, tasks to the function name. */
  name?: string;
  /** A description (Prefect takes the docstring). */
  description?: string;
  /** A version string, recorded on runs. */
  version?: string;
  /** Retries after a failure. @default PREFECT_FLOWS_DEFAULT_RETRIES / PREFECT_TASKS_DEFAULT_RETRIES (0) */
  retries?: number;
  /** Fail the run when it runs longer than this many seconds (state `TimedOut`). */
  timeoutSeconds?: number;
  /** Turn `console.log`/`info`/`warn`/`error` inside this run into run logs (INFO; warn WARNING; error ERROR). */
  logPrints?: boolean;
  /** Write the result to PREFECT_LOCAL_STORAGE_PATH and reference it from the Completed state. */
  persistResult?: boolean;
  /** Validate arguments against the `parameters` zod schema (flows). @default true */
  validateParameters?: boolean;
}

/** Options of `flow()`. */
export interface FlowOptions<P = Record<string, unknown>> extends RunOptionsBase {
  /** Seconds between retries (flows take a single number, as in Prefect). @default PREFECT_FLOWS_DEFAULT_RETRY_DELAY_SECONDS */
  retryDelaySeconds?: number;
  /** The flow run name: a template over parameters (`"etl-{date}"`) or a function of them. Default: from the server. */
  flowRunName?: string | ((parameters: P) => string);
  onRunning?: FlowHook[];
  onCompletion?: FlowHook[];
  onFailure?: FlowHook[];
  onCancellation?: FlowHook[];
  onCrashed?: FlowHook[];
}

/** Options of `task()`. */
export interface TaskOptions<P = Record<string, unknown>> extends RunOptionsBase {
  /** Tags of the task's runs. */
  tags?: string[];
  /** Seconds before each retry: a number, a list per retry (max 50), or a function of the retry number. */
  retryDelaySeconds?: RetryDelay;
  /** Spread retry delays by up to this factor (>= 0). */
  retryJitterFactor?: number;
  /** Return false to fail without retrying (Prefect's `retry_condition_fn`). */
  retryCondition?: (error: unknown, attempt: number) => boolean | Promise<boolean>;
  /** The task run name: a template over parameters or a function of them. Default `<task-name>-<3 hex>`. */
  taskRunName?: string | ((parameters: P) => string);
  /** Which facts make the cache key. Setting it turns `persistResult` on. @default CachePolicy.DEFAULT */
  cachePolicy?: CachePolicy;
  /** A function computing the cache key; wins over `cachePolicy`. Setting it turns `persistResult` on. */
  cacheKeyFn?: (ctx: CacheKeyContext, parameters: P) => string | null | undefined;
  /** Seconds a cached result stays valid (unset: forever). */
  cacheExpiration?: number;
  /** Run even when a cached result exists, and replace it. */
  refreshCache?: boolean;
  onRunning?: TaskHook[];
  onCompletion?: TaskHook[];
  onFailure?: TaskHook[];
}

const FLOW_KEYS = [
  "name",
  "description",
  "version",
  "retries",
  "retryDelaySeconds",
  "timeoutSeconds",
  "logPrints",
  "persistResult",
  "validateParameters",
  "flowRunName",
  "parameters",
  "onRunning",
  "onCompletion",
  "onFailure",
  "onCancellation",
  "onCrashed",
];
const TASK_KEYS = [
  "name",
  "description",
  "version",
  "tags",
  "retries",
  "retryDelaySeconds",
  "retryJitterFactor",
  "retryCondition",
  "timeoutSeconds",
  "logPrints",
  "persistResult",
  "validateParameters",
  "taskRunName",
  "cachePolicy",
  "cacheKeyFn",
  "cacheExpiration",
  "refreshCache",
  "onRunning",
  "onCompletion",
  "onFailure",
];

function fail(kind: string, key: string, message: string): never {
  throw new ConfigError(`${kind} option ${key}${message.startsWith("[") ? "" : " "}${message}`, key);
}

function describe(value: unknown): string {
  if (typeof value === "function") return "a function";
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

function closest(key: string, known: readonly string[]): string | undefined {
  const lower = key.toLowerCase();
  return known.find((k) => k.toLowerCase().startsWith(lower.slice(0, 4)) || lower.startsWith(k.toLowerCase()));
}

function checkCommon(kind: "flow" | "task", o: Record<string, unknown>, known: readonly string[]): void {
  for (const key of Object.keys(o)) {
    if (o[key] === undefined) continue;
    if (!known.includes(key)) {
      const hint = closest(key, known);
      throw new ConfigError(
        `${kind} has no option ${key}${hint ? `; did you mean ${hint}?` : ""} (options: ${known.join(", ")})`,
        key,
      );
    }
  }
  if (o.name !== undefined) checkName(kind, o.name);
  for (const key of ["description", "version"]) {
    if (o[key] !== undefined && typeof o[key] !== "string")
      fail(kind, key, `must be a string, got ${describe(o[key])}`);
  }
  if (o.retries !== undefined && !(Number.isInteger(o.retries) && (o.retries as number) >= 0)) {
    fail(kind, "retries", `must be a non-negative integer, got ${describe(o.retries)}`);
  }
  if (
    o.timeoutSeconds !== undefined &&
    !(typeof o.timeoutSeconds === "number" && o.timeoutSeconds > 0 && Number.isFinite(o.timeoutSeconds))
  ) {
    fail(kind, "timeoutSeconds", `must be a positive number of seconds, got ${describe(o.timeoutSeconds)}`);
  }
  for (const key of ["logPrints", "persistResult", "validateParameters", "refreshCache"]) {
    if (o[key] !== undefined && typeof o[key] !== "boolean")
      fail(kind, key, `must be true or false, got ${describe(o[key])}`);
  }
  for (const key of ["onRunning", "onCompletion", "onFailure", "onCancellation", "onCrashed"]) {
    const hooks = o[key];
    if (hooks === undefined) continue;
    if (!Array.isArray(hooks) || hooks.some((h) => typeof h !== "function")) {
      fail(kind, key, `must be an array of functions (flowOrTask, run, state) => void, got ${describe(hooks)}`);
    }
  }
  const runName = kind === "flow" ? "flowRunName" : "taskRunName";
  const rn = o[runName];
  if (rn !== undefined && typeof rn !== "string" && typeof rn !== "function") {
    fail(
      kind,
      runName,
      `must be a template string like "etl-{date}" or a function of the parameters, got ${describe(rn)}`,
    );
  }
}

function isNonNegative(n: unknown): n is number {
  return typeof n === "number" && Number.isFinite(n) && n >= 0;
}

/**
 * Validates flow options.
 * @throws ConfigError naming the option and the fix
 */
export function validateFlowOptions(options: object): void {
  const o = options as Record<string, unknown>;
  checkCommon("flow", o, FLOW_KEYS);
  if (o.retryDelaySeconds !== undefined && !isNonNegative(o.retryDelaySeconds)) {
    fail(
      "flow",
      "retryDelaySeconds",
      `must be a non-negative number of seconds (flows take one number; per-retry lists are for tasks), got ${describe(o.retryDelaySeconds)}`,
    );
  }
  const schema = o.parameters as z.ZodType | undefined;
  if (
    schema !== undefined &&
    (typeof schema !== "object" ||
      schema === null ||
      typeof (schema as { safeParse?: unknown }).safeParse !== "function")
  ) {
    fail("flow", "parameters", `must be a zod schema such as z.object({ ... }), got ${describe(schema)}`);
  }
}

/**
 * Validates task options.
 * @throws ConfigError naming the option and the fix
 */
export function validateTaskOptions(options: object): void {
  const o = options as Record<string, unknown>;
  checkCommon("task", o, TASK_KEYS);
  const delay = o.retryDelaySeconds;
  if (delay !== undefined && typeof delay !== "function") {
    if (Array.isArray(delay)) {
      if (delay.length > MAX_RETRY_DELAY_LIST) {
        fail("task", "retryDelaySeconds", `can list at most ${MAX_RETRY_DELAY_LIST} delays, got ${delay.length}`);
      }
      const bad = delay.findIndex((d) => !isNonNegative(d));
      if (bad !== -1)
        fail(
          "task",
          "retryDelaySeconds",
          `[${bad}] must be a non-negative number of seconds, got ${describe(delay[bad])}`,
        );
    } else if (!isNonNegative(delay)) {
      fail(
        "task",
        "retryDelaySeconds",
        `must be a non-negative number, a list of them, or a function of the retry number, got ${describe(delay)}`,
      );
    }
  }
  if (o.retryJitterFactor !== undefined && !isNonNegative(o.retryJitterFactor)) {
    fail("task", "retryJitterFactor", `must be a non-negative number, got ${describe(o.retryJitterFactor)}`);
  }
  for (const key of ["retryCondition", "cacheKeyFn"]) {
    if (o[key] !== undefined && typeof o[key] !== "function")
      fail("task", key, `must be a function, got ${describe(o[key])}`);
  }
  if (o.cachePolicy !== undefined && !(o.cachePolicy instanceof CachePolicy)) {
    fail("task", "cachePolicy", `must be a CachePolicy (e.g. CachePolicy.INPUTS), got ${describe(o.cachePolicy)}`);
  }
  if (o.cacheExpiration !== undefined && !(typeof o.cacheExpiration === "number" && o.cacheExpiration > 0)) {
    fail("task", "cacheExpiration", `must be a positive number of seconds, got ${describe(o.cacheExpiration)}`);
  }
  if (o.tags !== undefined && !(Array.isArray(o.tags) && o.tags.every((t) => typeof t === "string"))) {
    fail("task", "tags", `must be an array of strings, got ${describe(o.tags)}`);
  }
  if (o.persistResult === false && o.cachePolicy !== undefined && !(o.cachePolicy as CachePolicy).isNone) {
    fail(
      "task",
      "persistResult",
      "is false but a cachePolicy is set; caching needs persisted results (drop one of them)",
    );
  }
}
