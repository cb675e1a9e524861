// Loading a file of DeploymentSpecs (in entrypoint mode, so its top-level serve()/deploy() calls halt) and turning
// each spec into a RunnerDeployment: its flow from `flow` or from `flowLocation` (+ `flowName`), on the
// `default-agent-pool` unless the spec names a pool. The spec itself is deployment-spec.ts.
import { existsSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { EntrypointError } from "../errors.js";
import { declaredDeploymentSpecs, scheduleSpec, type DeploymentSpec } from "./deployment-spec.js";
import { prepareTypeScript } from "./entrypoint.js";
import {
  collectDefinedFlows,
  entrypointFlowOf,
  whileLoadingEntrypoint,
  type EntrypointFlow,
} from "./entrypoint-mode.js";
import { RunnerDeployment } from "./runner-deployment.js";

/** The pool specs' deployments go to unless they name one. */
import { DEFAULT_AGENT_POOL_NAME as DEFAULT_SPEC_POOL } from "../schemas/plain.js";
export { DEFAULT_SPEC_POOL };

const TYPESCRIPT = /\.(ts|mts|cts|tsx)$/;

interface ImportedModule {
  readonly exports: Record<string, unknown>;
  readonly defined: EntrypointFlow[];
}

/** Imports `file` in entrypoint mode; its exports (none when it halted at serve()/deploy()) and the flows it defined. */
async function importModule(file: string, what: string): Promise<ImportedModule> {
  if (!existsSync(file))
    throw new EntrypointError(
      `Cannot load ${what}: ${file} does not exist. Check the path (relative to ${process.cwd()}).`,
    );
  if (TYPESCRIPT.test(file)) await prepareTypeScript();
  try {
    const { value, defined } = await collectDefinedFlows(() =>
      whileLoadingEntrypoint(() => import(pathToFileURL(file).href) as Promise<Record<string, unknown>>),
    );
    return { exports: value.halted ? {} : value.value, defined };
  } catch (error) {
    throw new EntrypointError(
      `Cannot load ${what}: importing ${file} failed: ${error instanceof Error ? error.message : String(error)}`,
      { cause: error },
    );
  }
}

/**
 * Imports the spec file and returns the specs it declared (assigned to a variable or not), in declaration order.
 * @throws EntrypointError when the file is missing, fails to import, or declares no DeploymentSpec
 */
export async function loadDeploymentSpecs(file: string): Promise<DeploymentSpec[]> {
  const absolute = path.resolve(file);
  const before = declaredDeploymentSpecs().length;
  await importModule(absolute, `deployment specs from '${file}'`);
  const specs = declaredDeploymentSpecs().slice(before);
  if (specs.length === 0) {
    throw new EntrypointError(
      `${file} declares no deployment specs. Add one at its top level: new DeploymentSpec({ flowLocation: "./my_flow.ts", name: "my-deployment" }).`,
    );
  }
  return specs;
}

/** The flow of a spec's `flowLocation`: exported or defined there, by `flowName` (flow name or export name), else the only one. */
async function flowAtLocation(spec: DeploymentSpec, baseDir: string): Promise<EntrypointFlow> {
  const { flowLocation = "", flowName } = spec.options;
  const file = path.resolve(baseDir, flowLocation);
  const loaded = await importModule(
    file,
    `the flow of deployment spec '${spec.name}' from flowLocation '${flowLocation}'`,
  );
  const flows = new Map<EntrypointFlow, string>();
  for (const [key, value] of Object.entries(loaded.exports)) {
    const f = entrypointFlowOf(value);
    if (f && !flows.has(f)) flows.set(f, key);
  }
  for (const f of loaded.defined) if (!flows.has(f)) flows.set(f, f.functionName);
  const all = [...flows];
  const match =
    flowName === undefined
      ? all.length === 1
        ? all[0]
        : undefined
      : all.find(([f, key]) => f.name === flowName || key === flowName || f.functionName === flowName);
  if (match) return match[0];
  const names = all.map(([f]) => `'${f.name}'`).join(", ");
  throw new EntrypointError(
    flowName === undefined
      ? `Deployment spec '${spec.name}': ${flowLocation} ${all.length === 0 ? "defines no flows" : `has several flows (${names}); set flowName to one of them`}.`
      : `Deployment spec '${spec.name}': ${flowLocation} has no flow '${flowName}' (${all.length === 0 ? "it defines no flows" : `its flows: ${names}`}).`,
  );
}

/**
 * The deployment a spec describes: its flow, parameters, tags, description and schedule, on the spec's work pool or
 * the {@link DEFAULT_SPEC_POOL}, its entrypoint the module that defines the flow (runs start in `cwd`).
 * @param baseDir the directory a relative `flowLocation` resolves against (the spec file's)
 * @throws EntrypointError when the flow cannot be found
 */
export async function runnerDeploymentOf(
  spec: DeploymentSpec,
  options: { baseDir: string; cwd?: string },
): Promise<RunnerDeployment> {
  const o = spec.options;
  const flow = o.flow !== undefined ? entrypointFlowOf(o.flow) : await flowAtLocation(spec, options.baseDir);
  if (flow === undefined)
    throw new EntrypointError(`Deployment spec '${spec.name}': flow is not a flow; pass what flow() returned.`);
  return new RunnerDeployment(flow.deployable, {
    name: o.name,
    path: options.cwd ?? process.cwd(),
    workPoolName: o.workPoolName ?? DEFAULT_SPEC_POOL,
    ...(o.workQueueName !== undefined ? { workQueueName: o.workQueueName } : {}),
    ...(o.parameters !== undefined ? { parameters: o.parameters } : {}),
    ...(o.tags !== undefined ? { tags: o.tags } : {}),
    ...(o.description !== undefined ? { description: o.description } : {}),
    ...(o.schedule !== undefined ? { schedules: [{ ...scheduleSpec(o.schedule), slug: "spec" }] } : {}),
  });
}
