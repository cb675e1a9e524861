// Building blocks of Prefect's filter bodies: the and_/or_ Operator and the optional field shapes the
// sub-filters are made of. Each resource's filters live in their own file next to this one.
import { z } from "zod";
import { DateTimeString, Uuid } from "../common.js";

/** How a filter combines its criteria: all (`and_`, the default) or any (`or_`). */
export const Operator = {
  and_: "and_",
  or_: "or_",
} as const;
/** `and_` or `or_`. */
export type Operator = (typeof Operator)[keyof typeof Operator];
/** Zod schema of {@link Operator}, defaulting to `and_` as every Prefect filter does. */
export const OperatorSchema = z.enum(Operator);

/** `operator` field of a filter: defaults to `and_`. */
export const operatorField = () => OperatorSchema.default("and_");
/** An optional, nullable list of UUIDs (`any_`, `not_any_`). */
export const uuidList = () => z.array(Uuid).nullish();
/** An optional, nullable list of strings (`any_`, `all_`, `not_any_`, `startswith_`). */
export const stringList = () => z.array(z.string()).nullish();
/** An optional, nullable string (`like_`). */
export const optionalString = () => z.string().nullish();
/** An optional, nullable datetime (`before_`, `after_`). */
export const optionalDateTime = () => DateTimeString.nullish();
/** An optional, nullable boolean (`is_null_`, `exists_`, `eq_`). */
export const optionalBoolean = () => z.boolean().nullish();
/** An optional, nullable integer (`ge_`, `le_`). */
export const optionalInt = () => z.int().nullish();
