// `prefect-ts deploy` with a project file: picks the deployments (`-n NAME`, `flow/name`, globs, `--all`), runs
// their `build` and `push` steps once per distinct list, templates each deployment with the steps' outputs, and
// deploys it through deployEntrypoint() with its `pull` steps stored for the runs. Reading the file is prefect-file.ts's.
import path from "node:path";
import type { PrefectClient } from "../../client/index.js";
import { ConfigError } from "../../errors.js";
import { applyValues } from "../../schemas/plain.js";
import { processEnvironment } from "../../settings/index.js";
import type { DeployedDeployment } from "../deploy.js";
import type { DeployEntrypointOptions } from "../deploy-entrypoint.js";
import type { ScheduleSpec } from "../schedule-options.js";
import {
  stepList,
  type DeploymentConfig,
  type ProjectFile,
  type ScheduleConfig,
  type StepConfig,
} from "./prefect-file.js";
import { runSteps, variableReader } from "./steps.js";

/** What the command line adds over a file's deployment (the same option names as deployEntrypoint()'s). */
export type DeploymentOverrides = Partial<
  Omit<DeployEntrypointOptions, "client" | "onWarning" | "onProgress" | "print" | "path">
> & {
  /** `file.ts:exportName` given on the command line. */
  entrypoint?: string;
};

/** Options of {@link deployProject}. */
export interface DeployProjectOptions {
  client: PrefectClient;
  /** `-n` values: `name`, `flow-name/name`, or globs of either (`etl/*`, `*-nightly`). */
  names?: readonly string[];
  /** Deploy every deployment of the file. */
  all?: boolean;
  /** The command line's own options, merged over the file's entry (only when one deployment is deployed). */
  overrides?: DeploymentOverrides;
  /** Output of steps and of building/pushing. @default stdout */
  onOutput?: (line: string) => void;
  onWarning?: (message: string) => void;
  /** Print what was deployed. @default true */
  print?: boolean;
  /** The environment for `{{ $VAR }}` and step commands. @default process.env */
  env?: Record<string, string | undefined>;
}

/** A glob of `*` and `?` as a whole-string RegExp. */
function globRegExp(glob: string): RegExp {
  const source = glob
    .replace(/[.+^${}()|[\]\\]/g, "\\$&")
    .replace(/\*/g, ".*")
    .replace(/\?/g, ".");
  return new RegExp(`^${source}$`);
}

/** The flow name of an entry: its `flow_name`, else the name of the flow its entrypoint loads. */
async function flowNameOf(entry: DeploymentConfig, directory: string): Promise<string | undefined> {
  if (entry.flow_name) return entry.flow_name;
  if (!entry.entrypoint) return undefined;
  const { loadFlowFromEntrypoint } = await import("../entrypoint.js");
  const loaded = await loadFlowFromEntrypoint(entry.entrypoint, { baseDir: directory });
  return loaded.deployable.name;
}

/**
 * The entries `names` pick (each name must match at least one), all of them with `all`, or the only one.
 * @throws ConfigError naming the unmatched name and the deployments the file has
 */
export async function selectDeployments(
  file: ProjectFile,
  names: readonly string[],
  all: boolean,
): Promise<DeploymentConfig[]> {
  const listed = file.deployments.map((d) => `'${d.name}'`).join(", ") || "none";
  const shown = path.basename(file.path);
  if (all) return file.deployments;
  if (names.length === 0) {
    if (file.deployments.length === 1) return file.deployments;
    throw new ConfigError(
      file.deployments.length === 0
        ? `${shown} declares no deployments. Add one under "deployments:", or give the flow: prefect-ts deploy path/to/file.ts:exportName -n NAME -p POOL`
        : `${shown} declares ${file.deployments.length} deployments (${listed}): pick with -n NAME (repeatable, 'flow/name' and globs work) or deploy them all with --all.`,
      "--name",
    );
  }
  const picked: DeploymentConfig[] = [];
  for (const name of names) {
    const slash = name.indexOf("/");
    const [flowPattern, namePattern] =
      slash >= 0
        ? [globRegExp(name.slice(0, slash)), globRegExp(name.slice(slash + 1))]
        : [undefined, globRegExp(name)];
    const matches: DeploymentConfig[] = [];
    for (const entry of file.deployments) {
      if (!namePattern.test(entry.name)) continue;
      if (flowPattern && !flowPattern.test((await flowNameOf(entry, file.directory)) ?? "")) continue;
      matches.push(entry);
    }
    if (matches.length === 0)
      throw new ConfigError(`${shown} has no deployment matching '${name}'. Its deployments: ${listed}.`, "--name");
    for (const match of matches) if (!picked.includes(match)) picked.push(match);
  }
  return picked;
}

