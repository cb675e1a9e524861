// `prefect-ts deploy path/to/file.ts:exportName -n NAME -p POOL [...]`: non-interactive, fit for CI. Parses the flags,
// then src/deploy/deploy-entrypoint.ts loads the module (its top-level deploy()/serve() do nothing) and deploys it.
import { ConfigError } from "../errors.js";
import type { CliContext } from "./context.js";
import { parseJsonObject, parseKeyValues } from "./param-parsing.js";

/** Flags of `deploy`. */
export interface DeployFlags {
  name?: string;
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
    const stray = flags.dockerfile !== undefined ? "--dockerfile" : flags.buildArg?.length ? "--build-arg" : flags.dependencies !== undefined ? "--dependencies" : undefined;
    if (stray) throw new ConfigError(`${stray} builds an image: give its name with --image NAME:TAG.`, stray);
    return {};
  }
  const common = { push: flags.push !== false, ...(flags.printDockerfile ? { printDockerfile: true } : {}) };
  if (flags.build === false) return { image: flags.image, build: false, ...common };
  const { DeploymentImage } = await import("../deploy/image/deployment-image.js");
  // Build arguments stay strings as typed (not JSON-parsed: "1.10" is a version, not a number).
  const buildArgs: Record<string, string> = {};
  for (const item of flags.buildArg ?? []) {
    const eq = item.indexOf("=");
    if (eq <= 0) throw new ConfigError(`Invalid --build-arg ${JSON.stringify(item)}: expected KEY=VALUE, e.g. --build-arg NODE_ENV=production.`, "--build-arg");
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

/** Deploys the flow at `entrypoint`; exit code 1 with one message naming the problem and the fix otherwise. */
export async function deployCommand(context: CliContext, entrypoint: string | undefined, flags: DeployFlags): Promise<void> {
  if (entrypoint === undefined) {
    throw new ConfigError("Give the flow to deploy: prefect-ts deploy path/to/file.ts:exportName -n NAME -p POOL", "entrypoint");
  }
  if (!flags.name) throw new ConfigError(`Give the deployment a name: prefect-ts deploy ${entrypoint} -n NAME -p POOL`, "--name");
  if (!flags.pool) throw new ConfigError(`Give the work pool: prefect-ts deploy ${entrypoint} -n ${flags.name} -p POOL (see prefect-ts work-pool ls)`, "--pool");
  const kinds = [flags.cron, flags.interval, flags.rrule].filter((k) => k !== undefined && k.length > 0).length;
  if (kinds > 1) throw new ConfigError("Give one kind of schedule: --cron, --interval or --rrule (each may repeat).", "--cron");
  const parameters = { ...parseJsonObject(flags.params, "--params"), ...parseKeyValues(flags.param, "--param") };
  const jobVariables = parseKeyValues(flags.jobVariable, "--job-variable");
  const image = await imageOption(flags);
  const [client, { deployEntrypoint }] = await Promise.all([context.client(), import("../deploy/deploy-entrypoint.js")]);
  await deployEntrypoint(entrypoint, {
    client,
    name: flags.name,
    workPoolName: flags.pool,
    onWarning: (message) => context.err(`Warning: ${message}`),
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
  });
}
