// A deployment described in code (Prefect's `RunnerDeployment`): what `flow.toDeployment()` returns and what
// `serve()` / `deploy()` register. Building it checks the name at once and stays light (importing the SDK must not
// load the schedule maths or TypeScript); `apply()` validates the schedules, derives the parameter schema and
// entrypoint, and only then upserts the deployment as Prefect's runner does, so a bad deployment writes nothing.
import path from "node:path";
import type { z } from "zod";
import type { Deployment, DeploymentScheduleInput, PrefectClient } from "../client/index.js";
import { ConfigError, ObjectNotFoundError } from "../errors.js";
import type { EntrypointLocation } from "./entrypoint-site.js";
import type { ParameterSchema } from "./parameter-schema/index.js";
import { userCallerFile, type DefinitionSite } from "../engine/index.js";
import type { ScheduleOptions } from "./schedule-options.js";

/** What a deployment needs to know of its flow (given by `flow.toDeployment()`). */
export interface DeployableFlow {
  readonly name: string;
  readonly fn: (...args: never[]) => unknown;
  /** The zod schema of a flow declared with `parameters`. */
  readonly parametersSchema: z.ZodType | undefined;
  readonly description: string | undefined;
  readonly version: string | undefined;
  /** Where `flow()` made this flow (resolved on first use): the module its deployments' entrypoint names. */
  readonly definedAt?: () => DefinitionSite;
  /** The flow handle, to find the name its module exports it under. */
  readonly handle?: () => unknown;
}

/** Options of `flow.toDeployment()` (and of `flow.serve()`, which adds the runner's options). */
export interface DeploymentOptions<P = Record<string, unknown>> extends ScheduleOptions {
  /** The deployment's name; `"<flow>/<name>"` identifies it. */
  name: string;
  /** Default parameters of its runs (a run's own parameters are merged over them). */
  parameters?: Partial<P>;
  tags?: string[];
  /** @default the flow's description, else its function's JSDoc */
  description?: string;
  /** @default the flow's version */
  version?: string;
  /** Create the deployment with its schedules paused. On redeploy, only changes `paused` when given. */
  paused?: boolean;
  /** Refuse runs whose parameters do not match the schema (409 naming each field). @default true */
  enforceParameterSchema?: boolean;
  /** At most this many runs of the deployment at once. */
  concurrencyLimit?: number;
  /**
   * `relative/file.ts:exportName` to load the flow from. @default the module that defines the flow (where `flow()`
   * was called) and the name it exports the flow under
   */
  entrypoint?: string;
  /** The directory runs start in and the entrypoint is relative to. @default process.cwd() */
  path?: string;
  /** Variables for the worker's job template (work pools). */
  jobVariables?: Record<string, unknown>;
  /** The work pool whose workers run it (`deploy()`); served deployments have none. */
  workPoolName?: string;
  workQueueName?: string;
  /**
   * Steps a run's process carries out before it loads the entrypoint (prefect.yaml's `pull`), e.g.
   * `[{ "prefect_ts.deployments.steps.git_clone": { repository: "https://github.com/org/repo" } }]`.
   */
  pullSteps?: Record<string, unknown>[];
}

/** Options of {@link RunnerDeployment.apply}. */
export interface ApplyOptions {
  /** Where warnings go (e.g. a parameter type left open). @default a line on stderr */
  onWarning?: (message: string) => void;
  /** The work pool, over the deployment's own (`deploy(..., { workPoolName })`, as Prefect's `apply`). */
  workPoolName?: string;
  /** Job variables set over the deployment's own (the `image` that `deploy()` built). */
  jobVariables?: Record<string, unknown>;
  /**
   * The deployment's `path` instead of the project directory: `null` for code that comes in an image (a run then
   * resolves the entrypoint against its working directory, the image's WORKDIR).
   */
  path?: string | null;
}

/**
 * Splits the arguments of `serve(d1, d2, options)` / `deploy(d1, d2, options)`: the deployments (anything with an
 * `apply()` and a `flowName`, as a `RunnerDeployment` of any copy of the package), and the trailing options object.
 */
