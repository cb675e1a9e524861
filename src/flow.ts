// `flow()`: turns a function into a Prefect flow that stays callable with the same arguments (each call is a
// tracked flow run) and gains `.with()`, `.callWithState()`, `.toDeployment()`, `.serve()` and `.deploy()`. The running itself
// lives in src/engine/flow-engine.ts, deployments in src/deploy/, the serving loop in src/worker/.
import type { z } from "zod";
import type { FlowRun, State } from "./client/index.js";
import { CancelledRunError, ConfigError, CrashedRunError, FailedRunError } from "./errors.js";
import {
  captureDefinitionSite,
  checkName,
  defaultName,
  importFlowEngine,
  makeFlowDefinition,
  validateFlowOptions,
  type DefinitionSite,
  type FlowDefinition,
  type FlowOptions,
  type FlowOutcome,
  type RunFlowOptions,
} from "./engine/index.js";
import {
  deploy,
  ENTRYPOINT_FLOW,
  haltAtMain,
  isLoadingEntrypoint,
  recordDefinedFlow,
  RunnerDeployment,
  type DeployableFlow,
  type DeployedDeployment,
  type DeploymentOptions,
  type DeployOptions,
  type EntrypointFlow,
} from "./deploy/index.js";
import type { ServeOptions } from "./worker/index.js";

/** A flow: call it like the function (returns a Promise of its result), plus methods. */
export interface FlowHandle<Args extends readonly unknown[], R, Fn, P = Record<string, unknown>> {
  /**
   * Runs the flow as a tracked flow run and resolves to the function's result.
   * @throws FailedRunError (the user's error as `cause`), CrashedRunError or CancelledRunError
   */
  (...args: Args): Promise<R>;
  /** The flow's name. */
  readonly name: string;
  /** The options the flow was defined with. */
  readonly options: Readonly<FlowOptions<P>>;
  /** The wrapped function. */
  readonly fn: Fn;
  /** A copy of the flow with some options replaced (Prefect's `with_options`). */
  with(options: FlowOptions<P>): FlowHandle<Args, R, Fn, P>;
  /** Runs the flow and resolves to its final State instead of throwing (Prefect's `return_state=True`). */
  callWithState(...args: Args): Promise<State>;
  /**
   * Describes a deployment of this flow (Prefect's `to_deployment`), to pass to `serve()` or `deploy()`.
   * Nothing is written until then. @throws ConfigError for a missing or invalid name
   */
  toDeployment(
    options: DeploymentOptions<DeploymentParameters<Args, P>>,
  ): RunnerDeployment<DeploymentParameters<Args, P>>;
  /**
   * Registers a deployment of this flow and runs its scheduled and triggered runs in child processes until
   * SIGINT/SIGTERM (Prefect's `flow.serve()`). When this module is loaded as a run's entrypoint it does nothing and
   * never returns (the code after it is the module's main part, which a run does not execute).
   * @example await etl.serve({ name: "nightly", cron: "0 2 * * *" });
   */
  serve(options: FlowServeOptions<DeploymentParameters<Args, P>>): Promise<void>;
  /**
   * Registers a deployment of this flow whose runs the workers of a work pool execute (Prefect's `flow.deploy()`),
   * printing how to start a worker and run it; returns a handle that triggers runs type-checked. When this module
   * is loaded as a run's entrypoint it does nothing and never returns (the code after it is the module's main part).
   * @throws ConfigError (no or unknown work pool, listing the pools), ScheduleError, before anything is written
   * @example const handle = await getRepoInfo.deploy({ name: "my-deployment", workPoolName: "my-pool" });
   */
  deploy(
    options: FlowDeployOptions<DeploymentParameters<Args, P>>,
  ): Promise<DeployedDeployment<FlowHandle<Args, R, Fn, P>>>;
}

/** Options of `flow.deploy()`: the deployment's (with its work pool) and `deploy()`'s. */
export interface FlowDeployOptions<P = Record<string, unknown>>
  extends DeploymentOptions<P>, Omit<DeployOptions, "workPoolName"> {
  /** The work pool whose workers run the deployment. */
  workPoolName: string;
}

