// A deployment's page: what it runs and where, its schedules, pause/resume, Quick run (its default parameters)
// and Custom run (a form from its parameter schema). Loaded lazily: it carries the form library.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type ReactNode } from "react";
import { Link, useNavigate, useParams } from "react-router";
import { ValidationError } from "prefect-ts/client";
import { useClient } from "../client-context";
import { ParameterForm } from "../components/parameter-form";
import { QueryState } from "../components/query-state";
import { StateBadge } from "../components/state-badge";
import { StatusBadge } from "../components/status-badge";
import { formatDateTime } from "../format";
import { LIVE_INTERVAL_MS, useFlowNames } from "../hooks";
import { Tags } from "../components/tags";

/** A schedule in words: `cron 0 2 * * * (UTC)`, `every 3600 s`, `rrule ...`. */
function describeSchedule(schedule: Record<string, unknown>): string {
  const zone = typeof schedule.timezone === "string" ? ` (${schedule.timezone})` : "";
  if (typeof schedule.cron === "string") return `cron ${schedule.cron}${zone}`;
  if (typeof schedule.interval === "number") return `every ${schedule.interval} s${zone}`;
  if (typeof schedule.rrule === "string") return `rrule ${schedule.rrule}`;
  return JSON.stringify(schedule);
}

/** The deployment at `/deployments/deployment/:id`. */
export function DeploymentPage(): ReactNode {
  const { id = "" } = useParams();
  const client = useClient();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [customOpen, setCustomOpen] = useState(false);
  const deployment = useQuery({ queryKey: ["deployment", id], queryFn: () => client.readDeployment(id), refetchInterval: LIVE_INTERVAL_MS * 5 });
  const flowNames = useFlowNames(deployment.data ? [deployment.data.flowId] : []);
  const recent = useQuery({
    queryKey: ["deployment-runs", id],
    queryFn: () => client.readFlowRuns({ flowRunFilter: { deploymentId: { any_: [id] } }, sort: "START_TIME_DESC", limit: 10 }),
    refetchInterval: LIVE_INTERVAL_MS,
  });
  const run = useMutation({
    mutationFn: (parameters: Record<string, unknown> | undefined) =>
      client.createFlowRunFromDeployment(id, parameters === undefined ? {} : { parameters }),
    onSuccess: (flowRun) => navigate(`/runs/flow-run/${flowRun.id}`),
  });
  const pause = useMutation({
    mutationFn: (paused: boolean) => (paused ? client.pauseDeployment(id) : client.resumeDeployment(id)),
    onSettled: () => queryClient.invalidateQueries({ queryKey: ["deployment", id] }),
  });

  if (!deployment.data) return <QueryState isLoading={deployment.isLoading} error={deployment.error} what="this deployment" />;
  const d = deployment.data;
  const schema = d.parameterOpenapiSchema ?? { type: "object", properties: {} };
  return (
    <section>
      <p className="breadcrumbs">
        <Link to="/deployments">Deployments</Link> / {flowNames[d.flowId] ?? "flow"}
      </p>
      <div className="page-head">
        <h1>
          {d.name} {d.paused ? <StatusBadge status="PAUSED" /> : <StatusBadge status={d.status} />}
        </h1>
        <div className="actions">
          <button type="button" onClick={() => pause.mutate(!d.paused)} disabled={pause.isPending}>
            {d.paused ? "Resume" : "Pause"}
          </button>
          <button type="button" onClick={() => run.mutate(undefined)} disabled={run.isPending}>
            Quick run
          </button>
          <button type="button" className="primary" onClick={() => setCustomOpen(true)} aria-expanded={customOpen}>
            Custom run
          </button>
        </div>
      </div>
      {d.description ? <p>{d.description}</p> : null}
      <RunError error={run.error ?? pause.error} />

      {customOpen ? (
        <div className="panel" role="region" aria-label="Custom run">
          <div className="panel-head">
            <h2>Custom run</h2>
            <button type="button" onClick={() => setCustomOpen(false)}>
              Close
            </button>
          </div>
          <ParameterForm schema={schema} initial={d.parameters} submitText="Submit run" disabled={run.isPending} onSubmit={(parameters) => run.mutate(parameters)} />
        </div>
      ) : null}

      <dl className="facts">
        <div>
          <dt>Flow</dt>
          <dd>{flowNames[d.flowId] ?? "…"}</dd>
        </div>
        <div>
          <dt>Work pool</dt>
          <dd>{d.workPoolName ? <Link to={`/work-pools/work-pool/${encodeURIComponent(d.workPoolName)}`}>{d.workPoolName}</Link> : "Served (no pool)"}</dd>
        </div>
        <div>
          <dt>Entrypoint</dt>
          <dd>
            <code>{d.entrypoint ?? "—"}</code>
          </dd>
        </div>
        <div>
          <dt>Last polled</dt>
          <dd>{formatDateTime(d.lastPolled)}</dd>
        </div>
        <div>
          <dt>Tags</dt>
          <dd>
            <Tags tags={d.tags} />
          </dd>
        </div>
      </dl>

      <div className="columns">
        <div className="panel">
          <h2>Schedules</h2>
          {d.schedules.length === 0 ? <p className="muted">No schedules: runs start on demand.</p> : null}
          <ul className="plain">
            {d.schedules.map((schedule) => (
              <li key={schedule.id}>
                {describeSchedule(schedule.schedule as Record<string, unknown>)} {schedule.active ? null : <StatusBadge status="PAUSED" />}
              </li>
            ))}
          </ul>
        </div>
        <div className="panel">
          <h2>Parameters</h2>
          {Object.keys(d.parameters).length === 0 ? <p className="muted">No default parameters.</p> : <pre className="code">{JSON.stringify(d.parameters, null, 2)}</pre>}
        </div>
      </div>

      <div className="panel">
        <h2>Recent runs</h2>
        {recent.data && recent.data.length === 0 ? <p className="muted">No runs yet.</p> : null}
        <ul className="plain">
          {(recent.data ?? []).map((flowRun) => (
            <li key={flowRun.id}>
              <StateBadge type={flowRun.state?.type} name={flowRun.state?.name} /> <Link to={`/runs/flow-run/${flowRun.id}`}>{flowRun.name}</Link>{" "}
              <span className="muted">{formatDateTime(flowRun.startTime ?? flowRun.expectedStartTime)}</span>
            </li>
          ))}
        </ul>
      </div>
    </section>
  );
}

/** The server's answer to a failed action; a parameter validation error lists its fields. */
function RunError(props: { error: Error | null }): ReactNode {
  if (!props.error) return null;
  return (
    <p className="error" role="alert">
      {props.error instanceof ValidationError ? `The server rejected the parameters: ${props.error.message}` : props.error.message}
    </p>
  );
}
