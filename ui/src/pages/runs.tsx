// The home page: flow runs, newest first, read a page at a time from the server and re-read every second, so a
// new run or a state change shows without a reload; filtered by state type on the server (`?state=FAILED`).
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useState, type ReactNode } from "react";
import { Link, useSearchParams } from "react-router";
import type { FlowRun, FlowRunFilter, StateType } from "prefect-ts/client";
import { useClient } from "../client-context";
import { Pager } from "../components/pager";
import { QueryState } from "../components/query-state";
import { StateBadge } from "../components/state-badge";
import { Tags } from "../components/tags";
import { formatDateTime, formatDuration, runDuration } from "../format";
import { LIVE_INTERVAL_MS, useDeploymentNames, useFlowNames } from "../hooks";

const PAGE_SIZE = 25;
const STATE_TYPES: readonly StateType[] = ["SCHEDULED", "PENDING", "RUNNING", "COMPLETED", "FAILED", "CANCELLING", "CANCELLED", "CRASHED", "PAUSED"];

/** The state type named by `?state=`, if it is one. */
function stateParam(value: string | null): StateType | undefined {
  return STATE_TYPES.find((type) => type === value);
}

/** Flow runs with state, flow/deployment, tags, start and duration. */
export function RunsPage(): ReactNode {
  const client = useClient();
  const [page, setPage] = useState(0);
  const [search, setSearch] = useSearchParams();
  const state = stateParam(search.get("state"));
  const flowRunFilter: FlowRunFilter | undefined = state ? { state: { type: { any_: [state] } } } : undefined;
  const runs = useQuery({
    queryKey: ["flow-runs", state, page],
    queryFn: () => client.readFlowRuns({ flowRunFilter, sort: "START_TIME_DESC", limit: PAGE_SIZE, offset: page * PAGE_SIZE }),
    refetchInterval: LIVE_INTERVAL_MS,
    placeholderData: keepPreviousData,
  });
  const count = useQuery({
    queryKey: ["flow-runs-count", state],
    queryFn: () => client.countFlowRuns({ flowRunFilter }),
    refetchInterval: LIVE_INTERVAL_MS,
  });
  const chooseState = (value: string): void => {
    setPage(0);
    setSearch(value === "" ? {} : { state: value });
  };
  const list = runs.data ?? [];
  const flowNames = useFlowNames(list.map((run) => run.flowId));
  const deploymentNames = useDeploymentNames(list.map((run) => run.deploymentId));

  return (
    <section>
      <div className="page-head">
        <h1>Runs</h1>
        <label className="filter">
          State{" "}
          <select value={state ?? ""} onChange={(event) => chooseState(event.target.value)}>
            <option value="">All states</option>
            {STATE_TYPES.map((type) => (
              <option key={type} value={type}>
                {type.charAt(0) + type.slice(1).toLowerCase()}
              </option>
            ))}
          </select>
        </label>
        <Pager page={page} pageSize={PAGE_SIZE} total={count.data} onPage={setPage} label="Runs" />
      </div>
      <QueryState isLoading={runs.isLoading} error={runs.error} what="the flow runs" />
      {runs.data && list.length === 0 && page === 0 && state ? (
        <div className="empty">
          <h2>No {state.toLowerCase()} flow runs</h2>
          <p>Runs show here as they reach this state.</p>
        </div>
      ) : null}
      {runs.data && list.length === 0 && page === 0 && !state ? (
        <div className="empty">
          <h2>No flow runs yet</h2>
          <p>Run a flow, or start one from a deployment, and it shows here as it happens.</p>
        </div>
      ) : null}
      {list.length > 0 ? (
        <table className="table" aria-label="Flow runs">
          <thead>
            <tr>
              <th scope="col">State</th>
              <th scope="col">Run</th>
              <th scope="col">Flow / deployment</th>
              <th scope="col">Tags</th>
              <th scope="col">Start</th>
              <th scope="col">Duration</th>
            </tr>
          </thead>
          <tbody>
            {list.map((run) => (
              <RunRow key={run.id} run={run} flowName={flowNames[run.flowId]} deploymentName={run.deploymentId ? deploymentNames[run.deploymentId] : undefined} />
            ))}
          </tbody>
        </table>
      ) : null}
    </section>
  );
}

function RunRow(props: { run: FlowRun; flowName: string | undefined; deploymentName: string | undefined }): ReactNode {
  const { run, flowName, deploymentName } = props;
  return (
    <tr data-run-id={run.id}>
      <td>
        <StateBadge type={run.state?.type} name={run.state?.name} />
      </td>
      <td>
        <Link to={`/runs/flow-run/${run.id}`} className="run-name">
          {run.name}
        </Link>
      </td>
      <td>
        <span>{flowName ?? "…"}</span>
        {run.deploymentId ? (
          <>
            <span className="muted"> / </span>
            <Link to={`/deployments/deployment/${run.deploymentId}`}>{deploymentName ?? "deployment"}</Link>
          </>
        ) : null}
      </td>
      <td>
        <Tags tags={run.tags} />
      </td>
      <td className="nowrap">{formatDateTime(run.startTime ?? run.expectedStartTime)}</td>
      <td className="nowrap">{formatDuration(runDuration(run))}</td>
    </tr>
  );
}
