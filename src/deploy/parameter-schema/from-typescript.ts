// The parameter schema of a plain-TypeScript flow, read from its source without importing it: the flow's file is
// compiled once (cached by modification time) with synthetic type aliases appended, which typescript-json-schema renders.
import { existsSync } from "node:fs";
import path from "node:path";
import type TS from "typescript";
import { loadSchemaGenerator, ts } from "../typescript.js";
import type * as TJS from "typescript-json-schema";
import { EntrypointError } from "../../errors.js";
import { flowFunctionOf, type FoundFunction } from "./find-flow.js";
import { inexpressibleReason } from "./inexpressible.js";
import { normalizeSchema } from "./normalize.js";
import { compileWithOverlay, inputsUnchanged, type CompiledFile } from "./program-host.js";
import { makeParameterSchema, type JsonSchemaObject, type ParameterEntry, type ParameterSchema } from "./types.js";

/** Where a flow is defined: the file and the name it is exported under (`file:exportName` entrypoint). */
export interface FlowSourceRef {
  file: string;
  exportName: string;
}

/** Options of {@link parameterSchemaFromSource} and {@link deriveFlowSource}. */
export interface DeriveFlowSourceOptions {
  /** Called once per parameter whose type a JSON schema cannot express (it is left open, `{}`). */
  onWarning?: (message: string) => void;
}

/** TypeScript qualifies exported names by module in type strings: `import("/abs/file",{...}).Point` -> `Point`. */
const IMPORT_QUALIFIER = /import\("[^"]*"(,\{[^)]*\})?\)\./g;
/** typescript-json-schema emits `Record<string,T>` as a bare `{type: "object"}` definition; it is inlined instead. */
const RECORD = /^Record<string,(.+)>$/;
const PRIMITIVES = new Set(["string", "number", "boolean", "null", "integer"]);
const ALIAS_PREFIX = "__PrefectParam";
const FN_ALIAS = "__prefectFlowFn";
const TJS_SETTINGS: TJS.PartialArgs = {
  required: true,
  ref: true,
  titles: false,
  noExtraProps: false,
  ignoreErrors: true,
};

/**
 * Derives Prefect's `ParameterSchema` of the flow exported as `exportName` from `file`
 * (`export const f = flow(fn)`, `flow({...}, fn)`, with `fn` an arrow/function expression or a function of the file).
 *
 * How: the file is compiled in memory with `type __PrefectParam<i> = [Parameters<typeof fn>[i]]` appended for every
 * flow it exports (an inline function is first copied to a `const`; the 1-tuple makes a named root type a `$ref`), and
 * typescript-json-schema renders those aliases in pydantic's shapes. Interfaces, classes and TS enums go to
 * `definitions` behind `$ref`; type aliases such as string-literal unions are inlined as `enum`; `Date` is a
 * date-time string; `Record<string, T>` is an object with `additionalProperties`; tuples use `prefixItems`; unions of
 * primitive types are `anyOf`; {@link Integer} (or an alias tagged `@TJS-type integer`) is `"integer"`; `any` and
 * `unknown` are open (`{}`, Prefect's Any). A type JSON cannot express (a function, bigint, symbol, Map, Set,
 * Promise, a class instance with methods, an unresolved name or type parameter) is left open too and reported
 * through `options.onWarning` by parameter name. Defaults come from literal initializers (`-1`, strings, booleans,
 * `null`, arrays/objects of literals); descriptions from `@param` tags or a parameter's own JSDoc. "prefect-ts"
 * itself is not compiled. A file is compiled once per process while it and its local imports keep their mtime.
 * @throws EntrypointError when the file or export is missing, or the export is not a flow of a plain function.
 */
export function parameterSchemaFromSource(ref: FlowSourceRef, options: DeriveFlowSourceOptions = {}): ParameterSchema {
  return deriveFlowSource(ref, options).parameterSchema;
}

/** What a flow's source tells a deployment: its parameter schema, its description, and what it could not express. */
export interface FlowSourceInfo {
  parameterSchema: ParameterSchema;
  /** The JSDoc text of the flow's function (or of its `export const` statement), tags excluded. */
  description: string | undefined;
  /** One message per parameter left open because JSON cannot express its type, naming the parameter and type. */
  warnings: string[];
}

interface CompiledFlows extends CompiledFile {
  checker: TS.TypeChecker;
  generator: TJS.JsonSchemaGenerator;
  results: Map<string, FlowSourceInfo>;
}

/** Compilations by absolute file path; each is reused while its inputs keep their mtimes. */
const compiledFiles = new Map<string, CompiledFlows>();
const MAX_CACHED_FILES = 32;

/**
 * {@link parameterSchemaFromSource} plus the flow's description and the warnings (each also passed to
 * `options.onWarning`). Results are cached per file and export while the file and its local imports are unchanged.
 * @throws EntrypointError as {@link parameterSchemaFromSource}.
 */
