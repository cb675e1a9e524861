// `prefect-ts block ls|inspect|create|delete|register` and `block type ls`: Prefect's block commands over the
// client's block methods. Documents are named `<block-type-slug>/<name>`, as Prefect's CLI names them.
import { ConfigError, ObjectNotFoundError, PrefectError } from "../errors.js";
import type { BlockDocument, PrefectClient } from "../client/index.js";
import type { CliContext } from "./context.js";
import { printJson, printTable } from "./output.js";
import { parseJsonObject, parseKeyValues } from "./param-parsing.js";
import { confirmIfInteractive } from "./prompting.js";

/** Options of `block create`. */
export interface BlockCreateFlags {
  data?: string;
  field?: string[];
  overwrite?: boolean;
}

/** Options of the commands that take a document by slug or `--id`. */
export interface BlockTargetFlags {
  id?: string;
}

function splitSlug(slug: string): { type: string; name: string } {
  const [type, name, ...rest] = slug.split("/");
  if (!type || !name || rest.length > 0) {
    throw new ConfigError(
      `Invalid slug format ${JSON.stringify(slug)}. Expected '<block_type_slug>/<block_document_name>', e.g. secret/db-password.`,
      "slug",
    );
  }
  return { type, name };
}

async function findDocument(
  client: PrefectClient,
  slug: string | undefined,
  flags: BlockTargetFlags,
  includeSecrets: boolean,
): Promise<BlockDocument> {
  if (slug === undefined && flags.id === undefined)
    throw new ConfigError("Give a block as <block_type_slug>/<name>, or --id <uuid>.", "slug");
  try {
    if (flags.id !== undefined) return await client.readBlockDocument(flags.id, { includeSecrets });
    const { type, name } = splitSlug(slug as string);
    return await client.readBlockDocumentByName(name, type, { includeSecrets });
  } catch (error) {
    if (error instanceof ObjectNotFoundError)
      throw new PrefectError(`Block '${slug ?? flags.id}' not found! List the blocks with: prefect-ts block ls`);
    throw error;
  }
}

/** `block ls`: every named block document, as Prefect's table (ID, Type, Name, Slug). */
export async function blockLs(context: CliContext, flags: { output?: "json" }): Promise<void> {
  const client = await context.client();
  const documents = await client.readBlockDocuments({ sort: "BLOCK_TYPE_AND_NAME_ASC" });
  if (flags.output === "json") {
    printJson(
      context,
      documents.map((d) => ({ id: d.id, block_type_slug: d.blockType?.slug ?? null, name: d.name, data: d.data })),
    );
    return;
  }
  printTable(context, {
    title: "Blocks",
    head: ["ID", "Type", "Name", "Slug"],
    rows: documents.map((d) => [
      d.id,
      d.blockType?.name ?? "-",
      d.name ?? "-",
      `${d.blockType?.slug ?? "?"}/${d.name ?? ""}`,
    ]),
    empty: "No blocks found. Create one with: prefect-ts block create <block_type_slug> <name> --field key=value",
  });
}

/** `block type ls`: the block types the server knows. */
export async function blockTypeLs(context: CliContext): Promise<void> {
  const client = await context.client();
  const types = await client.readBlockTypes();
  printTable(context, {
    title: "Block Types",
    head: ["Block Type Slug", "Name", "Description"],
    rows: types.map((t) => [t.slug, t.name, t.description ?? ""]),
  });
}

/** `block inspect SLUG | --id ID`: the document as JSON, secrets shown as "********". */
export async function blockInspect(
  context: CliContext,
  slug: string | undefined,
  flags: BlockTargetFlags,
): Promise<void> {
  const client = await context.client();
  const document = await findDocument(client, slug, flags, false);
  printJson(context, {
    id: document.id,
    name: document.name,
    block_type_slug: document.blockType?.slug ?? null,
    block_type_name: document.blockTypeName ?? null,
    block_schema_checksum: document.blockSchema?.checksum ?? null,
    data: document.data,
    created: document.created?.toISOString() ?? null,
    updated: document.updated?.toISOString() ?? null,
  });
}

