// Block document routes (/api/block_documents): create, filter, count, read by id (secrets hidden unless
// include_secrets), update (merging data, keeping secrets sent back obfuscated), delete.
import { Hono } from "hono";
import {
  BlockDocumentCountRequest,
  BlockDocumentCreate,
  BlockDocumentFilterRequest,
  BlockDocumentUpdate,
  PREFECT_API_DEFAULT_LIMIT,
} from "../../schemas/index.js";
import { installSystemBlockTypes } from "../blocks/system-block-registration.js";
import { conflict, notFound } from "../http/http-error.js";
import { checkLimit, parseBody, uuidParam } from "../http/request.js";
import type { RouteDeps } from "./deps.js";
import { includeSecretsQuery, isUniqueViolation } from "./block-request.js";

const BLOCK_DOCUMENT_NOT_FOUND = "Block document not found";

/** Routes mounted at `/api/block_documents`. */
export function blockDocumentRoutes({ store, now }: RouteDeps): Hono {
  const app = new Hono({ strict: false });
  app.use("*", async (_c, next) => {
    installSystemBlockTypes(store, now());
    await next();
  });

  app.post("/", async (c) => {
    const input = await parseBody(c, BlockDocumentCreate);
    // An unknown schema or type fails its foreign key: Prefect's integrity answer, 409.
    try {
      return c.json(
        store.write(() => store.blockDocuments.create(input, now())),
        201,
      );
    } catch (error) {
      if (isUniqueViolation(error)) throw conflict("Block already exists");
      throw error;
    }
  });

  app.post("/filter", async (c) => {
    const query = await parseBody(c, BlockDocumentFilterRequest, true);
    checkLimit(query.limit, PREFECT_API_DEFAULT_LIMIT);
    return c.json(store.blockDocuments.filter(query));
  });

  app.post("/count", async (c) => {
    const query = await parseBody(c, BlockDocumentCountRequest, true);
    return c.json(store.blockDocuments.count(query));
  });

  app.get("/:id", (c) => {
    const document = store.blockDocuments.read(uuidParam(c), includeSecretsQuery(c));
    if (document === undefined) throw notFound(BLOCK_DOCUMENT_NOT_FOUND);
    return c.json(document);
  });

  app.patch("/:id", async (c) => {
    const id = uuidParam(c);
    const patch = await parseBody(c, BlockDocumentUpdate);
    if (patch.block_schema_id != null && store.blockSchemas.read(patch.block_schema_id) === undefined) {
      throw notFound("Block schema not found");
    }
    if (!store.write(() => store.blockDocuments.update(id, patch, now()))) throw notFound(BLOCK_DOCUMENT_NOT_FOUND);
    return c.body(null, 204);
  });

  app.delete("/:id", (c) => {
    const id = uuidParam(c);
    if (!store.write(() => store.blockDocuments.delete(id))) throw notFound(BLOCK_DOCUMENT_NOT_FOUND);
    return c.body(null, 204);
  });

  return app;
}
