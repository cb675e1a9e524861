// Filters on work pools and work queues (`WorkPoolFilter`, `WorkQueueFilter` and sub-filters), as the
// `work_pools` / `work_pool_queues` keys of Prefect's /filter and /count bodies.
import { z } from "zod";
import { operatorField, stringList, uuidList } from "./operators.js";

/** Work pools whose id is in a list. */
export const WorkPoolFilterId = z.strictObject({ any_: uuidList() });
/** Filter on work pool id. */
export type WorkPoolFilterId = z.infer<typeof WorkPoolFilterId>;

/** Work pools whose name is in a list. */
export const WorkPoolFilterName = z.strictObject({ any_: stringList() });
/** Filter on work pool name. */
export type WorkPoolFilterName = z.infer<typeof WorkPoolFilterName>;

/** Work pools whose type is in a list. */
export const WorkPoolFilterType = z.strictObject({ any_: stringList() });
/** Filter on work pool type. */
export type WorkPoolFilterType = z.infer<typeof WorkPoolFilterType>;

/** Filter on work pools (`WorkPoolFilter`). */
export const WorkPoolFilter = z.strictObject({
  operator: operatorField(),
  id: WorkPoolFilterId.nullish(),
  name: WorkPoolFilterName.nullish(),
  type: WorkPoolFilterType.nullish(),
});
/** A work pool filter. */
export type WorkPoolFilter = z.infer<typeof WorkPoolFilter>;

/** Work queues whose id is in a list. */
export const WorkQueueFilterId = z.strictObject({ any_: uuidList() });
/** Filter on work queue id. */
export type WorkQueueFilterId = z.infer<typeof WorkQueueFilterId>;

/** Work queues whose name is in a list or starts with one of `startswith_`. */
export const WorkQueueFilterName = z.strictObject({ any_: stringList(), startswith_: stringList() });
/** Filter on work queue name. */
export type WorkQueueFilterName = z.infer<typeof WorkQueueFilterName>;

/** Filter on work queues (`WorkQueueFilter`). */
export const WorkQueueFilter = z.strictObject({
  operator: operatorField(),
  id: WorkQueueFilterId.nullish(),
  name: WorkQueueFilterName.nullish(),
});
/** A work queue filter. */
export type WorkQueueFilter = z.infer<typeof WorkQueueFilter>;
