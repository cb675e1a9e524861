// `prefect-ts deployment ls|inspect|run|pause|resume|delete`: thin commands over the client, resolveDeployment and
// runDeployment. Schedule subcommands live in deployment-schedule.ts, the `--watch` loop in flow-run-watch.ts.
import type { Deployment, PrefectClient } from "../client/index.js";
import { resolveDeployment, runDeployment, type ResolvedDeployment } from "../deploy/index.js";
import { PrefectError } from "../errors.js";
import type { CliContext } from "./context.js";
import { watchFlowRun } from "./flow-run-watch.js";
import { DeploymentResponse, FlowRunResponse } from "../schemas/index.js";
import { printJson, printTable, printWireJson, toWireJson } from "./output.js";
import { describeRelative, parseJsonObject, parseKeyValues, parseStartTime } from "./param-parsing.js";

/** Flags of `deployment ls`. */
export interface DeploymentLsFlags {
  flowName?: string[];
  byCreated?: boolean;
  output?: "json";
}

/** Flags of `deployment run`. */
export interface DeploymentRunFlags {
  param?: string[];
  params?: string;
  jobVariable?: string[];
  startIn?: string;
  startAt?: string;
  tag?: string[];
  flowRunName?: string;
  watch?: boolean;
  watchInterval?: number;
  watchTimeout?: number;
  output?: "json";
}

/** Reads the flows' names for these deployments, keyed by flow id. */
async function flowNames(client: PrefectClient, deployments: readonly Deployment[]): Promise<Map<string, string>> {
  const ids = [...new Set(deployments.map((d) => d.flowId))];
  if (ids.length === 0) return new Map();
  const flows = await client.readFlows({ flowFilter: { id: { any_: ids } } });
  return new Map(flows.map((f) => [f.id, f.name]));
}

/** `deployment ls [FLOW...] [--flow-name X] [--by-created] [-o json]`: `flow/deployment`, id, work pool. */
export async function deploymentLs(context: CliContext, flows: string[], options: DeploymentLsFlags): Promise<void> {
  const client = await context.client();
  const wanted = [...flows, ...(options.flowName ?? [])];
  const deployments = await client.readDeployments({
    ...(wanted.length === 0 ? {} : { flowFilter: { name: { any_: wanted } } }),
    ...(options.byCreated === true ? { sort: "CREATED_DESC" as const } : {}),
  });
  const names = await flowNames(client, deployments);
  const full = (d: Deployment): string => `${names.get(d.flowId) ?? d.flowId}/${d.name}`;
  if (options.output === "json") {
    printJson(
      context,
      deployments.map((d) => ({ ...toWireJson(DeploymentResponse, d), flow_name: names.get(d.flowId) ?? null })),
    );
    return;
  }
  const rows = deployments.map((d) => ({ d, name: full(d) }));
  // Prefect sorts by full name unless --by-created (newest first, as read).
  if (options.byCreated !== true) rows.sort((a, b) => a.name.localeCompare(b.name));
  printTable(context, {
    title: "Deployments",
    head: ["Name", "ID", "Work Pool"],
    rows: rows.map(({ d, name }) => [name, d.id, d.workPoolName ?? ""]),
    empty: "No deployments found.",
  });
}

/** `deployment inspect NAME [-o json]`: the whole deployment as Prefect prints it (its snake_case wire JSON). */
export async function deploymentInspect(context: CliContext, name: string): Promise<void> {
  const client = await context.client();
  const { deployment } = await resolveDeployment(client, name);
  printWireJson(context, DeploymentResponse, deployment);
}

/**
 * `deployment run NAME [--param k=v ...] [--params JSON] [--start-in|--start-at] [--tag t] [--job-variable k=v]
 * [--watch]`: creates a run and prints it; with `--watch`, follows it and exits 1 unless it ends Completed.
 */
export async function deploymentRun(context: CliContext, name: string, options: DeploymentRunFlags): Promise<void> {
  // --param wins over --params, as in Prefect.
  const parameters = { ...parseJsonObject(options.params, "--params"), ...parseKeyValues(options.param, "--param") };
  const jobVariables = parseKeyValues(options.jobVariable, "--job-variable");
  const scheduledTime = parseStartTime(options);
  const client = await context.client();
  const resolved = await resolveDeployment(client, name);
  if (options.output !== "json") context.out(`Creating flow run for deployment '${resolved.fullName}'...`);
  const run = await runDeployment(resolved.deployment.id, {
    client,
    parameters,
    timeoutSeconds: 0,
    asSubflow: false,
    ...(scheduledTime ? { scheduledTime } : {}),
    ...(options.tag ? { tags: options.tag } : {}),
    ...(Object.keys(jobVariables).length > 0 ? { jobVariables } : {}),
    ...(options.flowRunName !== undefined ? { flowRunName: options.flowRunName } : {}),
  });
  if (options.output === "json") {
    printWireJson(context, FlowRunResponse, run);
  } else {
    const start = run.expectedStartTime ?? run.nextScheduledStartTime ?? run.state?.stateDetails?.scheduledTime ?? null;
    context.out(`Created flow run '${run.name}'.`);
    context.out(`└── UUID: ${run.id}`);
    context.out(`└── Parameters: ${JSON.stringify(run.parameters ?? {})}`);
    context.out(`└── Job Variables: ${JSON.stringify(run.jobVariables ?? {})}`);
    context.out(`└── Scheduled start time: ${start ? `${start.toISOString()} (${describeRelative(start)})` : "now"}`);
  }
  if (options.watch !== true) return;
  const final = await watchFlowRun(context, client, run, {
    ...(options.watchInterval !== undefined ? { intervalSeconds: options.watchInterval } : {}),
    ...(options.watchTimeout !== undefined ? { timeoutSeconds: options.watchTimeout } : {}),
  });
  const stateName = final.state?.name ?? final.state?.type ?? "unknown";
  if (final.state?.type === "COMPLETED") {
    context.out(`Flow run finished successfully in '${stateName}'.`);
    return;
  }
  const finished = ["FAILED", "CANCELLED", "CRASHED"].includes(final.state?.type ?? "");
  throw new PrefectError(
    finished
      ? `Flow run finished in state '${stateName}'.`
      : `Stopped watching: flow run is still in state '${stateName}'.`,
  );
}

async function resolve(
  context: CliContext,
  name: string,
): Promise<{ client: PrefectClient; resolved: ResolvedDeployment }> {
  const client = await context.client();
  return { client, resolved: await resolveDeployment(client, name) };
}

/** `deployment pause NAME`: its schedules stop creating runs. */
export async function deploymentPause(context: CliContext, name: string): Promise<void> {
  const { client, resolved } = await resolve(context, name);
  await client.pauseDeployment(resolved.deployment.id);
  context.out(`Paused deployment '${resolved.fullName}'.`);
}

/** `deployment resume NAME`. */
export async function deploymentResume(context: CliContext, name: string): Promise<void> {
  const { client, resolved } = await resolve(context, name);
  await client.resumeDeployment(resolved.deployment.id);
  context.out(`Resumed deployment '${resolved.fullName}'.`);
}

/** `deployment delete NAME`: the deployment and its scheduled runs. */
export async function deploymentDelete(context: CliContext, name: string): Promise<void> {
  const { client, resolved } = await resolve(context, name);
  await client.deleteDeployment(resolved.deployment.id);
  context.out(`Deleted deployment '${resolved.fullName}'.`);
}
