// The resolved, validated definition of a flow or task that the engines run; built once by flow()/task().
import type { z } from "zod";
import { hashText } from "./stable-hash.js";
import type { FlowOptions, HookSubject, TaskOptions } from "./options.js";
import type { DefinitionSite } from "./definition-site.js";
import type { ParameterSignature } from "./parameters.js";
import { resolveParameterSignature } from "./source-parameter-names.js";

/** A task as the task engine runs it. */
export interface TaskDefinition {
  readonly name: string;
  readonly fn: (...args: never[]) => unknown;
  readonly options: TaskOptions<Record<string, unknown>>;
  /** Prefect's task key: `<function name>-<8 hex of the source hash>`. */
  readonly taskKey: string;
  /** The parameter names as written (read on first use: it may need the module's source). */
  readonly signature: ParameterSignature;
  /** Where `task()` was called, resolved on first use; copies made by `.with()` keep it. */
  readonly site: (() => DefinitionSite) | undefined;
  /** md5 of the function's source (the TASK_SOURCE cache policy). */
  readonly sourceHash: string;
  /** What hooks receive as their first argument (the Task object). */
  subject: HookSubject;
}

/** A flow as the flow engine runs it. */
export interface FlowDefinition {
  readonly name: string;
  readonly fn: (...args: never[]) => unknown;
  readonly options: FlowOptions<Record<string, unknown>>;
  /** The zod schema of the flow's single parameters object, when declared that way. */
  readonly schema: z.ZodType | undefined;
  /** The parameter names as written (read on first use: it may need the module's source). */
  readonly signature: ParameterSignature;
  /** Where `flow()` (or `.with()`) was called, resolved on first use: the module that defines the flow. */
  readonly site: (() => DefinitionSite) | undefined;
  /** The task key of the parent task run a subflow call creates. */
  readonly taskKey: string;
  subject: HookSubject;
}

/** Builds a task definition (options already validated). */
export function makeTaskDefinition(
  name: string,
  fn: (...args: never[]) => unknown,
  options: TaskOptions<Record<string, unknown>>,
  site?: () => DefinitionSite,
): TaskDefinition {
  const sourceHash = hashText(Function.prototype.toString.call(fn));
  let signature: ParameterSignature | undefined;
  return {
    name,
    fn,
    options,
    taskKey: `${fn.name || name}-${sourceHash.slice(0, 8)}`,
    get signature() {
      return (signature ??= resolveParameterSignature(fn, site));
    },
    site,
    sourceHash,
    subject: { name },
  };
}

/** Builds a flow definition (options already validated). */
export function makeFlowDefinition(
  name: string,
  fn: (...args: never[]) => unknown,
  options: FlowOptions<Record<string, unknown>>,
  schema: z.ZodType | undefined,
  site?: () => DefinitionSite,
): FlowDefinition {
  const sourceHash = hashText(Function.prototype.toString.call(fn));
  let signature: ParameterSignature | undefined;
  return {
    name,
    fn,
    options,
    schema,
    get signature() {
      return (signature ??= schema ? { names: [], rest: null } : resolveParameterSignature(fn, site));
    },
    site,
    taskKey: `${fn.name || name}-${sourceHash.slice(0, 8)}`,
    subject: { name },
  };
}
