// Server-level routes: health and readiness probes, versions, the default result storage and hello. The CSRF
// token endpoint lives with the CSRF middleware (http/csrf.ts).
import { Hono } from "hono";
import { ServerDefaultResultStorageUpdate, type ServerDefaultResultStorage } from "../../schemas/index.js";
import { PREFECT_API_VERSION, PREFECT_VERSION } from "../../schemas/plain.js";
import { settingsTree } from "../../settings/index.js";
import { notFound, unprocessable } from "../http/http-error.js";
import { parseBody } from "../http/request.js";
import { ConfigurationTable } from "../store/configuration.js";
import type { RouteDeps } from "./deps.js";

/** Prefect's configuration key of the server default result storage. */
const STORAGE_KEY = "server-default-result-storage";

/** The Prefect server version this API implements; Prefect clients compare its major version with theirs. */
export const SERVER_VERSION = PREFECT_VERSION;
/** Prefect's REST API version (`GET /version`). */
export const API_VERSION = PREFECT_API_VERSION;

/** Routes mounted at `/api`: `/health`, `/ready`, `/version`, `/admin/version`, `/admin/settings`, `/admin/storage`, `/hello`. */
export function rootRoutes(deps: RouteDeps): Hono {
  const app = new Hono({ strict: false });
  app.get("/health", (c) => c.json(true));
  app.get("/ready", (c) =>
    deps.store.open ? c.json({ message: "OK" }) : c.json({ message: "Database is not available" }, 503),
  );
  app.get("/version", (c) => c.json(API_VERSION));
  app.get("/admin/version", (c) => c.json(SERVER_VERSION));
  // The host's settings in Prefect's nested shape, secrets obfuscated as Prefect does (the dashboard's Settings page).
  app.get("/admin/settings", (c) => c.json(deps.settings === undefined ? {} : settingsTree(deps.settings)));
  // Prefect's server default result storage: a block document id, unset (null) until configured; Prefect's
  // Python client reads it when its flows start. Prefect clears it when its block document is deleted: a
  // deleted document reads as unset here.
  const configuration = new ConfigurationTable(deps.store.conn);
  const readStorage = (): ServerDefaultResultStorage => {
    const id = configuration.read<ServerDefaultResultStorage>(STORAGE_KEY)?.default_result_storage_block_id ?? null;
    return { default_result_storage_block_id: id !== null && deps.store.blockDocuments.read(id, false) ? id : null };
  };
  app.get("/admin/storage", (c) => c.json(readStorage()));
  app.put("/admin/storage", async (c) => {
    const { default_result_storage_block_id: id } = await parseBody(c, ServerDefaultResultStorageUpdate);
    const document = deps.store.blockDocuments.read(id, false);
    if (document === undefined) throw notFound(`Block document ${id} not found.`);
    if (!deps.store.blockSchemas.read(document.block_schema_id)?.capabilities.includes("write-path")) {
      throw unprocessable(
        `Block document ${id} cannot be used for result storage: its block schema lacks the "write-path" capability. ` +
          `Use a file-system block document (e.g. of type "local-file-system").`,
      );
    }
    configuration.write(STORAGE_KEY, { default_result_storage_block_id: id }, deps.now());
    return c.json(readStorage());
  });
  app.delete("/admin/storage", (c) => {
    configuration.delete(STORAGE_KEY);
    return c.body(null, 204);
  });
  app.get("/hello", (c) => c.json("👋"));
  return app;
}
