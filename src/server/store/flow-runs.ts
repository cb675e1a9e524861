// The `flow_run` table: insert (idempotent on flow_id + idempotency_key), read with the current state
// embedded, field and label updates, delete, filter, count. State columns are written by run-columns.ts only.
import type {
  FlowRunCountRequest,
  FlowRunCreate,
  FlowRunFilterRequest,
  FlowRunResponse,
  FlowRunUpdate,
} from "../../schemas/index.js";
import { estimatedRunTime, estimatedStartTimeDelta, type RunUpdate } from "../orchestration/index.js";
import { fromJson, num, text, toJson } from "./codec.js";
import type { Connection, Row } from "./connection.js";
import { deploymentFilterSql, flowFilterSql, flowRunFilterSql, taskRunFilterSql } from "./filter-sql.js";
import { INITIAL_RUN_COLUMNS, initialRunValues } from "./run-columns.js";
import { combine, type Fragment, wrap, whereClause } from "./sql-fragments.js";
import { JOINED_STATE_COLUMNS, stateFromJoin } from "./states.js";
import { byWorkQueueSql } from "./work-pool-filter-sql.js";
import { assignWorkQueues } from "./work-queue-assignment.js";

const SELECT = `SELECT fr.*, ${JOINED_STATE_COLUMNS} FROM flow_run AS fr LEFT JOIN flow_run_state AS s ON s.id = fr.state_id`;

/** ORDER BY of each flow run sort (alias fr); the id breaks ties so pages never overlap. */
export const FLOW_RUN_SORTS: Record<FlowRunFilterRequest["sort"], string> = {
  ID_DESC: "fr.id DESC",
  START_TIME_ASC: "coalesce(fr.start_time, fr.expected_start_time) ASC, fr.id ASC",
  START_TIME_DESC: "coalesce(fr.start_time, fr.expected_start_time) DESC, fr.id DESC",
  EXPECTED_START_TIME_ASC: "fr.expected_start_time ASC, fr.id ASC",
  EXPECTED_START_TIME_DESC: "fr.expected_start_time DESC, fr.id DESC",
  NAME_ASC: "fr.name ASC, fr.id ASC",
  NAME_DESC: "fr.name DESC, fr.id DESC",
  NEXT_SCHEDULED_START_TIME_ASC: "fr.next_scheduled_start_time ASC, fr.id ASC",
  END_TIME_DESC: "fr.end_time DESC, fr.id DESC",
};

/** WHERE fragment selecting flow runs (alias fr) by the flows, flow_runs and task_runs keys of a body. */
export function flowRunsWhere(query: FlowRunCountRequest): Fragment | null {
  return combine("and_", [
    flowRunFilterSql(query.flow_runs),
    wrap("fr.flow_id IN (SELECT f.id FROM flow AS f WHERE ", flowFilterSql(query.flows)),
    wrap("fr.deployment_id IN (SELECT d.id FROM deployment AS d WHERE ", deploymentFilterSql(query.deployments)),
    byWorkQueueSql("fr.work_queue_id", query.work_pools, query.work_pool_queues),
    // Prefect: a task_runs filter, even an empty one, keeps only runs having a matching task run.
    query.task_runs != null
      ? (wrap(
          "EXISTS (SELECT 1 FROM task_run AS tr WHERE tr.flow_run_id = fr.id AND ",
          taskRunFilterSql(query.task_runs),
        ) ?? {
          sql: "EXISTS (SELECT 1 FROM task_run AS tr WHERE tr.flow_run_id = fr.id)",
          params: [],
        })
      : null,
  ]);
}

/** The wire `FlowRunResponse` of a joined row; `now` drives the computed estimates. */
export function toFlowRun(row: Row, now: Date): FlowRunResponse {
  const state = stateFromJoin(row);
  const run = {
    total_run_time: num(row.total_run_time),
    start_time: text(row.start_time),
    expected_start_time: text(row.expected_start_time),
  };
  return {
    id: row.id as string,
    created: text(row.created),
    updated: text(row.updated),
    name: row.name as string,
    flow_id: row.flow_id as string,
    state_id: text(row.state_id),
    deployment_id: text(row.deployment_id),
    deployment_version: text(row.deployment_version),
    work_queue_id: text(row.work_queue_id),
    work_queue_name: text(row.work_queue_name),
    flow_version: text(row.flow_version),
    parameters: fromJson(row.parameters, {}),
    idempotency_key: text(row.idempotency_key),
    context: fromJson(row.context, {}),
    empirical_policy: fromJson(row.empirical_policy, {} as FlowRunResponse["empirical_policy"]),
    tags: fromJson<string[]>(row.tags, []),
    labels: fromJson(row.labels, {}),
    parent_task_run_id: text(row.parent_task_run_id),
    state_type: text(row.state_type) as FlowRunResponse["state_type"],
    state_name: text(row.state_name),
    run_count: num(row.run_count),
    expected_start_time: run.expected_start_time,
    next_scheduled_start_time: text(row.next_scheduled_start_time),
    start_time: run.start_time,
    end_time: text(row.end_time),
    total_run_time: run.total_run_time,
    estimated_run_time: estimatedRunTime(run, state, now),
    estimated_start_time_delta: estimatedStartTimeDelta(run, text(row.state_type), now),
    auto_scheduled: row.auto_scheduled === 1,
    infrastructure_document_id: text(row.infrastructure_document_id),
    infrastructure_pid: text(row.infrastructure_pid),
    created_by: fromJson(row.created_by, null),
    work_pool_id: text(row.work_pool_id),
    work_pool_name: text(row.work_pool_name),
    state,
    job_variables: fromJson(row.job_variables, null),
  };
}

