// What an example stored on a server, read over the wire and normalised so that two servers' records compare
// equal when they hold the same thing: ids become names of what they point at, generated run names a pattern
// check, times dropped. Used by examples-on-both.test.ts (ours vs Prefect's server).
import { spawn } from "node:child_process";
import { join } from "node:path";

/** The repository root. */
export const ROOT = join(import.meta.dirname, "..", "..");

type Json = Record<string, any>;

/** A task run as compared: its key, state history in order, cache key, its name with the random suffix masked. */
export interface TaskRunRecord {
  readonly key: string;
  readonly states: string[];
  readonly cacheKey: string | null;
  readonly name: string;
}

/** A flow run as compared, with its task runs (sorted by key) and its log lines (sorted). */
export interface FlowRunRecord {
  readonly flow: string;
  readonly nameIsSlug: boolean;
  readonly states: string[];
  readonly parameters: unknown;
  readonly tags: string[];
  /** The tracking task run this run hangs under: `<parent flow>/<task key>[<dynamic key>]`, or null. */
  readonly parent: string | null;
  readonly taskRuns: TaskRunRecord[];
  /** `LEVEL | message | flow|task <key>`, run names replaced by placeholders. */
  readonly logs: string[];
}

const LEVELS: Record<number, string> = { 10: "DEBUG", 20: "INFO", 30: "WARNING", 40: "ERROR", 50: "CRITICAL" };
const SLUG = /^[a-z]+-[a-z]+$/;

async function api(apiUrl: string, method: string, path: string, body?: unknown): Promise<any> {
  const response = await fetch(`${apiUrl}${path}`, {
    method,
    headers: body === undefined ? {} : { "content-type": "application/json" },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
  return response.json();
}

/** Ids of the flow runs of these flows stored now (to tell an example's runs from earlier ones). */
export async function flowRunIds(apiUrl: string, flows: readonly string[]): Promise<Set<string>> {
  const runs: Json[] = await api(apiUrl, "POST", "/flow_runs/filter", { flows: { name: { any_: flows } }, limit: 200 });
  return new Set(runs.map((r) => r.id as string));
}

const taskKey = (t: Json) => `${t.task_key}[${t.dynamic_key}]`;
const byKey = (a: { key: string }, b: { key: string }) => a.key.localeCompare(b.key, "en", { numeric: true });
const stateLabel = (s: Json) => `${s.type}/${s.name}`;

/**
 * The records of the flow runs of `flows` that are not in `before`, each flow's runs in creation order (ties:
 * parameters), with their task runs and logs.
 */
export async function readRecords(
  apiUrl: string,
  flows: readonly string[],
  before: ReadonlySet<string>,
): Promise<FlowRunRecord[]> {
  const flowNames = new Map<string, string>();
  for (const f of (await api(apiUrl, "POST", "/flows/filter", { flows: { name: { any_: flows } } })) as Json[])
    flowNames.set(f.id, f.name);
  const runs = (
    (await api(apiUrl, "POST", "/flow_runs/filter", { flows: { name: { any_: flows } }, limit: 200 })) as Json[]
  )
    .filter((r) => !before.has(r.id))
    .sort(
      (a, b) =>
        `${a.created}`.localeCompare(`${b.created}`) ||
        JSON.stringify(a.parameters).localeCompare(JSON.stringify(b.parameters)),
    );
  const ids = runs.map((r) => r.id as string);
  const taskRuns: Json[] =
    ids.length === 0
      ? []
      : await api(apiUrl, "POST", "/task_runs/filter", { flow_runs: { id: { any_: ids } }, limit: 200 });
  const taskById = new Map(taskRuns.map((t) => [t.id as string, t]));
  const runById = new Map(runs.map((r) => [r.id as string, r]));
  const records: FlowRunRecord[] = [];
  for (const run of runs) {
    const flow = flowNames.get(run.flow_id) ?? "?";
    const states: Json[] = await api(apiUrl, "GET", `/flow_run_states/?flow_run_id=${run.id}`);
    const mine = taskRuns.filter((t) => t.flow_run_id === run.id);
    const names = new Map<string, string>([[run.name, "<flow-run>"]]);
    for (const t of mine) names.set(t.name, `<task-run ${taskKey(t)}>`);
    const records_: TaskRunRecord[] = [];
    for (const t of mine) {
      const history: Json[] = await api(apiUrl, "GET", `/task_run_states/?task_run_id=${t.id}`);
      // Both servers keep the name the client sent: `<task name>-<3 random hex digits>`, as Prefect's engine makes it.
      records_.push({
        key: taskKey(t),
        states: history.map(stateLabel),
        cacheKey: t.cache_key ?? null,
        name: t.name.replace(/-[0-9a-f]{3}$/, "-xxx"),
      });
    }
    const logs: Json[] = await api(apiUrl, "POST", "/logs/filter", {
      logs: { flow_run_id: { any_: [run.id] } },
      limit: 200,
    });
    const parentTask = run.parent_task_run_id ? taskById.get(run.parent_task_run_id) : undefined;
    const parentRun = parentTask ? runById.get(parentTask.flow_run_id) : undefined;
    records.push({
      flow,
      nameIsSlug: SLUG.test(run.name),
      states: states.map(stateLabel),
      parameters: run.parameters,
      tags: [...run.tags].sort(),
      parent: run.parent_task_run_id
        ? parentTask
          ? `${flowNames.get(parentRun?.flow_id) ?? "?"}/${taskKey(parentTask)}`
          : "<missing task run>"
        : null,
      taskRuns: records_.sort(byKey),
      logs: logs
        .map((l) => {
          let message = String(l.message);
          for (const [name, placeholder] of names) message = message.split(`'${name}'`).join(`'${placeholder}'`);
          const owner = l.task_run_id
            ? `task ${taskById.has(l.task_run_id) ? taskKey(taskById.get(l.task_run_id)!) : "<unknown>"}`
            : "flow";
          return `${LEVELS[l.level] ?? l.level} | ${message} | ${owner}`;
        })
        .sort(),
    });
  }
  return records;
}

/** Runs `examples/<name>.ts` with our SDK against `apiUrl`, in a fresh PREFECT_HOME; resolves with its output. */
export function runExample(name: string, apiUrl: string, home: string): Promise<{ code: number | null; out: string }> {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) if (!key.startsWith("PREFECT_")) env[key] = value;
  Object.assign(env, { PREFECT_API_URL: apiUrl, PREFECT_HOME: home, NO_COLOR: "1" });
  return new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      ["--conditions=prefect-ts-source", "--import", "tsx", join("examples", `${name}.ts`)],
      {
        cwd: ROOT,
        env,
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    let out = "";
    child.stdout.on("data", (d: Buffer) => (out += d.toString()));
    child.stderr.on("data", (d: Buffer) => (out += d.toString()));
    child.on("close", (code) => resolve({ code, out }));
  });
}
