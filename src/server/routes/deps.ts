// What every route module receives: the store and the clock. Routes read time only through `now`.
import type { SchedulerLimits } from "../services/scheduler-limits.js";
import type { Settings } from "../../settings/index.js";
import type { Store } from "../store/store.js";

/** Dependencies shared by the route modules. */
export interface RouteDeps {
  readonly store: Store;
  readonly now: () => Date;
  /** Limits for scheduling a deployment's runs as soon as it changes; false: leave it to the scheduler service. */
  readonly scheduler?: SchedulerLimits | false;
  /** The host's settings, for `GET /admin/settings`. */
  readonly settings?: Settings;
}
