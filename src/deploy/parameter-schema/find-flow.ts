// Finds a flow's function in a parsed source file (`export const f = flow(fn)` / `flow({...}, fn)`) and reads its
// parameters syntactically: name, optionality, literal default and JSDoc description.
import type TS from "typescript";
import { ts } from "../typescript.js";
import { EntrypointError } from "../../errors.js";

/** One parameter as written in the source. */
export interface FoundParam {
  name: string;
  optional: boolean;
  /** The initializer's value when it is a JSON literal, otherwise `undefined`. */
  defaultValue: unknown;
  description: string | undefined;
}

/** The flow's function: its node, the name to reach it by at top level (if it has one), its parameters. */
export interface FoundFunction {
  node: TS.SignatureDeclaration;
  identifier: string | undefined;
  params: FoundParam[];
  /** The JSDoc text (tags excluded) of the function, else of the exported statement: the deployment's description. */
  description: string | undefined;
}

type FnNode = TS.ArrowFunction | TS.FunctionExpression | TS.FunctionDeclaration;

/** @throws EntrypointError naming `where` when the export is missing or is not a flow of a plain function. */
export function flowFunctionOf(source: TS.SourceFile, exportName: string, where: string): FoundFunction {
  const decl = findExportedVariable(source, exportName);
  if (!decl) {
    throw new EntrypointError(
      `Cannot find flow '${where}': the file has no \`export const ${exportName} = flow(...)\`. Check the export name in the entrypoint.`,
    );
  }
  const call = decl.initializer && unwrap(decl.initializer);
  const notFlow = (why: string): EntrypointError =>
    new EntrypointError(
      `'${where}' is not a flow: ${why}. Define it as \`export const ${exportName} = flow(async (...) => { ... })\`.`,
    );
  if (!call || !ts.isCallExpression(call) || calleeName(call.expression) !== "flow")
    throw notFlow("its value is not a flow(...) call");
  const fnArg = call.arguments[call.arguments.length - 1];
  const options = call.arguments.length > 1 && call.arguments[0] ? unwrap(call.arguments[0]) : undefined;
  if (
    options &&
    ts.isObjectLiteralExpression(options) &&
    options.properties.some((p) => p.name?.getText() === "parameters")
  ) {
    throw new EntrypointError(
      `'${where}' declares its parameters with a zod schema; derive its schema with parameterSchemaFromZod(${exportName}.options.parameters).`,
    );
  }
  let fn: FnNode | undefined;
  let identifier: string | undefined;
  if (fnArg && (ts.isArrowFunction(fnArg) || ts.isFunctionExpression(fnArg))) fn = fnArg;
  else if (fnArg && ts.isIdentifier(fnArg)) {
    identifier = fnArg.text;
    fn = findFunction(source, identifier);
  }
  if (!fn)
    throw notFlow(
      "its function argument is not an arrow function, function expression or a function declared in the file",
    );
  const docs = [fn, ...(identifier ? [] : [decl.parent.parent])];
  const params = fn.parameters.map((p, i) => readParam(p, i, docs));
  return { node: fn, identifier, params, description: docText(docs) };
}

function findExportedVariable(source: TS.SourceFile, name: string): TS.VariableDeclaration | undefined {
  for (const stmt of source.statements) {
    if (!ts.isVariableStatement(stmt)) continue;
    if (!stmt.modifiers?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword)) continue;
    for (const d of stmt.declarationList.declarations) if (ts.isIdentifier(d.name) && d.name.text === name) return d;
  }
  return undefined;
}

function findFunction(source: TS.SourceFile, name: string): FnNode | undefined {
  for (const stmt of source.statements) {
    if (ts.isFunctionDeclaration(stmt) && stmt.name?.text === name) return stmt;
    if (!ts.isVariableStatement(stmt)) continue;
    for (const d of stmt.declarationList.declarations) {
      const init = d.initializer && unwrap(d.initializer);
      if (
        ts.isIdentifier(d.name) &&
        d.name.text === name &&
        init &&
        (ts.isArrowFunction(init) || ts.isFunctionExpression(init))
      )
        return init;
    }
  }
  return undefined;
}

