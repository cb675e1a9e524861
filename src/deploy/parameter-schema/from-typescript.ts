// The parameter schema of a plain-TypeScript flow, read from its source without importing it: one ts.Program per
// call over the flow's file with synthetic type aliases appended, whose schemas typescript-json-schema generates.
import { existsSync } from "node:fs";
import path from "node:path";
import ts from "typescript";
import * as TJS from "typescript-json-schema";
import { EntrypointError } from "../../errors.js";
import { flowFunctionOf, type FoundFunction } from "./find-flow.js";
import { makeParameterSchema, type JsonSchemaObject, type ParameterEntry, type ParameterSchema } from "./types.js";

/** Where a flow is defined: the file and the name it is exported under (`file:exportName` entrypoint). */
export interface FlowSourceRef {
  file: string;
  exportName: string;
}

/** "prefect-ts" itself is not compiled: only the flow's function is read, never `flow()`'s types (saves ~2 s). */
const SELF_MODULE = /^prefect-ts(\/|$)/;
/** TypeScript qualifies exported names by module in type strings: `import("/abs/file",{...}).Point` -> `Point`. */
const IMPORT_QUALIFIER = /import\("[^"]*"(,\{[^)]*\})?\)\./g;
/** typescript-json-schema emits `Record<string,T>` as a bare `{type: "object"}` definition; it is inlined instead. */
const RECORD = /^Record<string,(.+)>$/;
const PRIMITIVES = new Set(["string", "number", "boolean", "null"]);
const ALIAS_PREFIX = "__PrefectParam";
const FN_ALIAS = "__prefectFlowFn";
const COMPILER_OPTIONS: ts.CompilerOptions = {
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.NodeNext,
  moduleResolution: ts.ModuleResolutionKind.NodeNext,
  strict: true,
  skipLibCheck: true,
  noEmit: true,
  types: [],
  lib: ["lib.es2023.d.ts"],
};
const TJS_SETTINGS: TJS.PartialArgs = { required: true, ref: true, titles: false, noExtraProps: false, ignoreErrors: true };

/**
 * Derives Prefect's `ParameterSchema` of the flow exported as `exportName` from `file`
 * (`export const f = flow(fn)`, `flow({...}, fn)`, with `fn` an arrow/function expression or a function of the file).
 *
 * How: the file is compiled in memory with `type __PrefectParam<i> = [Parameters<typeof fn>[i]]` appended (an inline
 * function is first copied to a `const`; the 1-tuple makes a named root type a `$ref`), and typescript-json-schema
 * generates those aliases. Interfaces, classes and TS enums go to `definitions` behind `$ref`; type aliases such as
 * string-literal unions are inlined as `enum`; `Date` is a date-time string; `Record<string, T>` is an object with
 * `additionalProperties`; function types have no `type` (Prefect's Any). Defaults come from literal initializers
 * (`-1`, strings, booleans, `null`, arrays/objects of literals); descriptions from `@param` tags or a parameter's own
 * JSDoc. "prefect-ts" imports are left unresolved (only the function's own types matter), which keeps a call ~0.2 s.
 * @throws EntrypointError when the file or export is missing, or the export is not a flow of a plain function.
 */
export function parameterSchemaFromSource(ref: FlowSourceRef): ParameterSchema {
  return deriveFlowSource(ref).parameterSchema;
}

/** What a flow's source tells a deployment: its parameter schema and its description (the function's JSDoc). */
export interface FlowSourceInfo {
  parameterSchema: ParameterSchema;
  description: string | undefined;
}

/**
 * {@link parameterSchemaFromSource} plus the flow's description: the JSDoc text of its function (or, for an inline
 * function, of the `export const` statement), tags excluded.
 * @throws EntrypointError as {@link parameterSchemaFromSource}.
 */
