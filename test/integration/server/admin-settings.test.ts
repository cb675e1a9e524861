// GET /api/admin/settings in-process and over loopback: the host's settings in Prefect's nested shape with secrets
// obfuscated, through the client's readServerSettings(); `{}` from a server given no settings.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { PrefectClient } from "../../../src/client/index.js";
import { createApp, openStore, startServer } from "../../../src/server/index.js";
import { resolveSettings } from "../../../src/settings/index.js";

const home = mkdtempSync(join(tmpdir(), "prefect-ts-admin-settings-"));
afterAll(() => rmSync(home, { recursive: true, force: true }));
const settings = resolveSettings({
  env: { PREFECT_HOME: home, PREFECT_API_KEY: "pnu_secret", PREFECT_LOGGING_LEVEL: "DEBUG" },
});

describe("GET /api/admin/settings", () => {
  it("answers the host's settings in-process, nested, with the API key masked", async () => {
    const store = openStore(":memory:");
    try {
      const app = createApp({ store, settings });
      const res = await app.fetch(new Request("http://local/api/admin/settings"));
      expect(res.status).toBe(200);
      const body = await res.json();
      expect(body).toMatchObject({ home, logging: { level: "DEBUG" }, api: { key: "********" } });
      expect(JSON.stringify(body)).not.toContain("pnu_secret");
      const bare = await createApp({ store }).fetch(new Request("http://local/api/admin/settings"));
      expect(await bare.json()).toEqual({});
    } finally {
      store.close();
    }
  });

  it("answers them over loopback through the client", async () => {
    const server = await startServer({
      host: "127.0.0.1",
      port: 0,
      dbPath: join(home, "prefect.db"),
      services: false,
      settings,
    });
    try {
      const client = new PrefectClient({ apiUrl: server.apiUrl });
      const read = await client.readServerSettings();
      expect(read).toMatchObject({
        home,
        server: { api: { port: settings.PREFECT_SERVER_API_PORT } },
        api: { key: "********" },
      });
    } finally {
      await server.close();
    }
  });
});
