// Turning the server's refusal of a run's parameters (409, one line per field) into a message that names the
// deployment, each failing field and the type its schema expects, for runDeployment and the CLI.
import type { Deployment } from "../client/index.js";
import { ParameterValidationError } from "../errors.js";

type Schema = Record<string, unknown>;

function definitionName(ref: string): string {
  return ref.slice(ref.lastIndexOf("/") + 1);
}

/** A short description of what a JSON schema node accepts: `integer`, `string (date-time)`, `'a' | 'b'`, `Config`. */
export function describeSchemaType(node: unknown): string | undefined {
  if (node === null || typeof node !== "object") return undefined;
  const n = node as Schema;
  if (Array.isArray(n.enum)) return n.enum.map((v) => JSON.stringify(v)).join(" | ");
  if ("const" in n) return JSON.stringify(n.const);
  if (typeof n.$ref === "string") return definitionName(n.$ref);
  for (const key of ["anyOf", "oneOf"] as const) {
    const options = n[key];
    if (Array.isArray(options)) {
      const parts = options.map(describeSchemaType).filter((p): p is string => p !== undefined);
      if (parts.length > 0) return [...new Set(parts)].join(" | ");
    }
  }
  if (Array.isArray(n.allOf) && n.allOf.length === 1) return describeSchemaType(n.allOf[0]);
  const type = Array.isArray(n.type) ? n.type.join(" | ") : typeof n.type === "string" ? n.type : undefined;
  if (type === undefined) return undefined;
  if (type === "array") {
    const items = describeSchemaType(n.items);
    return items === undefined ? "array" : `array of ${items}`;
  }
  return typeof n.format === "string" ? `${type} (${n.format})` : type;
}

/** The schema node of a top-level field path (`days`, `config.retries`, `items[0]` -> the property of its first part). */
function propertyOf(schema: Schema | null | undefined, path: string): unknown {
  const name = /^[^.[]+/.exec(path)?.[0];
  const properties = schema?.properties;
  if (name === undefined || properties === null || typeof properties !== "object") return undefined;
  const top = (properties as Schema)[name];
  return path === name ? top : undefined;
}

/**
 * A ParameterValidationError whose message names the deployment and, for each failing field, the reason and the
 * expected type (when the schema says and the reason does not already).
 */
export function describeParameterError(
  error: ParameterValidationError,
  deployment: Pick<Deployment, "parameterOpenapiSchema">,
  fullName: string,
): ParameterValidationError {
  const schema = deployment.parameterOpenapiSchema as Schema | null | undefined;
  const lines = error.issues.map((issue) => {
    const expected = describeSchemaType(propertyOf(schema, issue.path));
    const field = issue.path === "" ? "(parameters)" : issue.path;
    const hint = expected !== undefined && !issue.message.includes(`'${expected}'`) ? ` (expected ${expected})` : "";
    return `  - ${field}: ${issue.message}${hint}`;
  });
  const count = error.issues.length === 1 ? "1 parameter" : `${error.issues.length} parameters`;
  return new ParameterValidationError(
    `Deployment '${fullName}' refused the run's parameters (${count} invalid):\n${lines.join("\n")}`,
    error.issues,
    { cause: error },
  );
}
