// `prefect-ts deploy [path/to/file.ts:exportName] [-n NAME ...] [-p POOL] [--all] [...]`: parses the flags, then deploys
// a project file's deployments (src/deploy/project/) or the one flow given (src/deploy/deploy-entrypoint.ts).
import {
  DeploymentImage,
  importDeployEntrypoint,
  importDeployProject,
  importPrefectFile,
  type DeploymentOverrides,
} from "../deploy/index.js";
import { ConfigError } from "../errors.js";
import type { CliContext } from "./context.js";
import { imageProgress } from "./image-progress.js";
import { parseJsonObject, parseKeyValues } from "./param-parsing.js";
import { mayPrompt } from "./prompting.js";

/** Flags of `deploy`. */
export interface DeployFlags {
  /** `-n`, repeatable: names, `flow/name`, or globs of either. */
  name?: string[];
  /** Every deployment of the project file. */
  all?: boolean;
  /** The project file. @default prefect.yaml, else deployment.yaml, in the current directory */
  prefectFile?: string;
  pool?: string;
  workQueue?: string;
  cron?: string[];
  interval?: number[];
  rrule?: string[];
  timezone?: string;
  param?: string[];
  params?: string;
  tag?: string[];
  description?: string;
  version?: string;
  jobVariable?: string[];
  concurrencyLimit?: number;
  enforceParameterSchema?: boolean;
  paused?: boolean;
  prompt?: boolean;
  image?: string;
  dockerfile?: string;
  dependencies?: string;
  buildArg?: string[];
  build?: boolean;
  push?: boolean;
  printDockerfile?: boolean;
}

/** The `image` of deploy() from the image flags: a DeploymentImage to build, or the reference to use as it is. */
async function imageOption(flags: DeployFlags): Promise<Record<string, unknown>> {
  if (flags.image === undefined) {
    const stray =
      flags.dockerfile !== undefined
        ? "--dockerfile"
        : flags.buildArg?.length
          ? "--build-arg"
          : flags.dependencies !== undefined
            ? "--dependencies"
            : undefined;
    if (stray) throw new ConfigError(`${stray} builds an image: give its name with --image NAME:TAG.`, stray);
    return {};
  }
  const common = { push: flags.push !== false, ...(flags.printDockerfile ? { printDockerfile: true } : {}) };
  if (flags.build === false) return { image: flags.image, build: false, ...common };
  // Build arguments stay strings as typed (not JSON-parsed: "1.10" is a version, not a number).
  const buildArgs: Record<string, string> = {};
  for (const item of flags.buildArg ?? []) {
    const eq = item.indexOf("=");
    if (eq <= 0)
      throw new ConfigError(
        `Invalid --build-arg ${JSON.stringify(item)}: expected KEY=VALUE, e.g. --build-arg NODE_ENV=production.`,
        "--build-arg",
      );
    buildArgs[item.slice(0, eq)] = item.slice(eq + 1);
  }
  const image = new DeploymentImage({
    name: flags.image,
    dockerfile: flags.dockerfile ?? "auto",
    ...(Object.keys(buildArgs).length > 0 ? { buildArgs } : {}),
    ...(flags.dependencies !== undefined ? { dependencies: flags.dependencies as "install" } : {}),
  });
  return { image, ...common };
}

/** The command line's deployment options (everything but the name and the entrypoint), as deployEntrypoint() takes them. */
async function overridesFromFlags(flags: DeployFlags): Promise<DeploymentOverrides> {
  const kinds = [flags.cron, flags.interval, flags.rrule].filter((k) => k !== undefined && k.length > 0).length;
  if (kinds > 1)
    throw new ConfigError("Give one kind of schedule: --cron, --interval or --rrule (each may repeat).", "--cron");
  const parameters = { ...parseJsonObject(flags.params, "--params"), ...parseKeyValues(flags.param, "--param") };
  const jobVariables = parseKeyValues(flags.jobVariable, "--job-variable");
  const image = await imageOption(flags);
  return {
    ...(flags.pool ? { workPoolName: flags.pool } : {}),
    ...(flags.workQueue ? { workQueueName: flags.workQueue } : {}),
    ...(flags.cron?.length ? { cron: flags.cron } : {}),
    ...(flags.interval?.length ? { interval: flags.interval } : {}),
    ...(flags.rrule?.length ? { rrule: flags.rrule } : {}),
    ...(flags.timezone ? { timezone: flags.timezone } : {}),
    ...(Object.keys(parameters).length > 0 ? { parameters } : {}),
    ...(Object.keys(jobVariables).length > 0 ? { jobVariables } : {}),
    ...(flags.tag?.length ? { tags: flags.tag } : {}),
    ...(flags.description !== undefined ? { description: flags.description } : {}),
    ...(flags.version !== undefined ? { version: flags.version } : {}),
    ...(flags.concurrencyLimit !== undefined ? { concurrencyLimit: flags.concurrencyLimit } : {}),
    ...(flags.enforceParameterSchema === false ? { enforceParameterSchema: false } : {}),
    ...(flags.paused ? { paused: true } : {}),
    ...image,
  };
}

