// A flow run's job: the pool's base job template rendered with the job variables (Prefect's `from_template_and_values`),
// then prepared for one run (Prefect's `prepare_for_flow_run`): env, labels, name, command, working directory.
// Placeholder rules live in job-templating.ts, command splitting in command-line.ts, schema checks in job-variables.ts
// (kept apart: it builds an ajv instance, which rendering a job, and so a worker's start-up, does not need).
import { homedir } from "node:os";
import { isAbsolute, join, resolve } from "node:path";
import { ConfigError } from "../errors.js";
import { splitCommandLine } from "./command-line.js";
import { jobEnvironment, jobLabels, resolveFlowRunPlaceholders, type FlowRunJobInfo } from "./flow-run-job.js";
import { PREFECT_VERSION } from "../schemas/index.js";
import { applyValues } from "../schemas/plain.js";
import { DEFAULT_PROCESS_COMMAND } from "./process-worker-type.js";
import type { BaseJobTemplate } from "./worker-type-definition.js";

export type { FlowRunJobInfo } from "./flow-run-job.js";

/** A rendered job configuration: the template's `job_configuration` with its placeholders filled (snake_case keys). */
export type JobConfiguration = Record<string, unknown>;

/** A job variables layer: a deployment's or a run's `job_variables`, possibly absent. */
export type JobVariables = Readonly<Record<string, unknown>> | null | undefined;

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/** The `default`s of the template's variables (`variables.properties.*.default`), deep-copied. */
export function jobVariableDefaults(template: BaseJobTemplate): Record<string, unknown> {
  const properties = (template.variables?.properties ?? {}) as Record<string, unknown>;
  const defaults: Record<string, unknown> = {};
  for (const [name, property] of Object.entries(properties)) {
    if (property !== null && typeof property === "object" && "default" in property)
      defaults[name] = structuredClone((property as { default: unknown }).default);
  }
  return defaults;
}

/**
 * Merges job variable layers, later over earlier: each variable is replaced, except `env`, whose entries are merged
 * (a run adding `{ env: { B: "2" } }` keeps the deployment's `A`; `{ env: { A: null } }` unsets it).
 */
export function mergeJobVariables(...layers: JobVariables[]): Record<string, unknown> {
  const merged: Record<string, unknown> = {};
  for (const layer of layers) {
    if (!layer) continue;
    for (const [name, value] of Object.entries(layer)) {
      merged[name] = name === "env" && isRecord(value) && isRecord(merged.env) ? { ...merged.env, ...value } : value;
    }
  }
  return merged;
}

/**
 * Renders a base job template with job variables, by Prefect's rules: the variables' schema defaults, overridden by
 * each layer of `values` in order (the deployment's `job_variables`, then the run's; `env` entries merge); variables
 * the schema does not name are passed through. Then every `{{ name }}` in `job_configuration` is replaced: a value
 * that is exactly one placeholder takes the variable's value with its type, and its key is dropped when the variable
 * has no value (missing or null); a placeholder inside a longer string is replaced by the value's string form.
 * `{{ ctx.* }}` (`ctx.flow_run.id`, `ctx.flow.name`, ...) and `{{ $NAME }}` placeholders are kept for
 * {@link prepareProcessJob}, which knows the run and the environment.
 * @example
 * renderJobConfiguration(processBaseJobTemplate(), deployment.jobVariables, run.jobVariables)
 * // { stream_output: true, env: { ... }, ... }
 */
export function renderJobConfiguration(template: BaseJobTemplate, ...values: JobVariables[]): JobConfiguration {
  const variables = mergeJobVariables(jobVariableDefaults(template), ...values);
  const rendered = applyValues(template.job_configuration ?? {}, variables, { skipPrefixes: ["ctx."] });
  return isRecord(rendered) ? rendered : {};
}

/** Options of {@link prepareProcessJob}. */
export interface PrepareProcessJobOptions {
  /** The argv to run when the job sets no `command` (or Prefect's default one): `[node, main.js, "flow-run", "execute", id]`. */
  readonly defaultCommand: readonly string[];
  /** The worker's environment, under the job's `env`; also the values of `{{ $NAME }}` placeholders. */
  readonly baseEnv: Readonly<Record<string, string>>;
  /** The directory a relative `working_dir` is resolved against. @default the worker's current directory */
  readonly baseDir?: string;
  /** The home directory `~` in `working_dir` stands for. @default os.homedir() */
  readonly homeDir?: string;
  /** The `prefect.io/version` label. @default the Prefect version we speak ("3.8.3") */
  readonly version?: string;
}

