// Prefect's `ParameterSchema`: the JSON schema of a flow's parameters as deployments store it in
// `parameter_openapi_schema` (PREFECT-NOTES §1.3), and the one place that assembles it.

/**
 * A number that the parameter schema of a plain-TypeScript flow types as `"integer"` (JSON has no integer type, so a
 * bare `number` parameter is `"number"`). Any number is assignable to it: `flow((count: Integer) => ...)`.
 * The brand is a convention the derivation reads (`number & { __prefectType: "integer" }`, or `__brand: "integer"`);
 * a type alias whose JSDoc has a `TJS-type` tag of `integer` works too. (No tags in this comment: the derivation reads them.)
 */
export type Integer = number & { readonly __prefectType?: "integer" };

/** A JSON schema object (draft-07 vocabulary, refs as `#/definitions/Name`). */
export type JsonSchemaObject = { [key: string]: unknown };

/** One parameter in a {@link ParameterSchema}: its JSON schema plus Prefect's `title`, `position`, `default`, `description`. */
export interface ParameterProperty extends JsonSchemaObject {
  /** The parameter's name, as written (not title-cased, as Prefect). */
  title: string;
  /** The parameter's index in the function's argument list; the worker maps parameters back to arguments by it. */
  position: number;
  /** The default value, present only when the parameter has one expressible in JSON. */
  default?: unknown;
  /** From JSDoc (`@param`) or zod's `.describe()`/`.meta()`. */
  description?: string;
}

/** Prefect's `ParameterSchema` as `model_dump_for_openapi()` sends it: an empty `required` is dropped, `definitions` kept. */
export interface ParameterSchema {
  title: "Parameters";
  type: "object";
  properties: Record<string, ParameterProperty>;
  required?: string[];
  definitions: Record<string, JsonSchemaObject>;
}

/** One parameter as the derivations see it, before assembly. */
export interface ParameterEntry {
  name: string;
  /** The JSON schema of the parameter's type (`{}` for Prefect's Any). */
  schema: JsonSchemaObject;
  required: boolean;
  /** `undefined` when the parameter has no JSON default. */
  default?: unknown;
  description?: string | undefined;
}

/** Assembles Prefect's shape from parameters in positional order. */
export function makeParameterSchema(
  entries: readonly ParameterEntry[],
  definitions: Record<string, JsonSchemaObject>,
): ParameterSchema {
  const properties: Record<string, ParameterProperty> = {};
  const required: string[] = [];
  entries.forEach((entry, position) => {
    const prop: ParameterProperty = { ...entry.schema, title: entry.name, position };
    if (entry.default !== undefined) prop.default = entry.default;
    if (entry.description !== undefined && entry.description !== "") prop.description = entry.description;
    properties[entry.name] = prop;
    if (entry.required) required.push(entry.name);
  });
  const out: ParameterSchema = { title: "Parameters", type: "object", properties, definitions };
  if (required.length > 0) out.required = required;
  return out;
}
