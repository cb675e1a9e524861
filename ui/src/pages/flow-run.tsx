// A flow run's page: its state and state history, parameters, task runs and logs, re-read every second while it
// is not finished; Cancel proposes Cancelling (the worker or runner that executes it stops it).
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type ReactNode } from "react";
import { Link, useParams } from "react-router";
import type { FlowRun } from "prefect-ts/client";
import { useClient } from "../client-context";
import { QueryState } from "../components/query-state";
import { StateBadge } from "../components/state-badge";
import { formatDateTime, formatDuration, runDuration } from "../format";
import { LIVE_INTERVAL_MS, useDeploymentNames, useFlowNames } from "../hooks";
import { Tags } from "../components/tags";

const FINAL = new Set(["COMPLETED", "FAILED", "CANCELLED", "CRASHED"]);
const LEVELS: Readonly<Record<number, string>> = { 10: "DEBUG", 20: "INFO", 30: "WARNING", 40: "ERROR", 50: "CRITICAL" };

/** Whether the run may still change (live pages keep polling it). */
function isLive(run: FlowRun | undefined): boolean {
  return run === undefined || !FINAL.has(run.state?.type ?? "");
}

/** The flow run at `/runs/flow-run/:id`. */
export function FlowRunPage(): ReactNode {
  const { id = "" } = useParams();
  const client = useClient();
  const queryClient = useQueryClient();
  const run = useQuery({
    queryKey: ["flow-run", id],
    queryFn: () => client.readFlowRun(id),
    refetchInterval: (query) => (isLive(query.state.data) ? LIVE_INTERVAL_MS : false),
  });
  const live = isLive(run.data);
  const states = useQuery({
    queryKey: ["flow-run-states", id],
    queryFn: () => client.readFlowRunStates(id),
    refetchInterval: live ? LIVE_INTERVAL_MS : false,
  });
  const taskRuns = useQuery({
    queryKey: ["flow-run-task-runs", id],
    queryFn: () => client.readTaskRuns({ taskRunFilter: { flowRunId: { any_: [id] } }, sort: "EXPECTED_START_TIME_ASC", limit: 200 }),
    refetchInterval: live ? LIVE_INTERVAL_MS : false,
  });
  const flowNames = useFlowNames(run.data ? [run.data.flowId] : []);
  const deploymentNames = useDeploymentNames(run.data ? [run.data.deploymentId] : []);
  const cancel = useMutation({
    mutationFn: () => client.setFlowRunState(id, { type: "CANCELLING", name: "Cancelling" }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: ["flow-run", id] }),
  });

  if (!run.data) return <QueryState isLoading={run.isLoading} error={run.error} what="this flow run" />;
  const flowRun = run.data;
  const type = flowRun.state?.type ?? "";
  const cancellable = ["SCHEDULED", "PENDING", "RUNNING", "PAUSED"].includes(type);
  return (
    <section>
      <p className="breadcrumbs">
        <Link to="/runs">Runs</Link> / {flowNames[flowRun.flowId] ?? "flow"}
      </p>
      <div className="page-head">
        <h1>
          {flowRun.name} <StateBadge type={flowRun.state?.type} name={flowRun.state?.name} />
        </h1>
        <div className="actions">
          {cancellable ? (
            <button type="button" className="danger" onClick={() => cancel.mutate()} disabled={cancel.isPending}>
              Cancel
            </button>
          ) : null}
        </div>
      </div>
      {cancel.error ? (
        <p className="error" role="alert">
          Could not cancel: {cancel.error.message}
        </p>
      ) : null}
      {cancel.data && cancel.data.status !== "ACCEPT" ? (
        <p className="error" role="alert">
          The server did not cancel the run ({cancel.data.status}): {cancel.data.details.reason ?? "no reason given"}
        </p>
      ) : null}
      {flowRun.state?.message ? <p className="state-message">{flowRun.state.message}</p> : null}

      <dl className="facts">
        <div>
          <dt>Flow</dt>
          <dd>{flowNames[flowRun.flowId] ?? "…"}</dd>
        </div>
        <div>
          <dt>Deployment</dt>
          <dd>
            {flowRun.deploymentId ? (
              <Link to={`/deployments/deployment/${flowRun.deploymentId}`}>{deploymentNames[flowRun.deploymentId] ?? "deployment"}</Link>
            ) : (
              "—"
            )}
          </dd>
        </div>
        <div>
          <dt>Work pool</dt>
          <dd>{flowRun.workPoolName ? <Link to={`/work-pools/work-pool/${encodeURIComponent(flowRun.workPoolName)}`}>{flowRun.workPoolName}</Link> : "—"}</dd>
        </div>
        <div>
          <dt>Start</dt>
          <dd>{formatDateTime(flowRun.startTime ?? flowRun.expectedStartTime)}</dd>
        </div>
        <div>
          <dt>Duration</dt>
          <dd>{formatDuration(runDuration(flowRun))}</dd>
        </div>
        <div>
          <dt>Tags</dt>
          <dd>
            <Tags tags={flowRun.tags} />
          </dd>
        </div>
      </dl>

      <div className="columns">
        <div className="panel">
          <h2>Parameters</h2>
          {Object.keys(flowRun.parameters).length === 0 ? (
            <p className="muted">No parameters.</p>
          ) : (
            <pre className="code" aria-label="Parameters">{JSON.stringify(flowRun.parameters, null, 2)}</pre>
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
          <table className="table" aria-label="Task runs">
            <thead>
              <tr>
                <th scope="col">State</th>
                <th scope="col">Task run</th>
                <th scope="col">Start</th>
                <th scope="col">Duration</th>
              </tr>
            </thead>
            <tbody>
              {taskRuns.data.map((taskRun) => (
                <tr key={taskRun.id}>
                  <td>
                    <StateBadge type={taskRun.state?.type} name={taskRun.state?.name} />
                  </td>
                  <td>{taskRun.name}</td>
                  <td className="nowrap">{formatDateTime(taskRun.startTime ?? taskRun.expectedStartTime)}</td>
                  <td className="nowrap">{formatDuration(runDuration(taskRun))}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : null}
      </div>

      <RunLogs flowRunId={id} live={live} />
    </section>
  );
}

/** The run's logs, oldest first, with a minimum level. */
function RunLogs(props: { flowRunId: string; live: boolean }): ReactNode {
  const client = useClient();
  const [minLevel, setMinLevel] = useState(0);
  const logs = useQuery({
    queryKey: ["flow-run-logs", props.flowRunId, minLevel],
    queryFn: () =>
      client.readLogs({
        logFilter: { flowRunId: { any_: [props.flowRunId] }, ...(minLevel > 0 ? { level: { ge_: minLevel } } : {}) },
        sort: "TIMESTAMP_ASC",
        limit: 200,
      }),
    // One more read after the run ends catches the last batch its logger sent.
    refetchInterval: props.live ? LIVE_INTERVAL_MS : 3000,
  });
  return (
    <div className="panel">
      <div className="panel-head">
        <h2>Logs</h2>
        <label>
          Level{" "}
          <select value={minLevel} onChange={(event) => setMinLevel(Number(event.target.value))}>
            <option value={0}>All</option>
            <option value={20}>Info and above</option>
            <option value={30}>Warnings and errors</option>
            <option value={40}>Errors</option>
          </select>
        </label>
      </div>
      <QueryState isLoading={logs.isLoading} error={logs.error} what="the logs" />
      {logs.data && logs.data.length === 0 ? <p className="muted">No logs yet.</p> : null}
      {logs.data && logs.data.length > 0 ? (
        <ol className="logs" aria-label="Logs">
          {logs.data.map((log) => (
            <li key={log.id} className={`log log-${(LEVELS[log.level] ?? "INFO").toLowerCase()}`}>
              <time className="muted">{log.timestamp.toLocaleTimeString()}</time>
              <span className="log-level">{LEVELS[log.level] ?? log.level}</span>
              <span className="log-message">{log.message}</span>
            </li>
          ))}
        </ol>
      ) : null}
    </div>
  );
}
