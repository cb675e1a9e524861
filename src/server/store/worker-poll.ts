// The query behind a worker's poll (`get_scheduled_flow_runs` of a pool, `get_runs` of a legacy queue), as Prefect's
// get_scheduled_flow_runs_from_work_pool: Scheduled runs of unpaused queues of an unpaused pool, ranked by queue
// priority then scheduled time, each queue capped at its free slots and the pool at its own.
import type { Connection } from "./connection.js";
import { ACTIVE_STATE_TYPES } from "./work-pools.js";

/** What a poll asks for. */
export interface WorkerPollQuery {
  readonly poolId: string;
  /** Only these queues (of the pool); all of the pool's when undefined. */
  readonly queueIds?: readonly string[];
  /** Runs due at or before this instant. */
  readonly scheduledBefore: Date;
  /** ...and at or after this one, when given. */
  readonly scheduledAfter?: Date;
  readonly limit: number;
}

/** One run a poll returns: its id and the queue it came from. */
export interface PolledRun {
  readonly flowRunId: string;
  readonly workQueueId: string;
}

// Free slots are -1 for "no limit". Runs in an in-process retry stay with the process running them (Prefect's rule).
const SQL = `
WITH pool AS (
  SELECT wp.id, CASE WHEN wp.concurrency_limit IS NULL THEN -1 ELSE max(0, wp.concurrency_limit -
    (SELECT count(*) FROM flow_run AS a WHERE a.work_pool_id = wp.id AND a.state_type IN ${ACTIVE_STATE_TYPES})) END AS slots
  FROM work_pool AS wp WHERE wp.id = ? AND wp.is_paused = 0
),
queues AS (
  SELECT wq.id, wq.priority, CASE WHEN wq.concurrency_limit IS NULL THEN -1 ELSE max(0, wq.concurrency_limit -
    (SELECT count(*) FROM flow_run AS a WHERE a.work_queue_id = wq.id AND a.state_type IN ${ACTIVE_STATE_TYPES})) END AS slots
  FROM work_queue AS wq JOIN pool ON wq.work_pool_id = pool.id
  WHERE wq.is_paused = 0 AND (? IS NULL OR wq.id IN (SELECT value FROM json_each(?)))
),
ranked AS (
  SELECT fr.id, q.id AS queue_id, q.priority, fr.next_scheduled_start_time AS t, q.slots,
    row_number() OVER (PARTITION BY q.id ORDER BY fr.next_scheduled_start_time, fr.id) AS queue_rank
  FROM queues AS q JOIN flow_run AS fr ON fr.work_queue_id = q.id AND fr.state_type = 'SCHEDULED'
  WHERE fr.next_scheduled_start_time <= ? AND (? IS NULL OR fr.next_scheduled_start_time >= ?)
    AND coalesce(json_extract(fr.empirical_policy, '$.retry_type'), '') <> 'in_process'
),
pool_ranked AS (
  SELECT id, queue_id, priority, t, row_number() OVER (ORDER BY priority, t, id) AS pool_rank
  FROM ranked WHERE slots < 0 OR queue_rank <= slots
)
SELECT pr.id, pr.queue_id FROM pool_ranked AS pr, pool
WHERE pool.slots < 0 OR pr.pool_rank <= pool.slots
ORDER BY pr.pool_rank LIMIT ?`;

/** The runs a worker polling `query` may take, in the order it should take them. */
export function pollScheduledRuns(conn: Connection, query: WorkerPollQuery): PolledRun[] {
  const queues = query.queueIds === undefined ? null : JSON.stringify(query.queueIds);
  const after = query.scheduledAfter?.toISOString() ?? null;
  return conn
    .all(SQL, [query.poolId, queues, queues, query.scheduledBefore.toISOString(), after, after, query.limit])
    .map((row) => ({ flowRunId: row.id as string, workQueueId: row.queue_id as string }));
}
