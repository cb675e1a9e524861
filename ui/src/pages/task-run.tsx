// A task run's page (`/runs/task-run/:id`, also `/task-runs/:id`): its state and state history, inputs, cache key and
// expiry, the result reference its final state carries (where the result is stored, not the value), its artifacts
// and its logs.
import { useQuery } from "@tanstack/react-query";
import type { ReactNode } from "react";
import { Link, useParams } from "react-router";
import type { TaskRun } from "prefect-ts/client";
import { useClient } from "../client-context";
import { QueryState } from "../components/query-state";
import { RunArtifacts } from "../components/run-artifacts";
import { RunFacts } from "../components/run-facts";
import { RunLogs } from "../components/run-logs";
import { StateBadge } from "../components/state-badge";
import { formatDateTime } from "../format";
import { LIVE_INTERVAL_MS } from "../hooks";
import "../components/runs.css";

const FINAL = new Set(["COMPLETED", "FAILED", "CANCELLED", "CRASHED"]);

function isLive(run: TaskRun | undefined): boolean {
  return run === undefined || !FINAL.has(run.state?.type ?? "");
}

/** A JSON value as an indented block, labelled for screen readers; an em dash for none. */
function Json(props: { value: unknown; label: string }): ReactNode {
  const empty =
    props.value === null ||
    props.value === undefined ||
    (typeof props.value === "object" && Object.keys(props.value).length === 0);
  if (empty) return <p className="muted">None.</p>;
  return (
    <pre className="code" aria-label={props.label} tabIndex={0}>
      {JSON.stringify(props.value, null, 2)}
    </pre>
  );
}

/** The task run at `/runs/task-run/:id`. */
export function TaskRunPage(): ReactNode {
  const { id = "" } = useParams();
  const client = useClient();
  const run = useQuery({
    queryKey: ["task-run", id],
    queryFn: () => client.readTaskRun(id),
    refetchInterval: (query) => (isLive(query.state.data) ? LIVE_INTERVAL_MS : false),
  });
  const states = useQuery({
    queryKey: ["task-run-states", id, run.data?.stateId],
    queryFn: () => client.readTaskRunStates(id),
    enabled: run.isSuccess,
  });
  const flowRun = useQuery({
    queryKey: ["flow-run", run.data?.flowRunId],
    queryFn: () => client.readFlowRun(run.data?.flowRunId ?? ""),
    enabled: Boolean(run.data?.flowRunId),
  });

  if (!run.data) return <QueryState isLoading={run.isLoading} error={run.error} what="this task run" />;
  const taskRun = run.data;
  return (
    <section>
      <p className="breadcrumbs">
        <Link to="/runs">Runs</Link>
        {taskRun.flowRunId ? (
          <>
            {" / "}
            <Link to={`/runs/flow-run/${taskRun.flowRunId}`}>{flowRun.data?.name ?? "flow run"}</Link>
          </>
        ) : null}
      </p>
      <div className="page-head">
        <h1>
          {taskRun.name} <StateBadge type={taskRun.state?.type} name={taskRun.state?.name} />
        </h1>
      </div>
      {taskRun.state?.message ? <p className="state-message">{taskRun.state.message}</p> : null}
      <dl className="facts">
        <div>
          <dt>Task key</dt>
          <dd>{taskRun.taskKey}</dd>
        </div>
        <div>
          <dt>Cache key</dt>
          <dd data-testid="cache-key">{taskRun.cacheKey ?? "—"}</dd>
        </div>
        <div>
          <dt>Cache expires</dt>
          <dd>{taskRun.cacheExpiration ? formatDateTime(taskRun.cacheExpiration) : "—"}</dd>
        </div>
        <RunFacts run={taskRun} />
      </dl>
      <div className="columns">
        <div className="panel">
          <h2>Inputs</h2>
          <Json value={taskRun.taskInputs} label="Inputs" />
        </div>
        <div className="panel">
          <h2>Result</h2>
          <Json value={taskRun.state?.data} label="Result reference" />
        </div>
      </div>
      <RunArtifacts taskRunId={id} live={isLive(taskRun)} />
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
      <RunLogs taskRunId={id} live={isLive(taskRun)} />
    </section>
  );
}
