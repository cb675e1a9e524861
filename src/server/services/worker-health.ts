// The worker health service, as Prefect's foreman: ONLINE workers silent for more than `multiple` x their heartbeat
// interval (or the fallback interval) become OFFLINE, so their pool reads NOT_READY and their runs can be crashed.
import type { Store } from "../store/store.js";
import type { OfflineWorker } from "../store/workers.js";
import type { Service } from "./service.js";

/** What one worker-health pass did. */
export interface WorkerHealthSummary {
  /** Workers that went OFFLINE in this pass. */
  offline: OfflineWorker[];
}

/** Options of {@link createWorkerHealthService}. */
export interface WorkerHealthServiceOptions {
  /** The clock. @default () => new Date() */
  readonly now?: () => Date;
  /** Missed heartbeats before OFFLINE (PREFECT_SERVER_SERVICES_FOREMAN_INACTIVITY_HEARTBEAT_MULTIPLE). @default 3 */
  readonly inactivityHeartbeatMultiple?: number;
  /** Interval assumed for a worker that sent none (..._FOREMAN_FALLBACK_HEARTBEAT_INTERVAL_SECONDS). @default 30 */
  readonly fallbackHeartbeatIntervalSeconds?: number;
}

/**
 * The worker health service.
 * @example
 * const health = createWorkerHealthService(store, { now: () => clock });
 * const { offline } = await health.runOnce();
 */
export function createWorkerHealthService(
  store: Store,
  options: WorkerHealthServiceOptions = {},
): Service<WorkerHealthSummary> {
  const clock = options.now ?? (() => new Date());
  const multiple = options.inactivityHeartbeatMultiple ?? 3;
  const fallback = options.fallbackHeartbeatIntervalSeconds ?? 30;
  return {
    name: "worker-health",
    async runOnce() {
      const now = clock();
      return { offline: store.write(() => store.workers.markOffline(now, multiple, fallback)) };
    },
  };
}
