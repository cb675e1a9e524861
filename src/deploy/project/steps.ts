// Project steps (`build`, `push`, `pull` of prefect.yaml), as Prefect's `deployments/steps`: each step is
// `{ "<namespace>.<function>": { ...arguments, id? } }`, its arguments templated with the outputs of the steps
// before it (`{{ step-id.key }}`), `{{ prefect.variables.name }}` and `{{ $ENV_VAR }}`, in Prefect's order.
// What the steps do lives in step-functions.ts; reading prefect.yaml is prefect-file.ts's job.
import type { PrefectClient } from "../../client/index.js";
import { ConfigError, ObjectNotFoundError } from "../../errors.js";
import { applyValues, findPlaceholders } from "../../schemas/plain.js";
import { processEnvironment } from "../../settings/index.js";
import type { StepConfig } from "./prefect-file.js";
import { STEP_FUNCTIONS, type StepEnvironment } from "./step-functions.js";

/** The namespaces a step's function name may carry: ours, and Prefect's own for the steps both have. */
const NAMESPACES = ["prefect_ts.deployments.steps.", "prefect.deployments.steps.", "prefect_docker.deployments.steps."];

/** Steps Prefect has that prefect-ts runs differently, with the one to use instead. */
const INSTEAD: Record<string, string> = {
  pip_install_requirements: "prefect_ts.deployments.steps.npm_install",
  pull_from_remote_storage: "prefect_ts.deployments.steps.git_clone (or a run_shell_script that fetches the code)",
  pull_with_block: "prefect_ts.deployments.steps.git_clone",
};

/** Options of {@link runSteps}. */
export interface RunStepsOptions {
  /** The directory steps start in; a step that outputs `directory` moves the later ones there, as Prefect does. */
  cwd: string;
  /** The environment of `{{ $VAR }}` and of the commands steps run. @default process.env */
  env?: Record<string, string | undefined>;
  /** Reads a Prefect variable for `{{ prefect.variables.name }}`; without it such a placeholder is an error. */
  readVariable?: (name: string) => Promise<unknown>;
  /** Receives the commands' output lines (streamed). @default stdout */
  onOutput?: (line: string) => void;
  /** Which list is running, for messages ("build", "push", "pull"). */
  section: string;
  /** Outputs of earlier lists, so a push step may use `{{ build-image.image }}`. */
  outputs?: Record<string, Record<string, unknown>>;
}

/** What {@link runSteps} leaves: the outputs by step id, and the directory the last step left the run in. */
export interface StepsResult {
  readonly outputs: Record<string, Record<string, unknown>>;
  readonly cwd: string;
}

/** The function name of a step without its namespace, or a ConfigError naming the known ones. */
export function stepFunctionName(step: StepConfig, where: string): string {
  const full = Object.keys(step)[0]!;
  const namespace = NAMESPACES.find((ns) => full.startsWith(ns));
  const bare = namespace ? full.slice(namespace.length) : full;
  if (namespace && bare in STEP_FUNCTIONS) return bare;
  const instead = INSTEAD[bare];
  const known = Object.keys(STEP_FUNCTIONS)
    .map((name) => `prefect_ts.deployments.steps.${name}`)
    .join(", ");
  throw new ConfigError(
    `${where}: unknown step "${full}". ${instead ? `Use ${instead} instead. ` : ""}The steps are: ${known}.`,
    "steps",
  );
}

/** Replaces `{{ prefect.variables.name }}` placeholders with the variables' values (a whole-string one keeps its type). */
async function applyVariables(
  args: unknown,
  readVariable: RunStepsOptions["readVariable"],
  where: string,
): Promise<unknown> {
  const names = findPlaceholders(args).filter((p) => p.kind === "variable");
  if (names.length === 0) return args;
  const values = new Map<string, unknown>();
  for (const placeholder of names) {
    const name = placeholder.name.slice("prefect.variables.".length);
    if (!readVariable)
      throw new ConfigError(
        `${where}: ${placeholder.fullMatch} needs the API's variables, which are not available here.`,
        "steps",
      );
    const value = await readVariable(name);
    if (value === undefined) {
      throw new ConfigError(
        `${where}: variable "${name}" does not exist. Set it with: prefect-ts variable set ${name} VALUE`,
        "steps",
      );
    }
    values.set(placeholder.fullMatch, value);
  }
  const visit = (value: unknown): unknown => {
    if (typeof value === "string") {
      const whole = values.get(value.trim());
      if (whole !== undefined && findPlaceholders(value).length === 1) return whole;
      let out = value;
      for (const [match, v] of values) out = out.replaceAll(match, typeof v === "string" ? v : JSON.stringify(v));
      return out;
    }
    if (Array.isArray(value)) return value.map(visit);
    if (value !== null && typeof value === "object")
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, visit(v)]));
    return value;
  };
  return visit(args);
}

/**
 * Runs steps in order. Each step's arguments are templated first: outputs of earlier steps by their `id`, then
 * Prefect variables, then environment variables (Prefect's `run_step` order).
 * @throws ConfigError for an unknown step or a missing variable; StepFailedError naming the step and the last
 *   lines of its output when one fails (later steps do not run)
 */
export async function runSteps(steps: readonly StepConfig[], options: RunStepsOptions): Promise<StepsResult> {
  const outputs: Record<string, Record<string, unknown>> = { ...(options.outputs ?? {}) };
  const env = options.env ?? processEnvironment();
  let cwd = options.cwd;
  for (const [index, step] of steps.entries()) {
    const full = Object.keys(step)[0]!;
    const where = `${options.section} step ${index + 1} (${full})`;
    const name = stepFunctionName(step, where);
    const { id, requires: _requires, ...raw } = (step[full] ?? {}) as Record<string, unknown>;
    const withOutputs = applyValues(raw, outputs);
    const withVariables = await applyVariables(withOutputs, options.readVariable, where);
    const args = (applyValues(withVariables, {}, { environment: env }) ?? {}) as Record<string, unknown>;
    const stepEnv: StepEnvironment = {
      cwd,
      env,
      onOutput: options.onOutput ?? ((line) => process.stdout.write(`${line}\n`)),
      where,
    };
    const output = await STEP_FUNCTIONS[name]!(args, stepEnv);
    if (typeof id === "string" && id.length > 0) outputs[id] = output;
    if (typeof output.directory === "string") cwd = output.directory;
  }
  return { outputs, cwd };
}

/** Reads a Prefect variable's value through the API, `undefined` when it does not exist (`{{ prefect.variables.x }}`). */
export function variableReader(client: PrefectClient): (name: string) => Promise<unknown> {
  return async (name) => {
    try {
      return (await client.readVariableByName(name))?.value;
    } catch (error) {
      if (error instanceof ObjectNotFoundError) return undefined;
      throw error;
    }
  };
}
