// The resolved, validated definition of a flow or task that the engines run; built once by flow()/task().
import type { z } from "zod";
import { hashText } from "./stable-hash.js";
import type { FlowOptions, HookSubject, TaskOptions } from "./options.js";
import { parseParameterSignature, type ParameterSignature } from "./parameters.js";

/** A task as the task engine runs it. */
export interface TaskDefinition {
  readonly name: string;
  readonly fn: (...args: never[]) => unknown;
  readonly options: TaskOptions<Record<string, unknown>>;
  /** Prefect's task key: `<function name>-<8 hex of the source hash>`. */
  readonly taskKey: string;
  readonly signature: ParameterSignature;
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
  readonly signature: ParameterSignature;
  /** The task key of the parent task run a subflow call creates. */
  readonly taskKey: string;
  subject: HookSubject;
}

/** Builds a task definition (options already validated). */
export function makeTaskDefinition(name: string, fn: (...args: never[]) => unknown, options: TaskOptions<Record<string, unknown>>): TaskDefinition {
  const sourceHash = hashText(Function.prototype.toString.call(fn));
  return {
    name,
    fn,
    options,
    taskKey: `${fn.name || name}-${sourceHash.slice(0, 8)}`,
    signature: parseParameterSignature(fn),
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
): FlowDefinition {
  const sourceHash = hashText(Function.prototype.toString.call(fn));
  return {
    name,
    fn,
    options,
    schema,
    signature: schema ? { names: [], rest: null } : parseParameterSignature(fn),
    taskKey: `${fn.name || name}-${sourceHash.slice(0, 8)}`,
    subject: { name },
  };
}
