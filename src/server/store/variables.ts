// The `variable` table: create, read by id or name, update and delete by id or name, filter and count.
// A duplicate name is a UNIQUE violation, which the app's error handler answers with Prefect's 409.
import type {
  Variable,
  VariableCountRequest,
  VariableCreate,
  VariableFilter,
  VariableFilterRequest,
  VariableUpdate,
} from "../../schemas/index.js";
import { fromJson, text } from "./codec.js";
import type { Connection, Row } from "./connection.js";
import { newId } from "./ids.js";
import { combine, containsAll, emptyArray, type Fragment, inList, like, whereClause } from "./sql-fragments.js";

const VARIABLE_SORTS: Record<VariableFilterRequest["sort"], string> = {
  CREATED_DESC: "v.created DESC, v.id DESC",
  UPDATED_DESC: "v.updated DESC, v.id DESC",
  NAME_ASC: "v.name ASC, v.id ASC",
  NAME_DESC: "v.name DESC, v.id DESC",
};

function toVariable(row: Row): Variable {
  return {
    id: row.id as string,
    created: text(row.created),
    updated: text(row.updated),
    name: row.name as string,
    value: fromJson<Variable["value"]>(row.value, null),
    tags: fromJson<string[]>(row.tags, []),
  };
}

/** WHERE fragment of a `VariableFilter` over alias `v`. */
export function variableFilterSql(filter: VariableFilter | null | undefined): Fragment | null {
  if (!filter) return null;
  return combine(filter.operator, [
    filter.id ? inList("v.id", filter.id.any_) : null,
    filter.name ? combine("and_", [inList("v.name", filter.name.any_), like("v.name", filter.name.like_)]) : null,
    filter.tags
      ? combine(filter.tags.operator, [
          containsAll("v.tags", filter.tags.all_),
          emptyArray("v.tags", filter.tags.is_null_),
        ])
      : null,
  ]);
}

/** Where an update or delete finds its variable: by id or by name. */
export type VariableKey = { readonly id: string } | { readonly name: string };

function keyWhere(key: VariableKey): { sql: string; param: string } {
  return "id" in key ? { sql: "id = ?", param: key.id } : { sql: "name = ?", param: key.name };
}

/** Variable rows and their queries. */
export class VariablesTable {
  constructor(private readonly conn: Connection) {}

  /** Inserts a variable. @throws a SQLite constraint error when the name is taken (answered 409). */
  create(input: VariableCreate, now: Date): Variable {
    const stamp = now.toISOString();
    const id = newId(now.getTime());
    this.conn.run("INSERT INTO variable (id, created, updated, name, value, tags) VALUES (?, ?, ?, ?, ?, ?)", [
      id,
      stamp,
      stamp,
      input.name,
      JSON.stringify(input.value),
      JSON.stringify(input.tags ?? []),
    ]);
    const variable = this.read(id);
    if (variable === undefined) throw new Error(`variable "${input.name}" vanished right after its insert`);
    return variable;
  }

  /** The variable with this id. */
  read(id: string): Variable | undefined {
    const row = this.conn.get("SELECT * FROM variable AS v WHERE v.id = ?", [id]);
    return row && toVariable(row);
  }

  /** The variable with this name. */
  readByName(name: string): Variable | undefined {
    const row = this.conn.get("SELECT * FROM variable AS v WHERE v.name = ?", [name]);
    return row && toVariable(row);
  }

  /** Applies the fields set in `patch` (a null name or tags changes nothing); false when no such variable. */
  update(key: VariableKey, patch: VariableUpdate, now: Date): boolean {
    const sets: string[] = ["updated = ?"];
    const params: unknown[] = [now.toISOString()];
    if (patch.name !== undefined && patch.name !== null) {
      sets.push("name = ?");
      params.push(patch.name);
    }
    if (patch.value !== undefined) {
      sets.push("value = ?");
      params.push(JSON.stringify(patch.value));
    }
    if (patch.tags !== undefined && patch.tags !== null) {
      sets.push("tags = ?");
      params.push(JSON.stringify(patch.tags));
    }
    const where = keyWhere(key);
    return this.conn.run(`UPDATE variable SET ${sets.join(", ")} WHERE ${where.sql}`, [...params, where.param]) === 1;
  }

  /** Deletes the variable; false when no such variable. */
  delete(key: VariableKey): boolean {
    const where = keyWhere(key);
    return this.conn.run(`DELETE FROM variable WHERE ${where.sql}`, [where.param]) === 1;
  }

  /** The variables matching a `/variables/filter` body, sorted and paged. */
  filter(query: VariableFilterRequest): Variable[] {
    const where = whereClause(variableFilterSql(query.variables));
    const sql = `SELECT v.* FROM variable AS v${where.sql} ORDER BY ${VARIABLE_SORTS[query.sort]} LIMIT ? OFFSET ?`;
    return this.conn.all(sql, [...where.params, query.limit, query.offset]).map(toVariable);
  }

  /** How many variables match a `/variables/count` body. */
  count(query: VariableCountRequest): number {
    const where = whereClause(variableFilterSql(query.variables));
    return (this.conn.get(`SELECT count(*) AS n FROM variable AS v${where.sql}`, where.params)?.n as number) ?? 0;
  }
}
