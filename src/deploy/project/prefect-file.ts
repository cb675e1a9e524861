// Reading a project file: Prefect 3's `prefect.yaml` (or seed 000's `deployment.yaml`, the same `deployments:` list)
// parsed with `yaml` so every problem names its line, then checked with zod. Running steps is steps.ts's job,
// deploying what the file declares is deploy-project.ts's.
import { readFileSync } from "node:fs";
import path from "node:path";
import { isMap, LineCounter, parseDocument } from "yaml";
import * as z from "zod";
import { ConfigError } from "../../errors.js";

/** One step as written: a mapping with a single key, the step's function name, whose value holds its arguments. */
const StepSchema = z
  .record(z.string(), z.record(z.string(), z.unknown()).nullable())
  .refine((step) => Object.keys(step).length === 1, {
    message:
      "a step is a mapping with one key, the step's name, e.g. - prefect_ts.deployments.steps.run_shell_script: { script: npm test }",
  });
/** A step list, or one step mapping (Prefect accepts both). */
const StepsSchema = z.union([z.array(StepSchema), StepSchema]).nullable();

const ScheduleConfigSchema = z.looseObject({
  cron: z.string().nullish(),
  interval: z.union([z.number().positive(), z.string()]).nullish(),
  rrule: z.string().nullish(),
  timezone: z.string().nullish(),
  anchor_date: z.union([z.string(), z.date()]).nullish(),
  active: z.boolean().nullish(),
  parameters: z.record(z.string(), z.unknown()).nullish(),
  slug: z.string().nullish(),
  replaces: z.string().nullish(),
  day_or: z.boolean().nullish(),
  max_scheduled_runs: z.number().int().positive().nullish(),
});

const ConcurrencyLimitSchema = z.union([
  z.number().int().positive(),
  z.looseObject({
    limit: z.number().int().positive(),
    collision_strategy: z.enum(["ENQUEUE", "CANCEL_NEW"]).nullish(),
    grace_period_seconds: z.number().nullish(),
  }),
]);

const WorkPoolConfigSchema = z.looseObject({
  name: z.string().nullish(),
  work_queue_name: z.string().nullish(),
  job_variables: z.record(z.string(), z.unknown()).nullish(),
});

/** One entry of `deployments:` (Prefect's `DeploymentConfig`). */
const DeploymentConfigSchema = z.looseObject({
  name: z.string().min(1),
  version: z.union([z.string(), z.number()]).nullish(),
  version_type: z.string().nullish(),
  tags: z.array(z.string()).nullish(),
  description: z.string().nullish(),
  schedule: ScheduleConfigSchema.nullish(),
  schedules: z.array(ScheduleConfigSchema).nullish(),
  paused: z.boolean().nullish(),
  concurrency_limit: ConcurrencyLimitSchema.nullish(),
  flow_name: z.string().nullish(),
  entrypoint: z.string().nullish(),
  parameters: z.record(z.string(), z.unknown()).nullish(),
  enforce_parameter_schema: z.boolean().nullish(),
  build: StepsSchema.optional(),
  push: StepsSchema.optional(),
  pull: StepsSchema.optional(),
  work_pool: WorkPoolConfigSchema.nullish(),
  triggers: z.array(z.unknown()).nullish(),
  sla: z.unknown().optional(),
});

const ProjectFileSchema = z.looseObject({
  name: z.string().nullish(),
  "prefect-version": z.string().nullish(),
  "prefect-ts-version": z.string().nullish(),
  build: StepsSchema.optional(),
  push: StepsSchema.optional(),
  pull: StepsSchema.optional(),
  definitions: z.unknown().optional(),
  deployments: z.array(z.unknown()).nullish(),
});

