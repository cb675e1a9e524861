// Flow models: the Flow object and its create/update actions. Flow filters live in filters/.
import { z } from "zod";
import { DateTimeString, KeyValueLabels, Name, Uuid } from "./common.js";

/** A flow as returned by the API (`Flow`). */
export const Flow = z.object({
  id: Uuid,
  created: DateTimeString.nullable(),
  updated: DateTimeString.nullable(),
  name: Name,
  tags: z.array(z.string()).default(() => []),
  labels: KeyValueLabels.nullable().default(() => ({})),
});
/** A flow. */
export type Flow = z.infer<typeof Flow>;
/** A flow as accepted on input. */
export type FlowInput = z.input<typeof Flow>;

/** Body of `POST /flows/` (`FlowCreate`): creating an existing name returns the existing flow. */
export const FlowCreate = z.strictObject({
  name: Name,
  tags: z.array(z.string()).default(() => []),
  labels: KeyValueLabels.nullable().default(() => ({})),
});
/** A flow creation request (defaults applied). */
export type FlowCreate = z.infer<typeof FlowCreate>;
/** A flow creation request as sent. */
export type FlowCreateInput = z.input<typeof FlowCreate>;

/**
 * Body of `PATCH /flows/{id}` (`FlowUpdate`). No default on `tags`: Prefect applies only the fields the
 * request sets (`exclude_unset`), so an absent field must stay absent.
 */
export const FlowUpdate = z.strictObject({
  tags: z.array(z.string()).optional(),
});
/** A flow update request. */
export type FlowUpdate = z.infer<typeof FlowUpdate>;
/** A flow update request as sent. */
export type FlowUpdateInput = z.input<typeof FlowUpdate>;
