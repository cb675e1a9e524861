// The block types every server has, as Prefect registers them at start-up: Secret, JSON, String, Local File
// System and Remote File System, each with Prefect's block schema (fields, secret_fields, capabilities).
import { PREFECT_VERSION } from "../../schemas/plain.js";

/** One built-in block type with its schema. */
export interface SystemBlockType {
  readonly name: string;
  readonly slug: string;
  readonly description: string;
  readonly documentationUrl: string;
  readonly fields: Record<string, unknown>;
  readonly capabilities: readonly string[];
}

const DOCS = "https://docs.prefect.io/latest/develop/blocks";
const FILE_SYSTEM_CAPABILITIES = ["put-directory", "read-path", "write-path", "get-directory"];

/** Prefect's schema version of built-in blocks: the Prefect version the server speaks. */
export const SYSTEM_BLOCK_SCHEMA_VERSION = PREFECT_VERSION;

/** The built-in block types, in registration order. Field schemas are Prefect's, key for key. */
export const SYSTEM_BLOCK_TYPES: readonly SystemBlockType[] = [
  {
    name: "Secret",
    slug: "secret",
    description:
      "A block that represents a secret value. The value stored in this block will be obfuscated when this block is logged or shown in the UI.",
    documentationUrl: DOCS,
    capabilities: [],
    fields: {
      title: "Secret",
      description:
        "A block that represents a secret value. The value stored in this block will be obfuscated when\nthis block is logged or shown in the UI.",
      type: "object",
      properties: {
        value: {
          title: "Value",
          description: "A string value that should be kept secret.",
          type: "string",
          writeOnly: true,
          format: "password",
        },
      },
      required: ["value"],
      block_type_slug: "secret",
      secret_fields: ["value"],
      block_schema_references: {},
    },
  },
  {
    name: "JSON",
    slug: "json",
    description: "A block that represents JSON",
    documentationUrl: DOCS,
    capabilities: [],
    fields: {
      title: "JSON",
      description: "A block that represents JSON",
      type: "object",
      properties: { value: { title: "Value", description: "A JSON-compatible value." } },
      required: ["value"],
      block_type_slug: "json",
      secret_fields: [],
      block_schema_references: {},
    },
  },
  {
    name: "String",
    slug: "string",
    description: "A block that represents a string",
    documentationUrl: DOCS,
    capabilities: [],
    fields: {
      title: "String",
      description: "A block that represents a string",
      type: "object",
      properties: { value: { title: "Value", description: "A string value.", type: "string" } },
      required: ["value"],
      block_type_slug: "string",
      secret_fields: [],
      block_schema_references: {},
    },
  },
  {
    name: "Local File System",
    slug: "local-file-system",
    description: "Store data as a file on a local file system.",
    documentationUrl: DOCS,
    capabilities: FILE_SYSTEM_CAPABILITIES,
    fields: {
      title: "LocalFileSystem",
      description: "Store data as a file on a local file system.",
      type: "object",
      properties: {
        basepath: { title: "Basepath", description: "Default local path for this block to write to.", type: "string" },
      },
      block_type_slug: "local-file-system",
      secret_fields: [],
      block_schema_references: {},
    },
  },
  {
    name: "Remote File System",
    slug: "remote-file-system",
    description:
      "Store data as a file on a remote file system. Supports any remote file system supported by `fsspec`. The file system is specified using a protocol.",
    documentationUrl: DOCS,
    capabilities: FILE_SYSTEM_CAPABILITIES,
    fields: {
      title: "RemoteFileSystem",
      description:
        'Store data as a file on a remote file system.\n\nSupports any remote file system supported by `fsspec`. The file system is specified\nusing a protocol. For example, "s3://my-bucket/my-folder/" will use S3.',
      type: "object",
      properties: {
        basepath: {
          title: "Basepath",
          description: "Default path for this block to write to.",
          examples: ["s3://my-bucket/my-folder/"],
          type: "string",
        },
        settings: { title: "Settings", description: "Additional settings to pass through to fsspec.", type: "object" },
      },
      required: ["basepath"],
      block_type_slug: "remote-file-system",
      secret_fields: [],
      block_schema_references: {},
    },
  },
];
