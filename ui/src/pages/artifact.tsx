// One artifact at `/artifacts/artifact/:id`: its content rendered, its description, and its facts (key, type, when it
// was made and changed, the flow run and task run it came from); an older version of a key points to the latest. A
// progress artifact that has not reached 100% is re-read, so an updateProgressArtifact shows as it happens.
import { useQuery } from "@tanstack/react-query";
import type { ReactNode } from "react";
import { Link, useParams } from "react-router";
import type { Artifact } from "prefect-ts/client";
import { useClient } from "../client-context";
import { ArtifactContent, ArtifactDescription, artifactTitle, ArtifactTypeBadge } from "../components/artifact-content";
import { QueryState } from "../components/query-state";
import { formatDateTime } from "../format";
import { LIVE_INTERVAL_MS } from "../hooks";

/** Whether the artifact is a progress bar still short of 100%. */
function isProgressing(artifact: Artifact | undefined): boolean {
  return artifact?.type === "progress" && Number(artifact.data) < 100;
}

/** The artifact at `/artifacts/artifact/:id`. */
export function ArtifactPage(): ReactNode {
  const { id = "" } = useParams();
  const client = useClient();
  const artifact = useQuery({
    queryKey: ["artifact", id],
    queryFn: () => client.readArtifact(id),
    refetchInterval: (query) => (isProgressing(query.state.data) ? LIVE_INTERVAL_MS : false),
  });
  const key = artifact.data?.key ?? undefined;
  const flowRunId = artifact.data?.flowRunId ?? undefined;
  const taskRunId = artifact.data?.taskRunId ?? undefined;
  const latest = useQuery({
    queryKey: ["artifact-latest", key],
    queryFn: async () => (await client.readLatestArtifact(key ?? "")) ?? null,
    enabled: key !== undefined,
  });
  const flowRun = useQuery({
    queryKey: ["flow-run", flowRunId],
    queryFn: () => client.readFlowRun(flowRunId ?? ""),
    enabled: flowRunId !== undefined,
  });
  const taskRun = useQuery({
    queryKey: ["task-run", taskRunId],
    queryFn: () => client.readTaskRun(taskRunId ?? ""),
    enabled: taskRunId !== undefined,
  });

  if (!artifact.data) return <QueryState isLoading={artifact.isLoading} error={artifact.error} what="this artifact" />;
  const current = artifact.data;
  const title = artifactTitle(current);
  const newer = latest.data && latest.data.latestId !== current.id ? latest.data.latestId : undefined;
  return (
    <section>
      <p className="breadcrumbs">
        <Link to="/artifacts">Artifacts</Link>
        {key ? (
          <>
            {" / "}
            <Link to={`/artifacts/key/${encodeURIComponent(key)}`}>{key}</Link>
          </>
        ) : null}
      </p>
      <div className="page-head">
        <h1>
          {title} <ArtifactTypeBadge type={current.type} />
        </h1>
      </div>
      {newer ? (
        <p className="state-message">
          An older version of {key}. <Link to={`/artifacts/artifact/${newer}`}>See the latest version</Link>.
        </p>
      ) : null}
      <ArtifactDescription text={current.description} />
      <dl className="facts">
        <div>
          <dt>Key</dt>
          <dd>{key ? <Link to={`/artifacts/key/${encodeURIComponent(key)}`}>{key}</Link> : "—"}</dd>
        </div>
        <div>
          <dt>Type</dt>
          <dd>{current.type ?? "—"}</dd>
        </div>
        <div>
          <dt>Created</dt>
          <dd>{formatDateTime(current.created)}</dd>
        </div>
        <div>
          <dt>Updated</dt>
          <dd>{formatDateTime(current.updated)}</dd>
        </div>
        <div>
          <dt>Flow run</dt>
          <dd>
            {flowRunId ? <Link to={`/runs/flow-run/${flowRunId}`}>{flowRun.data?.name ?? "flow run"}</Link> : "—"}
          </dd>
        </div>
        <div>
          <dt>Task run</dt>
          <dd>
            {taskRunId ? <Link to={`/runs/task-run/${taskRunId}`}>{taskRun.data?.name ?? "task run"}</Link> : "—"}
          </dd>
        </div>
        <div>
          <dt>Artifact id</dt>
          <dd>
            <code>{current.id}</code>
          </dd>
        </div>
      </dl>
      <div className="panel">
        <h2 className="visually-hidden">Content</h2>
        <ArtifactContent artifact={current} label={title} />
      </div>
    </section>
  );
}