export function deriveFlowSource(ref: FlowSourceRef, options: DeriveFlowSourceOptions = {}): FlowSourceInfo {
  const file = path.resolve(ref.file);
  const where = `${ref.file}:${ref.exportName}`;
  if (!existsSync(file)) {
    throw new EntrypointError(
      `Cannot derive the parameters of '${where}': file '${ref.file}' does not exist. Check the entrypoint path.`,
    );
  }
  let compiled = compiledFiles.get(file);
  if (!compiled || !inputsUnchanged(compiled.inputs)) {
    compiledFiles.delete(file);
    compiled = compileFlows(file, where, ref.exportName);
    if (compiledFiles.size >= MAX_CACHED_FILES) compiledFiles.delete(compiledFiles.keys().next().value as string);
    compiledFiles.set(file, compiled);
  }
  let info = compiled.results.get(ref.exportName);
  if (!info) {
    info = deriveOne(compiled, file, ref.exportName, where);
    compiled.results.set(ref.exportName, info);
  }
  for (const warning of info.warnings) options.onWarning?.(warning);
  return structuredClone(info);
}

/** Compiles `file` with aliases for every flow it exports (`wanted` must be one of them). */
function compileFlows(file: string, where: string, wanted: string): CompiledFlows {
  const plain = ts.createSourceFile(file, ts.sys.readFile(file) ?? "", ts.ScriptTarget.ES2022, true);
  flowFunctionOf(plain, wanted, where); // throws the precise error for the export asked for
  let overlay = plain.text + "\n";
  for (const name of exportedNames(plain)) {
    let found: FoundFunction;
    try {
      found = flowFunctionOf(plain, name, `${file}:${name}`);
    } catch {
      continue;
    }
    overlay += syntheticAliases(name, found);
  }
  const { program, inputs } = compileWithOverlay(file, overlay);
  const generator = loadSchemaGenerator().buildGenerator(program, TJS_SETTINGS);
  if (!generator) throw new EntrypointError(`Cannot compile '${where}' to read its parameters.`);
  return { program, inputs, checker: program.getTypeChecker(), generator, results: new Map() };
}

function deriveOne(compiled: CompiledFlows, file: string, exportName: string, where: string): FlowSourceInfo {
  const { program, checker, generator } = compiled;
  const source = program.getSourceFile(file);
  if (!source) throw new EntrypointError(`Cannot compile '${where}' to read its parameters.`);
  const found = flowFunctionOf(source, exportName, where);
  const aliasNames = found.params.map((_, i) => aliasName(exportName, i));
  const all = aliasNames.length > 0 ? generator.getSchemaForSymbols(aliasNames) : { definitions: {} };
  const raw = { ...((all.definitions ?? {}) as Record<string, JsonSchemaObject>) };
  for (const name of aliasNames) delete raw[name];
  const renames = new Map<string, string | JsonSchemaObject>();
  const defs: Record<string, JsonSchemaObject> = {};
  const plainNames = Object.keys(raw).map((key) => key.replace(IMPORT_QUALIFIER, ""));
  Object.entries(raw).forEach(([key, def], i) => {
    const plain = plainNames[i] ?? key;
    const ref = `#/definitions/${encodeURIComponent(key)}`;
    const record = RECORD.exec(plain);
    const normalized = normalizeSchema(def) as JsonSchemaObject;
    if (record)
      renames.set(ref, {
        type: "object",
        additionalProperties: recordValue(record[1] ?? "", plainNames, Object.keys(raw)),
      });
    else if (def.allOf !== undefined && normalized.allOf === undefined)
      renames.set(ref, normalized); // a branded primitive
    else {
      renames.set(ref, `#/definitions/${encodeURIComponent(plain)}`);
      defs[plain] = normalized;
    }
  });
  const warnings: string[] = [];
  const fnNode = found.node;
  const entries: ParameterEntry[] = found.params.map((param, i) => {
    const decl = fnNode.parameters[i];
    const reason = decl && inexpressibleReason(checker, decl);
    let schema: JsonSchemaObject;
    if (reason && decl) {
      const typeText = decl.type?.getText() ?? checker.typeToString(checker.getTypeAtLocation(decl));
      warnings.push(
        `Parameter '${param.name}' of flow '${where}' has type '${typeText}', which a JSON schema cannot express` +
          `${reason === typeText ? "" : ` (${reason})`}: ` +
          "it is left open ({}) and its values are not checked. Use JSON types (string, number, boolean, arrays, plain objects) " +
          "or declare the flow's parameters with a zod schema.",
      );
      schema = {};
    } else {
      schema =
        (decl && taggedAliasSchema(checker, decl.type)) ??
        (normalizeSchema(tupleItem(all.definitions?.[aliasNames[i] ?? ""])) as JsonSchemaObject);
    }
    const { description: typeDescription, ...rest } = schema;
    return {
      name: param.name,
      // Refs are rewritten before the parameter's own description is added next to them (an inlined ref drops
      // the description TJS copied beside it, which must not take the `@param` text with it).
      schema: rewriteRefs(rest, renames) as JsonSchemaObject,
      required: !param.optional,
      default: param.defaultValue,
      description: param.description ?? (typeof typeDescription === "string" ? typeDescription : undefined),
    };
  });
  const parameterSchema = pruneDefinitions(
    makeParameterSchema(entries, rewriteRefs(defs, renames) as Record<string, JsonSchemaObject>),
  );
  return { parameterSchema, description: found.description, warnings };
}

