// `{{ placeholder }}` templating (work pool job configurations, project steps), by the rules of Prefect's `utilities/templating.py`
// (`find_placeholders`, `apply_values`). Which values a template gets (defaults, job variables) is job-configuration.ts's job.

/** What a placeholder refers to, as Prefect tells them apart by prefix. */
export type PlaceholderKind = "standard" | "block_document" | "variable" | "env_var";

/** One `{{ name }}` found in a template. */
export interface Placeholder {
  /** The placeholder as written, braces and spaces included (`"{{ env }}"`). */
  readonly fullMatch: string;
  /** The name inside the braces (`"env"`, `"ctx.flow_run.id"`, `"$HOME"`). */
  readonly name: string;
  readonly kind: PlaceholderKind;
}

/** Options of {@link applyValues}. */
export interface ApplyValuesOptions {
  /**
   * Standard placeholders whose name starts with one of these are left as written, for a later pass
   * (Prefect's `skip_prefixes`; job-configuration.ts keeps `ctx.` for the flow run's own values).
   * @default []
   */
  readonly skipPrefixes?: readonly string[];
  /**
   * When given, only standard placeholders whose name starts with one of these are replaced; the others are left
   * as written (the second pass over a rendered job, for `ctx.` alone).
   */
  readonly onlyPrefixes?: readonly string[];
  /**
   * Values of `{{ $NAME }}` placeholders. Without it they are left as written.
   */
  readonly environment?: Readonly<Record<string, string | undefined>>;
}

// Prefect's PLACEHOLDER_CAPTURE_REGEX: a name of word characters, dots, dashes, brackets and `$`.
const PLACEHOLDER = /\{\{\s*([\w.\-[\]$]+)\s*\}\}/g;

function kindOf(name: string): PlaceholderKind {
  if (name.startsWith("prefect.blocks.")) return "block_document";
  if (name.startsWith("prefect.variables.")) return "variable";
  if (name.startsWith("$")) return "env_var";
  return "standard";
}

/** The distinct placeholders of a string, or of every string nested in an object or array. */
export function findPlaceholders(template: unknown): Placeholder[] {
  const found = new Map<string, Placeholder>();
  const visit = (value: unknown): void => {
    if (typeof value === "string") {
      for (const match of value.matchAll(PLACEHOLDER)) {
        const name = match[1]!;
        if (!found.has(match[0])) found.set(match[0], { fullMatch: match[0], name, kind: kindOf(name) });
      }
    } else if (Array.isArray(value)) {
      value.forEach(visit);
    } else if (value !== null && typeof value === "object") {
      Object.values(value).forEach(visit);
    }
  };
  visit(template);
  return [...found.values()];
}

/**
 * The value at a dotted path with optional indexes (`"flow_run.tags[0]"`), as Prefect's `get_from_dict`;
 * `undefined` when any step is missing.
 */
export function valueAtPath(values: unknown, path: string): unknown {
  let current: unknown = values;
  for (const match of path.matchAll(/[^.[\]]+|\[(\d+)\]/g)) {
    if (current === null || typeof current !== "object") return undefined;
    const key = match[1] ?? match[0];
    if (!Object.hasOwn(current, key)) return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

/** A value written into a longer string: strings as they are, objects and arrays as JSON. */
function stringForm(value: unknown): string {
  if (typeof value === "string") return value;
  if (typeof value === "object") return JSON.stringify(value);
  return String(value);
}

/** Marks "no value": the key or item holding it is dropped. */
const UNSET: unique symbol = Symbol("unset");

function applyToString(
  template: string,
  values: Readonly<Record<string, unknown>>,
  options: ApplyValuesOptions,
): unknown {
  const placeholders = findPlaceholders(template);
  if (placeholders.length === 0) return template;
  const skipped = (p: Placeholder): boolean =>
    p.kind === "standard" &&
    ((options.skipPrefixes ?? []).some((prefix) => p.name.startsWith(prefix)) ||
      (options.onlyPrefixes !== undefined && !options.onlyPrefixes.some((prefix) => p.name.startsWith(prefix))));
  const only = placeholders[0]!;
  if (placeholders.length === 1 && only.fullMatch === template && only.kind === "standard") {
    if (skipped(only)) return template;
    // The whole value is one placeholder: it takes the variable's value with its type (object, boolean, number).
    const value = valueAtPath(values, only.name);
    return value === undefined || value === null ? UNSET : value;
  }
  let out = template;
  for (const placeholder of placeholders) {
    let value: unknown;
    if (placeholder.kind === "standard") {
      if (skipped(placeholder)) continue;
      value = valueAtPath(values, placeholder.name);
    } else if (placeholder.kind === "env_var") {
      if (options.environment === undefined) continue;
      value = options.environment[placeholder.name.slice(1)];
    } else {
      // Blocks and Prefect variables are resolved through the API by Prefect; we leave them as written.
      continue;
    }
    out = out.replaceAll(placeholder.fullMatch, value === undefined || value === null ? "" : stringForm(value));
  }
  return out;
}

function apply(template: unknown, values: Readonly<Record<string, unknown>>, options: ApplyValuesOptions): unknown {
  if (typeof template === "string") return applyToString(template, values, options);
  if (Array.isArray(template)) {
    return template.map((item) => apply(item, values, options)).filter((item) => item !== UNSET);
  }
  if (template !== null && typeof template === "object") {
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(template)) {
      const applied = apply(value, values, options);
      if (applied !== UNSET) out[key] = applied;
    }
    return out;
  }
  return template;
}

/**
 * Replaces placeholders in a template (a string, or objects and arrays walked deeply) with `values`, as Prefect's
 * `apply_values`:
 * - a string that is exactly one placeholder takes the value with its type; with no value (missing or null)
 *   the key or array item holding it is dropped;
 * - placeholders inside a longer string are replaced by the value's string form (objects as JSON), or by `""`;
 * - strings without placeholders, numbers, booleans and null stay as they are.
 * @returns a new value; `template` is not modified. A top-level string with no value gives `undefined`.
 * @example applyValues({ a: "{{ x }}", b: "n={{ x }}" }, { x: 3 }) // { a: 3, b: "n=3" }
 */
export function applyValues(
  template: unknown,
  values: Readonly<Record<string, unknown>>,
  options: ApplyValuesOptions = {},
): unknown {
  const applied = apply(template, values, options);
  return applied === UNSET ? undefined : applied;
}
