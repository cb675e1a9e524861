// Route groups mounted on their first request answer as if mounted with `app.route`: parameters, trailing slashes,
// the app's 404 body and error handling, one load for concurrent first requests, and a failed load tried again.
import { Hono, type NotFoundHandler } from "hono";
import { describe, expect, it } from "vitest";
import { errorHandler, logServerErrors } from "../../../src/server/http/error-handler.js";
import { notFound } from "../../../src/server/http/http-error.js";
import { mountLazily } from "../../../src/server/http/lazy-routes.js";

function group(): Hono {
  const routes = new Hono({ strict: false });
  routes.get("/", (c) => c.json({ list: true }));
  routes.get("/:id", (c) => c.json({ id: c.req.param("id"), q: c.req.query("q") ?? null }));
  routes.post("/:id/echo", async (c) => c.json(await c.req.json()));
  routes.get("/:id/missing", () => {
    throw notFound("Thing not found");
  });
  routes.get("/:id/boom", () => {
    throw new Error("disk on fire");
  });
  return routes;
}

function lazyApp(load: () => Promise<Hono>): { app: Hono; logged: string[] } {
  const logged: string[] = [];
  const log = (error: unknown) => void logged.push((error as Error).message);
  const app = new Hono({ strict: false });
  app.use("*", logServerErrors(log));
  app.get("/api/health", (c) => c.json(true));
  const notFoundBody: NotFoundHandler = (c) => c.json({ detail: "Not Found" }, 404);
  mountLazily(app, "/api/things", load, { notFound: notFoundBody, onError: errorHandler(log) });
  app.notFound(notFoundBody);
  app.onError(errorHandler(log));
  return { app, logged };
}

describe("mountLazily", () => {
  it("answers the group's routes with their parameters, query and body, with or without a trailing slash", async () => {
    const { app } = lazyApp(async () => group());
    expect(await (await app.request("/api/things")).json()).toEqual({ list: true });
    expect(await (await app.request("/api/things/")).json()).toEqual({ list: true });
    expect(await (await app.request("/api/things/7?q=x")).json()).toEqual({ id: "7", q: "x" });
    expect(await (await app.request("/api/things/7/")).json()).toEqual({ id: "7", q: null });
    const echo = await app.request("/api/things/7/echo", { method: "POST", body: JSON.stringify({ a: 1 }) });
    expect(await echo.json()).toEqual({ a: 1 });
    expect((await app.request("/api/things/7", { method: "HEAD" })).status).toBe(200);
  });

  it("answers what the group lacks with the app's 404, and leaves other paths to the app", async () => {
    const { app } = lazyApp(async () => group());
    const missing = await app.request("/api/things/7/nothing/here");
    expect([missing.status, await missing.json()]).toEqual([404, { detail: "Not Found" }]);
    expect((await app.request("/api/things/7", { method: "DELETE" })).status).toBe(404);
    expect((await app.request("/api/thingsandmore")).status).toBe(404);
    expect(await (await app.request("/api/health")).json()).toBe(true);
  });

  it("answers the group's errors through the app's error handler, logging a 500 once", async () => {
    const { app, logged } = lazyApp(async () => group());
    const missing = await app.request("/api/things/7/missing");
    expect([missing.status, await missing.json()]).toEqual([404, { detail: "Thing not found" }]);
    const boom = await app.request("/api/things/7/boom");
    expect([boom.status, await boom.json()]).toEqual([500, { exception_message: "Internal Server Error" }]);
    expect(logged).toEqual(["disk on fire"]);
  });

  it("loads once for concurrent first requests, and not before the first", async () => {
    let loads = 0;
    const { app } = lazyApp(async () => {
      loads++;
      return group();
    });
    expect(loads).toBe(0);
    const answers = await Promise.all([1, 2, 3].map((n) => app.request(`/api/things/${n}`)));
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200]);
    expect(loads).toBe(1);
  });

  it("answers 500 when the load fails, and tries again with the next request", async () => {
    let attempt = 0;
    const { app, logged } = lazyApp(async () => {
      attempt++;
      if (attempt === 1) throw new Error("module not found");
      return group();
    });
    expect((await app.request("/api/things/1")).status).toBe(500);
    expect(logged).toEqual(["module not found"]);
    expect(await (await app.request("/api/things/1")).json()).toEqual({ id: "1", q: null });
  });
});
