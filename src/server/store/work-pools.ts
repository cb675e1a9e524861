// The `work_pool` table: create (with its `default` queue), read by name or id, update, delete, filter, count,
// with Prefect's computed status and active slots. Queues are in work-queues.ts, workers in workers.ts.
import type {
  WorkPoolCreate,
  WorkPoolFilterRequest,
  WorkPoolResponse,
  WorkPoolStatus,
  WorkPoolUpdate,
} from "../../schemas/index.js";
import type { WorkPoolFilter } from "../../schemas/index.js";
import { fromJson, text } from "./codec.js";
import type { Connection, Row } from "./connection.js";
import { newId } from "./ids.js";
import { whereClause } from "./sql-fragments.js";
import { workPoolFilterSql } from "./work-pool-filter-sql.js";
import type { WorkQueuesTable } from "./work-queues.js";

/** Run states that hold a pool or queue concurrency slot, as Prefect counts them. */
export const ACTIVE_STATE_TYPES = "('PENDING', 'RUNNING', 'CANCELLING')";

/** The type of the pool holding legacy agent queues; Prefect gives such pools no status. */
export const AGENT_POOL_TYPE = "prefect-agent";

export { DEFAULT_AGENT_POOL_NAME } from "../../schemas/plain.js";

// The pool row with whether one of its workers is ONLINE and how many of its runs hold a slot.
const SELECT = `SELECT wp.*,
  EXISTS (SELECT 1 FROM worker AS w WHERE w.work_pool_id = wp.id AND w.status = 'ONLINE') AS has_online_worker,
  CASE WHEN wp.concurrency_limit IS NULL THEN NULL ELSE
    (SELECT count(*) FROM flow_run AS fr WHERE fr.work_pool_id = wp.id AND fr.state_type IN ${ACTIVE_STATE_TYPES}) END AS active_slots
  FROM work_pool AS wp`;

function statusOf(row: Row): WorkPoolStatus | null {
  if (row.type === AGENT_POOL_TYPE) return null;
  if (row.is_paused === 1) return "PAUSED";
  return row.has_online_worker === 1 ? "READY" : "NOT_READY";
}

function toWorkPool(row: Row): WorkPoolResponse {
  return {
    id: row.id as string,
    created: text(row.created),
    updated: text(row.updated),
    name: row.name as string,
    description: text(row.description),
    type: row.type as string,
    base_job_template: fromJson(row.base_job_template, {}),
    is_paused: row.is_paused === 1,
    concurrency_limit: typeof row.concurrency_limit === "number" ? row.concurrency_limit : null,
    status: statusOf(row),
    default_queue_id: text(row.default_queue_id),
    storage_configuration: fromJson(row.storage_configuration, {
      bundle_upload_step: null,
      bundle_execution_step: null,
      default_result_storage_block_id: null,
    }),
    active_slots: typeof row.active_slots === "number" ? row.active_slots : null,
  };
}

/** Work pool rows and their queries. */
export class WorkPoolsTable {
  constructor(
    private readonly conn: Connection,
    private readonly queues: WorkQueuesTable,
  ) {}

  /**
   * Inserts the pool and its `default` queue (priority 1), as Prefect's create_work_pool. Must run inside
   * `store.write`. @throws SqliteError SQLITE_CONSTRAINT_UNIQUE when the name is taken.
   */
  create(input: WorkPoolCreate, now: Date): string {
    const id = newId(now.getTime());
    const stamp = now.toISOString();
    this.conn.run(
      `INSERT INTO work_pool (id, created, updated, name, description, type, base_job_template, is_paused, concurrency_limit,
        storage_configuration) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [
        id,
        stamp,
        stamp,
        input.name,
        input.description,
        input.type,
        JSON.stringify(input.base_job_template),
        input.is_paused ? 1 : 0,
        input.concurrency_limit,
        JSON.stringify(input.storage_configuration),
      ],
    );
    const queueId = this.queues.create(
      id,
      {
        name: "default",
        description: "The work pool's default queue.",
        is_paused: false,
        concurrency_limit: null,
        priority: null,
        filter: null,
      },
      now,
    );
    this.conn.run("UPDATE work_pool SET default_queue_id = ? WHERE id = ?", [queueId, id]);
    return id;
  }

  /** The pool named `name`. */
  readByName(name: string): WorkPoolResponse | undefined {
    const row = this.conn.get(`${SELECT} WHERE wp.name = ?`, [name]);
    return row && toWorkPool(row);
  }

  /** The pool with this id. */
  read(id: string): WorkPoolResponse | undefined {
    const row = this.conn.get(`${SELECT} WHERE wp.id = ?`, [id]);
    return row && toWorkPool(row);
  }

  /** Applies the fields set in `patch`; false when no such pool. */
  update(id: string, patch: WorkPoolUpdate, now: Date): boolean {
    const columns: string[] = [];
    const params: unknown[] = [];
    const set = (column: string, value: unknown) => {
      columns.push(`${column} = ?`);
      params.push(value);
    };
    if (patch.description !== undefined) set("description", patch.description);
    // Non-null columns keep their value when the patch sends null.
    if (patch.is_paused != null) set("is_paused", patch.is_paused ? 1 : 0);
    if (patch.base_job_template != null) set("base_job_template", JSON.stringify(patch.base_job_template));
    if (patch.concurrency_limit !== undefined) set("concurrency_limit", patch.concurrency_limit);
    if (patch.storage_configuration != null) set("storage_configuration", JSON.stringify(patch.storage_configuration));
    set("updated", now.toISOString());
    return this.conn.run(`UPDATE work_pool SET ${columns.join(", ")} WHERE id = ?`, [...params, id]) === 1;
  }

  /** Deletes the pool (its queues and workers cascade); false when no such pool. */
  delete(id: string): boolean {
    return this.conn.run("DELETE FROM work_pool WHERE id = ?", [id]) === 1;
  }

  /** The pools matching a `/work_pools/filter` body, by name. */
  filter(query: WorkPoolFilterRequest): WorkPoolResponse[] {
    const where = whereClause(workPoolFilterSql(query.work_pools));
    return this.conn
      .all(`${SELECT}${where.sql} ORDER BY wp.name LIMIT ? OFFSET ?`, [...where.params, query.limit, query.offset])
      .map(toWorkPool);
  }

  /** How many pools match `filter`. */
  count(filter: WorkPoolFilter | null | undefined): number {
    const where = whereClause(workPoolFilterSql(filter));
    return (this.conn.get(`SELECT count(*) AS n FROM work_pool AS wp${where.sql}`, where.params)?.n as number) ?? 0;
  }
}
