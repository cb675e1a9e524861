// A deployment's page: what it runs and where, its schedules (schedules-panel.tsx), pause/resume, Quick run (its
// default parameters) and Custom run (a form from its parameter schema, the server's refusals shown on the fields).
// Loaded lazily: it carries the form library.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type ReactNode } from "react";
import { Link, useNavigate, useParams } from "react-router";
import { useClient } from "../client-context";
import { ParameterForm } from "../components/parameter-form";
import { QueryState } from "../components/query-state";
import { SchedulesPanel } from "../components/schedules-panel";
import { serverFormErrors } from "../components/server-errors";
import { StateBadge } from "../components/state-badge";
import { StatusBadge } from "../components/status-badge";
import { formatDateTime } from "../format";
import { LIVE_INTERVAL_MS, useFlowNames } from "../hooks";
import { Tags } from "../components/tags";

/** The deployment at `/deployments/deployment/:id`. */
export function DeploymentPage(): ReactNode {
  const { id = "" } = useParams();
  const client = useClient();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [customOpen, setCustomOpen] = useState(false);
  // Not re-read while the Custom run form is open: a new schema would rebuild the form under the user's edits (a
  // deployment changed meanwhile is the server's to refuse, on the fields).
  const deployment = useQuery({
    queryKey: ["deployment", id],
    queryFn: () => client.readDeployment(id),
    refetchInterval: customOpen ? false : LIVE_INTERVAL_MS * 5,
  });
  const flowNames = useFlowNames(deployment.data ? [deployment.data.flowId] : []);
  const recent = useQuery({
    queryKey: ["deployment-runs", id],
    queryFn: () =>
      client.readFlowRuns({ flowRunFilter: { deploymentId: { any_: [id] } }, sort: "START_TIME_DESC", limit: 10 }),
    refetchInterval: LIVE_INTERVAL_MS,
  });
  const [custom, setCustom] = useState(false);
  const run = useMutation({
    mutationFn: (parameters: Record<string, unknown> | undefined) =>
      client.createFlowRunFromDeployment(id, parameters === undefined ? {} : { parameters }),
    onSuccess: (flowRun) => navigate(`/runs/flow-run/${flowRun.id}`),
  });
  const pause = useMutation({
    mutationFn: (paused: boolean) => (paused ? client.pauseDeployment(id) : client.resumeDeployment(id)),
    onSettled: () => queryClient.invalidateQueries({ queryKey: ["deployment", id] }),
  });

  if (!deployment.data)
    return <QueryState isLoading={deployment.isLoading} error={deployment.error} what="this deployment" />;
  const d = deployment.data;
  const schema = d.parameterOpenapiSchema ?? { type: "object", properties: {} };
  const fieldNames = Object.keys((schema.properties ?? {}) as Record<string, unknown>);
  // The Custom run's refusal goes on its fields; Quick run's (and the rest) stays a message above.
  const customErrors = custom ? serverFormErrors(run.error, fieldNames) : { fields: undefined, message: undefined };
  const pageError = custom ? pause.error : (run.error ?? pause.error);
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
          <button
            type="button"
            onClick={() => {
              setCustom(false);
              run.mutate(undefined);
            }}
            disabled={run.isPending}
          >
            Quick run
          </button>
          <button type="button" className="primary" onClick={() => setCustomOpen(true)} aria-expanded={customOpen}>
            Custom run
          </button>
        </div>
      </div>
      {d.description ? <p>{d.description}</p> : null}
      <RunError error={pageError} />

      {customOpen ? (
        <div className="panel" role="region" aria-label="Custom run">
          <div className="panel-head">
            <h2>Custom run</h2>
            <button type="button" onClick={() => setCustomOpen(false)}>
              Close
            </button>
          </div>
          {customErrors.message ? (
            <p className="error" role="alert">
              The server refused the run: {customErrors.message}
            </p>
          ) : null}
          <ParameterForm
            schema={schema}
            initial={d.parameters}
            submitText="Submit run"
            disabled={run.isPending}
            serverErrors={customErrors.fields}
            onEdit={() => run.error && run.reset()}
            onSubmit={(parameters) => {
              setCustom(true);
              run.mutate(parameters);
            }}
          />
        </div>
      ) : null}

      <dl className="facts">
        <div>
          <dt>Flow</dt>
          <dd>{flowNames[d.flowId] ?? "…"}</dd>
        </div>
        <div>
          <dt>Work pool</dt>
          <dd>
            {d.workPoolName ? (
              <Link to={`/work-pools/work-pool/${encodeURIComponent(d.workPoolName)}`}>{d.workPoolName}</Link>
            ) : (
              "Served (no pool)"
            )}
          </dd>
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
        <SchedulesPanel deployment={d} />
        <div className="panel">
          <h2>Parameters</h2>
          {Object.keys(d.parameters).length === 0 ? (
            <p className="muted">No default parameters.</p>
          ) : (
            <pre className="code">{JSON.stringify(d.parameters, null, 2)}</pre>
          )}
        </div>
      </div>

      <div className="panel">
        <h2>Recent runs</h2>
        {recent.data && recent.data.length === 0 ? <p className="muted">No runs yet.</p> : null}
        <ul className="plain">
          {(recent.data ?? []).map((flowRun) => (
            <li key={flowRun.id}>
              <StateBadge type={flowRun.state?.type} name={flowRun.state?.name} />{" "}
              <Link to={`/runs/flow-run/${flowRun.id}`}>{flowRun.name}</Link>{" "}
              <span className="muted">{formatDateTime(flowRun.startTime ?? flowRun.expectedStartTime)}</span>
            </li>
          ))}
        </ul>
      </div>
    </section>
  );
}

/** The server's answer to a failed action. */
function RunError(props: { error: Error | null }): ReactNode {
  if (!props.error) return null;
  return (
    <p className="error" role="alert">
      {props.error.message}
    </p>
  );
}
