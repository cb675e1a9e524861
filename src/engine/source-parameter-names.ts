// The parameter names the user wrote, when the code that runs has others: esbuild (tsx) renames a parameter that
// shadows a top-level name of its module (`n` -> `n2`), and its source map lists the original names it renamed. Only
// then is the module's own text parsed (TypeScript's parser, loaded on that first need) at the flow's or task's site.
import { createRequire } from "node:module";
import type TS from "typescript";
import { callAtSite, parseModule, wrappedFunction } from "./call-at-site.js";
import type { DefinitionSite } from "./definition-site.js";
import { parseParameterSignature, type ParameterSignature } from "./parameters.js";

/** True when `name` is one of `renamed` with a number appended (esbuild's renaming). */
function looksRenamed(name: string, renamed: ReadonlySet<string>): boolean {
  for (let end = name.length - 1; end > 0 && /\d/.test(name[end]!); end--)
    if (renamed.has(name.slice(0, end))) return true;
  return false;
}

let typescript: typeof TS | undefined;

/** The parameters of the function wrapped at `site`, read from its module's text; null when it cannot be found. */
function writtenSignature(site: DefinitionSite): ParameterSignature | null {
  typescript ??= createRequire(import.meta.url)("typescript") as typeof TS;
  const ts = typescript;
  const module = parseModule(ts, site.file);
  const call = callAtSite(module, site);
  const fn = call === undefined ? undefined : wrappedFunction(module, call);
  if (fn === undefined) return null;
  // A `this` parameter is a type annotation only: the code that runs has no such parameter.
  const params = fn.parameters.filter((p) => !(ts.isIdentifier(p.name) && p.name.text === "this"));
  const names: string[] = [];
  let rest: string | null = null;
  params.forEach((param, index) => {
    const name = ts.isIdentifier(param.name) ? param.name.text : String(index);
    if (param.dotDotDotToken) rest = name;
    else names.push(name);
  });
  return { names, rest };
}

function sameShape(a: ParameterSignature, b: ParameterSignature): boolean {
  const positional = (name: string): boolean => /^\d+$/.test(name);
  return (
    a.names.length === b.names.length &&
    (a.rest === null) === (b.rest === null) &&
    a.names.every(
      (name, i) => positional(name) === positional(b.names[i]!) && (!positional(name) || name === b.names[i]),
    )
  );
}

/**
 * The parameter signature of `fn` with the names as written in its source: those of the code that runs (acorn, from
 * `fn.toString()`), unless the module's source map shows the transpiler renamed some of them; then the names at the
 * flow's or task's definition site in the module's text (when that function has the same shape).
 */
export function resolveParameterSignature(
  fn: (...args: never[]) => unknown,
  site: (() => DefinitionSite) | undefined,
): ParameterSignature {
  const running = parseParameterSignature(fn);
  if (site === undefined) return running;
  const names = running.rest === null ? running.names : [...running.names, running.rest];
  const where = site();
  if (!where.mapped || where.renamed.size === 0 || !names.some((name) => looksRenamed(name, where.renamed)))
    return running;
  try {
    const written = writtenSignature(where);
    return written !== null && sameShape(written, running) ? written : running;
  } catch {
    // An unreadable module (deleted since it loaded, say): the running names are the best there are.
    return running;
  }
}
