// Where a flow lives, for its deployments' entrypoint: the module that *defines* it (the user's `flow()` call,
// captured when the flow was made) and the name that module exports it under, wherever `.serve()`/`.deploy()` is
// called from, as Prefect uses the flow function's own module. Loading a flow from an entrypoint is entrypoint.ts.
import path from "node:path";
import { pathToFileURL } from "node:url";
import type TS from "typescript";
import { callAtSite, parseModule, userCallerFile, type DefinitionSite, type ParsedModule } from "../engine/index.js";
import { EntrypointError } from "../errors.js";

const TYPESCRIPT = /\.[cm]?tsx?$/;

/** What the entrypoint search needs of a flow. */
export interface FlowIdentity {
  readonly name: string;
  /** The flow's function (its `name` matches a binding when nothing better is known). */
  readonly fn: { readonly name: string };
  /** Where `flow()` made this flow, resolved on first use. */
  readonly definedAt?: (() => DefinitionSite) | undefined;
  /** The flow handle, to find the export that holds it in its module. */
  readonly handle?: (() => unknown) | undefined;
}

/** A deployment's entrypoint and the directory it is relative to (the deployment's `path`). */
export interface EntrypointLocation {
  /** `relative/file.ts:exportName` (posix separators; absolute when the file is outside `path`). */
  entrypoint: string;
  /** The working directory runs start in: the process's cwd at deployment time. */
  path: string;
}

/** The first file on the stack outside this package and Node's internals: the user's module calling us. */
export function callerFile(): string | undefined {
  return userCallerFile();
}

/** A top-level binding of a module: its local name and the name it is exported under (undefined: not exported). */
interface Binding {
  readonly local: string;
  readonly exportedAs: string | undefined;
}

/** The names each local is exported under by `export { a, b as c }` and `export default a`. */
function exportLists({ ts, source }: ParsedModule): Map<string, string> {
  const exported = new Map<string, string>();
  for (const stmt of source.statements) {
    if (
      ts.isExportDeclaration(stmt) &&
      !stmt.moduleSpecifier &&
      !stmt.isTypeOnly &&
      stmt.exportClause &&
      ts.isNamedExports(stmt.exportClause)
    ) {
      for (const el of stmt.exportClause.elements)
        if (!exported.has((el.propertyName ?? el.name).text))
          exported.set((el.propertyName ?? el.name).text, el.name.text);
    }
    if (
      ts.isExportAssignment(stmt) &&
      !stmt.isExportEquals &&
      ts.isIdentifier(stmt.expression) &&
      !exported.has(stmt.expression.text)
    ) {
      exported.set(stmt.expression.text, "default");
    }
  }
  return exported;
}

function isExportedStatement(ts: typeof TS, stmt: TS.VariableStatement): boolean {
  return stmt.modifiers?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword) ?? false;
}

/**
 * The top-level binding whose value is the result of `call` (`export const calc = flow(...)`, `const calc =
 * flow(...).with(...)`, `export default flow(...)`), or undefined when the call's value goes elsewhere (a factory's
 * body, an object literal).
 */
function bindingOf(module: ParsedModule, call: TS.CallExpression): Binding | undefined {
  const { ts, source } = module;
  let node: TS.Node = call;
  for (;;) {
    const parent = node.parent;
    const passesThrough =
      ts.isParenthesizedExpression(parent) ||
      ts.isAsExpression(parent) ||
      ts.isSatisfiesExpression(parent) ||
      ts.isNonNullExpression(parent) ||
      ts.isAwaitExpression(parent) ||
      // `flow(...).with(...)`: the value is the call of a method of this one.
      (ts.isPropertyAccessExpression(parent) &&
        parent.expression === node &&
        ts.isCallExpression(parent.parent) &&
        parent.parent.expression === parent);
    if (passesThrough) {
      node = ts.isPropertyAccessExpression(parent) ? parent.parent : parent;
      continue;
    }
    if (ts.isExportAssignment(parent) && parent.parent === source) return { local: "default", exportedAs: "default" };
    if (!ts.isVariableDeclaration(parent) || parent.initializer !== node || !ts.isIdentifier(parent.name))
      return undefined;
    const statement = parent.parent.parent;
    if (!ts.isVariableStatement(statement) || statement.parent !== source) return undefined;
    const local = parent.name.text;
    return { local, exportedAs: isExportedStatement(ts, statement) ? local : exportLists(module).get(local) };
  }
}

/**
 * The top-level bindings of `flow(...)` calls, with what identifies each statically: the `name` option when it is
 * a string literal, and the function's name (an identifier argument or a named function). For a flow whose
 * definition site is unknown.
 */
