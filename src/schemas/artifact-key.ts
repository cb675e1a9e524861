// Prefect's rule for artifact keys (`ArtifactKey`: lowercase letters, numbers and dashes), without zod, so the SDK can
// check a key before sending it without loading the wire models.

/** What an artifact key may hold. */
export const ARTIFACT_KEY_PATTERN = /^[a-z0-9-]*$/;

/** Prefect's message for a key outside {@link ARTIFACT_KEY_PATTERN}. */
export const ARTIFACT_KEY_MESSAGE = "Artifact key must only contain lowercase letters, numbers, and dashes.";