export function deploymentArgs<D extends object, O extends object>(
  args: readonly (D | O)[],
): { deployments: D[]; options: O | Record<string, never> } {
  const isDeployment = (arg: unknown): arg is D =>
    typeof arg === "object" &&
    arg !== null &&
    typeof (arg as { apply?: unknown }).apply === "function" &&
    "flowName" in arg;
  const last = args[args.length - 1];
  return {
    deployments: args.filter(isDeployment),
    options: last !== undefined && !isDeployment(last) ? (last as O) : {},
  };
}

const NAME = /^[^/%&><]+$/;

/** A deployment built in code: register it with `apply()`, or pass it to `serve()`. */
export class RunnerDeployment<P = Record<string, unknown>> {
  readonly name: string;
  readonly flowName: string;
  readonly options: Readonly<DeploymentOptions<P>>;
  /** Phantom: the parameters type of the flow, for typed triggering. */
  declare readonly __parameters?: P;
  readonly #flow: DeployableFlow;
  readonly #callerFile: string | undefined;
  #location: Promise<EntrypointLocation> | undefined;

  /**
   * @throws ConfigError for a missing or invalid name; ScheduleError for an invalid schedule (nothing is written)
   */
  constructor(flow: DeployableFlow, options: DeploymentOptions<P>) {
    if (
      options === null ||
      typeof options !== "object" ||
      typeof options.name !== "string" ||
      options.name.trim() === ""
    ) {
      throw new ConfigError(
        `A deployment of flow '${flow.name}' needs a name, e.g. ${flow.name === "" ? "" : "myFlow."}toDeployment({ name: "nightly" })`,
        "name",
      );
    }
    if (!NAME.test(options.name)) {
      throw new ConfigError(
        `Deployment name ${JSON.stringify(options.name)} may not contain '/', '%', '&', '>' or '<'.`,
        "name",
      );
    }
    if (
      options.concurrencyLimit !== undefined &&
      !(Number.isInteger(options.concurrencyLimit) && options.concurrencyLimit > 0)
    ) {
      throw new ConfigError(
        `concurrencyLimit must be a positive integer, got ${String(options.concurrencyLimit)}`,
        "concurrencyLimit",
      );
    }
    this.name = options.name;
    this.flowName = flow.name;
    this.options = Object.freeze({ ...options });
    this.#flow = flow;
    // Read while the user's call is still on the stack (callerFile skips this package's own frames).
    this.#callerFile = options.entrypoint === undefined ? userCallerFile() : undefined;
  }

  /** `"<flow name>/<deployment name>"`, what `deployment run` and `runDeployment` take. */
  get fullName(): string {
    return `${this.flowName}/${this.name}`;
  }

  /**
   * The schedules as the API takes them, validated.
   * @throws ScheduleError naming the option and the fix
   */
  async schedules(): Promise<DeploymentScheduleInput[]> {
    const { schedulesFromOptions } = await import("./schedule-options.js");
    return schedulesFromOptions(this.options);
  }

  /**
   * The entrypoint and path the runs load the flow from (found once).
   * @throws EntrypointError when the flow is not exported from the module that defines it
   */
  location(): Promise<EntrypointLocation> {
    const path = this.options.path ?? process.cwd();
    if (this.options.entrypoint !== undefined) return Promise.resolve({ entrypoint: this.options.entrypoint, path });
    // entrypoint-site (and TypeScript's parser behind it) loads on this first need, not with the SDK.
    this.#location ??= import("./entrypoint-site.js").then(({ findEntrypoint }) =>
      findEntrypoint(this.#flow, { ...(this.#callerFile ? { callerFile: this.#callerFile } : {}), cwd: path }),
    );
    return this.#location;
  }