/** The named parameters of a flow's deployment: a zod flow's input object, else a plain name -> value map. */
export type DeploymentParameters<Args extends readonly unknown[], P> = string extends keyof P
  ? Record<string, unknown>
  : NonNullable<Args[0]>;

/** Options of `flow.serve()`: the deployment's and the runner's. */
export interface FlowServeOptions<P = Record<string, unknown>> extends DeploymentOptions<P>, ServeOptions {}

/** A flow over a plain TypeScript function `F`: parameters (optional and defaulted ones too) and awaited return kept. */
export type Flow<F extends (...args: never[]) => unknown> = FlowHandle<Parameters<F>, Awaited<ReturnType<F>>, F>;

/** The arguments of a zod-declared flow: the schema's input, optional when every field is. */
export type SchemaFlowArgs<S extends z.ZodType> =
  Record<string, never> extends z.input<S> ? [params?: z.input<S>] : [params: z.input<S>];

/** A flow whose parameters are a zod schema `S`: callers pass `z.input<S>`, the function receives `z.output<S>`. */
export type SchemaFlow<S extends z.ZodType, R> = FlowHandle<
  SchemaFlowArgs<S>,
  Awaited<R>,
  (params: z.output<S>) => R,
  z.output<S>
>;

/** Options of a zod-declared flow. */
export interface SchemaFlowOptions<S extends z.ZodType> extends FlowOptions<z.output<S>> {
  /** The schema of the flow's single parameters object. */
  parameters: S;
}

type FlowEngine = Awaited<ReturnType<typeof importFlowEngine>>;
let engine: FlowEngine | undefined;

/**
 * Runs a flow call through the engine, loaded on the first call: the engine's writers pull in the client
 * (zod, ky), which importing "prefect-ts" and defining flows must not load.
 */
async function runFlow(def: FlowDefinition, args: readonly unknown[], options?: RunFlowOptions): Promise<FlowOutcome> {
  engine ??= await importFlowEngine();
  return engine.runFlow(def, args, options);
}

function runError(def: FlowDefinition, out: FlowOutcome): Error {
  const state = out.state;
  const where = `Flow run '${out.flowRun.name}' of flow '${def.name}'`;
  const detail = state.message ? `: ${state.message}` : "";
  const options = out.error !== undefined ? { cause: out.error } : undefined;
  if (state.type === "CANCELLED") return new CancelledRunError(`${where} was cancelled${detail}`, state, options);
  if (state.type === "CRASHED") return new CrashedRunError(`${where} crashed${detail}`, state, options);
  return new FailedRunError(`${where} finished in state ${state.name ?? state.type}${detail}`, state, options);
}

