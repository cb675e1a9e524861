// Prefect Cloud-style API URLs (`/api/accounts/{a}/workspaces/{w}`) with PREFECT_API_KEY: a local server mounts our
// app under that prefix behind a Bearer check, and the client (built directly and by getClient) sends every request,
// HTTP and websocket, under the prefix with the key.
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { randomUUID } from "node:crypto";
import { serve } from "@hono/node-server";
import { Hono } from "hono";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PrefectClient, type ReceivedEvent } from "../../../src/client/index.js";
import { getClient } from "../../../src/connect.js";
import { createApp, openStore, type Store } from "../../../src/server/index.js";
import { attachWebSockets, type WebSockets } from "../../../src/server/http/websockets.js";
import { resolveSettings } from "../../../src/settings/index.js";
import { waitFor } from "../../../src/testing/index.js";

const PREFIX = "/api/accounts/0a1b2c3d-aaaa-4bbb-8ccc-000000000001/workspaces/0a1b2c3d-aaaa-4bbb-8ccc-000000000002";
const KEY = "pnu_cloudstylekey";

describe("Cloud-style API URL with an API key", () => {
  let dir: string;
  let store: Store;
  let server: Server;
  let sockets: WebSockets;
  let apiUrl: string;
  const seen: { path: string; auth: string | undefined }[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "prefect-ts-cloud-"));
    store = openStore(join(dir, "prefect.db"));
    const app = createApp({ store });
    // Prefect Cloud's shape: the workspace API under the account/workspace prefix, a Bearer key required.
    const cloud = new Hono();
    cloud.all(`${PREFIX}/*`, (c) => {
      const url = new URL(c.req.url);
      seen.push({ path: url.pathname, auth: c.req.header("authorization") });
      if (c.req.header("authorization") !== `Bearer ${KEY}`) return c.json({ detail: "Unauthorized" }, 401);
      url.pathname = "/api" + url.pathname.slice(PREFIX.length);
      return app.fetch(new Request(url, c.req.raw));
    });
    cloud.all("*", (c) => {
      seen.push({ path: new URL(c.req.url).pathname, auth: c.req.header("authorization") });
      return c.json({ detail: "Not Found" }, 404);
    });
    server = await new Promise<Server>((resolve) => {
      const s = serve({ fetch: cloud.fetch, port: 0, hostname: "127.0.0.1" }, () => resolve(s as Server)) as Server;
    });
    // Websocket auth is the key in the auth message, as Prefect Cloud takes it.
    sockets = attachWebSockets(server, { store, authString: KEY, now: () => new Date(), basePath: PREFIX });
    apiUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}${PREFIX}`;
  });

  afterAll(async () => {
    sockets.close();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeAllConnections();
    store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("a PrefectClient sends every request under the prefix, with the key", async () => {
    const client = new PrefectClient({ apiUrl, apiKey: KEY });
    const flow = await client.createFlow("cloud-flow");
    const run = await client.createFlowRun({ flowId: flow.id });
    await client.setFlowRunState(run.id, { type: "RUNNING" });
    expect((await client.readFlowRuns({ flowFilter: { id: { any_: [flow.id] } } })).map((r) => r.state?.type)).toEqual([
      "RUNNING",
    ]);
    expect(await client.readServerVersion()).toBe("3.8.3");
    expect(seen.length).toBeGreaterThanOrEqual(5);
    for (const request of seen) {
      expect(request.path.startsWith(`${PREFIX}/`)).toBe(true);
      expect(request.auth).toBe(`Bearer ${KEY}`);
    }
  });

  it("subscribes to events over the websocket under the prefix, authenticating with the key", async () => {
    const client = new PrefectClient({ apiUrl, apiKey: KEY });
    const got: ReceivedEvent[] = [];
    const resource = `cloud.${randomUUID()}`;
    const sub = client.subscribeEvents({ resource: { id: [resource] } }, (e) => got.push(e));
    try {
      await sub.ready;
      await waitFor(async () => {
        await client.createEvents([
          {
            id: randomUUID(),
            occurred: new Date(),
            event: "cloud.hello",
            resource: { "prefect.resource.id": resource },
          },
        ]);
        return got.length > 0;
      });
      expect(got[0]!.event).toBe("cloud.hello");
    } finally {
      sub.close();
    }
  });

  it("getClient() with PREFECT_API_URL and PREFECT_API_KEY does the same", async () => {
    seen.length = 0;
    const settings = resolveSettings({ env: { PREFECT_API_URL: apiUrl, PREFECT_API_KEY: KEY, PREFECT_HOME: dir } });
    const client = getClient({ settings });
    expect(await client.hello()).toBe("👋");
    await waitFor(() => seen.some((r) => r.path === `${PREFIX}/admin/version`));
    expect(seen.every((r) => r.path.startsWith(`${PREFIX}/`) && r.auth === `Bearer ${KEY}`)).toBe(true);
  });
});
