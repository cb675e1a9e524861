// Prefect 2's `deployment build` and `deployment apply` (seed 002): build loads the flow, derives its parameter schema
// and writes `<file>-deployment.yaml` (src/deploy/deployment-yaml.ts) plus a default .prefectignore, and with -sb
// uploads the project to a storage block (src/deploy/storage/); apply registers a (possibly hand-edited) YAML, in the
// `default-agent-pool` unless it names a pool, for `agent start -q QUEUE`.
import { existsSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { PrefectClient } from "../client/index.js";
import {
  importDeploymentYaml,
  importEntrypoint,
  importRecipes,
  importStorageBlock,
  RunnerDeployment,
  type DeploymentYamlStorage,
} from "../deploy/index.js";
import { ConfigError, ObjectAlreadyExistsError, ObjectNotFoundError } from "../errors.js";
import type { CliContext } from "./context.js";
import { parseJsonObject, parseKeyValues } from "./param-parsing.js";

/** Flags of `deployment build`. */
export interface DeploymentBuildFlags {
  name?: string;
  workQueue?: string;
  pool?: string;
  tag?: string[];
  cron?: string;
  interval?: number;
  rrule?: string;
  timezone?: string;
  param?: string[];
  params?: string;
  output?: string;
  apply?: boolean;
  skipUpload?: boolean;
  storageBlock?: string;
  path?: string;
  version?: string;
  description?: string;
}

/** Prefect 2's schedule dict from the flags (at most one kind), validated. */
async function scheduleFromFlags(flags: DeploymentBuildFlags): Promise<Record<string, unknown> | undefined> {
  const kinds = [flags.cron, flags.interval, flags.rrule].filter((k) => k !== undefined);
  if (kinds.length > 1) throw new ConfigError("Give one schedule: --cron, --interval or --rrule.", "--cron");
  if (kinds.length === 0) return undefined;
  const zone = flags.timezone ? { timezone: flags.timezone } : {};
  const schedule =
    flags.cron !== undefined
      ? { cron: flags.cron, day_or: true, ...zone }
      : flags.interval !== undefined
        ? { interval: flags.interval, ...zone }
        : { rrule: flags.rrule!, ...zone };
  const { validateSchedule } = await import("../schedules/index.js");
  validateSchedule(schedule);
  return schedule;
}

/** `deployment build path/to/file.ts:flow -n NAME [-q QUEUE] ...`: writes the deployment YAML (and applies it with --apply). */
export async function deploymentBuild(
  context: CliContext,
  entrypoint: string,
  flags: DeploymentBuildFlags,
): Promise<void> {
  if (!flags.name)
    throw new ConfigError(
      `Give the deployment a name: prefect-ts deployment build ${entrypoint} -n NAME -q QUEUE`,
      "--name",
    );
  const { parseStorageBlockRef, readStorageBlock, storageYaml } = await importStorageBlock();
  const storageRef = flags.storageBlock === undefined ? undefined : parseStorageBlockRef(flags.storageBlock);
  if (storageRef?.path !== undefined && flags.path !== undefined) {
    throw new ConfigError(
      `Give the storage path once: either -sb ${storageRef.slug}/${storageRef.name} --path ${flags.path}, or -sb ${flags.storageBlock}.`,
      "--path",
    );
  }
  // With storage, --path is where in the block the project goes (Prefect 2); the project is the current directory.
  const base = storageRef ? process.cwd() : path.resolve(flags.path ?? process.cwd());
  const storagePath = storageRef ? (storageRef.path ?? flags.path ?? null) : null;
  const storage = storageRef ? await readStorageBlock(await context.client(), storageRef, "put-directory") : undefined;
  const colon = entrypoint.lastIndexOf(":");
  if (colon <= 0)
    throw new ConfigError(`Give the flow as path/to/file.ts:exportName, got '${entrypoint}'.`, "entrypoint");
  const file = entrypoint.slice(0, colon);
  const relativeEntrypoint = `${path.relative(base, path.resolve(file)).split(path.sep).join("/")}:${entrypoint.slice(colon + 1)}`;
  if (storage && relativeEntrypoint.startsWith("../")) {
    throw new ConfigError(
      `The flow file ${file} is outside the project directory ${base}, which is what goes to storage. Run the build from a directory that contains it.`,
      "entrypoint",
    );
  }
  const schedule = await scheduleFromFlags(flags);
  const parameters = { ...parseJsonObject(flags.params, "--params"), ...parseKeyValues(flags.param, "--param") };
  const [{ loadFlowFromEntrypoint }, { renderDeploymentYaml }, { DEFAULT_PREFECTIGNORE }] = await Promise.all([
    importEntrypoint(),
    importDeploymentYaml(),
    importRecipes(),
  ]);
  const flow = await loadFlowFromEntrypoint(relativeEntrypoint, { baseDir: base });
  context.out(`Found flow '${flow.name}'`);
  const runner = new RunnerDeployment(flow.deployable, {
    name: flags.name,
    entrypoint: relativeEntrypoint,
    path: base,
  });
  const derived = await runner.parameterSchema({ entrypoint: relativeEntrypoint, path: base }, (message) =>
    context.err(`Warning: ${message}`),
  );
  const ignore = path.join(base, ".prefectignore");
  if (!existsSync(ignore)) {
    writeFileSync(ignore, DEFAULT_PREFECTIGNORE);
    context.out(`Default '.prefectignore' file written to\n${ignore}`);
  }
  const output = path.resolve(flags.output ?? `${path.basename(file).replace(/\.[cm]?[jt]s$/, "")}-deployment.yaml`);
  writeFileSync(
    output,
    renderDeploymentYaml({
      name: flags.name,
      flowName: flow.name,
      entrypoint: relativeEntrypoint,
      path: storage ? storagePath : base,
      storage: storage ? storageYaml(storage.document) : null,
      description: flags.description ?? flow.deployable.description ?? derived.description,
      version: flags.version,
      workQueueName: flags.workQueue ?? "default",
      workPoolName: flags.pool,
      tags: flags.tag ?? [],
      parameters,
      schedule,
      parameterSchema: derived.schema as unknown as Record<string, unknown>,
    }),
  );
  context.out(`Deployment YAML created at\n'${output}'.`);
  if (storage && !flags.skipUpload) {
    const count = await storage.storage.putDirectory({ localPath: base, toPath: storagePath, ignoreFile: ignore });
    context.out(`Successfully uploaded ${count} files to ${storage.storage.location(storagePath)}`);
  }
  if (flags.apply) await deploymentApply(context, output);
}

/**
 * The id of the storage block a YAML's `storage:` names: by `_block_type_slug` and `_block_document_name` (as Prefect 2
 * loads it, so a block made again under the same name still fits), else by `_block_document_id`.
 */
async function storageDocumentIdOf(
  client: PrefectClient,
  storage: DeploymentYamlStorage,
  shown: string,
): Promise<string> {
  const { readStorageBlock, storageFromDocument } = await importStorageBlock();
  const slug = storage._block_type_slug ?? storage.block_type_slug;
  if (slug && storage._block_document_name) {
    return (await readStorageBlock(client, { slug, name: storage._block_document_name }, "get-directory")).document.id;
  }
  if (storage._block_document_id) {
    try {
      const document = await client.readBlockDocument(storage._block_document_id, { includeSecrets: false });
      storageFromDocument(document, "get-directory");
      return document.id;
    } catch (error) {
      if (!(error instanceof ObjectNotFoundError)) throw error;
      throw new ConfigError(
        `${shown}: storage block ${storage._block_document_id} not found. Name an existing block, or build again with -sb TYPE/NAME.`,
        "storage",
        { cause: error },
      );
    }
  }
  throw new ConfigError(
    `${shown}: "storage" must name a stored block with _block_type_slug and _block_document_name (as \`deployment build -sb TYPE/NAME\` writes them), or be null.`,
    "storage",
  );
}

/** `deployment apply FILE`: registers the deployment the YAML describes (an upsert: applying again updates it). */
export async function deploymentApply(context: CliContext, file: string): Promise<void> {
  const [{ readDeploymentYaml }, { validateSchedule }, { DEFAULT_AGENT_POOL_NAME: DEFAULT_AGENT_POOL }] =
    await Promise.all([importDeploymentYaml(), import("../schedules/index.js"), import("../schemas/index.js")]);
  const d = readDeploymentYaml(file);
  const storageDocumentId = d.storage
    ? await storageDocumentIdOf(await context.client(), d.storage, path.basename(file))
    : null;
  if (d.schedule) {
    try {
      validateSchedule(d.schedule as Parameters<typeof validateSchedule>[0]);
    } catch (error) {
      throw new ConfigError(`${path.basename(file)}: schedule: ${(error as Error).message}`, "schedule", {
        cause: error,
      });
    }
  }
  context.out(`Successfully loaded '${d.name}'`);
  const client = await context.client();
  const pool = d.work_pool_name ?? DEFAULT_AGENT_POOL;
  const queue = d.work_queue_name ?? "default";
  if (pool === DEFAULT_AGENT_POOL) {
    // Prefect 2's queues lived outside pools; the pool-less route puts them (and the pool) in default-agent-pool.
    await client.createWorkQueue({ name: queue }).catch((error: unknown) => {
      if (!(error instanceof ObjectAlreadyExistsError)) throw error;
    });
  }
  const flow = await client.createFlow(d.flow_name);
  const deployment = await client.createDeployment({
    flowId: flow.id,
    name: d.name,
    workPoolName: pool,
    workQueueName: queue,
    entrypoint: d.entrypoint,
    // With storage, `path` is where in the block the project lies (none: at its basepath).
    path: storageDocumentId ? (d.path ?? null) : (d.path ?? path.dirname(path.resolve(file))),
    storageDocumentId,
    tags: d.tags ?? [],
    parameters: d.parameters ?? {},
    jobVariables: d.infra_overrides ?? {},
    // Prefect 2 checked parameters only when a run started; an edited YAML's defaults are taken as written.
    enforceParameterSchema: false,
    schedules: d.schedule ? [{ schedule: d.schedule as never, active: d.is_schedule_active ?? true }] : [],
    ...(d.description ? { description: d.description } : {}),
    ...(d.version !== undefined && d.version !== null ? { version: String(d.version) } : {}),
    ...(d.parameter_openapi_schema ? { parameterOpenapiSchema: d.parameter_openapi_schema } : {}),
  });
  context.out(`Deployment '${d.flow_name}/${d.name}' successfully created with id '${deployment.id}'.`);
  context.out("");
  if (pool === DEFAULT_AGENT_POOL) {
    context.out(
      `To execute flow runs from this deployment, start an agent that pulls work from the '${queue}' work queue:`,
    );
    context.out(`$ prefect-ts agent start -q '${queue}'`);
  } else {
    context.out(`To execute flow runs from this deployment, start a worker of the '${pool}' work pool:`);
    context.out(`$ prefect-ts worker start --pool '${pool}'`);
  }
}