/** A step as the API stores it in `pull_steps`: `{ "<function name>": { ...arguments } }`. */
export type StepConfig = Record<string, Record<string, unknown> | null>;
/** A schedule entry of a deployment in a project file. */
export type ScheduleConfig = z.infer<typeof ScheduleConfigSchema>;
/** One deployment of a project file, as written (snake_case, as Prefect's). */
export type DeploymentConfig = z.infer<typeof DeploymentConfigSchema> & {
  /** The line of the entry's `name` in the file, for messages. */
  readonly line: number;
};

/** A parsed project file. */
export interface ProjectFile {
  /** The file's absolute path. */
  readonly path: string;
  /** The project's directory: entrypoints and steps are relative to it. */
  readonly directory: string;
  readonly name: string | undefined;
  readonly build: StepConfig[];
  readonly push: StepConfig[];
  readonly pull: StepConfig[];
  readonly deployments: DeploymentConfig[];
  /** Keys this version does not know (each names its line); the file is used without them. */
  readonly warnings: string[];
}

const TOP_KEYS = new Set(Object.keys(ProjectFileSchema.shape));
const DEPLOYMENT_KEYS = new Set(Object.keys(DeploymentConfigSchema.shape));
const SCHEDULE_KEYS = new Set(Object.keys(ScheduleConfigSchema.shape));
const WORK_POOL_KEYS = new Set(Object.keys(WorkPoolConfigSchema.shape));

/** The file names `deploy` looks for, in order, in the project directory. */
export const PROJECT_FILE_NAMES = ["prefect.yaml", "deployment.yaml"] as const;

/** The project file of `directory` (prefect.yaml, else deployment.yaml), or undefined when there is none. */
export function findProjectFile(directory: string, exists: (file: string) => boolean): string | undefined {
  for (const name of PROJECT_FILE_NAMES) {
    const candidate = path.join(directory, name);
    if (exists(candidate)) return candidate;
  }
  return undefined;
}

/** Steps as a list (one mapping is one step). */
export function stepList(steps: z.infer<typeof StepsSchema> | undefined): StepConfig[] {
  if (steps === undefined || steps === null) return [];
  return Array.isArray(steps) ? steps : [steps];
}

/**
 * Reads and checks a project file.
 * @throws ConfigError naming the file, the line, the deployment and the key, with the fix: unreadable or invalid
 *   YAML, a wrong type, a deployment without a name, two deployments of one name. Nothing is deployed from a file
 *   with any such error.
 */
export function readProjectFile(file: string): ProjectFile {
  const absolute = path.resolve(file);
  let text: string;
  try {
    text = readFileSync(absolute, "utf8");
  } catch (error) {
    throw new ConfigError(
      `Cannot read the project file ${file}: ${(error as Error).message}. Create one with: prefect-ts init`,
      "--prefect-file",
      { cause: error },
    );
  }
  return parseProjectFile(text, absolute);
}

