// Writing a deployment's schedules: each validated (422 naming the field, with the fix) and stored with its
// write-time defaults filled (an upsert keeps the current ones' defaults); a PATCH's schedule list matched by slug
// as Prefect does, or the set recreated.
import { ScheduleError } from "../../errors.js";
import type {
  DeploymentSchedule,
  DeploymentScheduleCreate,
  DeploymentScheduleUpdate,
  Schedule,
} from "../../schemas/index.js";
import { withScheduleDefaults } from "../../schedules/index.js";
import { invalidRequest } from "../http/http-error.js";
import type { ScheduleToStore } from "../store/deployment-schedules.js";
import type { Store } from "../store/store.js";

/**
 * The schedule with its defaults filled (interval anchor, rrule DTSTART), or a 422 at `loc` whose message is
 * the schedule validator's (it names the field and the fix).
 */
export function prepareSchedule(
  schedule: Schedule,
  now: Date,
  loc: readonly (string | number)[],
  body: unknown,
): Schedule {
  try {
    return withScheduleDefaults(schedule, now);
  } catch (error) {
    if (!(error instanceof ScheduleError)) throw error;
    throw invalidRequest(
      [{ type: "value_error", loc: [...loc], msg: `Value error, ${error.message}`, input: schedule }],
      body,
    );
  }
}

/** Create bodies ready to store (defaults filled, `replaces` dropped); 422 for the first invalid one. */
export function prepareSchedules(
  schedules: readonly DeploymentScheduleCreate[],
  now: Date,
  loc: readonly (string | number)[],
  body: unknown,
): ScheduleToStore[] {
  return schedules.map(({ replaces: _replaces, ...s }, i) => ({
    ...s,
    schedule: prepareSchedule(s.schedule, now, [...loc, i, "schedule"], body),
  }));
}

/** `value` as JSON with object keys sorted, so two equal documents compare equal whatever their key order. */
function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v !== null && typeof v === "object" && !Array.isArray(v)
      ? Object.fromEntries(
          Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
        )
      : v,
  );
}

/**
 * The upsert's schedules ready to store, keeping the defaults the deployment's current schedules got. A schedule sent
 * without `anchor_date` (interval) or DTSTART (rrule) would otherwise be anchored at each request's time, so every
 * re-deploy of an unchanged deployment moved its schedule and left one more run due "now". When it is otherwise
 * the current schedule at the same place (same slug, else same position), the stored one is kept: the anchor
 * changes only when the user sets it or changes the schedule.
 * Prefect anchors at the request's time; this is where we deliberately differ.
 */
export function prepareUpsertSchedules(
  schedules: readonly DeploymentScheduleCreate[],
  existing: readonly DeploymentSchedule[],
  now: Date,
  loc: readonly (string | number)[],
  body: unknown,
): ScheduleToStore[] {
  return prepareSchedules(schedules, now, loc, body).map((prepared, i) => {
    const sent = schedules[i]?.schedule;
    const current = prepared.slug !== null ? existing.find((s) => s.slug === prepared.slug) : existing[i];
    return sent === undefined
      ? prepared
      : { ...prepared, schedule: keepStoredDefaults(sent, prepared.schedule, current) };
  });
}

/** A schedule without the parts its write-time defaults fill: an interval's anchor, an rrule's leading DTSTART. */
function withoutDefaults(schedule: Schedule): string {
  if ("interval" in schedule) return canonicalJson({ ...schedule, anchor_date: null });
  if ("rrule" in schedule)
    return canonicalJson({ ...schedule, rrule: schedule.rrule.replace(/^DTSTART[^\n]*\n/, "").trim() });
  return canonicalJson(schedule);
}

/**
 * `prepared` (the schedule `sent`, defaulted now), or `current`'s stored schedule when `sent` left the defaults
 * unset and is otherwise that schedule: the same schedule sent again keeps its anchor.
 */
function keepStoredDefaults(sent: Schedule, prepared: Schedule, current: DeploymentSchedule | undefined): Schedule {
  if (current === undefined || canonicalJson(prepared) === canonicalJson(sent)) return prepared;
  return withoutDefaults(prepared) === withoutDefaults(current.schedule) ? current.schedule : prepared;
}

/** Whether `wanted` (in order) is exactly what is stored: schedule, active, max runs, parameters and slug. */
export function sameSchedules(existing: readonly DeploymentSchedule[], wanted: readonly ScheduleToStore[]): boolean {
  const shape = (s: ScheduleToStore | DeploymentSchedule) =>
    canonicalJson([s.schedule, s.active, s.max_scheduled_runs ?? null, s.parameters ?? {}, s.slug ?? null]);
  return (
    existing.length === wanted.length && existing.every((s, i) => shape(s) === shape(wanted[i] as ScheduleToStore))
  );
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
      throw invalidRequest(
        [{ type: "missing", loc: ["body", "schedules", i, "schedule"], msg: "Field required", input: w }],
        body,
      );
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
  // A schedule sent again without its anchor keeps the stored one (see prepareUpsertSchedules).
  creates.forEach((c, i) => {
    const current = bySlug
      ? (existing.find((s) => s.slug === c.slug) ??
        (c.replaces === null ? undefined : existing.find((s) => s.slug === c.replaces)))
      : existing[i];
    c.schedule = keepStoredDefaults(wanted[i]?.schedule as Schedule, c.schedule, current);
  });
  if (!bySlug) {
    store.deploymentSchedules.deleteAll(deploymentId);
    store.deploymentSchedules.insert(
      deploymentId,
      creates.map(({ replaces: _r, ...c }) => c),
      now,
    );
    return;
  }
  const kept = new Set<string>();
  creates.forEach(({ replaces, ...c }, i) => {
    const match =
      existing.find((s) => s.slug === c.slug) ??
      (replaces === null ? undefined : existing.find((s) => s.slug === replaces));
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
