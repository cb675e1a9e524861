// The registered worker types as Prefect's collection registry view `aggregate-worker-metadata` (what Prefect's UI
// reads to offer pool types and their default base job templates), for the hosts that serve the dashboard.
// The types themselves live in worker-types.ts; the route that serves the view lives in src/server/routes/collections.ts.
import { workerTypes } from "./worker-types.js";

/** Display names and collections as Prefect's registry spells them; other types are listed under `prefect`. */
const KNOWN: Readonly<Record<string, { collection: string; displayName: string }>> = {
  process: { collection: "prefect", displayName: "Process" },
  docker: { collection: "prefect-docker", displayName: "Docker" },
  "prefect:managed": { collection: "prefect", displayName: "Prefect Managed" },
};

/**
 * `{ [collection]: { [type]: { type, display_name, description, default_base_job_configuration, ... } } }` of every
 * registered worker type, each with a fresh copy of its default base job template (what `work-pool create` uses).
 * @example aggregateWorkerMetadata().prefect?.process // { type: "process", display_name: "Process", ... }
 */
export function aggregateWorkerMetadata(): Record<string, Record<string, unknown>> {
  const view: Record<string, Record<string, unknown>> = {};
  for (const definition of workerTypes()) {
    const known = KNOWN[definition.type];
    const collection = known?.collection ?? "prefect";
    view[collection] ??= {};
    view[collection][definition.type] = {
      type: definition.type,
      display_name: known?.displayName ?? definition.type,
      description: definition.description,
      documentation_url: "",
      install_command: "npm install prefect-ts",
      logo_url: "",
      is_beta: false,
      is_push_pool: false,
      default_base_job_configuration: definition.baseJobTemplate(),
    };
  }
  return view;
}

/** The collection registry views a dashboard-serving host hands to its server. */
export function collectionViews(): Record<string, Record<string, unknown>> {
  return { "aggregate-worker-metadata": aggregateWorkerMetadata() };
}
