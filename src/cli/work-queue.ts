// `prefect-ts work-queue create|ls|inspect|pause|resume|set-concurrency-limit|clear-concurrency-limit|delete|preview`:
// thin commands over the client; a queue is named by name or by id. Lookups with "not found" hints live in pool-lookup.ts.
import type { WorkQueue } from "../client/index.js";
import type { PrefectClient } from "../client/index.js";
import { ObjectAlreadyExistsError, ObjectNotFoundError, PrefectError } from "../errors.js";
import type { CliContext } from "./context.js";
import { DEFAULT_AGENT_POOL_NAME, WorkQueueResponse } from "../schemas/index.js";
import { printTable, printWireJson } from "./output.js";
import { printPreview, readPoolOrExplain, readQueueOrExplain } from "./pool-lookup.js";

/** Flags of `work-queue create`. */
export interface WorkQueueCreateFlags {
  pool?: string;
  limit?: number;
  priority?: number;
  description?: string;
}

/** Flags shared by the work-queue commands that address one queue. */
export interface WorkQueueTargetFlags {
  pool?: string;
  output?: "json";
}

/**
 * `work-queue create NAME [--pool P] [--limit N] [--priority N]`; without --pool the queue goes to Prefect's
 * `default-agent-pool` (made on first use), where Prefect 2's agents look.
 */
