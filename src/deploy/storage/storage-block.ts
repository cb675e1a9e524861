// Storage blocks read through the client: `-sb TYPE/NAME[/PATH]` parsed, a block document turned into a
// DeploymentStorage (checking its schema's capabilities, as Prefect 2 did), and a deployment's code copied back from
// its storage for a run. The file systems themselves are file-system-storage.ts.
import type { BlockDocument, PrefectClient } from "../../client/index.js";
import { ConfigError, ObjectNotFoundError } from "../../errors.js";
import { localFileSystem, remoteFileSystem, type DeploymentStorage } from "./file-system-storage.js";

/** The capability a storage block needs to receive a project (`deployment build`) or to give it back (a run). */
export type StorageCapability = "put-directory" | "get-directory";

/** A storage block reference `TYPE/NAME[/PATH]` split up. */
export interface StorageBlockRef {
  slug: string;
  name: string;
  /** The sub-path after the name, when given. */
  path?: string;
}

const FACTORIES: Record<string, (label: string, data: Record<string, unknown>) => DeploymentStorage> = {
  "local-file-system": localFileSystem,
  "remote-file-system": remoteFileSystem,
};

/**
 * Splits `local-file-system/dev/flows` into type slug, name and path, as Prefect 2's `-sb`.
 * @throws ConfigError when the type or the name is missing
 */
export function parseStorageBlockRef(value: string): StorageBlockRef {
  const [slug = "", name = "", ...rest] = value.split("/");
  if (slug === "" || name === "") {
    throw new ConfigError(
      `Storage block '${value}': give it as TYPE/NAME, e.g. -sb local-file-system/dev.`,
      "--storage-block",
    );
  }
  return rest.length > 0 && rest.join("/") !== "" ? { slug, name, path: rest.join("/") } : { slug, name };
}

function labelOf(document: BlockDocument): string {
  return `${document.blockType?.slug ?? document.blockTypeName ?? "?"}/${document.name ?? document.id}`;
}

/**
 * The storage a block document describes.
 * @throws ConfigError when its type is not a file system prefect-ts can use, or lacks `capability`
 */
export function storageFromDocument(document: BlockDocument, capability: StorageCapability): DeploymentStorage {
  const label = labelOf(document);
  const capabilities = document.blockSchema?.capabilities ?? [];
  if (!capabilities.includes(capability)) {
    throw new ConfigError(
      `Storage block '${label}' is missing the '${capability}' capability (it has: ${capabilities.join(", ") || "none"}). ` +
        "Use a local-file-system or remote-file-system block.",
      "storage",
    );
  }
  const factory = FACTORIES[document.blockType?.slug ?? ""];
  if (factory === undefined) {
    throw new ConfigError(
      `Storage block '${label}': prefect-ts can store deployments in ${Object.keys(FACTORIES).join(" and ")} blocks only. ` +
        "Create one, e.g. prefect-ts block create local-file-system dev --field basepath=/srv/flows.",
      "storage",
    );
  }
  return factory(label, document.data);
}

/**
 * Reads the block `slug/name` and its storage. Secret fields stay hidden: file-system storage needs none, and the
 * document's data is what the deployment YAML shows.
 * @throws ConfigError when the block does not exist (saying how to create it) or cannot store deployments
 */
export async function readStorageBlock(
  client: PrefectClient,
  ref: StorageBlockRef,
  capability: StorageCapability,
): Promise<{ document: BlockDocument; storage: DeploymentStorage }> {
  let document: BlockDocument;
  try {
    document = await client.readBlockDocumentByName(ref.name, ref.slug, { includeSecrets: false });
  } catch (error) {
    if (!(error instanceof ObjectNotFoundError)) throw error;
    const field = ref.slug === "remote-file-system" ? "basepath=file:///srv/flows" : "basepath=/srv/flows";
    throw new ConfigError(
      `Storage block '${ref.slug}/${ref.name}' not found. Create it with: prefect-ts block create ${ref.slug} ${ref.name} --field ${field}`,
      "storage",
      { cause: error },
    );
  }
  return { document, storage: storageFromDocument(document, capability) };
}

/** Prefect 2's `storage:` mapping of a deployment YAML: the block's fields, then which stored block it is. */
export function storageYaml(document: BlockDocument): Record<string, unknown> {
  const slug = document.blockType?.slug ?? null;
  return {
    ...document.data,
    _block_document_id: document.id,
    _block_document_name: document.name ?? null,
    _is_anonymous: document.isAnonymous,
    block_type_slug: slug,
    _block_type_slug: slug,
  };
}

/**
 * Copies a deployment's code from its storage block (`storage_document_id`, sub-path `path`) into `directory`, as
 * Prefect 2's `load_flow_from_flow_run` did before importing the entrypoint.
 * @throws ConfigError when the block is gone, cannot give files back, or holds nothing at the path
 */
export async function downloadFromStorage(
  client: PrefectClient,
  deployment: { name: string; storageDocumentId: string; path?: string | null | undefined },
  directory: string,
): Promise<DeploymentStorage> {
  let document: BlockDocument;
  try {
    document = await client.readBlockDocument(deployment.storageDocumentId, { includeSecrets: true });
  } catch (error) {
    if (!(error instanceof ObjectNotFoundError)) throw error;
    throw new ConfigError(
      `Storage block ${deployment.storageDocumentId} of deployment '${deployment.name}' not found (was it deleted?). ` +
        "Create the block again and rebuild the deployment: prefect-ts deployment build FILE:FLOW -n NAME -sb TYPE/NAME --apply",
      "storage_document_id",
      { cause: error },
    );
  }
  const storage = storageFromDocument(document, "get-directory");
  await storage.getDirectory({ fromPath: deployment.path, localPath: directory });
  return storage;
}
