// Block routes of the client, named as Prefect's Python client: block types (by id or slug), block schemas (by id
// or checksum) and block documents (by id, or by type slug and name), with filters. Secrets come back only when asked.
import { z } from "zod";
import * as schemas from "../schemas/index.js";
import type { HttpTransport } from "./http.js";
import type { InputOf, ModelOf } from "./models.js";
import { toWire } from "./wire-mapper.js";

/** A block type (`Secret`, `Local File System`, ...), as returned by the client. */
export type BlockType = ModelOf<typeof schemas.BlockType>;
/** A block schema: the JSON schema (`fields`) of a block type's documents, keys as written. */
export type BlockSchema = ModelOf<typeof schemas.BlockSchema>;
/** A block document: a named, typed value (`data` keys as written; secrets `"********"` unless asked for). */
export type BlockDocument = ModelOf<typeof schemas.BlockDocument>;
/** A block type to create, camelCase of Prefect's `BlockTypeCreate`. */
export type BlockTypeCreateOptions = InputOf<typeof schemas.BlockTypeCreate>;
/** Fields of a block type that can be changed. */
export type BlockTypeUpdateOptions = InputOf<typeof schemas.BlockTypeUpdate>;
/** A block schema to create, camelCase of Prefect's `BlockSchemaCreate` (`fields` is the JSON schema, as written). */
export type BlockSchemaCreateOptions = InputOf<typeof schemas.BlockSchemaCreate>;
/** A block document to create, camelCase of Prefect's `BlockDocumentCreate`. */
export type BlockDocumentCreateOptions = InputOf<typeof schemas.BlockDocumentCreate>;
/** A block document update: `data` merges into the stored data unless `mergeExistingData` is false. */
export type BlockDocumentUpdateOptions = InputOf<typeof schemas.BlockDocumentUpdate>;
/** Filter on block documents, camelCase of Prefect's `BlockDocumentFilter`. */
export type BlockDocumentFilter = InputOf<typeof schemas.BlockDocumentFilter>;
/** Filter on block types (`{ slug: { any_: ["secret"] } }`). */
export type BlockTypeFilter = InputOf<typeof schemas.BlockTypeFilter>;
/** Filter on block schemas (`{ blockCapabilities: { all_: ["read-path"] } }`). */
export type BlockSchemaFilter = InputOf<typeof schemas.BlockSchemaFilter>;

/** Options of `readBlockDocuments`. */
export interface ReadBlockDocumentsOptions {
  blockDocumentFilter?: BlockDocumentFilter;
  blockTypeFilter?: BlockTypeFilter;
  blockSchemaFilter?: BlockSchemaFilter;
  /** Return secret fields as stored. @default false */
  includeSecrets?: boolean;
  sort?: schemas.BlockDocumentSort;
  limit?: number;
  offset?: number;
}

/** The block methods of PrefectClient. */
export interface BlocksApi {
  /** Creates a block type. @throws ObjectAlreadyExistsError when the slug is taken */
  createBlockType(blockType: BlockTypeCreateOptions): Promise<BlockType>;
  /** Reads a block type by id. @throws ObjectNotFoundError */
  readBlockType(id: string): Promise<BlockType>;
  /** Reads a block type by slug (`local-file-system`). @throws ObjectNotFoundError */
  readBlockTypeBySlug(slug: string): Promise<BlockType>;
  /** Block types, by name, optionally those having a schema matching `blockSchemaFilter`. */
  readBlockTypes(opts?: {
    blockTypeFilter?: BlockTypeFilter;
    blockSchemaFilter?: BlockSchemaFilter;
    limit?: number;
    offset?: number;
  }): Promise<BlockType[]>;
  /** Changes a block type (the server writes only fields that differ). @throws ObjectNotFoundError */
  updateBlockType(id: string, patch: BlockTypeUpdateOptions): Promise<void>;
  /** Deletes a block type with its schemas and documents. @throws ObjectNotFoundError; the 403 error class for a built-in type */
  deleteBlockType(id: string): Promise<void>;
  /** Registers a block schema; an identical one (same checksum and version) is returned as it is. */
  createBlockSchema(blockSchema: BlockSchemaCreateOptions): Promise<BlockSchema>;
  /** Reads a block schema by id. @throws ObjectNotFoundError */
  readBlockSchema(id: string): Promise<BlockSchema>;
  /** Reads a block schema by checksum (and version). @throws ObjectNotFoundError */
  readBlockSchemaByChecksum(checksum: string, version?: string): Promise<BlockSchema>;
  /** Block schemas, newest first. */
  readBlockSchemas(opts?: {
    blockSchemaFilter?: BlockSchemaFilter;
    limit?: number;
    offset?: number;
  }): Promise<BlockSchema[]>;
  /** Capabilities some block schema declares (`read-path`, `put-directory`, ...). */
  readBlockCapabilities(): Promise<string[]>;
  /** Creates a block document. @throws ObjectAlreadyExistsError when its type has a document of that name */
  createBlockDocument(blockDocument: BlockDocumentCreateOptions): Promise<BlockDocument>;
  /** Reads a block document by id; secrets included unless `includeSecrets: false`, as Prefect's client. @throws ObjectNotFoundError */
  readBlockDocument(id: string, opts?: { includeSecrets?: boolean }): Promise<BlockDocument>;
  /** Reads the document `name` of the block type `blockTypeSlug`; secrets included by default. @throws ObjectNotFoundError */
  readBlockDocumentByName(
    name: string,
    blockTypeSlug: string,
    opts?: { includeSecrets?: boolean },
  ): Promise<BlockDocument>;
  /** Block documents matching the filters (anonymous ones left out unless the filter asks), secrets hidden by default. */
  readBlockDocuments(opts?: ReadBlockDocumentsOptions): Promise<BlockDocument[]>;
  /** Number of block documents matching the filters. */
  countBlockDocuments(
    opts?: Omit<ReadBlockDocumentsOptions, "includeSecrets" | "sort" | "limit" | "offset">,
  ): Promise<number>;
  /** Updates a block document's data (merged by default). @throws ObjectNotFoundError */
  updateBlockDocument(id: string, patch: BlockDocumentUpdateOptions): Promise<void>;
  /** Deletes a block document. @throws ObjectNotFoundError */
  deleteBlockDocument(id: string): Promise<void>;
}

