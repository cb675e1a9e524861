// `prefect-ts deployment schedule ls|create|pause|resume|delete|clear`, as Prefect's CLI: schedules addressed by the
// deployment's 'flow/deployment' name and the schedule's id. Schedules are validated here before anything is written.
import type { DeploymentSchedule, DeploymentScheduleInput } from "../client/index.js";
import { resolveDeployment } from "../deploy/index.js";
import { ConfigError, PrefectError, ScheduleError } from "../errors.js";
import { validateSchedule } from "../schedules/index.js";
import { DeploymentSchedule as DeploymentScheduleWire, type ScheduleInput } from "../schemas/index.js";
import type { CliContext } from "./context.js";
import { printTable, printWireJson } from "./output.js";

/** Flags of `deployment schedule create`. */
export interface ScheduleCreateFlags {
  cron?: string;
  dayOr?: boolean;
  interval?: number;
  anchorDate?: string;
  rrule?: string;
  timezone?: string;
  active?: boolean;
  replace?: boolean;
}

/** A schedule as Prefect's CLI shows it: `cron: 0 2 * * * (America/New_York)`, `interval: 3600s`, `rrule: ...`. */
export function describeSchedule(schedule: DeploymentSchedule["schedule"]): string {
  const zone = schedule.timezone ? ` (${schedule.timezone})` : "";
  if ("cron" in schedule) return `cron: ${schedule.cron}${zone}${schedule.dayOr === false ? " [day_or=false]" : ""}`;
  if ("interval" in schedule) return `interval: ${schedule.interval}s${zone}`;
  return `rrule: ${schedule.rrule}${zone}`;
}

/** The wire-form schedule of the flags; exactly one of --cron, --interval, --rrule. */
function scheduleOf(flags: ScheduleCreateFlags): { wire: ScheduleInput; input: DeploymentScheduleInput["schedule"] } {
  const given = (["cron", "interval", "rrule"] as const).filter((k) => flags[k] !== undefined);
  if (given.length !== 1) {
    throw new ConfigError(
      given.length === 0
        ? "Give exactly one of --cron, --interval or --rrule, e.g. --cron '0 2 * * *'."
        : `Give exactly one of --cron, --interval or --rrule, not ${given.map((k) => `--${k}`).join(" and ")}.`,
      "--cron",
    );
  }
  if (flags.anchorDate !== undefined && flags.interval === undefined)
    throw new ConfigError("--anchor-date goes with --interval only.", "--anchor-date");
  if (flags.dayOr !== undefined && flags.cron === undefined)
    throw new ConfigError("--day-or goes with --cron only.", "--day-or");
  const zone = flags.timezone === undefined ? {} : { timezone: flags.timezone };
  if (flags.cron !== undefined) {
    const dayOr = flags.dayOr === undefined ? {} : { day_or: flags.dayOr };
    return {
      wire: { cron: flags.cron, ...zone, ...dayOr },
      input: { cron: flags.cron, ...zone, ...(flags.dayOr === undefined ? {} : { dayOr: flags.dayOr }) },
    };
  }
  if (flags.interval !== undefined) {
    const anchor = flags.anchorDate === undefined ? {} : { anchor_date: flags.anchorDate };
    return {
      wire: { interval: flags.interval, ...zone, ...anchor },
      input: {
        interval: flags.interval,
        ...zone,
        ...(flags.anchorDate === undefined ? {} : { anchorDate: flags.anchorDate }),
      },
    };
  }
  return { wire: { rrule: flags.rrule!, ...zone }, input: { rrule: flags.rrule!, ...zone } };
}

/** `deployment schedule ls NAME [-o json]`: id, schedule, active. */
export async function scheduleLs(context: CliContext, name: string, options: { output?: "json" }): Promise<void> {
  const client = await context.client();
  const { deployment } = await resolveDeployment(client, name);
  const schedules = await client.readDeploymentSchedules(deployment.id);
  if (options.output === "json") {
    printWireJson(context, DeploymentScheduleWire, schedules);
    return;
  }
  printTable(context, {
    title: "Deployment Schedules",
    head: ["ID", "Schedule", "Active"],
    rows: schedules.map((s) => [s.id, describeSchedule(s.schedule), String(s.active)]),
    empty: `Deployment '${name}' has no schedules.`,
  });
}

