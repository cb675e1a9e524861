// The home page: flow runs, newest first, a page at a time from the server and re-read every half second, so a new
// run or a state change shows without a reload; filtered on the server by the view in the address (run-filters.tsx),
// with a histogram of the same runs by state over the view's time range.
import { keepPreviousData, queryOptions, useQuery } from "@tanstack/react-query";
import { useEffect, useMemo, useState, type ReactNode } from "react";
import { useSearchParams } from "react-router";
import type { PrefectClient } from "prefect-ts/client";
import { useClient } from "../client-context";
import { Pager } from "../components/pager";
import { QueryState } from "../components/query-state";
import {
  filtersOfView,
  rangeStart,
  RunFilters,
  searchOfView,
  viewFromSearch,
  type RunsView,
} from "../components/run-filters";
import { RunHistogram } from "../components/run-histogram";
import { RunsTable } from "../components/runs-table";
import { LIVE_INTERVAL_MS } from "../hooks";
import "../components/runs.css";

const PAGE_SIZE = 25;
/** The chart covers the past week when the list covers all time. */
const ALL_TIME_CHART_MS = 604_800_000;

/**
 * True once `ready` holds and the browser has been idle since: the chart and the filter choices wait for it, so
 * their reads and renders never delay the rows' first paint (bench/ui.bench.ts times that paint).
 */
function useIdleAfter(ready: boolean): boolean {
  const [idle, setIdle] = useState(false);
  useEffect(() => {
    if (!ready || idle) return;
    const handle = requestIdleCallback(() => setIdle(true), { timeout: 500 });
    return () => cancelIdleCallback(handle);
  }, [ready, idle]);
  return idle;
}

/**
 * The page's two reads for the address's query (the page of runs, newest first, and their count). The app starts
 * them as it boots, before React renders (app.tsx), and the page's queries find them under the same keys.
 */
export function runsPageQueries(client: PrefectClient, search: URLSearchParams, now: number = Date.now()) {
  const view = viewFromSearch(search);
  const page = Math.max(0, Number(search.get("page") ?? 1) - 1) || 0;
  // Minute resolution: the range (and the queries' keys) move once a minute, not on every render.
  const filters = filtersOfView(view, Math.floor(now / 60_000) * 60_000);
  return {
    view,
    page,
    filters,
    // Fresh for one polling interval: the page mounting just after the boot's read does not read again at once.
    runs: queryOptions({
      queryKey: ["flow-runs", filters, page],
      staleTime: LIVE_INTERVAL_MS,
      queryFn: () =>
        client.readFlowRuns({ ...filters, sort: "START_TIME_DESC", limit: PAGE_SIZE, offset: page * PAGE_SIZE }),
    }),
    count: queryOptions({
      queryKey: ["flow-runs-count", filters],
      staleTime: LIVE_INTERVAL_MS,
      queryFn: () => client.countFlowRuns(filters),
    }),
  };
}

/** Flow runs with state, flow/deployment, tags, start and duration, filters and a histogram. */
export function RunsPage(): ReactNode {
  const client = useClient();
  const [search, setSearch] = useSearchParams();
  const minute = Math.floor(Date.now() / 60_000);
  const { view, page, filters, ...queries } = useMemo(
    () => runsPageQueries(client, search, minute * 60_000),
    [client, search.toString(), minute],
  );
  const runs = useQuery({ ...queries.runs, refetchInterval: LIVE_INTERVAL_MS, placeholderData: keepPreviousData });
  const count = useQuery({ ...queries.count, refetchInterval: LIVE_INTERVAL_MS });
  const show = (next: RunsView, nextPage = 0): void =>
    setSearch({ ...searchOfView(next), ...(nextPage > 0 ? { page: String(nextPage + 1) } : {}) });
  const list = runs.data ?? [];
  const settled = useIdleAfter(runs.isFetched);
  const filtered = Boolean(view.state || view.flow || view.deployment || view.pool || view.tag);
  const chartEnd = new Date((minute + 1) * 60_000);
  const chartStart = rangeStart(view, minute * 60_000) ?? new Date(chartEnd.getTime() - ALL_TIME_CHART_MS);

  return (
    <section>
      <div className="page-head">
        <h1>Runs</h1>
        <Pager page={page} pageSize={PAGE_SIZE} total={count.data} onPage={(p) => show(view, p)} label="Runs" />
      </div>
      <RunFilters view={view} onChange={(next) => show(next)} ready={settled} />
      <RunHistogram
        filters={filters}
        start={chartStart}
        end={chartEnd}
        refetchMs={5_000}
        enabled={settled}
        label="Flow runs"
      />
      <QueryState isLoading={runs.isLoading} error={runs.error} what="the flow runs" />
      {runs.data && list.length === 0 && page === 0 ? (
        <div className="empty">
          {filtered ? (
            <>
              <h2>No flow runs match</h2>
              <p>Runs show here as they match the filters; widen the time range or clear a filter.</p>
            </>
          ) : (
            <>
              <h2>No flow runs yet</h2>
              <p>Run a flow, or start one from a deployment, and it shows here as it happens.</p>
            </>
          )}
        </div>
      ) : null}
      {list.length > 0 ? <RunsTable runs={list} label="Flow runs" /> : null}
    </section>
  );
}
