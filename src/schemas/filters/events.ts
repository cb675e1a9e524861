// Filters on events (`EventFilter` and its parts), as a subscriber of `/events/out` sends them. Label values may end
// in `*` (prefix match) or start with `!` (negation), as Prefect's `ResourceSpecification`; extra keys are rejected.
import { z } from "zod";
import { DateTimeString } from "../common.js";

const Strings = z.array(z.string()).nullish();

/** Resource labels to match: each label's value, or any of several values. */
export const ResourceSpecification = z.record(z.string(), z.union([z.string(), z.array(z.string())]));
/** Labels to match. */
export type ResourceSpecification = z.infer<typeof ResourceSpecification>;

/** Events whose name is (or starts with) one of these, and is not excluded (`EventNameFilter`). */
export const EventNameFilter = z.strictObject({
  prefix: Strings,
  exclude_prefix: Strings,
  name: Strings,
  exclude_name: Strings,
});
/** A filter on event names. */
export type EventNameFilter = z.infer<typeof EventNameFilter>;

/** Events about these primary resources (`EventResourceFilter`). */
export const EventResourceFilter = z.strictObject({
  id: Strings,
  id_prefix: Strings,
  labels: ResourceSpecification.nullish(),
  distinct: z.boolean().default(false),
});
/** A filter on the primary resource. */
export type EventResourceFilter = z.infer<typeof EventResourceFilter>;

/** Events with a related resource of these ids, roles or labels (`EventRelatedFilter`). */
export const EventRelatedFilter = z.strictObject({
  id: Strings,
  role: Strings,
  resources_in_roles: z.array(z.tuple([z.string(), z.string()])).nullish(),
  labels: ResourceSpecification.nullish(),
});
/** A filter on related resources. */
export type EventRelatedFilter = z.infer<typeof EventRelatedFilter>;

/** Events where the primary or any related resource matches (`EventAnyResourceFilter`). */
export const EventAnyResourceFilter = z.strictObject({
  id: Strings,
  id_prefix: Strings,
  labels: ResourceSpecification.nullish(),
});
/** A filter on any resource of an event. */
export type EventAnyResourceFilter = z.infer<typeof EventAnyResourceFilter>;

/** Events that occurred in a window (`EventOccurredFilter`); a subscription's backfill starts at `since`. */
export const EventOccurredFilter = z.strictObject({ since: DateTimeString.nullish(), until: DateTimeString.nullish() });
/** A filter on occurrence time. */
export type EventOccurredFilter = z.infer<typeof EventOccurredFilter>;

/** Events with these ids (`EventIDFilter`). */
export const EventIDFilter = z.strictObject({ id: Strings });
/** A filter on event ids. */
export type EventIDFilter = z.infer<typeof EventIDFilter>;

/** Prefect's `EventFilter`: every part given must match. */
export const EventFilter = z.strictObject({
  occurred: EventOccurredFilter.nullish(),
  event: EventNameFilter.nullish(),
  resource: EventResourceFilter.nullish(),
  related: z.union([EventRelatedFilter, z.array(EventRelatedFilter)]).nullish(),
  any_resource: z.union([EventAnyResourceFilter, z.array(EventAnyResourceFilter)]).nullish(),
  id: EventIDFilter.nullish(),
  text: z.unknown().optional(),
  order: z.enum(["ASC", "DESC"]).default("DESC"),
});
/** An event filter. */
export type EventFilter = z.infer<typeof EventFilter>;
/** An event filter as sent. */
export type EventFilterInput = z.input<typeof EventFilter>;
