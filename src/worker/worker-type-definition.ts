// What a worker type is: its name, its description and its default base job template (Prefect's wire shape).
// The registry of types is worker-types.ts; this file only holds the shapes, so type modules need not import the registry.

/**
 * A work pool's base job template, as Prefect stores it (snake_case: it is the wire value):
 * `job_configuration` holds the job's fields with `{{ variable }}` placeholders, `variables` is the JSON schema
 * of the job variables a deployment or a run may set.
 * A type alias, not an interface, so that it stays assignable to `Record<string, unknown>` (the client's wire maps).
 */
export type BaseJobTemplate = {
  job_configuration: Record<string, unknown>;
  variables: Record<string, unknown>;
};

/** One kind of worker (`process`, `docker`, ...) and the template a pool of that type starts with. */
export interface WorkerTypeDefinition {
  /** The pool type, as on the wire (`"process"`). */
  type: string;
  /** One sentence for `work-pool create` and the UI. */
  description: string;
  /** A fresh copy of the default base job template of a pool of this type. */
  baseJobTemplate(): BaseJobTemplate;
}
