// Mapping a deployment run's stored parameters (a name -> value object) back to the flow's call arguments: the
// object itself for a zod flow; by the schema's `position` fields for a plain function. Validation of types is the
// server's (enforce_parameter_schema) or, for zod flows, the flow's own.
import { namesByPosition, type EntrypointFlow } from "../deploy/index.js";

/** The call arguments, or the problems (each naming the parameter and the fix). */
export type FlowRunArguments = { readonly args: unknown[] } | { readonly problems: string[] };

type PropertySchema = { position?: unknown; format?: unknown };

/** The schema's properties, when it has an object of them. */
function propertiesOf(schema: Record<string, unknown> | null | undefined): Record<string, PropertySchema> | undefined {
  const properties = schema?.properties;
  if (properties === null || typeof properties !== "object" || Array.isArray(properties)) return undefined;
  return properties as Record<string, PropertySchema>;
}

/** A `format: date-time` string becomes the `Date` the TypeScript signature declared (JSON stored it as text). */
function revive(value: unknown, property: PropertySchema | undefined): unknown {
  if (property?.format !== "date-time" || typeof value !== "string") return value;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? value : date;
}

/**
 * The arguments to call `flow` with for a run whose stored parameters are `parameters`, given the deployment's
 * `parameter_openapi_schema`. A plain flow's parameters go by the schema's `position` fields (else the function's
 * own parameter names); absent ones are `undefined` so the function's defaults apply. Unknown names and missing
 * required ones are problems.
 */
export function argumentsForFlowRun(
  flow: EntrypointFlow,
  schema: Record<string, unknown> | null | undefined,
  parameters: Record<string, unknown>,
): FlowRunArguments {
  if (flow.schemaFlow) return { args: [parameters] };
  const properties = propertiesOf(schema);
  // An open schema (no positions, or no properties when derivation failed) falls back to the function's own names.
  const byPosition = namesByPosition(schema);
  const names = byPosition !== null && byPosition.length > 0 ? byPosition : [...flow.parameterNames];
  const problems: string[] = [];
  for (const key of Object.keys(parameters)) {
    if (!names.includes(key)) {
      const known = names.length === 0 ? "it takes none" : `its parameters: ${names.join(", ")}`;
      problems.push(
        `'${key}' is not a parameter of flow '${flow.name}' (${known}); remove it from the run's parameters (or the deployment's defaults), or redeploy the flow if its signature changed.`,
      );
    }
  }
  const required = Array.isArray(schema?.required)
    ? (schema.required as unknown[]).filter((n): n is string => typeof n === "string")
    : [];
  for (const name of required) {
    if (parameters[name] === undefined)
      problems.push(
        `'${name}' is required; give it in the run's parameters (--param ${name}=...) or as a deployment default.`,
      );
  }
  if (problems.length > 0) return { problems };
  const args = names.map((name) => revive(parameters[name], properties?.[name]));
  // Trailing absent arguments are left out, so `arguments.length` and rest parameters see what a direct call would.
  while (args.length > 0 && args[args.length - 1] === undefined) args.pop();
  return { args };
}
