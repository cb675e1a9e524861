// Prefect 2's deployment YAML (`deployment build` writes it, `deployment apply` registers it, seed 002): the editable
// part first, then what `build` derived below the "DO NOT EDIT BELOW THIS LINE" marker. Parsed with `yaml` so errors
// name their line; Prefect 3's project file is prefect-file.ts's.
import { readFileSync } from "node:fs";
import path from "node:path";
import { LineCounter, parseDocument, stringify } from "yaml";
import * as z from "zod";
import { ConfigError } from "../errors.js";

/** The marker Prefect 2 writes between the editable part and the derived one. */
export const DO_NOT_EDIT = "###\n### DO NOT EDIT BELOW THIS LINE\n###";

const ScheduleSchema = z.union([
  z.looseObject({ cron: z.string(), timezone: z.string().nullish(), day_or: z.boolean().nullish() }),
  z.looseObject({ interval: z.number().positive(), timezone: z.string().nullish(), anchor_date: z.string().nullish() }),
  z.looseObject({ rrule: z.string(), timezone: z.string().nullish() }),
]);

const StorageSchema = z.looseObject({
  _block_document_id: z.string().nullish(),
  _block_document_name: z.string().nullish(),
  _block_type_slug: z.string().nullish(),
  block_type_slug: z.string().nullish(),
});

const DeploymentYamlSchema = z.looseObject({
  name: z.string().min(1),
  description: z.string().nullish(),
  version: z.union([z.string(), z.number()]).nullish(),
  work_queue_name: z.string().nullish(),
  work_pool_name: z.string().nullish(),
  tags: z.array(z.string()).nullish(),
  parameters: z.record(z.string(), z.unknown()).nullish(),
  schedule: ScheduleSchema.nullish(),
  is_schedule_active: z.boolean().nullish(),
  infra_overrides: z.record(z.string(), z.unknown()).nullish(),
  infrastructure: z.record(z.string(), z.unknown()).nullish(),
  flow_name: z.string().min(1),
  manifest_path: z.string().nullish(),
  storage: StorageSchema.nullish(),
  path: z.string().nullish(),
  entrypoint: z.string().min(1),
  parameter_openapi_schema: z.record(z.string(), z.unknown()).nullish(),
});

/** A deployment YAML as read (snake_case, as Prefect 2 writes it). */
export type DeploymentYaml = z.infer<typeof DeploymentYamlSchema>;

/** The `storage:` mapping of a deployment YAML: the block's fields and which stored block it is. */
export type DeploymentYamlStorage = z.infer<typeof StorageSchema>;

/** What `deployment build` puts in the file. */
export interface DeploymentYamlInput {
  name: string;
  flowName: string;
  entrypoint: string;
  /** The project directory; with storage, the path inside the block (null: its basepath). */
  path: string | null;
  /** Prefect 2's `storage:` mapping of the storage block (storage-block.ts's storageYaml), or null. */
  storage?: Record<string, unknown> | null | undefined;
  description?: string | undefined;
  version?: string | undefined;
  workQueueName: string;
  workPoolName?: string | undefined;
  tags: string[];
  parameters: Record<string, unknown>;
  schedule?: Record<string, unknown> | undefined;
  parameterSchema: Record<string, unknown>;
}

/** A YAML scalar or flow mapping for one value (JSON is valid YAML; `null` stays `null`). */
function value(v: unknown): string {
  return v === undefined || v === null ? "null" : JSON.stringify(v);
}

/** Indented block YAML of a value, for the derived part (the parameter schema). */
function block(v: unknown, indent: string): string {
  return stringify(v, { indent: 2 })
    .trimEnd()
    .split("\n")
    .map((line) => indent + line)
    .join("\n");
}

/** The file's text in Prefect 2's layout. */
export function renderDeploymentYaml(d: DeploymentYamlInput): string {
  return [
    "###",
    `### A complete description of a prefect-ts deployment for flow '${d.flowName}'`,
    "###",
    `name: ${value(d.name)}`,
    `description: ${value(d.description ?? null)}`,
    `version: ${value(d.version ?? null)}`,
    "# The work queue that will handle this deployment's runs",
    `work_queue_name: ${value(d.workQueueName)}`,
    `work_pool_name: ${value(d.workPoolName ?? null)}`,
    `tags: ${value(d.tags)}`,
    `parameters: ${value(d.parameters)}`,
    `schedule: ${value(d.schedule ?? null)}`,
    "# Job variables of the work pool's job template for this deployment's runs (Prefect 2's infrastructure overrides)",
    "infra_overrides: {}",
    "infrastructure:",
    "  type: process",
    "  env: {}",
    "  labels: {}",
    "  name: null",
    "  command: [prefect-ts, flow-run, execute]",
    "  stream_output: true",
    "",
    DO_NOT_EDIT,
    `flow_name: ${value(d.flowName)}`,
    "manifest_path: null",
    d.storage ? `storage:\n${block(d.storage, "  ")}` : "storage: null",
    `path: ${value(d.path)}`,
    `entrypoint: ${value(d.entrypoint)}`,
    "parameter_openapi_schema:",
    block(d.parameterSchema, "  "),
    "",
  ].join("\n");
}

/**
 * Reads a deployment YAML.
 * @throws ConfigError naming the file, the line and the key, with what was expected
 */
export function readDeploymentYaml(file: string): DeploymentYaml {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    throw new ConfigError(
      `Cannot read ${file}: ${(error as Error).message}. Write one with: prefect-ts deployment build path/to/file.ts:flow -n NAME`,
      "file",
      { cause: error },
    );
  }
  return parseDeploymentYaml(text, path.basename(file));
}

/** Parses a deployment YAML's text; `shown` names it in messages. */
export function parseDeploymentYaml(text: string, shown: string): DeploymentYaml {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false });
  if (doc.errors.length > 0) {
    const first = doc.errors[0]!;
    throw new ConfigError(
      `${shown}:${lines.linePos(first.pos[0]).line}: invalid YAML: ${first.message.split("\n")[0]}`,
      "file",
    );
  }
  const parsed = DeploymentYamlSchema.safeParse(doc.toJS() ?? {});
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  let line = 1;
  for (let n = issue.path.length; n >= 0; n--) {
    const node = doc.getIn(issue.path.slice(0, n), true) as { range?: [number, number, number] } | undefined;
    if (node?.range) {
      line = lines.linePos(node.range[0]).line;
      break;
    }
  }
  const key = issue.path.map(String).join(".");
  const what = /received undefined/.test(issue.message) ? "is required" : issue.message.replace(/^Invalid input: /, "");
  throw new ConfigError(`${shown}:${line}: ${key ? `"${key}" ` : ""}${what}.`, key || "file");
}
