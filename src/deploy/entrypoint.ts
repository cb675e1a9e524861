// Loading a flow from a deployment's entrypoint (`path/to/file.ts:exportName`, relative to the deployment's `path`):
// TypeScript through tsx, the module imported in entrypoint mode (its top-level serve()/deploy() do nothing).
// Finding an entrypoint from a call site is entrypoint-site.ts; the mode flag is entrypoint-mode.ts.
import { existsSync, realpathSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { kebabCase } from "../engine/index.js";
import { EntrypointError, PrefectError } from "../errors.js";
import { RUNNING_FROM_SOURCE } from "../settings/index.js";
import {
  collectDefinedFlows,
  entrypointFlowOf,
  whileLoadingEntrypoint,
  type EntrypointFlow,
} from "./entrypoint-mode.js";

/** An entrypoint split into its file and its export name. */
export interface ParsedEntrypoint {
  /** As written, relative to the deployment's `path` (or absolute). */
  readonly file: string;
  readonly exportName: string;
}

/** Options of {@link loadFlowFromEntrypoint}. */
export interface LoadFlowOptions {
  /** The directory a relative file resolves against (the deployment's `path`). @default process.cwd() */
  baseDir?: string;
  /**
   * The flow's name when it can be known (a run's flow), read only when needed: to find the flow among the module's
   * flows when the export cannot be read (the module halted at its `serve()`/`deploy()` call).
   */
  flowName?: () => Promise<string | undefined>;
}

const TYPESCRIPT = /\.(ts|mts|cts|tsx)$/;
const LOADABLE = /\.(ts|mts|cts|tsx|js|mjs|cjs)$/;
const EXPORT_NAME = /^[A-Za-z_$][\w$-]*$/;
const FORM =
  "expected 'path/to/file.ts:exportName' (the module, a colon, then the name the flow is exported or defined as), e.g. 'flows/etl.ts:etl'";

/**
 * Splits `"flows/etl.ts:etl"` into file and export name (`.ts`, `.mts`, `.js` and `.mjs` modules).
 * @throws EntrypointError naming the entrypoint and the expected form
 */
export function parseEntrypoint(entrypoint: string): ParsedEntrypoint {
  const colon = entrypoint.lastIndexOf(":");
  const file = entrypoint.slice(0, Math.max(0, colon)).trim();
  const exportName = colon >= 0 ? entrypoint.slice(colon + 1).trim() : "";
  if (colon < 0)
    throw new EntrypointError(`Invalid entrypoint ${JSON.stringify(entrypoint)}: no export name; ${FORM}.`);
  if (file === "")
    throw new EntrypointError(`Invalid entrypoint ${JSON.stringify(entrypoint)}: no file before the colon; ${FORM}.`);
  if (!EXPORT_NAME.test(exportName)) {
    throw new EntrypointError(
      `Invalid entrypoint ${JSON.stringify(entrypoint)}: ${JSON.stringify(exportName)} is not an export name; ${FORM}.`,
    );
  }
  if (!LOADABLE.test(file)) {
    throw new EntrypointError(
      `Invalid entrypoint ${JSON.stringify(entrypoint)}: ${file} is not a .ts, .mts, .js or .mjs module; ${FORM}.`,
    );
  }
  return { file, exportName };
}

let typeScriptReady: Promise<void> | undefined;
/** What flow files import: this package by its own name (resolved through the package's self-reference). */
const PUBLIC_ENTRY = "prefect-ts";

/**
 * Lets `import()` load TypeScript: tsx's ESM hooks, registered once per process (the biggest part of a child's
 * start-up; a warm child can call it before it knows its run). Not needed, and skipped, when this code itself runs
 * as TypeScript (from source under tsx or vitest, which already load `.ts`).
 */
export function prepareTypeScript(): Promise<void> {
  if (RUNNING_FROM_SOURCE) return Promise.resolve();
  try {
    realpathSync.native("."); // process.cwd() is cached; getcwd(3) says whether the directory is still there
  } catch {
    // Checked before tsx loads: esbuild reads the directory as it loads, and Node's loader thread cannot start in a
    // deleted one (tsx's register() would wait for it forever).
    return Promise.reject(
      new PrefectError(
        "This process's working directory no longer exists (it was deleted), so TypeScript flows cannot be loaded. Start it from a directory that exists.",
      ),
    );
  }
  // Once tsx's hooks are registered, every module load and resolution goes through its loader thread (about 1 ms
  // each): the package's public entry, which every flow file imports by the package's name, is loaded before (by that
  // name: a runtime preload, not a dependency of this module), so only the user's own modules pay for the hooks.
  typeScriptReady ??= Promise.all([import("tsx/esm/api"), import(PUBLIC_ENTRY)]).then(([{ register }]) => {
    register();
  });
  return typeScriptReady;
}

interface LoadedModule {
  /** Its exports; empty when it halted at a `serve()`/`deploy()` call (they cannot be read before it finishes). */
  readonly namespace: Record<string, unknown>;
  readonly halted: boolean;
  /** The flows its evaluation defined. */
  readonly defined: EntrypointFlow[];
}

/**
 * Each module loaded so far, by URL. A module evaluates once per process: a second `import()` of one that halted
 * would wait forever on its suspended evaluation, and would define no flows again, so the first load is reused.
 */
const loadedModules = new Map<string, Promise<LoadedModule>>();

/** Imports the module in entrypoint mode (once per process); resolves to what the load found. */
function importEntrypoint(url: string): Promise<LoadedModule> {
  let loading = loadedModules.get(url);
  if (loading === undefined) {
    loading = collectDefinedFlows(() =>
      whileLoadingEntrypoint(() => import(url) as Promise<Record<string, unknown>>),
    ).then(({ value, defined }) => ({
      namespace: value.halted ? {} : value.value,
      halted: value.halted,
      defined,
    }));
    loadedModules.set(url, loading);
    // A failed import may succeed once the file is fixed (Node does not cache a module that failed to link).
    loading.catch(() => loadedModules.delete(url));
  }
  return loading;
}

/**
 * The flow of a halted module: the one named as the run's flow or as the export name in kebab case, else its only
 * flow. The run's flow name is read only when the module has several flows to choose from.
 */
async function haltedFlow(
  defined: readonly EntrypointFlow[],
  exportName: string,
  flowName: LoadFlowOptions["flowName"],
): Promise<EntrypointFlow | undefined> {
  const name = defined.length > 1 ? await flowName?.() : undefined;
  return (
    defined.find((f) => (name !== undefined && f.name === name) || f.name === kebabCase(exportName)) ??
    (defined.length === 1 ? defined[0] : undefined)
  );
}

/**
 * Imports the entrypoint's module in entrypoint mode and returns its flow: the export of that name, else a flow
 * defined during the import whose name or function name is the export name.
 * @throws EntrypointError when the file is missing, fails to load, or holds no such flow (listing the flows it has)
 * @example const flow = await loadFlowFromEntrypoint("flows/etl.ts:etl", { baseDir: deployment.path })
 */
export async function loadFlowFromEntrypoint(
  entrypoint: string,
  options: LoadFlowOptions = {},
): Promise<EntrypointFlow> {
  const { file, exportName } = parseEntrypoint(entrypoint);
  const base = path.resolve(options.baseDir ?? process.cwd());
  const absolute = path.resolve(base, file);
  if (!existsSync(absolute)) {
    throw new EntrypointError(
      `Cannot load entrypoint '${entrypoint}': ${absolute} does not exist (resolved against ${base}). Check the deployment's path and entrypoint, or run from the project directory.`,
    );
  }
  if (TYPESCRIPT.test(absolute)) await prepareTypeScript();
  let loaded: LoadedModule;
  try {
    loaded = await importEntrypoint(pathToFileURL(absolute).href);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new EntrypointError(`Cannot load entrypoint '${entrypoint}': importing ${file} failed: ${reason}`, {
      cause: error,
    });
  }
  const exported = loaded.namespace[exportName];
  const flow = entrypointFlowOf(exported);
  if (flow) return flow;
  // A module halted at its serve()/deploy() call has no readable exports: find the flow by its name instead.
  const defined =
    loaded.defined.find((f) => f.name === exportName || f.functionName === exportName) ??
    (loaded.halted ? await haltedFlow(loaded.defined, exportName, options.flowName) : undefined);
  if (defined) return defined;
  const exportedFlows = Object.entries(loaded.namespace).flatMap(([k, v]) => {
    const f = entrypointFlowOf(v);
    return f ? [[k, f] as const] : [];
  });
  // Export names, then the flows defined but not exported (by flow name), each flow once.
  const names = [
    ...exportedFlows.map(([k]) => k),
    ...loaded.defined.filter((f) => !exportedFlows.some(([, e]) => e === f)).map((f) => f.name),
  ];
  const what =
    exported === undefined
      ? `has no flow '${exportName}'`
      : `exports '${exportName}' but it is not a flow (wrap the function with flow())`;
  const has = names.length === 0 ? "it defines no flows" : `its flows: ${names.join(", ")}`;
  throw new EntrypointError(
    `Cannot load entrypoint '${entrypoint}': ${file} ${what} (${has}). Export the flow under that name or fix the entrypoint.`,
  );
}
