// Shared by `work-pool` and `work-queue`: reading a pool or queue by name with a one-line "not found" that lists
// what exists, the base job template file check, and the preview table of a pool's upcoming runs.
import { readFileSync } from "node:fs";
import type { PrefectClient, WorkPool, WorkQueue, WorkerFlowRun } from "../client/index.js";
import { ObjectNotFoundError, PrefectError } from "../errors.js";
import type { CliContext } from "./context.js";
import { formatTime, printTable } from "./output.js";

/** `'a', 'b'` or `none`, for "what exists" hints. */
function quotedList(names: readonly string[]): string {
  return names.length === 0 ? "none" : names.map((n) => `'${n}'`).join(", ");
}

/** Reads a pool; a missing one becomes a PrefectError naming it and listing the pools that exist. */
export async function readPoolOrExplain(client: PrefectClient, name: string): Promise<WorkPool> {
  try {
    return await client.readWorkPool(name);
  } catch (error) {
    if (!(error instanceof ObjectNotFoundError)) throw error;
    throw await poolNotFound(client, name, error);
  }
}

/**
 * Checks that an existing pool has the queues a worker is asked to poll (`worker start --work-queue`), so a typo is
 * one line at start-up instead of a failed poll every few seconds. A pool that does not exist yet is not checked
 * (the worker creates it).
 * @throws PrefectError naming the missing queues, the pool's queues and the fix
 */
export async function checkWorkQueuesExist(
  client: PrefectClient,
  pool: string,
  names: readonly string[],
): Promise<void> {
  if (names.length === 0) return;
  let queues: WorkQueue[];
  try {
    queues = await client.readWorkQueues({ workPoolName: pool });
  } catch (error) {
    if (error instanceof ObjectNotFoundError) return;
    throw error;
  }
  const existing = queues.map((q) => q.name).sort();
  const missing = names.filter((n) => !existing.includes(n));
  if (missing.length === 0) return;
  const first = missing[0] ?? "";
  throw new PrefectError(
    `Work pool '${pool}' has no work queue ${quotedList(missing)} (its queues: ${quotedList(existing)}). ` +
      `Create it with \`prefect-ts work-queue create '${first}' --pool '${pool}'\`, or leave out --work-queue to poll them all.`,
  );
}

/** The "work pool not found" error for `name`, listing the existing pools. */
export async function poolNotFound(client: PrefectClient, name: string, cause?: unknown): Promise<PrefectError> {
  const pools = (await client.readWorkPools()).map((p) => p.name).sort();
  return new PrefectError(
    `Work pool '${name}' not found. Existing work pools: ${quotedList(pools)}. Create it with \`prefect-ts work-pool create '${name}' --type process\`.`,
    { cause },
  );
}

/**
 * Reads a queue of a pool; without a pool, the one queue of that name in any pool. Missing pool or queue become
 * one-line PrefectErrors listing what exists.
 */
export async function readQueueOrExplain(
  client: PrefectClient,
  name: string,
  pool: string | undefined,
): Promise<WorkQueue> {
  if (pool === undefined) {
    const found = await client.readWorkQueues({ workQueueFilter: { name: { any_: [name] } } });
    if (found.length === 1 && found[0] !== undefined) return found[0];
    if (found.length > 1) {
      const pools = found.map((q) => q.workPoolName ?? "?").sort();
      throw new PrefectError(
        `Work queue '${name}' exists in several work pools (${quotedList(pools)}): say which with --pool.`,
      );
    }
    const all = (await client.readWorkQueues()).map((q) => `${q.workPoolName ?? "?"}/${q.name}`).sort();
    throw new PrefectError(`Work queue '${name}' not found. Existing work queues (pool/queue): ${quotedList(all)}.`);
  }
  try {
    return await client.readWorkQueueByName(name, { workPoolName: pool });
  } catch (error) {
    if (!(error instanceof ObjectNotFoundError)) throw error;
    await readPoolOrExplain(client, pool);
    const queues = (await client.readWorkQueues({ workPoolName: pool })).map((q) => q.name).sort();
    throw new PrefectError(
      `Work queue '${name}' not found in work pool '${pool}'. Its queues: ${quotedList(queues)}.`,
      {
        cause: error,
      },
    );
  }
}

/**
 * Reads and checks a base job template file: valid JSON, an object with `job_configuration` and `variables`
 * objects (or `{}`, which a worker fills in later, as Prefect allows).
 */
export function readBaseJobTemplate(file: string): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    const code = (error as { code?: string }).code ?? (error instanceof Error ? error.message : String(error));
    throw new PrefectError(`Cannot read base job template file '${file}' (${code}).`, { cause: error });
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new PrefectError(`Base job template file '${file}' is not valid JSON: ${reason}.`, { cause: error });
  }
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    throw new PrefectError(
      `Base job template file '${file}' must hold a JSON object with "job_configuration" and "variables".`,
    );
  }
  const template = value as Record<string, unknown>;
  if (Object.keys(template).length === 0) return template;
  const missing = ["job_configuration", "variables"].filter((key) => {
    const part = template[key];
    return part === null || typeof part !== "object" || Array.isArray(part);
  });
  if (missing.length > 0) {
    throw new PrefectError(
      `Base job template file '${file}' lacks ${missing.map((m) => `"${m}"`).join(" and ")} (an object each). ` +
        "See `prefect-ts work-pool get-default-base-job-template --type process` for the expected shape.",
    );
  }
  return template;
}

/** Prints the upcoming runs of a pool (or some of its queues) within `hours` from now, late ones marked. */
export async function printPreview(
  context: CliContext,
  client: PrefectClient,
  target: { pool: string; queues?: string[]; title: string },
  hours: number,
): Promise<void> {
  const now = Date.now();
  const runs: WorkerFlowRun[] = await client.getScheduledFlowRunsForWorkPool(target.pool, {
    scheduledBefore: new Date(now + hours * 3_600_000),
    ...(target.queues ? { workQueueNames: target.queues } : {}),
  });
  const deploymentIds = [
    ...new Set(runs.map((r) => r.flowRun.deploymentId).filter((id): id is string => typeof id === "string")),
  ];
  const names = await deploymentNames(client, deploymentIds);
  const rows = runs
    .map(({ flowRun }) => ({ flowRun, at: flowRun.nextScheduledStartTime ?? flowRun.expectedStartTime ?? null }))
    .sort((a, b) => (a.at?.getTime() ?? 0) - (b.at?.getTime() ?? 0))
    .map(({ flowRun, at }) => [
      `${formatTime(at)}${at !== null && at.getTime() < now ? " (**)" : ""}`,
      flowRun.id,
      flowRun.name ?? "-",
      flowRun.deploymentId ? (names.get(flowRun.deploymentId) ?? flowRun.deploymentId) : "-",
    ]);
  printTable(context, {
    title: target.title,
    head: ["Scheduled Start Time", "Run ID", "Name", "Deployment"],
    rows,
    empty: `No runs scheduled in the next ${hours} hour(s) for ${target.title.replace(/^Preview of scheduled work for /, "")}.`,
  });
  if (rows.length > 0) context.out("(**) denotes a late run");
}

async function deploymentNames(client: PrefectClient, ids: string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const deployments = await client.readDeployments({ deploymentFilter: { id: { any_: ids } } });
  const flowIds = [...new Set(deployments.map((d) => d.flowId))];
  const flows = await client.readFlows({ flowFilter: { id: { any_: flowIds } } });
  const flowName = new Map(flows.map((f) => [f.id, f.name]));
  return new Map(deployments.map((d) => [d.id, `${flowName.get(d.flowId) ?? d.flowId}/${d.name}`]));
}
