// Schedule models: the three schedule kinds (interval, cron, rrule) and a deployment's schedules with
// their create/update actions. Computing run times from them lives in src/schedules/.
import { z } from "zod";
import { DateTimeString, JsonObject, LocalDateTimeString, Uuid } from "./common.js";

/**
 * Every `interval` seconds from `anchor_date` (`IntervalSchedule`). Prefect fills a missing anchor with
 * "now" (server clock) and infers a missing `timezone` from the anchor; a naive anchor is read in `timezone`.
 */
export const IntervalSchedule = z.strictObject({
  /** Seconds between runs; must be positive. */
  interval: z.number().positive({ error: "interval must be a positive number of seconds" }),
  anchor_date: LocalDateTimeString.optional(),
  timezone: z.string().nullable().default(null),
});
/** An interval schedule. */
export type IntervalSchedule = z.infer<typeof IntervalSchedule>;
/** An interval schedule as sent. */
export type IntervalScheduleInput = z.input<typeof IntervalSchedule>;

/**
 * A cron expression in a time zone (`CronSchedule`). `day_or: true` (the default) ORs day-of-month and
 * day-of-week like cron; `false` ANDs them. The expression itself is checked by src/schedules/.
 */
export const CronSchedule = z.strictObject({
  cron: z.string(),
  timezone: z.string().nullable().default(null),
  day_or: z.boolean().default(true),
});
/** A cron schedule. */
export type CronSchedule = z.infer<typeof CronSchedule>;
/** A cron schedule as sent. */
export type CronScheduleInput = z.input<typeof CronSchedule>;

/** An RFC 5545 recurrence rule (`RRuleSchedule`), optionally with DTSTART/EXRULE lines; at most 6500 characters. */
export const RRuleSchedule = z.strictObject({
  rrule: z.string().max(6500),
  /** An IANA time zone name. @default "UTC" */
  timezone: z.string().nullable().default("UTC"),
});
/** An rrule schedule. */
export type RRuleSchedule = z.infer<typeof RRuleSchedule>;
/** An rrule schedule as sent. */
export type RRuleScheduleInput = z.input<typeof RRuleSchedule>;

/** Any of the three schedule kinds (Prefect's `SCHEDULE_TYPES`), told apart by their required key. */
export const Schedule = z.union([IntervalSchedule, CronSchedule, RRuleSchedule]);
/** A schedule. */
export type Schedule = z.infer<typeof Schedule>;
/** A schedule as sent. */
export type ScheduleInput = z.input<typeof Schedule>;

/** A deployment's schedule as returned by the API (`DeploymentSchedule`). */
export const DeploymentSchedule = z.object({
  id: Uuid,
  created: DateTimeString.nullable(),
  updated: DateTimeString.nullable(),
  deployment_id: Uuid.nullable().default(null),
  schedule: Schedule,
  active: z.boolean().default(true),
  max_scheduled_runs: z.int().positive().nullable().default(null),
  /** Parameter overrides merged over the deployment's parameters for runs of this schedule. */
  parameters: JsonObject.default(() => ({})),
  slug: z.string().nullable().default(null),
});
/** A deployment schedule. */
export type DeploymentSchedule = z.infer<typeof DeploymentSchedule>;

/** A schedule to add to a deployment (`DeploymentScheduleCreate`). */
export const DeploymentScheduleCreate = z.strictObject({
  active: z.boolean().default(true),
  schedule: Schedule,
  max_scheduled_runs: z.int().positive().nullable().default(null),
  parameters: JsonObject.default(() => ({})),
  /** Unique per deployment; lets updates match schedules by slug. */
  slug: z.string().nullable().default(null),
  /** The slug of an existing schedule this one replaces (renames a slug). */
  replaces: z.string().nullable().default(null),
});
/** A schedule creation request (defaults applied). */
export type DeploymentScheduleCreate = z.infer<typeof DeploymentScheduleCreate>;
/** A schedule creation request as sent. */
export type DeploymentScheduleCreateInput = z.input<typeof DeploymentScheduleCreate>;

/** Body of `PATCH /deployments/{id}/schedules/{schedule_id}` (`DeploymentScheduleUpdate`); only set fields apply. */
export const DeploymentScheduleUpdate = z.strictObject({
  active: z.boolean().nullable().optional(),
  schedule: Schedule.nullable().optional(),
  max_scheduled_runs: z.int().positive().nullable().optional(),
  parameters: JsonObject.optional(),
  slug: z.string().nullable().optional(),
  replaces: z.string().nullable().optional(),
});
/** A schedule update request. */
export type DeploymentScheduleUpdate = z.infer<typeof DeploymentScheduleUpdate>;
/** A schedule update request as sent. */
export type DeploymentScheduleUpdateInput = z.input<typeof DeploymentScheduleUpdate>;