function build(
  def: FlowDefinition,
  definedAt: (() => DefinitionSite) | undefined,
): FlowHandle<unknown[], unknown, unknown> {
  const call = async (...args: unknown[]): Promise<unknown> => {
    const out = await runFlow(def, args);
    if (out.ok) return out.value;
    throw runError(def, out);
  };
  const callWithState = async (...args: unknown[]): Promise<State> => {
    const out = await runFlow(def, args);
    // Like Prefect's in-memory state, an unpersisted Completed state carries the value itself.
    return out.ok && (out.state.data === null || out.state.data === undefined)
      ? { ...out.state, data: out.value }
      : out.state;
  };
  const withOptions = (options: FlowOptions): FlowHandle<unknown[], unknown, unknown> =>
    defineFlow(
      { ...def.options, ...(def.schema ? { parameters: def.schema } : {}), ...options },
      def.fn,
      options.name === undefined ? def.name : undefined,
      def.site,
    );
  const deployable: DeployableFlow = {
    name: def.name,
    fn: def.fn,
    parametersSchema: def.schema,
    description: def.options.description,
    version: def.options.version,
    ...(definedAt ? { definedAt } : {}),
    handle: () => handle,
  };
  const toDeployment = (options: DeploymentOptions): RunnerDeployment => new RunnerDeployment(deployable, options);
  const serveFlow = async (options: DeploymentOptions & ServeOptions): Promise<void> => {
    // In a run's child process this module is the entrypoint being loaded: nothing to serve, nor to run after it.
    if (isLoadingEntrypoint()) return haltAtMain();
    // Built before the first await, while the caller's frame is on the stack (its file is the entrypoint).
    const deployment = toDeployment(options);
    const { serve } = await import("./worker/serve.js");
    // serve() reads only the runner's options of the object; the deployment's were taken above.
    await serve(deployment, options);
  };
  const deployFlow = async (options: DeploymentOptions & DeployOptions): Promise<DeployedDeployment> => {
    // In a run's child process this module is the entrypoint being loaded: nothing to deploy, nor to run after it.
    if (isLoadingEntrypoint()) return haltAtMain();
    // Built before the first await, while the caller's frame is on the stack (its file is the entrypoint).
    const deployment = toDeployment(options);
    const [deployed] = await deploy(deployment, options);
    return deployed as DeployedDeployment;
  };
  Object.defineProperties(call, {
    name: { value: def.name, enumerable: true },
    options: { value: Object.freeze({ ...def.options }), enumerable: true },
    fn: { value: def.fn, enumerable: true },
    with: { value: withOptions },
    callWithState: { value: callWithState },
    toDeployment: { value: toDeployment },
    serve: { value: serveFlow },
    deploy: { value: deployFlow },
  });
  const entry: EntrypointFlow = {
    name: def.name,
    functionName: def.fn.name,
    schemaFlow: def.schema !== undefined,
    get parameterNames() {
      return def.signature.names;
    },
    runExisting: (flowRun, args) => runFlow(def, args, { flowRun: flowRun as FlowRun }),
    deployable,
  };
  Object.defineProperty(call, ENTRYPOINT_FLOW, { value: entry });
  recordDefinedFlow(entry);
  const handle = call as unknown as FlowHandle<unknown[], unknown, unknown>;
  def.subject = handle;
  return handle;
}

function defineFlow(
  options: object,
  fn: unknown,
  inheritedName?: string,
  fnSite?: () => DefinitionSite,
): FlowHandle<unknown[], unknown, unknown> {
  if (typeof fn !== "function") {
    throw new ConfigError(`flow() needs a function: flow(options, fn) or flow(fn), got ${typeof fn}`, "fn");
  }
  if (options === null || typeof options !== "object") {
    throw new ConfigError(`flow() options must be an object, got ${String(options)}`, "options");
  }
  validateFlowOptions(options);
  const o = options as FlowOptions & { parameters?: z.ZodType };
  const name =
    o.name !== undefined ? checkName("flow", o.name) : (inheritedName ?? defaultName("flow", fn as () => unknown));
  const { parameters: schema, ...rest } = o;
  // The user's flow() or .with() call: the module that defines this handle (its deployments' entrypoint). The
  // function's parameter names as written are read at the flow() call, which a .with() copy inherits.
  const definedAt = captureDefinitionSite();
  return build(
    makeFlowDefinition(
      name,
      fn as (...args: never[]) => unknown,
      rest as FlowOptions<Record<string, unknown>>,
      schema,
      fnSite ?? definedAt,
    ),
    definedAt,
  );
}

/**
 * Makes a flow of a function. Each call creates a flow run, reports its states (Pending, Running, Completed or
 * Failed) to the API, and resolves to the function's result.
 * @throws ConfigError at definition for an invalid option, naming it and the fix
 * @example
 * const etl = flow({ name: "etl", retries: 2 }, async (date: string) => { ... });
 * await etl("2024-01-01");
 */
export function flow<F extends (...args: never[]) => unknown>(fn: F): Flow<F>;
export function flow<S extends z.ZodType, R>(
  options: SchemaFlowOptions<S>,
  fn: (params: z.output<S>) => R,
): SchemaFlow<S, R>;
export function flow<F extends (...args: never[]) => unknown>(options: FlowOptions, fn: F): Flow<F>;
export function flow(optionsOrFn: object, maybeFn?: unknown): unknown {
  if (typeof optionsOrFn === "function") return defineFlow({}, optionsOrFn);
  return defineFlow(optionsOrFn, maybeFn);
}
