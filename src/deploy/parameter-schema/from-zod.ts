// The parameter schema of a zod-declared flow (`flow({ parameters: z.object(...) }, fn)`): zod 4's input-side
// JSON schema, reshaped to Prefect's `ParameterSchema` with refs under `#/definitions/`.
import { z } from "zod";
import { ConfigError } from "../../errors.js";
import { makeParameterSchema, type JsonSchemaObject, type ParameterEntry, type ParameterSchema } from "./types.js";

/**
 * Derives Prefect's `ParameterSchema` from a flow's zod `parameters` schema. The input side is used, so fields with
 * a `.default()` are optional and carry `default`; `.describe()`/`.meta({ description })` become `description`;
 * `position` follows the object's key order; shared schemas registered with `.meta({ id })` land in `definitions`.
 * @throws ConfigError when `schema` is not a `z.object(...)`.
 */
export function parameterSchemaFromZod(schema: z.ZodType): ParameterSchema {
  if (!(schema instanceof z.ZodObject)) {
    throw new ConfigError(
      `The flow's \`parameters\` must be a z.object(...) schema (one field per parameter), got a ${schema.def.type} schema. ` +
        "Wrap it: parameters: z.object({ value: <your schema> }).",
      "parameters",
    );
  }
  const json = rewriteRefs(
    z.toJSONSchema(schema, { io: "input", target: "draft-7", unrepresentable: "any" }),
  ) as JsonSchemaObject;
  const properties = (json.properties ?? {}) as Record<string, JsonSchemaObject>;
  const required = new Set((json.required ?? []) as string[]);
  const definitions = {
    ...((json.definitions ?? {}) as Record<string, JsonSchemaObject>),
    ...((json.$defs ?? {}) as Record<string, JsonSchemaObject>),
  };
  const entries: ParameterEntry[] = Object.keys(schema.shape).map((name) => {
    const { default: dflt, description, ...rest } = properties[name] ?? {};
    return {
      name,
      schema: rest,
      required: required.has(name),
      default: dflt,
      description: typeof description === "string" ? description : undefined,
    };
  });
  return makeParameterSchema(entries, definitions);
}

/** Points every `$ref` at `#/definitions/...` (zod writes `#/$defs/...` for some targets). */
function rewriteRefs(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(rewriteRefs);
  if (value === null || typeof value !== "object") return value;
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    if (key === "$schema") continue;
    out[key] = key === "$ref" && typeof v === "string" ? v.replace(/^#\/\$defs\//, "#/definitions/") : rewriteRefs(v);
  }
  return out;
}
