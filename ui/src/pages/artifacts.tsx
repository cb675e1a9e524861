// Artifacts by key, as Prefect's UI shows them: the list at `/artifacts` (the latest artifact of every key, filtered by
// key and type and sorted as the address says, a page at a time), and a key's page at `/artifacts/key/:key` (its
// latest version rendered, and every version, newest first). One artifact's own page is artifact.tsx.
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useState, type ReactNode } from "react";
import { Link, useParams, useSearchParams } from "react-router";
import type { ArtifactCollectionFilter } from "prefect-ts/client";
import { useClient } from "../client-context";
import {
  ArtifactContent,
  ArtifactDescription,
  ArtifactTypeBadge,
  descriptionSummary,
} from "../components/artifact-content";
import { Pager } from "../components/pager";
import { QueryState } from "../components/query-state";
import { formatDateTime, formatRelative } from "../format";
import { LIVE_INTERVAL_MS, useFlowRunNames } from "../hooks";
import "../components/runs.css";

const PAGE_SIZE = 25;
/** The types Prefect's SDK makes, offered by the type filter. */
const TYPES = ["markdown", "table", "progress", "image", "result"] as const;
/** The list's orders, by their name in the address (`?sort=key`). */
const SORTS = { newest: "UPDATED_DESC", key: "KEY_ASC" } as const;
type SortName = keyof typeof SORTS;
/** How often the artifact pages re-read: artifacts change less often than runs' states. */
const REFRESH_MS = LIVE_INTERVAL_MS * 5;

/** A flow run's name as a link to its page, or an em dash for an artifact made outside a run. */
function FlowRunLink(props: { id: string | null | undefined; names: Record<string, string> }): ReactNode {
  if (!props.id) return <span className="muted">—</span>;
  return <Link to={`/runs/flow-run/${props.id}`}>{props.names[props.id] ?? "flow run"}</Link>;
}