/** A process job ready to spawn. */
export interface ProcessJob {
  /** argv: the program, then its arguments. */
  readonly command: string[];
  readonly env: Record<string, string>;
  /** The working directory, absolute; `undefined` when the job sets none (the worker then picks one). */
  readonly cwd: string | undefined;
  /** The job's `name`, or the flow run's name. */
  readonly name: string;
  readonly labels: Record<string, string>;
  /** Whether the child's output goes to the worker's stdout and stderr. */
  readonly streamOutput: boolean;
}

/** The rendered `command` as argv; the default command when unset, empty, or Prefect's own default. */
export function resolveJobCommand(command: unknown, defaultCommand: readonly string[]): string[] {
  if (command === undefined || command === null) return [...defaultCommand];
  if (Array.isArray(command) && command.every((part) => typeof part === "string")) {
    return command.length === 0 ? [...defaultCommand] : [...command];
  }
  if (typeof command !== "string") {
    throw new ConfigError(
      `job variable "command": must be a string (got ${JSON.stringify(command)}), e.g. "node run.js".`,
      "command",
    );
  }
  const words = splitCommandLine(command);
  // As Prefect's process worker swaps its base command for the real executable, ours stands for the default argv.
  if (words.length === 0 || words.join(" ") === DEFAULT_PROCESS_COMMAND) return [...defaultCommand];
  return words;
}

/** The rendered `stream_output`: a boolean, or "true"/"false" as pydantic accepts them; true when unset. */
export function resolveStreamOutput(value: unknown): boolean {
  if (value === undefined || value === null) return true;
  if (typeof value === "boolean") return value;
  if (typeof value === "string" && /^(true|false)$/i.test(value.trim())) return value.trim().toLowerCase() === "true";
  throw new ConfigError(
    `job variable "stream_output": must be boolean (got ${JSON.stringify(value)}). Use true or false.`,
    "stream_output",
  );
}

/** The rendered `working_dir` as an absolute path (`~` expanded, relative paths against `baseDir`), or undefined when unset. */
export function resolveWorkingDir(
  value: unknown,
  options: { baseDir?: string; homeDir?: string } = {},
): string | undefined {
  if (value === undefined || value === null || value === "") return undefined;
  if (typeof value !== "string") {
    throw new ConfigError(
      `job variable "working_dir": must be a path string (got ${JSON.stringify(value)}).`,
      "working_dir",
    );
  }
  let path = value;
  if (path === "~" || path.startsWith("~/")) path = join(options.homeDir ?? homedir(), path.slice(1));
  return isAbsolute(path) ? resolve(path) : resolve(options.baseDir ?? ".", path);
}

/**
 * Prepares a rendered job configuration ({@link renderJobConfiguration}) for one flow run, as Prefect's
 * `prepare_for_flow_run` does for a process: fills `{{ ctx.* }}` and `{{ $NAME }}` placeholders; env is `baseEnv`
 * + the job's `env` (null unsets) + `PREFECT__FLOW_RUN_ID`; labels are Prefect's `prefect.io/*` + the job's; name
 * defaults to the run's name; `command` is split shell-like (default command when unset); `working_dir` is resolved.
 * @throws ConfigError naming the job variable at fault (`command`, `env`, `labels`, `stream_output`, `working_dir`).
 * @example
 * const job = prepareProcessJob(renderJobConfiguration(pool.baseJobTemplate, deployment.jobVariables, run.jobVariables),
 *   { id: run.id, name: run.name, flowId: run.flowId, deploymentId: run.deploymentId, workPoolName: pool.name },
 *   { defaultCommand: [process.execPath, main, "flow-run", "execute", run.id], baseEnv: env });
 * spawn(job.command[0], job.command.slice(1), { env: job.env, cwd: job.cwd ?? deployment.path });
 */
export function prepareProcessJob(
  configuration: JobConfiguration,
  flowRun: FlowRunJobInfo,
  options: PrepareProcessJobOptions,
): ProcessJob {
  const config = resolveFlowRunPlaceholders(configuration, flowRun, options.baseEnv);
  const name = typeof config.name === "string" && config.name !== "" ? config.name : (flowRun.name ?? flowRun.id);
  const cwd = resolveWorkingDir(config.working_dir, {
    ...(options.baseDir === undefined ? {} : { baseDir: options.baseDir }),
    ...(options.homeDir === undefined ? {} : { homeDir: options.homeDir }),
  });
  return {
    command: resolveJobCommand(config.command, options.defaultCommand),
    env: jobEnvironment(options.baseEnv, config.env, flowRun.id),
    cwd,
    name,
    labels: jobLabels(flowRun, config.labels, options.version ?? PREFECT_VERSION),
    streamOutput: resolveStreamOutput(config.stream_output),
  };
}
