// Artifact routes of the client, named as Prefect's Python client: create, read, update and delete by id, the
// latest artifact of a key, filter and count over artifacts and over the latest of each key. The SDK's
// createMarkdownArtifact & co. (src/artifacts.ts) are built on these.
import { z } from "zod";
import * as schemas from "../schemas/index.js";
import { type PageOptions, type RunFilterOptions, runFilterBody } from "./filter-body.js";
import type { HttpTransport } from "./http.js";
import type { InputOf, ModelOf } from "./models.js";
import { toWire } from "./wire-mapper.js";

/** An artifact, as returned by the client (`data` as stored: markdown text, a table's JSON text, a number, ...). */
export type Artifact = ModelOf<typeof schemas.Artifact>;
/** The latest artifact of a key; `latestId` is that artifact's id. */
export type ArtifactCollection = ModelOf<typeof schemas.ArtifactCollection>;
/** Filter on artifacts, camelCase of Prefect's `ArtifactFilter` (`{ key: { any_: ["sales-report"] } }`). */
export type ArtifactFilter = InputOf<typeof schemas.ArtifactFilter>;
/** Filter on the latest artifact of each key (`ArtifactCollectionFilter`). */
export type ArtifactCollectionFilter = InputOf<typeof schemas.ArtifactCollectionFilter>;

/** An artifact to create. Prefect's SDK sets `type` ("markdown", "table", "progress", "image") and the run ids. */
export interface ArtifactCreateOptions {
  /** Lowercase letters, numbers and dashes; artifacts sharing a key are versions of one another. */
  key?: string;
  type?: string;
  /** Markdown; `null` clears the key's latest description (Prefect's SDK sends it so), absent leaves it. */
  description?: string | null;
  data?: unknown;
  /** String keys and values (`metadata_` as on the wire and in the returned model); a value over 500 characters is cut, as Prefect does. */
  metadata_?: Record<string, string>;
  flowRunId?: string;
  taskRunId?: string;
}

/** Fields of an artifact that can be changed; absent fields are left as they are. */
export interface ArtifactUpdateOptions {
  data?: unknown;
  description?: string;
  metadata_?: Record<string, string>;
}

/** Options of `readArtifacts` and `countArtifacts`: an artifact filter, and filters on its runs, flow and deployment. */
export interface ReadArtifactsOptions
  extends Omit<RunFilterOptions, "workPoolFilter">, PageOptions<schemas.ArtifactSort> {
  artifactFilter?: ArtifactFilter;
}

/** Options of `readLatestArtifacts` and `countLatestArtifacts`. */
export interface ReadLatestArtifactsOptions
  extends Omit<RunFilterOptions, "workPoolFilter">, PageOptions<schemas.ArtifactSort> {
  artifactFilter?: ArtifactCollectionFilter;
}

/** The artifact methods of PrefectClient. */
export interface ArtifactsApi {
  /** Creates an artifact (`POST /artifacts/`); one with a key becomes its key's latest. @throws ValidationError for a key outside lowercase letters, numbers and dashes */
  createArtifact(artifact: ArtifactCreateOptions): Promise<Artifact>;
  /** Reads an artifact by id. @throws ObjectNotFoundError */
  readArtifact(id: string): Promise<Artifact>;
  /** The latest artifact of a key, with `latestId` (the artifact's own id); `undefined` when the key has none. */
  readLatestArtifact(key: string): Promise<ArtifactCollection | undefined>;
  /** Artifacts matching the filters (`POST /artifacts/filter`); by default `ID_DESC` as Prefect's (newest first on our server, whose ids are time-ordered; `CREATED_DESC` says so on any). */
  readArtifacts(opts?: ReadArtifactsOptions): Promise<Artifact[]>;
  /** Number of artifacts matching the filters. */
  countArtifacts(opts?: Omit<ReadArtifactsOptions, keyof PageOptions<string>>): Promise<number>;
  /** The latest artifact of each key matching the filters (`POST /artifacts/latest/filter`). */
  readLatestArtifacts(opts?: ReadLatestArtifactsOptions): Promise<ArtifactCollection[]>;
  /** Number of keys whose latest artifact matches the filters. */
  countLatestArtifacts(opts?: Omit<ReadLatestArtifactsOptions, keyof PageOptions<string>>): Promise<number>;
  /** Changes an artifact's data, description or metadata (its key's latest too, when it is that). @throws ObjectNotFoundError */
  updateArtifact(id: string, patch: ArtifactUpdateOptions): Promise<void>;
  /** Deletes an artifact; its key's previous version becomes the latest. @throws ObjectNotFoundError */
  deleteArtifact(id: string): Promise<void>;
}

