// Checking a deployment's parameters against its `parameter_openapi_schema` (JSON Schema, Draft 2020-12 via ajv):
// every failing field reported in the words of Prefect's jsonschema messages, and names the schema does not know refused.
import { createRequire } from "node:module";
import type { Ajv2020, ErrorObject, ValidateFunction } from "ajv/dist/2020.js";

/** One parameter that failed: its path (`days`, `config.retries`, `items[0]`) and why. */
export interface ParameterFailure {
  readonly field: string;
  readonly reason: string;
}

/** Options of {@link checkParameters}. */
export interface CheckParametersOptions {
  /** Skip `required` everywhere (Prefect's `ignore_required=True`, used for a deployment's own defaults). */
  readonly ignoreRequired?: boolean;
}

// ajv and its formats load on the first check, not with the server: serving flow and task runs never checks a
// parameter schema, and they were about a quarter of the server's import. Their CommonJS builds keep the check
// synchronous.
const requireModule = createRequire(import.meta.url);
let ajv: Ajv2020 | undefined;

function validator(): Ajv2020 {
  if (ajv !== undefined) return ajv;
  const { Ajv2020: Ajv } = requireModule("ajv/dist/2020.js") as typeof import("ajv/dist/2020.js");
  // ajv-formats is CommonJS: its function is the module itself, and also its `default`.
  const formats = requireModule("ajv-formats") as { default?: unknown };
  const addFormats = (formats.default ?? formats) as (a: Ajv2020) => Ajv2020;
  const created = new Ajv({ strict: false, allErrors: true, logger: false });
  addFormats(created);
  // Formats pydantic emits that ajv-formats does not know: any string.
  for (const format of ["path", "binary", "password", "json-string", "multi-line", "file-path", "directory-path"])
    created.addFormat(format, true);
  ajv = created;
  return created;
}

const MAX_CACHED = 256;
const compiled = new Map<string, ValidateFunction | Error>();

function compile(schema: Record<string, unknown>): ValidateFunction | Error {
  const key = JSON.stringify(schema);
  const hit = compiled.get(key);
  if (hit !== undefined) return hit;
  let result: ValidateFunction | Error;
  try {
    result = validator().compile(schema);
  } catch (error) {
    result = error instanceof Error ? error : new Error(String(error));
  }
  if (compiled.size >= MAX_CACHED) compiled.delete(compiled.keys().next().value as string);
  compiled.set(key, result);
  return result;
}

/** `value` written as Python's repr, as jsonschema's messages show it (`'abc'`, `True`, `None`, `[1, 2]`). */
export function pythonRepr(value: unknown): string {
  if (value === null || value === undefined) return "None";
  if (value === true) return "True";
  if (value === false) return "False";
  if (typeof value === "string")
    return value.includes("'") && !value.includes('"') ? `"${value}"` : `'${value.replaceAll("'", "\\'")}'`;
  if (typeof value === "number") return String(value);
  if (Array.isArray(value)) return `[${value.map(pythonRepr).join(", ")}]`;
  if (typeof value === "object") {
    return `{${Object.entries(value as Record<string, unknown>)
      .map(([k, v]) => `${pythonRepr(k)}: ${pythonRepr(v)}`)
      .join(", ")}}`;
  }
  return String(value);
}

