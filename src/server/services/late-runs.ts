// The late-runs service, as Prefect's MarkLateRuns: runs still `Scheduled` `afterSeconds` past their time get a
// `Late` state (type SCHEDULED, same scheduled_time) through the orchestrated state path the routes use.
import { StateCreate } from "../../schemas/index.js";
import { setRunState } from "../state-transitions.js";
import { overdueScheduledRuns } from "../store/scheduled-runs.js";
import type { Store } from "../store/store.js";
import type { Service } from "./service.js";

/** What one late-runs pass did. */
export interface LateRunsSummary {
  /** Runs that became Late. */
  marked: number;
}

/** Options of {@link createLateRunsService}. */
export interface LateRunsServiceOptions {
  /** The clock. @default () => new Date() */
  readonly now?: () => Date;
  /** A Scheduled run this many seconds past its time becomes Late (at exactly this many, as Prefect). @default 15 */
  readonly afterSeconds?: number;
}

/** Runs read and marked per transaction (Prefect's batch size). */
const BATCH_SIZE = 400;

/**
 * The late-runs service.
 * @example
 * const late = createLateRunsService(store, { now: () => clock, afterSeconds: 15 });
 * const { marked } = await late.runOnce();
 */
export function createLateRunsService(store: Store, options: LateRunsServiceOptions = {}): Service<LateRunsSummary> {
  const clock = options.now ?? (() => new Date());
  const afterMs = (options.afterSeconds ?? 15) * 1000;
  return {
    name: "late-runs",
    async runOnce() {
      const now = clock();
      const before = new Date(now.getTime() - afterMs);
      let marked = 0;
      for (;;) {
        const { found, changed } = store.write(() => {
          const runs = overdueScheduledRuns(store.conn, before, BATCH_SIZE);
          let count = 0;
          for (const run of runs) {
            const proposed = StateCreate.parse({
              type: "SCHEDULED",
              name: "Late",
              state_details: { scheduled_time: run.scheduledTime },
            });
            const result = setRunState(store, "flow_run", run.id, proposed, false, now);
            if (result?.status === "ACCEPT") count++;
          }
          return { found: runs.length, changed: count };
        });
        marked += changed;
        // A run the rules refused stays `Scheduled`: stop rather than read it again forever.
        if (found < BATCH_SIZE || changed < found) break;
        await new Promise((resolve) => setImmediate(resolve));
      }
      return { marked };
    },
  };
}
