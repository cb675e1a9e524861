// A table of flow runs: state, name, flow / deployment, tags, start and duration, one row per run
// (`tr[data-run-id]`), with flow and deployment names looked up once per page. Used by the runs and flow pages.
import type { ReactNode } from "react";
import { Link } from "react-router";
import type { FlowRun } from "prefect-ts/client";
import { formatDateTime, formatDuration, runDuration } from "../format";
import { useDeploymentNames, useFlowNames } from "../hooks";
import { StateBadge } from "./state-badge";
import { Tags } from "./tags";

/** The runs as a table labelled `label`. */
export function RunsTable(props: { runs: readonly FlowRun[]; label: string }): ReactNode {
  const { runs } = props;
  const flowNames = useFlowNames(runs.map((run) => run.flowId));
  const deploymentNames = useDeploymentNames(runs.map((run) => run.deploymentId));
  return (
    <table className="table" aria-label={props.label}>
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
        {runs.map((run) => (
          <tr key={run.id} data-run-id={run.id}>
            <td>
              <StateBadge type={run.state?.type} name={run.state?.name} />
            </td>
            <td>
              <Link to={`/runs/flow-run/${run.id}`} className="run-name">
                {run.name}
              </Link>
            </td>
            <td>
              <Link to={`/flows/flow/${run.flowId}`}>{flowNames[run.flowId] ?? "flow"}</Link>
              {run.deploymentId ? (
                <>
                  <span className="muted"> / </span>
                  <Link to={`/deployments/deployment/${run.deploymentId}`}>
                    {deploymentNames[run.deploymentId] ?? "deployment"}
                  </Link>
                </>
              ) : null}
            </td>
            <td>
              <Tags tags={run.tags} />
            </td>
            <td className="nowrap">{formatDateTime(run.startTime ?? run.expectedStartTime)}</td>
            <td className="nowrap">{formatDuration(runDuration(run))}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
