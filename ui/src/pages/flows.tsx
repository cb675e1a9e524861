// The flows: a list (name, created, its runs and its latest run), a page at a time from the server, and a flow's own
// page with its deployments, a histogram of its runs over the past week and its recent runs, live.
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useState, type ReactNode } from "react";
import { Link, useParams } from "react-router";
import type { Flow } from "prefect-ts/client";
import { useClient } from "../client-context";
import { Pager } from "../components/pager";
import { QueryState } from "../components/query-state";
import { RunHistogram } from "../components/run-histogram";
import { RunsTable } from "../components/runs-table";
import { StateBadge } from "../components/state-badge";
import { Tags } from "../components/tags";
import { formatDateTime, formatRelative } from "../format";
import { LIVE_INTERVAL_MS } from "../hooks";
import "../components/runs.css";

const PAGE_SIZE = 25;
const WEEK_MS = 604_800_000;

/** Every flow, by name. */
export function FlowsPage(): ReactNode {
  const client = useClient();
  const [page, setPage] = useState(0);
  const flows = useQuery({
    queryKey: ["flows", page],
    queryFn: () => client.readFlows({ sort: "NAME_ASC", limit: PAGE_SIZE, offset: page * PAGE_SIZE }),
    placeholderData: keepPreviousData,
    refetchInterval: 5_000,
  });
  const count = useQuery({ queryKey: ["flows-count"], queryFn: () => client.countFlows(), refetchInterval: 5_000 });
  return (
    <section>
      <div className="page-head">
        <h1>Flows</h1>
        <Pager page={page} pageSize={PAGE_SIZE} total={count.data} onPage={setPage} label="Flows" />
      </div>
      <QueryState isLoading={flows.isLoading} error={flows.error} what="the flows" />
      {flows.data && flows.data.length === 0 && page === 0 ? (
        <div className="empty">
          <h2>No flows yet</h2>
          <p>A flow shows here once it has run or been deployed.</p>
        </div>
      ) : null}
      {flows.data && flows.data.length > 0 ? (
        <table className="table" aria-label="Flows">
          <thead>
            <tr>
              <th scope="col">Flow</th>
              <th scope="col">Created</th>
              <th scope="col">Runs</th>
              <th scope="col">Latest run</th>
            </tr>
          </thead>
          <tbody>
            {flows.data.map((flow) => (
              <FlowRow key={flow.id} flow={flow} />
            ))}
          </tbody>
        </table>
      ) : null}
    </section>
  );
}

function FlowRow(props: { flow: Flow }): ReactNode {
  const { flow } = props;
  const client = useClient();
  const flowFilter = { id: { any_: [flow.id] } };
  const runs = useQuery({
    queryKey: ["flow-latest-run", flow.id],
    queryFn: async () => {
      const [count, latest] = await Promise.all([
        client.countFlowRuns({ flowFilter }),
        client.readFlowRuns({ flowFilter, sort: "START_TIME_DESC", limit: 1 }),
      ]);
      return { count, latest: latest[0] };
    },
    refetchInterval: 5_000,
  });
  const latest = runs.data?.latest;
  return (
    <tr data-flow-id={flow.id}>
      <td>
        <Link to={`/flows/flow/${flow.id}`} className="run-name">
          {flow.name}
        </Link>
      </td>
      <td className="nowrap">{formatDateTime(flow.created)}</td>
      <td>{runs.data ? runs.data.count.toLocaleString() : "…"}</td>
      <td>
        {latest ? (
          <span className="latest-run">
            <StateBadge type={latest.state?.type} name={latest.state?.name} />{" "}
            <Link to={`/runs/flow-run/${latest.id}`}>{latest.name}</Link>{" "}
            <span className="muted">{formatRelative(latest.startTime ?? latest.expectedStartTime)}</span>
          </span>
        ) : (
          <span className="muted">{runs.data ? "No runs" : "…"}</span>
        )}
      </td>
    </tr>
  );
}

/** One flow at `/flows/flow/:id`: its deployments and its recent runs. */
export function FlowPage(): ReactNode {
  const { id = "" } = useParams();
  const client = useClient();
  const flow = useQuery({ queryKey: ["flow", id], queryFn: () => client.readFlow(id) });
  const flowFilter = { id: { any_: [id] } };
  const deployments = useQuery({
    queryKey: ["flow-deployments", id],
    queryFn: () => client.readDeployments({ flowFilter, sort: "NAME_ASC", limit: 200 }),
    enabled: flow.isSuccess,
  });
  const runs = useQuery({
    queryKey: ["flow-runs-of", id],
    queryFn: () => client.readFlowRuns({ flowFilter, sort: "START_TIME_DESC", limit: 25 }),
    refetchInterval: LIVE_INTERVAL_MS,
    enabled: flow.isSuccess,
  });
  const minute = Math.floor(Date.now() / 60_000);
  const end = new Date((minute + 1) * 60_000);

  if (!flow.data) return <QueryState isLoading={flow.isLoading} error={flow.error} what="this flow" />;
  return (
    <section>
      <p className="breadcrumbs">
        <Link to="/flows">Flows</Link> / {flow.data.name}
      </p>
      <div className="page-head">
        <h1>{flow.data.name}</h1>
        <Link to={`/runs?flow=${encodeURIComponent(flow.data.name)}`}>All its runs</Link>
      </div>
      <dl className="facts">
        <div>
          <dt>Created</dt>
          <dd>{formatDateTime(flow.data.created)}</dd>
        </div>
        <div>
          <dt>Flow id</dt>
          <dd>
            <code>{flow.data.id}</code>
          </dd>
        </div>
        <div>
          <dt>Tags</dt>
          <dd>
            <Tags tags={flow.data.tags} />
          </dd>
        </div>
      </dl>
      <RunHistogram
        filters={{ flowFilter }}
        start={new Date(end.getTime() - WEEK_MS)}
        end={end}
        refetchMs={5_000}
        enabled={runs.isFetched}
        label={`Runs of ${flow.data.name}`}
      />
      <div className="panel">
        <h2>Deployments</h2>
        <QueryState isLoading={deployments.isLoading} error={deployments.error} what="the deployments" />
        {deployments.data && deployments.data.length === 0 ? (
          <p className="muted">No deployments of this flow.</p>
        ) : null}
        {deployments.data && deployments.data.length > 0 ? (
          <ul className="deployment-list" aria-label="Deployments">
            {deployments.data.map((deployment) => (
              <li key={deployment.id}>
                <Link to={`/deployments/deployment/${deployment.id}`}>{deployment.name}</Link>
                {deployment.paused ? <span className="muted"> (paused)</span> : null}
                {deployment.workPoolName ? <span className="muted"> · {deployment.workPoolName}</span> : null}
              </li>
            ))}
          </ul>
        ) : null}
      </div>
      <h2>Recent runs</h2>
      <QueryState isLoading={runs.isLoading} error={runs.error} what="the runs" />
      {runs.data && runs.data.length === 0 ? <p className="muted">No runs of this flow yet.</p> : null}
      {runs.data && runs.data.length > 0 ? <RunsTable runs={runs.data} label="Recent runs" /> : null}
    </section>
  );
}