  /**
   * The flow's parameter schema: from its zod schema, else from its TypeScript source; when the source cannot be
   * read, an open schema (and `onWarning` says why).
   */
  async parameterSchema(
    location: EntrypointLocation,
    onWarning: (message: string) => void,
  ): Promise<{ schema: ParameterSchema; description: string | undefined; open: boolean }> {
    const [{ deriveFlowSource, parameterSchemaFromZod }, { parseEntrypoint }] = await Promise.all([
      import("./parameter-schema/index.js"),
      import("./entrypoint.js"),
    ]);
    if (this.#flow.parametersSchema)
      return { schema: parameterSchemaFromZod(this.#flow.parametersSchema), description: undefined, open: false };
    try {
      const { file, exportName } = parseEntrypoint(location.entrypoint);
      const info = deriveFlowSource({ file: path.resolve(location.path, file), exportName }, { onWarning });
      return { schema: info.parameterSchema, description: info.description, open: false };
    } catch (error) {
      onWarning(
        `Could not derive the parameter schema of flow '${this.flowName}' from '${location.entrypoint}': ` +
          `${error instanceof Error ? error.message : String(error)} Runs of '${this.fullName}' accept any parameters.`,
      );
      return {
        schema: { title: "Parameters", type: "object", properties: {} } as ParameterSchema,
        description: undefined,
        open: true,
      };
    }
  }

  /**
   * Registers the flow and the deployment as Prefect's runner does: `POST /flows/`, then `GET` the deployment by
   * name; a new one is created with everything, an existing one is patched with what this call sets (its schedules
   * matched by slug, so their ids stay and a schedule paused by a user stays paused; its job variables replaced by
   * this call's, none given meaning none).
   * @returns the deployment as stored
   */
  async apply(client: PrefectClient, options: ApplyOptions = {}): Promise<Deployment> {
    const warn = options.onWarning ?? ((message: string) => process.stderr.write(`prefect-ts: ${message}\n`));
    const schedules = await this.schedules();
    const location = await this.location();
    const derived = await this.parameterSchema(location, warn);
    const o: Readonly<DeploymentOptions<P>> = options.workPoolName
      ? { ...this.options, workPoolName: options.workPoolName }
      : this.options;
    const flow = await client.createFlow(this.flowName);
    const description = o.description ?? this.#flow.description ?? derived.description;
    const version = o.version ?? this.#flow.version;
    const common = {
      entrypoint: location.entrypoint,
      path: options.path === undefined ? location.path : options.path,
      parameterOpenapiSchema: derived.schema as unknown as Record<string, unknown>,
      // An open schema (source unreadable) cannot judge parameters: enforcing it would refuse every named one.
      enforceParameterSchema: derived.open ? false : (o.enforceParameterSchema ?? true),
      ...(o.parameters !== undefined ? { parameters: o.parameters as Record<string, unknown> } : {}),
      ...(o.tags !== undefined ? { tags: o.tags } : {}),
      ...(description !== undefined ? { description } : {}),
      ...(version !== undefined ? { version } : {}),
      ...(o.paused !== undefined ? { paused: o.paused } : {}),
      ...(o.concurrencyLimit !== undefined ? { concurrencyLimit: o.concurrencyLimit } : {}),
      // Always written, as Prefect's apply does: a redeploy replaces the job variables (an `image` of a former
      // Docker deployment must not follow it onto a process pool), it does not merge them into the stored ones.
      jobVariables: { ...o.jobVariables, ...options.jobVariables },
      ...(o.workPoolName !== undefined ? { workPoolName: o.workPoolName } : {}),
      ...(o.workQueueName !== undefined ? { workQueueName: o.workQueueName } : {}),
      ...(o.pullSteps !== undefined ? { pullSteps: o.pullSteps } : {}),
    };
    let existing: Deployment | undefined;
    try {
      existing = await client.readDeploymentByName(this.fullName);
    } catch (error) {
      if (!(error instanceof ObjectNotFoundError)) throw error;
    }
    if (existing === undefined) {
      return client.createDeployment({ ...common, flowId: flow.id, name: this.name, schedules });
    }
    await client.updateDeployment(existing.id, { ...common, schedules });
    return client.readDeployment(existing.id);
  }
}
