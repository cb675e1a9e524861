// serveUi(): the dashboard's files, index.html with the base and settings for client routes, ui-settings, the API
// left alone, no way out of the built folder, and a message saying how to build it when it is missing.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Hono } from "hono";
import { afterAll, describe, expect, it } from "vitest";
import { serveUi, type UiServeOptions } from "../../../src/server/http/ui-static.js";

const dir = mkdtempSync(join(tmpdir(), "prefect-ts-ui-static-"));
mkdirSync(join(dir, "assets"));
writeFileSync(join(dir, "index.html"), "<!doctype html><html><head><title>t</title></head><body></body></html>");
writeFileSync(join(dir, "assets", "app-1.js"), "console.log(1)");
const secret = join(dir, "..", `${dir.split("/").pop()}-secret.txt`);
writeFileSync(secret, "secret");
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
  rmSync(secret, { force: true });
});

function app(options: UiServeOptions = {}): Hono {
  const hono = new Hono({ strict: false });
  hono.use("*", serveUi({ dir, ...options }));
  hono.all("/api/*", (c) => c.json({ api: true }));
  hono.notFound((c) => c.json({ detail: "Not Found" }, 404));
  return hono;
}

const get = (hono: Hono, path: string, method = "GET") => hono.fetch(new Request(`http://local${path}`, { method }));

describe("serveUi", () => {
  it("answers client routes with index.html carrying the base and the inlined settings", async () => {
    const res = await get(app(), "/runs/flow-run/abc");
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('<base href="/" />');
    expect(html).toContain(
      '<script id="prefect-ui-settings" type="application/json">{"api_url":"/api","csrf_enabled":false,"auth":null,"flags":[]}</script>',
    );
  });

  it("serves assets with long caching and their type; a missing asset is a 404", async () => {
    const res = await get(app(), "/assets/app-1.js");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("text/javascript");
    expect(res.headers.get("cache-control")).toContain("immutable");
    expect((await get(app(), "/assets/app-2.js")).status).toBe(404);
  });

  it("leaves /api and non-GET requests to the API", async () => {
    expect(await (await get(app(), "/api/health")).json()).toEqual({ api: true });
    expect((await get(app(), "/runs", "POST")).status).toBe(404);
  });

  it("never serves a file outside the built folder", async () => {
    const res = await get(app(), `/..%2F${secret.split("/").pop()}`);
    expect(await res.text()).not.toContain("secret");
  });

  it("says the API needs an auth string, and the UI API URL when one is set", async () => {
    const settings = await (
      await get(app({ auth: true, apiUrl: "https://prefect.example.com/api" }), "/ui-settings")
    ).json();
    expect(settings).toEqual({
      api_url: "https://prefect.example.com/api",
      csrf_enabled: false,
      auth: "BASIC",
      flags: [],
    });
  });

  it("lives under the serve base: redirects the bare base, ignores paths outside it", async () => {
    const hono = app({ serveBase: "prefect/" });
    expect((await get(hono, "/prefect")).headers.get("location")).toBe("/prefect/");
    expect(await (await get(hono, "/prefect/runs")).text()).toContain('<base href="/prefect/" />');
    expect((await get(hono, "/runs")).status).toBe(404);
  });

  it("explains how to build the dashboard when it is not built", async () => {
    const hono = new Hono();
    hono.use("*", serveUi({ dir: join(dir, "nowhere") }));
    const res = await get(hono, "/");
    expect(res.status).toBe(404);
    expect(await res.text()).toContain("npm run build:ui");
  });
});
