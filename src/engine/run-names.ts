// Names: default flow/task names from function names, banned characters, run-name templates
// (`"etl-{date}"` over parameters) and Prefect 3's task run names (`<task-name>-<3 hex chars>`).
import { ConfigError } from "../errors.js";

/** Characters Prefect refuses in flow and task names (`types/names.py BANNED_CHARACTERS`). */
export const BANNED_NAME_CHARACTERS = ["/", "%", "&", ">", "<"] as const;

/**
 * Kebab-cases a function name for a default flow name: Prefect turns `_` into `-`; camelCase TypeScript
 * names split at case changes (`getRepoInfo` -> `get-repo-info`, `ETLJob` -> `etl-job`).
 */
export function kebabCase(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, "$1-$2")
    .replace(/([A-Z]+)([A-Z][a-z])/g, "$1-$2")
    .replace(/[_\s]+/g, "-")
    .replace(/-+/g, "-")
    .replace(/^-|-$/g, "")
    .toLowerCase();
}

/**
 * Checks a flow or task name.
 * @throws ConfigError when the name is empty or holds a banned character
 */
export function checkName(kind: "flow" | "task", name: unknown): string {
  if (typeof name !== "string" || name.trim() === "") {
    throw new ConfigError(`${kind} name must be a non-empty string, got ${JSON.stringify(name)}`, "name");
  }
  const banned = BANNED_NAME_CHARACTERS.filter((c) => name.includes(c));
  if (banned.length > 0) {
    throw new ConfigError(
      `${kind} name ${JSON.stringify(name)} contains ${banned.map((c) => `"${c}"`).join(", ")}; names must not contain / % & > <`,
      "name",
    );
  }
  return name;
}

/**
 * The default name of a flow (kebab-cased function name) or task (function name as written).
 * @throws ConfigError for an anonymous function
 */
export function defaultName(kind: "flow" | "task", fn: { readonly name: string }): string {
  const raw = fn.name;
  if (!raw || raw === "anonymous" || raw.startsWith("bound ")) {
    throw new ConfigError(
      `${kind}() got an anonymous function; pass a name: ${kind}({ name: "my-${kind}" }, fn) or use a named function`,
      "name",
    );
  }
  return kind === "flow" ? kebabCase(raw) : raw;
}

function formatValue(value: unknown): string {
  if (value === null || value === undefined) return String(value);
  if (value instanceof Date) return value.toISOString();
  if (typeof value === "object") return JSON.stringify(value);
  return String(value);
}

function lookup(parameters: Readonly<Record<string, unknown>>, path: string): { found: boolean; value: unknown } {
  let current: unknown = parameters;
  for (const segment of path.split(".")) {
    if (current === null || typeof current !== "object" || !(segment in (current as object))) {
      return { found: false, value: undefined };
    }
    current = (current as Record<string, unknown>)[segment];
  }
  return { found: true, value: current };
}

/**
 * Renders a run-name template as Prefect's `str.format(**parameters)`: `{name}` and dotted `{a.b}` fields;
 * `{{`/`}}` are literal braces.
 * @throws ConfigError naming the placeholder when a parameter is missing
 */
export function renderRunName(template: string, parameters: Readonly<Record<string, unknown>>, option: string): string {
  return template.replace(/\{\{|\}\}|\{([^{}]*)\}/g, (match, field: string | undefined) => {
    if (match === "{{") return "{";
    if (match === "}}") return "}";
    const key = (field ?? "").trim();
    const { found, value } = lookup(parameters, key);
    if (!found) {
      const known = Object.keys(parameters);
      throw new ConfigError(
        `${option} "${template}" uses {${key}}, which is not a parameter (parameters: ${known.length ? known.join(", ") : "none"})`,
        option,
      );
    }
    return formatValue(value);
  });
}

/** A run name from a template or a function of the parameters; undefined when no name option is set. */
export function resolveRunName(
  option: string,
  spec: string | ((parameters: Record<string, unknown>) => string) | undefined,
  parameters: Record<string, unknown>,
): string | undefined {
  if (spec === undefined) return undefined;
  const name = typeof spec === "function" ? spec(parameters) : renderRunName(spec, parameters, option);
  if (typeof name !== "string" || name === "") {
    throw new ConfigError(`${option} must produce a non-empty string, got ${JSON.stringify(name)}`, option);
  }
  return name;
}

/** Prefect 3's task run name: the task name and the first three hex characters of the run id. */
export function taskRunName(taskName: string, taskRunId: string): string {
  return `${taskName}-${taskRunId.replace(/-/g, "").slice(0, 3)}`;
}
