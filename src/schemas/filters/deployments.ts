// Filters on deployments: DeploymentFilter and its sub-filters, as the `deployments` key of Prefect's
// /filter and /count bodies. Extra keys are rejected, as Prefect does.
import { z } from "zod";
import { operatorField, optionalBoolean, optionalInt, optionalString, stringList, uuidList } from "./operators.js";

/** Deployments whose id is (not) in a list. */
export const DeploymentFilterId = z.strictObject({ any_: uuidList(), not_any_: uuidList() });
/** Filter on deployment id. */
export type DeploymentFilterId = z.infer<typeof DeploymentFilterId>;

/** Deployments whose name is in a list or matches `like_` (case-insensitive substring). */
export const DeploymentFilterName = z.strictObject({ any_: stringList(), like_: optionalString() });
/** Filter on deployment name. */
export type DeploymentFilterName = z.infer<typeof DeploymentFilterName>;

/** Deployments whose own name or whose flow's name matches `like_`. */
export const DeploymentOrFlowNameFilter = z.strictObject({ like_: optionalString() });
/** Filter on deployment or flow name. */
export type DeploymentOrFlowNameFilter = z.infer<typeof DeploymentOrFlowNameFilter>;

/** Deployments that are (not) paused. */
export const DeploymentFilterPaused = z.strictObject({ eq_: optionalBoolean() });
/** Filter on deployment paused flag. */
export type DeploymentFilterPaused = z.infer<typeof DeploymentFilterPaused>;

/** Deployments carrying all (`all_`) or any (`any_`) of the tags, or no tags (`is_null_`). */
export const DeploymentFilterTags = z.strictObject({
  operator: operatorField(),
  all_: stringList(),
  any_: stringList(),
  is_null_: optionalBoolean(),
});
/** Filter on deployment tags. */
export type DeploymentFilterTags = z.infer<typeof DeploymentFilterTags>;

/** Deployments in the given work queues. */
export const DeploymentFilterWorkQueueName = z.strictObject({ any_: stringList() });
/** Filter on deployment work queue name. */
export type DeploymentFilterWorkQueueName = z.infer<typeof DeploymentFilterWorkQueueName>;

/** Deployments with a concurrency limit between `ge_` and `le_`, or none (`is_null_`). */
export const DeploymentFilterConcurrencyLimit = z.strictObject({
  ge_: optionalInt(),
  le_: optionalInt(),
  is_null_: optionalBoolean(),
});
/** Filter on deployment concurrency limit. */
export type DeploymentFilterConcurrencyLimit = z.infer<typeof DeploymentFilterConcurrencyLimit>;

/** Filter on deployments (`DeploymentFilter`). */
export const DeploymentFilter = z.strictObject({
  operator: operatorField(),
  id: DeploymentFilterId.nullish(),
  name: DeploymentFilterName.nullish(),
  flow_or_deployment_name: DeploymentOrFlowNameFilter.nullish(),
  paused: DeploymentFilterPaused.nullish(),
  tags: DeploymentFilterTags.nullish(),
  work_queue_name: DeploymentFilterWorkQueueName.nullish(),
  concurrency_limit: DeploymentFilterConcurrencyLimit.nullish(),
});
/** A deployment filter. */
export type DeploymentFilter = z.infer<typeof DeploymentFilter>;
/** A deployment filter as sent. */
export type DeploymentFilterInput = z.input<typeof DeploymentFilter>;
