// The `task_run` table: insert (idempotent on flow_run_id + task_key + dynamic_key, client ids allowed),
// read with the current state embedded, rename, delete, filter, count. State columns: run-columns.ts only.
import type { TaskRun, TaskRunCountRequest, TaskRunCreate, TaskRunFilterRequest } from "../../schemas/index.js";
import { estimatedRunTime, estimatedStartTimeDelta, type RunUpdate } from "../orchestration/index.js";
import { fromJson, num, text, toJson, toUtc } from "./codec.js";
import type { Connection, Row } from "./connection.js";
import { flowFilterSql, flowRunFilterSql, taskRunFilterSql } from "./filter-sql.js";
import { INITIAL_RUN_COLUMNS, initialRunValues } from "./run-columns.js";
import { combine, type Fragment, whereClause } from "./sql-fragments.js";
import { JOINED_STATE_COLUMNS, stateFromJoin } from "./states.js";

const SELECT = `SELECT tr.*, ${JOINED_STATE_COLUMNS} FROM task_run AS tr LEFT JOIN task_run_state AS s ON s.id = tr.state_id`;

const TASK_RUN_SORTS: Record<TaskRunFilterRequest["sort"], string> = {
  ID_DESC: "tr.id DESC",
  EXPECTED_START_TIME_ASC: "tr.expected_start_time ASC, tr.id ASC",
  EXPECTED_START_TIME_DESC: "tr.expected_start_time DESC, tr.id DESC",
  NAME_ASC: "tr.name ASC, tr.id ASC",
  NAME_DESC: "tr.name DESC, tr.id DESC",
  NEXT_SCHEDULED_START_TIME_ASC: "tr.next_scheduled_start_time ASC, tr.id ASC",
  END_TIME_DESC: "tr.end_time DESC, tr.id DESC",
};

/** WHERE fragment selecting task runs (alias tr) by the flows, flow_runs and task_runs keys of a body. */
export function taskRunsWhere(query: TaskRunCountRequest): Fragment | null {
  let parent: Fragment | null = null;
  if (query.flows != null || query.flow_runs != null) {
    // Prefect: the task run's flow run (and its flow) must match.
    const inner = combine("and_", [flowRunFilterSql(query.flow_runs), flowFilterSql(query.flows)]);
    parent = {
      sql: `EXISTS (SELECT 1 FROM flow_run AS fr JOIN flow AS f ON f.id = fr.flow_id WHERE fr.id = tr.flow_run_id${inner ? ` AND ${inner.sql}` : ""})`,
      params: inner?.params ?? [],
    };
  }
  return combine("and_", [taskRunFilterSql(query.task_runs), parent]);
}

/** The wire `TaskRun` of a joined row; `now` drives the computed estimates. */
export function toTaskRun(row: Row, now: Date): TaskRun {
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
    flow_run_id: text(row.flow_run_id),
    task_key: row.task_key as string,
    dynamic_key: row.dynamic_key as string,
    cache_key: text(row.cache_key),
    cache_expiration: text(row.cache_expiration),
    task_version: text(row.task_version),
    empirical_policy: fromJson(row.empirical_policy, {} as TaskRun["empirical_policy"]),
    tags: fromJson<string[]>(row.tags, []),
    labels: fromJson(row.labels, {}),
    state_id: text(row.state_id),
    task_inputs: fromJson(row.task_inputs, {}),
    state_type: text(row.state_type) as TaskRun["state_type"],
    state_name: text(row.state_name),
    run_count: num(row.run_count),
    flow_run_run_count: num(row.flow_run_run_count),
    expected_start_time: run.expected_start_time,
    next_scheduled_start_time: text(row.next_scheduled_start_time),
    start_time: run.start_time,
    end_time: text(row.end_time),
    total_run_time: run.total_run_time,
    estimated_run_time: estimatedRunTime(run, state, now),
    estimated_start_time_delta: estimatedStartTimeDelta(run, text(row.state_type), now),
    state,
  };
}

/** Task run rows and their queries. */
export class TaskRunsTable {
  constructor(private readonly conn: Connection) {}

