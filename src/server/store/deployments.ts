// The `deployment` table: upsert on (flow_id, name), read (by id, by flow and deployment name), field updates,
// pause, delete, filter and count, and removing a deployment's not-yet-started scheduled runs.
import type {
  DeploymentCountRequest,
  DeploymentCreate,
  DeploymentFilterRequest,
  DeploymentResponse,
  DeploymentSchedule,
  DeploymentUpdate,
} from "../../schemas/index.js";
import { fromJson, text, toJson } from "./codec.js";
import type { Connection, Row } from "./connection.js";
import { deploymentFilterSql, flowFilterSql, flowRunFilterSql, taskRunFilterSql } from "./filter-sql.js";
import { newId } from "./ids.js";
import { combine, type Fragment, whereClause, wrap } from "./sql-fragments.js";
import { byWorkQueueSql } from "./work-pool-filter-sql.js";

const SORTS: Record<DeploymentFilterRequest["sort"], string> = {
  CREATED_DESC: "d.created DESC, d.id DESC",
  UPDATED_DESC: "d.updated DESC, d.id DESC",
  NAME_ASC: "d.name ASC, d.id ASC",
  NAME_DESC: "d.name DESC, d.id DESC",
};

/** Columns written from a create body, in this order (see {@link createValues}). */
const CREATE_COLUMNS = [
  "version",
  "description",
  "paused",
  "concurrency_limit",
  "concurrency_options",
  "job_variables",
  "parameters",
  "tags",
  "labels",
  "work_queue_name",
  "work_pool_name",
  "parameter_openapi_schema",
  "path",
  "pull_steps",
  "entrypoint",
  "storage_document_id",
  "infrastructure_document_id",
  "enforce_parameter_schema",
  "version_info",
] as const;

/** Encoders of the updatable columns (JSON columns serialised, booleans as 0/1). */
const ENCODE: Record<string, (value: unknown) => unknown> = {
  paused: (v) => (v ? 1 : 0),
  enforce_parameter_schema: (v) => (v ? 1 : 0),
  concurrency_options: toJson,
  job_variables: (v) => JSON.stringify(v ?? {}),
  parameters: (v) => JSON.stringify(v ?? {}),
  tags: (v) => JSON.stringify(v ?? []),
  labels: toJson,
  parameter_openapi_schema: toJson,
  pull_steps: toJson,
  version_info: toJson,
};

function encode(column: string, value: unknown): unknown {
  const encoder = ENCODE[column];
  return encoder ? encoder(value) : (value ?? null);
}

function createValues(input: DeploymentCreate): unknown[] {
  const source = { ...input, work_queue_name: input.work_queue_name ?? "default" } as Record<string, unknown>;
  return CREATE_COLUMNS.map((column) => encode(column, source[column]));
}

/** A deployment is READY while it was polled (get_scheduled_flow_runs) in the last minute, as Prefect's. */
const READY_WINDOW_MS = 60_000;

function toDeployment(row: Row, schedules: DeploymentSchedule[], now: Date): DeploymentResponse {
  const polled = text(row.last_polled);
  return {
    id: row.id as string,
    created: text(row.created),
    updated: text(row.updated),
    name: row.name as string,
    version: text(row.version),
    description: text(row.description),
    flow_id: row.flow_id as string,
    paused: row.paused === 1,
    schedules,
    concurrency_limit: typeof row.concurrency_limit === "number" ? row.concurrency_limit : null,
    global_concurrency_limit: null,
    concurrency_options: fromJson(row.concurrency_options, null),
    job_variables: fromJson(row.job_variables, {}),
    parameters: fromJson(row.parameters, {}),
    tags: fromJson<string[]>(row.tags, []),
    labels: fromJson(row.labels, {}),
    work_queue_name: text(row.work_queue_name),
    work_queue_id: text(row.work_queue_id),
    last_polled: text(row.last_polled),
    parameter_openapi_schema: fromJson(row.parameter_openapi_schema, null),
    path: text(row.path),
    pull_steps: fromJson(row.pull_steps, null),
    entrypoint: text(row.entrypoint),
    storage_document_id: text(row.storage_document_id),
    infrastructure_document_id: text(row.infrastructure_document_id),
    created_by: fromJson(row.created_by, null),
    updated_by: fromJson(row.updated_by, null),
    work_pool_name: text(row.work_pool_name),
    status: polled !== null && now.getTime() - Date.parse(polled) < READY_WINDOW_MS ? "READY" : "NOT_READY",
    enforce_parameter_schema: row.enforce_parameter_schema === 1,
  };
}