/** A JSON pointer (`/config/items/0`) as Prefect's field path (`config.items[0]`). */
function fieldOf(pointer: string): string {
  let out = "";
  for (const raw of pointer.split("/").slice(1)) {
    const part = raw.replaceAll("~1", "/").replaceAll("~0", "~");
    out += /^\d+$/.test(part) ? `[${part}]` : out === "" ? part : `.${part}`;
  }
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

function toFailure(error: ErrorObject, root: unknown): ParameterFailure {
  const value = valueAt(root, error.instancePath);
  const shown = pythonRepr(value);
  const p = error.params as Record<string, unknown>;
  const field = fieldOf(error.instancePath);
  switch (error.keyword) {
    case "required": {
      const name = String(p.missingProperty);
      return { field: field === "" ? name : `${field}.${name}`, reason: `'${name}' is a required property` };
    }
    case "type": {
      const types = String(p.type)
        .split(",")
        .map((t) => `'${t}'`)
        .join(", ");
      return { field, reason: `${shown} is not of type ${types}` };
    }
    case "enum":
      return { field, reason: `${shown} is not one of ${pythonRepr(p.allowedValues)}` };
    case "const":
      return { field, reason: `${pythonRepr(p.allowedValue)} was expected` };
    case "minimum":
      return { field, reason: `${shown} is less than the minimum of ${String(p.limit)}` };
    case "maximum":
      return { field, reason: `${shown} is greater than the maximum of ${String(p.limit)}` };
    case "exclusiveMinimum":
      return { field, reason: `${shown} is less than or equal to the minimum of ${String(p.limit)}` };
    case "exclusiveMaximum":
      return { field, reason: `${shown} is greater than or equal to the maximum of ${String(p.limit)}` };
    case "minLength":
    case "minItems":
      return { field, reason: `${shown} is too short` };
    case "maxLength":
    case "maxItems":
      return { field, reason: `${shown} is too long` };
    case "pattern":
      return { field, reason: `${shown} does not match '${String(p.pattern)}'` };
    case "format":
      return { field, reason: `${shown} is not a '${String(p.format)}'` };
    case "additionalProperties":
      return {
        field,
        reason: `Additional properties are not allowed ('${String(p.additionalProperty)}' was unexpected)`,
      };
    default:
      return { field, reason: `${shown} ${error.message ?? "is invalid"}` };
  }
}

function withoutRequired(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(withoutRequired);
  if (node === null || typeof node !== "object") return node;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) if (key !== "required") out[key] = withoutRequired(value);
  return out;
}

/** Parameter names the schema does not declare, when it declares its properties and allows no others. */
function unknownNames(parameters: Record<string, unknown>, schema: Record<string, unknown>): ParameterFailure[] {
  const properties = schema.properties;
  if (properties === null || typeof properties !== "object" || Array.isArray(properties)) return [];
  if (schema.additionalProperties !== undefined && schema.additionalProperties !== false) return [];
  const known = Object.keys(properties);
  const accepted =
    known.length === 0 ? "it takes no parameters" : `its parameters are ${known.map((k) => `'${k}'`).join(", ")}`;
  return Object.keys(parameters)
    .filter((name) => !known.includes(name))
    .map((name) => ({ field: name, reason: `'${name}' is not a parameter of this flow (${accepted})` }));
}

/**
 * Checks `parameters` against a deployment's parameter schema; an empty list means valid. Unknown names come
 * first (Prefect would accept them and the run would crash on the call), then every schema violation.
 * @example checkParameters({ days: "x" }, schema) // [{ field: "days", reason: "'x' is not of type 'integer'" }]
 */
export function checkParameters(
  parameters: Record<string, unknown>,
  schema: Record<string, unknown>,
  options: CheckParametersOptions = {},
): ParameterFailure[] {
  const failures = unknownNames(parameters, schema);
  const validate = compile((options.ignoreRequired ? withoutRequired(schema) : schema) as Record<string, unknown>);
  if (validate instanceof Error) {
    return [
      ...failures,
      {
        field: "",
        reason: `the deployment's parameter_openapi_schema is not a valid JSON schema: ${validate.message}`,
      },
    ];
  }
  if (!validate(parameters)) {
    const seen = new Set(failures.map((f) => `${f.field}\u0000${f.reason}`));
    for (const error of validate.errors ?? []) {
      const failure = toFailure(error, parameters);
      const key = `${failure.field}\u0000${failure.reason}`;
      if (!seen.has(key)) {
        seen.add(key);
        failures.push(failure);
      }
    }
  }
  return failures;
}

/**
 * Prefect's wording, one sentence pair per failing field:
 * `Validation failed for field 'days'. Failure reason: 'x' is not of type 'integer'`.
 */
export function describeFailures(failures: readonly ParameterFailure[]): string {
  return failures
    .map(
      (f) =>
        `${f.field === "" ? "Validation failed." : `Validation failed for field '${f.field}'.`} Failure reason: ${f.reason}`,
    )
    .join("; ");
}
