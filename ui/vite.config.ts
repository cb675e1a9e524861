// Vite build of the dashboard (ui/ -> dist/ui): React, relative asset URLs (the server adds a <base> of
// PREFECT_UI_SERVE_BASE), and the package's own client from src/ with its Node-only imports swapped for the browser's.
import { fileURLToPath } from "node:url";
import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

const here = (path: string): string => fileURLToPath(new URL(path, import.meta.url));

export default defineConfig({
  root: here("./"),
  base: "./",
  plugins: [react()],
  resolve: {
    alias: [
      { find: /^prefect-ts\/client$/, replacement: here("../src/client/index.ts") },
      // The client's event subscriber imports `ws`; the dashboard never subscribes, and browsers have WebSocket.
      { find: /^ws$/, replacement: here("./src/shims/ws.ts") },
    ],
  },
  build: {
    outDir: here("../dist/ui"),
    emptyOutDir: true,
    target: "es2022",
    chunkSizeWarningLimit: 600,
  },
});
