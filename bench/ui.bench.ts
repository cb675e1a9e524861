// The dashboard's speed in Chromium on loopback, with 10,000 flow runs stored: first load of the runs page (navigation
// to the first row rendered), unfiltered and filtered, a state change visible in the open page after it is stored,
// and the gzipped size of the first page's assets. Needs the built dashboard (npm run build) and Debian's chromium.
import { cpSync, readFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { PrefectClient } from "../src/client/index.js";
import { startServer } from "../src/server/index.js";
import { launchChromium } from "../test/helpers/chromium.js";
import { figure, type Figure } from "./figure.js";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const RUNS = 10_000;
const LOADS = 7;
const CHANGES = 7;

// In-page scripts, as source text (the page has the DOM; tsx's helpers would not reach the page in a function).
/** Records performance.now() (ms since navigation start) when the first table row enters the DOM. */
const FIRST_ROW_OBSERVER = `
  const seen = new MutationObserver(() => {
    if (!document.querySelector("table tbody tr")) return;
    window.firstRowAt = performance.now();
    seen.disconnect();
  });
  seen.observe(document, { childList: true, subtree: true });
`;

/** Records Date.now() when run `id`'s row shows state `type`. */
function stateObserver(id: string, type: string): string {
  return `{
    delete window.changedAt;
    const seen = new MutationObserver(() => {
      if (!document.querySelector('tr[data-run-id="${id}"] [data-state-type="${type}"]')) return;
      window.changedAt = Date.now();
      seen.disconnect();
    });
    seen.observe(document, { childList: true, subtree: true, attributes: true, characterData: true });
  }`;
}

/** Gzipped bytes of index.html and every asset it loads up front (lazy chunks excluded). */
function firstPageBytes(): number {
  const dir = join(root, "dist", "ui");
  const html = readFileSync(join(dir, "index.html"));
  const assets = [...html.toString().matchAll(/(?:src|href)="\.\/(assets\/[^"]+)"/g)].map((m) => m[1] as string);
  return [html, ...assets.map((asset) => readFileSync(join(dir, asset)))].reduce(
    (sum, body) => sum + gzipSync(body).length,
    0,
  );
}

export async function run(): Promise<Figure[]> {
  const home = await mkdtemp(join(tmpdir(), "prefect-ts-bench-ui-"));
  // A copy of the built files: a `npm run build` elsewhere during the run must not swap them under the server.
  cpSync(join(root, "dist", "ui"), join(home, "ui"), { recursive: true });
  const server = await startServer({ port: 0, dbPath: join(home, "prefect.db"), ui: { dir: join(home, "ui") } });
  const client = new PrefectClient({ apiUrl: server.apiUrl });
  const browser = await launchChromium();
  try {
    const flow = await client.createFlow("bench-ui");
    for (let i = 0; i < RUNS; i += 100) {
      await Promise.all(
        Array.from({ length: Math.min(100, RUNS - i) }, (_, j) =>
          client.createFlowRun({
            flowId: flow.id,
            name: `run-${i + j}`,
            state: { type: "COMPLETED" },
            tags: ["bench"],
          }),
        ),
      );
    }

    /**
     * Navigation to the first row of `path` in a fresh context (cold browser cache), `LOADS` times. Timed in the page:
     * from the navigation's start (performance.timeOrigin) to the first row's insertion, seen by a MutationObserver.
     * Playwright's own `waitFor` polls at up to 500 ms intervals, so timing it from here would add its polling delay.
     */
    const firstLoads = async (path: string): Promise<number[]> => {
      const loads: number[] = [];
      for (let i = 0; i <= LOADS; i++) {
        const context = await browser.newContext({ viewport: { width: 1280, height: 860 } });
        const page = await context.newPage();
        await page.addInitScript(FIRST_ROW_OBSERVER);
        await page.goto(`${server.url}${path}`);
        await page.locator("table tbody tr").first().waitFor();
        const at = (await page.evaluate("window.firstRowAt")) as number | undefined;
        if (at === undefined) throw new Error(`${path}: the first row was never seen by the page's observer`);
        // The first load warms the disk cache and SQLite's pages; it is not counted.
        if (i > 0) loads.push(at);
        await context.close();
      }
      return loads;
    };
    const loads = await firstLoads("/runs");
    // Filtered views sorted whole rows before the start-time indexes (100-200 ms a request at 10,000 runs).
    const filteredLoads = await firstLoads("/runs?state=COMPLETED&flow=bench-ui&range=all");

    // A state change: from just before the API call that stores it to the page's DOM showing it, both on this
    // machine's wall clock (the page records Date.now() in a MutationObserver, not through Playwright's polling).
    const changes: number[] = [];
    const page = await browser.newPage({ viewport: { width: 1280, height: 860 } });
    await page.goto(`${server.url}/runs`);
    for (let i = 0; i < CHANGES; i++) {
      const live = await client.createFlowRun({ flowId: flow.id, name: `live-${i}`, state: { type: "RUNNING" } });
      await page.locator(`tr[data-run-id="${live.id}"] [data-state-type="RUNNING"]`).waitFor();
      await page.evaluate(stateObserver(live.id, "COMPLETED"));
      const start = Date.now();
      await client.setFlowRunState(live.id, { type: "COMPLETED" });
      const handle = await page.waitForFunction("window.changedAt");
      changes.push(((await handle.jsonValue()) as number) - start);
    }
    return [
      figure(
        "runs page first load, 10,000 runs (Chromium)",
        "ms",
        loads,
        "<= 1000",
        "navigation start to the first row in the DOM",
      ),
      figure(
        "runs page first load, filtered by state and flow",
        "ms",
        filteredLoads,
        "<= 1000",
        "?state=COMPLETED&flow=bench-ui",
      ),
      figure(
        "state change visible in the open runs page",
        "ms",
        changes,
        "<= 1000",
        "events websocket; polls as fallback",
      ),
      figure("first page assets, gzipped", "KB", [firstPageBytes() / 1024], "<= 400"),
    ];
  } finally {
    await browser.close();
    await server.close();
    await rm(home, { recursive: true, force: true });
  }
}
