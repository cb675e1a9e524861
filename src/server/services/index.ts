// The background services of a long-lived host (`server start`, `serve()`, workers): scheduler, late runs, worker
// health and zombie runs, under one lease so exactly one process per database runs them.
// The services themselves are in their files.
import { ServiceLease, defaultHolderId } from "./lease.js";
import { createLateRunsService, type LateRunsSummary } from "./late-runs.js";
import type { ServiceOptions } from "./options.js";
import { createSchedulerService, type SchedulerSummary } from "./scheduler.js";
import { type Loop, type Service, startLoop } from "./service.js";
import { createWorkerHealthService, type WorkerHealthSummary } from "./worker-health.js";
import { createZombieRunsService, type ZombieRunsSummary } from "./zombie-runs.js";
import type { Store } from "../store/store.js";

export { DEFAULT_SERVICE_OPTIONS, serviceOptionsFromSettings } from "./options.js";
export type {
  LateRunsServiceSettings,
  SchedulerServiceSettings,
  ServiceOptions,
  WorkerHealthServiceSettings,
  ZombieRunsServiceSettings,
} from "./options.js";
// Not run-times.ts (the schedule maths): the scheduler imports it when it first has a schedule to compute.
export { DEFAULT_SCHEDULER_LIMITS } from "./scheduler-limits.js";
export type { SchedulerLimits } from "./scheduler-limits.js";
export { createSchedulerService, scheduleDeployment } from "./scheduler.js";
export type { SchedulerServiceOptions, SchedulerSummary } from "./scheduler.js";
export { createLateRunsService } from "./late-runs.js";
export type { LateRunsServiceOptions, LateRunsSummary } from "./late-runs.js";
export { createWorkerHealthService } from "./worker-health.js";
export type { WorkerHealthServiceOptions, WorkerHealthSummary } from "./worker-health.js";
export { createZombieRunsService } from "./zombie-runs.js";
export type { ZombieRunsServiceOptions, ZombieRunsSummary } from "./zombie-runs.js";
export { SERVICES_LEASE_NAME, ServiceLease } from "./lease.js";
export { startLoop } from "./service.js";
export type { Loop, LoopOptions, Service } from "./service.js";

/** What one `runOnce()` of the services did. */
export interface ServicesPassSummary {
  /** Whether this host held the lease (when false, nothing ran). */
  leader: boolean;
  /** The scheduler's pass, when enabled and leader. */
  scheduler?: SchedulerSummary;
  /** The late-runs pass, when enabled and leader. */
  lateRuns?: LateRunsSummary;
  /** The worker health pass, when enabled and leader. */
  workerHealth?: WorkerHealthSummary;
  /** The zombie-runs pass, when enabled and leader. */
  zombieRuns?: ZombieRunsSummary;
}

/** Running services. */
export interface RunningServices {
  /** This host's name in the lease row. */
  readonly holderId: string;
  /** Whether this host held the lease at its last pass. */
  readonly isLeader: boolean;
  /** Takes or renews the lease and, when held, runs one pass of every enabled service. */
  runOnce(): Promise<ServicesPassSummary>;
  /** Stops the loop, waits for the pass in progress, and releases the lease. Idempotent. */
  stop(): Promise<void>;
}

interface Scheduled {
  readonly service: Service;
  readonly everyMs: number;
  dueAt: number;
}

/**
 * Starts the enabled services on `store`: every shortest-loop interval the host takes or renews the lease and,
 * while it holds it, runs each service whose own interval has come. Another host on the same database waits and
 * takes over when this one stops (it releases the lease) or dies (the lease expires).
 * @example
 * const services = startServices(store, serviceOptionsFromSettings(settings));
 * process.on("SIGTERM", () => void services.stop());
 */
