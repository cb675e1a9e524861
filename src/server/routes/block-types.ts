// Block type routes (/api/block_types): create, read by id or slug, filter, update, delete (built-in types cannot be
// deleted), a type's documents by slug and name, and install_system_block_types.
import { Hono } from "hono";
import {
  BlockTypeCreate,
  BlockTypeFilterRequest,
  BlockTypeUpdate,
  PREFECT_API_DEFAULT_LIMIT,
} from "../../schemas/index.js";
import { installSystemBlockTypes } from "../blocks/system-block-registration.js";
import { conflict, forbidden, notFound } from "../http/http-error.js";
import { checkLimit, parseBody, uuidParam } from "../http/request.js";
import type { RouteDeps } from "./deps.js";
import { includeSecretsQuery, isUniqueViolation } from "./block-request.js";

const BLOCK_TYPE_NOT_FOUND = "Block type not found";

/** Routes mounted at `/api/block_types`. */
export function blockTypeRoutes({ store, now }: RouteDeps): Hono {
  const app = new Hono({ strict: false });
  app.use("*", async (_c, next) => {
    installSystemBlockTypes(store, now());
    await next();
  });

  app.post("/", async (c) => {
    const input = await parseBody(c, BlockTypeCreate);
    // Reserved for the system's own types, as Prefect's server reserves them.
    if (input.name.toLowerCase().startsWith("prefect"))
      throw forbidden("Block type names beginning with 'Prefect' are reserved.");
    try {
      return c.json(
        store.write(() => store.blockTypes.create(input, now())),
        201,
      );
    } catch (error) {
      if (isUniqueViolation(error)) throw conflict(`Block type with name "${input.name}" already exists`);
      throw error;
    }
  });

  app.post("/filter", async (c) => {
    const query = await parseBody(c, BlockTypeFilterRequest, true);
    checkLimit(query.limit, PREFECT_API_DEFAULT_LIMIT);
    return c.json(store.blockTypes.filter(query));
  });

  app.post("/install_system_block_types", (c) => {
    installSystemBlockTypes(store, now(), true);
    return c.json(null);
  });

  app.get("/slug/:slug", (c) => {
    const type = store.blockTypes.readBySlug(c.req.param("slug"));
    if (type === undefined) throw notFound(BLOCK_TYPE_NOT_FOUND);
    return c.json(type);
  });

  app.get("/slug/:slug/block_documents", (c) => {
    const type = store.blockTypes.readBySlug(c.req.param("slug"));
    if (type === undefined) throw notFound(BLOCK_TYPE_NOT_FOUND);
    const documents = store.blockDocuments.filter({
      block_documents: { operator: "and_", block_type_id: { any_: [type.id] }, is_anonymous: { eq_: false } },
      include_secrets: includeSecretsQuery(c),
      sort: "NAME_ASC",
      offset: 0,
      limit: 10_000,
    });
    return c.json(documents);
  });

  app.get("/slug/:slug/block_documents/name/:name", (c) => {
    const document = store.blockDocuments.readByName(c.req.param("slug"), c.req.param("name"), includeSecretsQuery(c));
    if (document === undefined) throw notFound("Block document not found");
    return c.json(document);
  });

  app.get("/:id", (c) => {
    const type = store.blockTypes.read(uuidParam(c));
    if (type === undefined) throw notFound(BLOCK_TYPE_NOT_FOUND);
    return c.json(type);
  });

  app.patch("/:id", async (c) => {
    const id = uuidParam(c);
    const patch = await parseBody(c, BlockTypeUpdate);
    const type = store.blockTypes.read(id);
    if (type === undefined) throw notFound(BLOCK_TYPE_NOT_FOUND);
    // As Prefect's server: written only when a field changes (clients re-send their type on every block save).
    const changed = (["logo_url", "documentation_url", "description", "code_example"] as const).some(
      (key) => patch[key] !== undefined && patch[key] !== type[key],
    );
    if (changed) store.write(() => store.blockTypes.update(id, patch, now()));
    return c.body(null, 204);
  });

  app.delete("/:id", (c) => {
    const id = uuidParam(c);
    const type = store.blockTypes.read(id);
    if (type === undefined) throw notFound(BLOCK_TYPE_NOT_FOUND);
    if (type.is_protected) throw forbidden("protected block types cannot be deleted.");
    store.write(() => store.blockTypes.delete(id));
    return c.body(null, 204);
  });

  return app;
}