function flowBindings(module: ParsedModule): (Binding & { optionName?: string; fnName?: string })[] {
  const { ts, source } = module;
  const out: (Binding & { optionName?: string; fnName?: string })[] = [];
  const visit = (node: TS.Node): void => {
    if (ts.isCallExpression(node)) {
      const callee = node.expression;
      const calleeName = ts.isIdentifier(callee)
        ? callee.text
        : ts.isPropertyAccessExpression(callee)
          ? callee.name.text
          : "";
      const binding = calleeName === "flow" ? bindingOf(module, node) : undefined;
      if (binding) {
        const entry: Binding & { optionName?: string; fnName?: string } = { ...binding };
        const fnArg = node.arguments[node.arguments.length - 1];
        if (fnArg && ts.isIdentifier(fnArg)) entry.fnName = fnArg.text;
        else if (fnArg && ts.isFunctionExpression(fnArg) && fnArg.name) entry.fnName = fnArg.name.text;
        const options = node.arguments.length > 1 ? node.arguments[0] : undefined;
        if (options && ts.isObjectLiteralExpression(options)) {
          for (const prop of options.properties) {
            if (
              ts.isPropertyAssignment(prop) &&
              prop.name.getText(source) === "name" &&
              ts.isStringLiteralLike(prop.initializer)
            )
              entry.optionName = prop.initializer.text;
          }
        }
        out.push(entry);
      }
    }
    // Top-level statements and what they hold: flows made inside functions are not bindings of the module.
    if (!ts.isFunctionLike(node)) ts.forEachChild(node, visit);
  };
  ts.forEachChild(source, visit);
  return out;
}

/** The binding of `flow` by its name option or function name, else the only exported flow of the module. */
function bindingByName(module: ParsedModule, flow: FlowIdentity): Binding | undefined {
  const bindings = flowBindings(module);
  const matches = bindings.filter(
    (b) =>
      b.optionName === flow.name || (b.optionName === undefined && b.fnName !== undefined && b.fnName === flow.fn.name),
  );
  if (matches.length === 1) return matches[0];
  const exported = bindings.filter((b) => b.exportedAs !== undefined);
  return matches.length === 0 && exported.length === 1 ? exported[0] : undefined;
}

/** The name under which the module at `file` exports `handle`, found by importing it (already loaded: same instance). */
async function exportNameByIdentity(file: string, handle: unknown): Promise<string | undefined> {
  const namespace = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
  return Object.keys(namespace).find((key) => namespace[key] === handle);
}

/** `file` as an entrypoint path relative to `base` (posix separators), or absolute when outside it. */
export function entrypointPath(file: string, base: string): string {
  const relative = path.relative(base, file);
  if (relative === "" || relative.startsWith("..") || path.isAbsolute(relative)) return file.split(path.sep).join("/");
  return relative.split(path.sep).join("/");
}

/** Options of {@link findEntrypoint}. */
export interface FindEntrypointOptions {
  /** The module that defines the flow. @default the flow's definition site, else `callerFile` */
  file?: string;
  /** The module that called `.serve()`/`.deploy()`/`.toDeployment()` (it may still be loading: never imported). */
  callerFile?: string;
  /** The directory the entrypoint is relative to. @default process.cwd() */
  cwd?: string;
}

/**
 * The entrypoint of `flow`: the module that defines it (where `flow()` was called) and the name that module exports
 * it under, found in the module's syntax at the definition site, else by importing the module (when it is not the
 * caller's, which is still loading) and matching the flow by identity.
 * @throws EntrypointError when the flow is not exported from its module (naming the export to add), or when no
 *   module can be found (e.g. defined in a REPL): pass `entrypoint` explicitly.
 */
export async function findEntrypoint(
  flow: FlowIdentity,
  options: FindEntrypointOptions = {},
): Promise<EntrypointLocation> {
  const cwd = options.cwd ?? process.cwd();
  const site = options.file === undefined ? flow.definedAt?.() : undefined;
  const file = options.file ?? site?.file ?? options.callerFile ?? callerFile();
  if (file === undefined) {
    throw new EntrypointError(
      `Cannot tell which file defines flow '${flow.name}'. Pass the entrypoint explicitly, e.g. { entrypoint: "flows/etl.ts:etl" }.`,
    );
  }
  // A TypeScript module's position is its own only when a source map mapped it (vitest's transform registers none).
  const trusted =
    site !== undefined && site.file === file && (site.mapped || !TYPESCRIPT.test(site.file)) ? site : undefined;
  let binding: Binding | undefined;
  try {
    const module = parseModule((await import("./typescript.js")).ts, file);
    const call = trusted ? callAtSite(module, trusted) : undefined;
    binding = (call === undefined ? undefined : bindingOf(module, call)) ?? bindingByName(module, flow);
  } catch {
    // Unreadable source (e.g. a bundle): the flow may still be found by identity below.
  }
  let exportName = binding?.exportedAs;
  const handle = flow.handle?.();
  if (exportName === undefined && handle !== undefined && file !== options.callerFile) {
    exportName = await exportNameByIdentity(file, handle).catch(() => undefined);
  }
  if (exportName === undefined) {
    const shown = entrypointPath(file, cwd);
    const local = binding?.local ?? "myFlow";
    throw new EntrypointError(
      `Flow '${flow.name}' is defined in ${shown}${trusted ? ` (line ${trusted.line})` : ""} but not exported from it, so a run's process ` +
        `cannot load it. Export it where it is defined: \`export const ${local} = flow(...)\`${binding?.local ? ` (or add \`export { ${local} };\`)` : ""}.`,
    );
  }
  return { entrypoint: `${entrypointPath(file, cwd)}:${exportName}`, path: cwd };
}
