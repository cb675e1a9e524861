// The call expression a definition site points at (a `flow(...)`, `task(...)` or `.with(...)` call), found in the
// module's syntax tree as TypeScript parses it. Readers: source-parameter-names.ts and deploy/entrypoint-site.ts.
import { readFileSync } from "node:fs";
import type TS from "typescript";
import type { DefinitionSite } from "./definition-site.js";

/** A module parsed by TypeScript, with the `typescript` namespace that parsed it. */
export interface ParsedModule {
  readonly ts: typeof TS;
  readonly source: TS.SourceFile;
}

/** Parses `file` (TypeScript or JavaScript, by its extension) with the given `typescript` namespace. */
export function parseModule(ts: typeof TS, file: string): ParsedModule {
  const text = readFileSync(file, "utf8");
  const kind = /\.[mc]?jsx?$/.test(file)
    ? file.endsWith("x")
      ? ts.ScriptKind.JSX
      : ts.ScriptKind.JS
    : file.endsWith("x")
      ? ts.ScriptKind.TSX
      : ts.ScriptKind.TS;
  return { ts, source: ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, kind) };
}

/**
 * The innermost call expression that spans the site's line and column (V8 reports a call at its callee), or
 * undefined when the position is outside the file or on no call (a site that no source map mapped, say).
 */
export function callAtSite(
  { ts, source }: ParsedModule,
  site: Pick<DefinitionSite, "line" | "column">,
): TS.CallExpression | undefined {
  const lines = source.getLineStarts();
  if (site.line < 1 || site.line > lines.length) return undefined;
  const position = lines[site.line - 1]! + site.column - 1;
  if (position >= source.end) return undefined;
  let found: TS.CallExpression | undefined;
  const visit = (node: TS.Node): void => {
    if (position < node.getStart(source) || position >= node.end) return;
    if (ts.isCallExpression(node) && position < node.arguments.pos) found = node;
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/** The function a `flow(...)`/`task(...)` call wraps: its last argument, or the declaration an identifier names. */
export function wrappedFunction(
  { ts, source }: ParsedModule,
  call: TS.CallExpression,
): TS.SignatureDeclaration | undefined {
  const arg = call.arguments[call.arguments.length - 1];
  if (arg === undefined) return undefined;
  if (ts.isArrowFunction(arg) || ts.isFunctionExpression(arg)) return arg;
  if (!ts.isIdentifier(arg)) return undefined;
  for (const statement of source.statements) {
    if (ts.isFunctionDeclaration(statement) && statement.name?.text === arg.text) return statement;
    if (!ts.isVariableStatement(statement)) continue;
    for (const decl of statement.declarationList.declarations) {
      const init = decl.initializer;
      if (
        ts.isIdentifier(decl.name) &&
        decl.name.text === arg.text &&
        init &&
        (ts.isArrowFunction(init) || ts.isFunctionExpression(init))
      )
        return init;
    }
  }
  return undefined;
}
