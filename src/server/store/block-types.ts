// The `block_type` and `block_schema` tables: block types by id or slug, their schemas by id or checksum, filters.
// Block documents (the values) live in block-documents.ts; the built-in types in server/blocks/system-block-types.ts.
import type {
  BlockSchema,
  BlockSchemaCreate,
  BlockSchemaFilter,
  BlockSchemaFilterRequest,
  BlockType,
  BlockTypeCreate,
  BlockTypeFilter,
  BlockTypeFilterRequest,
  BlockTypeUpdate,
} from "../../schemas/index.js";
import { fromJson, text } from "./codec.js";
import type { Connection, Row } from "./connection.js";
import { newId } from "./ids.js";
import { combine, containsAll, type Fragment, inList, like, whereClause, wrap } from "./sql-fragments.js";

function toBlockType(row: Row): BlockType {
  return {
    id: row.id as string,
    created: text(row.created),
    updated: text(row.updated),
    name: row.name as string,
    slug: row.slug as string,
    logo_url: text(row.logo_url),
    documentation_url: text(row.documentation_url),
    description: text(row.description),
    code_example: text(row.code_example),
    is_protected: row.is_protected === 1,
  };
}

/** WHERE fragment of a `BlockTypeFilter` over alias `bt`. */
export function blockTypeFilterSql(filter: BlockTypeFilter | null | undefined): Fragment | null {
  if (!filter) return null;
  return combine("and_", [like("bt.name", filter.name?.like_), inList("bt.slug", filter.slug?.any_)]);
}

/** WHERE fragment of a `BlockSchemaFilter` over alias `bs`. */
export function blockSchemaFilterSql(filter: BlockSchemaFilter | null | undefined): Fragment | null {
  if (!filter) return null;
  return combine(filter.operator, [
    inList("bs.block_type_id", filter.block_type_id?.any_),
    containsAll("bs.capabilities", filter.block_capabilities?.all_),
    inList("bs.id", filter.id?.any_),
    inList("bs.version", filter.version?.any_),
  ]);
}

/** Fields of a new block type besides the create body: built-in types are protected. */
export interface BlockTypeExtras {
  readonly isProtected?: boolean;
}

/** Block type rows and their queries. */
export class BlockTypesTable {
  constructor(private readonly conn: Connection) {}

