// Whether a module is being loaded as a run's entrypoint (then its top-level `serve()`/`deploy()` calls do nothing, so
// users need no main-guard), and which flows were defined during that load. Kept on `globalThis` under registered
// symbols so two copies of the package in one process (built and source) agree. Loading itself is entrypoint.ts.

import type { DeployableFlow } from "./runner-deployment.js";

const LOADING = Symbol.for("prefect-ts.loading-entrypoint");
const MAIN_REACHED = Symbol.for("prefect-ts.entrypoint-main-reached");
const DEFINED = Symbol.for("prefect-ts.flows-defined-while-loading");
/** The key under which a flow handle carries its {@link EntrypointFlow} (non-enumerable; set by `flow()`). */
export const ENTRYPOINT_FLOW = Symbol.for("prefect-ts.entrypoint-flow");

/** What the executor needs of a flow handle it loaded: its name, how its parameters map, and how to run a given run. */
export interface EntrypointFlow {
  readonly name: string;
  /** The function's name (as written), for lookup by export name. */
  readonly functionName: string;
  /** True when the flow takes one zod-validated parameters object. */
  readonly schemaFlow: boolean;
  /** The function's parameter names in order (a destructured one is its position as a string). */
  readonly parameterNames: readonly string[];
  /** Runs the flow against an existing flow run; resolves to its final state. */
  runExisting(flowRun: unknown, args: readonly unknown[]): Promise<{ readonly state: unknown }>;
  /** What a deployment of it needs (`prefect-ts deploy` builds one from a loaded module). */
  readonly deployable: DeployableFlow;
}

type Registry = { [LOADING]?: number; [DEFINED]?: EntrypointFlow[]; [MAIN_REACHED]?: () => void };
const registry = globalThis as unknown as Registry;

/**
 * True while a module is being imported as a run's entrypoint (`prefect-ts flow-run execute`, a worker's child, the
 * CLI reading a flow). `serve()` and `deploy()` return at once then.
 */
export function isLoadingEntrypoint(): boolean {
  return (registry[LOADING] ?? 0) > 0;
}

/** What {@link whileLoadingEntrypoint} resolves to: the module's value, or `halted` when it reached its main part. */
export type EntrypointLoad<T> = { halted: false; value: T } | { halted: true };

/**
 * Runs `load` (typically an `import()` of the entrypoint) with {@link isLoadingEntrypoint} true, and restores the flag
 * afterwards. When the module calls `serve()` or `deploy()` (see {@link haltAtMain}), that call never returns and this
 * resolves at once with `halted`: the rest of the module is its "main" part, which a run must not execute (it would
 * serve, deploy or trigger runs from inside a run). The flows defined before that point are what the run needs.
 */
export async function whileLoadingEntrypoint<T>(load: () => Promise<T>): Promise<EntrypointLoad<T>> {
  registry[LOADING] = (registry[LOADING] ?? 0) + 1;
  const previous = registry[MAIN_REACHED];
  let halt!: () => void;
  const halted = new Promise<{ halted: true }>((resolve) => (halt = () => resolve({ halted: true })));
  registry[MAIN_REACHED] = halt;
  try {
    return await Promise.race([load().then((value) => ({ halted: false as const, value })), halted]);
  } finally {
    registry[MAIN_REACHED] = previous;
    registry[LOADING] = Math.max(0, (registry[LOADING] ?? 1) - 1);
  }
}

/**
 * Called by `serve()`/`deploy()` (and `flow.serve()`/`flow.deploy()`) when {@link isLoadingEntrypoint}: tells the
 * loader the module reached its main part, and never settles, so nothing after the call runs in a run's process.
 */
export function haltAtMain(): Promise<never> {
  registry[MAIN_REACHED]?.();
  return new Promise<never>(() => undefined);
}

/** Runs `load` and returns its result with the flows `flow()` defined meanwhile (in definition order). */
export async function collectDefinedFlows<T>(load: () => Promise<T>): Promise<{ value: T; defined: EntrypointFlow[] }> {
  const previous = registry[DEFINED];
  const defined: EntrypointFlow[] = [];
  registry[DEFINED] = defined;
  try {
    return { value: await load(), defined };
  } finally {
    registry[DEFINED] = previous;
  }
}

/** Called by `flow()` for each flow it defines: remembered only while {@link collectDefinedFlows} runs. */
export function recordDefinedFlow(flow: EntrypointFlow): void {
  registry[DEFINED]?.push(flow);
}

/** The executor hooks of a value when it is a flow handle (of any copy of the package), else undefined. */
export function entrypointFlowOf(value: unknown): EntrypointFlow | undefined {
  if (typeof value !== "function") return undefined;
  const entry = (value as unknown as Record<symbol, unknown>)[ENTRYPOINT_FLOW];
  return typeof entry === "object" && entry !== null && typeof (entry as EntrypointFlow).runExisting === "function"
    ? (entry as EntrypointFlow)
    : undefined;
}