  /** The id of the existing task run with this identity key, if any (what {@link insert} would return). */
  existing(input: TaskRunCreate): string | undefined {
    const row =
      input.flow_run_id === null
        ? this.conn.get(
            "SELECT id FROM task_run WHERE flow_run_id IS NULL AND task_key = ? AND dynamic_key = ? LIMIT 1",
            [input.task_key, input.dynamic_key],
          )
        : this.conn.get("SELECT id FROM task_run WHERE flow_run_id = ? AND task_key = ? AND dynamic_key = ?", [
            input.flow_run_id,
            input.task_key,
            input.dynamic_key,
          ]);
    return row?.id as string | undefined;
  }

  /**
   * Inserts a task run with the state columns of its orchestrated first state (`run`), unless one exists for
   * (flow_run_id, task_key, dynamic_key) (for a null flow run: (task_key, dynamic_key) among runs without flow
   * run, as Prefect does); returns its id and whether it is new.
   * @throws SqliteError on a foreign-key or primary-key violation (unknown flow run, reused client id).
   */
  insert(
    input: TaskRunCreate,
    fields: { id: string; name: string; now: Date; run?: RunUpdate },
  ): { id: string; created: boolean } {
    if (input.flow_run_id === null) {
      const existing = this.existing(input);
      if (existing !== undefined) return { id: existing, created: false };
    }
    const stamp = fields.now.toISOString();
    const changes = this.conn.run(
      `INSERT INTO task_run (id, created, updated, name, flow_run_id, task_key, dynamic_key, cache_key,
        cache_expiration, task_version, empirical_policy, tags, labels, task_inputs, flow_run_run_count, ${INITIAL_RUN_COLUMNS})
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (flow_run_id, task_key, dynamic_key) DO NOTHING`,
      [
        fields.id,
        stamp,
        stamp,
        fields.name,
        input.flow_run_id,
        input.task_key,
        input.dynamic_key,
        input.cache_key,
        toUtc(input.cache_expiration),
        input.task_version,
        JSON.stringify(fields.run?.empirical_policy ?? input.empirical_policy),
        JSON.stringify(input.tags),
        toJson(input.labels ?? {}),
        JSON.stringify(input.task_inputs),
        fields.run?.flow_run_run_count ?? 0,
        ...initialRunValues(fields.run),
      ],
    );
    if (changes === 1) return { id: fields.id, created: true };
    return { id: this.existing(input) as string, created: false };
  }

  /** The raw row of a task run (for orchestration snapshots). */
  row(id: string): Row | undefined {
    return this.conn.get("SELECT * FROM task_run WHERE id = ?", [id]);
  }

  /** The task run with its current state, as the API returns it. */
  read(id: string, now: Date): TaskRun | undefined {
    const row = this.conn.get(`${SELECT} WHERE tr.id = ?`, [id]);
    return row && toTaskRun(row, now);
  }

  /** Renames a task run (the only field of `TaskRunUpdate`); false when no such run. */
  rename(id: string, name: string | undefined, now: Date): boolean {
    if (name === undefined) return this.row(id) !== undefined;
    return this.conn.run("UPDATE task_run SET name = ?, updated = ? WHERE id = ?", [name, now.toISOString(), id]) === 1;
  }

  /** Deletes the task run (its states cascade); false when no such run. */
  delete(id: string): boolean {
    return this.conn.run("DELETE FROM task_run WHERE id = ?", [id]) === 1;
  }

  /** The task runs matching a `/task_runs/filter` body, sorted and paged. */
  filter(query: TaskRunFilterRequest, now: Date): TaskRun[] {
    const where = whereClause(taskRunsWhere(query));
    const sql = `${SELECT}${where.sql} ORDER BY ${TASK_RUN_SORTS[query.sort]} LIMIT ? OFFSET ?`;
    return this.conn.all(sql, [...where.params, query.limit, query.offset]).map((row) => toTaskRun(row, now));
  }

  /** How many task runs match a `/task_runs/count` body. */
  count(query: TaskRunCountRequest): number {
    const where = whereClause(taskRunsWhere(query));
    return (this.conn.get(`SELECT count(*) AS n FROM task_run AS tr${where.sql}`, where.params)?.n as number) ?? 0;
  }
}
