// Server security over both transports: exactly GET /api/health and /api/ready skip Basic auth (every other
// route of the app, and lookalike paths, answer 401), JSON bodies need a JSON content type (415 otherwise),
// and a deeply nested body is a 422 with a JSON explanation on every write route, never a 500.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp, openStore } from "../../../src/server/index.js";
import { type Harness, startHarness, TRANSPORTS } from "./harness.js";

const UUID = "00000000-0000-4000-8000-000000000000";

/** Every route the app registers, as `[method, path]` with its parameters filled in. */
function appRoutes(): Array<[string, string]> {
  const app = createApp({ store: openStore(":memory:") });
  const seen = new Set<string>();
  const routes: Array<[string, string]> = [];
  for (const route of app.routes) {
    if (route.method === "ALL" || route.path.includes("*")) continue;
    const path = route.path.replace(/:id\b/g, UUID).replace(/:[a-z_]+/gi, "x");
    const key = `${route.method} ${path}`;
    if (seen.has(key)) continue;
    seen.add(key);
    routes.push([route.method, path]);
  }
  return routes;
}

describe.each(TRANSPORTS)("auth exemption (%s)", (transport) => {
  let h: Harness;
  const good = { authorization: `Basic ${Buffer.from("admin:secret").toString("base64")}` };
  beforeAll(async () => {
    h = await startHarness(transport, { authString: "admin:secret" });
    expect((await h.call("POST", "/api/flows/", { name: "etl" }, good)).status).toBe(201);
  });
  afterAll(async () => {
    await h.close();
  });

  it("answers 401 on every route without credentials but GET /api/health and GET /api/ready", async () => {
    const routes = appRoutes();
    expect(routes.length).toBeGreaterThan(50);
    const open: string[] = [];
    for (const [method, path] of routes) {
      const answer = await h.call(method, path, method === "GET" || method === "DELETE" ? undefined : {});
      if (answer.status !== 401) open.push(`${method} ${path} -> ${answer.status}`);
      else expect(answer.body).toEqual({ exception_message: "Unauthorized" });
    }
    expect(open).toEqual(["GET /api/health -> 200", "GET /api/ready -> 200"]);
  });

  it("answers 401 on lookalike probe paths", async () => {
    const lookalikes = [
      "/api/deployments/name/x/health",
      "/api/flows/name/health",
      "/api/flows/name/ready",
      "/api/flows/name/etl%2Fhealth",
      "/api/health/x",
      "/api/health/",
      "/api//health",
      "/api/ready/x",
      "/api/xhealth",
      "/health",
      "/api/health%2F",
      "/api/%2Fhealth",
      "/api/admin/..%2Fhealth",
      "/api/health;x",
      "/api/%68ealth",
      "/api/ready%2F",
    ];
    for (const path of lookalikes) {
      const answer = await h.call("GET", path);
      expect(answer.status, path).toBe(401);
    }
    for (const method of ["POST", "PUT", "PATCH", "DELETE", "HEAD"]) {
      expect((await h.call(method, "/api/health")).status, method).toBe(401);
    }
    expect(await h.call("GET", "/api/health?x=/api/flows/")).toMatchObject({ status: 200, body: true });
  });
});
