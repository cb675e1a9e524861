// `prefect-ts work-pool create|ls|inspect|update|pause|resume|delete|set-concurrency-limit|clear-concurrency-limit|
// get-default-base-job-template|preview`: thin commands over the client. Templates of types come from src/worker/worker-types.ts.
import { writeFileSync } from "node:fs";
import type { PrefectClient, UpdateWorkPoolOptions, WorkPool } from "../client/index.js";
import { ObjectAlreadyExistsError, PrefectError } from "../errors.js";
import type { CliContext } from "./context.js";
import { WorkPoolResponse } from "../schemas/index.js";
import { importWorkerTypes } from "../worker/index.js";
import { printTable, printWireJson } from "./output.js";
import { printPreview, readBaseJobTemplate, readPoolOrExplain } from "./pool-lookup.js";

/** Flags of `work-pool create`. */
export interface WorkPoolCreateFlags {
  type?: string;
  baseJobTemplate?: string;
  paused?: boolean;
  concurrencyLimit?: number;
  description?: string;
  overwrite?: boolean;
}

/** Flags of `work-pool update`. */
export interface WorkPoolUpdateFlags {
  baseJobTemplate?: string;
  concurrencyLimit?: number;
  description?: string;
}

/** The names of the registered worker types (their registry loads the Docker worker: only these commands need it). */
async function knownTypes(): Promise<string[]> {
  return (await importWorkerTypes()).workerTypes().map((t) => t.type);
}

/** The default template of a registered type, as a JSON object. */
async function defaultTemplate(type: string): Promise<Record<string, unknown>> {
  const definition = (await importWorkerTypes()).workerType(type);
  if (definition === undefined) {
    throw new PrefectError(`Unknown work pool type '${type}'. Please choose from ${(await knownTypes()).join(", ")}.`);
  }
  return { ...definition.baseJobTemplate() };
}

/**
 * `work-pool create NAME --type T [--base-job-template FILE] [--paused] [--concurrency-limit N] [--overwrite]`.
 * Without a template file the type's default template is used; an unknown type then lists the known ones.
 */
export async function workPoolCreate(context: CliContext, name: string, flags: WorkPoolCreateFlags): Promise<void> {
  if (name.trim() === "") throw new PrefectError("Work pool name cannot be empty.");
  if (flags.type === undefined) {
    const known = await knownTypes();
    throw new PrefectError(
      `Give the work pool's type with --type, e.g. --type process (known types: ${known.join(", ")}).`,
    );
  }
  const template =
    flags.baseJobTemplate === undefined
      ? await defaultTemplate(flags.type)
      : readBaseJobTemplate(flags.baseJobTemplate);
  const client = await context.client();
  const fields = {
    name,
    type: flags.type,
    baseJobTemplate: template,
    isPaused: flags.paused === true,
    ...(flags.concurrencyLimit === undefined ? {} : { concurrencyLimit: flags.concurrencyLimit }),
    ...(flags.description === undefined ? {} : { description: flags.description }),
  };
  let pool: WorkPool;
  let existed = false;
  if (flags.overwrite === true) {
    const current = await client.readWorkPools({ workPoolFilter: { name: { any_: [name] } } });
    existed = current.length > 0;
    if (existed && current[0]?.type !== flags.type) {
      throw new PrefectError(
        `Work pool '${name}' has type '${current[0]?.type}'; a pool's type cannot be changed (delete it first).`,
      );
    }
  }
  try {
    pool = await client.createWorkPool(fields, { overwrite: flags.overwrite === true });
  } catch (error) {
    if (!(error instanceof ObjectAlreadyExistsError)) throw error;
    throw new PrefectError(
      `Work pool named '${name}' already exists. Use --overwrite to update it, or create your work pool with a different name.`,
      { cause: error },
    );
  }
  if (existed) {
    context.out(`Updated work pool '${pool.name}'.`);
    return;
  }
  context.out(`Created work pool '${pool.name}'!`);
  context.out();
  if (!pool.isPaused) {
    context.out("To start a worker for this work pool, run:");
    context.out();
    context.out(`\tprefect-ts worker start --pool '${pool.name}'`);
    context.out();
  }
}