/** WHERE fragment selecting deployments (alias d) by every key of a `/deployments/filter` body. */
export function deploymentsWhere(query: DeploymentCountRequest): Fragment | null {
  let withRuns: Fragment | null = null;
  if (query.flow_runs != null || query.task_runs != null) {
    // Deployments having at least one run matching both filters (task runs joined to that run).
    const join = query.task_runs != null ? " JOIN task_run AS tr ON tr.flow_run_id = fr.id" : "";
    const inner = combine("and_", [flowRunFilterSql(query.flow_runs), taskRunFilterSql(query.task_runs)]);
    withRuns = {
      sql: `EXISTS (SELECT 1 FROM flow_run AS fr${join} WHERE fr.deployment_id = d.id${inner ? ` AND ${inner.sql}` : ""})`,
      params: inner?.params ?? [],
    };
  }
  const pools = query.work_pools;
  return combine("and_", [
    deploymentFilterSql(query.deployments),
    wrap("d.flow_id IN (SELECT f.id FROM flow AS f WHERE ", flowFilterSql(query.flows)),
    withRuns,
    // Prefect joins through the deployment's queue: deployments without a pool match no pool or queue filter.
    byWorkQueueSql("d.work_queue_id", pools, query.work_pool_queues),
  ]);
}

/** Deployment rows and their queries; schedules come from the `deployment_schedule` table. */
export class DeploymentsTable {
  constructor(
    private readonly conn: Connection,
    private readonly schedulesOf: (deploymentId: string) => DeploymentSchedule[],
  ) {}

  /**
   * Inserts the deployment, or replaces every field of the one with the same flow and name (Prefect's upsert).
   * Schedules are not touched here. Must run inside `store.write`.
   * @throws better-sqlite3's SqliteError (SQLITE_CONSTRAINT_FOREIGNKEY) when the flow does not exist.
   */
  upsert(input: DeploymentCreate, now: Date): { id: string; created: boolean } {
    const stamp = now.toISOString();
    const existing = this.conn.get("SELECT id FROM deployment WHERE flow_id = ? AND name = ?", [
      input.flow_id,
      input.name,
    ]);
    if (existing !== undefined) {
      const id = existing.id as string;
      const sets = CREATE_COLUMNS.map((column) => `${column} = ?`).join(", ");
      this.conn.run(`UPDATE deployment SET ${sets}, updated = ? WHERE id = ?`, [...createValues(input), stamp, id]);
      return { id, created: false };
    }
    const id = newId(now.getTime());
    const columns = ["id", "created", "updated", "name", "flow_id", ...CREATE_COLUMNS];
    this.conn.run(`INSERT INTO deployment (${columns.join(", ")}) VALUES (${columns.map(() => "?").join(", ")})`, [
      id,
      stamp,
      stamp,
      input.name,
      input.flow_id,
      ...createValues(input),
    ]);
    return { id, created: true };
  }

  /** The deployment with this id, schedules included. */
  read(id: string, now: Date): DeploymentResponse | undefined {
    const row = this.conn.get("SELECT d.* FROM deployment AS d WHERE d.id = ?", [id]);
    return row && toDeployment(row, this.schedulesOf(id), now);
  }

  /** The id of flow `flowId`'s deployment `name`, if any. */
  idOf(flowId: string, name: string): string | undefined {
    return this.conn.get("SELECT id FROM deployment WHERE flow_id = ? AND name = ?", [flowId, name])?.id as
      string | undefined;
  }

  /** Whether a deployment with this id exists. */
  exists(id: string): boolean {
    return this.conn.get("SELECT 1 AS one FROM deployment WHERE id = ?", [id]) !== undefined;
  }