const ArtifactList = z.array(schemas.Artifact);
const CollectionList = z.array(schemas.ArtifactCollection);
const Count = z.int();

function filterBody(
  opts: ReadArtifactsOptions | ReadLatestArtifactsOptions = {},
  filterSchema: typeof schemas.ArtifactFilter | typeof schemas.ArtifactCollectionFilter,
): Record<string, unknown> {
  const { artifactFilter, ...rest } = opts;
  const body = runFilterBody(rest);
  if (artifactFilter) body.artifacts = toWire(filterSchema, artifactFilter);
  return body;
}

function contentBody(fields: ArtifactCreateOptions | ArtifactUpdateOptions): Record<string, unknown> {
  // Only the fields given: Prefect applies the ones a request sets.
  const body: Record<string, unknown> = {};
  if ("key" in fields && fields.key !== undefined) body.key = fields.key;
  if ("type" in fields && fields.type !== undefined) body.type = fields.type;
  if (fields.description !== undefined) body.description = fields.description;
  if (fields.data !== undefined) body.data = fields.data;
  if (fields.metadata_ !== undefined) body.metadata_ = fields.metadata_;
  if ("flowRunId" in fields && fields.flowRunId !== undefined) body.flow_run_id = fields.flowRunId;
  if ("taskRunId" in fields && fields.taskRunId !== undefined) body.task_run_id = fields.taskRunId;
  return body;
}

/** Builds the artifact methods over a transport. */
export function artifactsApi(http: HttpTransport): ArtifactsApi {
  const byId = (id: string) => `artifacts/${encodeURIComponent(id)}`;
  return {
    createArtifact: (artifact) => http.request("POST", "artifacts/", { json: contentBody(artifact) }, schemas.Artifact),
    readArtifact: (id) => http.request("GET", byId(id), {}, schemas.Artifact),
    // Through /latest/filter rather than GET /artifacts/{key}/latest: Prefect answers that one in the Artifact shape,
    // with the key's collection id and no latest_id, so the artifact itself could not be found from it.
    readLatestArtifact: async (key) => {
      const [latest] = await http.request(
        "POST",
        "artifacts/latest/filter",
        { json: { artifacts: { key: { any_: [key] } }, limit: 1 } },
        CollectionList,
      );
      return latest;
    },
    readArtifacts: (opts) =>
      http.request("POST", "artifacts/filter", { json: filterBody(opts, schemas.ArtifactFilter) }, ArtifactList),
    countArtifacts: (opts) =>
      http.request("POST", "artifacts/count", { json: filterBody(opts, schemas.ArtifactFilter) }, Count),
    readLatestArtifacts: (opts) =>
      http.request(
        "POST",
        "artifacts/latest/filter",
        { json: filterBody(opts, schemas.ArtifactCollectionFilter) },
        CollectionList,
      ),
    countLatestArtifacts: (opts) =>
      http.request(
        "POST",
        "artifacts/latest/count",
        { json: filterBody(opts, schemas.ArtifactCollectionFilter) },
        Count,
      ),
    updateArtifact: (id, patch) => http.request("PATCH", byId(id), { json: contentBody(patch) }),
    deleteArtifact: (id) => http.request("DELETE", byId(id)),
  };
}