/** A file schedule as `toDeployment()` takes it. */
function scheduleSpec(config: ScheduleConfig): ScheduleSpec {
  const common = {
    ...(config.timezone ? { timezone: config.timezone } : {}),
    ...(config.active !== undefined && config.active !== null ? { active: config.active } : {}),
    ...(config.parameters ? { parameters: config.parameters } : {}),
    ...(config.slug ? { slug: config.slug } : {}),
    ...(config.max_scheduled_runs ? { maxScheduledRuns: config.max_scheduled_runs } : {}),
  };
  if (config.cron)
    return {
      cron: config.cron,
      ...(config.day_or !== undefined && config.day_or !== null ? { dayOr: config.day_or } : {}),
      ...common,
    };
  if (config.interval !== undefined && config.interval !== null) {
    const seconds = typeof config.interval === "number" ? config.interval : Number(config.interval);
    if (!Number.isFinite(seconds) || seconds <= 0)
      throw new ConfigError(
        `interval ${JSON.stringify(config.interval)} must be a number of seconds, e.g. "interval: 3600".`,
        "interval",
      );
    const anchor = config.anchor_date instanceof Date ? config.anchor_date.toISOString() : config.anchor_date;
    return { interval: seconds, ...(anchor ? { anchorDate: anchor } : {}), ...common };
  }
  return { rrule: config.rrule!, ...common };
}

/** The deployEntrypoint() options of a (templated) entry. */
function entryOptions(
  entry: DeploymentConfig,
  onWarning: (message: string) => void,
): Omit<DeployEntrypointOptions, "workPoolName" | "client"> & { workPoolName?: string } {
  const schedules = entry.schedules ?? (entry.schedule ? [entry.schedule] : []);
  let concurrencyLimit: number | undefined;
  if (typeof entry.concurrency_limit === "number") concurrencyLimit = entry.concurrency_limit;
  else if (entry.concurrency_limit) {
    concurrencyLimit = entry.concurrency_limit.limit;
    if (entry.concurrency_limit.collision_strategy && entry.concurrency_limit.collision_strategy !== "ENQUEUE") {
      onWarning(
        `deployment "${entry.name}": concurrency_limit.collision_strategy ${entry.concurrency_limit.collision_strategy} is not supported yet; runs over the limit wait (ENQUEUE).`,
      );
    }
  }
  return {
    name: entry.name,
    ...(entry.work_pool?.name ? { workPoolName: entry.work_pool.name } : {}),
    ...(entry.work_pool?.work_queue_name ? { workQueueName: entry.work_pool.work_queue_name } : {}),
    ...(entry.work_pool?.job_variables ? { jobVariables: entry.work_pool.job_variables } : {}),
    ...(entry.parameters ? { parameters: entry.parameters } : {}),
    ...(entry.tags ? { tags: entry.tags } : {}),
    ...(entry.description ? { description: entry.description } : {}),
    ...(entry.version !== undefined && entry.version !== null ? { version: String(entry.version) } : {}),
    ...(entry.paused !== undefined && entry.paused !== null ? { paused: entry.paused } : {}),
    ...(entry.enforce_parameter_schema !== undefined && entry.enforce_parameter_schema !== null
      ? { enforceParameterSchema: entry.enforce_parameter_schema }
      : {}),
    ...(concurrencyLimit !== undefined ? { concurrencyLimit } : {}),
    ...(schedules.length > 0 ? { schedules: schedules.map(scheduleSpec) } : {}),
  };
}

/**
 * Deploys deployments of a project file. Each deployment's `build` and `push` steps (its own, else the file's) run
 * first, once per distinct list however many deployments share it; their outputs fill the deployment's
 * `{{ step-id.key }}` placeholders; the `pull` steps are stored for the runs with step outputs filled in and
 * `{{ prefect.variables.* }}`/`{{ $VAR }}` left for run time, as Prefect does.
 * @throws ConfigError (selection, a missing work pool or entrypoint), StepExecutionError, and deployEntrypoint()'s errors
 */
