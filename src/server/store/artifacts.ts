// The `artifact` and `artifact_collection` tables: artifacts as flows and tasks make them, and per key the latest
// one (Prefect's ArtifactCollection), kept in step on create, update and delete as Prefect's models/artifacts.py does.
import type {
  Artifact,
  ArtifactCollection,
  ArtifactCollectionCountRequest,
  ArtifactCollectionFilter,
  ArtifactCollectionFilterRequest,
  ArtifactCountRequest,
  ArtifactCreate,
  ArtifactFilter,
  ArtifactFilterRequest,
  ArtifactSort,
  ArtifactUpdate,
} from "../../schemas/index.js";
import { fromJson, text, toJson } from "./codec.js";
import type { Connection, Row } from "./connection.js";
import { deploymentFilterSql, flowFilterSql, flowRunFilterSql, taskRunFilterSql } from "./filter-sql.js";
import { newId } from "./ids.js";
import { combine, type Fragment, inList, isNull, like, notInList, whereClause } from "./sql-fragments.js";

function sortSql(alias: string, sort: ArtifactSort): string {
  switch (sort) {
    case "CREATED_DESC":
      return `${alias}.created DESC, ${alias}.id DESC`;
    case "UPDATED_DESC":
      return `${alias}.updated DESC, ${alias}.id DESC`;
    case "KEY_DESC":
      return `${alias}.key DESC, ${alias}.id DESC`;
    case "KEY_ASC":
      return `${alias}.key ASC, ${alias}.id DESC`;
    case "ID_DESC":
      return `${alias}.id DESC`;
  }
}

function content(row: Row) {
  return {
    created: text(row.created),
    updated: text(row.updated),
    type: text(row.type),
    description: text(row.description),
    data: fromJson<unknown>(row.data, null),
    metadata_: fromJson<Record<string, string> | null>(row.metadata_, null),
    flow_run_id: text(row.flow_run_id),
    task_run_id: text(row.task_run_id),
  };
}

function toArtifact(row: Row): Artifact {
  return { id: row.id as string, key: text(row.key), ...content(row) };
}

function toCollection(row: Row): ArtifactCollection {
  return { id: row.id as string, key: row.key as string, latest_id: row.latest_id as string, ...content(row) };
}

/** WHERE fragment of an `ArtifactFilter` (alias `a`) or `ArtifactCollectionFilter` (alias `ac`). */
export function artifactFilterSql(
  alias: "a" | "ac",
  filter: ArtifactFilter | ArtifactCollectionFilter | null | undefined,
): Fragment | null {
  if (!filter) return null;
  const ids = "id" in filter ? filter.id : "latest_id" in filter ? filter.latest_id : undefined;
  const idColumn = alias === "a" ? "a.id" : "ac.latest_id";
  return combine(filter.operator, [
    ids ? inList(idColumn, ids.any_) : null,
    filter.key
      ? combine("and_", [
          inList(`${alias}.key`, filter.key.any_),
          like(`${alias}.key`, filter.key.like_),
          isNull(`${alias}.key`, typeof filter.key.exists_ === "boolean" ? !filter.key.exists_ : null),
        ])
      : null,
    filter.flow_run_id ? inList(`${alias}.flow_run_id`, filter.flow_run_id.any_) : null,
    filter.task_run_id ? inList(`${alias}.task_run_id`, filter.task_run_id.any_) : null,
    filter.type
      ? combine("and_", [inList(`${alias}.type`, filter.type.any_), notInList(`${alias}.type`, filter.type.not_any_)])
      : null,
  ]);
}

