// The registry of worker types (`process`, `docker`, `prefect:managed`): each names its default base job template
// and how it starts a run.
// The process type's template lives in process-worker-type.ts; rendering a template lives in job-configuration.ts.
import { dockerWorkerType } from "./docker/docker-worker-type.js";
import { managedWorkerType } from "./managed-worker-type.js";
import { processJobPlan } from "./process-job-plan.js";
import { processWorkerType } from "./process-worker-type.js";
import type { WorkerTypeDefinition } from "./worker-type-definition.js";

export type { BaseJobTemplate, WorkerTypeDefinition } from "./worker-type-definition.js";

const registry = new Map<string, WorkerTypeDefinition>();

/**
 * Adds a worker type, or replaces the one of the same `type`.
 * This is how `docker` and `prefect:managed` plug in: nothing else needs to change.
 * @throws TypeError when `type` is empty or `baseJobTemplate` is not a function.
 */
export function registerWorkerType(definition: WorkerTypeDefinition): void {
  if (typeof definition.type !== "string" || definition.type.trim() === "") {
    throw new TypeError('registerWorkerType: `type` must be a non-empty string, e.g. "docker".');
  }
  if (typeof definition.baseJobTemplate !== "function") {
    throw new TypeError(
      `registerWorkerType("${definition.type}"): \`baseJobTemplate\` must be a function returning {job_configuration, variables}.`,
    );
  }
  registry.set(definition.type, definition);
}

/** The worker type named `type`, or `undefined` when none is registered under that name. */
export function workerType(type: string): WorkerTypeDefinition | undefined {
  return registry.get(type);
}

/** Every registered worker type, in registration order (`process` first). */
export function workerTypes(): WorkerTypeDefinition[] {
  return [...registry.values()];
}

/**
 * The message for a worker type nobody registered, naming the known ones:
 * `Unknown worker type "dokker". Known types: process. Use one of them, e.g. --type process.`
 */
export function unknownWorkerTypeMessage(type: string): string {
  const known = workerTypes().map((definition) => definition.type);
  const list = known.length === 0 ? "none" : known.join(", ");
  const example = known[0] === undefined ? "" : ` Use one of them, e.g. --type ${known[0]}.`;
  return `Unknown worker type "${type}". Known types: ${list}.${example}`;
}

registerWorkerType({ ...processWorkerType, plan: processJobPlan, workerNamePrefix: "ProcessWorker", prestarts: true });
registerWorkerType(dockerWorkerType);
registerWorkerType(managedWorkerType);