export async function workQueueCreate(context: CliContext, name: string, flags: WorkQueueCreateFlags): Promise<void> {
  if (flags.priority === 0) throw new PrefectError("--priority must be 1 or more (1 runs first).");
  const client = await context.client();
  if (flags.pool !== undefined) await readPoolOrExplain(client, flags.pool);
  const pool = flags.pool ?? DEFAULT_AGENT_POOL_NAME;
  let queue: WorkQueue;
  try {
    queue = await client.createWorkQueue({
      name,
      ...(flags.pool === undefined ? {} : { workPoolName: flags.pool }),
      ...(flags.limit === undefined ? {} : { concurrencyLimit: flags.limit }),
      ...(flags.priority === undefined ? {} : { priority: flags.priority }),
      ...(flags.description === undefined ? {} : { description: flags.description }),
    });
  } catch (error) {
    if (!(error instanceof ObjectAlreadyExistsError)) throw error;
    throw new PrefectError(`Work queue '${name}' already exists in work pool '${pool}'. Pick another name.`, {
      cause: error,
    });
  }
  context.out("Created work queue with properties:");
  context.out(`    name - '${queue.name}'`);
  context.out(`    work pool - '${queue.workPoolName ?? pool}'`);
  context.out(`    id - ${queue.id}`);
  context.out(`    concurrency limit - ${queue.concurrencyLimit ?? "None"}`);
  context.out(`    priority - ${queue.priority}`);
  if (flags.pool === undefined) {
    context.out("Start an agent to pick up flow runs from the work queue:");
    context.out(`    prefect-ts agent start -q '${queue.name}'`);
  } else {
    context.out("Start a worker to pick up flow runs from the work queue:");
    context.out(`    prefect-ts worker start --pool '${pool}' --work-queue '${queue.name}'`);
  }
  context.out();
  context.out("Inspect the work queue:");
  context.out(`    prefect-ts work-queue inspect '${queue.name}' --pool '${pool}'`);
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The queue a command names: by id when the argument is a UUID (Prefect 2's CLI took a name or an id, and so does
 * Prefect's), else by name (in `pool`, or the one queue of that name).
 */
async function readQueueByNameOrId(
  client: PrefectClient,
  nameOrId: string,
  pool: string | undefined,
): Promise<WorkQueue> {
  if (!UUID.test(nameOrId)) return readQueueOrExplain(client, nameOrId, pool);
  try {
    return await client.readWorkQueue(nameOrId);
  } catch (error) {
    if (!(error instanceof ObjectNotFoundError)) throw error;
    throw new PrefectError(`No work queue with id ${nameOrId} found. List them with \`prefect-ts work-queue ls\`.`, {
      cause: error,
    });
  }
}

/** `work-queue ls [--pool P] [-o json]`: Name, Pool, ID, Concurrency Limit, Priority, Status. */
export async function workQueueLs(context: CliContext, flags: WorkQueueTargetFlags): Promise<void> {
  const client = await context.client();
  if (flags.pool !== undefined) await readPoolOrExplain(client, flags.pool);
  const queues = await client.readWorkQueues(flags.pool === undefined ? {} : { workPoolName: flags.pool });
  queues.sort(
    (a, b) =>
      (a.workPoolName ?? "").localeCompare(b.workPoolName ?? "") ||
      a.priority - b.priority ||
      a.name.localeCompare(b.name),
  );
  if (flags.output === "json") {
    printWireJson(context, WorkQueueResponse, queues);
    return;
  }
  printTable(context, {
    title: flags.pool === undefined ? "Work Queues" : `Work Queues in work pool '${flags.pool}'`,
    head: ["Name", "Pool", "ID", "Concurrency Limit", "Priority", "Status"],
    rows: queues.map((q) => [
      q.isPaused ? `${q.name} (**)` : q.name,
      q.workPoolName ?? "-",
      q.id,
      q.concurrencyLimit === null ? "None" : q.concurrencyLimit,
      q.priority,
      q.status ?? "-",
    ]),
    empty: "No work queues found.",
  });
  if (queues.some((q) => q.isPaused)) context.out("(**) denotes a paused queue");
}

/** `work-queue inspect NAME [--pool P] [-o json]`: the queue as Prefect prints it: its snake_case wire JSON. */
export async function workQueueInspect(context: CliContext, name: string, flags: WorkQueueTargetFlags): Promise<void> {
  const client = await context.client();
  printWireJson(context, WorkQueueResponse, await readQueueByNameOrId(client, name, flags.pool));
}

async function patchQueue(
  context: CliContext,
  name: string,
  pool: string | undefined,
  fields: { isPaused?: boolean; concurrencyLimit?: number | null },
): Promise<WorkQueue> {
  const client = await context.client();
  const queue = await readQueueByNameOrId(client, name, pool);
  await client.updateWorkQueue(queue.id, fields);
  return queue;
}

const label = (queue: WorkQueue): string => `'${queue.name}' in work pool '${queue.workPoolName ?? "?"}'`;

/** `work-queue pause NAME --pool P`. */
export async function workQueuePause(context: CliContext, name: string, flags: WorkQueueTargetFlags): Promise<void> {
  const queue = await patchQueue(context, name, flags.pool, { isPaused: true });
  context.out(`Paused work queue ${label(queue)}`);
}

/** `work-queue resume NAME --pool P`. */
export async function workQueueResume(context: CliContext, name: string, flags: WorkQueueTargetFlags): Promise<void> {
  const queue = await patchQueue(context, name, flags.pool, { isPaused: false });
  context.out(`Resumed work queue ${label(queue)}`);
}

/** `work-queue set-concurrency-limit NAME N --pool P`. */
export async function workQueueSetConcurrencyLimit(
  context: CliContext,
  name: string,
  limit: number,
  flags: WorkQueueTargetFlags,
): Promise<void> {
  const queue = await patchQueue(context, name, flags.pool, { concurrencyLimit: limit });
  context.out(`Concurrency limit of ${limit} set on work queue ${label(queue)}`);
}

/** `work-queue clear-concurrency-limit NAME --pool P`. */
export async function workQueueClearConcurrencyLimit(
  context: CliContext,
  name: string,
  flags: WorkQueueTargetFlags,
): Promise<void> {
  const queue = await patchQueue(context, name, flags.pool, { concurrencyLimit: null });
  context.out(`Concurrency limits removed on work queue ${label(queue)}`);
}

/** `work-queue delete NAME --pool P` (a pool's default queue cannot be deleted). */
export async function workQueueDelete(context: CliContext, name: string, flags: WorkQueueTargetFlags): Promise<void> {
  const client = await context.client();
  const queue = await readQueueByNameOrId(client, name, flags.pool);
  await client.deleteWorkQueue(queue.id);
  context.out(`Deleted work queue ${label(queue)}`);
}

/** `work-queue preview NAME --pool P [--hours H]`: the queue's scheduled runs in the next H hours (default 1). */
export async function workQueuePreview(
  context: CliContext,
  name: string,
  flags: WorkQueueTargetFlags & { hours?: number },
): Promise<void> {
  const client = await context.client();
  const queue = await readQueueByNameOrId(client, name, flags.pool);
  const pool = queue.workPoolName ?? flags.pool;
  if (pool === undefined) throw new PrefectError(`Work queue '${name}' has no work pool; give it with --pool.`);
  await printPreview(
    context,
    client,
    {
      pool,
      queues: [queue.name],
      title: `Preview of scheduled work for work queue '${queue.name}' in work pool '${pool}'`,
    },
    flags.hours ?? 1,
  );
}
