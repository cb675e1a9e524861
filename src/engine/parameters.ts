// Parameter names of plain functions (read from their source) and the mapping between call arguments
// and Prefect's parameter dicts. Zod-declared parameters are validated in parameter-schema.ts.
import { createRequire } from "node:module";
import type {
  ClassExpression,
  Function as FunctionNode,
  MethodDefinition,
  Node,
  ObjectExpression,
  Options,
  Pattern,
  Program,
  Property,
} from "acorn";

// acorn loads on the first signature that is not a list of plain names, not with `import "prefect-ts"` (it is a fifth
// of the SDK's import time); its CommonJS build keeps the read synchronous.
const requireModule = createRequire(import.meta.url);
let acornParse: ((input: string, options: Options) => Program) | undefined;
function parse(input: string, options: Options): Program {
  acornParse ??= (requireModule("acorn") as typeof import("acorn")).parse;
  return acornParse(input, options);
}

/** How a function's arguments map to parameter names. */
export interface ParameterSignature {
  /** One entry per declared parameter, in order: the name, or the position as a string when destructured. */
  readonly names: readonly string[];
  /** The name of a trailing `...rest` parameter, collected into an array. */
  readonly rest: string | null;
}

/** A function's text up to the `(` of its parameters: an arrow, `function name(`, `async function* (`, a method `name(`. */
const HEADER = /^(?:async\s+)?(?:function\b\s*)?(?:\*\s*)?(?:[A-Za-z_$][\w$]*\s*)?\(/;
/** A parameter list of plain names only (no defaults, patterns, rest or comments), a trailing comma allowed. */
const PLAIN_LIST = /^\s*(?:[A-Za-z_$][\w$]*\s*(?:,\s*[A-Za-z_$][\w$]*\s*)*,?\s*)?$/;
/** Names strict code cannot bind: such a list goes to acorn, which decides as before. */
const RESERVED = new Set(
  (
    "arguments await break case catch class const continue debugger default delete do else enum eval export extends " +
    "false finally for function if implements import in instanceof interface let new null package private protected " +
    "public return static super switch this throw true try typeof var void while with yield"
  ).split(" "),
);

/**
 * The names of a parameter list of plain names (`(a, b)`, `async function f(x)`, `m(a) {}`), read without a parser:
 * most flows and tasks have one, and the first read then needs no acorn (tens of milliseconds to load and warm up on
 * a flow's first call). Null for anything else (defaults, patterns, rest, comments, unusual names), which acorn reads.
 * The names are acorn's for every function acorn reads; one it cannot (a body valid only in sloppy mode, such as one
 * using `with`) now gets its names instead of none.
 */
function plainParameterNames(src: string): string[] | null {
  const header = HEADER.exec(src);
  if (header === null) return null;
  const close = src.indexOf(")", header[0].length);
  if (close < 0) return null;
  const list = src.slice(header[0].length, close);
  if (!PLAIN_LIST.test(list)) return null;
  const names = list
    .split(",")
    .map((name) => name.trim())
    .filter((name) => name !== "");
  if (names.some((name) => RESERVED.has(name)) || new Set(names).size !== names.length) return null;
  return names;
}

/** The parameter nodes of the function in `src` (a function's own source text), or null when acorn cannot read it. */
function parameterNodes(src: string): Pattern[] | null {
  // Function.prototype.toString gives a function expression, an arrow, or a method's own text (`name(a) {}`,
  // `async *gen(a) {}`, `get x() {}`, `[key](a) {}`): each form parses in one of these wrappings.
  const wrappings: [string, string, (program: Program) => Node | undefined][] = [
    ["(", ")", (program) => expressionOf(program)],
    ["({", "})", (program) => (expressionOf(program) as ObjectExpression | undefined)?.properties[0]],
    ["(class{", "})", (program) => (expressionOf(program) as ClassExpression | undefined)?.body.body[0]],
  ];
  for (const [before, after, pick] of wrappings) {
    let program: Program;
    try {
      program = parse(`${before}${src}\n${after}`, {
        ecmaVersion: "latest",
        sourceType: "module",
        allowAwaitOutsideFunction: true,
      });
    } catch {
      continue;
    }
    const node = pick(program);
    const fn = node === undefined ? undefined : functionOf(node);
    if (fn) return fn.params;
  }
  return null;
}

function expressionOf(program: Program): Node | undefined {
  const statement = program.body[0];
  return statement?.type === "ExpressionStatement" && program.body.length === 1 ? statement.expression : undefined;
}

function functionOf(node: Node): FunctionNode | undefined {
  if (node.type === "FunctionExpression" || node.type === "ArrowFunctionExpression") return node as FunctionNode;
  if (node.type === "Property" || node.type === "MethodDefinition")
    return functionOf((node as Property | MethodDefinition).value as Node);
  return undefined;
}

/**
 * Reads the parameter names of a function from its source text (`fn.toString()`), parsed with acorn.
 * Rules: a plain parameter keeps its name (defaults are ignored); `...rest` collects the remaining arguments
 * under its name; a destructured parameter (`{ a, b }` or `[a, b]`) has no name and is keyed by its position
 * (`"0"`, `"1"`, ...); native or unreadable functions fall back to positions. These are the names of the code that
 * runs: a transpiler may have renamed them (see source-parameter-names.ts for the names the user wrote).
 */
export function parseParameterSignature(fn: (...args: never[]) => unknown): ParameterSignature {
  const src = Function.prototype.toString.call(fn).trim();
  if (src.includes("[native code]")) return { names: [], rest: null };
  const plain = plainParameterNames(src);
  if (plain !== null) return { names: plain, rest: null };
  const params = parameterNodes(src);
  if (params === null) return { names: [], rest: null };
  const names: string[] = [];
  let rest: string | null = null;
  params.forEach((param, index) => {
    if (param.type === "RestElement") {
      rest = param.argument.type === "Identifier" ? param.argument.name : String(index);
      return;
    }
    const target = param.type === "AssignmentPattern" ? param.left : param;
    names.push(target.type === "Identifier" ? target.name : String(index));
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
export function argsFromParameters(
  signature: ParameterSignature,
  parameters: Readonly<Record<string, unknown>>,
): unknown[] {
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
