// Gives new flow runs of a work pool their queue: the run's `work_queue_name` in its `work_pool_name`, else the pool's
// default queue (Prefect resolves it when the run is created). Called right after inserting runs that name a pool.
import type { Connection } from "./connection.js";

const QUEUE_OF_RUN = `SELECT wq.id, wp.id, wq.name FROM work_pool AS wp JOIN work_queue AS wq ON wq.work_pool_id = wp.id
  WHERE wp.name = flow_run.work_pool_name
    AND (wq.name = flow_run.work_queue_name OR (flow_run.work_queue_name IS NULL AND wq.id = wp.default_queue_id))`;

const ASSIGN = `UPDATE flow_run SET (work_queue_id, work_pool_id, work_queue_name) = (${QUEUE_OF_RUN})
  WHERE id = ? AND work_pool_name IS NOT NULL AND work_queue_id IS NULL AND EXISTS (${QUEUE_OF_RUN})`;

/** Sets the work queue and pool ids of the runs `runIds` (those naming an existing pool; others are left alone). */
export function assignWorkQueues(conn: Connection, runIds: readonly string[]): void {
  const assign = conn.statement(ASSIGN);
  for (const id of runIds) assign.run(id);
}
