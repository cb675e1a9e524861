// Upserting task runs and inserting their states from client-side records (the task-run recorder of
// POST /events): find the run by natural key or id, insert it or update the fields the record carries when its
// state is not older than the stored one, and add states idempotently (by state id). Statements are hoisted.
import type Database from "better-sqlite3";
import type { State } from "../../schemas/index.js";
import { generateRunName } from "../run-names.js";
import { dateToUtcMicros, toJson, toUtcMicros } from "./codec.js";
import type { Connection } from "./connection.js";

/** A task run as a recorder wants it stored: encoded column values, only the columns the event set. */
export interface TaskRunUpsert {
  /** The client's task run id (the stored run may hold another id for the same natural key). */
  readonly id: string;
  readonly flowRunId: string | null;
  /** Column name -> stored value (JSON and timestamps already encoded); state_id/type/name included. */
  readonly columns: Readonly<Record<string, unknown>>;
  /** The record's state, whose (timestamp, id) decides whether it may overwrite the stored run. */
  readonly stateId: string;
  readonly stateTimestamp: string;
}

interface CurrentRow {
  id: string;
  state_id: string | null;
  state_timestamp: string | null;
}

const CURRENT =
  "SELECT tr.id, tr.state_id, s.timestamp AS state_timestamp FROM task_run AS tr LEFT JOIN task_run_state AS s ON s.id = tr.state_id";

/** True when a state (timestamp, id) is not older than the current one: timestamps first, ids break ties. */
export function notOlder(
  timestamp: string,
  id: string,
  current: { state_timestamp: string | null; state_id: string | null },
): boolean {
  if (current.state_timestamp === null) return true;
  if (timestamp !== current.state_timestamp) return timestamp > current.state_timestamp;
  return id >= (current.state_id ?? "");
}

/** Task run upserts and idempotent state inserts, for the task-run recorder. */
export class TaskRunUpserts {
  private readonly byId: Database.Statement<[string], CurrentRow>;
  private readonly byNaturalKey: Database.Statement<[string, string, string], CurrentRow>;
  private readonly flowRunExists: Database.Statement<[string], { one: number }>;
  private readonly insertState: Database.Statement;
  private readonly inserts = new Map<string, Database.Statement>();
  private readonly updates = new Map<string, Database.Statement>();

  constructor(private readonly conn: Connection) {
    const db = conn.db;
    this.byId = db.prepare(`${CURRENT} WHERE tr.id = ?`);
    this.byNaturalKey = db.prepare(`${CURRENT} WHERE tr.flow_run_id = ? AND tr.task_key = ? AND tr.dynamic_key = ?`);
    this.flowRunExists = db.prepare("SELECT 1 AS one FROM flow_run WHERE id = ?");
    this.insertState = db.prepare(
      `INSERT INTO task_run_state (id, created, task_run_id, type, name, timestamp, message, state_details, data)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING`,
    );
  }

  /** Whether flow run `id` exists (task runs referring to a missing flow run cannot be stored). */
  hasFlowRun(id: string): boolean {
    return this.flowRunExists.get(id) !== undefined;
  }

  /**
   * Inserts the task run, or updates the stored one (matched by flow run + task key + dynamic key first, then
   * by id, as Prefect's recorder does) when the record's state is not older than the stored current state.
   * @returns the stored run's id, or undefined when the run is new but the record lacks task_key or dynamic_key.
   * @throws SqliteError on a constraint violation (e.g. the update would collide with another run's key).
   */
  upsert(record: TaskRunUpsert, now: Date): string | undefined {
    const c = record.columns;
    const taskKey = c.task_key as string | undefined;
    const dynamicKey = c.dynamic_key as string | undefined;
    const keys = Object.keys(c);
    const stamp = now.toISOString();
    if (taskKey !== undefined && dynamicKey !== undefined) {
      // Most runs are new: try the insert first; a conflict on the id or the natural key inserts nothing.
      // A run first seen without a name gets a generated one, as Prefect's TaskRun default does.
      const values = c.name === undefined ? { ...c, name: generateRunName() } : c;
      const columns = c.name === undefined ? [...keys, "name"] : keys;
      const inserted = this.statement(this.inserts, columns, insertSql).run(
        record.id,
        stamp,
        stamp,
        ...columns.map((k) => values[k]),
      );
      if (inserted.changes === 1) return record.id;
    }
    let current: CurrentRow | undefined;
    if (record.flowRunId !== null && taskKey !== undefined && dynamicKey !== undefined) {
      current = this.byNaturalKey.get(record.flowRunId, taskKey, dynamicKey);
    }
    current ??= this.byId.get(record.id);
    if (current === undefined) return undefined;
    if (notOlder(record.stateTimestamp, record.stateId, current)) {
      this.statement(this.updates, keys, updateSql).run(stamp, ...keys.map((k) => c[k]), current.id);
    }
    return current.id;
  }

  /** Adds `state` to run `taskRunId`'s history unless a state with its id is stored already. */
  addState(taskRunId: string, state: State, now: Date): void {
    this.insertState.run(
      state.id,
      now.toISOString(),
      taskRunId,
      state.type,
      state.name ?? null,
      toUtcMicros(state.timestamp) ?? dateToUtcMicros(now),
      state.message ?? null,
      JSON.stringify(state.state_details ?? {}),
      toJson(state.data ?? null),
    );
  }

  private statement(
    cache: Map<string, Database.Statement>,
    keys: string[],
    sql: (keys: string[]) => string,
  ): Database.Statement {
    const signature = keys.join(",");
    let statement = cache.get(signature);
    if (statement === undefined) {
      statement = this.conn.db.prepare(sql(keys));
      cache.set(signature, statement);
    }
    return statement;
  }
}

function insertSql(keys: string[]): string {
  return `INSERT INTO task_run (id, created, updated, ${keys.join(", ")}) VALUES (?, ?, ?${", ?".repeat(keys.length)}) ON CONFLICT DO NOTHING`;
}

function updateSql(keys: string[]): string {
  return `UPDATE task_run SET updated = ?, ${keys.map((k) => `${k} = ?`).join(", ")} WHERE id = ?`;
}
