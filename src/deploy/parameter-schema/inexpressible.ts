// Finds the part of a parameter's TypeScript type that a JSON schema cannot express (functions, bigint, symbols,
// Map/Set/Promise, class instances with methods, unresolved names, type parameters) so it is left open and reported.
import type TS from "typescript";
import { ts } from "../typescript.js";

/** Built-in object types whose values do not survive JSON (by their global name). */
const NOT_JSON = new Set([
  "Promise",
  "PromiseLike",
  "Map",
  "ReadonlyMap",
  "Set",
  "ReadonlySet",
  "WeakMap",
  "WeakSet",
  "WeakRef",
  "RegExp",
  "Error",
  "ArrayBuffer",
  "SharedArrayBuffer",
  "DataView",
  "Int8Array",
  "Uint8Array",
  "Uint8ClampedArray",
  "Int16Array",
  "Uint16Array",
  "Int32Array",
  "Uint32Array",
  "Float32Array",
  "Float64Array",
  "BigInt64Array",
  "BigUint64Array",
  "Iterator",
  "IterableIterator",
  "Generator",
  "AsyncGenerator",
  "AsyncIterator",
  "AsyncIterable",
  "Iterable",
]);
const MAX_DEPTH = 8;

/**
 * Why the declared type of `param` cannot be expressed as a JSON schema, or `undefined` when it can.
 * `any` and `unknown` are expressible (Prefect's Any, `{}`); a number intersected with a brand object is a number.
 */
export function inexpressibleReason(checker: TS.TypeChecker, param: TS.ParameterDeclaration): string | undefined {
  const unresolved = param.type && unresolvedName(checker, param.type);
  if (unresolved)
    return `type '${unresolved}' is not known when the file is compiled on its own (a global of @types/node or the DOM?)`;
  let type = checker.getTypeAtLocation(param);
  if (param.dotDotDotToken && checker.isArrayType(type))
    type = checker.getTypeArguments(type as TS.TypeReference)[0] ?? type;
  return walk(checker, type, "", 0, new Set());
}

function unresolvedName(checker: TS.TypeChecker, node: TS.Node): string | undefined {
  if (ts.isTypeReferenceNode(node) && isErrorType(checker.getTypeAtLocation(node))) return node.typeName.getText();
  return ts.forEachChild(node, (child) => unresolvedName(checker, child));
}

function walk(
  checker: TS.TypeChecker,
  type: TS.Type,
  at: string,
  depth: number,
  seen: Set<TS.Type>,
): string | undefined {
  const where = at === "" ? "" : ` (at '${at}')`;
  const f = type.flags;
  if (f & ts.TypeFlags.Any) return isErrorType(type) ? `an unresolved type${where}` : undefined;
  if (f & ts.TypeFlags.BigIntLike) return `bigint${where}`;
  if (f & ts.TypeFlags.ESSymbolLike) return `symbol${where}`;
  if (f & ts.TypeFlags.TypeParameter) return `the unresolved type parameter '${checker.typeToString(type)}'${where}`;
  if (f & ts.TypeFlags.Never) return `never${where}`;
  if (depth > MAX_DEPTH || seen.has(type)) return undefined;
  if (type.isUnion()) return first(type.types, (t) => walk(checker, t, at, depth, seen));
  if (type.isIntersection()) {
    // `number & { __brand: ... }`: a branded primitive is its primitive.
    if (
      type.types.some((t) => t.flags & (ts.TypeFlags.NumberLike | ts.TypeFlags.StringLike | ts.TypeFlags.BooleanLike))
    )
      return undefined;
    return first(type.types, (t) => walk(checker, t, at, depth, seen));
  }
  if (!(f & ts.TypeFlags.Object)) return undefined;
  seen.add(type);
  const name = type.getSymbol()?.getName();
  if (name === "Date") return undefined;
  if (checker.isArrayType(type) || checker.isTupleType(type)) {
    const args = checker.getTypeArguments(type as TS.TypeReference);
    return first(args, (t, i) => walk(checker, t, `${at}[${checker.isTupleType(type) ? i : ""}]`, depth + 1, seen));
  }
  if (type.getCallSignatures().length > 0 || type.getConstructSignatures().length > 0) return `a function${where}`;
  if (name !== undefined && NOT_JSON.has(name)) return `${checker.typeToString(type)}${where}`;
  const symbol = type.getSymbol();
  if (symbol && symbol.flags & ts.SymbolFlags.Class) {
    const hasMethods = checker.getPropertiesOfType(type).some((p) => p.flags & ts.SymbolFlags.Method);
    if (hasMethods) return `an instance of class '${symbol.getName()}', which has methods${where}`;
  }
  for (const prop of checker.getPropertiesOfType(type)) {
    if (prop.getName().startsWith("__@"))
      return `${checker.typeToString(type)}, which has symbol-keyed members${where}`;
    const decl = prop.valueDeclaration ?? prop.declarations?.[0];
    if (!decl) continue;
    const reason = walk(
      checker,
      checker.getTypeOfSymbolAtLocation(prop, decl),
      at === "" ? prop.getName() : `${at}.${prop.getName()}`,
      depth + 1,
      seen,
    );
    if (reason) return reason;
  }
  for (const info of checker.getIndexInfosOfType(type)) {
    const reason = walk(checker, info.type, `${at}[key]`, depth + 1, seen);
    if (reason) return reason;
  }
  return undefined;
}

function isErrorType(type: TS.Type): boolean {
  return (type.flags & ts.TypeFlags.Any) !== 0 && (type as { intrinsicName?: string }).intrinsicName === "error";
}

function first<T>(items: readonly T[], fn: (item: T, index: number) => string | undefined): string | undefined {
  for (let i = 0; i < items.length; i++) {
    const item = items[i] as T;
    const out = fn(item, i);
    if (out !== undefined) return out;
  }
  return undefined;
}
