// Server security over both transports: exactly GET /api/health and /api/ready skip Basic auth (every other
// route of the app, and lookalike paths, answer 401), JSON bodies need a JSON content type (415 otherwise),
// and a deeply nested body is a 422 with a JSON explanation on every write route, never a 500.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp, openStore, startServer } from "../../../src/server/index.js";
import { MAX_JSON_DEPTH } from "../../../src/server/http/request.js";
import { type Harness, startHarness, TRANSPORTS } from "./harness.js";

const UUID = "00000000-0000-4000-8000-000000000000";

/** Every route the app registers, as `[method, path]` with its parameters filled in. */
function appRoutes(): Array<[string, string]> {
  const app = createApp({ store: openStore(":memory:") });
  const seen = new Set<string>();
  const routes: Array<[string, string]> = [];
  for (const route of app.routes) {
    if (route.method === "ALL" || route.path.includes("*")) continue;
    const path = route.path.replace(/:[a-z_]*id\b/gi, UUID).replace(/:[a-z_]+/gi, "x");
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

/** A document nesting `depth` arrays (or objects) around `inner`. */
function nested(depth: number, kind: "array" | "object", inner = "1"): string {
  return kind === "array" ? "[".repeat(depth) + inner + "]".repeat(depth) : '{"a":'.repeat(depth) + inner + "}".repeat(depth);
}

describe.each(TRANSPORTS)("deeply nested bodies (%s)", (transport) => {
  let dir: string;
  let call: (method: string, path: string, body: string) => Promise<{ status: number; text: string }>;
  let stop: () => Promise<void>;
  const logged: unknown[] = [];
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "prefect-ts-deep-"));
    const store = openStore(join(dir, "prefect.db"));
    const logError = (error: unknown) => void logged.push(error);
    let fetcher: (request: Request) => Promise<Response>;
    let base = "http://in-process";
    if (transport === "in-process") {
      const app = createApp({ store, logError });
      fetcher = async (request) => app.fetch(request);
      stop = async () => store.close();
    } else {
      // startServer has no logError option: its 5xx go to console.error, which this suite would see as 5xx answers.
      const server = await startServer({ port: 0, store });
      base = server.url;
      fetcher = (request) => fetch(request);
      stop = async () => {
        await server.close();
        store.close();
      };
    }
    call = async (method, path, body) => {
      const response = await fetcher(new Request(base + path, { method, body, headers: { "content-type": "application/json" } }));
      return { status: response.status, text: await response.text() };
    };
  });
  afterAll(async () => {
    await stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it("answers 4xx with a JSON explanation on every write route, 422 wherever the body is read", async () => {
    const writes = appRoutes().filter(([method]) => method === "POST" || method === "PUT" || method === "PATCH");
    const wrong: string[] = [];
    const refused = new Set<string>();
    for (const [method, path] of writes) {
      for (const body of [nested(5000, "array"), nested(5000, "object"), `{"name":"x","parameters":${nested(5000, "object")}}`]) {
        const answer = await call(method, path, body);
        const parsed: unknown = answer.text === "" ? undefined : JSON.parse(answer.text);
        if (answer.status < 400 || answer.status >= 500 || typeof parsed !== "object" || parsed === null) {
          wrong.push(`${method} ${path} -> ${answer.status} ${answer.text.slice(0, 80)}`);
        } else if (answer.status === 422 && answer.text.includes(`more than ${MAX_JSON_DEPTH} levels deep`)) {
          refused.add(`${method} ${path}`);
        }
      }
    }
    expect(wrong).toEqual([]);
    expect(refused.size).toBeGreaterThanOrEqual(18);
    expect(logged).toEqual([]);
  });

  it("answers below 500 on every write route for a body nested to the limit", async () => {
    const writes = appRoutes().filter(([method]) => method === "POST" || method === "PUT" || method === "PATCH");
    const wrong: string[] = [];
    for (const [method, path] of writes) {
      for (const body of [nested(MAX_JSON_DEPTH, "array"), `{"name":"deep","parameters":${nested(MAX_JSON_DEPTH - 2, "object")}}`]) {
        const answer = await call(method, path, body);
        if (answer.status >= 500 || (answer.text !== "" && typeof JSON.parse(answer.text) === "undefined")) {
          wrong.push(`${method} ${path} -> ${answer.status} ${answer.text.slice(0, 80)}`);
        }
      }
    }
    expect(wrong).toEqual([]);
    expect(logged).toEqual([]);
  });
});