function unwrap(e: TS.Expression): TS.Expression {
  while (ts.isParenthesizedExpression(e) || ts.isAsExpression(e) || ts.isSatisfiesExpression(e)) e = e.expression;
  return e;
}

function calleeName(e: TS.Expression): string | undefined {
  if (ts.isIdentifier(e)) return e.text;
  if (ts.isPropertyAccessExpression(e)) return e.name.text;
  return undefined;
}

function readParam(p: TS.ParameterDeclaration, i: number, docNodes: readonly TS.Node[]): FoundParam {
  const name = ts.isIdentifier(p.name) ? p.name.text : `arg${i}`;
  return {
    name,
    optional: p.questionToken !== undefined || p.initializer !== undefined || p.dotDotDotToken !== undefined,
    defaultValue: p.initializer ? literalValue(p.initializer) : undefined,
    description: ownDoc(p) ?? paramTagDoc(docNodes, name),
  };
}

function docText(nodes: readonly TS.Node[]): string | undefined {
  for (const node of nodes) {
    for (const doc of ts.getJSDocCommentsAndTags(node)) {
      if (!ts.isJSDoc(doc) || doc.parent !== node) continue;
      const text = ts.getTextOfJSDocComment(doc.comment)?.trim();
      if (text) return text;
    }
  }
  return undefined;
}

/** A `/** ... *\/` comment written on the parameter itself. */
function ownDoc(p: TS.ParameterDeclaration): string | undefined {
  for (const doc of ts.getJSDocCommentsAndTags(p)) {
    if (ts.isJSDoc(doc) && doc.parent === p) return ts.getTextOfJSDocComment(doc.comment)?.trim() || undefined;
  }
  return undefined;
}

/** `@param name description` on the function or on the exported statement. */
function paramTagDoc(nodes: readonly TS.Node[], name: string): string | undefined {
  for (const node of nodes) {
    for (const tag of ts.getJSDocTags(node)) {
      if (ts.isJSDocParameterTag(tag) && tag.name.getText() === name) {
        const text = ts
          .getTextOfJSDocComment(tag.comment)
          ?.replace(/^\s*-\s*/, "")
          .trim();
        if (text) return text;
      }
    }
  }
  return undefined;
}

const NO_VALUE = Symbol("no literal value");

function literalValue(e: TS.Expression): unknown {
  const v = literal(e);
  return v === NO_VALUE ? undefined : v;
}

function literal(e: TS.Expression): unknown {
  e = unwrap(e);
  if (ts.isNumericLiteral(e)) return Number(e.text);
  if (ts.isStringLiteral(e) || ts.isNoSubstitutionTemplateLiteral(e)) return e.text;
  if (e.kind === ts.SyntaxKind.TrueKeyword) return true;
  if (e.kind === ts.SyntaxKind.FalseKeyword) return false;
  if (e.kind === ts.SyntaxKind.NullKeyword) return null;
  if (ts.isPrefixUnaryExpression(e) && e.operator === ts.SyntaxKind.MinusToken && ts.isNumericLiteral(e.operand))
    return -Number(e.operand.text);
  if (ts.isArrayLiteralExpression(e)) {
    const items = e.elements.map(literal);
    return items.includes(NO_VALUE) ? NO_VALUE : items;
  }
  if (ts.isObjectLiteralExpression(e)) {
    const out: Record<string, unknown> = {};
    for (const prop of e.properties) {
      if (!ts.isPropertyAssignment(prop) || ts.isComputedPropertyName(prop.name)) return NO_VALUE;
      const v = literal(prop.initializer);
      if (v === NO_VALUE) return NO_VALUE;
      out[
        ts.isIdentifier(prop.name) || ts.isStringLiteral(prop.name) || ts.isNumericLiteral(prop.name)
          ? prop.name.text
          : prop.name.getText()
      ] = v;
    }
    return out;
  }
  return NO_VALUE;
}
