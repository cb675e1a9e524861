// A histogram of flow runs by state over time: one stacked bar per interval (POST /flow_runs/history), in the
// state colours of the badges. Plain SVG, so the first page carries no chart library.
import { useQuery } from "@tanstack/react-query";
import type { ReactNode } from "react";
import type { RunFilterOptions, RunHistory } from "prefect-ts/client";
import { useClient } from "../client-context";
import { formatDateTime } from "../format";

const BARS = 60;
const HEIGHT = 96;
// Bottom to top: finished first, then what is still to come.
const ORDER = [
  "COMPLETED",
  "FAILED",
  "CRASHED",
  "CANCELLED",
  "CANCELLING",
  "PAUSED",
  "RUNNING",
  "PENDING",
  "SCHEDULED",
];

/** Props of {@link RunHistogram}. */
export interface RunHistogramProps {
  /** The same filters as the list. */
  filters: RunFilterOptions;
  start: Date;
  end: Date;
  /** Re-read every `refetchMs` (the list is live; the chart may lag a little). */
  refetchMs: number;
  enabled: boolean;
  label: string;
}

/** Counts per state of one interval, bottom to top. */
function stack(interval: RunHistory): { type: string; count: number }[] {
  const counts = new Map<string, number>();
  for (const state of interval.states)
    counts.set(state.stateType, (counts.get(state.stateType) ?? 0) + state.countRuns);
  return ORDER.filter((type) => counts.has(type)).map((type) => ({ type, count: counts.get(type) ?? 0 }));
}

/** Stacked bars of runs by state per interval, with the total and the range as text for screen readers. */
export function RunHistogram(props: RunHistogramProps): ReactNode {
  const client = useClient();
  const seconds = Math.max(1, Math.ceil((props.end.getTime() - props.start.getTime()) / 1000 / BARS));
  const history = useQuery({
    queryKey: ["flow-run-history", props.filters, props.start.getTime(), props.end.getTime()],
    queryFn: () =>
      client.readFlowRunHistory({
        ...props.filters,
        historyStart: props.start,
        historyEnd: props.end,
        historyIntervalSeconds: seconds,
      }),
    refetchInterval: props.refetchMs,
    enabled: props.enabled,
    placeholderData: (previous) => previous,
  });
  const intervals = history.data ?? [];
  const max = Math.max(1, ...intervals.map((i) => i.states.reduce((sum, s) => sum + s.countRuns, 0)));
  const total = intervals.reduce((sum, i) => sum + i.states.reduce((n, s) => n + s.countRuns, 0), 0);
  const width = 100 / Math.max(1, intervals.length);
  return (
    <figure className="run-histogram" data-total={history.data ? total : undefined}>
      <svg
        viewBox={`0 0 100 ${HEIGHT}`}
        preserveAspectRatio="none"
        role="img"
        aria-label={`${props.label}: ${total.toLocaleString()} runs by state over time`}
      >
        {intervals.map((interval, i) => {
          let y = HEIGHT;
          return (
            <g key={interval.intervalStart.getTime()}>
              <title>{`${formatDateTime(interval.intervalStart)}: ${
                stack(interval)
                  .map((s) => `${s.count} ${s.type.toLowerCase()}`)
                  .join(", ") || "no runs"
              }`}</title>
              {stack(interval).map((s) => {
                const h = Math.max(1, (s.count / max) * (HEIGHT - 4));
                y -= h;
                return (
                  <rect
                    key={s.type}
                    className={`bar bar-${s.type.toLowerCase()}`}
                    x={i * width + width * 0.1}
                    width={width * 0.8}
                    y={y}
                    height={h}
                  />
                );
              })}
            </g>
          );
        })}
      </svg>
      <figcaption className="muted">
        <span>{formatDateTime(props.start)}</span>
        <span>{history.data ? `${total.toLocaleString()} runs` : "…"}</span>
        <span>{formatDateTime(props.end)}</span>
      </figcaption>
    </figure>
  );
}
