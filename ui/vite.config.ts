// Vite build of the dashboard (ui/ -> dist/ui): React, relative asset URLs (the server adds a <base> of
// PREFECT_UI_SERVE_BASE), and the package's own client from src/ with its Node-only imports swapped for the browser's.
import { fileURLToPath } from "node:url";
import react from "@vitejs/plugin-react";
import { defineConfig, type Plugin } from "vite";

const here = (path: string): string => fileURLToPath(new URL(path, import.meta.url));

/** Fails the build when a Node built-in reaches the bundle (Vite would only warn, and the page would break). */
function noNodeBuiltins(): Plugin {
  return {
    name: "prefect-ts:no-node-builtins",
    enforce: "pre",
    resolveId(source, importer) {
      if (
        source.startsWith("node:") ||
        ["fs", "path", "os", "crypto", "child_process", "net", "http", "https", "stream", "util"].includes(source)
      ) {
        throw new Error(
          `${importer ?? "?"} imports the Node built-in "${source}", which browsers lack: give it a shim in ui/src/shims/ and an alias in ui/vite.config.ts, or keep it out of the client's browser path.`,
        );
      }
      return null;
    },
  };
}

export default defineConfig({
  root: here("./"),
  base: "./",
  plugins: [react(), noNodeBuiltins()],
  resolve: {
    alias: [
      { find: /^prefect-ts\/client$/, replacement: here("../src/client/index.ts") },
      // The client's event subscriber imports `ws` (its WHATWG API); the dashboard's live updates use the browser's own.
      { find: /^ws$/, replacement: here("./src/shims/ws.ts") },
      { find: /^node:crypto$/, replacement: here("./src/shims/node-crypto.ts") },
      // The schedule form's preview loads src/schedules, whose cron-parser index also exports its crontab-file reader
      // (node:fs; the package's `browser` field drops it, but the check above runs first). Its expression parser is
      // all the maths uses.
      { find: /^cron-parser$/, replacement: here("../node_modules/cron-parser/dist/CronExpressionParser.js") },
    ],
  },
  build: {
    outDir: here("../dist/ui"),
    emptyOutDir: true,
    target: "es2022",
    chunkSizeWarningLimit: 600,
    rolldownOptions: {
      // src/schedules/rrule-parse.ts reads rrule's `default` for Node (which loads rrule's CommonJS main) and falls
      // back to the named exports a bundler sees; the bundler's note that `default` is undefined here is that case.
      onLog(level, log, handler) {
        if (log.code === "IMPORT_IS_UNDEFINED" && log.id?.endsWith("rrule-parse.ts")) return;
        handler(level, log);
      },
      output: {
        // The client loads its resource code and ky with dynamic imports (a quicker start for Node processes); in the
        // browser that is a waterfall of round trips before the first request. One chunk, loaded up front, holds it all.
        codeSplitting: {
          groups: [
            {
              name: "api-client",
              test: /[\\/](src[\\/](client|schemas)|src[\\/]errors\.ts|node_modules[\\/](ky|zod))/,
            },
          ],
        },
      },
    },
  },
});
