// The runs view kept in the address (`?state=FAILED&flow=etl&deployment=<id>&pool=local&tag=nightly&range=24h`),
// the server-side filters it stands for, and the filter bar that edits it. A link reproduces the view.
import { useQuery } from "@tanstack/react-query";
import type { ReactNode } from "react";
import type { RunFilterOptions, StateType } from "prefect-ts/client";
import { useClient } from "../client-context";

/** Prefect's state types, in the order the filter lists them. */
export const STATE_TYPES: readonly StateType[] = [
  "SCHEDULED",
  "PENDING",
  "RUNNING",
  "COMPLETED",
  "FAILED",
  "CANCELLING",
  "CANCELLED",
  "CRASHED",
  "PAUSED",
];

/** Time ranges of the view: runs expected to start within the last hour, day, week or month, or at any time. */
export const RANGES = { "1h": 3_600_000, "24h": 86_400_000, "7d": 604_800_000, "30d": 2_592_000_000, all: 0 } as const;
/** A time range's key. */
export type RangeKey = keyof typeof RANGES;
const RANGE_LABELS: Readonly<Record<RangeKey, string>> = {
  "1h": "Past hour",
  "24h": "Past day",
  "7d": "Past 7 days",
  "30d": "Past 30 days",
  all: "All time",
};
/** The range of a view without `?range=`, as Prefect's runs page opens on the past week. */
export const DEFAULT_RANGE: RangeKey = "7d";

/** What the runs list shows; every field is optional in the address. */
export interface RunsView {
  state?: StateType;
  /** Flow name. */
  flow?: string;
  /** Deployment id. */
  deployment?: string;
  /** Work pool name. */
  pool?: string;
  tag?: string;
  range: RangeKey;
}

/** The view named by the address's query; unknown values are ignored. */
export function viewFromSearch(search: URLSearchParams): RunsView {
  const text = (key: string): string | undefined => search.get(key)?.trim() || undefined;
  const range = search.get("range");
  return {
    state: STATE_TYPES.find((type) => type === search.get("state")),
    flow: text("flow"),
    deployment: text("deployment"),
    pool: text("pool"),
    tag: text("tag"),
    range: range !== null && range in RANGES ? (range as RangeKey) : DEFAULT_RANGE,
  };
}

/** The query of a view, without the defaults. */
export function searchOfView(view: RunsView): Record<string, string> {
  const entries = Object.entries({ ...view, range: view.range === DEFAULT_RANGE ? undefined : view.range });
  return Object.fromEntries(
    entries.filter((entry): entry is [string, string] => typeof entry[1] === "string" && entry[1] !== ""),
  );
}

/** Start of the view's range; `now` is rounded to the minute so the query (and its cache key) holds for a minute. */
export function rangeStart(view: RunsView, now: number): Date | undefined {
  if (view.range === "all") return undefined;
  return new Date(Math.floor(now / 60_000) * 60_000 - RANGES[view.range]);
}

/** The server-side filters of a view. */
export function filtersOfView(view: RunsView, now: number): RunFilterOptions {
  const after = rangeStart(view, now);
  const flowRunFilter = {
    ...(view.state ? { state: { type: { any_: [view.state] } } } : {}),
    ...(view.tag ? { tags: { all_: [view.tag] } } : {}),
    ...(view.deployment ? { deploymentId: { any_: [view.deployment] } } : {}),
    ...(after ? { expectedStartTime: { after_: after } } : {}),
  };
  return {
    ...(Object.keys(flowRunFilter).length > 0 ? { flowRunFilter } : {}),
    ...(view.flow ? { flowFilter: { name: { any_: [view.flow] } } } : {}),
    ...(view.pool ? { workPoolFilter: { name: { any_: [view.pool] } } } : {}),
  };
}

