// The `flow_run_liveness` table: which worker submitted a flow run (from `prefect.worker.submitted-flow-run` events)
// and when the run last sent a `prefect.flow-run.heartbeat`, and the two zombie queries the zombie-runs service uses.
import type { Connection } from "./connection.js";

/** A Running flow run the zombie-runs service should crash, and why. */
export interface ZombieRun {
  readonly flowRunId: string;
  /** The worker that submitted it, when it went OFFLINE (rule a). */
  readonly workerName?: string;
  /** Its last heartbeat, when heartbeats stopped (rule b). */
  readonly lastHeartbeat?: string;
}

/** Liveness rows of flow runs. Writes must run inside `store.write`. */
export class FlowRunLivenessTable {
  constructor(private readonly conn: Connection) {}

  /** Records that worker `workerName` of pool `poolId` submitted run `flowRunId` (ignored for an unknown run). */
  recordSubmission(flowRunId: string, poolId: string | null, workerName: string): void {
    this.conn.run(
      `INSERT INTO flow_run_liveness (flow_run_id, work_pool_id, worker_name) SELECT ?, ?, ? WHERE EXISTS (SELECT 1 FROM flow_run WHERE id = ?)
       ON CONFLICT (flow_run_id) DO UPDATE SET work_pool_id = excluded.work_pool_id, worker_name = excluded.worker_name`,
      [flowRunId, poolId, workerName, flowRunId],
    );
  }

  /** Records a heartbeat of run `flowRunId` at `at` (a later one wins; ignored for an unknown run). */
  recordHeartbeat(flowRunId: string, at: string): void {
    this.conn.run(
      `INSERT INTO flow_run_liveness (flow_run_id, last_heartbeat) SELECT ?, ? WHERE EXISTS (SELECT 1 FROM flow_run WHERE id = ?)
       ON CONFLICT (flow_run_id) DO UPDATE SET last_heartbeat = max(coalesce(last_heartbeat, ''), excluded.last_heartbeat)`,
      [flowRunId, at, flowRunId],
    );
  }

  /** Running runs whose submitting worker is OFFLINE (the worker row of that pool and name). */
  runsOfOfflineWorkers(limit: number): ZombieRun[] {
    return this.conn
      .all(
        `SELECT l.flow_run_id, l.worker_name FROM flow_run_liveness AS l
         JOIN flow_run AS fr ON fr.id = l.flow_run_id AND fr.state_type = 'RUNNING'
         JOIN worker AS w ON w.work_pool_id = l.work_pool_id AND w.name = l.worker_name AND w.status = 'OFFLINE'
         LIMIT ?`,
        [limit],
      )
      .map((row) => ({ flowRunId: row.flow_run_id as string, workerName: row.worker_name as string }));
  }

  /** Running runs that sent a heartbeat, but none since `before`. Runs that never sent one are left alone. */
  runsWithStaleHeartbeats(before: Date, limit: number): ZombieRun[] {
    return this.conn
      .all(
        `SELECT l.flow_run_id, l.last_heartbeat FROM flow_run_liveness AS l
         JOIN flow_run AS fr ON fr.id = l.flow_run_id AND fr.state_type = 'RUNNING'
         WHERE l.last_heartbeat IS NOT NULL AND l.last_heartbeat < ? LIMIT ?`,
        [before.toISOString(), limit],
      )
      .map((row) => ({ flowRunId: row.flow_run_id as string, lastHeartbeat: row.last_heartbeat as string }));
  }
}
