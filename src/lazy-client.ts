// The `getClient()` of the root entry: a PrefectClient whose implementation (the client, zod, ky and, in
// embedded mode, the server) loads on its first request, so `import "prefect-ts"` stays light. The choice
// between a remote API and the embedded server is made in connect.ts, which this loads.
import { EMBEDDED_API_URL, type GetClientOptions } from "./api-target.js";
import type { PrefectClient } from "./client/index.js";
import { resolveSettings } from "./settings/index.js";

/**
 * A client for the configured API: `PREFECT_API_URL` when set, else the embedded server under
 * `PREFECT_HOME`. Synchronous and cheap: settings are resolved (and validated) now, the client code
 * loads on the first method call. Every method of {@link PrefectClient} is there, and returns a Promise.
 *
 * @example
 * const runs = await getClient().readFlowRuns({ limit: 10 });
 * @throws ConfigError when a setting is invalid
 */
export function getClient(options: GetClientOptions = {}): PrefectClient {
  const settings = options.settings ?? resolveSettings();
  const apiUrl = settings.PREFECT_API_URL ?? EMBEDDED_API_URL;
  let loaded: Promise<PrefectClient> | undefined;
  const load = (): Promise<PrefectClient> =>
    (loaded ??= import("./connect.js").then((connect) => connect.getClient({ settings })));
  const methods = new Map<string, (...args: unknown[]) => Promise<unknown>>();
  return new Proxy(Object.create(null) as PrefectClient, {
    get(_target, property) {
      if (property === "apiUrl") return apiUrl;
      // Not a thenable: `await getClient()` must give the client back, not call a "then" method.
      if (typeof property !== "string" || property === "then") return undefined;
      let method = methods.get(property);
      if (method === undefined) {
        method = async (...args: unknown[]) => {
          const client = (await load()) as unknown as Record<string, unknown>;
          const member = client[property];
          if (typeof member !== "function") throw new TypeError(`PrefectClient has no method "${property}"`);
          return (member as (...a: unknown[]) => unknown).apply(client, args);
        };
        methods.set(property, method);
      }
      return method;
    },
  });
}