const Count = z.int();
const Strings = z.array(z.string());

function page(body: Record<string, unknown>, opts: { limit?: number; offset?: number }): Record<string, unknown> {
  if (opts.limit !== undefined) body.limit = opts.limit;
  if (opts.offset !== undefined) body.offset = opts.offset;
  return body;
}

function documentFilters(
  opts: Omit<ReadBlockDocumentsOptions, "includeSecrets" | "sort" | "limit" | "offset">,
): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  if (opts.blockDocumentFilter) body.block_documents = toWire(schemas.BlockDocumentFilter, opts.blockDocumentFilter);
  if (opts.blockTypeFilter) body.block_types = toWire(schemas.BlockTypeFilter, opts.blockTypeFilter);
  if (opts.blockSchemaFilter) body.block_schemas = toWire(schemas.BlockSchemaFilter, opts.blockSchemaFilter);
  return body;
}

/** Builds the block methods over a transport. */
export function blocksApi(http: HttpTransport): BlocksApi {
  const secrets = (include: boolean | undefined) => ({ include_secrets: String(include ?? true) });
  return {
    createBlockType: (blockType) =>
      http.request("POST", "block_types/", { json: toWire(schemas.BlockTypeCreate, blockType) }, schemas.BlockType),
    readBlockType: (id) => http.request("GET", `block_types/${encodeURIComponent(id)}`, {}, schemas.BlockType),
    readBlockTypeBySlug: (slug) =>
      http.request("GET", `block_types/slug/${encodeURIComponent(slug)}`, {}, schemas.BlockType),
    readBlockTypes: (opts = {}) => {
      const body: Record<string, unknown> = {};
      if (opts.blockTypeFilter) body.block_types = toWire(schemas.BlockTypeFilter, opts.blockTypeFilter);
      if (opts.blockSchemaFilter) body.block_schemas = toWire(schemas.BlockSchemaFilter, opts.blockSchemaFilter);
      return http.request("POST", "block_types/filter", { json: page(body, opts) }, z.array(schemas.BlockType));
    },
    updateBlockType: (id, patch) =>
      http.request("PATCH", `block_types/${encodeURIComponent(id)}`, { json: toWire(schemas.BlockTypeUpdate, patch) }),
    deleteBlockType: (id) => http.request("DELETE", `block_types/${encodeURIComponent(id)}`),
    createBlockSchema: (blockSchema) =>
      http.request(
        "POST",
        "block_schemas/",
        { json: toWire(schemas.BlockSchemaCreate, blockSchema) },
        schemas.BlockSchema,
      ),
    readBlockSchema: (id) => http.request("GET", `block_schemas/${encodeURIComponent(id)}`, {}, schemas.BlockSchema),
    readBlockSchemaByChecksum: (checksum, version) =>
      http.request(
        "GET",
        `block_schemas/checksum/${encodeURIComponent(checksum)}`,
        version === undefined ? {} : { searchParams: { version } },
        schemas.BlockSchema,
      ),
    readBlockSchemas: (opts = {}) => {
      const body: Record<string, unknown> = {};
      if (opts.blockSchemaFilter) body.block_schemas = toWire(schemas.BlockSchemaFilter, opts.blockSchemaFilter);
      return http.request("POST", "block_schemas/filter", { json: page(body, opts) }, z.array(schemas.BlockSchema));
    },
    readBlockCapabilities: () => http.request("GET", "block_capabilities/", {}, Strings),
    createBlockDocument: (blockDocument) =>
      http.request(
        "POST",
        "block_documents/",
        { json: toWire(schemas.BlockDocumentCreate, blockDocument) },
        schemas.BlockDocument,
      ),
    readBlockDocument: (id, opts = {}) =>
      http.request(
        "GET",
        `block_documents/${encodeURIComponent(id)}`,
        { searchParams: secrets(opts.includeSecrets) },
        schemas.BlockDocument,
      ),
    readBlockDocumentByName: (name, slug, opts = {}) =>
      http.request(
        "GET",
        `block_types/slug/${encodeURIComponent(slug)}/block_documents/name/${encodeURIComponent(name)}`,
        { searchParams: secrets(opts.includeSecrets) },
        schemas.BlockDocument,
      ),
    readBlockDocuments: (opts = {}) => {
      const body = documentFilters(opts);
      if (opts.includeSecrets !== undefined) body.include_secrets = opts.includeSecrets;
      if (opts.sort !== undefined) body.sort = opts.sort;
      return http.request("POST", "block_documents/filter", { json: page(body, opts) }, z.array(schemas.BlockDocument));
    },
    countBlockDocuments: (opts = {}) =>
      http.request("POST", "block_documents/count", { json: documentFilters(opts) }, Count),
    updateBlockDocument: (id, patch) =>
      http.request("PATCH", `block_documents/${encodeURIComponent(id)}`, {
        json: toWire(schemas.BlockDocumentUpdate, patch),
      }),
    deleteBlockDocument: (id) => http.request("DELETE", `block_documents/${encodeURIComponent(id)}`),
  };
}