/** The run filters of an artifact query, as EXISTS sub-queries over the artifact's flow run and task run (Prefect's). */
function runFiltersSql(
  alias: "a" | "ac",
  query: ArtifactCountRequest | ArtifactCollectionCountRequest,
): Fragment | null {
  const parts: (Fragment | null)[] = [];
  if (query.flow_runs || query.flows || query.deployments) {
    const inner = whereClause(
      combine("and_", [
        { sql: `fr.id = ${alias}.flow_run_id`, params: [] },
        flowRunFilterSql(query.flow_runs),
        query.flows ? wrapExists("flow AS f", "f.id = fr.flow_id", flowFilterSql(query.flows)) : null,
        query.deployments
          ? wrapExists("deployment AS d", "d.id = fr.deployment_id", deploymentFilterSql(query.deployments))
          : null,
      ]),
    );
    parts.push({ sql: `EXISTS (SELECT 1 FROM flow_run AS fr${inner.sql})`, params: inner.params });
  }
  if (query.task_runs)
    parts.push(wrapExists("task_run AS tr", `tr.id = ${alias}.task_run_id`, taskRunFilterSql(query.task_runs)));
  return combine("and_", parts);
}

function wrapExists(table: string, join: string, filter: Fragment | null): Fragment {
  const inner = whereClause(combine("and_", [{ sql: join, params: [] }, filter]));
  return { sql: `EXISTS (SELECT 1 FROM ${table}${inner.sql})`, params: inner.params };
}

/** The content columns a create or update sets: only the fields the request gives (Prefect's `exclude_unset`). */
function setColumns(input: ArtifactCreate | ArtifactUpdate): [string, unknown][] {
  const columns: [string, unknown][] = [];
  if ("type" in input && input.type !== undefined) columns.push(["type", input.type]);
  if (input.description !== undefined) columns.push(["description", input.description]);
  if ("data" in input && input.data !== undefined) columns.push(["data", toJson(input.data)]);
  if (input.metadata_ !== undefined) columns.push(["metadata_", toJson(input.metadata_)]);
  if ("flow_run_id" in input && input.flow_run_id !== undefined) columns.push(["flow_run_id", input.flow_run_id]);
  if ("task_run_id" in input && input.task_run_id !== undefined) columns.push(["task_run_id", input.task_run_id]);
  return columns;
}

/** Artifact rows, the latest artifact per key, and their queries. */
export class ArtifactsTable {
  constructor(private readonly conn: Connection) {}

