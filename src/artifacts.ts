// The SDK's artifacts, as Prefect's prefect.artifacts: markdown, tables, links, progress and images that a flow or task
// run publishes for people to read (the dashboard's Artifacts tabs, `prefect-ts artifact ls`). Made inside a run, an
// artifact belongs to it: the flow run's id, and the task run's when a task makes it. The wire routes live in
// client/artifacts.ts.
import type { PrefectClient } from "./client/index.js";
import { currentClient, currentFlowContext, getRunContext } from "./engine/index.js";
import { ArtifactError } from "./errors.js";
import { ARTIFACT_KEY_MESSAGE, ARTIFACT_KEY_PATTERN } from "./schemas/plain.js";

/** What every create function takes besides its content. */
export interface ArtifactOptions {
  /**
   * Lowercase letters, numbers and dashes. Artifacts that share a key are versions of one another: the newest is the
   * key's latest, listed by `prefect-ts artifact ls` and the dashboard's Artifacts page. @default none: the artifact
   * is listed with its run only
   */
  key?: string;
  /** Markdown shown above the artifact. */
  description?: string;
}

/** A table: rows as objects (`[{ region: "EU", sales: 3 }]`), columns as arrays (`{ region: ["EU"], sales: [3] }`), or rows as arrays. */
export type ArtifactTable = Record<string, unknown>[] | Record<string, unknown[]> | unknown[][];

async function create(type: string, data: unknown, options: ArtifactOptions): Promise<string> {
  if (options.key !== undefined && !ARTIFACT_KEY_PATTERN.test(options.key)) {
    const rule = ARTIFACT_KEY_MESSAGE.replace(/\.$/, "");
    throw new ArtifactError(`${rule}: "${options.key}" has others; "${suggestKey(options.key)}" would do.`, "key");
  }
  // A task's run context always sits in a flow run's (a task called outside a flow runs without one).
  const ctx = getRunContext();
  const taskRunId = ctx?.kind === "task" ? ctx.taskRun.id : undefined;
  const flowRunId = currentFlowContext()?.flowRun.id;
  const client = await runClient();
  const artifact = await client.createArtifact({
    type,
    data,
    ...(options.key === undefined ? {} : { key: options.key }),
    // Sent even when absent, as Prefect's SDK does: a new version of a key does not keep the old one's description.
    description: options.description ?? null,
    ...(flowRunId === undefined ? {} : { flowRunId }),
    ...(taskRunId === undefined ? {} : { taskRunId }),
  });
  return artifact.id;
}

/** The client the current flow run records through, else the scope's (`withClient`) or the default one. */
async function runClient(): Promise<PrefectClient> {
  return currentFlowContext()?.client ?? (await currentClient());
}

function suggestKey(key: string): string {
  return (
    key
      .toLowerCase()
      .replace(/[^a-z0-9-]+/g, "-")
      .replace(/^-+|-+$/g, "") || "my-artifact"
  );
}

/**
 * Publishes markdown text; returns the artifact's id.
 * @example await createMarkdownArtifact(`# Sales\n\nTotal: **${total}**`, { key: "sales-report" });
 */
export async function createMarkdownArtifact(markdown: string, options: ArtifactOptions = {}): Promise<string> {
  if (typeof markdown !== "string")
    throw new ArtifactError("createMarkdownArtifact(markdown): markdown must be a string.", "markdown");
  return create("markdown", markdown, options);
}

/**
 * Publishes a link, stored as markdown `[text](url)` as Prefect does; returns the artifact's id.
 * @example await createLinkArtifact("https://example.com/report.pdf", { linkText: "Monthly report", key: "report-link" });
 */
export async function createLinkArtifact(
  link: string,
  options: ArtifactOptions & { linkText?: string } = {},
): Promise<string> {
  const { linkText, ...rest } = options;
  return create("markdown", `[${linkText === undefined || linkText === "" ? link : linkText}](${link})`, rest);
}

/**
 * Publishes a table (rows as objects, columns as arrays, or rows as arrays), stored as its JSON text as Prefect does
 * (NaN and infinities become null); returns the artifact's id.
 * @throws ArtifactError when `table` is none of the three shapes
 * @example await createTableArtifact([{ region: "EU", sales: 120 }, { region: "US", sales: 95 }], { key: "sales" });
 */
export async function createTableArtifact(table: ArtifactTable, options: ArtifactOptions = {}): Promise<string> {
  const isRowObjects = (rows: unknown[]) =>
    rows.every((row) => typeof row === "object" && row !== null && !Array.isArray(row));
  const isRowArrays = (rows: unknown[]) => rows.every((row) => Array.isArray(row));
  const valid = Array.isArray(table)
    ? isRowObjects(table) || isRowArrays(table)
    : typeof table === "object" && table !== null && Object.values(table).every((column) => Array.isArray(column));
  if (!valid) {
    throw new ArtifactError(
      "createTableArtifact(table): table must be rows as objects ([{ a: 1 }]), columns as arrays ({ a: [1] }) or rows as arrays ([[1, 2]]).",
      "table",
    );
  }
  return create("table", JSON.stringify(table), options);
}

function clampProgress(progress: number, fn: string): number {
  if (typeof progress !== "number" || Number.isNaN(progress)) {
    throw new ArtifactError(
      `${fn}(progress): progress must be a number from 0 to 100, got ${String(progress)}.`,
      "progress",
    );
  }
  if (progress >= 0 && progress <= 100) return progress;
  const clamped = Math.max(0, Math.min(progress, 100));
  const ctx = getRunContext();
  const message = `Progress ${progress}% is outside 0-100: recorded as ${clamped}%.`;
  if (ctx) ctx.logger.warning(message);
  else process.emitWarning(message);
  return clamped;
}

/**
 * Publishes a progress bar (a percentage, 0 to 100; outside that it is clamped, with a warning, as Prefect does);
 * returns the artifact's id, for {@link updateProgressArtifact}.
 * @example const id = await createProgressArtifact(0, { key: "import-progress" });
 */
export async function createProgressArtifact(progress: number, options: ArtifactOptions = {}): Promise<string> {
  return create("progress", clampProgress(progress, "createProgressArtifact"), options);
}

/**
 * Moves a progress artifact to `progress` (and a new description, when given); returns its id.
 * @throws ObjectNotFoundError when no artifact has this id
 * @example await updateProgressArtifact(id, 50);
 */
export async function updateProgressArtifact(
  artifactId: string,
  progress: number,
  options: { description?: string } = {},
): Promise<string> {
  const data = clampProgress(progress, "updateProgressArtifact");
  const client = await runClient();
  await client.updateArtifact(artifactId, {
    data,
    ...(options.description === undefined || options.description === "" ? {} : { description: options.description }),
  });
  return artifactId;
}

/**
 * Publishes an image by its URL (the dashboard shows it); returns the artifact's id.
 * @example await createImageArtifact("https://example.com/chart.png", { key: "daily-chart" });
 */
export async function createImageArtifact(imageUrl: string, options: ArtifactOptions = {}): Promise<string> {
  return create("image", imageUrl, options);
}
