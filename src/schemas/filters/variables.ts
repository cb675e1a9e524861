// Filters on variables: VariableFilter and its sub-filters, plus the /variables/filter and /variables/count
// bodies and VariableSort. Extra keys are rejected, as Prefect does.
import { z } from "zod";
import { nullAsDefault, pageLimit, pageOffset } from "../common.js";
import { operatorField, optionalBoolean, optionalString, stringList, uuidList } from "./operators.js";

/** Variables whose id is in a list. */
export const VariableFilterId = z.strictObject({ any_: uuidList() });
/** Filter on variable id. */
export type VariableFilterId = z.infer<typeof VariableFilterId>;

/** Variables whose name is in a list or contains `like_` (case-insensitive). */
export const VariableFilterName = z.strictObject({ any_: stringList(), like_: optionalString() });
/** Filter on variable name. */
export type VariableFilterName = z.infer<typeof VariableFilterName>;

/** Variables carrying all the given tags, or (`is_null_`) no tags at all. */
export const VariableFilterTags = z.strictObject({
  operator: operatorField(),
  all_: stringList(),
  is_null_: optionalBoolean(),
});
/** Filter on variable tags. */
export type VariableFilterTags = z.infer<typeof VariableFilterTags>;

/** Filter on variables (`VariableFilter`). */
export const VariableFilter = z.strictObject({
  operator: operatorField(),
  id: VariableFilterId.nullish(),
  name: VariableFilterName.nullish(),
  tags: VariableFilterTags.nullish(),
});
/** A variable filter. */
export type VariableFilter = z.infer<typeof VariableFilter>;
/** A variable filter as sent. */
export type VariableFilterInput = z.input<typeof VariableFilter>;

/** Sort orders of `POST /variables/filter`. */
export const VariableSort = {
  CREATED_DESC: "CREATED_DESC",
  UPDATED_DESC: "UPDATED_DESC",
  NAME_DESC: "NAME_DESC",
  NAME_ASC: "NAME_ASC",
} as const;
/** A variable sort order. */
export type VariableSort = (typeof VariableSort)[keyof typeof VariableSort];
/** Zod schema of {@link VariableSort}. */
export const VariableSortSchema = z.enum(VariableSort);

/** Body of `POST /variables/count` (`Body_count_variables_variables_count_post`). */
export const VariableCountRequest = z.object({ variables: VariableFilter.nullish() });
/** A variables count query. */
export type VariableCountRequest = z.infer<typeof VariableCountRequest>;
/** A variables count query as sent. */
export type VariableCountRequestInput = z.input<typeof VariableCountRequest>;

/** Body of `POST /variables/filter` (`Body_read_variables_variables_filter_post`), sorted by name by default. */
export const VariableFilterRequest = VariableCountRequest.extend({
  offset: pageOffset(),
  sort: nullAsDefault(VariableSortSchema, "NAME_ASC"),
  limit: pageLimit(),
});
/** A variables query (defaults applied). */
export type VariableFilterRequest = z.infer<typeof VariableFilterRequest>;
/** A variables query as sent. */
export type VariableFilterRequestInput = z.input<typeof VariableFilterRequest>;
