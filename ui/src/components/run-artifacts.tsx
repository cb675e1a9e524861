// The artifacts of a flow run or of one task run, as a panel of cards on the run's page: each card's title links to
// the artifact's own page, with its type, when it was made, its description and its content rendered. Re-read while
// the run is live, and once more as it ends (the last artifacts a run makes come just before its final state).
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useId, type ReactNode } from "react";
import { Link } from "react-router";
import type { Artifact, ArtifactFilter } from "prefect-ts/client";
import { useClient } from "../client-context";
import { formatDateTime } from "../format";
import { LIVE_INTERVAL_MS } from "../hooks";
import { ArtifactContent, ArtifactDescription, artifactTitle, ArtifactTypeBadge } from "./artifact-content";
import { QueryState } from "./query-state";

const LIMIT = 50;

/** Artifacts of a flow run (`flowRunId`, its tasks' included) or of one task run (`taskRunId`). */
export function RunArtifacts(props: { flowRunId?: string; taskRunId?: string; live: boolean }): ReactNode {
  const client = useClient();
  const artifactFilter: ArtifactFilter = props.taskRunId
    ? { taskRunId: { any_: [props.taskRunId] } }
    : { flowRunId: { any_: [props.flowRunId ?? ""] } };
  const artifacts = useQuery({
    // `live` in the key: the run ending reads the list once more.
    queryKey: ["run-artifacts", props.flowRunId, props.taskRunId, props.live],
    queryFn: () => client.readArtifacts({ artifactFilter, sort: "CREATED_DESC", limit: LIMIT }),
    refetchInterval: props.live ? LIVE_INTERVAL_MS : false,
    placeholderData: keepPreviousData,
  });
  const list = artifacts.data ?? [];
  return (
    <div className="panel">
      <h2>Artifacts{artifacts.data && list.length > 0 ? <span className="muted"> ({list.length})</span> : null}</h2>
      <QueryState isLoading={artifacts.isLoading} error={artifacts.error} what="the artifacts" />
      {artifacts.data && list.length === 0 ? (
        <p className="muted">
          No artifacts{props.live ? " yet" : ""}. A run publishes one with <code>createMarkdownArtifact()</code>,{" "}
          <code>createTableArtifact()</code> and the like.
        </p>
      ) : null}
      {list.length > 0 ? (
        <ul className="artifact-cards" aria-label="Artifacts">
          {list.map((artifact) => (
            <li key={artifact.id}>
              <ArtifactCard artifact={artifact} />
            </li>
          ))}
        </ul>
      ) : null}
      {list.length === LIMIT ? <p className="muted">The newest {LIMIT} artifacts.</p> : null}
    </div>
  );
}

/** One artifact as a card named by its title. */
function ArtifactCard(props: { artifact: Artifact }): ReactNode {
  const { artifact } = props;
  const titleId = useId();
  const title = artifactTitle(artifact);
  return (
    <article className="artifact-card" aria-labelledby={titleId} data-artifact-id={artifact.id}>
      <div className="artifact-card-head">
        <h3 id={titleId}>
          <Link to={`/artifacts/artifact/${artifact.id}`}>{title}</Link>
        </h3>
        <ArtifactTypeBadge type={artifact.type} />
        <span className="muted">{formatDateTime(artifact.created)}</span>
      </div>
      <ArtifactDescription text={artifact.description} headingLevel={4} />
      <ArtifactContent artifact={artifact} label={title} headingLevel={4} />
    </article>
  );
}