/**
 * `deployment schedule create NAME --cron X [--timezone Z] [--day-or|--no-day-or] | --interval SECONDS
 * [--anchor-date D] | --rrule X [--no-active] [--replace]`.
 * @throws ScheduleError naming the field and the fix, before anything is written
 */
export async function scheduleCreate(context: CliContext, name: string, flags: ScheduleCreateFlags): Promise<void> {
  const { wire, input } = scheduleOf(flags);
  try {
    validateSchedule(wire);
  } catch (error) {
    if (error instanceof ScheduleError)
      throw new ScheduleError(`Invalid schedule for deployment '${name}': ${error.message}`, { cause: error });
    throw error;
  }
  const client = await context.client();
  const { deployment, fullName } = await resolveDeployment(client, name);
  if (flags.replace === true) {
    for (const existing of await client.readDeploymentSchedules(deployment.id)) {
      await client.deleteDeploymentSchedule(deployment.id, existing.id);
    }
  }
  const [created] = await client.createDeploymentSchedules(deployment.id, [
    { schedule: input, active: flags.active ?? true },
  ]);
  context.out(
    `Created deployment schedule ${created?.id ?? ""} for '${fullName}': ${created ? describeSchedule(created.schedule) : ""}`,
  );
}

async function findSchedule(context: CliContext, name: string, scheduleId: string) {
  const client = await context.client();
  const { deployment, fullName } = await resolveDeployment(client, name);
  const schedules = await client.readDeploymentSchedules(deployment.id);
  const schedule = schedules.find((s) => s.id === scheduleId);
  if (schedule === undefined) {
    const ids =
      schedules.length === 0 ? "it has no schedules" : `its schedules are ${schedules.map((s) => s.id).join(", ")}`;
    throw new PrefectError(
      `Deployment '${fullName}' has no schedule '${scheduleId}' (${ids}). See \`prefect-ts deployment schedule ls '${fullName}'\`.`,
    );
  }
  return { client, deployment, fullName, schedule };
}

/** `deployment schedule pause NAME SCHEDULE_ID`. */
export async function schedulePause(context: CliContext, name: string, scheduleId: string): Promise<void> {
  const { client, deployment, fullName, schedule } = await findSchedule(context, name, scheduleId);
  if (!schedule.active)
    throw new PrefectError(`Schedule '${scheduleId}' of deployment '${fullName}' is already paused.`);
  await client.updateDeploymentSchedule(deployment.id, scheduleId, { active: false });
  context.out(`Paused schedule ${describeSchedule(schedule.schedule)} for deployment '${fullName}'.`);
}

/** `deployment schedule resume NAME SCHEDULE_ID`. */
export async function scheduleResume(context: CliContext, name: string, scheduleId: string): Promise<void> {
  const { client, deployment, fullName, schedule } = await findSchedule(context, name, scheduleId);
  if (schedule.active)
    throw new PrefectError(`Schedule '${scheduleId}' of deployment '${fullName}' is already active.`);
  await client.updateDeploymentSchedule(deployment.id, scheduleId, { active: true });
  context.out(`Resumed schedule ${describeSchedule(schedule.schedule)} for deployment '${fullName}'.`);
}

/** `deployment schedule delete NAME SCHEDULE_ID`. */
export async function scheduleDelete(context: CliContext, name: string, scheduleId: string): Promise<void> {
  const { client, deployment, schedule } = await findSchedule(context, name, scheduleId);
  await client.deleteDeploymentSchedule(deployment.id, schedule.id);
  context.out(`Deleted deployment schedule ${scheduleId}`);
}

/** `deployment schedule clear NAME`: deletes every schedule of the deployment. */
export async function scheduleClear(context: CliContext, name: string): Promise<void> {
  const client = await context.client();
  const { deployment, fullName } = await resolveDeployment(client, name);
  const schedules = await client.readDeploymentSchedules(deployment.id);
  for (const s of schedules) await client.deleteDeploymentSchedule(deployment.id, s.id);
  context.out(`Cleared ${schedules.length} schedule${schedules.length === 1 ? "" : "s"} of deployment '${fullName}'.`);
}
