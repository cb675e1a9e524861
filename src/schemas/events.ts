// Event models: the client-side `Event` (`POST /events` takes an array of them), its primary `Resource` and its
// `RelatedResource`s, with Prefect's checks (resource id and role labels, label and related-resource caps).
import { z } from "zod";
import { DateTimeString, Uuid } from "./common.js";

/** Prefect's `PREFECT_EVENTS_MAXIMUM_LABELS_PER_RESOURCE` default. */
export const MAXIMUM_LABELS_PER_RESOURCE = 500;
/** Prefect's `PREFECT_EVENTS_MAXIMUM_RELATED_RESOURCES` default. */
export const MAXIMUM_RELATED_RESOURCES = 500;
/** Prefect's `PREFECT_SERVER_EVENTS_MAXIMUM_EVENT_NAME_LENGTH` default. */
export const MAXIMUM_EVENT_NAME_LENGTH = 1024;

function checkLabels(labels: Record<string, string>, ctx: z.RefinementCtx, role: boolean): void {
  if (Object.keys(labels).length > MAXIMUM_LABELS_PER_RESOURCE) {
    ctx.addIssue({
      code: "custom",
      message: `The maximum number of labels per resource is ${MAXIMUM_LABELS_PER_RESOURCE}`,
    });
  }
  if (!labels["prefect.resource.id"]) {
    ctx.addIssue({
      code: "custom",
      path: ["prefect.resource.id"],
      message:
        "prefect.resource.id" in labels
          ? "The prefect.resource.id label must be non-empty"
          : "Resources must include the prefect.resource.id label",
    });
  }
  if (role && !labels["prefect.resource.role"]) {
    ctx.addIssue({
      code: "custom",
      path: ["prefect.resource.role"],
      message:
        "prefect.resource.role" in labels
          ? "The prefect.resource.role label must be non-empty"
          : "Related Resources must include the prefect.resource.role label",
    });
  }
}

/**
 * An observable business object (`Resource`): string labels, `prefect.resource.id` required,
 * e.g. `{"prefect.resource.id": "prefect.task-run.<id>", "prefect.resource.name": "add-3f2"}`.
 */
export const Resource = z.record(z.string(), z.string()).superRefine((labels, ctx) => checkLabels(labels, ctx, false));
/** A resource's labels. */
export type Resource = z.infer<typeof Resource>;

/** A resource with a role in an event (`RelatedResource`): also requires `prefect.resource.role`. */
export const RelatedResource = z
  .record(z.string(), z.string())
  .superRefine((labels, ctx) => checkLabels(labels, ctx, true));
/** A related resource's labels. */
export type RelatedResource = z.infer<typeof RelatedResource>;

/** The client-side view of an event that happened to a resource (`Event`). */
export const Event = z.object({
  /** When the event happened, from the sender's perspective. */
  occurred: DateTimeString,
  /** The event's name, e.g. `prefect.task-run.Running`. */
  event: z
    .string()
    .max(MAXIMUM_EVENT_NAME_LENGTH, { error: `Event name must be at most ${MAXIMUM_EVENT_NAME_LENGTH} characters` }),
  /** The primary resource this event concerns. */
  resource: Resource,
  /** Additional resources involved, each with a role. */
  related: z
    .array(RelatedResource)
    .max(MAXIMUM_RELATED_RESOURCES, {
      error: `The maximum number of related resources is ${MAXIMUM_RELATED_RESOURCES}`,
    })
    .default(() => []),
  /** Open-ended data describing what happened. */
  payload: z.record(z.string(), z.unknown()).default(() => ({})),
  /** The client-provided id of this event. */
  id: Uuid,
  /** The id of an event known to have occurred before this one (orders causally related events). */
  follows: Uuid.nullable().default(null),
});
/** An event (defaults applied). */
export type Event = z.infer<typeof Event>;
/** An event as sent. */
export type EventInput = z.input<typeof Event>;

/** The whole body of `POST /events`: an array of {@link Event}. */
export const EventsCreateRequest = z.array(Event);
/** A batch of events to record. */
export type EventsCreateRequest = z.infer<typeof EventsCreateRequest>;
