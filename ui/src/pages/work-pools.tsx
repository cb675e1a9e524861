// Work pools: their status in the colours users know (Ready green, Not ready red, Paused amber), creating one, and a
// pool's page (pause/resume, its concurrency limit, its base job template's variables as a form) with its queues and
// its workers' last heartbeats, re-read every second.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { lazy, Suspense, useState, type ReactNode } from "react";
import { Link, useParams } from "react-router";
import { useClient } from "../client-context";
import { ConcurrencyLimitForm } from "../components/concurrency-limit-form";
import { QueryState } from "../components/query-state";
import { CreateWorkPoolPanel } from "../components/work-pool-create";
import { StatusBadge } from "../components/status-badge";
import { formatDateTime, formatRelative } from "../format";
import { LIVE_INTERVAL_MS } from "../hooks";

// The template form carries the form library; it loads with the first pool page.
const JobTemplateForm = lazy(() =>
  import("../components/job-template-form").then((m) => ({ default: m.JobTemplateForm })),
);

/** Every work pool. */
export function WorkPoolsPage(): ReactNode {
  const client = useClient();
  const pools = useQuery({
    queryKey: ["work-pools"],
    queryFn: () => client.readWorkPools(),
    refetchInterval: LIVE_INTERVAL_MS,
  });
  const [creating, setCreating] = useState(false);
  return (
    <section>
      <div className="page-head">
        <h1>Work pools</h1>
        <div className="actions">
          <button type="button" className="primary" onClick={() => setCreating(true)} aria-expanded={creating}>
            Create work pool
          </button>
        </div>
      </div>
      {creating ? <CreateWorkPoolPanel onClose={() => setCreating(false)} /> : null}
      <QueryState isLoading={pools.isLoading} error={pools.error} what="the work pools" />
      {pools.data && pools.data.length === 0 && !creating ? (
        <div className="empty">
          <h2>No work pools yet</h2>
          <p>
            Create one here or with <code>prefect-ts work-pool create my-pool --type process</code>, then start a worker
            on it.
          </p>
        </div>
      ) : null}
      {pools.data && pools.data.length > 0 ? (
        <table className="table" aria-label="Work pools">
          <thead>
            <tr>
              <th scope="col">Work pool</th>
              <th scope="col">Type</th>
              <th scope="col">Status</th>
              <th scope="col">Concurrency limit</th>
            </tr>
          </thead>
          <tbody>
            {pools.data.map((pool) => (
              <tr key={pool.id} data-pool={pool.name}>
                <td>
                  <Link to={`/work-pools/work-pool/${encodeURIComponent(pool.name)}`}>{pool.name}</Link>
                </td>
                <td>{pool.type}</td>
                <td>
                  <StatusBadge status={pool.isPaused ? "PAUSED" : pool.status} />
                </td>
                <td>{pool.concurrencyLimit ?? <span className="muted">Unlimited</span>}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </section>
  );
}

/** One work pool at `/work-pools/work-pool/:name`: status, queues, workers. */
export function WorkPoolPage(): ReactNode {
  const { name = "" } = useParams();
  const client = useClient();
  const pool = useQuery({
    queryKey: ["work-pool", name],
    queryFn: () => client.readWorkPool(name),
    refetchInterval: LIVE_INTERVAL_MS,
  });
  const queues = useQuery({
    queryKey: ["work-pool-queues", name],
    queryFn: () => client.readWorkQueues({ workPoolName: name }),
    refetchInterval: LIVE_INTERVAL_MS,
  });
  const workers = useQuery({
    queryKey: ["work-pool-workers", name],
    queryFn: () => client.readWorkersForWorkPool(name),
    refetchInterval: LIVE_INTERVAL_MS,
  });
  const queryClient = useQueryClient();
  const update = useMutation({
    mutationFn: (fields: { isPaused?: boolean; concurrencyLimit?: number | null }) =>
      client.updateWorkPool(name, fields),
    onSettled: () => queryClient.invalidateQueries({ queryKey: ["work-pool", name] }),
  });
  if (!pool.data) return <QueryState isLoading={pool.isLoading} error={pool.error} what={`work pool "${name}"`} />;
  const workPool = pool.data;
  return (
    <section>
      <p className="breadcrumbs">
        <Link to="/work-pools">Work pools</Link> / {workPool.name}
      </p>
      <div className="page-head">
        <h1>
          {workPool.name} <StatusBadge status={workPool.isPaused ? "PAUSED" : workPool.status} />
        </h1>
        <div className="actions">
          <button
            type="button"
            onClick={() => update.mutate({ isPaused: !workPool.isPaused })}
            disabled={update.isPending}
          >
            {workPool.isPaused ? "Resume" : "Pause"}
          </button>
        </div>
      </div>
      {update.error ? (
        <p className="error" role="alert">
          {update.error.message}
        </p>
      ) : null}
      <dl className="facts">
        <div>
          <dt>Type</dt>
          <dd>{workPool.type}</dd>
        </div>
        <div>
          <dt>Concurrency limit</dt>
          <dd>
            <ConcurrencyLimitForm
              limit={workPool.concurrencyLimit ?? null}
              pending={update.isPending}
              onChange={(concurrencyLimit) => update.mutate({ concurrencyLimit })}
            />
          </dd>
        </div>
        <div>
          <dt>Description</dt>
          <dd>{workPool.description ?? "—"}</dd>
        </div>
      </dl>
      <div className="panel">
        <h2>Work queues</h2>
        <QueryState isLoading={queues.isLoading} error={queues.error} what="the work queues" />
        {queues.data && queues.data.length > 0 ? (
          <table className="table" aria-label="Work queues" tabIndex={0}>
            <thead>
              <tr>
                <th scope="col">Queue</th>
                <th scope="col">Status</th>
                <th scope="col">Priority</th>
                <th scope="col">Concurrency limit</th>
                <th scope="col">Last polled</th>
              </tr>
            </thead>
            <tbody>
              {queues.data.map((queue) => (
                <tr key={queue.id}>
                  <td>{queue.name}</td>
                  <td>
                    <StatusBadge status={queue.isPaused ? "PAUSED" : queue.status} />
                  </td>
                  <td>{queue.priority}</td>
                  <td>{queue.concurrencyLimit ?? <span className="muted">Unlimited</span>}</td>
                  <td title={formatDateTime(queue.lastPolled)}>{formatRelative(queue.lastPolled)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : null}
      </div>
      <div className="panel">
        <h2>Workers</h2>
        <QueryState isLoading={workers.isLoading} error={workers.error} what="the workers" />
        {workers.data && workers.data.length === 0 ? (
          <p className="muted">
            No worker has polled this pool. Start one: <code>prefect-ts worker start --pool {workPool.name}</code>
          </p>
        ) : null}
        {workers.data && workers.data.length > 0 ? (
          <table className="table" aria-label="Workers" tabIndex={0}>
            <thead>
              <tr>
                <th scope="col">Worker</th>
                <th scope="col">Status</th>
                <th scope="col">Last heartbeat</th>
              </tr>
            </thead>
            <tbody>
              {workers.data.map((worker) => (
                <tr key={worker.id}>
                  <td>{worker.name}</td>
                  <td>
                    <StatusBadge status={worker.status} />
                  </td>
                  <td title={formatDateTime(worker.lastHeartbeatTime)}>{formatRelative(worker.lastHeartbeatTime)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : null}
      </div>
      <div className="panel" role="region" aria-label="Base job template">
        <h2>Base job template</h2>
        <Suspense fallback={<p className="muted">Loading…</p>}>
          <JobTemplateForm pool={workPool} />
        </Suspense>
      </div>
    </section>
  );
}
