// Block schema routes (/api/block_schemas): create (idempotent by checksum and version), read by id or checksum,
// filter, delete; and /api/block_capabilities. The checksum is Prefect's (blocks/checksum.ts).
import { Hono } from "hono";
import { BlockSchemaCreate, BlockSchemaFilterRequest, PREFECT_API_DEFAULT_LIMIT } from "../../schemas/index.js";
import { blockSchemaChecksum } from "../blocks/checksum.js";
import { installSystemBlockTypes } from "../blocks/system-block-registration.js";
import { forbidden, notFound } from "../http/http-error.js";
import { checkLimit, parseBody, uuidParam } from "../http/request.js";
import type { RouteDeps } from "./deps.js";

const BLOCK_SCHEMA_NOT_FOUND = "Block schema not found";

/** Routes mounted at `/api/block_schemas`. */
export function blockSchemaRoutes({ store, now }: RouteDeps): Hono {
  const app = new Hono({ strict: false });
  app.use("*", async (_c, next) => {
    installSystemBlockTypes(store, now());
    await next();
  });

  app.post("/", async (c) => {
    const input = await parseBody(c, BlockSchemaCreate);
    if (store.blockTypes.read(input.block_type_id) === undefined)
      throw notFound(`Block type ${input.block_type_id} not found.`);
    const { schema, created } = store.write(() =>
      store.blockSchemas.create(input, blockSchemaChecksum(input.fields), now()),
    );
    return c.json(schema, created ? 201 : 200);
  });

  app.post("/filter", async (c) => {
    const query = await parseBody(c, BlockSchemaFilterRequest, true);
    checkLimit(query.limit, PREFECT_API_DEFAULT_LIMIT);
    return c.json(store.blockSchemas.filter(query));
  });

  app.get("/checksum/:checksum", (c) => {
    const schema = store.blockSchemas.readByChecksum(c.req.param("checksum"), c.req.query("version"));
    if (schema === undefined) throw notFound(BLOCK_SCHEMA_NOT_FOUND);
    return c.json(schema);
  });

  app.get("/:id", (c) => {
    const schema = store.blockSchemas.read(uuidParam(c));
    if (schema === undefined) throw notFound(BLOCK_SCHEMA_NOT_FOUND);
    return c.json(schema);
  });

  app.delete("/:id", (c) => {
    const id = uuidParam(c);
    const schema = store.blockSchemas.read(id);
    if (schema === undefined) throw notFound(BLOCK_SCHEMA_NOT_FOUND);
    if (schema.block_type?.is_protected === true)
      throw forbidden("Block schemas for protected block types cannot be deleted.");
    store.write(() => store.blockSchemas.delete(id));
    return c.body(null, 204);
  });

  return app;
}

/** Routes mounted at `/api/block_capabilities`: every capability a block schema declares. */
export function blockCapabilityRoutes({ store, now }: RouteDeps): Hono {
  const app = new Hono({ strict: false });
  app.get("/", (c) => {
    installSystemBlockTypes(store, now());
    return c.json(store.blockSchemas.capabilities());
  });
  return app;
}
