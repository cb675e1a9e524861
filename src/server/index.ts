// Public surface of the server: open a store, build the app, or run it standalone. The orchestration rules,
// routes and table modules stay internal.
export { createApp } from "./app.js";
export type { CreateAppOptions } from "./app.js";
export { startServer } from "./host.js";
export { securityOptionsFromSettings } from "./http/security-settings.js";
export type { SecurityOptions } from "./http/security-settings.js";
export type { CorsOptions } from "./http/cors.js";
export type { CsrfOptions } from "./http/csrf.js";
export type { RunningServer, StartServerOptions } from "./host.js";
export type { CollectionViews } from "./routes/collections.js";
export { openStore, Store } from "./store/store.js";
export { API_VERSION, SERVER_VERSION } from "./routes/root.js";
export { generateRunName } from "./run-names.js";
export { eventMatches } from "./events/event-match.js";
export type { ReceivedEvent } from "./events/event-bus.js";
export {
  DEFAULT_SCHEDULER_LIMITS,
  DEFAULT_SERVICE_OPTIONS,
  scheduleDeployment,
  serviceOptionsFromSettings,
  startServices,
} from "./services/index.js";
export type {
  LateRunsServiceSettings,
  RunningServices,
  SchedulerLimits,
  SchedulerServiceSettings,
  ServiceOptions,
  ServicesPassSummary,
} from "./services/index.js";