/** Flow run rows and their queries. */
export class FlowRunsTable {
  constructor(private readonly conn: Connection) {}

  /**
   * Inserts a run with the state columns of its orchestrated first state (`run`, empty for a run without
   * state). With an idempotency key already used for the flow, nothing is inserted and the existing run's id
   * comes back with `created: false`.
   * @throws better-sqlite3's SqliteError (SQLITE_CONSTRAINT_FOREIGNKEY) when the flow does not exist.
   */
  insert(
    input: FlowRunCreate,
    fields: { id: string; name: string; now: Date; run?: RunUpdate },
  ): { id: string; created: boolean } {
    const stamp = fields.now.toISOString();
    const changes = this.conn.run(
      `INSERT INTO flow_run (id, created, updated, name, flow_id, deployment_id, work_queue_name, work_pool_name,
        flow_version, parameters, idempotency_key, context, empirical_policy, tags, labels, parent_task_run_id,
        infrastructure_document_id, job_variables, ${INITIAL_RUN_COLUMNS})
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (flow_id, idempotency_key) WHERE idempotency_key IS NOT NULL DO NOTHING`,
      [
        fields.id,
        stamp,
        stamp,
        fields.name,
        input.flow_id,
        input.deployment_id,
        input.work_queue_name,
        input.work_pool_name,
        input.flow_version,
        JSON.stringify(input.parameters),
        input.idempotency_key,
        JSON.stringify(input.context),
        JSON.stringify(fields.run?.empirical_policy ?? input.empirical_policy),
        JSON.stringify(input.tags),
        toJson(input.labels ?? {}),
        input.parent_task_run_id,
        input.infrastructure_document_id,
        toJson(input.job_variables),
        ...initialRunValues(fields.run),
      ],
    );
    if (changes === 1) {
      if (input.work_pool_name != null) assignWorkQueues(this.conn, [fields.id]);
      return { id: fields.id, created: true };
    }
    const existing = this.conn.get("SELECT id FROM flow_run WHERE flow_id = ? AND idempotency_key = ?", [
      input.flow_id,
      input.idempotency_key,
    ]);
    return { id: existing?.id as string, created: false };
  }

  /** The raw row of a run (for orchestration snapshots). */
  row(id: string): Row | undefined {
    return this.conn.get("SELECT * FROM flow_run WHERE id = ?", [id]);
  }

  /** The run with its current state, as the API returns it. */
  read(id: string, now: Date): FlowRunResponse | undefined {
    const row = this.conn.get(`${SELECT} WHERE fr.id = ?`, [id]);
    return row && toFlowRun(row, now);
  }

  /** Applies the fields set in `patch` (never state columns); false when no such run. */
  update(id: string, patch: FlowRunUpdate, now: Date): boolean {
    const columns: string[] = [];
    const params: unknown[] = [];
    const set = (column: string, value: unknown) => {
      columns.push(`${column} = ?`);
      params.push(value);
    };
    // The name column is NOT NULL: an explicit null leaves the name as it is.
    if (patch.name !== undefined && patch.name !== null) set("name", patch.name);
    if (patch.flow_version !== undefined) set("flow_version", patch.flow_version);
    if (patch.parameters !== undefined) set("parameters", JSON.stringify(patch.parameters));
    if (patch.empirical_policy !== undefined) set("empirical_policy", JSON.stringify(patch.empirical_policy));
    if (patch.tags !== undefined) set("tags", JSON.stringify(patch.tags));
    if (patch.infrastructure_pid !== undefined) set("infrastructure_pid", patch.infrastructure_pid);
    if (patch.job_variables !== undefined) set("job_variables", toJson(patch.job_variables));
    set("updated", now.toISOString());
    return this.conn.run(`UPDATE flow_run SET ${columns.join(", ")} WHERE id = ?`, [...params, id]) === 1;
  }

  /** Merges `labels` into the run's labels; false when no such run. */
  updateLabels(id: string, labels: Record<string, unknown>, now: Date): boolean {
    return (
      this.conn.run("UPDATE flow_run SET labels = json_patch(coalesce(labels, '{}'), ?), updated = ? WHERE id = ?", [
        JSON.stringify(labels),
        now.toISOString(),
        id,
      ]) === 1
    );
  }

  /** Deletes the run (its task runs and states cascade); false when no such run. */
  delete(id: string): boolean {
    return this.conn.run("DELETE FROM flow_run WHERE id = ?", [id]) === 1;
  }

  /** The runs matching a `/flow_runs/filter` body, sorted and paged. */
  filter(query: FlowRunFilterRequest, now: Date): FlowRunResponse[] {
    const where = whereClause(flowRunsWhere(query));
    const order = FLOW_RUN_SORTS[query.sort];
    // The page's ids first, then their rows: sorting ids (often straight off an index) instead of whole rows with
    // their JSON keeps a filtered page of 10,000 runs at a few ms instead of 100+ (bench/ui.bench.ts).
    const page = `SELECT fr.id FROM flow_run AS fr${where.sql} ORDER BY ${order} LIMIT ? OFFSET ?`;
    const sql = `${SELECT} WHERE fr.id IN (${page}) ORDER BY ${order}`;
    return this.conn.all(sql, [...where.params, query.limit, query.offset]).map((row) => toFlowRun(row, now));
  }

  /** How many runs match a `/flow_runs/count` body. */
  count(query: FlowRunCountRequest): number {
    const where = whereClause(flowRunsWhere(query));
    return (this.conn.get(`SELECT count(*) AS n FROM flow_run AS fr${where.sql}`, where.params)?.n as number) ?? 0;
  }
}
