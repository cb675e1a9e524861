// The schedule options of `toDeployment()` / `serve()` (`cron`, `interval`, `rrule`, each one or many, or `schedules`)
// turned into Prefect's `DeploymentScheduleCreate` list, validated up front so a bad schedule writes nothing.
import type { DeploymentScheduleInput } from "../client/index.js";
import { ScheduleError } from "../errors.js";
import { validateSchedule } from "../schedules/index.js";
import type { ScheduleInput } from "../schemas/index.js";

/** One schedule of a deployment, with its own options (Prefect's `Cron(...)`, `Interval(...)`, `RRule(...)`). */
export type ScheduleSpec = (
  | { cron: string; dayOr?: boolean; interval?: never; rrule?: never }
  | { interval: number; anchorDate?: Date | string; cron?: never; rrule?: never }
  | { rrule: string; cron?: never; interval?: never }
) & {
  /** IANA time zone, e.g. "America/New_York". @default the deployment's `timezone`, else UTC */
  timezone?: string;
  /** @default true on creation; on redeploy a schedule the user paused stays paused unless this is set */
  active?: boolean;
  /** Merged over the deployment's parameters for this schedule's runs. */
  parameters?: Record<string, unknown>;
  /** A stable name: redeploying matches schedules by slug and keeps their ids. @default "<kind>-<n>" */
  slug?: string;
  /** At most this many future runs of this schedule. @default PREFECT_SERVER_SERVICES_SCHEDULER_MAX_RUNS */
  maxScheduledRuns?: number;
};

/** The schedule options shared by `toDeployment()`, `serve()` and `deploy()`: set at most one of the four. */
export interface ScheduleOptions {
  /** A cron string ("0 2 * * *", or an alias such as "@daily"), or several. */
  cron?: string | string[];
  /** Seconds between runs, or several intervals. */
  interval?: number | number[];
  /** An RFC 5545 recurrence rule (with DTSTART when it matters), or several. */
  rrule?: string | string[];
  /** Schedules with their own options. */
  schedules?: ScheduleSpec[];
  /** The time zone of `cron`/`interval`/`rrule` given as strings or numbers. @default "UTC" */
  timezone?: string;
}

function wireSchedule(spec: ScheduleSpec, timezone: string | undefined): ScheduleInput {
  const tz = spec.timezone ?? timezone;
  const zone = tz === undefined ? {} : { timezone: tz };
  if (spec.cron !== undefined)
    return { cron: spec.cron, ...zone, ...(spec.dayOr === undefined ? {} : { day_or: spec.dayOr }) };
  if (spec.interval !== undefined) {
    const anchor = spec.anchorDate instanceof Date ? spec.anchorDate.toISOString() : spec.anchorDate;
    return { interval: spec.interval, ...zone, ...(anchor === undefined ? {} : { anchor_date: anchor }) };
  }
  if (spec.rrule !== undefined) return { rrule: spec.rrule, ...zone };
  throw new ScheduleError(
    'each schedule needs one of "cron", "interval" (seconds) or "rrule", e.g. { cron: "0 2 * * *" }',
  );
}

function kindOf(schedule: ScheduleInput): string {
  return "cron" in schedule ? "cron" : "interval" in schedule ? "interval" : "rrule";
}

/**
 * The deployment's schedules as the API takes them. Each gets a slug (given, or `cron-1`, `interval-1`, ...) so a
 * redeploy updates schedules in place instead of recreating them.
 * @throws ScheduleError naming the option and the fix: several of cron/interval/rrule/schedules, or an invalid schedule
 *   (e.g. `cron "61 * * * *": minute must be 0-59 ...`).
 */
export function schedulesFromOptions(options: ScheduleOptions): DeploymentScheduleInput[] {
  const given = (["cron", "interval", "rrule", "schedules"] as const).filter((key) => options[key] !== undefined);
  if (given.length > 1) {
    throw new ScheduleError(
      `Only one of cron, interval, rrule or schedules may be set; got ${given.join(" and ")}. Use \`schedules: [...]\` for several kinds.`,
    );
  }
  const list = <T>(v: T | T[] | undefined): T[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);
  const specs: ScheduleSpec[] = [
    ...list(options.cron).map((cron) => ({ cron })),
    ...list(options.interval).map((interval) => ({ interval })),
    ...list(options.rrule).map((rrule) => ({ rrule })),
    ...(options.schedules ?? []),
  ];
  const counts = new Map<string, number>();
  const slugs = new Set<string>();
  return specs.map((spec, i) => {
    const schedule = wireSchedule(spec, options.timezone);
    try {
      validateSchedule(schedule);
    } catch (error) {
      const where =
        given[0] === "schedules" ? `schedules[${i}]` : `${kindOf(schedule)}${specs.length > 1 ? `[${i}]` : ""}`;
      throw new ScheduleError(`Invalid schedule ${where}: ${error instanceof Error ? error.message : String(error)}`, {
        cause: error,
      });
    }
    const kind = kindOf(schedule);
    const n = (counts.get(kind) ?? 0) + 1;
    counts.set(kind, n);
    const slug = spec.slug ?? `${kind}-${n}`;
    if (slugs.has(slug))
      throw new ScheduleError(`Two schedules have the slug "${slug}"; give each schedule its own slug.`);
    slugs.add(slug);
    const out: DeploymentScheduleInput = { schedule: schedule as DeploymentScheduleInput["schedule"], slug };
    if (spec.active !== undefined) out.active = spec.active;
    if (spec.parameters !== undefined) out.parameters = spec.parameters;
    if (spec.maxScheduledRuns !== undefined) out.maxScheduledRuns = spec.maxScheduledRuns;
    return out;
  });
}