  /** Inserts an artifact; one with a key becomes its key's latest. Run inside `store.write`. */
  create(input: ArtifactCreate, now: Date): Artifact {
    const stamp = now.toISOString();
    const id = newId(now.getTime());
    const key = input.key ?? null;
    this.conn.run(
      `INSERT INTO artifact (id, created, updated, key, type, description, data, metadata_, flow_run_id, task_run_id)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [
        id,
        stamp,
        stamp,
        key,
        input.type ?? null,
        input.description ?? null,
        toJson(input.data),
        toJson(input.metadata_),
        input.flow_run_id ?? null,
        input.task_run_id ?? null,
      ],
    );
    if (key !== null) {
      // Prefect upserts the collection with the fields the request set: one it leaves out keeps the key's old value.
      const columns = setColumns(input);
      const names = columns.map(([name]) => name);
      this.conn.run(
        `INSERT INTO artifact_collection (id, created, updated, key, latest_id${names.map((n) => `, ${n}`).join("")})
         VALUES (?, ?, ?, ?, ?${names.map(() => ", ?").join("")})
         ON CONFLICT (key) DO UPDATE SET latest_id = excluded.latest_id, updated = excluded.updated${names
           .map((n) => `, ${n} = excluded.${n}`)
           .join("")}`,
        [newId(now.getTime()), stamp, stamp, key, id, ...columns.map(([, value]) => value)],
      );
    }
    const artifact = this.read(id);
    if (artifact === undefined) throw new Error(`artifact ${id} vanished right after its insert`);
    return artifact;
  }

  /** The artifact with this id. */
  read(id: string): Artifact | undefined {
    const row = this.conn.get("SELECT * FROM artifact AS a WHERE a.id = ?", [id]);
    return row && toArtifact(row);
  }

  /** The latest artifact of a key. */
  readLatest(key: string): ArtifactCollection | undefined {
    const row = this.conn.get("SELECT * FROM artifact_collection AS ac WHERE ac.key = ?", [key]);
    return row && toCollection(row);
  }

  /** Applies the fields set in `patch` to the artifact, and to its key's latest when it is that; false when none. */
  update(id: string, patch: ArtifactUpdate, now: Date): boolean {
    const columns: [string, unknown][] = [["updated", now.toISOString()], ...setColumns(patch)];
    const sets = columns.map(([name]) => `${name} = ?`).join(", ");
    const values = columns.map(([, value]) => value);
    const changed = this.conn.run(`UPDATE artifact SET ${sets} WHERE id = ?`, [...values, id]);
    this.conn.run(`UPDATE artifact_collection SET ${sets} WHERE latest_id = ?`, [...values, id]);
    return changed === 1;
  }

  /**
   * Deletes the artifact; false when there is none. When it is its key's latest, the key's next newest artifact
   * takes its place, or the key goes when it had no other.
   */
  delete(id: string): boolean {
    const artifact = this.read(id);
    if (artifact === undefined) return false;
    if (artifact.key !== null && artifact.key !== undefined) {
      const latest = this.readLatest(artifact.key);
      if (latest?.latest_id === id) {
        const next = this.conn.get(
          "SELECT * FROM artifact WHERE key = ? AND id != ? ORDER BY created DESC, id DESC LIMIT 1",
          [artifact.key, id],
        );
        if (next) {
          this.conn.run(
            `UPDATE artifact_collection SET latest_id = ?, created = ?, updated = ?, type = ?, description = ?, data = ?,
             metadata_ = ?, flow_run_id = ?, task_run_id = ? WHERE key = ?`,
            [
              next.id,
              next.created,
              next.updated,
              next.type,
              next.description,
              next.data,
              next.metadata_,
              next.flow_run_id,
              next.task_run_id,
              artifact.key,
            ],
          );
        } else {
          this.conn.run("DELETE FROM artifact_collection WHERE key = ? AND latest_id = ?", [artifact.key, id]);
        }
      }
    }
    return this.conn.run("DELETE FROM artifact WHERE id = ?", [id]) === 1;
  }

  /** The artifacts matching a `/artifacts/filter` body, sorted and paged. */
  filter(query: ArtifactFilterRequest): Artifact[] {
    const where = this.where("a", query);
    const sql = `SELECT a.* FROM artifact AS a${where.sql} ORDER BY ${sortSql("a", query.sort)} LIMIT ? OFFSET ?`;
    return this.conn.all(sql, [...where.params, query.limit, query.offset]).map(toArtifact);
  }

  /** How many artifacts match a `/artifacts/count` body. */
  count(query: ArtifactCountRequest): number {
    const where = this.where("a", query);
    return (this.conn.get(`SELECT count(*) AS n FROM artifact AS a${where.sql}`, where.params)?.n as number) ?? 0;
  }

  /** The latest artifacts (one per key) matching a `/artifacts/latest/filter` body. */
  filterLatest(query: ArtifactCollectionFilterRequest): ArtifactCollection[] {
    const where = this.where("ac", query);
    const sql = `SELECT ac.* FROM artifact_collection AS ac${where.sql} ORDER BY ${sortSql("ac", query.sort)} LIMIT ? OFFSET ?`;
    return this.conn.all(sql, [...where.params, query.limit, query.offset]).map(toCollection);
  }

  /** How many keys' latest artifacts match a `/artifacts/latest/count` body. */
  countLatest(query: ArtifactCollectionCountRequest): number {
    const where = this.where("ac", query);
    return (
      (this.conn.get(`SELECT count(*) AS n FROM artifact_collection AS ac${where.sql}`, where.params)?.n as number) ?? 0
    );
  }

  private where(alias: "a" | "ac", query: ArtifactCountRequest | ArtifactCollectionCountRequest) {
    return whereClause(combine("and_", [artifactFilterSql(alias, query.artifacts), runFiltersSql(alias, query)]));
  }
}
