// The state history tables `flow_run_state` and `task_run_state`: insert a state, read one, list a run's
// states oldest first (by timestamp to the microsecond, then by id), and rebuild a wire `State` from a row.
import type { State } from "../../schemas/index.js";
import { dateToUtcMicros, fromJson, text, toJson, toUtcMicros } from "./codec.js";
import type { Connection, Row } from "./connection.js";

/** Columns selecting the current state joined as alias `s`, prefixed `s_` (see {@link stateFromJoin}). */
export const JOINED_STATE_COLUMNS =
  "s.id AS s_id, s.type AS s_type, s.name AS s_name, s.timestamp AS s_timestamp, s.message AS s_message, " +
  "s.state_details AS s_state_details, s.data AS s_data";

/** A wire state from columns named `${prefix}id`, `${prefix}type`, ...; null when the id is NULL. */
export function stateFromJoin(row: Row, prefix = "s_"): State | null {
  const id = row[`${prefix}id`];
  if (typeof id !== "string") return null;
  return {
    id,
    type: row[`${prefix}type`] as State["type"],
    name: text(row[`${prefix}name`]),
    timestamp: row[`${prefix}timestamp`] as string,
    message: text(row[`${prefix}message`]),
    data: fromJson<unknown>(row[`${prefix}data`], null),
    state_details: fromJson<State["state_details"]>(row[`${prefix}state_details`], {} as State["state_details"]),
  };
}

/** One state history table, keyed by the run column `flow_run_id` or `task_run_id`. */
export class StatesTable {
  private readonly insertSql: string;
  private readonly listSql: string;
  private readonly readSql: string;

  constructor(
    private readonly conn: Connection,
    table: "flow_run_state" | "task_run_state",
    runColumn: "flow_run_id" | "task_run_id",
  ) {
    this.insertSql = `INSERT INTO ${table} (id, created, ${runColumn}, type, name, timestamp, message, state_details, data) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`;
    this.listSql = `SELECT id AS s_id, type AS s_type, name AS s_name, timestamp AS s_timestamp, message AS s_message, state_details AS s_state_details, data AS s_data FROM ${table} WHERE ${runColumn} = ? ORDER BY timestamp ASC, id ASC`;
    this.readSql = `SELECT id AS s_id, type AS s_type, name AS s_name, timestamp AS s_timestamp, message AS s_message, state_details AS s_state_details, data AS s_data FROM ${table} WHERE id = ?`;
  }

  /** Stores `state` as a state of run `runId`. */
  insert(runId: string, state: State, now: Date): void {
    this.conn.run(this.insertSql, [
      state.id,
      now.toISOString(),
      runId,
      state.type,
      state.name ?? null,
      toUtcMicros(state.timestamp) ?? dateToUtcMicros(now),
      state.message ?? null,
      JSON.stringify(state.state_details ?? {}),
      toJson(state.data ?? null),
    ]);
  }

  /** The state with this id. */
  read(id: string): State | undefined {
    const row = this.conn.get(this.readSql, [id]);
    return (row && stateFromJoin(row)) ?? undefined;
  }

  /** Every state of a run, oldest first. */
  list(runId: string): State[] {
    return this.conn.all(this.listSql, [runId]).map((row) => stateFromJoin(row) as State);
  }
}
