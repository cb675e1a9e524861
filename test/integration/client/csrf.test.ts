// The client against a server with CSRF protection on (PREFECT_SERVER_CSRF_PROTECTION_ENABLED): its writes fetch a
// token after the first refusal and carry it from then on; a token the server finds expired is fetched again; a server without
// protection sees no token request at all.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PrefectClient } from "../../../src/client/index.js";
import { openStore, type RunningServer, startServer } from "../../../src/server/index.js";

/** A fetch that records each request's method and path before passing it on. */
function recording(): { fetch: typeof globalThis.fetch; seen: string[] } {
  const seen: string[] = [];
  const fetchFn = (async (input: string | URL | Request, init?: RequestInit) => {
    const request = input instanceof Request ? input : new Request(input, init);
    seen.push(`${request.method} ${new URL(request.url).pathname}`);
    return fetch(request);
  }) as typeof globalThis.fetch;
  return { fetch: fetchFn, seen };
}

describe("client CSRF support", () => {
  let dir: string;
  let protectedServer: RunningServer;
  let openServer: RunningServer;
  // The server's clock starts at the client's: the client judges expiry by its own clock, as Prefect's does.
  const clock = { now: new Date() };
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "prefect-ts-client-csrf-"));
    protectedServer = await startServer({
      port: 0,
      store: openStore(join(dir, "protected.db")),
      authString: "admin:secret",
      now: () => clock.now,
      csrf: { enabled: true, tokenExpirationSeconds: 60 },
    });
    openServer = await startServer({ port: 0, store: openStore(join(dir, "open.db")) });
  });
  afterAll(async () => {
    await protectedServer.close();
    await openServer.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("fetches a token after the first refusal and sends it on every write", async () => {
    const { fetch, seen } = recording();
    const client = new PrefectClient({ apiUrl: protectedServer.apiUrl, authString: "admin:secret", fetch });
    const flow = await client.createFlow("etl");
    expect(flow.name).toBe("etl");
    await client.createFlow("etl-2");
    expect((await client.readFlow(flow.id)).name).toBe("etl");
    expect(seen).toEqual([
      "POST /api/flows/",
      "GET /api/csrf-token",
      "POST /api/flows/",
      "POST /api/flows/",
      `GET /api/flows/${flow.id}`,
    ]);
  });

  it("fetches a new token when the server refuses an expired one", async () => {
    const { fetch, seen } = recording();
    const client = new PrefectClient({ apiUrl: protectedServer.apiUrl, authString: "admin:secret", fetch });
    await client.createFlow("before-expiry");
    clock.now = new Date(clock.now.getTime() + 120_000);
    await client.createFlow("after-expiry");
    expect(seen.filter((s) => s === "GET /api/csrf-token")).toHaveLength(2);
  });

  it("asks a server without protection for no token", async () => {
    const { fetch, seen } = recording();
    const client = new PrefectClient({ apiUrl: openServer.apiUrl, fetch });
    await client.createFlow("etl");
    await client.createFlow("etl-2");
    expect(seen).toEqual(["POST /api/flows/", "POST /api/flows/"]);
  });
});