/** Drops the definitions no parameter reaches (those of parameters left open). */
function pruneDefinitions(schema: ParameterSchema): ParameterSchema {
  const reached = new Set<string>();
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) value.forEach(visit);
    else if (value !== null && typeof value === "object") {
      for (const [key, v] of Object.entries(value)) {
        if (key !== "$ref" || typeof v !== "string") visit(v);
        else {
          const name = decodeURIComponent(v.replace(/^#\/definitions\//, ""));
          if (!reached.has(name)) {
            reached.add(name);
            visit(schema.definitions[name]);
          }
        }
      }
    }
  };
  visit(schema.properties);
  schema.definitions = Object.fromEntries(Object.entries(schema.definitions).filter(([name]) => reached.has(name)));
  return schema;
}

function exportedNames(source: TS.SourceFile): string[] {
  const names: string[] = [];
  for (const stmt of source.statements) {
    if (!ts.isVariableStatement(stmt) || !stmt.modifiers?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword)) continue;
    for (const d of stmt.declarationList.declarations) if (ts.isIdentifier(d.name)) names.push(d.name.text);
  }
  return names;
}

function aliasName(exportName: string, index: number): string {
  return `${ALIAS_PREFIX}_${exportName}_${index}`;
}

/** `type Count = number` tagged `/** @TJS-type integer *\/` (or an array of it) as a parameter's type: `{ type: "integer" }`. */
function taggedAliasSchema(checker: TS.TypeChecker, node: TS.TypeNode | undefined): JsonSchemaObject | undefined {
  if (node && ts.isArrayTypeNode(node)) {
    const items = taggedAliasSchema(checker, node.elementType);
    return items && { type: "array", items };
  }
  if (!node || !ts.isTypeReferenceNode(node)) return undefined;
  let symbol = checker.getSymbolAtLocation(node.typeName);
  if (symbol && symbol.flags & ts.SymbolFlags.Alias) symbol = checker.getAliasedSymbol(symbol);
  const decl = symbol?.declarations?.find(ts.isTypeAliasDeclaration);
  const tag = decl && ts.getJSDocTags(decl).find((t) => t.tagName.text === "TJS-type");
  const type = tag && ts.getTextOfJSDocComment(tag.comment)?.trim();
  return type ? { type } : undefined;
}

function syntheticAliases(exportName: string, found: FoundFunction): string {
  let fnRef = found.identifier;
  let text = "";
  if (fnRef === undefined) {
    fnRef = `${FN_ALIAS}_${exportName}`;
    text += `const ${fnRef} = (${found.node.getText()});\n`;
  }
  found.params.forEach((_, i) => {
    // Wrapped in a 1-tuple so that a named root type (an interface) is emitted as a `$ref`, not inlined.
    text += `type ${aliasName(exportName, i)} = [Parameters<typeof ${fnRef}>[${i}]];\n`;
  });
  return text;
}

/** `Record<string,T>`'s value schema: a primitive or a named definition (by its raw `$ref`, renamed later); else `{}`. */
function recordValue(valueType: string, plainNames: readonly string[], rawNames: readonly string[]): JsonSchemaObject {
  if (PRIMITIVES.has(valueType)) return { type: valueType };
  if (valueType === "Integer") return { type: "integer" }; // the brand of ./types.ts, which TJS leaves unnamed here
  const index = plainNames.indexOf(valueType);
  if (index >= 0) return { $ref: `#/definitions/${encodeURIComponent(rawNames[index] ?? valueType)}` };
  return {};
}

/** Renames `$ref`s (a string target) or replaces them by an inline schema (an object target). */
function rewriteRefs(value: unknown, renames: ReadonlyMap<string, string | JsonSchemaObject>): unknown {
  if (Array.isArray(value)) return value.map((v) => rewriteRefs(v, renames));
  if (value === null || typeof value !== "object") return value;
  let out: Record<string, unknown> = {};
  const ref = (value as JsonSchemaObject).$ref;
  // An inlined target (a Record, a branded number) drops the description TJS copied next to its `$ref`.
  const inlined = typeof ref === "string" && typeof renames.get(ref) === "object";
  for (const [key, v] of Object.entries(value)) {
    if (inlined && key === "description") continue;
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
