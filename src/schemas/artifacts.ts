// Artifact models: the Artifact object, the latest artifact of a key (ArtifactCollection), create/update actions
// and Prefect's key rule. Artifact filters live in filters/artifacts.ts; the SDK's create functions in src/artifacts.ts.
import { z } from "zod";
import { ARTIFACT_KEY_MESSAGE, ARTIFACT_KEY_PATTERN } from "./artifact-key.js";
import { DateTimeString, Uuid } from "./common.js";

/** Prefect's `ArtifactKey`: lowercase letters, numbers and dashes (`raw-data-report`). */
export const ArtifactKey = z.string().refine((key) => ARTIFACT_KEY_PATTERN.test(key), { error: ARTIFACT_KEY_MESSAGE });

/** Prefect's cap on a metadata value (`validate_max_metadata_length`): longer values are cut and end in "...". */
export const MAX_ARTIFACT_METADATA_VALUE_LENGTH = 500;

/** User metadata: string keys and values; a value over 500 characters is cut to 500 and marked "...", as Prefect does. */
export const ArtifactMetadata = z
  .record(z.string(), z.string())
  .overwrite((metadata) =>
    Object.fromEntries(
      Object.entries(metadata).map(([key, value]) => [
        key,
        value.length > MAX_ARTIFACT_METADATA_VALUE_LENGTH
          ? `${value.slice(0, MAX_ARTIFACT_METADATA_VALUE_LENGTH)}...`
          : value,
      ]),
    ),
  );

const artifactFields = {
  key: z.string().nullish(),
  /** The shape of `data`: "markdown", "table", "progress", "image", "result" or the user's own. */
  type: z.string().nullish(),
  /** A markdown description. */
  description: z.string().nullish(),
  /** The content; its shape depends on `type` (markdown text, a table's JSON text, a percentage, a URL). */
  data: z.unknown().optional(),
  metadata_: z.record(z.string(), z.string()).nullish(),
  flow_run_id: Uuid.nullish(),
  task_run_id: Uuid.nullish(),
};

/** An artifact as returned by the API (`Artifact`). */
export const Artifact = z.object({
  // Prefect's model makes the id when none is given (default_factory=uuid4), so the OpenAPI requires no field;
  // every response carries one.
  id: Uuid.default(() => globalThis.crypto.randomUUID()),
  created: DateTimeString.nullish(),
  updated: DateTimeString.nullish(),
  ...artifactFields,
});
/** An artifact. */
export type Artifact = z.infer<typeof Artifact>;

/** The latest artifact of a key (`ArtifactCollection`), as `/artifacts/latest/filter` and `/artifacts/{key}/latest` return it. */
export const ArtifactCollection = z.object({
  id: Uuid,
  created: DateTimeString.nullable(),
  updated: DateTimeString.nullable(),
  ...artifactFields,
  key: z.string(),
  /** The id of the key's newest artifact. */
  latest_id: Uuid,
});
/** The latest artifact of a key. */
export type ArtifactCollection = z.infer<typeof ArtifactCollection>;

/** Body of `POST /artifacts/` (`ArtifactCreate`). */
export const ArtifactCreate = z.strictObject({
  ...artifactFields,
  key: ArtifactKey.nullish(),
  metadata_: ArtifactMetadata.nullish(),
});
/** An artifact creation request. */
export type ArtifactCreate = z.infer<typeof ArtifactCreate>;
/** An artifact creation request as sent. */
export type ArtifactCreateInput = z.input<typeof ArtifactCreate>;

/** Body of `PATCH /artifacts/{id}` (`ArtifactUpdate`): only the fields a request sets are applied. */
export const ArtifactUpdate = z.strictObject({
  data: z.unknown().optional(),
  description: z.string().nullish(),
  metadata_: ArtifactMetadata.nullish(),
});
/** An artifact update request. */
export type ArtifactUpdate = z.infer<typeof ArtifactUpdate>;
/** An artifact update request as sent. */
export type ArtifactUpdateInput = z.input<typeof ArtifactUpdate>;