/** The latest artifact of every key, filtered on key and type (`?key=sales&type=table&sort=key&page=2`). */
export function ArtifactsPage(): ReactNode {
  const client = useClient();
  const [search, setSearch] = useSearchParams();
  const keyText = search.get("key") ?? "";
  const type = search.get("type") ?? "";
  const sort: SortName = search.get("sort") === "key" ? "key" : "newest";
  const page = Math.max(0, Number(search.get("page") ?? 1) - 1) || 0;
  const artifactFilter: ArtifactCollectionFilter = {
    ...(keyText.trim() ? { key: { like_: keyText.trim() } } : {}),
    ...(type ? { type: { any_: [type] } } : {}),
  };
  const show = (patch: { key?: string; type?: string; sort?: SortName }, nextPage = 0): void => {
    const next = { key: keyText, type, sort, ...patch };
    setSearch(
      {
        ...(next.key ? { key: next.key } : {}),
        ...(next.type ? { type: next.type } : {}),
        ...(next.sort === "key" ? { sort: "key" } : {}),
        ...(nextPage > 0 ? { page: String(nextPage + 1) } : {}),
      },
      // Typing in the key box does not add a history entry per keystroke.
      { replace: patch.key !== undefined },
    );
  };
  const artifacts = useQuery({
    queryKey: ["artifacts-latest", artifactFilter, sort, page],
    queryFn: () =>
      client.readLatestArtifacts({ artifactFilter, sort: SORTS[sort], limit: PAGE_SIZE, offset: page * PAGE_SIZE }),
    refetchInterval: REFRESH_MS,
    placeholderData: keepPreviousData,
  });
  const count = useQuery({
    queryKey: ["artifacts-latest-count", artifactFilter],
    queryFn: () => client.countLatestArtifacts({ artifactFilter }),
    refetchInterval: REFRESH_MS,
  });
  const list = artifacts.data ?? [];
  const runNames = useFlowRunNames(list.map((artifact) => artifact.flowRunId));
  const filtered = keyText.trim() !== "" || type !== "";
  const types: readonly string[] = type && !(TYPES as readonly string[]).includes(type) ? [...TYPES, type] : TYPES;

  return (
    <section>
      <div className="page-head">
        <h1>Artifacts</h1>
        <Pager page={page} pageSize={PAGE_SIZE} total={count.data} onPage={(p) => show({}, p)} label="Artifacts" />
      </div>
      <form
        className="run-filters artifact-filters"
        aria-label="Filter artifacts"
        onSubmit={(event) => event.preventDefault()}
      >
        <span className="field">
          <label htmlFor="artifacts-filter-key">Key</label>
          <input
            id="artifacts-filter-key"
            type="search"
            value={keyText}
            placeholder="any key"
            onChange={(event) => show({ key: event.target.value })}
          />
        </span>
        <span className="field">
          <label htmlFor="artifacts-filter-type">Type</label>
          <select id="artifacts-filter-type" value={type} onChange={(event) => show({ type: event.target.value })}>
            <option value="">All types</option>
            {types.map((name) => (
              <option key={name} value={name}>
                {name}
              </option>
            ))}
          </select>
        </span>
        <span className="field">
          <label htmlFor="artifacts-sort">Sort</label>
          <select
            id="artifacts-sort"
            value={sort}
            onChange={(event) => show({ sort: event.target.value === "key" ? "key" : "newest" })}
          >
            <option value="newest">Newest first</option>
            <option value="key">Key, A to Z</option>
          </select>
        </span>
      </form>
      <QueryState isLoading={artifacts.isLoading} error={artifacts.error} what="the artifacts" />
      {artifacts.data && list.length === 0 && page === 0 ? (
        <div className="empty">
          {filtered ? (
            <>
              <h2>No artifacts match</h2>
              <p>Keys containing the text and of the chosen type show here; clear a filter to see every key.</p>
            </>
          ) : (
            <>
              <h2>No artifacts yet</h2>
              <p>
                Publish one from inside a flow or a task, e.g.{" "}
                <code>{'await createMarkdownArtifact("# Sales report", { key: "sales-report" })'}</code>, and the latest
                version of each key shows here.
              </p>
            </>
          )}
        </div>
      ) : null}
      {list.length > 0 ? (
        <table className="table" aria-label="Artifacts">
          <thead>
            <tr>
              <th scope="col">Key</th>
              <th scope="col">Type</th>
              <th scope="col">Last updated</th>
              <th scope="col">Flow run</th>
              <th scope="col">Description</th>
            </tr>
          </thead>
          <tbody>
            {list.map((artifact) => (
              <tr key={artifact.key} data-artifact-key={artifact.key}>
                <td>
                  <Link to={`/artifacts/key/${encodeURIComponent(artifact.key)}`} className="run-name">
                    {artifact.key}
                  </Link>
                </td>
                <td>
                  <ArtifactTypeBadge type={artifact.type} />
                </td>
                <td className="nowrap" title={formatDateTime(artifact.updated)}>
                  {formatRelative(artifact.updated)}
                </td>
                <td>
                  <FlowRunLink id={artifact.flowRunId} names={runNames} />
                </td>
                <td className="artifact-summary">{descriptionSummary(artifact.description)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </section>
  );
}

/** A key's page at `/artifacts/key/:key`: its latest version rendered, and every version, newest first. */
export function ArtifactKeyPage(): ReactNode {
  const { key = "" } = useParams();
  const client = useClient();
  const [page, setPage] = useState(0);
  const latest = useQuery({
    queryKey: ["artifact-latest", key],
    // A query's data may not be undefined: a key without artifacts is null.
    queryFn: async () => (await client.readLatestArtifact(key)) ?? null,
    refetchInterval: REFRESH_MS,
  });
  const artifactFilter = { key: { any_: [key] } };
  const versions = useQuery({
    queryKey: ["artifact-versions", key, page],
    queryFn: () =>
      client.readArtifacts({ artifactFilter, sort: "CREATED_DESC", limit: PAGE_SIZE, offset: page * PAGE_SIZE }),
    refetchInterval: REFRESH_MS,
    placeholderData: keepPreviousData,
  });
  const count = useQuery({
    queryKey: ["artifact-versions-count", key],
    queryFn: () => client.countArtifacts({ artifactFilter }),
    refetchInterval: REFRESH_MS,
  });
  const list = versions.data ?? [];
  const runNames = useFlowRunNames([latest.data?.flowRunId, ...list.map((artifact) => artifact.flowRunId)]);
  const crumbs = (
    <p className="breadcrumbs">
      <Link to="/artifacts">Artifacts</Link> / {key}
    </p>
  );

  if (latest.data === undefined)
    return <QueryState isLoading={latest.isLoading} error={latest.error} what="this artifact key" />;
  if (latest.data === null) {
    return (
      <section>
        {crumbs}
        <h1>{key}</h1>
        <div className="empty">
          <h2>No artifacts with this key</h2>
          <p>
            An artifact published with <code>{`{ key: "${key}" }`}</code> shows here; its versions may have been
            deleted. <Link to="/artifacts">See every key</Link>.
          </p>
        </div>
      </section>
    );
  }
  const current = latest.data;
  return (
    <section>
      {crumbs}
      <div className="page-head">
        <h1>
          {key} <ArtifactTypeBadge type={current.type} />
        </h1>
      </div>
      <ArtifactDescription text={current.description} />
      <dl className="facts">
        <div>
          <dt>Type</dt>
          <dd>{current.type ?? "—"}</dd>
        </div>
        <div>
          <dt>Last updated</dt>
          <dd>{formatDateTime(current.updated)}</dd>
        </div>
        <div>
          <dt>Versions</dt>
          <dd>{count.data === undefined ? "…" : count.data.toLocaleString()}</dd>
        </div>
        <div>
          <dt>Flow run</dt>
          <dd>
            <FlowRunLink id={current.flowRunId} names={runNames} />
          </dd>
        </div>
      </dl>
      <div className="panel">
        <div className="panel-head">
          <h2>Latest version</h2>
          <Link to={`/artifacts/artifact/${current.latestId}`}>Open this version</Link>
        </div>
        <ArtifactContent artifact={current} label={key} />
      </div>
      <div className="panel">
        <div className="panel-head">
          <h2>Versions</h2>
          <Pager page={page} pageSize={PAGE_SIZE} total={count.data} onPage={setPage} label="Versions" />
        </div>
        <QueryState isLoading={versions.isLoading} error={versions.error} what="the versions" />
        {list.length > 0 ? (
          <table className="table" aria-label="Versions">
            <thead>
              <tr>
                <th scope="col">Created</th>
                <th scope="col">Type</th>
                <th scope="col">Flow run</th>
                <th scope="col">Description</th>
              </tr>
            </thead>
            <tbody>
              {list.map((artifact) => (
                <tr key={artifact.id} data-artifact-id={artifact.id}>
                  <td className="nowrap">
                    <Link to={`/artifacts/artifact/${artifact.id}`}>{formatDateTime(artifact.created)}</Link>
                    {artifact.id === current.latestId ? <span className="tag latest-tag">latest</span> : null}
                  </td>
                  <td>
                    <ArtifactTypeBadge type={artifact.type} />
                  </td>
                  <td>
                    <FlowRunLink id={artifact.flowRunId} names={runNames} />
                  </td>
                  <td className="artifact-summary">{descriptionSummary(artifact.description)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : null}
      </div>
    </section>
  );
}
