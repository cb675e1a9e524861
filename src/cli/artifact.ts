// `prefect-ts artifact ls|inspect|delete`: Prefect's artifact commands over the client's artifact methods. The
// command tree is in artifact-commands.ts; making artifacts is the SDK's (src/artifacts.ts), not the CLI's.
import { ConfigError, ObjectNotFoundError, PrefectError } from "../errors.js";
import type { Artifact, PrefectClient } from "../client/index.js";
import {
  Artifact as ArtifactSchema,
  ArtifactCollection as ArtifactCollectionSchema,
  PREFECT_API_DEFAULT_LIMIT,
} from "../schemas/index.js";
import type { CliContext } from "./context.js";
import { printTable, printWireJson } from "./output.js";
import { describeRelative } from "./param-parsing.js";
import { confirmIfInteractive } from "./prompting.js";

/** Options of `artifact ls`. */
export interface ArtifactLsFlags {
  limit: number;
  all?: boolean;
  output?: string;
}

/** Options of `artifact inspect`. */
export interface ArtifactInspectFlags {
  limit: number;
  output?: string;
}

/** Options of `artifact delete`. */
export interface ArtifactDeleteFlags {
  id?: string;
}

/** Whether `-o` asks for JSON; Prefect's check (`output.lower() != "json"`), so `-o JSON` is JSON too. */
function wantsJson(output: string | undefined): boolean {
  if (output === undefined) return false;
  if (output.toLowerCase() !== "json") throw new ConfigError("Only 'json' output format is supported.", "--output");
  return true;
}

/** When an artifact was last changed, as `3 minutes ago` (Prefect's `diff_for_humans`). */
function updatedAgo(updated: Date | null | undefined): string {
  return updated === null || updated === undefined ? "-" : describeRelative(updated);
}

/**
 * `artifact ls [--limit 100] [--all] [-o json]`: the latest artifact of each key by key, or with `--all` every
 * artifact; the ID column is the latest artifact's id (`latest_id`), as Prefect prints it.
 */
export async function artifactLs(context: CliContext, flags: ArtifactLsFlags): Promise<void> {
  const json = wantsJson(flags.output);
  const client = await context.client();
  const empty = "No artifacts found. Publish one from a flow with createMarkdownArtifact(markdown, { key }).";
  if (flags.all === true) {
    const artifacts = await client.readArtifacts({ sort: "KEY_ASC", limit: flags.limit });
    if (json) {
      printWireJson(context, ArtifactSchema, artifacts);
      return;
    }
    printTable(context, {
      title: "Artifacts",
      head: ["ID", "Key", "Type", "Updated"],
      rows: artifacts.map((a) => [a.id, a.key ?? "-", a.type ?? "-", updatedAgo(a.updated)]),
      empty,
    });
    return;
  }
  const latest = await client.readLatestArtifacts({ sort: "KEY_ASC", limit: flags.limit });
  if (json) {
    printWireJson(context, ArtifactCollectionSchema, latest);
    return;
  }
  printTable(context, {
    title: "Artifacts",
    head: ["ID", "Key", "Type", "Updated"],
    rows: latest.map((a) => [a.latestId, a.key, a.type ?? "-", updatedAgo(a.updated)]),
    empty,
  });
}

/** `artifact inspect KEY [--limit 10] [-o json]`: the key's versions, most recently updated first, as the API returns them. */
export async function artifactInspect(context: CliContext, key: string, flags: ArtifactInspectFlags): Promise<void> {
  // Prefect prints a Python repr without -o json; JSON serves people and scripts alike, as `variable inspect` does.
  wantsJson(flags.output);
  const client = await context.client();
  const artifacts = await client.readArtifacts({
    artifactFilter: { key: { any_: [key] } },
    sort: "UPDATED_DESC",
    limit: flags.limit,
  });
  if (artifacts.length === 0) throw new PrefectError(`Artifact '${key}' not found.`);
  printWireJson(context, ArtifactSchema, artifacts);
}

/**
 * `artifact delete KEY | --id ID`: every version of a key, or one artifact (its key's previous version becomes the
 * latest); asks first when the CLI may prompt (mayPrompt), as Prefect's CLI does.
 */
export async function artifactDelete(
  context: CliContext,
  key: string | undefined,
  flags: ArtifactDeleteFlags,
): Promise<void> {
  if (key !== undefined && flags.id !== undefined)
    throw new ConfigError("Please provide either a key or an artifact_id but not both.", "--id");
  if (flags.id !== undefined) return deleteById(context, flags.id);
  if (key !== undefined) return deleteByKey(context, key);
  throw new ConfigError("Please provide a key or an artifact_id.", "key");
}

async function deleteById(context: CliContext, id: string): Promise<void> {
  const client = await context.client();
  const notFound = new PrefectError(`Artifact with id '${id}' not found!`);
  // Read first, so a wrong id is said at once instead of after a question about it.
  await client.readArtifact(id).catch((error: unknown) => {
    throw error instanceof ObjectNotFoundError ? notFound : error;
  });
  if (!(await confirmIfInteractive(context, `Are you sure you want to delete artifact with id '${id}'?`)))
    throw new PrefectError("Deletion aborted.");
  try {
    await client.deleteArtifact(id);
  } catch (error) {
    if (error instanceof ObjectNotFoundError) throw notFound;
    throw error;
  }
  context.out(`Deleted artifact with id '${id}'.`);
}

async function deleteByKey(context: CliContext, key: string): Promise<void> {
  const client = await context.client();
  const artifacts = await readAllOfKey(client, key);
  if (artifacts.length === 0) {
    throw new PrefectError(
      `Artifact with key '${key}' not found. You can also specify an artifact id with the --id flag.`,
    );
  }
  const question = `Are you sure you want to delete ${artifacts.length} artifact(s) with key '${key}'?`;
  if (!(await confirmIfInteractive(context, question))) throw new PrefectError("Deletion aborted.");
  for (const artifact of artifacts) {
    try {
      await client.deleteArtifact(artifact.id);
    } catch (error) {
      // Deleted meanwhile by someone else: gone, as asked.
      if (!(error instanceof ObjectNotFoundError)) throw error;
    }
  }
  context.out(`Deleted ${artifacts.length} artifact(s) with key '${key}'.`);
}

/** Every artifact of a key, page by page: Prefect's CLI stops at the server's first page, which would leave the rest. */
async function readAllOfKey(client: PrefectClient, key: string): Promise<Artifact[]> {
  const all: Artifact[] = [];
  for (let offset = 0; ; offset += PREFECT_API_DEFAULT_LIMIT) {
    const page = await client.readArtifacts({
      artifactFilter: { key: { any_: [key] } },
      sort: "ID_DESC",
      limit: PREFECT_API_DEFAULT_LIMIT,
      offset,
    });
    all.push(...page);
    if (page.length < PREFECT_API_DEFAULT_LIMIT) return all;
  }
}
