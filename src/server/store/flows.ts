// The `flow` table: create-by-name (idempotent), read, tag updates, delete (cascading to runs), filter and
// count, including the flow_runs/task_runs joins of Prefect's /flows/filter body.
import type { Flow, FlowCountRequest, FlowCreate, FlowFilterRequest, FlowUpdate } from "../../schemas/index.js";
import { fromJson, text, toJson } from "./codec.js";
import type { Connection, Row } from "./connection.js";
import { deploymentFilterSql, flowFilterSql, flowRunFilterSql, taskRunFilterSql } from "./filter-sql.js";
import { newId } from "./ids.js";
import { combine, type Fragment, whereClause, wrap } from "./sql-fragments.js";

const FLOW_SORTS: Record<FlowFilterRequest["sort"], string> = {
  CREATED_DESC: "f.created DESC, f.id DESC",
  UPDATED_DESC: "f.updated DESC, f.id DESC",
  NAME_ASC: "f.name ASC, f.id ASC",
  NAME_DESC: "f.name DESC, f.id DESC",
};

function toFlow(row: Row): Flow {
  return {
    id: row.id as string,
    created: text(row.created),
    updated: text(row.updated),
    name: row.name as string,
    tags: fromJson<string[]>(row.tags, []),
    labels: fromJson<Flow["labels"]>(row.labels, {}),
  };
}

/** WHERE fragment selecting flows (alias f) by the flows, flow_runs and task_runs keys of a query body. */
export function flowsWhere(query: FlowCountRequest): Fragment | null {
  const runs = flowRunFilterSql(query.flow_runs);
  const tasks = taskRunFilterSql(query.task_runs);
  let withRuns: Fragment | null = null;
  if (query.flow_runs != null || query.task_runs != null) {
    // Prefect: flows having at least one run matching both filters (task runs joined to that run).
    const join = query.task_runs != null ? " JOIN task_run AS tr ON tr.flow_run_id = fr.id" : "";
    const inner = combine("and_", [runs, tasks]);
    withRuns = {
      sql: `EXISTS (SELECT 1 FROM flow_run AS fr${join} WHERE fr.flow_id = f.id${inner ? ` AND ${inner.sql}` : ""})`,
      params: inner?.params ?? [],
    };
  }
  return combine("and_", [
    flowFilterSql(query.flows),
    withRuns,
    wrap("EXISTS (SELECT 1 FROM deployment AS d WHERE d.flow_id = f.id AND ", deploymentFilterSql(query.deployments)),
  ]);
}

/** Flow rows and their queries. */
export class FlowsTable {
  constructor(private readonly conn: Connection) {}

  /** Inserts a flow unless one has that name; returns the stored flow and whether it is new. */
  create(input: FlowCreate, now: Date): { flow: Flow; created: boolean } {
    const stamp = now.toISOString();
    const changes = this.conn.run(
      "INSERT INTO flow (id, created, updated, name, tags, labels) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (name) DO NOTHING",
      [newId(now.getTime()), stamp, stamp, input.name, JSON.stringify(input.tags), toJson(input.labels ?? {})],
    );
    const flow = this.readByName(input.name);
    if (flow === undefined) throw new Error(`flow "${input.name}" vanished right after its insert`);
    return { flow, created: changes === 1 };
  }

  /** The flow with this id. */
  read(id: string): Flow | undefined {
    const row = this.conn.get("SELECT * FROM flow AS f WHERE f.id = ?", [id]);
    return row && toFlow(row);
  }

  /** The flow with this name. */
  readByName(name: string): Flow | undefined {
    const row = this.conn.get("SELECT * FROM flow AS f WHERE f.name = ?", [name]);
    return row && toFlow(row);
  }

  /** Applies the fields set in `patch`; false when no such flow. */
  update(id: string, patch: FlowUpdate, now: Date): boolean {
    if (patch.tags === undefined) return this.read(id) !== undefined;
    return (
      this.conn.run("UPDATE flow SET tags = ?, updated = ? WHERE id = ?", [
        JSON.stringify(patch.tags),
        now.toISOString(),
        id,
      ]) === 1
    );
  }

  /** Deletes the flow and, by cascade, its runs, their task runs and states; false when no such flow. */
  delete(id: string): boolean {
    return this.conn.run("DELETE FROM flow WHERE id = ?", [id]) === 1;
  }

  /** The flows matching a `/flows/filter` body, sorted and paged. */
  filter(query: FlowFilterRequest): Flow[] {
    const where = whereClause(flowsWhere(query));
    const sql = `SELECT f.* FROM flow AS f${where.sql} ORDER BY ${FLOW_SORTS[query.sort]} LIMIT ? OFFSET ?`;
    return this.conn.all(sql, [...where.params, query.limit, query.offset]).map(toFlow);
  }

  /** How many flows match a `/flows/count` body. */
  count(query: FlowCountRequest): number {
    const where = whereClause(flowsWhere(query));
    return (this.conn.get(`SELECT count(*) AS n FROM flow AS f${where.sql}`, where.params)?.n as number) ?? 0;
  }
}