export function startServices(store: Store, options: ServiceOptions): RunningServices {
  const now = options.now ?? (() => new Date());
  const report = (service: string) => (error: unknown) => options.onError?.(error, service);
  const scheduler = options.scheduler.enabled
    ? createSchedulerService(store, { now, limits: options.scheduler, onError: (error) => report("scheduler")(error) })
    : undefined;
  const lateRuns = options.lateRuns.enabled
    ? createLateRunsService(store, { now, afterSeconds: options.lateRuns.afterSeconds })
    : undefined;
  const scheduled: Scheduled[] = [];
  if (scheduler) scheduled.push({ service: scheduler, everyMs: options.scheduler.loopSeconds * 1000, dueAt: 0 });
  if (lateRuns) scheduled.push({ service: lateRuns, everyMs: options.lateRuns.loopSeconds * 1000, dueAt: 0 });
  const health = options.workerHealth;
  const workerHealth = health?.enabled
    ? createWorkerHealthService(store, {
        now,
        inactivityHeartbeatMultiple: health.inactivityHeartbeatMultiple,
        fallbackHeartbeatIntervalSeconds: health.fallbackHeartbeatIntervalSeconds,
      })
    : undefined;
  if (workerHealth && health) scheduled.push({ service: workerHealth, everyMs: health.loopSeconds * 1000, dueAt: 0 });
  const zombies = options.zombieRuns;
  const zombieRuns = zombies?.enabled
    ? createZombieRunsService(store, { now, heartbeatFrequencySeconds: zombies.heartbeatFrequencySeconds })
    : undefined;
  if (zombieRuns && zombies) scheduled.push({ service: zombieRuns, everyMs: zombies.loopSeconds * 1000, dueAt: 0 });
  const tickSeconds = Math.min(...scheduled.map((s) => s.everyMs / 1000));
  const leaseMs = (options.leaseSeconds ?? Math.max(1, 3 * (Number.isFinite(tickSeconds) ? tickSeconds : 1))) * 1000;
  const lease = new ServiceLease(store, options.holderId ?? defaultHolderId(), leaseMs, now);

  // Passes never overlap: the loop's and runOnce()'s are chained.
  let chain: Promise<unknown> = Promise.resolve();
  const exclusive = <T>(fn: () => Promise<T>): Promise<T> => {
    const next = chain.then(fn, fn);
    chain = next.catch(() => undefined);
    return next;
  };

  const runService = async (entry: Scheduled): Promise<unknown> => {
    try {
      return await entry.service.runOnce();
    } catch (error) {
      report(entry.service.name)(error);
      return undefined;
    }
  };

  const loopPass = (): Promise<void> =>
    exclusive(async () => {
      if (!store.open || !lease.acquire()) return;
      for (const entry of scheduled) {
        const at = performance.now();
        if (at < entry.dueAt) continue;
        entry.dueAt = at + entry.everyMs;
        await runService(entry);
      }
    });

  let stopping: Promise<void> | undefined;
  let loop: Loop | undefined;
  if (scheduled.length > 0) {
    loop = startLoop(loopPass, {
      loopSeconds: tickSeconds,
      onError: report("services"),
      ...(options.unref ? { unref: true } : {}),
    });
  }

  return {
    holderId: lease.holderId,
    get isLeader() {
      return lease.isHeld;
    },
    runOnce() {
      return exclusive(async () => {
        if (stopping !== undefined || !store.open || !lease.acquire()) return { leader: false };
        const summary: ServicesPassSummary = { leader: true };
        for (const entry of scheduled) {
          const result = await runService(entry);
          if (entry.service === scheduler)
            summary.scheduler = (result as SchedulerSummary | undefined) ?? { inserted: 0 };
          if (entry.service === lateRuns) summary.lateRuns = (result as LateRunsSummary | undefined) ?? { marked: 0 };
          if (entry.service === workerHealth)
            summary.workerHealth = (result as WorkerHealthSummary | undefined) ?? { offline: [] };
          if (entry.service === zombieRuns)
            summary.zombieRuns = (result as ZombieRunsSummary | undefined) ?? { offlineWorker: 0, staleHeartbeat: 0 };
        }
        return summary;
      });
    },
    stop() {
      stopping ??= (async () => {
        await loop?.stop();
        await exclusive(async () => lease.release());
      })();
      return stopping;
    },
  };
}