  /** Inserts a block type. @throws a SQLite constraint error when the slug is taken (answered 409 by the route). */
  create(input: BlockTypeCreate, now: Date, extras: BlockTypeExtras = {}): BlockType {
    const stamp = now.toISOString();
    const id = newId(now.getTime());
    this.conn.run(
      `INSERT INTO block_type (id, created, updated, name, slug, logo_url, documentation_url, description, code_example, is_protected)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [
        id,
        stamp,
        stamp,
        input.name,
        input.slug,
        input.logo_url ?? null,
        input.documentation_url ?? null,
        input.description ?? null,
        input.code_example ?? null,
        extras.isProtected === true ? 1 : 0,
      ],
    );
    return this.read(id) as BlockType;
  }

  /** The block type with this id. */
  read(id: string): BlockType | undefined {
    const row = this.conn.get("SELECT * FROM block_type WHERE id = ?", [id]);
    return row && toBlockType(row);
  }

  /** The block type with this slug. */
  readBySlug(slug: string): BlockType | undefined {
    const row = this.conn.get("SELECT * FROM block_type WHERE slug = ?", [slug]);
    return row && toBlockType(row);
  }

  /** Block types matching a `/block_types/filter` body, by name. */
  filter(query: BlockTypeFilterRequest): BlockType[] {
    const where = whereClause(
      combine("and_", [
        blockTypeFilterSql(query.block_types),
        wrap(
          "EXISTS (SELECT 1 FROM block_schema AS bs WHERE bs.block_type_id = bt.id AND ",
          blockSchemaFilterSql(query.block_schemas),
        ),
      ]),
    );
    const sql = `SELECT bt.* FROM block_type AS bt${where.sql} ORDER BY bt.name ASC, bt.id ASC LIMIT ? OFFSET ?`;
    return this.conn.all(sql, [...where.params, query.limit, query.offset]).map(toBlockType);
  }

  /** Applies the fields set in `patch`; false when no such block type. */
  update(id: string, patch: BlockTypeUpdate, now: Date): boolean {
    const sets = ["updated = ?"];
    const params: unknown[] = [now.toISOString()];
    for (const key of ["logo_url", "documentation_url", "description", "code_example"] as const) {
      if (patch[key] !== undefined) {
        sets.push(`${key} = ?`);
        params.push(patch[key]);
      }
    }
    return this.conn.run(`UPDATE block_type SET ${sets.join(", ")} WHERE id = ?`, [...params, id]) === 1;
  }

  /** Deletes the block type with its schemas and documents; false when no such block type. */
  delete(id: string): boolean {
    return this.conn.run("DELETE FROM block_type WHERE id = ?", [id]) === 1;
  }
}

/** Block schema rows and their queries; each schema carries its block type. */
export class BlockSchemasTable {
  constructor(
    private readonly conn: Connection,
    private readonly types: BlockTypesTable,
  ) {}

  private toBlockSchema(row: Row): BlockSchema {
    const blockTypeId = text(row.block_type_id);
    return {
      id: row.id as string,
      created: text(row.created),
      updated: text(row.updated),
      checksum: row.checksum as string,
      fields: fromJson<Record<string, unknown>>(row.fields, {}),
      block_type_id: blockTypeId,
      block_type: blockTypeId === null ? null : (this.types.read(blockTypeId) ?? null),
      capabilities: fromJson<string[]>(row.capabilities, []),
      version: row.version as string,
    };
  }

  /**
   * Stores a schema unless one with this checksum and version exists; returns the stored one and whether it is new.
   * @throws a SQLite constraint error when the block type does not exist
   */
  create(input: BlockSchemaCreate, checksum: string, now: Date): { schema: BlockSchema; created: boolean } {
    const existing = this.readByChecksum(checksum, input.version);
    if (existing !== undefined) return { schema: existing, created: false };
    const stamp = now.toISOString();
    const id = newId(now.getTime());
    this.conn.run(
      "INSERT INTO block_schema (id, created, updated, checksum, fields, block_type_id, capabilities, version) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
      [
        id,
        stamp,
        stamp,
        checksum,
        JSON.stringify(input.fields),
        input.block_type_id,
        JSON.stringify(input.capabilities),
        input.version,
      ],
    );
    return { schema: this.read(id) as BlockSchema, created: true };
  }

  /** The block schema with this id. */
  read(id: string): BlockSchema | undefined {
    const row = this.conn.get("SELECT * FROM block_schema WHERE id = ?", [id]);
    return row && this.toBlockSchema(row);
  }

  /** The schema with this checksum (and version, when given; else the newest). */
  readByChecksum(checksum: string, version?: string | null): BlockSchema | undefined {
    const row =
      version === undefined || version === null
        ? this.conn.get("SELECT * FROM block_schema WHERE checksum = ? ORDER BY created DESC LIMIT 1", [checksum])
        : this.conn.get("SELECT * FROM block_schema WHERE checksum = ? AND version = ?", [checksum, version]);
    return row && this.toBlockSchema(row);
  }

  /** Schemas matching a `/block_schemas/filter` body, newest first. */
  filter(query: BlockSchemaFilterRequest): BlockSchema[] {
    const where = whereClause(blockSchemaFilterSql(query.block_schemas));
    const sql = `SELECT bs.* FROM block_schema AS bs${where.sql} ORDER BY bs.created DESC, bs.id DESC LIMIT ? OFFSET ?`;
    return this.conn.all(sql, [...where.params, query.limit, query.offset]).map((row) => this.toBlockSchema(row));
  }

  /** Every capability some schema declares, sorted. */
  capabilities(): string[] {
    return this.conn
      .all("SELECT DISTINCT c.value AS capability FROM block_schema AS bs, json_each(bs.capabilities) AS c ORDER BY 1")
      .map((row) => row.capability as string);
  }

  /** Deletes a schema and its documents; false when no such schema. */
  delete(id: string): boolean {
    return this.conn.run("DELETE FROM block_schema WHERE id = ?", [id]) === 1;
  }
}
