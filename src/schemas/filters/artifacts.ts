// Filters on artifacts and on the latest artifact of each key: ArtifactFilter, ArtifactCollectionFilter, their
// sub-filters, sorts, and the /artifacts/filter, /count, /latest/filter and /latest/count bodies.
import { z } from "zod";
import { nullAsDefault, pageLimit, pageOffset } from "../common.js";
import { DeploymentFilter } from "./deployments.js";
import { FlowRunFilter } from "./flow-runs.js";
import { FlowFilter } from "./flows.js";
import { operatorField, optionalBoolean, optionalString, stringList, uuidList } from "./operators.js";
import { TaskRunFilter } from "./task-runs.js";

/** Artifacts whose id is in a list. */
export const ArtifactFilterId = z.strictObject({ any_: uuidList() });
/** Filter on artifact id. */
export type ArtifactFilterId = z.infer<typeof ArtifactFilterId>;

/** Artifacts whose key is in a list, contains `like_` (case-insensitive), or (`exists_`) has a key at all. */
export const ArtifactFilterKey = z.strictObject({
  any_: stringList(),
  like_: optionalString(),
  exists_: optionalBoolean(),
});
/** Filter on artifact key. */
export type ArtifactFilterKey = z.infer<typeof ArtifactFilterKey>;

/** Artifacts of one of these flow runs. */
export const ArtifactFilterFlowRunId = z.strictObject({ any_: uuidList() });
/** Filter on an artifact's flow run. */
export type ArtifactFilterFlowRunId = z.infer<typeof ArtifactFilterFlowRunId>;

/** Artifacts of one of these task runs. */
export const ArtifactFilterTaskRunId = z.strictObject({ any_: uuidList() });
/** Filter on an artifact's task run. */
export type ArtifactFilterTaskRunId = z.infer<typeof ArtifactFilterTaskRunId>;

/** Artifacts whose type is (`any_`) or is not (`not_any_`) in a list. */
export const ArtifactFilterType = z.strictObject({ any_: stringList(), not_any_: stringList() });
/** Filter on artifact type. */
export type ArtifactFilterType = z.infer<typeof ArtifactFilterType>;

/** Filter on artifacts (`ArtifactFilter`). */
export const ArtifactFilter = z.strictObject({
  operator: operatorField(),
  id: ArtifactFilterId.nullish(),
  key: ArtifactFilterKey.nullish(),
  flow_run_id: ArtifactFilterFlowRunId.nullish(),
  task_run_id: ArtifactFilterTaskRunId.nullish(),
  type: ArtifactFilterType.nullish(),
});
/** An artifact filter. */
export type ArtifactFilter = z.infer<typeof ArtifactFilter>;
/** An artifact filter as sent. */
export type ArtifactFilterInput = z.input<typeof ArtifactFilter>;

/** Latest artifacts whose id is in a list. */
export const ArtifactCollectionFilterLatestId = z.strictObject({ any_: uuidList() });
/** Key filter of the latest artifacts (as {@link ArtifactFilterKey}). */
export const ArtifactCollectionFilterKey = ArtifactFilterKey;
/** Flow run filter of the latest artifacts. */
export const ArtifactCollectionFilterFlowRunId = ArtifactFilterFlowRunId;
/** Task run filter of the latest artifacts. */
export const ArtifactCollectionFilterTaskRunId = ArtifactFilterTaskRunId;
/** Type filter of the latest artifacts. */
export const ArtifactCollectionFilterType = ArtifactFilterType;

/** Filter on the latest artifact of each key (`ArtifactCollectionFilter`). */
export const ArtifactCollectionFilter = z.strictObject({
  operator: operatorField(),
  latest_id: ArtifactCollectionFilterLatestId.nullish(),
  key: ArtifactCollectionFilterKey.nullish(),
  flow_run_id: ArtifactCollectionFilterFlowRunId.nullish(),
  task_run_id: ArtifactCollectionFilterTaskRunId.nullish(),
  type: ArtifactCollectionFilterType.nullish(),
});
/** A filter on the latest artifacts. */
export type ArtifactCollectionFilter = z.infer<typeof ArtifactCollectionFilter>;
/** A filter on the latest artifacts as sent. */
export type ArtifactCollectionFilterInput = z.input<typeof ArtifactCollectionFilter>;

/** Sort orders of `POST /artifacts/filter` and `/artifacts/latest/filter`. */
export const ArtifactSort = {
  CREATED_DESC: "CREATED_DESC",
  UPDATED_DESC: "UPDATED_DESC",
  ID_DESC: "ID_DESC",
  KEY_DESC: "KEY_DESC",
  KEY_ASC: "KEY_ASC",
} as const;
/** An artifact sort order. */
export type ArtifactSort = (typeof ArtifactSort)[keyof typeof ArtifactSort];
/** Zod schema of {@link ArtifactSort}. */
export const ArtifactSortSchema = z.enum(ArtifactSort);
/** Sort orders of the latest artifacts: the same as {@link ArtifactSort}. */
export const ArtifactCollectionSort = ArtifactSort;
/** A sort order of the latest artifacts. */
export type ArtifactCollectionSort = ArtifactSort;
/** Zod schema of {@link ArtifactCollectionSort}. */
export const ArtifactCollectionSortSchema = ArtifactSortSchema;

const runFilters = {
  flow_runs: FlowRunFilter.nullish(),
  task_runs: TaskRunFilter.nullish(),
  flows: FlowFilter.nullish(),
  deployments: DeploymentFilter.nullish(),
};

/** Body of `POST /artifacts/count` (`Body_count_artifacts_artifacts_count_post`). */
export const ArtifactCountRequest = z.object({ artifacts: ArtifactFilter.nullish(), ...runFilters });
/** An artifacts count query. */
export type ArtifactCountRequest = z.infer<typeof ArtifactCountRequest>;

/** Body of `POST /artifacts/filter` (`Body_read_artifacts_artifacts_filter_post`), newest first by default. */
export const ArtifactFilterRequest = ArtifactCountRequest.extend({
  sort: nullAsDefault(ArtifactSortSchema, "ID_DESC"),
  offset: pageOffset(),
  limit: pageLimit(),
});
/** An artifacts query (defaults applied). */
export type ArtifactFilterRequest = z.infer<typeof ArtifactFilterRequest>;

/** Body of `POST /artifacts/latest/count` (`Body_count_latest_artifacts_artifacts_latest_count_post`). */
export const ArtifactCollectionCountRequest = z.object({
  artifacts: ArtifactCollectionFilter.nullish(),
  ...runFilters,
});
/** A latest-artifacts count query. */
export type ArtifactCollectionCountRequest = z.infer<typeof ArtifactCollectionCountRequest>;

/** Body of `POST /artifacts/latest/filter` (`Body_read_latest_artifacts_artifacts_latest_filter_post`). */
export const ArtifactCollectionFilterRequest = ArtifactCollectionCountRequest.extend({
  sort: nullAsDefault(ArtifactSortSchema, "ID_DESC"),
  offset: pageOffset(),
  limit: pageLimit(),
});
/** A latest-artifacts query (defaults applied). */
export type ArtifactCollectionFilterRequest = z.infer<typeof ArtifactCollectionFilterRequest>;
