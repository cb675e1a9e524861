// `prefect-ts variable set|get|ls|inspect|unset`: Prefect's variable commands over the client's variable methods.
// The command tree (names, options) is in variable-commands.ts; values are JSON when they parse, else strings.
import { ObjectNotFoundError, PrefectError } from "../errors.js";
import type { JsonValue } from "../schemas/index.js";
import type { CliContext } from "./context.js";
import { formatTime, printJson, printTable } from "./output.js";
import { parseJsonOrText } from "./param-parsing.js";
import { confirmIfInteractive } from "./prompting.js";

/** Options of `variable set`. */
export interface VariableSetFlags {
  overwrite?: boolean;
  tag?: string[];
}

/** Options of `variable ls`. */
export interface VariableLsFlags {
  limit: number;
  output?: "json";
}

function notFound(name: string): PrefectError {
  return new PrefectError(`Variable '${name}' not found. List the variables with: prefect-ts variable ls`);
}

/** `variable set NAME VALUE [--overwrite] [--tag T ...]`. */
export async function variableSet(
  context: CliContext,
  name: string,
  text: string,
  flags: VariableSetFlags,
): Promise<void> {
  const client = await context.client();
  const value = parseJsonOrText(text) as JsonValue;
  const tags = flags.tag ?? [];
  if ((await client.readVariableByName(name)) !== undefined) {
    if (flags.overwrite !== true) {
      throw new PrefectError(`Variable '${name}' already exists. Use \`--overwrite\` to update it.`);
    }
    await client.updateVariableByName(name, { value, tags });
  } else {
    await client.createVariable({ name, value, tags });
  }
  context.out(`Set variable '${name}'.`);
}

/** `variable get NAME`: the value as JSON. */
export async function variableGet(context: CliContext, name: string): Promise<void> {
  const client = await context.client();
  const variable = await client.readVariableByName(name);
  if (variable === undefined) throw notFound(name);
  context.out(JSON.stringify(variable.value));
}

/** `variable ls [--limit 100] [-o json]`: variables by name, values as JSON cut to 50 characters. */
export async function variableLs(context: CliContext, flags: VariableLsFlags): Promise<void> {
  const client = await context.client();
  const variables = await client.readVariables({ limit: flags.limit, sort: "NAME_ASC" });
  if (flags.output === "json") {
    printJson(context, variables.map(wireVariable));
    return;
  }
  printTable(context, {
    title: "Variables",
    head: ["Name", "Value", "Created", "Updated"],
    rows: variables.map((v) => [
      v.name,
      truncate(JSON.stringify(v.value), 50),
      formatTime(v.created),
      formatTime(v.updated),
    ]),
    empty: "No variables found.",
  });
}

/** `variable inspect NAME`: the variable as Prefect's API returns it (snake_case JSON). */
export async function variableInspect(context: CliContext, name: string): Promise<void> {
  const client = await context.client();
  const variable = await client.readVariableByName(name);
  if (variable === undefined) throw notFound(name);
  printJson(context, wireVariable(variable));
}

/** `variable unset NAME` (alias `delete`); asks first when the CLI may prompt (mayPrompt), as Prefect's CLI does. */
export async function variableUnset(context: CliContext, name: string): Promise<void> {
  const client = await context.client();
  if (!(await confirmIfInteractive(context, `Are you sure you want to unset variable '${name}'?`)))
    throw new PrefectError("Unset aborted.");
  try {
    await client.deleteVariableByName(name);
  } catch (error) {
    if (error instanceof ObjectNotFoundError) throw notFound(name);
    throw error;
  }
  context.out(`Unset variable '${name}'.`);
}

interface VariableModel {
  id: string;
  created: Date | null;
  updated: Date | null;
  name: string;
  value: unknown;
  tags: string[];
}

function wireVariable(v: VariableModel): Record<string, unknown> {
  return {
    id: v.id,
    created: v.created?.toISOString() ?? null,
    updated: v.updated?.toISOString() ?? null,
    name: v.name,
    value: v.value,
    tags: v.tags,
  };
}

function truncate(text: string, width: number): string {
  return text.length <= width ? text : `${text.slice(0, width - 1)}…`;
}
