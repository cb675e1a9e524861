// The typed input of a run triggered from a deployment: named parameters (checked against a zod flow's schema at
// compile time) or, for plain TypeScript flows, positional `args` mapped to names by the schema's `position` fields.
import type { Deployment } from "../client/index.js";
import { ParameterValidationError } from "../errors.js";

/** Anything that carries a flow's deployment parameter type: `flow.toDeployment()`'s result, or the flow itself. */
type ParametersCarrier<P> =
  { readonly __parameters?: P } | { toDeployment(options: never): { readonly __parameters?: P } };

/** The raw deployment parameter type of `F` (a flow or a RunnerDeployment); a free map when `F` carries none. */
type RawParameters<F> = [F] extends [ParametersCarrier<infer P>]
  ? unknown extends P
    ? Record<string, unknown>
    : NonNullable<P>
  : Record<string, unknown>;

/** True when `F`'s parameter names are unknown to TypeScript (a plain-function flow, or no flow type at all). */
type HasOpenParameters<F> = string extends keyof RawParameters<F> ? true : false;

/**
 * The named parameters a run of `F`'s deployment accepts. For a zod flow, `Partial<z.input<S>>` (the deployment's
 * defaults may fill required ones), so a wrong name or type does not compile; for a plain-function flow, whose
 * parameter names TypeScript cannot see, `Record<string, unknown>` (the server checks them against the schema).
 * @example client.createFlowRunFromDeployment<ParametersOf<typeof etl>>(id, { parameters: { day: "2024-05-01" } })
 */
export type ParametersOf<F> = HasOpenParameters<F> extends true ? Record<string, unknown> : Partial<RawParameters<F>>;

/** The positional arguments of a flow `F` (its call signature), or `unknown[]` when `F` is not callable. */
export type FlowArgsOf<F> = F extends (...args: infer A) => unknown ? A : unknown[];

/**
 * How a caller gives a deployment run's parameters: `{ parameters }` by name, or, for a plain-function flow,
 * `{ args }` positionally (type-checked against the function's parameters; mapped to names by the deployment's
 * `parameter_openapi_schema` positions at run time). A zod flow takes `{ parameters }` only.
 */
export type DeploymentRunInput<F> =
  HasOpenParameters<F> extends true
    ? { parameters?: Record<string, unknown>; args?: never } | { args: FlowArgsOf<F>; parameters?: never }
    : { parameters?: ParametersOf<F>; args?: never };

/** What {@link parametersFromInput} reads: either field, untyped. */
export interface RunInputValues {
  parameters?: Readonly<Record<string, unknown>> | undefined;
  args?: readonly unknown[] | undefined;
}

/** The deployment's `"flow/deployment"` name when known, else its id, for messages. */
function label(deployment: Pick<Deployment, "id" | "name">, flowName?: string): string {
  return flowName === undefined ? `'${deployment.name}' (${deployment.id})` : `'${flowName}/${deployment.name}'`;
}

/**
 * A parameter schema's property names ordered by their `position` field; `[]` for no properties; null when the schema
 * has no properties object or a property lacks an integer position (e.g. a zod flow's schema).
 */
export function namesByPosition(schema: Record<string, unknown> | null | undefined): string[] | null {
  const properties = schema?.properties;
  if (properties === null || typeof properties !== "object" || Array.isArray(properties)) return null;
  const entries = Object.entries(properties as Record<string, { position?: unknown }>);
  if (entries.length === 0) return [];
  const named: [number, string][] = [];
  for (const [name, property] of entries) {
    const position = property?.position;
    if (typeof position !== "number" || !Number.isInteger(position)) return null;
    named.push([position, name]);
  }
  return named.sort((a, b) => a[0] - b[0]).map(([, name]) => name);
}

/**
 * The named parameters of a run: `input.parameters` as given, or `input.args` mapped by the positions of the
 * deployment's `parameter_openapi_schema` (`undefined` arguments are left out, so the deployment's defaults apply).
 * @throws ParameterValidationError when both are given, when the schema has no positions (e.g. a zod flow's schema),
 *   or when there are more arguments than parameters
 * @example parametersFromInput(deployment, { args: ["2024-05-01", 3] }) // { day: "2024-05-01", retries: 3 }
 */
export function parametersFromInput(
  deployment: Pick<Deployment, "id" | "name" | "parameterOpenapiSchema">,
  input: RunInputValues,
  flowName?: string,
): Record<string, unknown> {
  const where = `Deployment ${label(deployment, flowName)}`;
  if (input.args !== undefined && input.parameters !== undefined) {
    throw new ParameterValidationError(
      `${where}: give either \`parameters\` (by name) or \`args\` (by position), not both.`,
      [{ path: "args", message: "given together with parameters" }],
    );
  }
  if (input.args === undefined) return { ...(input.parameters ?? {}) };
  const names = namesByPosition(deployment.parameterOpenapiSchema as Record<string, unknown> | null | undefined);
  if (names === null) {
    throw new ParameterValidationError(
      `${where}: its parameter schema does not give parameter positions, so \`args\` cannot be mapped to names. ` +
        "Pass `parameters: { name: value, ... }` instead.",
      [{ path: "args", message: "the deployment's parameter schema has no positions" }],
    );
  }
  if (input.args.length > names.length) {
    const list = names.length === 0 ? "it takes no parameters" : `it takes ${names.length} (${names.join(", ")})`;
    throw new ParameterValidationError(`${where}: ${input.args.length} arguments given but ${list}.`, [
      { path: "args", message: `expected at most ${names.length} arguments` },
    ]);
  }
  const parameters: Record<string, unknown> = {};
  input.args.forEach((value, index) => {
    if (value !== undefined) parameters[names[index]!] = value;
  });
  return parameters;
}