/** Parses a project file's text (see {@link readProjectFile}); `file` names it in messages. */
export function parseProjectFile(text: string, file: string): ProjectFile {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, merge: true });
  const shown = path.basename(file);
  const lineOf = (offset: number | undefined): number => (offset === undefined ? 1 : lines.linePos(offset).line);
  if (doc.errors.length > 0) {
    const first = doc.errors[0]!;
    throw new ConfigError(
      `${shown}:${lineOf(first.pos[0])}: invalid YAML: ${first.message.split("\n")[0]}`,
      "--prefect-file",
    );
  }
  const data: unknown = doc.toJS({ maxAliasCount: 1000 }) ?? {};
  const nodeLine = (keyPath: readonly PropertyKey[]): number => {
    for (let n = keyPath.length; n >= 0; n--) {
      const node = doc.getIn(keyPath.slice(0, n), true) as { range?: [number, number, number] } | undefined;
      if (node?.range) return lineOf(node.range[0]);
    }
    return 1;
  };
  const keyLine = (keyPath: readonly PropertyKey[]): number => {
    const parent = keyPath.length > 1 ? doc.getIn(keyPath.slice(0, -1), true) : doc.contents;
    if (isMap(parent)) {
      const pair = parent.items.find(
        (item) => (item.key as { value?: unknown } | null)?.value === keyPath[keyPath.length - 1],
      );
      const range = (pair?.key as { range?: [number, number, number] } | undefined)?.range;
      if (range) return lineOf(range[0]);
    }
    return nodeLine(keyPath);
  };

  const top = ProjectFileSchema.safeParse(data);
  if (!top.success) throw fileError(shown, top.error, [], keyLine, undefined);
  const warnings: string[] = [];
  const unknownKeys = (value: unknown, known: Set<string>, at: PropertyKey[], where: string): void => {
    if (value === null || typeof value !== "object" || Array.isArray(value)) return;
    for (const key of Object.keys(value)) {
      if (!known.has(key)) warnings.push(`${shown}:${keyLine([...at, key])}: unknown key "${key}"${where} is ignored.`);
    }
  };
  unknownKeys(data, TOP_KEYS, [], "");

  const deployments: DeploymentConfig[] = [];
  const seen = new Map<string, number>();
  (top.data.deployments ?? []).forEach((entry, index) => {
    const at = ["deployments", index];
    const label =
      typeof (entry as { name?: unknown } | null)?.name === "string"
        ? `deployment "${(entry as { name: string }).name}"`
        : `deployments[${index}]`;
    const parsed = DeploymentConfigSchema.safeParse(entry);
    if (!parsed.success) throw fileError(shown, parsed.error, at, keyLine, label);
    const line = keyLine([...at, "name"]);
    const where = ` in ${label}`;
    unknownKeys(entry, DEPLOYMENT_KEYS, at, where);
    unknownKeys(parsed.data.work_pool, WORK_POOL_KEYS, [...at, "work_pool"], where);
    const schedules = parsed.data.schedules ?? (parsed.data.schedule ? [parsed.data.schedule] : []);
    schedules.forEach((schedule, i) => {
      const scheduleAt = parsed.data.schedules ? [...at, "schedules", i] : [...at, "schedule"];
      unknownKeys(schedule, SCHEDULE_KEYS, scheduleAt, where);
      const kinds = (["cron", "interval", "rrule"] as const).filter(
        (k) => schedule[k] !== undefined && schedule[k] !== null,
      );
      if (kinds.length !== 1) {
        throw new ConfigError(
          `${shown}:${nodeLine(scheduleAt)}: ${label}: a schedule needs exactly one of cron, interval or rrule` +
            (kinds.length > 1 ? ` (got ${kinds.join(" and ")})` : "") +
            `, e.g. "cron: '0 2 * * *'".`,
          "schedule",
        );
      }
    });
    const previous = seen.get(parsed.data.name);
    if (previous !== undefined) {
      throw new ConfigError(
        `${shown}:${line}: deployment "${parsed.data.name}" is declared twice (first on line ${previous}); give each a distinct name.`,
        "name",
      );
    }
    seen.set(parsed.data.name, line);
    deployments.push({ ...parsed.data, line });
  });

  return {
    path: file,
    directory: path.dirname(file),
    name: top.data.name ?? undefined,
    build: stepList(top.data.build),
    push: stepList(top.data.push),
    pull: stepList(top.data.pull),
    deployments,
    warnings,
  };
}

/** A ConfigError for the first zod issue: file, line, whose key, and what was expected. */
function fileError(
  shown: string,
  error: z.ZodError,
  at: PropertyKey[],
  keyLine: (keyPath: readonly PropertyKey[]) => number,
  label: string | undefined,
): ConfigError {
  const issue = error.issues[0]!;
  const keyPath = [...at, ...issue.path];
  const key = issue.path.length > 0 ? issue.path.map(String).join(".") : "";
  const owner = label ? `${label}: ` : "";
  const subject = key ? `"${key}" ` : "";
  return new ConfigError(
    `${shown}:${keyLine(keyPath)}: ${owner}${subject}${issue.message.replace(/^Invalid input: /, "")}.`,
    key || "prefect.yaml",
  );
}