  /** The deployment `name` of the flow named `flowName`. */
  readByName(flowName: string, name: string, now: Date): DeploymentResponse | undefined {
    const row = this.conn.get(
      "SELECT d.* FROM deployment AS d JOIN flow AS f ON f.id = d.flow_id WHERE f.name = ? AND d.name = ?",
      [flowName, name],
    );
    return row && toDeployment(row, this.schedulesOf(row.id as string), now);
  }

  /** Applies the fields set in `patch` (schedules excepted); false when no such deployment. */
  update(id: string, patch: Omit<DeploymentUpdate, "schedules" | "global_concurrency_limit_id">, now: Date): boolean {
    const columns: string[] = [];
    const params: unknown[] = [];
    for (const [key, value] of Object.entries(patch)) {
      if (value === undefined || !(CREATE_COLUMNS as readonly string[]).includes(key)) continue;
      // Non-null columns keep their value when the patch sends null.
      if (value === null && (key === "enforce_parameter_schema" || key === "parameters" || key === "job_variables"))
        continue;
      columns.push(`${key} = ?`);
      params.push(encode(key, value));
    }
    columns.push("updated = ?");
    params.push(now.toISOString(), id);
    return this.conn.run(`UPDATE deployment SET ${columns.join(", ")} WHERE id = ?`, params) === 1;
  }

  /** Points the deployment at queue `queueId` (null: none, a deployment served without a pool). */
  setWorkQueue(id: string, queueId: string | null): void {
    this.conn.run("UPDATE deployment SET work_queue_id = ? WHERE id = ?", [queueId, id]);
  }

  /** Records that a runner polled these deployments (they read READY for a minute). */
  markPolled(ids: readonly string[], now: Date): void {
    this.conn.run("UPDATE deployment SET last_polled = ? WHERE id IN (SELECT value FROM json_each(?))", [
      now.toISOString(),
      JSON.stringify(ids),
    ]);
  }

  /** Stamps a run created from a deployment with the deployment's version. */
  stampRunVersion(runId: string, version: string | null): void {
    if (version !== null) this.conn.run("UPDATE flow_run SET deployment_version = ? WHERE id = ?", [version, runId]);
  }

  /** Deletes the deployment (its schedules cascade); false when no such deployment. */
  delete(id: string): boolean {
    return this.conn.run("DELETE FROM deployment WHERE id = ?", [id]) === 1;
  }

  /**
   * Deletes the deployment's runs that are still SCHEDULED and never ran: only auto-scheduled ones unless
   * `autoOnly` is false, and with `after` only those due after that instant. Returns how many were deleted.
   */
  deleteScheduledRuns(id: string, options: { after?: Date; autoOnly?: boolean } = {}): number {
    const params: unknown[] = [id];
    // A run waiting for a concurrency slot was already claimed: Prefect keeps it.
    let sql =
      "DELETE FROM flow_run WHERE deployment_id = ? AND state_type = 'SCHEDULED' AND state_name IS NOT 'AwaitingConcurrencySlot' AND run_count = 0";
    if (options.autoOnly !== false) sql += " AND auto_scheduled = 1";
    if (options.after) {
      sql += " AND next_scheduled_start_time > ?";
      params.push(options.after.toISOString());
    }
    return this.conn.run(sql, params);
  }

  /** The deployments matching a `/deployments/filter` body, sorted and paged. */
  filter(query: DeploymentFilterRequest, now: Date): DeploymentResponse[] {
    const where = whereClause(deploymentsWhere(query));
    const sql = `SELECT d.* FROM deployment AS d${where.sql} ORDER BY ${SORTS[query.sort]} LIMIT ? OFFSET ?`;
    return this.conn
      .all(sql, [...where.params, query.limit, query.offset])
      .map((row) => toDeployment(row, this.schedulesOf(row.id as string), now));
  }

  /** How many deployments match a `/deployments/count` body. */
  count(query: DeploymentCountRequest): number {
    const where = whereClause(deploymentsWhere(query));
    return (this.conn.get(`SELECT count(*) AS n FROM deployment AS d${where.sql}`, where.params)?.n as number) ?? 0;
  }
}
