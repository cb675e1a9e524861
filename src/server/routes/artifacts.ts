// Artifact routes, as Prefect's /artifacts: create, read, update and delete by id, the latest artifact of a key,
// filter and count over artifacts and over the latest artifact of each key.
import { Hono } from "hono";
import {
  ArtifactCollectionCountRequest,
  ArtifactCollectionFilterRequest,
  ArtifactCountRequest,
  ArtifactCreate,
  ArtifactFilterRequest,
  ArtifactUpdate,
  PREFECT_API_DEFAULT_LIMIT,
} from "../../schemas/index.js";
import { notFound } from "../http/http-error.js";
import { checkLimit, parseBody, uuidParam } from "../http/request.js";
import type { RouteDeps } from "./deps.js";

const ARTIFACT_NOT_FOUND = "Artifact not found.";

/** Routes mounted at `/api/artifacts`. */
export function artifactRoutes({ store, now }: RouteDeps): Hono {
  const app = new Hono({ strict: false });

  app.post("/", async (c) => {
    const input = await parseBody(c, ArtifactCreate);
    return c.json(
      store.write(() => store.artifacts.create(input, now())),
      201,
    );
  });

  app.post("/filter", async (c) => {
    const query = await parseBody(c, ArtifactFilterRequest, true);
    checkLimit(query.limit, PREFECT_API_DEFAULT_LIMIT);
    return c.json(store.artifacts.filter(query));
  });

  app.post("/count", async (c) => {
    const query = await parseBody(c, ArtifactCountRequest, true);
    return c.json(store.artifacts.count(query));
  });

  app.post("/latest/filter", async (c) => {
    const query = await parseBody(c, ArtifactCollectionFilterRequest, true);
    checkLimit(query.limit, PREFECT_API_DEFAULT_LIMIT);
    return c.json(store.artifacts.filterLatest(query));
  });

  app.post("/latest/count", async (c) => {
    const query = await parseBody(c, ArtifactCollectionCountRequest, true);
    return c.json(store.artifacts.countLatest(query));
  });

  app.get("/:key/latest", (c) => {
    const latest = store.artifacts.readLatest(c.req.param("key"));
    if (latest === undefined) throw notFound(ARTIFACT_NOT_FOUND);
    // Prefect answers with the key's collection row in the Artifact shape: its id is the collection's and there is no
    // latest_id (/artifacts/latest/filter has it), so the same here.
    const { latest_id: _latestId, ...artifact } = latest;
    return c.json(artifact);
  });

  app.get("/:id", (c) => {
    const artifact = store.artifacts.read(uuidParam(c));
    if (artifact === undefined) throw notFound(ARTIFACT_NOT_FOUND);
    return c.json(artifact);
  });

  app.patch("/:id", async (c) => {
    const id = uuidParam(c);
    const patch = await parseBody(c, ArtifactUpdate);
    if (!store.write(() => store.artifacts.update(id, patch, now()))) throw notFound(ARTIFACT_NOT_FOUND);
    return c.body(null, 204);
  });

  app.delete("/:id", (c) => {
    const id = uuidParam(c);
    if (!store.write(() => store.artifacts.delete(id))) throw notFound(ARTIFACT_NOT_FOUND);
    return c.body(null, 204);
  });

  return app;
}
