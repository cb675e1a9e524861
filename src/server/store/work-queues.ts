// The `work_queue` table: create with Prefect's priority rules, read (id, pool and name), update, delete, filter,
// marking polled, and the computed status (READY within 60 s of a poll). The scheduled-runs query: worker-poll.ts.
import type {
  WorkQueueCreate,
  WorkQueueFilterRequest,
  WorkQueueResponse,
  WorkQueueStatus,
  WorkQueueUpdate,
} from "../../schemas/index.js";
import { fromJson, text } from "./codec.js";
import type { Connection, Row } from "./connection.js";
import { newId } from "./ids.js";
import { combine, type Fragment, whereClause } from "./sql-fragments.js";
import { workQueueFilterSql } from "./work-pool-filter-sql.js";
import { ACTIVE_STATE_TYPES } from "./work-pools.js";

/** A queue is READY while it was polled within this window (Prefect's WORK_QUEUE_LAST_POLLED_TIMEOUT). */
export const QUEUE_READY_WINDOW_MS = 60_000;

const SELECT = `SELECT wq.*, wp.name AS work_pool_name,
  CASE WHEN wq.concurrency_limit IS NULL THEN NULL ELSE
    (SELECT count(*) FROM flow_run AS fr WHERE fr.work_queue_id = wq.id AND fr.state_type IN ${ACTIVE_STATE_TYPES}) END AS active_slots
  FROM work_queue AS wq JOIN work_pool AS wp ON wp.id = wq.work_pool_id`;

/** A queue's status at `now`: PAUSED, READY (polled within a minute) or NOT_READY. */
export function queueStatus(isPaused: boolean, lastPolled: string | null, now: Date): WorkQueueStatus {
  if (isPaused) return "PAUSED";
  return lastPolled !== null && now.getTime() - Date.parse(lastPolled) <= QUEUE_READY_WINDOW_MS ? "READY" : "NOT_READY";
}

function toWorkQueue(row: Row, now: Date): WorkQueueResponse {
  const lastPolled = text(row.last_polled);
  return {
    id: row.id as string,
    created: text(row.created),
    updated: text(row.updated),
    name: row.name as string,
    description: text(row.description),
    is_paused: row.is_paused === 1,
    concurrency_limit: typeof row.concurrency_limit === "number" ? row.concurrency_limit : null,
    priority: row.priority as number,
    work_pool_id: row.work_pool_id as string,
    filter: fromJson(row.filter, null),
    last_polled: lastPolled,
    work_pool_name: text(row.work_pool_name),
    status: queueStatus(row.is_paused === 1, lastPolled, now),
    active_slots: typeof row.active_slots === "number" ? row.active_slots : null,
  };
}

/** Work queue rows and their queries. */
export class WorkQueuesTable {
  constructor(private readonly conn: Connection) {}