/** `block create TYPE NAME [--data JSON] [--field k=v ...] [--overwrite]`: a block document of the type's newest schema. */
export async function blockCreate(
  context: CliContext,
  typeSlug: string,
  name: string,
  flags: BlockCreateFlags,
): Promise<void> {
  const client = await context.client();
  const fieldValues = parseKeyValues(flags.field, "--field");
  let type;
  try {
    type = await client.readBlockTypeBySlug(typeSlug);
  } catch (error) {
    if (error instanceof ObjectNotFoundError) {
      throw new PrefectError(`Block type '${typeSlug}' not found. List the block types with: prefect-ts block type ls`);
    }
    throw error;
  }
  const [schema] = await client.readBlockSchemas({ blockSchemaFilter: { blockTypeId: { any_: [type.id] } }, limit: 1 });
  if (schema === undefined)
    throw new PrefectError(`Block type '${typeSlug}' has no schema yet: register one before creating blocks of it.`);
  const data = {
    ...parseJsonObject(flags.data, "--data"),
    ...asSchemaTypes(fieldValues, flags.field ?? [], schema.fields),
  };
  const missing = (Array.isArray(schema.fields.required) ? (schema.fields.required as unknown[]) : []).filter(
    (key): key is string => typeof key === "string" && !(key in data),
  );
  if (missing.length > 0) {
    throw new ConfigError(
      `A ${typeSlug} block needs ${missing.map((k) => `'${k}'`).join(", ")}: add --field ${missing[0]}=... (or --data '{...}').`,
      "--field",
    );
  }
  const existing = await client
    .readBlockDocumentByName(name, typeSlug, { includeSecrets: false })
    .catch((error: unknown) => {
      if (error instanceof ObjectNotFoundError) return undefined;
      throw error;
    });
  if (existing !== undefined) {
    if (flags.overwrite !== true)
      throw new PrefectError(`Block '${typeSlug}/${name}' already exists. Use --overwrite to replace its data.`);
    await client.updateBlockDocument(existing.id, { data, blockSchemaId: schema.id, mergeExistingData: false });
  } else {
    await client.createBlockDocument({ name, data, blockSchemaId: schema.id, blockTypeId: type.id });
  }
  context.out(`Created block '${typeSlug}/${name}'.`);
}

/** A `--field` value the schema declares a string stays the text typed (`--field value=12345` is "12345", not 12345). */
function asSchemaTypes(
  values: Record<string, unknown>,
  items: readonly string[],
  fields: Record<string, unknown>,
): Record<string, unknown> {
  const properties = (
    typeof fields.properties === "object" && fields.properties !== null ? fields.properties : {}
  ) as Record<string, { type?: unknown }>;
  const out = { ...values };
  for (const item of items) {
    const key = item.slice(0, item.indexOf("="));
    if (properties[key]?.type === "string") out[key] = item.slice(item.indexOf("=") + 1);
  }
  return out;
}

/** `block delete SLUG | --id ID`; asks first when the CLI may prompt (mayPrompt), as Prefect's CLI does. */
export async function blockDelete(
  context: CliContext,
  slug: string | undefined,
  flags: BlockTargetFlags,
): Promise<void> {
  const client = await context.client();
  const document = await findDocument(client, slug, flags, false);
  if (!(await confirmIfInteractive(context, `Are you sure you want to delete block with id '${document.id}'?`))) {
    throw new PrefectError("Deletion aborted.");
  }
  await client.deleteBlockDocument(document.id);
  context.out(`Deleted Block '${slug ?? `${document.blockType?.slug ?? "?"}/${document.name ?? ""}`}'.`);
}

/** `block register`: the server's built-in block types (registered when it starts); code-defined blocks are not supported. */
export async function blockRegister(context: CliContext, flags: { file?: string; module?: string }): Promise<void> {
  if (flags.file !== undefined || flags.module !== undefined) {
    throw new ConfigError(
      "Registering blocks from a file or module is not supported: prefect-ts has no Block class to define block types in code. " +
        "Create a type with the client instead (createBlockType, then createBlockSchema).",
      flags.file !== undefined ? "--file" : "--module",
    );
  }
  const client = await context.client();
  const types = (await client.readBlockTypes()).filter((t) => t.isProtected);
  context.out(`Successfully registered ${types.length} blocks`);
  printTable(context, { title: "Registered Blocks", head: ["Registered Blocks"], rows: types.map((t) => [t.name]) });
}