/** `work-pool ls [-o json]`: Name, Type, ID, Concurrency Limit, Status; paused pools are marked (**). */
export async function workPoolLs(context: CliContext, flags: { output?: "json" }): Promise<void> {
  const client = await context.client();
  const pools = (await client.readWorkPools()).sort((a, b) => a.name.localeCompare(b.name));
  if (flags.output === "json") {
    printWireJson(context, WorkPoolResponse, pools);
    return;
  }
  printTable(context, {
    title: "Work Pools",
    head: ["Name", "Type", "ID", "Concurrency Limit", "Status"],
    rows: pools.map((p) => [
      p.isPaused ? `${p.name} (**)` : p.name,
      p.type,
      p.id,
      p.concurrencyLimit === null ? "None" : p.concurrencyLimit,
      p.status ?? "-",
    ]),
    empty: "No work pools found. Create one with `prefect-ts work-pool create NAME --type process`.",
  });
  if (pools.some((p) => p.isPaused)) context.out("(**) denotes a paused pool");
}

/** `work-pool inspect NAME [-o json]`: the pool as Prefect prints it: its snake_case wire JSON, base job template included. */
export async function workPoolInspect(context: CliContext, name: string, _flags: { output?: "json" }): Promise<void> {
  const client = await context.client();
  printWireJson(context, WorkPoolResponse, await readPoolOrExplain(client, name));
}

/** `work-pool update NAME [--base-job-template FILE] [--concurrency-limit N] [--description D]`. */
export async function workPoolUpdate(context: CliContext, name: string, flags: WorkPoolUpdateFlags): Promise<void> {
  const fields: UpdateWorkPoolOptions = {};
  if (flags.baseJobTemplate !== undefined) fields.baseJobTemplate = readBaseJobTemplate(flags.baseJobTemplate);
  if (flags.concurrencyLimit !== undefined) fields.concurrencyLimit = flags.concurrencyLimit;
  if (flags.description !== undefined) fields.description = flags.description;
  if (Object.keys(fields).length === 0) {
    throw new PrefectError(
      "Nothing to update: give --base-job-template FILE, --concurrency-limit N or --description TEXT.",
    );
  }
  await patch(context, name, fields);
  context.out(`Updated work pool '${name}'`);
}

async function patch(context: CliContext, name: string, fields: UpdateWorkPoolOptions): Promise<PrefectClient> {
  const client = await context.client();
  await readPoolOrExplain(client, name);
  await client.updateWorkPool(name, fields);
  return client;
}

/** `work-pool pause NAME`: workers get no runs from it until resumed. */
export async function workPoolPause(context: CliContext, name: string): Promise<void> {
  await patch(context, name, { isPaused: true });
  context.out(`Paused work pool '${name}'`);
}

/** `work-pool resume NAME`. */
export async function workPoolResume(context: CliContext, name: string): Promise<void> {
  await patch(context, name, { isPaused: false });
  context.out(`Resumed work pool '${name}'`);
}

/** `work-pool set-concurrency-limit NAME N`. */
export async function workPoolSetConcurrencyLimit(context: CliContext, name: string, limit: number): Promise<void> {
  await patch(context, name, { concurrencyLimit: limit });
  context.out(`Set concurrency limit for work pool '${name}' to ${limit}`);
}

/** `work-pool clear-concurrency-limit NAME`. */
export async function workPoolClearConcurrencyLimit(context: CliContext, name: string): Promise<void> {
  await patch(context, name, { concurrencyLimit: null });
  context.out(`Cleared concurrency limit for work pool '${name}'`);
}

/** `work-pool delete NAME`: the pool, its queues and workers. */
export async function workPoolDelete(context: CliContext, name: string): Promise<void> {
  const client = await context.client();
  await readPoolOrExplain(client, name);
  await client.deleteWorkPool(name);
  context.out(`Deleted work pool '${name}'`);
}

/** `work-pool get-default-base-job-template --type T [--file F]`: the type's template as JSON. */
export async function workPoolDefaultTemplate(
  context: CliContext,
  flags: { type?: string; file?: string },
): Promise<void> {
  if (flags.type === undefined) {
    throw new PrefectError(`Give the work pool type with --type (known types: ${(await knownTypes()).join(", ")}).`);
  }
  const text = JSON.stringify(await defaultTemplate(flags.type), null, 2);
  if (flags.file === undefined) context.out(text);
  else writeFileSync(flags.file, text + "\n");
}

/** `work-pool preview NAME [--hours H]`: the pool's scheduled runs in the next H hours (default 1). */
export async function workPoolPreview(context: CliContext, name: string, flags: { hours?: number }): Promise<void> {
  const client = await context.client();
  await readPoolOrExplain(client, name);
  await printPreview(
    context,
    client,
    { pool: name, title: `Preview of scheduled work for work pool '${name}'` },
    flags.hours ?? 1,
  );
}
