// The contract's parts that need no zod: Prefect's versions, the default agent pool's name, the `{{ ... }}`
// placeholder grammar of job templates and deployment steps, the date-time text rules and the artifact key rule. A
// second entry of this layer beside index.ts: the engine, the SDK and the deploy code load these at start-up, where
// the wire models (zod) must not load yet (`import "prefect-ts"` stays under 60 ms).
export { PREFECT_VERSION, PREFECT_API_VERSION } from "./version.js";
export { DEFAULT_AGENT_POOL_NAME } from "./default-agent-pool.js";
export { applyValues, findPlaceholders, valueAtPath } from "./templating.js";
export type { ApplyValuesOptions, Placeholder, PlaceholderKind } from "./templating.js";
export { DATETIME_PATTERN, isDateTime, normalizeDateTime, parseDateTime } from "./datetime.js";
export type { NaiveDateTime } from "./datetime.js";
export { ARTIFACT_KEY_MESSAGE, ARTIFACT_KEY_PATTERN } from "./artifact-key.js";
