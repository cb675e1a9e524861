// Filters on block types, block schemas and block documents, the /filter and /count bodies of their routes, and
// BlockDocumentSort. Extra keys are rejected, as Prefect does.
import { z } from "zod";
import { nullAsDefault, pageLimit, pageOffset } from "../common.js";
import { operatorField, optionalBoolean, optionalString, stringList, uuidList } from "./operators.js";

/** Filter on block types (`BlockTypeFilter`): name contains `like_`, slug in `any_`. */
export const BlockTypeFilter = z.strictObject({
  name: z.strictObject({ like_: optionalString() }).nullish(),
  slug: z.strictObject({ any_: stringList() }).nullish(),
});
/** A block type filter. */
export type BlockTypeFilter = z.infer<typeof BlockTypeFilter>;

/** Filter on block schemas (`BlockSchemaFilter`). */
export const BlockSchemaFilter = z.strictObject({
  operator: operatorField(),
  block_type_id: z.strictObject({ any_: uuidList() }).nullish(),
  block_capabilities: z.strictObject({ all_: stringList() }).nullish(),
  id: z.strictObject({ any_: uuidList() }).nullish(),
  version: z.strictObject({ any_: stringList() }).nullish(),
});
/** A block schema filter. */
export type BlockSchemaFilter = z.infer<typeof BlockSchemaFilter>;

/** Filter on block documents (`BlockDocumentFilter`); anonymous documents are left out unless asked for. */
export const BlockDocumentFilter = z.strictObject({
  operator: operatorField(),
  id: z.strictObject({ any_: uuidList() }).nullish(),
  is_anonymous: z.strictObject({ eq_: optionalBoolean() }).nullish().default({ eq_: false }),
  block_type_id: z.strictObject({ any_: uuidList() }).nullish(),
  name: z.strictObject({ any_: stringList(), like_: optionalString() }).nullish(),
});
/** A block document filter. */
export type BlockDocumentFilter = z.infer<typeof BlockDocumentFilter>;
/** A block document filter as sent. */
export type BlockDocumentFilterInput = z.input<typeof BlockDocumentFilter>;

/** Sort orders of `POST /block_documents/filter`. */
export const BlockDocumentSort = {
  NAME_DESC: "NAME_DESC",
  NAME_ASC: "NAME_ASC",
  BLOCK_TYPE_AND_NAME_ASC: "BLOCK_TYPE_AND_NAME_ASC",
} as const;
/** A block document sort order. */
export type BlockDocumentSort = (typeof BlockDocumentSort)[keyof typeof BlockDocumentSort];
/** Zod schema of {@link BlockDocumentSort}. */
export const BlockDocumentSortSchema = z.enum(BlockDocumentSort);

/** Body of `POST /block_types/filter` (`Body_read_block_types_block_types_filter_post`). */
export const BlockTypeFilterRequest = z.object({
  block_types: BlockTypeFilter.nullish(),
  block_schemas: BlockSchemaFilter.nullish(),
  offset: pageOffset(),
  limit: pageLimit(),
});
/** A block types query (defaults applied). */
export type BlockTypeFilterRequest = z.infer<typeof BlockTypeFilterRequest>;

/** Body of `POST /block_schemas/filter` (`Body_read_block_schemas_block_schemas_filter_post`). */
export const BlockSchemaFilterRequest = z.object({
  block_schemas: BlockSchemaFilter.nullish(),
  offset: pageOffset(),
  limit: pageLimit(),
});
/** A block schemas query (defaults applied). */
export type BlockSchemaFilterRequest = z.infer<typeof BlockSchemaFilterRequest>;

/** Body of `POST /block_documents/count` (`Body_count_block_documents_block_documents_count_post`). */
export const BlockDocumentCountRequest = z.object({
  block_documents: BlockDocumentFilter.nullish(),
  block_types: BlockTypeFilter.nullish(),
  block_schemas: BlockSchemaFilter.nullish(),
});
/** A block documents count query. */
export type BlockDocumentCountRequest = z.infer<typeof BlockDocumentCountRequest>;

/** Body of `POST /block_documents/filter` (`Body_read_block_documents_block_documents_filter_post`). */
export const BlockDocumentFilterRequest = BlockDocumentCountRequest.extend({
  include_secrets: z.boolean().default(false),
  sort: nullAsDefault(BlockDocumentSortSchema, "NAME_ASC"),
  offset: pageOffset(),
  limit: pageLimit(),
});
/** A block documents query (defaults applied). */
export type BlockDocumentFilterRequest = z.infer<typeof BlockDocumentFilterRequest>;
/** A block documents query as sent. */
export type BlockDocumentFilterRequestInput = z.input<typeof BlockDocumentFilterRequest>;
