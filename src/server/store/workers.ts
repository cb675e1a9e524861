// The `worker` table: heartbeats (upsert ONLINE), filter, delete, and marking silent workers OFFLINE (the worker
// health service decides when). Which worker submitted which run is in flow-run-liveness.ts.
import type { WorkerFilterRequest, WorkerResponse } from "../../schemas/index.js";
import { text } from "./codec.js";
import type { Connection, Row } from "./connection.js";
import { newId } from "./ids.js";
import { combine, whereClause } from "./sql-fragments.js";
import { workerFilterSql } from "./work-pool-filter-sql.js";

function toWorker(row: Row): WorkerResponse {
  return {
    id: row.id as string,
    created: text(row.created),
    updated: text(row.updated),
    name: row.name as string,
    work_pool_id: row.work_pool_id as string,
    last_heartbeat_time: text(row.last_heartbeat_time),
    heartbeat_interval_seconds:
      typeof row.heartbeat_interval_seconds === "number" ? row.heartbeat_interval_seconds : null,
    status: row.status === "ONLINE" ? "ONLINE" : "OFFLINE",
  };
}

/** A worker the health service turned OFFLINE. */
export interface OfflineWorker {
  readonly workPoolId: string;
  readonly name: string;
}

/** Worker rows and their queries. */
export class WorkersTable {
  constructor(private readonly conn: Connection) {}

  /**
   * Records a heartbeat: inserts or refreshes the worker as ONLINE with `last_heartbeat_time` now; the interval is
   * kept when not given (Prefect's worker_heartbeat). Must run inside `store.write`.
   */
  heartbeat(poolId: string, name: string, intervalSeconds: number | null | undefined, now: Date): void {
    const stamp = now.toISOString();
    this.conn.run(
      `INSERT INTO worker (id, created, updated, name, work_pool_id, last_heartbeat_time, heartbeat_interval_seconds, status)
       VALUES (?, ?, ?, ?, ?, ?, ?, 'ONLINE')
       ON CONFLICT (work_pool_id, name) DO UPDATE SET updated = excluded.updated, last_heartbeat_time = excluded.last_heartbeat_time,
         status = 'ONLINE', heartbeat_interval_seconds = coalesce(excluded.heartbeat_interval_seconds, worker.heartbeat_interval_seconds)`,
      [newId(now.getTime()), stamp, stamp, name, poolId, stamp, intervalSeconds ?? null],
    );
  }

  /** The workers of pool `poolId` matching a filter body, latest heartbeat first. */
  filter(poolId: string, query: WorkerFilterRequest): WorkerResponse[] {
    const where = whereClause(
      combine("and_", [{ sql: "w.work_pool_id = ?", params: [poolId] }, workerFilterSql(query.workers)]),
    );
    return this.conn
      .all(`SELECT w.* FROM worker AS w${where.sql} ORDER BY w.last_heartbeat_time DESC, w.id LIMIT ? OFFSET ?`, [
        ...where.params,
        query.limit,
        query.offset,
      ])
      .map(toWorker);
  }

  /** Deletes worker `name` of pool `poolId`; false when no such worker. */
  delete(poolId: string, name: string): boolean {
    return this.conn.run("DELETE FROM worker WHERE work_pool_id = ? AND name = ?", [poolId, name]) === 1;
  }

  /**
   * Marks OFFLINE every ONLINE worker whose last heartbeat is more than `multiple` x its interval (or
   * `fallbackSeconds` when it gave none) before `now`, as Prefect's foreman. Must run inside `store.write`.
   */
  markOffline(now: Date, multiple: number, fallbackSeconds: number): OfflineWorker[] {
    const stamp = now.toISOString();
    return this.conn
      .all(
        `UPDATE worker SET status = 'OFFLINE', updated = ?
         WHERE status = 'ONLINE' AND (last_heartbeat_time IS NULL
           OR (julianday(?) - julianday(last_heartbeat_time)) * 86400.0 > ? * coalesce(heartbeat_interval_seconds, ?))
         RETURNING work_pool_id, name`,
        [stamp, stamp, multiple, fallbackSeconds],
      )
      .map((row) => ({ workPoolId: row.work_pool_id as string, name: row.name as string }));
  }
}
