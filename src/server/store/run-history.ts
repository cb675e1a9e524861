// Flow run history for charts: runs expected to start in each interval of a range, counted by state
// (`POST /flow_runs/history`, as Prefect's run_history), and one point per run (`POST /ui/flow_runs/history`).
// Filters are the flow run filter's (flow-runs.ts); the run-time and lateness estimates are orchestration's.
import {
  TERMINAL_STATE_TYPES,
  type FlowRunHistoryRequest,
  type FlowRunUiHistoryRequest,
  type HistoryResponse,
  type HistoryResponseState,
  type SimpleFlowRun,
} from "../../schemas/index.js";
import { estimatedRunTime, estimatedStartTimeDelta } from "../orchestration/index.js";
import { num, text } from "./codec.js";
import type { Connection, Row } from "./connection.js";
import { FLOW_RUN_SORTS, flowRunsWhere } from "./flow-runs.js";
import { combine, whereClause } from "./sql-fragments.js";

/** Prefect returns at most this many intervals; a longer range is cut at the 500th. */
export const MAX_HISTORY_INTERVALS = 500;

const COLUMNS =
  "fr.id, fr.created, fr.expected_start_time, fr.start_time, fr.total_run_time, fr.state_type, fr.state_name, s.type AS s_type, s.timestamp AS s_timestamp";
const FROM = "FROM flow_run AS fr LEFT JOIN flow_run_state AS s ON s.id = fr.state_id";
// Prefect's StateType is required in both answers: a run that has no state yet has no place in a history.
const HAS_STATE = { sql: "fr.state_type IS NOT NULL", params: [] };

/** Seconds of run time and of lateness of a selected row, as the flow run answer's estimates. */
function estimates(row: Row, now: Date): { runTime: number; lateness: number } {
  const run = {
    total_run_time: num(row.total_run_time),
    start_time: text(row.start_time),
    expected_start_time: text(row.expected_start_time),
  };
  const state = row.s_type
    ? ({ type: row.s_type, timestamp: text(row.s_timestamp) } as Parameters<typeof estimatedRunTime>[1])
    : null;
  return {
    runTime: estimatedRunTime(run, state, now),
    lateness: estimatedStartTimeDelta(run, text(row.state_type), now),
  };
}

/**
 * Runs expected to start in `[history_start, history_end)`, counted per interval of `history_interval_seconds`
 * and per state (type and name), with their summed run time and lateness. Every interval is listed, empty ones
 * with no states; at most {@link MAX_HISTORY_INTERVALS}. The caller checks the interval is at least 1 s.
 */
export function flowRunHistory(conn: Connection, query: FlowRunHistoryRequest, now: Date): HistoryResponse[] {
  const start = new Date(query.history_start).getTime();
  const stepMs = query.history_interval_seconds * 1000;
  const elapsed = new Date(query.history_end).getTime() - start;
  const intervals = elapsed > 0 ? Math.min(Math.ceil(elapsed / stepMs), MAX_HISTORY_INTERVALS) : 0;
  if (intervals === 0) return [];
  const end = start + intervals * stepMs;
  const range = {
    sql: "fr.expected_start_time >= ? AND fr.expected_start_time < ?",
    params: [new Date(start).toISOString(), new Date(end).toISOString()],
  };
  const where = whereClause(
    combine("and_", [range, HAS_STATE, flowRunsWhere({ ...query, work_pool_queues: query.work_queues })]),
  );
  const nowSeconds = now.getTime() / 1000;
  // Grouped in SQL (10,000 runs in a few ms); the sums follow estimatedRunTime and estimatedStartTimeDelta of
  // orchestration/run-estimates.ts: a running run's time in its state counts, and so does a waiting run's delay.
  const sql = `SELECT CAST((unixepoch(fr.expected_start_time, 'subsec') * 1000 - ?) / ? AS INTEGER) AS bucket,
      fr.state_type, fr.state_name, count(*) AS count_runs,
      sum(max(0, fr.total_run_time + CASE WHEN s.type = 'RUNNING' AND s.timestamp IS NOT NULL
        THEN max(0, ? - unixepoch(s.timestamp, 'subsec')) ELSE 0 END)) AS run_time,
      sum(CASE WHEN fr.start_time IS NOT NULL
        THEN max(0, unixepoch(fr.start_time, 'subsec') - unixepoch(fr.expected_start_time, 'subsec'))
        WHEN fr.state_type IN (SELECT value FROM json_each(?)) THEN 0
        ELSE max(0, ? - unixepoch(fr.expected_start_time, 'subsec')) END) AS lateness
    ${FROM}${where.sql} GROUP BY bucket, fr.state_type, fr.state_name`;
  const params = [start, stepMs, nowSeconds, JSON.stringify(TERMINAL_STATE_TYPES), nowSeconds, ...where.params];
  const buckets = Array.from({ length: intervals }, (): HistoryResponseState[] => []);
  for (const row of conn.all(sql, params)) {
    buckets[row.bucket as number]?.push({
      state_type: row.state_type as HistoryResponseState["state_type"],
      state_name: (row.state_name as string | null) ?? "",
      count_runs: row.count_runs as number,
      sum_estimated_run_time: num(row.run_time),
      sum_estimated_lateness: num(row.lateness),
    });
  }
  return buckets.map((states, i) => ({
    interval_start: new Date(start + i * stepMs).toISOString(),
    interval_end: new Date(start + (i + 1) * stepMs).toISOString(),
    states,
  }));
}

/** The matching runs as points (start or expected start, run time, lateness), sorted and paged. */
export function flowRunHistoryPoints(conn: Connection, query: FlowRunUiHistoryRequest, now: Date): SimpleFlowRun[] {
  const where = whereClause(combine("and_", [HAS_STATE, flowRunsWhere(query)]));
  const sql = `SELECT ${COLUMNS} ${FROM}${where.sql} ORDER BY ${FLOW_RUN_SORTS[query.sort]} LIMIT ? OFFSET ?`;
  return conn.all(sql, [...where.params, query.limit, query.offset]).map((row) => {
    const { runTime, lateness } = estimates(row, now);
    return {
      id: row.id as string,
      state_type: row.state_type as SimpleFlowRun["state_type"],
      timestamp: text(row.start_time) ?? text(row.expected_start_time) ?? (row.created as string),
      duration: runTime,
      lateness,
    };
  });
}
