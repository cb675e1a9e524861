// Filters on flows: FlowFilter and its sub-filters (`FlowFilterId`, `FlowFilterName`, ...), as the
// `flows` key of Prefect's /filter and /count bodies. Extra keys are rejected, as Prefect does.
import { z } from "zod";
import { operatorField, optionalBoolean, optionalString, stringList, uuidList } from "./operators.js";

/** Flows whose id is (not) in a list. */
export const FlowFilterId = z.strictObject({ any_: uuidList(), not_any_: uuidList() });
/** Filter on flow id. */
export type FlowFilterId = z.infer<typeof FlowFilterId>;

/** Flows whose name is in a list or matches `like_` (case-insensitive substring). */
export const FlowFilterName = z.strictObject({ any_: stringList(), like_: optionalString() });
/** Filter on flow name. */
export type FlowFilterName = z.infer<typeof FlowFilterName>;

/** Flows carrying all the given tags, or (`is_null_`) no tags at all. */
export const FlowFilterTags = z.strictObject({
  operator: operatorField(),
  all_: stringList(),
  is_null_: optionalBoolean(),
});
/** Filter on flow tags. */
export type FlowFilterTags = z.infer<typeof FlowFilterTags>;

/** Flows with (`is_null_: false`) or without (`true`) a deployment. */
export const FlowFilterDeployment = z.strictObject({
  operator: operatorField(),
  is_null_: optionalBoolean(),
});
/** Filter on whether a flow has deployments. */
export type FlowFilterDeployment = z.infer<typeof FlowFilterDeployment>;

/** Filter on flows (`FlowFilter`). */
export const FlowFilter = z.strictObject({
  operator: operatorField(),
  id: FlowFilterId.nullish(),
  deployment: FlowFilterDeployment.nullish(),
  name: FlowFilterName.nullish(),
  tags: FlowFilterTags.nullish(),
});
/** A flow filter. */
export type FlowFilter = z.infer<typeof FlowFilter>;
/** A flow filter as sent. */
export type FlowFilterInput = z.input<typeof FlowFilter>;
