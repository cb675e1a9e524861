// Serving the dashboard: the built single-page app (dist/ui, made by `npm run build:ui`) under PREFECT_UI_SERVE_BASE,
// with `/ui-settings` as Prefect's server has it and index.html for every other non-API path (client-side routes).
// The app's code lives in ui/; the server only serves its files and never imports it.
import { existsSync, readFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { extname, join, normalize, sep } from "node:path";
import type { MiddlewareHandler } from "hono";
import { packagePath } from "../../settings/index.js";

/** How the dashboard is served (PREFECT_UI_* settings). */
export interface UiServeOptions {
  /** The API URL the browser calls (PREFECT_UI_API_URL); `undefined`: this server's own `/api`, same origin. */
  apiUrl?: string;
  /** The path the dashboard lives under (PREFECT_UI_SERVE_BASE). @default "/" */
  serveBase?: string;
  /** The built files. @default the package's dist/ui */
  dir?: string;
  /** Whether the API requires an auth string, so the dashboard asks for it (`/ui-settings` says `"auth": "BASIC"`). */
  auth?: boolean;
  /** Whether CSRF protection is on (`/ui-settings` says `"csrf_enabled": true`). */
  csrf?: boolean;
}

const TYPES: Readonly<Record<string, string>> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".json": "application/json",
  ".woff2": "font/woff2",
  ".map": "application/json",
};

/** The package's built dashboard, dist/ui (from src/ too: the dashboard is always the built one). */
export function defaultUiDir(): string {
  return packagePath("dist", "ui");
}

/** `"/prefect"`, `"prefect/"` -> `"/prefect/"`; `"/"` stays. */
function normalizeBase(base: string | undefined): string {
  const trimmed = (base ?? "/").replace(/^\/+|\/+$/g, "");
  return trimmed === "" ? "/" : `/${trimmed}/`;
}

/** The decoded path of a URL (as sent when it does not decode). */
function pathnameOf(url: string): string {
  const raw = new URL(url).pathname;
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}

const NOT_BUILT =
  "The dashboard is not built: run `npm run build:ui` in the prefect-ts checkout (a published package ships it built), " +
  "or set PREFECT_UI_ENABLED=false to silence this page.";

/**
 * Middleware serving the dashboard for GET/HEAD requests outside `/api`: static files of `dir` under `serveBase`,
 * `ui-settings` (Prefect's `{api_url, csrf_enabled, auth, flags}`), and index.html, with a `<base href>` of the serve
 * base, for any other path (client-side routing). Everything else goes on to the API.
 */
export function serveUi(options: UiServeOptions = {}): MiddlewareHandler {
  const base = normalizeBase(options.serveBase);
  const dir = options.dir ?? defaultUiDir();
  const apiUrl = options.apiUrl ?? `${base === "/" ? "" : base.slice(0, -1)}/api`;
  const settingsBody = JSON.stringify({
    api_url: apiUrl,
    csrf_enabled: options.csrf === true,
    auth: options.auth ? "BASIC" : null,
    flags: [],
  });
  // Read per page load (a small file): a rebuild of the dashboard renames its assets, and the page must name the new ones.
  const readIndex = (): string | undefined => {
    const file = join(dir, "index.html");
    if (!existsSync(file)) return undefined;
    // Built with relative asset URLs; the base element makes them resolve from the serve base on nested routes.
    // The settings ride along (as `ui-settings` answers them), which saves the page a round trip before its first query.
    const inline = `<script id="prefect-ui-settings" type="application/json">${settingsBody.replace(/</g, "\\u003c")}</script>`;
    return readFileSync(file, "utf8").replace("<head>", `<head>\n    <base href="${base}" />\n    ${inline}`);
  };

  return async (c, next) => {
    const method = c.req.method;
    // Not `c.req.path`: the app is non-strict, which drops the trailing slash that tells "/base/" from "/base".
    const path = pathnameOf(c.req.url);
    if ((method !== "GET" && method !== "HEAD") || path === "/api" || path.startsWith("/api/")) return next();
    if (`${path}/` === base) return c.redirect(base, 308);
    if (!path.startsWith(base)) return next();
    const rest = path.slice(base.length);
    if (rest === "ui-settings") return c.body(settingsBody, 200, { "content-type": "application/json" });

    if (rest !== "" && extname(rest) !== "") {
      const file = normalize(join(dir, rest));
      if (!file.startsWith(dir.endsWith(sep) ? dir : dir + sep)) return next();
      try {
        const body = await readFile(file);
        // Vite names assets by content hash, so they never change under the same name.
        const cache = rest.startsWith("assets/") ? "public, max-age=31536000, immutable" : "no-cache";
        return c.body(body, 200, {
          "content-type": TYPES[extname(file)] ?? "application/octet-stream",
          "cache-control": cache,
        });
      } catch {
        return rest.startsWith("assets/") ? c.json({ detail: "Not Found" }, 404) : next();
      }
    }
    const html = readIndex();
    if (html === undefined) return c.text(NOT_BUILT, 404);
    return c.html(html, 200, { "cache-control": "no-cache" });
  };
}
