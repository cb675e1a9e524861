// Queries several pages share: names of flows, deployments and flow runs by id (lists show names, the API returns ids).
import { useQuery } from "@tanstack/react-query";
import { useClient } from "./client-context";

/**
 * How often live pages re-read the API, in ms. The events websocket (live-events.ts) makes a page re-read as soon as
 * something changes; this polling covers a dropped connection and what no event announces. Two small reads per page.
 */
export const LIVE_INTERVAL_MS = 500;

/**
 * `{ [id]: name }` of the objects with these ids, read once per set of ids by `read` (one filter request of up to 200)
 * and kept a minute under `queryName`.
 */
function useNames(
  queryName: string,
  ids: readonly (string | null | undefined)[],
  read: (ids: string[]) => Promise<readonly { id: string; name?: string | null }[]>,
): Record<string, string> {
  const unique = [...new Set(ids.filter((id): id is string => typeof id === "string"))].sort();
  const { data } = useQuery({
    queryKey: [queryName, unique],
    queryFn: async () => Object.fromEntries((await read(unique)).map((item) => [item.id, item.name ?? item.id])),
    enabled: unique.length > 0,
    staleTime: 60_000,
  });
  return data ?? {};
}

/** `{ [id]: name }` of the flows with these ids. */
export function useFlowNames(ids: readonly string[]): Record<string, string> {
  const client = useClient();
  return useNames("flow-names", ids, (any_) => client.readFlows({ flowFilter: { id: { any_ } }, limit: 200 }));
}

/** `{ [id]: name }` of the deployments with these ids. */
export function useDeploymentNames(ids: readonly (string | null | undefined)[]): Record<string, string> {
  const client = useClient();
  return useNames("deployment-names", ids, (any_) =>
    client.readDeployments({ deploymentFilter: { id: { any_ } }, limit: 200 }),
  );
}

/** `{ [id]: name }` of the flow runs with these ids (the artifact lists name the run each artifact came from). */
export function useFlowRunNames(ids: readonly (string | null | undefined)[]): Record<string, string> {
  const client = useClient();
  return useNames("flow-run-names", ids, (any_) =>
    client.readFlowRuns({ flowRunFilter: { id: { any_ } }, limit: 200 }),
  );
}
