// Block models: block types, block schemas and block documents with their create/update actions, as Prefect's.
// Block filters and the /filter bodies live in filters/blocks.ts; the built-in block types in server/blocks/.
import { z } from "zod";
import { DateTimeString, JsonObject, Name, Uuid } from "./common.js";

const SLUG_PATTERN = /^[a-z0-9-]*$/;

/** A block type's slug: lowercase letters, numbers and dashes (`local-file-system`). */
export const BlockTypeSlug = z.string().refine((slug) => SLUG_PATTERN.test(slug), {
  error: "slug must only contain lowercase letters, numbers, and dashes.",
});

/** A block document's name: lowercase letters, numbers and dashes, as Prefect's `validate_block_document_name`. */
export const BlockDocumentName = z.string().refine((name) => SLUG_PATTERN.test(name), {
  error: "Block document name must only contain lowercase letters, numbers, and dashes.",
});

/** A block type as returned by the API (`BlockType`). */
export const BlockType = z.object({
  id: Uuid,
  created: DateTimeString.nullable(),
  updated: DateTimeString.nullable(),
  name: Name,
  slug: z.string(),
  logo_url: z.string().nullish(),
  documentation_url: z.string().nullish(),
  description: z.string().nullish(),
  code_example: z.string().nullish(),
  is_protected: z.boolean().default(false),
});
/** A block type. */
export type BlockType = z.infer<typeof BlockType>;

/** Body of `POST /block_types/` (`BlockTypeCreate`). */
export const BlockTypeCreate = z.strictObject({
  name: Name,
  slug: BlockTypeSlug,
  logo_url: z.string().nullish(),
  documentation_url: z.string().nullish(),
  description: z.string().nullish(),
  code_example: z.string().nullish(),
});
/** A block type creation request. */
export type BlockTypeCreate = z.infer<typeof BlockTypeCreate>;
/** A block type creation request as sent. */
export type BlockTypeCreateInput = z.input<typeof BlockTypeCreate>;

/** Body of `PATCH /block_types/{id}` (`BlockTypeUpdate`): only the fields sent are applied. */
export const BlockTypeUpdate = z.strictObject({
  logo_url: z.string().nullish(),
  documentation_url: z.string().nullish(),
  description: z.string().nullish(),
  code_example: z.string().nullish(),
});
/** A block type update request. */
export type BlockTypeUpdate = z.infer<typeof BlockTypeUpdate>;

/** A block schema as returned by the API (`BlockSchema`): the JSON schema of a block type's documents. */
export const BlockSchema = z.object({
  id: Uuid,
  created: DateTimeString.nullable(),
  updated: DateTimeString.nullable(),
  checksum: z.string(),
  fields: JsonObject.default(() => ({})),
  block_type_id: Uuid.nullable(),
  block_type: BlockType.nullish(),
  capabilities: z.array(z.string()).default(() => []),
  version: z.string().default("non-versioned"),
});
/** A block schema. */
export type BlockSchema = z.infer<typeof BlockSchema>;

/** Body of `POST /block_schemas/` (`BlockSchemaCreate`); the server computes the checksum from `fields`. */
export const BlockSchemaCreate = z.strictObject({
  fields: JsonObject.default(() => ({})),
  block_type_id: Uuid,
  capabilities: z.array(z.string()).default(() => []),
  version: z.string().default("non-versioned"),
});
/** A block schema creation request. */
export type BlockSchemaCreate = z.infer<typeof BlockSchemaCreate>;
/** A block schema creation request as sent. */
export type BlockSchemaCreateInput = z.input<typeof BlockSchemaCreate>;

/** A block document as returned by the API (`BlockDocument`); secret fields read `"********"` unless asked for. */
export const BlockDocument = z.object({
  id: Uuid,
  created: DateTimeString.nullable(),
  updated: DateTimeString.nullable(),
  name: z.string().nullish(),
  data: JsonObject.default(() => ({})),
  block_schema_id: Uuid,
  block_schema: BlockSchema.nullish(),
  block_type_id: Uuid,
  block_type_name: z.string().nullish(),
  block_type: BlockType.nullish(),
  block_document_references: z.record(z.string(), JsonObject).default(() => ({})),
  is_anonymous: z.boolean().default(false),
});
/** A block document. */
export type BlockDocument = z.infer<typeof BlockDocument>;

/** Body of `POST /block_documents/` (`BlockDocumentCreate`): a name is required unless the document is anonymous. */
export const BlockDocumentCreate = z
  .strictObject({
    name: BlockDocumentName.nullish(),
    data: JsonObject.default(() => ({})),
    block_schema_id: Uuid,
    block_type_id: Uuid,
    is_anonymous: z.boolean().default(false),
  })
  .refine((doc) => doc.is_anonymous || (doc.name !== null && doc.name !== undefined), {
    error: "Names must be provided for block documents.",
  });
/** A block document creation request. */
export type BlockDocumentCreate = z.infer<typeof BlockDocumentCreate>;
/** A block document creation request as sent. */
export type BlockDocumentCreateInput = z.input<typeof BlockDocumentCreate>;

/** Body of `PATCH /block_documents/{id}` (`BlockDocumentUpdate`): `data` merges into the stored data by default. */
export const BlockDocumentUpdate = z.strictObject({
  block_schema_id: Uuid.nullish(),
  data: JsonObject.default(() => ({})),
  merge_existing_data: z.boolean().default(true),
});
/** A block document update request. */
export type BlockDocumentUpdate = z.infer<typeof BlockDocumentUpdate>;
/** A block document update request as sent. */
export type BlockDocumentUpdateInput = z.input<typeof BlockDocumentUpdate>;
