// Finding a deployment from what a user typed: `"flow-name/deployment-name"` or an id. Mistakes (no slash, a name
// that does not exist) become errors that say the expected form and list the deployments with a similar name.
import type { Deployment, PrefectClient } from "../client/index.js";
import { ObjectNotFoundError, PrefectError } from "../errors.js";

const UUID = /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i;
/** How many similar names an error lists. */
const MAX_SUGGESTIONS = 5;
/** How many deployments are read to look for similar names. */
const SCAN_LIMIT = 200;

/** A deployment and the name of its flow, as `resolveDeployment` finds them. */
export interface ResolvedDeployment {
  readonly deployment: Deployment;
  readonly flowName: string;
  /** `"flow-name/deployment-name"`. */
  readonly fullName: string;
}

/** True for a UUID (with or without dashes). */
export function isUuid(value: string): boolean {
  return UUID.test(value);
}

/** Levenshtein distance, capped: small names only, so the plain O(n*m) table is fine. */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length]!;
}

/** How close `candidate` is to `wanted` (lower is closer), or null when not similar at all. */
function closeness(wanted: string, candidate: string): number | null {
  const w = wanted.toLowerCase();
  const c = candidate.toLowerCase();
  if (w === c) return 0;
  if (c.includes(w) || w.includes(c)) return 1;
  const distance = editDistance(w, c);
  const allowed = Math.max(2, Math.floor(Math.max(w.length, c.length) / 3));
  return distance <= allowed ? 1 + distance : null;
}

/** Every deployment's full name (`flow/deployment`), reading flow names in one request. */
async function allFullNames(client: PrefectClient): Promise<string[]> {
  const deployments = await client.readDeployments({ limit: SCAN_LIMIT });
  if (deployments.length === 0) return [];
  const flowIds = [...new Set(deployments.map((d) => d.flowId))];
  const flows = await client.readFlows({ flowFilter: { id: { any_: flowIds } } });
  const names = new Map(flows.map((f) => [f.id, f.name]));
  return deployments.map((d) => `${names.get(d.flowId) ?? d.flowId}/${d.name}`);
}

/** How close a full name `flow/deployment` is to `wanted` (lower is closer), or null when not similar. */
function score(wanted: string, full: string): number | null {
  const slash = full.indexOf("/");
  const [flow, deployment] = [full.slice(0, slash), full.slice(slash + 1)];
  const cut = wanted.indexOf("/");
  if (cut === -1) {
    // A bare name is usually the deployment's; a flow of that name comes next.
    const d = closeness(wanted, deployment);
    const f = closeness(wanted, flow);
    return d === null && f === null ? null : Math.min(d ?? Infinity, (f ?? Infinity) + 0.5);
  }
  const MISS = 5;
  const total =
    (closeness(wanted.slice(0, cut), flow) ?? MISS) + (closeness(wanted.slice(cut + 1), deployment) ?? MISS);
  return total < 2 * MISS ? total : closeness(wanted, full);
}

/**
 * Up to 5 full names (`flow/deployment`) similar to `wanted`, closest first: case-insensitive substring or small edit
 * distance, on the deployment part and the flow part.
 */
export async function similarDeployments(client: PrefectClient, wanted: string): Promise<string[]> {
  const scored: [number, string][] = [];
  for (const full of await allFullNames(client)) {
    const s = score(wanted, full);
    if (s !== null) scored.push([s, full]);
  }
  return scored
    .sort((a, b) => a[0] - b[0] || a[1].localeCompare(b[1]))
    .slice(0, MAX_SUGGESTIONS)
    .map(([, name]) => name);
}

function suggestionText(similar: readonly string[]): string {
  return similar.length === 0
    ? "There are no deployments with a similar name."
    : `Deployments with a similar name: ${similar.map((n) => `'${n}'`).join(", ")}.`;
}

async function flowNameOf(client: PrefectClient, deployment: Deployment): Promise<string> {
  return (await client.readFlow(deployment.flowId)).name;
}

/**
 * Reads the deployment `ref` names: `"flow-name/deployment-name"` or a deployment id.
 * @throws PrefectError for a name without "/" (saying the expected form and listing deployments of that name),
 *   ObjectNotFoundError for a deployment that does not exist (listing up to 5 with a similar name)
 * @example const { deployment } = await resolveDeployment(client, "etl/nightly");
 */
export async function resolveDeployment(client: PrefectClient, ref: string): Promise<ResolvedDeployment> {
  const name = ref.trim();
  if (isUuid(name)) {
    try {
      const deployment = await client.readDeployment(name);
      const flowName = await flowNameOf(client, deployment);
      return { deployment, flowName, fullName: `${flowName}/${deployment.name}` };
    } catch (error) {
      if (!(error instanceof ObjectNotFoundError)) throw error;
      throw new ObjectNotFoundError(`Deployment '${name}' not found: no deployment has this id.`, error, {
        cause: error,
      });
    }
  }
  const slash = name.indexOf("/");
  if (slash <= 0 || slash === name.length - 1) {
    const similar = await similarDeployments(client, name.replaceAll("/", ""));
    throw new PrefectError(
      `Invalid deployment name '${ref}': use the form 'flow-name/deployment-name' (or the deployment's id). ${suggestionText(similar)}`,
    );
  }
  try {
    const deployment = await client.readDeploymentByName(name);
    return { deployment, flowName: name.slice(0, slash), fullName: name };
  } catch (error) {
    if (!(error instanceof ObjectNotFoundError)) throw error;
    const similar = await similarDeployments(client, name);
    throw new ObjectNotFoundError(`Deployment '${name}' not found. ${suggestionText(similar)}`, error, {
      cause: error,
    });
  }
}
