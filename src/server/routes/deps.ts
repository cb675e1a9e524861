// What every route module receives: the store and the clock. Routes read time only through `now`.
import type { Store } from "../store/store.js";

/** Dependencies shared by the route modules. */
export interface RouteDeps {
  readonly store: Store;
  readonly now: () => Date;
}
