// Writing a deployment's schedules: each validated (422 naming the field, with the fix) and stored with its
// write-time defaults filled; a PATCH's schedule list matched by slug as Prefect does, or the set recreated.
import { ScheduleError } from "../../errors.js";
import type { DeploymentScheduleCreate, DeploymentScheduleUpdate, Schedule } from "../../schemas/index.js";
import { withScheduleDefaults } from "../../schedules/index.js";
import { invalidRequest } from "../http/http-error.js";
import type { ScheduleToStore } from "../store/deployment-schedules.js";
import type { Store } from "../store/store.js";

/**
 * The schedule with its defaults filled (interval anchor, rrule DTSTART), or a 422 at `loc` whose message is
 * the schedule validator's (it names the field and the fix).
 */
export function prepareSchedule(schedule: Schedule, now: Date, loc: readonly (string | number)[], body: unknown): Schedule {
  try {
    return withScheduleDefaults(schedule, now);
  } catch (error) {
    if (!(error instanceof ScheduleError)) throw error;
    throw invalidRequest([{ type: "value_error", loc: [...loc], msg: `Value error, ${error.message}`, input: schedule }], body);
  }
}

/** Create bodies ready to store (defaults filled, `replaces` dropped); 422 for the first invalid one. */
export function prepareSchedules(
  schedules: readonly DeploymentScheduleCreate[],
  now: Date,
  loc: readonly (string | number)[],
  body: unknown,
): ScheduleToStore[] {
  return schedules.map(({ replaces: _replaces, ...s }, i) => ({ ...s, schedule: prepareSchedule(s.schedule, now, [...loc, i, "schedule"], body) }));
}

/**
 * Replaces a deployment's schedules with `wanted` (a PATCH's `schedules`). When every existing and every
 * wanted schedule has a slug, schedules are matched by slug (or by `replaces`): matched ones are updated in
 * place and keep their ids, others created, existing ones not named deleted. Otherwise the set is recreated.
 * Must run inside `store.write`; the caller removes the runs of the old schedules.
 */
export function syncSchedules(
  store: Store,
  deploymentId: string,
  wanted: readonly DeploymentScheduleUpdate[],
  now: Date,
  body: unknown,
): void {
  const existing = store.deploymentSchedules.list(deploymentId);
  const creates = wanted.map((w, i) => {
    if (w.schedule === undefined || w.schedule === null) {
      throw invalidRequest([{ type: "missing", loc: ["body", "schedules", i, "schedule"], msg: "Field required", input: w }], body);
    }
    return {
      schedule: prepareSchedule(w.schedule, now, ["body", "schedules", i, "schedule"], body),
      active: w.active ?? true,
      max_scheduled_runs: w.max_scheduled_runs ?? null,
      parameters: w.parameters ?? {},
      slug: w.slug ?? null,
      replaces: w.replaces ?? null,
    };
  });
  const bySlug = existing.every((s) => s.slug !== null) && creates.every((c) => c.slug !== null);
  if (!bySlug) {
    store.deploymentSchedules.deleteAll(deploymentId);
    store.deploymentSchedules.insert(deploymentId, creates.map(({ replaces: _r, ...c }) => c), now);
    return;
  }
  const kept = new Set<string>();
  creates.forEach(({ replaces, ...c }, i) => {
    const match = existing.find((s) => s.slug === c.slug) ?? (replaces === null ? undefined : existing.find((s) => s.slug === replaces));
    if (match === undefined) {
      store.deploymentSchedules.insert(deploymentId, [c], now);
      return;
    }
    kept.add(match.id);
    // A schedule the user paused stays paused unless this request sets `active`.
    const { active: _active, ...fields } = c;
    const given = wanted[i]?.active;
    store.deploymentSchedules.update(deploymentId, match.id, given === undefined || given === null ? fields : c, now);
  });
  for (const s of existing) if (!kept.has(s.id)) store.deploymentSchedules.delete(deploymentId, s.id);
}