  /**
   * Inserts a queue into pool `poolId`. Without a priority it takes the first free rank (Prefect's rule); with one,
   * the other queues shift down so priorities stay unique. Must run inside `store.write`.
   * @throws SqliteError SQLITE_CONSTRAINT_UNIQUE when the pool has a queue of that name.
   */
  create(poolId: string, input: WorkQueueCreate, now: Date): string {
    const id = newId(now.getTime());
    const stamp = now.toISOString();
    const priority = input.priority ?? this.#firstFreePriority(poolId);
    this.conn.run(
      `INSERT INTO work_queue (id, created, updated, name, description, is_paused, concurrency_limit, priority, filter, work_pool_id)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [
        id,
        stamp,
        stamp,
        input.name,
        input.description,
        input.is_paused ? 1 : 0,
        input.concurrency_limit,
        priority,
        input.filter === null ? null : JSON.stringify(input.filter),
        poolId,
      ],
    );
    if (input.priority != null) this.#renumber(poolId, id, input.priority);
    return id;
  }

  #firstFreePriority(poolId: string): number {
    const taken = this.conn
      .all("SELECT priority FROM work_queue WHERE work_pool_id = ? ORDER BY priority", [poolId])
      .map((r) => r.priority as number);
    for (let i = 0; i < taken.length; i++) if (taken[i] !== i + 1) return i + 1;
    return taken.length + 1;
  }

  /**
   * Prefect's bulk_update_work_queue_priorities for one queue: `queueId` takes `priority`, the others keep their
   * order and move down only as far as needed to keep priorities unique and increasing.
   */
  #renumber(poolId: string, queueId: string, priority: number): void {
    const others = this.conn
      .all("SELECT id, priority FROM work_queue WHERE work_pool_id = ? AND id <> ? ORDER BY priority, id", [
        poolId,
        queueId,
      ])
      .map((r) => ({ id: r.id as string, priority: r.priority as number }));
    const at = others.findIndex((q) => q.priority >= priority);
    const ordered = [...others];
    ordered.splice(at === -1 ? ordered.length : at, 0, { id: queueId, priority });
    let last = 0;
    for (const queue of ordered) {
      const next = queue.priority <= last ? last + 1 : queue.priority;
      if (next !== queue.priority || queue.id === queueId)
        this.conn.run("UPDATE work_queue SET priority = ? WHERE id = ?", [next, queue.id]);
      last = next;
    }
  }

  /** The queue with this id. */
  read(id: string, now: Date): WorkQueueResponse | undefined {
    const row = this.conn.get(`${SELECT} WHERE wq.id = ?`, [id]);
    return row && toWorkQueue(row, now);
  }

  /** The queue `name` of the pool named `poolName`. */
  readByName(poolName: string, name: string, now: Date): WorkQueueResponse | undefined {
    const row = this.conn.get(`${SELECT} WHERE wp.name = ? AND wq.name = ?`, [poolName, name]);
    return row && toWorkQueue(row, now);
  }

  /** Applies the fields set in `patch` (a new priority renumbers the pool's queues); false when no such queue. */
  update(id: string, patch: WorkQueueUpdate, now: Date): boolean {
    const columns: string[] = [];
    const params: unknown[] = [];
    const set = (column: string, value: unknown) => {
      columns.push(`${column} = ?`);
      params.push(value);
    };
    if (patch.name != null) set("name", patch.name);
    if (patch.description !== undefined) set("description", patch.description);
    if (patch.is_paused !== undefined) set("is_paused", patch.is_paused ? 1 : 0);
    if (patch.concurrency_limit !== undefined) set("concurrency_limit", patch.concurrency_limit);
    if (patch.last_polled !== undefined)
      set("last_polled", patch.last_polled === null ? null : new Date(patch.last_polled).toISOString());
    if (patch.filter !== undefined) set("filter", patch.filter === null ? null : JSON.stringify(patch.filter));
    set("updated", now.toISOString());
    const updated = this.conn.run(`UPDATE work_queue SET ${columns.join(", ")} WHERE id = ?`, [...params, id]) === 1;
    if (updated && patch.priority != null) {
      const poolId = this.conn.get("SELECT work_pool_id FROM work_queue WHERE id = ?", [id])?.work_pool_id as string;
      this.#renumber(poolId, id, patch.priority);
    }
    return updated;
  }

  /** Deletes the queue; false when no such queue. The caller refuses a pool's default queue. */
  delete(id: string): boolean {
    return this.conn.run("DELETE FROM work_queue WHERE id = ?", [id]) === 1;
  }

  /** Queues matching a filter body, in pool `poolId` (by priority) or in every pool (by name). */
  filter(query: WorkQueueFilterRequest, now: Date, poolId?: string): WorkQueueResponse[] {
    const inPool: Fragment | null = poolId === undefined ? null : { sql: "wq.work_pool_id = ?", params: [poolId] };
    const where = whereClause(combine("and_", [inPool, workQueueFilterSql(query.work_queues)]));
    const order = poolId === undefined ? "wq.name, wq.id" : "wq.priority, wq.id";
    return this.conn
      .all(`${SELECT}${where.sql} ORDER BY ${order} LIMIT ? OFFSET ?`, [...where.params, query.limit, query.offset])
      .map((row) => toWorkQueue(row, now));
  }

  /** Ids of every queue of pool `poolId`, by priority. */
  idsOfPool(poolId: string): string[] {
    return this.conn
      .all("SELECT id FROM work_queue WHERE work_pool_id = ? ORDER BY priority", [poolId])
      .map((r) => r.id as string);
  }

  /** Records a poll of these queues (READY for a minute) and of the deployments they serve, as Prefect's worker poll. */
  markPolled(ids: readonly string[], now: Date): void {
    if (ids.length === 0) return;
    const stamp = now.toISOString();
    const list = JSON.stringify(ids);
    this.conn.run("UPDATE work_queue SET last_polled = ? WHERE id IN (SELECT value FROM json_each(?))", [stamp, list]);
    this.conn.run("UPDATE deployment SET last_polled = ? WHERE work_queue_id IN (SELECT value FROM json_each(?))", [
      stamp,
      list,
    ]);
  }

  /** How many runs of the queue are in the `Late` state (GET /work_queues/{id}/status). */
  lateRuns(id: string): number {
    return (
      (this.conn.get(
        "SELECT count(*) AS n FROM flow_run WHERE work_queue_id = ? AND state_type = 'SCHEDULED' AND state_name = 'Late'",
        [id],
      )?.n as number) ?? 0
    );
  }
}
