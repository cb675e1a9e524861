// Registers the built-in block types and their schemas in a store, once per store and process (idempotent across
// processes: an existing slug or checksum is kept). Block routes call it before their first answer.
import { BlockSchemaCreate } from "../../schemas/index.js";
import type { Store } from "../store/store.js";
import { blockSchemaChecksum } from "./checksum.js";
import { SYSTEM_BLOCK_SCHEMA_VERSION, SYSTEM_BLOCK_TYPES } from "./system-block-types.js";

const registered = new WeakSet<Store>();

/** Makes sure every built-in block type and its current schema exist in `store`; returns how many types there are. */
export function installSystemBlockTypes(store: Store, now: Date, force = false): number {
  if (registered.has(store) && !force) return SYSTEM_BLOCK_TYPES.length;
  store.write(() => {
    for (const builtIn of SYSTEM_BLOCK_TYPES) {
      const type =
        store.blockTypes.readBySlug(builtIn.slug) ??
        store.blockTypes.create(
          {
            name: builtIn.name,
            slug: builtIn.slug,
            description: builtIn.description,
            documentation_url: builtIn.documentationUrl,
          },
          now,
          { isProtected: true },
        );
      const schema = BlockSchemaCreate.parse({
        fields: builtIn.fields,
        block_type_id: type.id,
        capabilities: [...builtIn.capabilities],
        version: SYSTEM_BLOCK_SCHEMA_VERSION,
      });
      store.blockSchemas.create(schema, blockSchemaChecksum(builtIn.fields), now);
    }
  });
  registered.add(store);
  return SYSTEM_BLOCK_TYPES.length;
}
