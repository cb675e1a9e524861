// The scheduler's SQL: which deployments need runs, and inserting auto-scheduled runs with their first state in
// batches (idempotent on flow_id + idempotency_key, so restarts and concurrent hosts never duplicate a run).
// Which runs to make is decided in services/scheduler.ts; the late-runs query is here too.
import { toUtcMicros } from "./codec.js";
import type { Connection } from "./connection.js";
import { assignWorkQueues } from "./work-queue-assignment.js";

/** What every run of one schedule shares, each value already encoded for SQLite. */
export interface ScheduledRunGroup {
  readonly flowId: string;
  readonly deploymentId: string;
  readonly deploymentVersion: string | null;
  readonly workQueueName: string | null;
  readonly workPoolName: string | null;
  /** JSON text. */
  readonly parameters: string;
  /** JSON text. */
  readonly context: string;
  /** JSON text. */
  readonly empiricalPolicy: string;
  /** JSON text. */
  readonly tags: string;
  /** JSON text or null. */
  readonly labels: string | null;
  readonly infrastructureDocumentId: string | null;
  /** JSON text or null. */
  readonly jobVariables: string | null;
  /** JSON text. */
  readonly createdBy: string;
  readonly stateName: string;
  readonly stateMessage: string | null;
}

/** One auto-scheduled run of a {@link ScheduledRunGroup}, with the id of its first (Scheduled) state. */
export interface ScheduledRun {
  readonly id: string;
  readonly name: string;
  readonly idempotencyKey: string;
  /** The run's time, stored form (`toISOString()`). */
  readonly scheduledTime: string;
  readonly stateId: string;
  /** The state's details, JSON text. */
  readonly stateDetails: string;
}

const INSERT_RUN = `INSERT INTO flow_run (id, created, updated, name, flow_id, deployment_id, deployment_version,
  work_queue_name, work_pool_name, parameters, idempotency_key, context, empirical_policy, tags, labels,
  infrastructure_document_id, job_variables, auto_scheduled, created_by, state_id, state_type, state_name, run_count,
  total_run_time, expected_start_time, next_scheduled_start_time)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?, 'SCHEDULED', ?, 0, 0, ?, ?)
  ON CONFLICT (flow_id, idempotency_key) WHERE idempotency_key IS NOT NULL DO NOTHING`;

const INSERT_STATE = `INSERT INTO flow_run_state (id, created, flow_run_id, type, name, timestamp, message, state_details, data)
  VALUES (?, ?, ?, 'SCHEDULED', ?, ?, ?, ?, NULL)`;

/**
 * Inserts the runs of one group, each with its state, in the current write transaction (or one IMMEDIATE
 * transaction of its own); a run whose idempotency key the flow already used is skipped, with its state.
 * `stamp` is the created/updated time (`toISOString()`). One prepared statement per table, run per row:
 * measured faster than multi-row INSERT ... RETURNING here (SQLite's index work dominates either way).
 * @returns how many runs were inserted
 */
export function insertScheduledRuns(
  conn: Connection,
  group: ScheduledRunGroup,
  runs: readonly ScheduledRun[],
  stamp: string,
): number {
  if (runs.length === 0) return 0;
  const insertRun = conn.statement(INSERT_RUN);
  const insertState = conn.statement(INSERT_STATE);
  const g = group;
  // State timestamps keep six fraction digits (codec.ts); `stamp` is toISOString()'s three.
  const stateStamp = toUtcMicros(stamp);
  return conn.write(() => {
    let inserted = 0;
    const pooled: string[] = [];
    for (const r of runs) {
      const changes = insertRun.run(
        r.id,
        stamp,
        stamp,
        r.name,
        g.flowId,
        g.deploymentId,
        g.deploymentVersion,
        g.workQueueName,
        g.workPoolName,
        g.parameters,
        r.idempotencyKey,
        g.context,
        g.empiricalPolicy,
        g.tags,
        g.labels,
        g.infrastructureDocumentId,
        g.jobVariables,
        g.createdBy,
        r.stateId,
        g.stateName,
        r.scheduledTime,
        r.scheduledTime,
      ).changes;
      if (changes !== 1) continue;
      insertState.run(r.stateId, stamp, r.id, g.stateName, stateStamp, g.stateMessage, r.stateDetails);
      if (g.workPoolName !== null) pooled.push(r.id);
      inserted++;
    }
    assignWorkQueues(conn, pooled);
    return inserted;
  });
}

/** Limits of {@link deploymentsToSchedule}. */
export interface DeploymentsToScheduleQuery {
  /** Future runs are those due at or after this instant. */
  readonly now: Date;
  /** A deployment with fewer future auto-scheduled runs than this needs scheduling. */
  readonly minRuns: number;
  /** ...and so does one whose last future run is before this instant. */
  readonly coveredUntil: Date;
  /** Only ids after this one (cursor paging). */
  readonly afterId: string | null;
  readonly limit: number;
}

/**
 * Ids (ascending) of unpaused deployments with an active schedule whose future auto-scheduled runs are too few
 * or do not reach far enough, as Prefect's scheduler selects them.
 */
export function deploymentsToSchedule(conn: Connection, query: DeploymentsToScheduleQuery): string[] {
  const rows = conn.all(
    `SELECT d.id AS id FROM deployment AS d
     LEFT JOIN flow_run AS fr ON fr.deployment_id = d.id AND fr.state_type = 'SCHEDULED' AND fr.auto_scheduled = 1
       AND fr.next_scheduled_start_time >= ?
     WHERE d.paused = 0 AND d.id > ?
       AND EXISTS (SELECT 1 FROM deployment_schedule AS s WHERE s.deployment_id = d.id AND s.active = 1)
     GROUP BY d.id
     HAVING count(fr.next_scheduled_start_time) < ? OR coalesce(max(fr.next_scheduled_start_time), '') < ?
     ORDER BY d.id LIMIT ?`,
    [query.now.toISOString(), query.afterId ?? "", query.minRuns, query.coveredUntil.toISOString(), query.limit],
  );
  return rows.map((row) => row.id as string);
}

/** Ids and times of runs still in the plain `Scheduled` state and due at or before `before` (at most `limit`). */
export function overdueScheduledRuns(
  conn: Connection,
  before: Date,
  limit: number,
): { id: string; scheduledTime: string }[] {
  return conn
    .all(
      `SELECT id, next_scheduled_start_time AS t FROM flow_run
       WHERE state_type = 'SCHEDULED' AND state_name = 'Scheduled' AND next_scheduled_start_time <= ?
       ORDER BY next_scheduled_start_time LIMIT ?`,
      [before.toISOString(), limit],
    )
    .map((row) => ({ id: row.id as string, scheduledTime: row.t as string }));
}
