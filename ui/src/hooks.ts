// Queries several pages share: names of flows, deployments and flow runs by id (lists show names, the API returns ids).
import { useQuery } from "@tanstack/react-query";
import { useClient } from "./client-context";

/**
 * How often live pages re-read the API, in ms. The events websocket (live-events.ts) makes a page re-read as soon as
 * something changes; this polling covers a dropped connection and what no event announces. Two small reads per page.
 */
export const LIVE_INTERVAL_MS = 500;

/** `{ [id]: name }` of the flows with these ids. */
export function useFlowNames(ids: readonly string[]): Record<string, string> {
  const client = useClient();
  const unique = [...new Set(ids)].sort();
  const { data } = useQuery({
    queryKey: ["flow-names", unique],
    queryFn: async () => {
      const flows = await client.readFlows({ flowFilter: { id: { any_: unique } }, limit: 200 });
      return Object.fromEntries(flows.map((flow) => [flow.id, flow.name]));
    },
    enabled: unique.length > 0,
    staleTime: 60_000,
  });
  return data ?? {};
}

/** `{ [id]: name }` of the deployments with these ids. */
export function useDeploymentNames(ids: readonly (string | null | undefined)[]): Record<string, string> {
  const client = useClient();
  const unique = [...new Set(ids.filter((id): id is string => typeof id === "string"))].sort();
  const { data } = useQuery({
    queryKey: ["deployment-names", unique],
    queryFn: async () => {
      const deployments = await client.readDeployments({ deploymentFilter: { id: { any_: unique } }, limit: 200 });
      return Object.fromEntries(deployments.map((deployment) => [deployment.id, deployment.name]));
    },
    enabled: unique.length > 0,
    staleTime: 60_000,
  });
  return data ?? {};
}

/** `{ [id]: name }` of the flow runs with these ids (the artifact lists name the run each artifact came from). */
export function useFlowRunNames(ids: readonly (string | null | undefined)[]): Record<string, string> {
  const client = useClient();
  const unique = [...new Set(ids.filter((id): id is string => typeof id === "string"))].sort();
  const { data } = useQuery({
    queryKey: ["flow-run-names", unique],
    queryFn: async () => {
      const runs = await client.readFlowRuns({ flowRunFilter: { id: { any_: unique } }, limit: 200 });
      return Object.fromEntries(runs.map((run) => [run.id, run.name ?? run.id]));
    },
    enabled: unique.length > 0,
    staleTime: 60_000,
  });
  return data ?? {};
}