export function deriveFlowSource(ref: FlowSourceRef): FlowSourceInfo {
  const file = path.resolve(ref.file);
  const where = `${ref.file}:${ref.exportName}`;
  if (!existsSync(file)) {
    throw new EntrypointError(`Cannot derive the parameters of '${where}': file '${ref.file}' does not exist. Check the entrypoint path.`);
  }
  const host = ts.createCompilerHost(COMPILER_OPTIONS);
  const plain = ts.createSourceFile(file, ts.sys.readFile(file) ?? "", ts.ScriptTarget.ES2022, true);
  const found = flowFunctionOf(plain, ref.exportName, where);
  const overlay = plain.text + syntheticAliases(found);
  const readFile = host.readFile.bind(host);
  const getSourceFile = host.getSourceFile.bind(host);
  host.readFile = (name) => (path.resolve(name) === file ? overlay : readFile(name));
  host.getSourceFile = (name, lang, ...rest) =>
    path.resolve(name) === file ? ts.createSourceFile(name, overlay, lang, true) : getSourceFile(name, lang, ...rest);
  host.resolveModuleNameLiterals = (literals, containing, redirected, options) =>
    literals.map((lit) =>
      SELF_MODULE.test(lit.text)
        ? { resolvedModule: undefined }
        : ts.resolveModuleName(lit.text, containing, options, host, undefined, redirected),
    );
  const program = ts.createProgram([file], COMPILER_OPTIONS, host);
  const checker = program.getTypeChecker();
  const source = program.getSourceFile(file);
  const generator = source && TJS.buildGenerator(program, TJS_SETTINGS);
  if (!source || !generator) throw new EntrypointError(`Cannot compile '${where}' to read its parameters.`);
  const aliasNames = found.params.map((_, i) => `${ALIAS_PREFIX}${i}`);
  const all = aliasNames.length > 0 ? generator.getSchemaForSymbols(aliasNames) : { definitions: {} };
  const raw = { ...((all.definitions ?? {}) as Record<string, JsonSchemaObject>) };
  for (const name of aliasNames) delete raw[name];
  const renames = new Map<string, string | JsonSchemaObject>();
  const defs: Record<string, JsonSchemaObject> = {};
  const plainNames = Object.keys(raw).map((key) => key.replace(IMPORT_QUALIFIER, ""));
  Object.entries(raw).forEach(([key, def], i) => {
    const plain = plainNames[i] ?? key;
    const record = RECORD.exec(plain);
    if (record) {
      renames.set(`#/definitions/${encodeURIComponent(key)}`, { type: "object", additionalProperties: recordValue(record[1] ?? "", plainNames) });
      return;
    }
    renames.set(`#/definitions/${encodeURIComponent(key)}`, `#/definitions/${encodeURIComponent(plain)}`);
    defs[plain] = def;
  });
  const aliasDecls = new Map<string, ts.TypeAliasDeclaration>();
  for (const stmt of source.statements) if (ts.isTypeAliasDeclaration(stmt)) aliasDecls.set(stmt.name.text, stmt);
  const entries: ParameterEntry[] = found.params.map((param, i) => {
    const alias = aliasDecls.get(aliasNames[i] ?? "");
    const isFunction = alias !== undefined && isFunctionType(checker, tupleElement(checker, checker.getTypeAtLocation(alias.type)));
    let schema = isFunction ? {} : tupleItem(all.definitions?.[aliasNames[i] ?? ""]);
    const { description: typeDescription, ...rest } = schema;
    schema = rest;
    return {
      name: param.name,
      schema,
      required: !param.optional,
      default: param.defaultValue,
      description: param.description ?? (typeof typeDescription === "string" ? typeDescription : undefined),
    };
  });
  return { parameterSchema: rewriteRefs(makeParameterSchema(entries, defs), renames) as ParameterSchema, description: found.description };
}

function syntheticAliases(found: FoundFunction): string {
  let fnRef = found.identifier;
  let text = "\n";
  if (fnRef === undefined) {
    fnRef = FN_ALIAS;
    text += `const ${FN_ALIAS} = (${found.node.getText()});\n`;
  }
  found.params.forEach((_, i) => {
    // Wrapped in a 1-tuple so that a named root type (an interface) is emitted as a `$ref`, not inlined.
    text += `type ${ALIAS_PREFIX}${i} = [Parameters<typeof ${fnRef}>[${i}]];\n`;
  });
  return text;
}

/** `Record<string,T>`'s value schema: a primitive or a named definition; anything else stays open (`{}`). */
function recordValue(valueType: string, definitionNames: readonly string[]): JsonSchemaObject {
  if (PRIMITIVES.has(valueType)) return { type: valueType };
  if (definitionNames.includes(valueType)) return { $ref: `#/definitions/${encodeURIComponent(valueType)}` };
  return {};
}

/** Renames `$ref`s (a string target) or replaces them by an inline schema (an object target). */
function rewriteRefs(value: unknown, renames: ReadonlyMap<string, string | JsonSchemaObject>): unknown {
  if (Array.isArray(value)) return value.map((v) => rewriteRefs(v, renames));
  if (value === null || typeof value !== "object") return value;
  let out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    const target = key === "$ref" && typeof v === "string" ? renames.get(v) : undefined;
    if (typeof target === "object") out = { ...out, ...(rewriteRefs(target, renames) as JsonSchemaObject) };
    else out[key] = key === "$ref" ? (target ?? v) : rewriteRefs(v, renames);
  }
  return out;
}

function tupleItem(wrapper: unknown): JsonSchemaObject {
  const items = (wrapper as { items?: unknown } | undefined)?.items;
  const item: unknown = Array.isArray(items) ? items[0] : undefined;
  return item !== null && typeof item === "object" ? (item as JsonSchemaObject) : {};
}

function tupleElement(checker: ts.TypeChecker, tuple: ts.Type): ts.Type | undefined {
  return checker.isTupleType(tuple) ? checker.getTypeArguments(tuple as ts.TypeReference)[0] : undefined;
}

/** A callable type without properties (`() => void`): not expressible in JSON, so Prefect's Any. */
function isFunctionType(checker: ts.TypeChecker, type: ts.Type | undefined): boolean {
  if (!type) return false;
  const parts = type.isUnion() ? type.types : [type];
  return parts.some((t) => t.getCallSignatures().length > 0 && checker.getPropertiesOfType(t).length === 0);
}
