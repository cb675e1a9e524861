// Route groups mounted on their first request instead of at start: a group's module, and what only it imports, loads
// then, so the embedded server behind a flow call never loads the deployment, work pool, block or variable routes.
// The group is its own Hono app, given the same request, bindings and error handling: it answers as if it had been
// mounted with `app.route`.
import { type Context, type ErrorHandler, Hono, type NotFoundHandler } from "hono";
import { TrieRouter } from "hono/router/trie-router";

/** How a lazily mounted group answers what its own routes do not: as the app it is mounted on. */
export interface LazyRoutesOptions {
  readonly notFound: NotFoundHandler;
  readonly onError: ErrorHandler;
}

/**
 * Mounts on `app` the routes `load()` resolves to, under `path` (the full path, e.g. `/api/deployments`), loading them
 * with the first request under `path`. Concurrent first requests share one load; a failed load fails the requests that
 * waited for it (a 500, through the app's error handler) and the next request tries again.
 */
export function mountLazily(app: Hono, path: string, load: () => Promise<Hono>, options: LazyRoutesOptions): void {
  let group: Promise<Hono> | undefined;
  const loaded = (): Promise<Hono> => {
    group ??= load().then(
      (routes) => {
        // TrieRouter, as the app's own (app.ts); strict: false, as every route module's.
        const mounted = new Hono({ strict: false, router: new TrieRouter() });
        mounted.route(path, routes);
        mounted.notFound(options.notFound);
        mounted.onError(options.onError);
        return mounted;
      },
      (error: unknown) => {
        group = undefined;
        throw error;
      },
    );
    return group;
  };
  // `${path}/*` matches `path` itself too. The same Request goes on: its body is unread, and the error handler's
  // record of what it logged is keyed by it.
  app.all(`${path}/*`, async (c: Context) => (await loaded()).fetch(c.req.raw, c.env));
}
