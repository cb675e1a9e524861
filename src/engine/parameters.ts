// Parameter names of plain functions (read from their source) and the mapping between call arguments
// and Prefect's parameter dicts. Zod-declared parameters are validated in parameter-schema.ts.

/** How a function's arguments map to parameter names. */
export interface ParameterSignature {
  /** One entry per declared parameter, in order: the name, or the position as a string when destructured. */
  readonly names: readonly string[];
  /** The name of a trailing `...rest` parameter, collected into an array. */
  readonly rest: string | null;
}

/** Splits `src` at top-level commas, skipping strings, template literals, comments and brackets. */
function scanParameterList(src: string, start: number): { end: number; pieces: string[] } {
  const pieces: string[] = [];
  let depth = 0;
  let piece = "";
  let i = start;
  for (; i < src.length; i++) {
    const c = src[i]!;
    const next = src[i + 1];
    if (c === "/" && next === "/") {
      const nl = src.indexOf("\n", i);
      i = nl === -1 ? src.length : nl;
      continue;
    }
    if (c === "/" && next === "*") {
      const close = src.indexOf("*/", i + 2);
      i = close === -1 ? src.length : close + 1;
      continue;
    }
    if (c === '"' || c === "'" || c === "`") {
      let j = i + 1;
      while (j < src.length && src[j] !== c) j += src[j] === "\\" ? 2 : 1;
      piece += src.slice(i, j + 1);
      i = j;
      continue;
    }
    if (c === "(" || c === "[" || c === "{") depth++;
    if (c === ")" || c === "]" || c === "}") {
      if (depth === 0) break;
      depth--;
    }
    if (c === "," && depth === 0) {
      pieces.push(piece);
      piece = "";
      continue;
    }
    piece += c;
  }
  if (piece.trim() !== "") pieces.push(piece);
  return { end: i, pieces };
}

/**
 * Reads the parameter names of a function from its source text (`fn.toString()`).
 * Rules: a plain parameter keeps its name (defaults are ignored); `...rest` collects the remaining arguments
 * under its name; a destructured parameter (`{ a, b }` or `[a, b]`) has no name and is keyed by its position
 * (`"0"`, `"1"`, ...); native or unreadable functions fall back to positions.
 */
export function parseParameterSignature(fn: (...args: never[]) => unknown): ParameterSignature {
  let src = Function.prototype.toString.call(fn).trim();
  if (src.includes("[native code]")) return { names: [], rest: null };
  src = src.replace(/^async\s+/, "");
  const arrow = /^([A-Za-z_$][\w$]*)\s*=>/.exec(src);
  if (arrow) return { names: [arrow[1]!], rest: null };
  const open = src.indexOf("(");
  if (open === -1) return { names: [], rest: null };
  const { pieces } = scanParameterList(src, open + 1);
  const names: string[] = [];
  let rest: string | null = null;
  pieces.forEach((raw, index) => {
    const text = raw.trim();
    if (text.startsWith("...")) {
      const m = /^\.\.\.\s*([A-Za-z_$][\w$]*)/.exec(text);
      rest = m ? m[1]! : String(index);
      return;
    }
    const m = /^([A-Za-z_$][\w$]*)/.exec(text);
    names.push(m ? m[1]! : String(index));
  });
  return { names, rest };
}

/** Binds call arguments to parameter names; undefined arguments are left out, as Prefect omits unset defaults. */
export function parametersFromArgs(signature: ParameterSignature, args: readonly unknown[]): Record<string, unknown> {
  const parameters: Record<string, unknown> = {};
  const { names, rest } = signature;
  for (let i = 0; i < args.length; i++) {
    if (i < names.length) {
      if (args[i] !== undefined) parameters[names[i]!] = args[i];
    } else if (rest !== null) {
      parameters[rest] = args.slice(i);
      break;
    } else if (args[i] !== undefined) {
      parameters[String(i)] = args[i];
    }
  }
  return parameters;
}

/** The call arguments for a parameter dict (used when a run is started from stored parameters). */
export function argsFromParameters(signature: ParameterSignature, parameters: Readonly<Record<string, unknown>>): unknown[] {
  const args: unknown[] = signature.names.map((name) => parameters[name]);
  if (signature.rest !== null) {
    const rest = parameters[signature.rest];
    if (Array.isArray(rest)) args.push(...(rest as unknown[]));
  }
  while (args.length > 0 && args[args.length - 1] === undefined) args.pop();
  return args;
}

/**
 * A JSON-safe copy of parameters for the API: Dates become ISO strings, functions and symbols become
 * `"<function name>"`, bigints strings, cycles `"<cycle>"`; Maps and Sets become objects and arrays.
 */
export function jsonSafe(value: unknown, seen: Set<object> = new Set()): unknown {
  if (value === null || typeof value === "string" || typeof value === "boolean") return value;
  if (typeof value === "number") return Number.isFinite(value) ? value : null;
  if (value === undefined) return null;
  if (typeof value === "bigint") return value.toString();
  if (typeof value === "function") return `<function ${value.name || "anonymous"}>`;
  if (typeof value === "symbol") return value.toString();
  if (value instanceof Date) return value.toISOString();
  if (seen.has(value as object)) return "<cycle>";
  seen.add(value as object);
  try {
    if (Array.isArray(value)) return value.map((v) => jsonSafe(v, seen));
    if (value instanceof Map) return Object.fromEntries([...value].map(([k, v]) => [String(k), jsonSafe(v, seen)]));
    if (value instanceof Set) return [...value].map((v) => jsonSafe(v, seen));
    if (value instanceof Error) return { name: value.name, message: value.message };
    const toJSON = (value as { toJSON?: () => unknown }).toJSON;
    if (typeof toJSON === "function") return jsonSafe(toJSON.call(value), seen);
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value as object)) if (v !== undefined) out[k] = jsonSafe(v, seen);
    return out;
  } finally {
    seen.delete(value as object);
  }
}
