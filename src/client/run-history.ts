// Flow run history methods of the client, for charts: runs counted per interval and state
// (`POST /flow_runs/history`) and one point per run (`POST /ui/flow_runs/history`), with the runs filters.
import { z } from "zod";
import * as schemas from "../schemas/index.js";
import { runFilterBody, type PageOptions, type RunFilterOptions } from "./filter-body.js";
import type { HttpTransport } from "./http.js";
import type { ModelOf } from "./models.js";

/** Options of `readFlowRunHistory`: the range, the interval and the runs filters. */
export interface ReadFlowRunHistoryOptions extends RunFilterOptions {
  historyStart: Date;
  historyEnd: Date;
  /** Size of each interval in seconds, at least 1 (at most 500 intervals come back). */
  historyIntervalSeconds: number;
}

/** One interval of a run history: runs expected to start in it, by state, with summed run time and lateness. */
export type RunHistory = ModelOf<typeof schemas.HistoryResponse>;
/** One run as a point in time: start (or expected start), run time and lateness in seconds. */
export type FlowRunHistoryPoint = ModelOf<typeof schemas.SimpleFlowRun>;

/** The run history methods of PrefectClient. */
export interface RunHistoryApi {
  /**
   * Flow runs expected to start in each interval of a range, counted by state (`POST /flow_runs/history`).
   * @example
   * await client.readFlowRunHistory({ historyStart: dayAgo, historyEnd: new Date(), historyIntervalSeconds: 3600 });
   * @throws ValidationError when the interval is under a second
   */
  readFlowRunHistory(opts: ReadFlowRunHistoryOptions): Promise<RunHistory[]>;
  /** The matching flow runs as points, newest expected start first unless sorted (`POST /ui/flow_runs/history`). */
  readFlowRunHistoryPoints(opts?: RunFilterOptions & PageOptions<schemas.FlowRunSort>): Promise<FlowRunHistoryPoint[]>;
}

const HistoryList = z.array(schemas.HistoryResponse);
const PointList = z.array(schemas.SimpleFlowRun);

/** Builds the run history methods over a transport. */
export function runHistoryApi(http: HttpTransport): RunHistoryApi {
  return {
    readFlowRunHistory: ({ historyStart, historyEnd, historyIntervalSeconds, ...filters }) =>
      http.request(
        "POST",
        "flow_runs/history",
        {
          json: {
            ...runFilterBody(filters),
            history_start: historyStart.toISOString(),
            history_end: historyEnd.toISOString(),
            history_interval_seconds: historyIntervalSeconds,
          },
        },
        HistoryList,
      ),
    readFlowRunHistoryPoints: (opts) =>
      http.request("POST", "ui/flow_runs/history", { json: runFilterBody(opts) }, PointList),
  };
}
