// The zombie-runs service: a Running flow run whose worker went OFFLINE, or whose flow-run heartbeats stopped for
// more than `multiple` x the heartbeat frequency, is set Crashed through the orchestration (forced), so no run stays
// Running forever (Prefect's open issue #16746). The facts come from events: events/run-liveness-recorder.ts.
import { StateCreate } from "../../schemas/index.js";
import { setRunState } from "../state-transitions.js";
import type { ZombieRun } from "../store/flow-run-liveness.js";
import type { Store } from "../store/store.js";
import type { Service } from "./service.js";

/** What one zombie-runs pass did. */
export interface ZombieRunsSummary {
  /** Runs crashed because their worker went OFFLINE. */
  offlineWorker: number;
  /** Runs crashed because their heartbeats stopped. */
  staleHeartbeat: number;
}

/** Options of {@link createZombieRunsService}. */
export interface ZombieRunsServiceOptions {
  /** The clock. @default () => new Date() */
  readonly now?: () => Date;
  /**
   * Seconds between a run's heartbeats (PREFECT_FLOWS_HEARTBEAT_FREQUENCY; the setting's minimum is 30, tests may
   * pass less here). @default 30
   */
  readonly heartbeatFrequencySeconds?: number;
  /** Missed heartbeats before a run counts as crashed. @default 3 */
  readonly missedHeartbeats?: number;
}

/** Runs read and crashed per transaction. */
const BATCH_SIZE = 200;

function crashMessage(run: ZombieRun, now: Date): string {
  if (run.workerName !== undefined) {
    return `Flow run crashed: its worker '${run.workerName}' went offline (no heartbeat) while the run was Running.`;
  }
  const silent = Math.round((now.getTime() - Date.parse(run.lastHeartbeat ?? "")) / 1000);
  return `Flow run crashed: no heartbeat for ${silent} s; its process probably died or lost the API.`;
}

/**
 * The zombie-runs service.
 * @example
 * const zombies = createZombieRunsService(store, { now: () => clock, heartbeatFrequencySeconds: 1 });
 * const { offlineWorker, staleHeartbeat } = await zombies.runOnce();
 */
export function createZombieRunsService(
  store: Store,
  options: ZombieRunsServiceOptions = {},
): Service<ZombieRunsSummary> {
  const clock = options.now ?? (() => new Date());
  const staleMs = (options.heartbeatFrequencySeconds ?? 30) * (options.missedHeartbeats ?? 3) * 1000;
  const crash = (runs: readonly ZombieRun[], now: Date): number => {
    let crashed = 0;
    for (const run of runs) {
      const proposed = StateCreate.parse({ type: "CRASHED", name: "Crashed", message: crashMessage(run, now) });
      const result = setRunState(store, "flow_run", run.flowRunId, proposed, true, now);
      if (result?.status === "ACCEPT") crashed++;
    }
    return crashed;
  };
  return {
    name: "zombie-runs",
    async runOnce() {
      const now = clock();
      const summary: ZombieRunsSummary = { offlineWorker: 0, staleHeartbeat: 0 };
      for (;;) {
        const { found, crashed } = store.write(() => {
          const runs = store.flowRunLiveness.runsOfOfflineWorkers(BATCH_SIZE);
          return { found: runs.length, crashed: crash(runs, now) };
        });
        summary.offlineWorker += crashed;
        // A run the rules refused stays Running: stop rather than read it again forever.
        if (found < BATCH_SIZE || crashed < found) break;
      }
      for (;;) {
        const { found, crashed } = store.write(() => {
          const runs = store.flowRunLiveness.runsWithStaleHeartbeats(new Date(now.getTime() - staleMs), BATCH_SIZE);
          return { found: runs.length, crashed: crash(runs, now) };
        });
        summary.staleHeartbeat += crashed;
        if (found < BATCH_SIZE || crashed < found) break;
      }
      return summary;
    },
  };
}