/**
 * `deploy`: with a project file (prefect.yaml, else deployment.yaml, or --prefect-file) its deployments, picked by
 * -n/--all, with the command line's options over the picked one; without one, the flow at `entrypoint`.
 * Exit code 1 with one message naming the problem and the fix otherwise.
 */
export async function deployCommand(
  context: CliContext,
  entrypoint: string | undefined,
  flags: DeployFlags,
): Promise<void> {
  const names = flags.name ?? [];
  const { existsSync } = await import("node:fs");
  const { findProjectFile, readProjectFile } = await importPrefectFile();
  const projectPath = flags.prefectFile ?? findProjectFile(process.cwd(), existsSync);
  const projectFile = projectPath === undefined ? undefined : readProjectFile(projectPath);
  // On a terminal, what the command line and the project file leave open is asked for (seed 000's wizard).
  if (await mayPrompt(context, flags.prompt)) {
    const fileDeployments = projectFile?.deployments ?? [];
    const fromFile =
      entrypoint === undefined &&
      fileDeployments.length > 0 &&
      (names.length > 0 || flags.all === true || fileDeployments.length === 1);
    const complete = entrypoint !== undefined && names.length === 1 && flags.pool !== undefined;
    if (!fromFile && !complete) {
      const choice =
        entrypoint === undefined && fileDeployments.length > 1
          ? await pickFromFile(
              fileDeployments.map((d) => d.name),
              flags,
            )
          : "new";
      if (choice === "cancel") return;
      if (choice === "new") {
        const { deployWizard } = await import("./deploy-wizard.js");
        await deployWizard(context, entrypoint, flags, await context.client());
        return;
      }
    }
  }
  if (projectFile === undefined) {
    if (entrypoint === undefined) {
      throw new ConfigError(
        "Give the flow to deploy: prefect-ts deploy path/to/file.ts:exportName -n NAME -p POOL, or create a prefect.yaml with: prefect-ts init",
        "entrypoint",
      );
    }
    if (names.length === 0)
      throw new ConfigError(`Give the deployment a name: prefect-ts deploy ${entrypoint} -n NAME -p POOL`, "--name");
    if (names.length > 1)
      throw new ConfigError(`Give one name with a flow: prefect-ts deploy ${entrypoint} -n NAME -p POOL`, "--name");
    if (!flags.pool)
      throw new ConfigError(
        `Give the work pool: prefect-ts deploy ${entrypoint} -n ${names[0]} -p POOL (see prefect-ts work-pool ls)`,
        "--pool",
      );
  }
  const overrides = await overridesFromFlags(flags);
  const [client, { deployEntrypoint }, { deployProject }] = await Promise.all([
    context.client(),
    importDeployEntrypoint(),
    importDeployProject(),
  ]);
  const progress = imageProgress(context);
  const onWarning = (message: string): void => context.err(`Warning: ${message}`);
  try {
    if (projectFile === undefined) {
      await deployEntrypoint(entrypoint!, {
        ...overrides,
        onProgress: progress.onLine,
        client,
        name: names[0]!,
        workPoolName: flags.pool!,
        onWarning,
      });
      return;
    }
    let file = projectFile;
    for (const warning of file.warnings) onWarning(warning);
    if (entrypoint !== undefined) {
      if (names.length !== 1)
        throw new ConfigError(`Give one name with a flow: prefect-ts deploy ${entrypoint} -n NAME -p POOL`, "--name");
      // A flow given on the command line is that deployment of the file (merged over its entry), or a new one that
      // still gets the file's build, push and pull steps, as Prefect's deploy does.
      if (!file.deployments.some((d) => d.name === names[0]))
        file = { ...file, deployments: [...file.deployments, { name: names[0]!, entrypoint, line: 0 }] };
    }
    await deployProject(file, {
      client,
      names,
      all: flags.all ?? false,
      overrides: entrypoint !== undefined ? { ...overrides, entrypoint } : overrides,
      onOutput: progress.onLine,
      onWarning,
    });
  } finally {
    progress.stop();
  }
}

/**
 * On a terminal with several deployments in the project file and none named: asks which to deploy, or a new one.
 * "file" sets `flags.name` to the pick; "cancel" (Ctrl-C) has written nothing and set exit code 130.
 */
async function pickFromFile(names: string[], flags: DeployFlags): Promise<"file" | "new" | "cancel"> {
  const prompts = await import("@clack/prompts");
  const NEW = "\u0000new";
  const picked = await prompts.select({
    message: "Which deployment of prefect.yaml would you like to deploy?",
    options: [
      ...names.map((name) => ({ value: name, label: name })),
      { value: NEW, label: "A new deployment", hint: "asks for the flow and the rest" },
    ],
  });
  if (prompts.isCancel(picked)) {
    prompts.cancel("Cancelled; nothing was written.");
    process.exitCode = 130;
    return "cancel";
  }
  if (picked === NEW) return "new";
  flags.name = [picked];
  return "file";
}