export async function deployProject(file: ProjectFile, options: DeployProjectOptions): Promise<DeployedDeployment[]> {
  const onWarning = options.onWarning ?? ((message: string) => process.stderr.write(`Warning: ${message}\n`));
  const onOutput = options.onOutput ?? ((line: string) => process.stdout.write(`${line}\n`));
  const env = options.env ?? processEnvironment();
  const overrides = options.overrides ?? {};
  const entries = await selectDeployments(file, options.names ?? [], options.all ?? false);
  if (entries.length > 1 && Object.keys(overrides).length > 0) {
    throw new ConfigError(
      `Options given on the command line apply to one deployment; ${entries.length} were picked (${entries.map((e) => `'${e.name}'`).join(", ")}). Pick one with -n NAME.`,
      "--name",
    );
  }
  // Checked for every picked deployment before any step runs: a missing pool or entrypoint writes nothing.
  for (const entry of entries) {
    if (!(overrides.entrypoint ?? entry.entrypoint)) {
      throw new ConfigError(
        `${path.basename(file.path)}:${entry.line}: deployment "${entry.name}" has no entrypoint. Add "entrypoint: path/to/file.ts:exportName".`,
        "entrypoint",
      );
    }
    if (!(overrides.workPoolName ?? entry.work_pool?.name)) {
      throw new ConfigError(
        `${path.basename(file.path)}:${entry.line}: deployment "${entry.name}" has no work pool. Add "work_pool: { name: POOL }" or pass -p POOL.`,
        "--pool",
      );
    }
  }
  const readVariable = variableReader(options.client);
  const stepRuns = new Map<string, Promise<Record<string, Record<string, unknown>>>>();
  const runOnce = (section: string, steps: StepConfig[], before: Record<string, Record<string, unknown>>) => {
    if (steps.length === 0) return Promise.resolve(before);
    const key = `${section}:${JSON.stringify(steps)}:${JSON.stringify(before)}`;
    let pending = stepRuns.get(key);
    if (!pending) {
      pending = runSteps(steps, { section, cwd: file.directory, env, readVariable, onOutput, outputs: before }).then(
        (r) => r.outputs,
      );
      stepRuns.set(key, pending);
    }
    return pending;
  };

  const { deployEntrypoint } = await import("../deploy-entrypoint.js");
  const deployed: DeployedDeployment[] = [];
  for (const entry of entries) {
    // A deployment's own lists replace the file's.
    const buildSteps = entry.build === undefined ? file.build : stepList(entry.build);
    const pushSteps = entry.push === undefined ? file.push : stepList(entry.push);
    const pull = entry.pull === undefined ? file.pull : stepList(entry.pull);
    const outputs = await runOnce("push", pushSteps, await runOnce("build", buildSteps, {}));
    // Step outputs first, then the environment, as Prefect templates a deployment before registering it.
    const { build: _b, push: _p, pull: _l, line, ...rest } = entry;
    const templated = {
      ...(applyValues(applyValues(rest, outputs), {}, { environment: env }) as object),
      line,
    } as DeploymentConfig;
    const fromFile = entryOptions(templated, onWarning);
    const { entrypoint: cliEntrypoint, ...cli } = overrides;
    const entrypoint = cliEntrypoint ?? templated.entrypoint!;
    // A schedule given on the command line replaces the file's (cron/interval/rrule and schedules exclude each other).
    const cliSchedules =
      cli.cron !== undefined || cli.interval !== undefined || cli.rrule !== undefined || cli.schedules !== undefined;
    const merged = { ...fromFile, ...(cliSchedules ? { schedules: undefined } : {}), ...cli };
    if (fromFile.jobVariables && cli.jobVariables)
      merged.jobVariables = { ...fromFile.jobVariables, ...cli.jobVariables };
    if (fromFile.parameters && cli.parameters) merged.parameters = { ...fromFile.parameters, ...cli.parameters };
    const pullSteps = pull.length > 0 ? (applyValues(pull, outputs) as Record<string, unknown>[]) : undefined;
    // An image built here and pushed nowhere exists only in this engine: workers must not try to pull it (deploy()'s rule).
    const usesStep = (steps: StepConfig[], name: string) =>
      steps.some((step) => Object.keys(step)[0]!.endsWith(`.${name}`));
    if (
      usesStep(buildSteps, "build_docker_image") &&
      !usesStep(pushSteps, "push_docker_image") &&
      merged.jobVariables?.image_pull_policy === undefined
    ) {
      merged.jobVariables = { ...merged.jobVariables, image_pull_policy: "IfNotPresent" };
    }
    deployed.push(
      await deployEntrypoint(entrypoint, {
        ...merged,
        workPoolName: merged.workPoolName!,
        path: file.directory,
        client: options.client,
        onWarning,
        onProgress: onOutput,
        ...(options.print === false ? { print: false } : {}),
        ...(pullSteps ? { pullSteps } : {}),
      }),
    );
  }
  return deployed;
}
