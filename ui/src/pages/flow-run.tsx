// A flow run's page: its state and state history, parameters, task runs as a timeline (subflow runs nested under
// their task runs), its artifacts, logs, and Retry / Cancel / Run again / Delete (flow-run-actions.tsx); re-read every half second
// while it is not finished.
import { useQuery } from "@tanstack/react-query";
import { useState, type ReactNode } from "react";
import { Link, useParams } from "react-router";
import type { FlowRun } from "prefect-ts/client";
import { useClient } from "../client-context";
import { FlowRunActions } from "../components/flow-run-actions";
import { QueryState } from "../components/query-state";
import { RunArtifacts } from "../components/run-artifacts";
import { RunFacts } from "../components/run-facts";
import { RunLogs } from "../components/run-logs";
import { StateBadge } from "../components/state-badge";
import { TaskTimeline } from "../components/task-timeline";
import { formatDateTime } from "../format";
import { LIVE_INTERVAL_MS, useDeploymentNames, useFlowNames } from "../hooks";
import "../components/runs.css";

const FINAL = new Set(["COMPLETED", "FAILED", "CANCELLED", "CRASHED"]);

/** Whether the run may still change (live pages keep polling it). */
function isLive(run: FlowRun | undefined): boolean {
  return run === undefined || !FINAL.has(run.state?.type ?? "");
}

/** The flow run at `/runs/flow-run/:id`. */
export function FlowRunPage(): ReactNode {
  const { id = "" } = useParams();
  const client = useClient();
  const [deleting, setDeleting] = useState(false);
  const run = useQuery({
    queryKey: ["flow-run", id],
    queryFn: () => client.readFlowRun(id),
    enabled: !deleting,
    refetchInterval: (query) => (isLive(query.state.data) ? LIVE_INTERVAL_MS : false),
  });
  const live = isLive(run.data);
  const states = useQuery({
    queryKey: ["flow-run-states", id, run.data?.stateId],
    queryFn: () => client.readFlowRunStates(id),
    enabled: run.isSuccess,
  });
  const taskRuns = useQuery({
    queryKey: ["flow-run-task-runs", id],
    queryFn: () =>
      client.readTaskRuns({
        taskRunFilter: { flowRunId: { any_: [id] } },
        sort: "EXPECTED_START_TIME_ASC",
        limit: 200,
      }),
    refetchInterval: live ? LIVE_INTERVAL_MS : false,
  });
  const subflows = useQuery({
    queryKey: ["flow-run-subflows", id],
    queryFn: () =>
      client.readFlowRuns({ flowRunFilter: { parentFlowRunId: { any_: [id] } }, sort: "START_TIME_ASC", limit: 200 }),
    refetchInterval: live ? LIVE_INTERVAL_MS : false,
  });
  const flowNames = useFlowNames(run.data ? [run.data.flowId] : []);
  const deploymentNames = useDeploymentNames(run.data ? [run.data.deploymentId] : []);

  if (!run.data) return <QueryState isLoading={run.isLoading} error={run.error} what="this flow run" />;
  const flowRun = run.data;
  const flowName = flowNames[flowRun.flowId];
  return (
    <section>
      <p className="breadcrumbs">
        <Link to="/runs">Runs</Link> / <Link to={`/flows/flow/${flowRun.flowId}`}>{flowName ?? "flow"}</Link>
      </p>
      <div className="page-head">
        <h1>
          {flowRun.name} <StateBadge type={flowRun.state?.type} name={flowRun.state?.name} />
        </h1>
        <FlowRunActions flowRun={flowRun} onDeleting={() => setDeleting(true)} />
      </div>
      {flowRun.state?.message ? <p className="state-message">{flowRun.state.message}</p> : null}

      <dl className="facts">
        <div>
          <dt>Flow</dt>
          <dd>{flowName ? <Link to={`/flows/flow/${flowRun.flowId}`}>{flowName}</Link> : "…"}</dd>
        </div>
        <div>
          <dt>Deployment</dt>
          <dd>
            {flowRun.deploymentId ? (
              <Link to={`/deployments/deployment/${flowRun.deploymentId}`}>
                {deploymentNames[flowRun.deploymentId] ?? "deployment"}
              </Link>
            ) : (
              "—"
            )}
          </dd>
        </div>
        <div>
          <dt>Work pool</dt>
          <dd>
            {flowRun.workPoolName ? (
              <Link to={`/work-pools/work-pool/${encodeURIComponent(flowRun.workPoolName)}`}>
                {flowRun.workPoolName}
              </Link>
            ) : (
              "—"
            )}
          </dd>
        </div>
        <RunFacts run={flowRun} />
      </dl>

      <div className="columns">
        <div className="panel">
          <h2>Parameters</h2>
          {Object.keys(flowRun.parameters).length === 0 ? (
            <p className="muted">No parameters.</p>
          ) : (
            <pre className="code" aria-label="Parameters" tabIndex={0}>
              {JSON.stringify(flowRun.parameters, null, 2)}
            </pre>
          )}
        </div>
        <div className="panel">
          <h2>State history</h2>
          <QueryState isLoading={states.isLoading} error={states.error} what="the states" />
          <ol className="timeline" aria-label="State history">
            {(states.data ?? []).map((state) => (
              <li key={state.id}>
                <StateBadge type={state.type} name={state.name} />
                <span className="muted">{formatDateTime(state.timestamp)}</span>
                {state.message ? <span className="muted"> — {state.message}</span> : null}
              </li>
            ))}
          </ol>
        </div>
      </div>

      <div className="panel">
        <h2>Task runs</h2>
        <QueryState isLoading={taskRuns.isLoading} error={taskRuns.error} what="the task runs" />
        {taskRuns.data && taskRuns.data.length === 0 ? <p className="muted">No task runs.</p> : null}
        {taskRuns.data && taskRuns.data.length > 0 ? (
          <TaskTimeline taskRuns={taskRuns.data} subflowRuns={subflows.data ?? []} />
        ) : null}
      </div>

      <RunArtifacts flowRunId={id} live={live} />

      <RunLogs flowRunId={id} live={live} />
    </section>
  );
}
