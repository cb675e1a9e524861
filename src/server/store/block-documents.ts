// The `block_document` table: block documents with their schema and type, secrets hidden unless asked for,
// filters and counts (anonymous documents left out by default, as Prefect does). Secret rules: blocks/secret-fields.ts.
import type {
  BlockDocument,
  BlockDocumentCountRequest,
  BlockDocumentCreate,
  BlockDocumentFilter,
  BlockDocumentFilterRequest,
  BlockDocumentUpdate,
} from "../../schemas/index.js";
import { obfuscateSecrets, restoreSecrets } from "../blocks/secret-fields.js";
import type { BlockSchemasTable, BlockTypesTable } from "./block-types.js";
import { blockSchemaFilterSql, blockTypeFilterSql } from "./block-types.js";
import { fromJson, text } from "./codec.js";
import type { Connection, Row } from "./connection.js";
import { newId } from "./ids.js";
import { combine, compare, type Fragment, inList, like, whereClause, wrap } from "./sql-fragments.js";

const SORTS: Record<BlockDocumentFilterRequest["sort"], string> = {
  NAME_ASC: "bd.name ASC, bd.id ASC",
  NAME_DESC: "bd.name DESC, bd.id DESC",
  BLOCK_TYPE_AND_NAME_ASC:
    "(SELECT bt.name FROM block_type AS bt WHERE bt.id = bd.block_type_id) ASC, bd.name ASC, bd.id ASC",
};

/** WHERE fragment of a `BlockDocumentFilter` over alias `bd`; no filter at all means "not anonymous", as Prefect's. */
function blockDocumentFilterSql(filter: BlockDocumentFilter | null | undefined): Fragment | null {
  const f = filter ?? { operator: "and_" as const, is_anonymous: { eq_: false } };
  const anonymous = f.is_anonymous?.eq_;
  return combine(f.operator, [
    inList("bd.id", f.id?.any_),
    anonymous === null || anonymous === undefined ? null : compare("bd.is_anonymous", "=", anonymous ? 1 : 0),
    inList("bd.block_type_id", f.block_type_id?.any_),
    f.name ? combine("and_", [inList("bd.name", f.name.any_), like("bd.name", f.name.like_)]) : null,
  ]);
}

function documentsWhere(query: BlockDocumentCountRequest): Fragment | null {
  return combine("and_", [
    blockDocumentFilterSql(query.block_documents),
    wrap(
      "EXISTS (SELECT 1 FROM block_type AS bt WHERE bt.id = bd.block_type_id AND ",
      blockTypeFilterSql(query.block_types),
    ),
    wrap(
      "EXISTS (SELECT 1 FROM block_schema AS bs WHERE bs.id = bd.block_schema_id AND ",
      blockSchemaFilterSql(query.block_schemas),
    ),
  ]);
}

/** Block document rows and their queries. */
export class BlockDocumentsTable {
  constructor(
    private readonly conn: Connection,
    private readonly types: BlockTypesTable,
    private readonly schemas: BlockSchemasTable,
  ) {}

  private toDocument(row: Row, includeSecrets: boolean): BlockDocument {
    const schema = this.schemas.read(row.block_schema_id as string);
    const type = this.types.read(row.block_type_id as string);
    const data = fromJson<Record<string, unknown>>(row.data, {});
    return {
      id: row.id as string,
      created: text(row.created),
      updated: text(row.updated),
      name: row.name as string,
      data: includeSecrets || schema === undefined ? data : obfuscateSecrets(data, schema.fields),
      block_schema_id: row.block_schema_id as string,
      block_schema: schema ?? null,
      block_type_id: row.block_type_id as string,
      block_type_name: type?.name ?? null,
      block_type: type ?? null,
      block_document_references: {},
      is_anonymous: row.is_anonymous === 1,
    };
  }

  /**
   * Inserts a document (an anonymous one without a name gets `anonymous-<id>`).
   * @throws a SQLite constraint error for a taken name in its block type, or an unknown schema or type
   */
  create(input: BlockDocumentCreate, now: Date): BlockDocument {
    const stamp = now.toISOString();
    const id = newId(now.getTime());
    const name = input.name ?? `anonymous-${id}`;
    this.conn.run(
      "INSERT INTO block_document (id, created, updated, name, data, block_schema_id, block_type_id, is_anonymous) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
      [
        id,
        stamp,
        stamp,
        name,
        JSON.stringify(input.data),
        input.block_schema_id,
        input.block_type_id,
        input.is_anonymous ? 1 : 0,
      ],
    );
    return this.read(id, false) as BlockDocument;
  }

  /** The document with this id, secrets hidden unless `includeSecrets`. */
  read(id: string, includeSecrets: boolean): BlockDocument | undefined {
    const row = this.conn.get("SELECT * FROM block_document WHERE id = ?", [id]);
    return row && this.toDocument(row, includeSecrets);
  }

  /** The document named `name` of the block type with slug `slug`. */
  readByName(slug: string, name: string, includeSecrets: boolean): BlockDocument | undefined {
    const row = this.conn.get(
      "SELECT bd.* FROM block_document AS bd JOIN block_type AS bt ON bt.id = bd.block_type_id WHERE bt.slug = ? AND bd.name = ?",
      [slug, name],
    );
    return row && this.toDocument(row, includeSecrets);
  }

  /** Documents matching a `/block_documents/filter` body, sorted and paged. */
  filter(query: BlockDocumentFilterRequest): BlockDocument[] {
    const where = whereClause(documentsWhere(query));
    const sql = `SELECT bd.* FROM block_document AS bd${where.sql} ORDER BY ${SORTS[query.sort]} LIMIT ? OFFSET ?`;
    return this.conn
      .all(sql, [...where.params, query.limit, query.offset])
      .map((row) => this.toDocument(row, query.include_secrets));
  }

  /** How many documents match a `/block_documents/count` body. */
  count(query: BlockDocumentCountRequest): number {
    const where = whereClause(documentsWhere(query));
    return (
      (this.conn.get(`SELECT count(*) AS n FROM block_document AS bd${where.sql}`, where.params)?.n as number) ?? 0
    );
  }

  /**
   * Applies an update: `data` merged into the stored data (or replacing it when `merge_existing_data` is false), with
   * secrets sent back as "********" kept as stored. False when no such document.
   */
  update(id: string, patch: BlockDocumentUpdate, now: Date): boolean {
    const row = this.conn.get("SELECT * FROM block_document WHERE id = ?", [id]);
    if (row === undefined) return false;
    const stored = fromJson<Record<string, unknown>>(row.data, {});
    const schemaId = patch.block_schema_id ?? (row.block_schema_id as string);
    const fields = this.schemas.read(schemaId)?.fields ?? {};
    const incoming = restoreSecrets(patch.data, stored, fields);
    const data = patch.merge_existing_data ? { ...stored, ...incoming } : incoming;
    this.conn.run("UPDATE block_document SET data = ?, block_schema_id = ?, updated = ? WHERE id = ?", [
      JSON.stringify(data),
      schemaId,
      now.toISOString(),
      id,
    ]);
    return true;
  }

  /** Deletes a document; false when no such document. */
  delete(id: string): boolean {
    return this.conn.run("DELETE FROM block_document WHERE id = ?", [id]) === 1;
  }
}
