// Where a flow lives, found from the call site of `.serve()` / `.toDeployment()` / `.deploy()`: the caller's file
// (from the stack) and the name the flow is exported under (read from that file's syntax), as Prefect derives
// `entrypoint = "<file relative to cwd>:<function name>"` from the flow's module.
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { EntrypointError } from "../errors.js";

/** What the entrypoint search needs of a flow: its name and its function (for `fn.name`). */
export interface FlowIdentity {
  readonly name: string;
  readonly fn: { readonly name: string };
}

/** A deployment's entrypoint and the directory it is relative to (the deployment's `path`). */
export interface EntrypointLocation {
  /** `relative/file.ts:exportName` (posix separators; absolute when the file is outside `path`). */
  entrypoint: string;
  /** The working directory runs start in: the process's cwd at deployment time. */
  path: string;
}

/** This package's own source or build folder: frames from it are skipped when looking for the caller. */
const PACKAGE_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

function frameFiles(): string[] {
  const previous = Error.prepareStackTrace;
  const previousLimit = Error.stackTraceLimit;
  try {
    Error.stackTraceLimit = 50;
    Error.prepareStackTrace = (_error, frames: NodeJS.CallSite[]) => frames.map((f) => f.getFileName() ?? "");
    const holder: { stack?: unknown } = {};
    Error.captureStackTrace(holder, frameFiles);
    return holder.stack as string[];
  } finally {
    Error.prepareStackTrace = previous;
    Error.stackTraceLimit = previousLimit;
  }
}

/** The first file on the stack outside this package and Node's internals: the user's module calling us. */
export function callerFile(): string | undefined {
  for (const raw of frameFiles()) {
    if (raw === "" || raw.startsWith("node:") || raw.startsWith("internal/")) continue;
    const file = raw.startsWith("file://") ? fileURLToPath(raw) : raw;
    if (!path.isAbsolute(file) || file.startsWith(PACKAGE_ROOT + path.sep) || file.includes(`${path.sep}node_modules${path.sep}`)) continue;
    return file;
  }
  return undefined;
}

/**
 * The top-level names in `source` bound to `flow(...)` calls, with what identifies each statically: the `name`
 * option when it is a string literal, and the function's name (an identifier argument or a named function).
 */
async function flowBindings(file: string): Promise<{ exportName: string; exported: boolean; optionName?: string; fnName?: string }[]> {
  const { default: ts } = await import("typescript");
  const text = readFileSync(file, "utf8");
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.ES2022, true);
  const exportedLater = new Set<string>();
  for (const stmt of source.statements) {
    if (ts.isExportDeclaration(stmt) && !stmt.moduleSpecifier && stmt.exportClause && ts.isNamedExports(stmt.exportClause)) {
      for (const el of stmt.exportClause.elements) if (el.name.text === (el.propertyName ?? el.name).text) exportedLater.add(el.name.text);
    }
  }
  const out: { exportName: string; exported: boolean; optionName?: string; fnName?: string }[] = [];
  for (const stmt of source.statements) {
    if (!ts.isVariableStatement(stmt)) continue;
    const exported = stmt.modifiers?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword) ?? false;
    for (const decl of stmt.declarationList.declarations) {
      if (!ts.isIdentifier(decl.name) || !decl.initializer) continue;
      let init: import("typescript").Expression = decl.initializer;
      while (ts.isParenthesizedExpression(init) || ts.isAsExpression(init) || ts.isSatisfiesExpression(init)) init = init.expression;
      if (!ts.isCallExpression(init)) continue;
      const callee = init.expression;
      const calleeName = ts.isIdentifier(callee) ? callee.text : ts.isPropertyAccessExpression(callee) ? callee.name.text : "";
      if (calleeName !== "flow") continue;
      const binding: { exportName: string; exported: boolean; optionName?: string; fnName?: string } = {
        exportName: decl.name.text,
        exported: exported || exportedLater.has(decl.name.text),
      };
      const fnArg = init.arguments[init.arguments.length - 1];
      if (fnArg && ts.isIdentifier(fnArg)) binding.fnName = fnArg.text;
      else if (fnArg && (ts.isFunctionExpression(fnArg) || ts.isFunctionDeclaration(fnArg)) && fnArg.name) binding.fnName = fnArg.name.text;
      const options = init.arguments.length > 1 ? init.arguments[0] : undefined;
      if (options && ts.isObjectLiteralExpression(options)) {
        for (const prop of options.properties) {
          if (ts.isPropertyAssignment(prop) && prop.name.getText(source) === "name" && ts.isStringLiteralLike(prop.initializer)) {
            binding.optionName = prop.initializer.text;
          }
        }
      }
      out.push(binding);
    }
  }
  return out;
}

/** `file` as an entrypoint path relative to `base` (posix separators), or absolute when outside it. */
export function entrypointPath(file: string, base: string): string {
  const relative = path.relative(base, file);
  if (relative === "" || relative.startsWith("..") || path.isAbsolute(relative)) return file.split(path.sep).join("/");
  return relative.split(path.sep).join("/");
}

/**
 * The entrypoint of `flow` defined in `file` (default: the calling module): the export bound to it, matched by its
 * `name` option or its function's name; the only exported flow of the file when nothing matches; else the flow's
 * name, which the loader also resolves (it finds flows defined while importing the file).
 * @throws EntrypointError when no caller file can be found (e.g. called from a REPL): pass `entrypoint` explicitly.
 */
export async function findEntrypoint(flow: FlowIdentity, options: { file?: string; cwd?: string } = {}): Promise<EntrypointLocation> {
  const cwd = options.cwd ?? process.cwd();
  const file = options.file ?? callerFile();
  if (file === undefined) {
    throw new EntrypointError(
      `Cannot tell which file defines flow '${flow.name}'. Pass the entrypoint explicitly, e.g. { entrypoint: "flows/etl.ts:etl" }.`,
    );
  }
  let exportName = flow.name;
  try {
    const bindings = await flowBindings(file);
    const exported = bindings.filter((b) => b.exported);
    const matches = exported.filter((b) => b.optionName === flow.name || (b.optionName === undefined && b.fnName !== undefined && b.fnName === flow.fn.name));
    const chosen = matches.length === 1 ? matches[0] : matches.length === 0 && exported.length === 1 ? exported[0] : undefined;
    if (chosen) exportName = chosen.exportName;
  } catch {
    // Unreadable source (e.g. a bundle): the loader resolves the flow by its name.
  }
  return { entrypoint: `${entrypointPath(file, cwd)}:${exportName}`, path: cwd };
}
