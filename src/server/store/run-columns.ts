// Columns shared by flow_run and task_run that the orchestration writes: building the RunSnapshot the rules
// read, and applying the RunUpdate they return. Nothing else in the server writes these columns.
import type { RunSnapshot, RunUpdate } from "../orchestration/index.js";
import { fromJson, num, text, toUtc } from "./codec.js";
import type { Connection, Row } from "./connection.js";

type Encoder = (value: unknown) => unknown;
const asIs: Encoder = (value) => value ?? null;
const utc: Encoder = (value) => toUtc(value as string | null | undefined);
const json: Encoder = (value) => JSON.stringify(value ?? {});

/** Run columns a RunUpdate may set, with how each value is stored. Other keys (computed ones) are ignored. */
const UPDATABLE: Record<string, Encoder> = {
  state_type: asIs,
  state_name: asIs,
  state_id: asIs,
  run_count: asIs,
  flow_run_run_count: asIs,
  start_time: utc,
  end_time: utc,
  total_run_time: asIs,
  expected_start_time: utc,
  next_scheduled_start_time: utc,
  empirical_policy: json,
};

/** The state columns written with a new run's INSERT, in this order (see {@link initialRunValues}). */
export const INITIAL_RUN_COLUMNS =
  "state_id, state_type, state_name, run_count, start_time, end_time, total_run_time, expected_start_time, next_scheduled_start_time";

/** Values for {@link INITIAL_RUN_COLUMNS} from the orchestration of a new run's first state (all unset: none). */
export function initialRunValues(run: RunUpdate = {}): unknown[] {
  return [
    run.state_id ?? null,
    run.state_type ?? null,
    run.state_name ?? null,
    run.run_count ?? 0,
    utc(run.start_time),
    utc(run.end_time),
    run.total_run_time ?? 0,
    utc(run.expected_start_time),
    utc(run.next_scheduled_start_time),
  ];
}

/** The orchestration's view of a run row (flow_run or task_run). */
export function snapshotOf(row: Row): RunSnapshot {
  const snapshot: RunSnapshot = {
    id: row.id as string,
    run_count: num(row.run_count),
    start_time: text(row.start_time),
    end_time: text(row.end_time),
    total_run_time: num(row.total_run_time),
    expected_start_time: text(row.expected_start_time),
    next_scheduled_start_time: text(row.next_scheduled_start_time),
    empirical_policy: fromJson<Record<string, unknown>>(row.empirical_policy, {}),
  };
  if ("flow_run_run_count" in row) snapshot.flow_run_run_count = num(row.flow_run_run_count);
  if ("flow_run_id" in row) snapshot.flow_run_id = text(row.flow_run_id);
  if ("deployment_id" in row) snapshot.deployment_id = text(row.deployment_id);
  if ("infrastructure_pid" in row) snapshot.infrastructure_pid = text(row.infrastructure_pid);
  if ("parent_task_run_id" in row) snapshot.parent_task_run_id = text(row.parent_task_run_id);
  return snapshot;
}

/** Writes the columns of `update` (and `updated`) on run `id` of `table`. */
export function applyRunUpdate(
  conn: Connection,
  table: "flow_run" | "task_run",
  id: string,
  update: RunUpdate,
  now: Date,
): void {
  const columns: string[] = [];
  const params: unknown[] = [];
  for (const [key, value] of Object.entries(update)) {
    const encode = UPDATABLE[key];
    if (encode === undefined || value === undefined) continue;
    if (table === "flow_run" && key === "flow_run_run_count") continue;
    columns.push(`${key} = ?`);
    params.push(encode(value));
  }
  columns.push("updated = ?");
  params.push(now.toISOString(), id);
  conn.run(`UPDATE ${table} SET ${columns.join(", ")} WHERE id = ?`, params);
}
