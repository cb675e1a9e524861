// The `log` table: batch insert of LogCreate records and the /logs/filter query. Logs keep no foreign
// keys, as in Prefect: they may arrive before (or outlive) their runs.
import type { Log, LogCreate, LogFilterRequest } from "../../schemas/index.js";
import { text, toUtc } from "./codec.js";
import type { Connection, Row } from "./connection.js";
import { logFilterSql } from "./filter-sql.js";
import { newId } from "./ids.js";
import { whereClause } from "./sql-fragments.js";

const LOG_SORTS: Record<LogFilterRequest["sort"], string> = {
  TIMESTAMP_ASC: "l.timestamp ASC, l.id ASC",
  TIMESTAMP_DESC: "l.timestamp DESC, l.id DESC",
};

function toLog(row: Row): Log {
  return {
    id: row.id as string,
    created: text(row.created),
    updated: text(row.updated),
    name: row.name as string,
    level: row.level as number,
    message: row.message as string,
    timestamp: row.timestamp as string,
    flow_run_id: text(row.flow_run_id),
    task_run_id: text(row.task_run_id),
  };
}

/** Log rows and their queries. */
export class LogsTable {
  constructor(private readonly conn: Connection) {}

  /** Stores a batch of logs (the caller wraps it in one transaction); returns them as stored. */
  insertMany(logs: readonly LogCreate[], now: Date): Log[] {
    const stamp = now.toISOString();
    const sql =
      "INSERT INTO log (id, created, updated, name, level, message, timestamp, flow_run_id, task_run_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";
    const stored: Log[] = [];
    for (const log of logs) {
      const row: Log = {
        id: newId(now.getTime()),
        created: stamp,
        updated: stamp,
        name: log.name,
        level: log.level,
        message: log.message,
        timestamp: toUtc(log.timestamp) as string,
        flow_run_id: log.flow_run_id,
        task_run_id: log.task_run_id,
      };
      this.conn.run(sql, [
        row.id,
        stamp,
        stamp,
        row.name,
        row.level,
        row.message,
        row.timestamp,
        row.flow_run_id,
        row.task_run_id,
      ]);
      stored.push(row);
    }
    return stored;
  }

  /** The logs matching a `/logs/filter` body, sorted and paged. */
  filter(query: LogFilterRequest): Log[] {
    const where = whereClause(logFilterSql(query.logs));
    const sql = `SELECT l.* FROM log AS l${where.sql} ORDER BY ${LOG_SORTS[query.sort]} LIMIT ? OFFSET ?`;
    return this.conn.all(sql, [...where.params, query.limit, query.offset]).map(toLog);
  }
}
