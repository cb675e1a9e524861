// The plain options `startServices` takes, and the one place mapping the PREFECT_SERVER_SERVICES_* settings to
// them (the services themselves never read settings).
import type { Settings } from "../../settings/index.js";
import type { SchedulerLimits } from "./scheduler-limits.js";

/** The scheduler's part of {@link ServiceOptions}. */
export interface SchedulerServiceSettings extends SchedulerLimits {
  /** Run the scheduler. @default true */
  readonly enabled: boolean;
  /** Seconds between passes. @default 60 */
  readonly loopSeconds: number;
}

/** The late-runs part of {@link ServiceOptions}. */
export interface LateRunsServiceSettings {
  /** Run the late-runs service. @default true */
  readonly enabled: boolean;
  /** Seconds between passes. @default 5 */
  readonly loopSeconds: number;
  /** A Scheduled run this many seconds past its time becomes Late. @default 15 */
  readonly afterSeconds: number;
}

/** The worker health part of {@link ServiceOptions} (Prefect's foreman). */
export interface WorkerHealthServiceSettings {
  /** Run the worker health service. @default true */
  readonly enabled: boolean;
  /** Seconds between passes. @default 15 */
  readonly loopSeconds: number;
  /** Missed heartbeat intervals before a worker is OFFLINE. @default 3 */
  readonly inactivityHeartbeatMultiple: number;
  /** Interval assumed for a worker that sent none. @default 30 */
  readonly fallbackHeartbeatIntervalSeconds: number;
}

/** The zombie-runs part of {@link ServiceOptions}. */
export interface ZombieRunsServiceSettings {
  /** Run the zombie-runs service. @default true */
  readonly enabled: boolean;
  /** Seconds between passes. @default 5 */
  readonly loopSeconds: number;
  /** Seconds between a run's heartbeats (a Running run silent for 3 of them is Crashed). @default 30 */
  readonly heartbeatFrequencySeconds: number;
}

/** Options of `startServices`. */
export interface ServiceOptions {
  /** The clock the services and the lease read. @default () => new Date() */
  readonly now?: () => Date;
  /** This process's name in the lease row. @default `${hostname}:${pid}:<random>` */
  readonly holderId?: string;
  readonly scheduler: SchedulerServiceSettings;
  readonly lateRuns: LateRunsServiceSettings;
  /** Worker health; absent: disabled. */
  readonly workerHealth?: WorkerHealthServiceSettings;
  /** Zombie runs; absent: disabled. */
  readonly zombieRuns?: ZombieRunsServiceSettings;
  /** Called with each error a pass meets, and the service's name; the services go on. @default ignore */
  readonly onError?: (error: unknown, service: string) => void;
  /** How long a taken lease lasts without renewal. @default 3 x the shortest loop, at least 1 s */
  readonly leaseSeconds?: number;
  /** Let the process exit while the services wait (embedded hosts). `server start` keeps them referenced. @default false */
  readonly unref?: boolean;
}

/** Prefect's defaults, as {@link serviceOptionsFromSettings} gives them for default settings. */
export const DEFAULT_SERVICE_OPTIONS: ServiceOptions = Object.freeze({
  scheduler: Object.freeze({
    enabled: true,
    loopSeconds: 60,
    minRuns: 3,
    maxRuns: 100,
    minScheduledTimeSeconds: 3600,
    maxScheduledTimeSeconds: 8_640_000,
  }),
  lateRuns: Object.freeze({ enabled: true, loopSeconds: 5, afterSeconds: 15 }),
  workerHealth: Object.freeze({
    enabled: true,
    loopSeconds: 15,
    inactivityHeartbeatMultiple: 3,
    fallbackHeartbeatIntervalSeconds: 30,
  }),
  zombieRuns: Object.freeze({ enabled: true, loopSeconds: 5, heartbeatFrequencySeconds: 30 }),
});

/**
 * The services' options from resolved settings (PREFECT_SERVER_SERVICES_SCHEDULER_*, _LATE_RUNS_*, _FOREMAN_*, _ZOMBIES_*, PREFECT_FLOWS_HEARTBEAT_FREQUENCY).
 * @example
 * const services = startServices(store, serviceOptionsFromSettings(await resolveSettings()));
 */
export function serviceOptionsFromSettings(settings: Settings): ServiceOptions {
  return {
    scheduler: {
      enabled: settings.PREFECT_SERVER_SERVICES_SCHEDULER_ENABLED,
      loopSeconds: settings.PREFECT_SERVER_SERVICES_SCHEDULER_LOOP_SECONDS,
      minRuns: settings.PREFECT_SERVER_SERVICES_SCHEDULER_MIN_RUNS,
      maxRuns: settings.PREFECT_SERVER_SERVICES_SCHEDULER_MAX_RUNS,
      minScheduledTimeSeconds: settings.PREFECT_SERVER_SERVICES_SCHEDULER_MIN_SCHEDULED_TIME,
      maxScheduledTimeSeconds: settings.PREFECT_SERVER_SERVICES_SCHEDULER_MAX_SCHEDULED_TIME,
    },
    lateRuns: {
      enabled: settings.PREFECT_SERVER_SERVICES_LATE_RUNS_ENABLED,
      loopSeconds: settings.PREFECT_SERVER_SERVICES_LATE_RUNS_LOOP_SECONDS,
      afterSeconds: settings.PREFECT_SERVER_SERVICES_LATE_RUNS_AFTER_SECONDS,
    },
    workerHealth: {
      enabled: settings.PREFECT_SERVER_SERVICES_FOREMAN_ENABLED,
      loopSeconds: settings.PREFECT_SERVER_SERVICES_FOREMAN_LOOP_SECONDS,
      inactivityHeartbeatMultiple: settings.PREFECT_SERVER_SERVICES_FOREMAN_INACTIVITY_HEARTBEAT_MULTIPLE,
      fallbackHeartbeatIntervalSeconds: settings.PREFECT_SERVER_SERVICES_FOREMAN_FALLBACK_HEARTBEAT_INTERVAL_SECONDS,
    },
    zombieRuns: {
      enabled: settings.PREFECT_SERVER_SERVICES_ZOMBIES_ENABLED,
      loopSeconds: settings.PREFECT_SERVER_SERVICES_ZOMBIES_LOOP_SECONDS,
      heartbeatFrequencySeconds: settings.PREFECT_FLOWS_HEARTBEAT_FREQUENCY,
    },
  };
}
