// The deployments list: name, flow, status, schedules, work pool and tags, read a page at a time.
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useState, type ReactNode } from "react";
import { Link } from "react-router";
import { useClient } from "../client-context";
import { Pager } from "../components/pager";
import { QueryState } from "../components/query-state";
import { describeSchedule, scheduleZone } from "../components/schedule-text";
import { StatusBadge } from "../components/status-badge";
import { LIVE_INTERVAL_MS, useFlowNames } from "../hooks";
import { Tags } from "../components/tags";

const PAGE_SIZE = 25;

/** Every deployment, by name. */
export function DeploymentsPage(): ReactNode {
  const client = useClient();
  const [page, setPage] = useState(0);
  const deployments = useQuery({
    queryKey: ["deployments", page],
    queryFn: () => client.readDeployments({ sort: "NAME_ASC", limit: PAGE_SIZE, offset: page * PAGE_SIZE }),
    refetchInterval: LIVE_INTERVAL_MS * 5,
    placeholderData: keepPreviousData,
  });
  const count = useQuery({
    queryKey: ["deployments-count"],
    queryFn: () => client.countDeployments(),
    refetchInterval: LIVE_INTERVAL_MS * 5,
  });
  const list = deployments.data ?? [];
  const flowNames = useFlowNames(list.map((deployment) => deployment.flowId));
  return (
    <section>
      <div className="page-head">
        <h1>Deployments</h1>
        <Pager page={page} pageSize={PAGE_SIZE} total={count.data} onPage={setPage} label="Deployments" />
      </div>
      <QueryState isLoading={deployments.isLoading} error={deployments.error} what="the deployments" />
      {deployments.data && list.length === 0 && page === 0 ? (
        <div className="empty">
          <h2>No deployments yet</h2>
          <p>
            Serve a flow (<code>myFlow.serve(&quot;name&quot;)</code>) or deploy it (<code>prefect-ts deploy</code>) and
            it shows here.
          </p>
        </div>
      ) : null}
      {list.length > 0 ? (
        <table className="table" aria-label="Deployments">
          <thead>
            <tr>
              <th scope="col">Deployment</th>
              <th scope="col">Flow</th>
              <th scope="col">Status</th>
              <th scope="col">Schedules</th>
              <th scope="col">Work pool</th>
              <th scope="col">Tags</th>
            </tr>
          </thead>
          <tbody>
            {list.map((deployment) => (
              <tr key={deployment.id}>
                <td>
                  <Link to={`/deployments/deployment/${deployment.id}`}>{deployment.name}</Link>
                </td>
                <td>{flowNames[deployment.flowId] ?? "…"}</td>
                <td>
                  {deployment.paused ? <StatusBadge status="PAUSED" /> : <StatusBadge status={deployment.status} />}
                </td>
                <td>
                  {deployment.schedules.length === 0 ? <span className="muted">None</span> : null}
                  {deployment.schedules.map((schedule) => (
                    <div key={schedule.id} className={schedule.active ? undefined : "muted"}>
                      {describeSchedule(schedule.schedule)}{" "}
                      <span className="muted">{scheduleZone(schedule.schedule)}</span>
                      {schedule.active ? null : " (paused)"}
                    </div>
                  ))}
                </td>
                <td>{deployment.workPoolName ?? <span className="muted">served</span>}</td>
                <td>
                  <Tags tags={deployment.tags} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </section>
  );
}
