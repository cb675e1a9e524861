// Prefect 2.0's `DeploymentSpec`: a deployment declared at a module's top level, registering nothing by itself. Every
// spec constructed is recorded (as Prefect's `_DeploymentSpecContextManager` did), so `prefect-ts deployment create
// file.ts` can load the file and register each; turning a spec into a RunnerDeployment is deployment-spec-load.ts.
import { ConfigError } from "../errors.js";
import { entrypointFlowOf } from "./entrypoint-mode.js";
import type { ScheduleSpec } from "./schedule-options.js";

/** Prefect's `IntervalSchedule` fields (`interval` in seconds; `anchor_date` as Prefect's wire JSON also taken). */
export interface IntervalScheduleOptions {
  interval: number;
  anchorDate?: Date | string;
  timezone?: string;
}

/** Prefect's `CronSchedule` fields (`day_or` as Prefect's wire JSON also taken). */
export interface CronScheduleOptions {
  cron: string;
  timezone?: string;
  /** Whether day-of-month and day-of-week are OR-ed (cron's default) rather than AND-ed. @default true */
  dayOr?: boolean;
}

/** Prefect's `RRuleSchedule` fields. */
export interface RRuleScheduleOptions {
  rrule: string;
  timezone?: string;
}

/** A spec's schedule: `{ interval }` (seconds), `{ cron, timezone }`, `{ rrule, timezone }`, or one of the functions below. */
export type DeploymentSpecSchedule =
  | IntervalScheduleOptions
  | CronScheduleOptions
  | RRuleScheduleOptions
  | { interval: number; anchor_date?: string; timezone?: string }
  | { cron: string; timezone?: string; day_or?: boolean };

/**
 * Prefect's `IntervalSchedule`: a run every `interval` seconds from `anchorDate`.
 * @example schedule: IntervalSchedule({ interval: 15 * 60 })
 */
export function IntervalSchedule(options: IntervalScheduleOptions): ScheduleSpec {
  return scheduleSpec(options);
}

/**
 * Prefect's `CronSchedule`: runs at the times a cron string names, in `timezone`.
 * @example schedule: CronSchedule({ cron: "0 9 * * 1-5", timezone: "America/New_York" })
 */
export function CronSchedule(options: CronScheduleOptions): ScheduleSpec {
  return scheduleSpec(options);
}

/**
 * Prefect's `RRuleSchedule`: runs at the times an RFC 5545 rule names, in `timezone`.
 * @example schedule: RRuleSchedule({ rrule: "FREQ=WEEKLY;BYDAY=MO,WE,FR" })
 */
export function RRuleSchedule(options: RRuleScheduleOptions): ScheduleSpec {
  return scheduleSpec(options);
}

/**
 * A spec's schedule as the deployment options' {@link ScheduleSpec} (camelCase; Prefect's snake_case fields taken).
 * @throws ConfigError when it has not exactly one of `interval`, `cron`, `rrule`
 */
export function scheduleSpec(schedule: DeploymentSpecSchedule): ScheduleSpec {
  const s = schedule as Record<string, unknown>;
  const kinds = ["interval", "cron", "rrule"].filter((k) => s[k] !== undefined);
  if (typeof schedule !== "object" || schedule === null || kinds.length !== 1) {
    throw new ConfigError(
      `A deployment spec's schedule needs exactly one of "interval" (seconds), "cron" or "rrule"${kinds.length > 1 ? `, got ${kinds.join(" and ")}` : ""}; e.g. { interval: 900 } or { cron: "0 9 * * *", timezone: "Europe/Paris" }.`,
      "schedule",
    );
  }
  const zone = typeof s.timezone === "string" ? { timezone: s.timezone } : {};
  if (s.interval !== undefined) {
    const anchor = (s.anchorDate ?? s.anchor_date) as Date | string | undefined;
    return { interval: s.interval as number, ...zone, ...(anchor === undefined ? {} : { anchorDate: anchor }) };
  }
  if (s.cron !== undefined) {
    const dayOr = (s.dayOr ?? s.day_or) as boolean | undefined;
    return { cron: s.cron as string, ...zone, ...(dayOr === undefined ? {} : { dayOr }) };
  }
  return { rrule: s.rrule as string, ...zone };
}

/** Options of {@link DeploymentSpec}: `flow` or `flowLocation` (with `flowName` when its file has several flows), and `name`. */
export interface DeploymentSpecOptions {
  /** The flow (a `flow()` handle). */
  flow?: (...args: never[]) => unknown;
  /** The file that defines the flow, relative to the spec's file (or absolute). */
  flowLocation?: string;
  /** Which flow of `flowLocation`: its name, or the name it is exported under. @default the file's only flow */
  flowName?: string;
  /** The deployment's name; `"<flow name>/<name>"` identifies it. */
  name: string;
  /** Default parameters of its runs. */
  parameters?: Record<string, unknown>;
  tags?: string[];
  schedule?: DeploymentSpecSchedule;
  description?: string;
  /** The work pool whose workers run it. @default "default-agent-pool" (created, with its `default` queue, when missing) */
  workPoolName?: string;
  workQueueName?: string;
}

const SPECS = Symbol.for("prefect-ts.deployment-specs");
type Registry = { [SPECS]?: DeploymentSpec[] };
const registry = globalThis as unknown as Registry;

/**
 * A deployment declared in code, Prefect 2.0 style. Constructing one only records it; `prefect-ts deployment create
 * file.ts` registers the specs the file declared.
 * @example
 * new DeploymentSpec({ flowLocation: "./my_flow.ts", name: "my-first-deployment", parameters: { nums: [1, 2, 3, 4] } });
 */
export class DeploymentSpec {
  readonly options: Readonly<DeploymentSpecOptions>;

  /** @throws ConfigError for a missing name, neither or both of flow/flowLocation, a flow that is not a flow(), or a bad schedule */
  constructor(options: DeploymentSpecOptions) {
    if (
      options === null ||
      typeof options !== "object" ||
      typeof options.name !== "string" ||
      options.name.trim() === ""
    ) {
      throw new ConfigError(
        'A DeploymentSpec needs a name, e.g. new DeploymentSpec({ flowLocation: "./my_flow.ts", name: "my-first-deployment" })',
        "name",
      );
    }
    if ((options.flow === undefined) === (options.flowLocation === undefined)) {
      throw new ConfigError(
        `DeploymentSpec '${options.name}' needs exactly one of flow (a flow() handle) or flowLocation (the file that defines the flow).`,
        "flow",
      );
    }
    if (options.flow !== undefined && entrypointFlowOf(options.flow) === undefined) {
      throw new ConfigError(`DeploymentSpec '${options.name}': flow is not a flow; pass what flow() returned.`, "flow");
    }
    if (options.schedule !== undefined) scheduleSpec(options.schedule);
    this.options = Object.freeze({ ...options });
    (registry[SPECS] ??= []).push(this);
  }

  get name(): string {
    return this.options.name;
  }
}

/** Every {@link DeploymentSpec} constructed in this process so far, in order (of any copy of the package). */
export function declaredDeploymentSpecs(): readonly DeploymentSpec[] {
  return [...(registry[SPECS] ?? [])];
}
