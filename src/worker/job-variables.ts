// Checking job variables (a deployment's or a run's) against a work pool's `variables` JSON schema with ajv,
// reporting each failing variable by name and expected type. Rendering the template lives in job-configuration.ts.
import { Ajv, type ErrorObject, type ValidateFunction } from "ajv";
import addFormatsModule from "ajv-formats";
import { ConfigError } from "../errors.js";
import { jobVariableDefaults } from "./job-configuration.js";
import type { BaseJobTemplate } from "./worker-type-definition.js";

/** One job variable that fails the pool's schema. */
export interface JobVariableIssue {
  /** The variable's path: `stream_output`, `env.API_KEY`, `volumes[0]`. */
  readonly variable: string;
  /** The whole sentence: `job variable "stream_output": must be boolean (got "yes")`. */
  readonly message: string;
}

/** Options of {@link validateJobVariables}. */
export interface ValidateJobVariablesOptions {
  /**
   * Skip `required`: right for a deployment's variables alone, which a run may complete (Prefect does the same).
   * @default false
   */
  readonly ignoreRequired?: boolean;
  /**
   * Check the schema's defaults merged under `values`, as Prefect does for a run's final variables.
   * @default false
   */
  readonly includeDefaults?: boolean;
}

const ajv = new Ajv({ strict: false, allErrors: true, logger: false });
// ajv-formats is CommonJS: its default export arrives wrapped under `default` depending on the loader.
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (
  a: Ajv,
) => Ajv;
addFormats(ajv);
// Formats pydantic emits that ajv-formats does not know: any string.
for (const format of ["path", "binary", "password", "json-string", "multi-line", "file-path", "directory-path"])
  ajv.addFormat(format, true);

const compiled = new Map<string, ValidateFunction>();

function compile(schema: Record<string, unknown>): ValidateFunction {
  const key = JSON.stringify(schema);
  let validate = compiled.get(key);
  if (validate === undefined) {
    try {
      validate = ajv.compile(schema);
    } catch (error) {
      throw new ConfigError(
        `The work pool's job variables schema is not valid JSON Schema: ${error instanceof Error ? error.message : String(error)}. ` +
          "Fix base_job_template.variables (see `prefect-ts work-pool inspect`).",
        "base_job_template",
        { cause: error },
      );
    }
    if (compiled.size >= 64) compiled.delete(compiled.keys().next().value as string);
    compiled.set(key, validate);
  }
  return validate;
}

function pathOf(pointer: string, extra?: string): string {
  let out = "";
  const parts = pointer
    .split("/")
    .slice(1)
    .map((raw) => raw.replaceAll("~1", "/").replaceAll("~0", "~"));
  if (extra !== undefined) parts.push(extra);
  for (const part of parts) out += /^\d+$/.test(part) ? `[${part}]` : out === "" ? part : `.${part}`;
  return out;
}

function valueAt(root: unknown, pointer: string): unknown {
  let value = root;
  for (const raw of pointer.split("/").slice(1)) {
    if (value === null || typeof value !== "object") return undefined;
    value = (value as Record<string, unknown>)[raw.replaceAll("~1", "/").replaceAll("~0", "~")];
  }
  return value;
}

function describe(error: ErrorObject): string {
  const p = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case "type":
      return `must be ${String(p.type).replaceAll(",", " or ")}`;
    case "enum":
      return `must be one of ${(p.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(", ")}`;
    case "format":
      return `must be a valid ${String(p.format)}`;
    case "additionalProperties":
      return "is not a variable of this work pool";
    default:
      return error.message ?? `fails the \`${error.keyword}\` rule`;
  }
}

/** ajv's errors, one issue per variable: the branches of a failing `anyOf` become one "must be A or B". */
function toIssues(errors: readonly ErrorObject[], root: unknown): JobVariableIssue[] {
  const byPath = new Map<string, ErrorObject[]>();
  for (const error of errors) {
    const path =
      error.keyword === "required" || error.keyword === "additionalProperties"
        ? pathOf(
            error.instancePath,
            String(
              (error.params as Record<string, unknown>).missingProperty ??
                (error.params as Record<string, unknown>).additionalProperty,
            ),
          )
        : pathOf(error.instancePath);
    byPath.set(path, [...(byPath.get(path) ?? []), error]);
  }
  const issues: JobVariableIssue[] = [];
  for (const [variable, group] of byPath) {
    const first = group[0]!;
    let reason: string;
    if (first.keyword === "required") {
      reason = "is required";
    } else if (group.some((e) => e.keyword === "anyOf" || e.keyword === "oneOf")) {
      const types = [
        ...new Set(
          group
            .filter((e) => e.keyword === "type")
            .flatMap((e) => String((e.params as Record<string, unknown>).type).split(",")),
        ),
      ];
      reason =
        types.length > 0
          ? `must be ${types.join(" or ")}`
          : describe(group.find((e) => e.keyword !== "anyOf" && e.keyword !== "oneOf") ?? first);
    } else {
      reason = [...new Set(group.map(describe))].join("; ");
    }
    const got =
      first.keyword === "required" || first.keyword === "additionalProperties"
        ? ""
        : ` (got ${JSON.stringify(valueAt(root, first.instancePath)) ?? "undefined"})`;
    issues.push({ variable, message: `job variable "${variable}": ${reason}${got}` });
  }
  return issues;
}

/**
 * Checks job variables against the pool's `variables` schema and returns one issue per failing variable
 * (empty when all are valid). Variables the schema does not name pass, as in Prefect; `null` for a variable that is
 * not required passes too: it means "unset" (the template's default or nothing).
 * @throws ConfigError when the schema itself cannot be compiled.
 * @example validateJobVariables(pool.baseJobTemplate, { stream_output: "yes" })
 * // [{ variable: "stream_output", message: 'job variable "stream_output": must be boolean (got "yes")' }]
 */
export function validateJobVariables(
  template: BaseJobTemplate,
  values: Readonly<Record<string, unknown>>,
  options: ValidateJobVariablesOptions = {},
): JobVariableIssue[] {
  const variables = template.variables ?? {};
  if (Object.keys(variables).length === 0) return [];
  const required = new Set(Array.isArray(variables.required) ? (variables.required as string[]) : []);
  const merged: Record<string, unknown> = options.includeDefaults ? jobVariableDefaults(template) : {};
  for (const [name, value] of Object.entries(values)) {
    if (value === null && !required.has(name)) delete merged[name];
    else merged[name] = value;
  }
  const schema = options.ignoreRequired ? withoutRequired(variables) : variables;
  const validate = compile(schema);
  return validate(merged) ? [] : toIssues(validate.errors ?? [], merged);
}

/**
 * {@link validateJobVariables}, throwing instead of returning.
 * @throws ConfigError listing every failing variable, its `key` the first one.
 */
export function assertValidJobVariables(
  template: BaseJobTemplate,
  values: Readonly<Record<string, unknown>>,
  options: ValidateJobVariablesOptions = {},
): void {
  const issues = validateJobVariables(template, values, options);
  if (issues.length === 0) return;
  throw new ConfigError(`Invalid job variables: ${issues.map((i) => i.message).join("; ")}.`, issues[0]!.variable);
}

function withoutRequired(schema: unknown): Record<string, unknown> {
  const strip = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(strip);
    if (value === null || typeof value !== "object") return value;
    return Object.fromEntries(
      Object.entries(value)
        .filter(([key, v]) => !(key === "required" && Array.isArray(v)))
        .map(([key, v]) => [key, strip(v)]),
    );
  };
  return strip(schema) as Record<string, unknown>;
}
