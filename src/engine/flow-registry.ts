// Flow ids by name, created once per client per process (POST /flows/ is idempotent by name, so a race is harmless).
import type { PrefectClient } from "../client/index.js";

const cache = new WeakMap<object, Map<string, Promise<string>>>();

/** The id of the flow named `name`, creating it on first use. */
export function ensureFlowId(client: Pick<PrefectClient, "createFlow">, name: string): Promise<string> {
  let byName = cache.get(client);
  if (!byName) {
    byName = new Map();
    cache.set(client, byName);
  }
  let id = byName.get(name);
  if (!id) {
    id = client.createFlow(name).then((flow) => flow.id);
    // A failed creation must not poison the cache: the next call tries again.
    id.catch(() => byName.delete(name));
    byName.set(name, id);
  }
  return id;
}