/** The filter bar: state, flow, deployment, work pool, tag and time range. */
export function RunFilters(props: { view: RunsView; onChange: (view: RunsView) => void; ready: boolean }): ReactNode {
  const { view, onChange } = props;
  const client = useClient();
  // The choices: read once in a while, and after the list so they never hold up its first render.
  const choices = useQuery({
    queryKey: ["run-filter-choices"],
    queryFn: async () => {
      const [flows, deployments, pools] = await Promise.all([
        client.readFlows({ limit: 200, sort: "NAME_ASC" }),
        client.readDeployments({ limit: 200, sort: "NAME_ASC" }),
        client.readWorkPools({ limit: 200 }),
      ]);
      return {
        flows: flows.map((f) => f.name),
        deployments: deployments.map((d) => ({ id: d.id, name: d.name })),
        pools: pools.map((p) => p.name),
      };
    },
    staleTime: 30_000,
    enabled: props.ready,
  });
  const set = (patch: Partial<RunsView>): void => onChange({ ...view, ...patch });
  return (
    <form className="run-filters" aria-label="Filter runs" onSubmit={(event) => event.preventDefault()}>
      <FilterSelect
        id="runs-filter-state"
        label="State"
        all="All states"
        value={view.state}
        choices={STATE_TYPES.map((type) => ({ value: type, label: type.charAt(0) + type.slice(1).toLowerCase() }))}
        onChange={(state) => set({ state: state as StateType | undefined })}
      />
      <FilterSelect
        id="runs-filter-flow"
        label="Flow"
        all="All flows"
        value={view.flow}
        choices={(choices.data?.flows ?? []).map((name) => ({ value: name, label: name }))}
        onChange={(flow) => set({ flow })}
      />
      <FilterSelect
        id="runs-filter-deployment"
        label="Deployment"
        all="All deployments"
        value={view.deployment}
        choices={(choices.data?.deployments ?? []).map((d) => ({ value: d.id, label: d.name }))}
        onChange={(deployment) => set({ deployment })}
      />
      <FilterSelect
        id="runs-filter-work-pool"
        label="Work pool"
        all="All work pools"
        value={view.pool}
        choices={(choices.data?.pools ?? []).map((name) => ({ value: name, label: name }))}
        onChange={(pool) => set({ pool })}
      />
      <span className="field">
        <label htmlFor="runs-filter-tag">Tag</label>
        <input
          id="runs-filter-tag"
          type="search"
          defaultValue={view.tag ?? ""}
          key={view.tag ?? ""}
          placeholder="any"
          size={10}
          onKeyDown={(e) => e.key === "Enter" && set({ tag: e.currentTarget.value.trim() || undefined })}
          onBlur={(e) =>
            e.currentTarget.value.trim() !== (view.tag ?? "") && set({ tag: e.currentTarget.value.trim() || undefined })
          }
        />
      </span>
      <span className="field">
        <label htmlFor="runs-filter-time">Time</label>
        <select id="runs-filter-time" value={view.range} onChange={(e) => set({ range: e.target.value as RangeKey })}>
          {(Object.keys(RANGES) as RangeKey[]).map((key) => (
            <option key={key} value={key}>
              {RANGE_LABELS[key]}
            </option>
          ))}
        </select>
      </span>
    </form>
  );
}

/**
 * One filter as a labelled select: "all" first, then the choices; a value from the address that is not among the
 * choices (yet, or any more) stays selectable as itself, so a shared link keeps its filter.
 */
function FilterSelect(props: {
  id: string;
  label: string;
  all: string;
  value: string | undefined;
  choices: ReadonlyArray<{ value: string; label: string }>;
  onChange: (value: string | undefined) => void;
}): ReactNode {
  const { value, choices } = props;
  const listed =
    value && !choices.some((choice) => choice.value === value) ? [{ value, label: value }, ...choices] : choices;
  return (
    <span className="field">
      <label htmlFor={props.id}>{props.label}</label>
      <select id={props.id} value={value ?? ""} onChange={(e) => props.onChange(e.target.value || undefined)}>
        <option value="">{props.all}</option>
        {listed.map((choice) => (
          <option key={choice.value} value={choice.value}>
            {choice.label}
          </option>
        ))}
      </select>
    </span>
  );
}
